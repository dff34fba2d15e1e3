"""A wrong HOTWASH_REVIEW_POLICY fails loudly at start-up, naming the key."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register

from hotwash.core.errors import ValidationError


@register()
def check_review_policy(app_configs: Any, **kwargs: Any) -> list[Any]:
    from hotwash.web.reviews.selectors.policy import policy_from_settings

    try:
        policy_from_settings(with_db_severities=False)
    except ValidationError as exc:
        return [Error(f"HOTWASH_REVIEW_POLICY: {exc}", hint="See docs/policy.md for the keys and spellings.",
                      id="hotwash.E101")]
    return []
