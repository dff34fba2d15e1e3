"""``{% import_options as opts %}``: the choices of the import form (formats, size limit)."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from hotwash.core.timeline import format_names

register = template.Library()


@register.simple_tag
def import_options() -> dict[str, Any]:
    limit = int(settings.HOTWASH_IMPORT_MAX_BYTES)
    return {"formats": format_names(), "max_mb": limit >> 20}
