from __future__ import annotations

import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hotwash.core.errors import NotFound, ValidationError
from hotwash.web.accounts import selectors, services


@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    new_token = None
    error = None
    if request.method == "POST":
        try:
            if request.POST.get("do") == "token":
                _, new_token = services.api_token_create(user=request.user, name=request.POST.get("name", ""))
            else:
                services.profile_update(user=request.user, timezone_name=request.POST.get("timezone", "UTC"),
                                        team=request.POST.get("team", ""))
                messages.success(request, "Settings saved.")
                return redirect("account_settings")
        except ValidationError as exc:
            error = f"{exc.field}: {exc.message}" if exc.field else exc.message
    profile = getattr(request.user, "profile", None)
    return render(request, "accounts/settings.html", {
        "tokens": selectors.api_token_list(user=request.user), "new_token": new_token, "error": error,
        "profile_tz": profile.timezone if profile else "UTC", "profile_team": profile.team if profile else "",
        "zones": sorted(zoneinfo.available_timezones()),
    })


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        services.api_token_revoke(user=request.user, token_id=token_id)
        messages.success(request, "Token revoked.")
    except NotFound as exc:
        messages.error(request, exc.message)
    return redirect("account_settings")
