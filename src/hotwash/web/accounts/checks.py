"""System checks that fail loudly on an unsafe production setting."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_production_settings(app_configs: Any, **kwargs: Any) -> list[Any]:
    problems: list[Any] = []
    if settings.SECRET_KEY.startswith("hotwash-dev-secret"):
        problems.append(Error(
            "HOTWASH_SECRET_KEY is not set: the built-in development key is public.",
            hint="Set HOTWASH_SECRET_KEY to a long random string (python -c 'import secrets; print(secrets.token_urlsafe(50))').",
            id="hotwash.E001"))
    if settings.DEBUG:
        problems.append(Error("HOTWASH_DEBUG is on in production: tracebacks would be shown to users.",
                              hint="Unset HOTWASH_DEBUG.", id="hotwash.E002"))
    if "*" in settings.ALLOWED_HOSTS:
        problems.append(Warning("HOTWASH_ALLOWED_HOSTS contains '*'.", id="hotwash.W001"))
    return problems
