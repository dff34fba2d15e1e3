"""Parsing of raw form values into typed values, with errors that name the field."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from hotwash.core.errors import ValidationError


def local_datetime(raw: str | None, *, field: str, required: bool = True) -> datetime | None:
    """A ``datetime-local`` value in the viewer's zone (or an ISO time with offset) → aware datetime."""
    raw = (raw or "").strip()
    if not raw:
        if required:
            raise ValidationError("a date and time is required", field=field)
        return None
    try:
        value = parse_datetime(raw.replace(" ", "T", 1))
    except ValueError:
        value = None
    if value is None:
        raise ValidationError(f"{raw!r} is not a date and time (e.g. 2024-08-01T14:23)", field=field)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_current_timezone())
    return value


def form_date(raw: str | None, *, field: str) -> date | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        value = parse_date(raw)
    except ValueError:
        value = None
    if value is None:
        raise ValidationError(f"{raw!r} is not a date (use YYYY-MM-DD)", field=field)
    return value


def checkbox(raw: str | None) -> bool:
    return (raw or "").lower() in {"1", "on", "true", "yes"}
