"""``POST /hooks/<integration>``: JSON in, JSON out; authenticated by the integration's secret."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hotwash.core.errors import ImportFailed, ValidationError
from hotwash.web.hooks.services import INTEGRATIONS, hook_receive


def _secret(integration: str) -> str:
    return str(getattr(settings, "HOTWASH_HOOK_SECRETS", {}).get(integration, "") or "")


def signature_valid(header: str, body: bytes, secret: str) -> bool:
    """PagerDuty v3: ``X-PagerDuty-Signature: v1=<hex HMAC-SHA256 of the body>[,v1=<…>]`` (several while a
    secret is being rotated); any one matching is enough."""
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    for part in header.split(","):
        version, _, digest = part.strip().partition("=")
        if version == "v1" and hmac.compare_digest(digest.strip().lower(), expected):
            return True
    return False


def authorized(request: HttpRequest, integration: str, body: bytes, secret: str) -> bool:
    auth = request.headers.get("Authorization", "")
    given = auth[7:].strip() if auth[:7].lower() == "bearer " else request.GET.get("token", "")
    if given and hmac.compare_digest(given.encode(), secret.encode()):
        return True
    header = request.headers.get("X-PagerDuty-Signature", "")
    return integration == "pagerduty" and bool(header) and signature_valid(header, body, secret)


@csrf_exempt
@require_POST
def receive(request: HttpRequest, integration: str) -> JsonResponse:
    if integration not in INTEGRATIONS:
        return JsonResponse({"error": f"no receiver {integration!r}; use one of: {', '.join(INTEGRATIONS)}"},
                            status=404)
    secret = _secret(integration)
    if not secret:
        return JsonResponse({"error": f"the {integration} receiver is off: set "
                                      f"HOTWASH_HOOK_SECRET_{integration.upper()}"}, status=404)
    try:
        body = request.body
    except RequestDataTooBig:
        return JsonResponse({"error": "the payload is too large"}, status=413)
    if not authorized(request, integration, body, secret):
        hint = ("send 'Authorization: Bearer <secret>', ?token=<secret>"
                + (" or a valid X-PagerDuty-Signature" if integration == "pagerduty" else ""))
        return JsonResponse({"error": f"not authorized: {hint}"}, status=401)
    try:
        result = hook_receive(integration=integration, body=body)
    except (ImportFailed, ValidationError) as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse(result, status=202)
