from __future__ import annotations

from datetime import timedelta

import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

from hotwash.core.model import format_duration

register = template.Library()
_md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table").enable("strikethrough")


@register.filter
def markdown(text: str | None) -> SafeString:
    """Render user Markdown to sanitised HTML."""
    if not text:
        return mark_safe("")
    return mark_safe(nh3.clean(_md.render(text)))


@register.filter
def duration(delta: timedelta | None) -> str:
    return format_duration(delta) or "—"


@register.filter
def get_item(mapping: dict, key: str):  # type: ignore[no-untyped-def]
    return mapping.get(key) if mapping else None


@register.filter
def mark_span(sentence: str, span: str) -> SafeString:
    """The sentence with the first occurrence of the flagged span marked (both escaped)."""
    from django.utils.html import escape

    index = sentence.find(span) if span else -1
    if index < 0:
        return mark_safe(f"{escape(sentence)} (<mark>{escape(span)}</mark>)")
    before, after = sentence[:index], sentence[index + len(span):]
    return mark_safe(f"{escape(before)}<mark>{escape(span)}</mark>{escape(after)}")
