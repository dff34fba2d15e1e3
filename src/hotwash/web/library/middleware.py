"""One guard for every incident-scoped URL: a restricted incident is a 404 for outsiders.

Views and API routes take the incident from the URL (``pk`` on ``incidents/<pk>/...``,
``incident_id`` on the API, or an action item / factor / follow-up id that belongs to one). This
middleware resolves that incident before the view runs and answers 404 when the viewer may not
see it, so pages added later by any app are covered too. Selectors still filter lists and search
themselves (``incidents_visible_to``), and views may also pass ``user=`` to ``incident_get``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

from hotwash.web.incidents.selectors import incidents_visible_to


def _incident_id(route: str, kwargs: dict[str, Any]) -> int | None:
    """The incident the URL is about, or None when it names none."""
    if "incident_id" in kwargs:
        return int(kwargs["incident_id"])
    if "pk" in kwargs and route.startswith(("incidents/<int:pk>", "library/similar/<int:pk>",
                                            "library/access/<int:pk>")):
        return int(kwargs["pk"])
    lookups = {
        "action_id": ("hotwash.web.actions.models", "ActionItem", "postmortem__incident_id"),
        "factor_id": ("hotwash.web.postmortems.models", "ContributingFactor", "postmortem__incident_id"),
        "review_id": ("hotwash.web.postmortems.models", "FollowUpReview", "postmortem__incident_id"),
    }
    for name, (module, model, field) in lookups.items():
        if name in kwargs and str(kwargs[name]).isdigit() and route.startswith("api/"):
            import importlib

            cls = getattr(importlib.import_module(module), model)
            found = cls.objects.filter(pk=int(kwargs[name])).values_list(field, flat=True).first()
            return int(found) if found is not None else None
    return None


def _viewer(request: HttpRequest) -> Any:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        from hotwash.web.accounts.services import api_token_authenticate

        return api_token_authenticate(raw=header[7:].strip())
    return None


class IncidentVisibilityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any,
                     view_kwargs: dict[str, Any]) -> HttpResponse | None:
        match = request.resolver_match
        route = match.route if match is not None else ""
        try:
            incident_id = _incident_id(route, view_kwargs)
        except (TypeError, ValueError):
            return None
        if incident_id is None:
            return None
        from hotwash.web.incidents.models import Incident

        if not Incident.objects.filter(pk=incident_id, restricted=True).exists():
            return None  # the common case: one indexed lookup
        viewer = _viewer(request)
        if viewer is not None and incidents_visible_to(viewer).filter(pk=incident_id).exists():
            return None
        if route.startswith("api/"):
            if viewer is None:
                return None  # the API answers 401 itself
            return JsonResponse({"error": f"no incident {incident_id}"}, status=404)
        if viewer is None:
            return None  # login_required sends anonymous visitors to sign in
        raise Http404(f"no incident {incident_id}")
