"""Checks on user input that do not need a database."""

from __future__ import annotations

from datetime import datetime, timedelta

from hotwash.core.errors import ValidationError

MAX_TITLE = 200
MAX_TEXT = 100_000
FUTURE_SKEW = timedelta(days=1)


def check_aware(value: datetime | None, *, field: str) -> None:
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValidationError("the time needs a time zone (e.g. 2024-08-01T14:23:00Z)", field=field)


def check_incident_times(*, started: datetime | None, detected: datetime | None = None,
                         mitigated: datetime | None = None, resolved: datetime | None = None,
                         now: datetime | None = None) -> None:
    """The incident's times must be aware and in order: started ≤ detected, mitigated ≤ resolved."""
    if started is None:
        raise ValidationError("when the incident started is required", field="started_at")
    named = {"started_at": started, "detected_at": detected, "mitigated_at": mitigated,
             "resolved_at": resolved}
    for field, value in named.items():
        check_aware(value, field=field)
        if value is not None and value.year < 1990:
            raise ValidationError("the time is before 1990; check the year", field=field)
        if now is not None and value is not None and value > now + FUTURE_SKEW:
            raise ValidationError("the time is in the future", field=field)
    for field in ("detected_at", "mitigated_at", "resolved_at"):
        value = named[field]
        if value is not None and value < started:
            label = field.removesuffix("_at")
            raise ValidationError(f"{label} is before the incident started", field=field)
    if mitigated is not None and resolved is not None and resolved < mitigated:
        raise ValidationError("resolved is before mitigated", field="resolved_at")


def check_text(value: str, *, field: str, max_length: int = MAX_TEXT, required: bool = False) -> str:
    if not isinstance(value, str):
        raise ValidationError("must be text", field=field)
    if required and not value.strip():
        raise ValidationError("this field is required", field=field)
    if len(value) > max_length:
        raise ValidationError(f"too long: {len(value):,} characters, at most {max_length:,}", field=field)
    if "\x00" in value:
        raise ValidationError("contains a NUL character", field=field)
    return value
