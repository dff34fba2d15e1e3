"""Template tags that let shared pages include follow-through blocks with one ``{% include %}`` line."""

from __future__ import annotations

from typing import Any

from django import template

from hotwash.core.actions import weak_action as _weak_action
from hotwash.web.actions.selectors import related_open_actions as _related
from hotwash.web.followthrough import conf
from hotwash.web.followthrough.selectors import feeds_for
from hotwash.web.followthrough.selectors import review_items as _review_items

register = template.Library()


@register.simple_tag(takes_context=True)
def related_open_actions(context: Any, incident: Any) -> list[dict[str, Any]]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return _related(incident=incident, user=user) if incident is not None else []


@register.simple_tag
def review_items(review: Any) -> list[dict[str, Any]]:
    return _review_items(review=review)


@register.simple_tag
def calendar_feeds(user: Any) -> dict[str, Any]:
    return feeds_for(user=user) if user is not None and user.is_authenticated else {}


@register.simple_tag
def trackers_configured() -> list[str]:
    return conf.trackers_configured()


@register.filter
def weak_action(text: str) -> str:
    return _weak_action(text or "") or ""


@register.filter
def checklist_done(checklist: list[dict[str, Any]] | None) -> int:
    return sum(1 for c in checklist or [] if c.get("done"))
