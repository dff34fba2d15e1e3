"""System checks: a broken follow-through setting fails loudly at start-up, not at the first reminder."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register

from hotwash.core.errors import ValidationError


@register()
def followthrough_settings(app_configs: Any, **kwargs: Any) -> list[Error]:
    from hotwash.web.followthrough import conf

    errors: list[Error] = []
    for check in (conf.due_policy, conf.webhooks, conf.reminder_before_days):
        try:
            check()
        except ValidationError as exc:
            errors.append(Error(f"{exc.field}: {exc.message}", id="hotwash.E201"))
    return errors
