"""System checks: a broken digest setting fails loudly at start-up, not at the first digest."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register

from hotwash.core.errors import ValidationError


@register()
def digest_settings(app_configs: Any, **kwargs: Any) -> list[Error]:
    from hotwash.web.library.digest import digest_every, digest_zone

    errors: list[Error] = []
    for check in (digest_zone, digest_every):
        try:
            check()
        except ValidationError as exc:
            errors.append(Error(f"{exc.field}: {exc.message}", id="hotwash.E301"))
    return errors
