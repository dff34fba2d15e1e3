"""``{% import_options as opts %}``: the choices of the import form (formats, size limit).
``{% unmatched_alerts incident as offered %}``: kept webhook alerts around an incident's time.
``{% unmatched_alerts_recent as inbox %}``: kept webhook alerts of the last 7 days (incident list)."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from hotwash.core.timeline import format_names
from hotwash.web.incidents.models import Incident
from hotwash.web.timeline.selectors import OfferedAlert, unmatched_alerts_for
from hotwash.web.timeline.selectors import unmatched_alerts_recent as recent

register = template.Library()


@register.simple_tag
def import_options() -> dict[str, Any]:
    limit = int(settings.HOTWASH_IMPORT_MAX_BYTES)
    return {"formats": format_names(), "max_mb": limit >> 20}


@register.simple_tag
def unmatched_alerts(incident: Incident) -> list[OfferedAlert]:
    return unmatched_alerts_for(incident=incident)


@register.simple_tag
def unmatched_alerts_recent() -> dict[str, Any]:
    alerts = list(recent()[:21])
    return {"alerts": alerts[:20], "more": len(alerts) > 20, "count": len(alerts)}
