"""Writes for incidents. Each service owns its transaction."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from hotwash.core.errors import Conflict, ValidationError
from hotwash.core.validate import MAX_TITLE, check_incident_times, check_text
from hotwash.web.incidents.models import Incident, Service, SeverityLevel, Tag
from hotwash.web.types import Actor

INCIDENT_FIELDS = ("title", "severity", "status", "started_at", "detected_at", "mitigated_at", "resolved_at",
                   "timezone", "services", "tags", "customer_impact", "escalated")


def severity_get(key: str) -> SeverityLevel:
    level = SeverityLevel.objects.filter(key=str(key).strip().lower()).first()
    if level is None:
        known = ", ".join(SeverityLevel.objects.values_list("key", flat=True))
        raise ValidationError(f"unknown severity {key!r} (known: {known})", field="severity")
    return level


def _names(values: Iterable[str] | str | None, *, field: str, max_length: int) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = values.split(",")
    out: list[str] = []
    for raw in values:
        name = str(raw).strip()
        if not name:
            continue
        if len(name) > max_length:
            raise ValidationError(f"{name[:20]!r}… is longer than {max_length} characters", field=field)
        if name.lower() not in {n.lower() for n in out}:
            out.append(name)
    return out


def _set_names(incident: Incident, *, services: list[str] | None, tags: list[str] | None) -> None:
    if services is not None:
        incident.services.set([Service.objects.get_or_create(name=n)[0] for n in services])
    if tags is not None:
        incident.tags.set([Tag.objects.get_or_create(name=n.lower())[0] for n in tags])


def _clean(data: dict[str, Any], *, current: Incident | None) -> dict[str, Any]:
    """Validate the given fields, merged over the current incident's values."""
    out: dict[str, Any] = {}
    if "title" in data or current is None:
        out["title"] = check_text(str(data.get("title") or ""), field="title", max_length=MAX_TITLE,
                                  required=True).strip()
    if "severity" in data or current is None:
        sev = data.get("severity")
        if sev in (None, ""):
            raise ValidationError("a severity is required", field="severity")
        out["severity"] = sev if isinstance(sev, SeverityLevel) else severity_get(sev)
    if "status" in data:
        from hotwash.core.model import IncidentStatus
        try:
            out["status"] = IncidentStatus(str(data["status"])).value
        except ValueError as exc:
            allowed = ", ".join(s.value for s in IncidentStatus)
            raise ValidationError(f"unknown status {data['status']!r} (one of {allowed})", field="status") from exc
    if "timezone" in data:
        try:
            zoneinfo.ZoneInfo(str(data["timezone"]))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise ValidationError(f"unknown time zone {data['timezone']!r}", field="timezone") from exc
        out["timezone"] = str(data["timezone"])
    if "customer_impact" in data:
        out["customer_impact"] = check_text(str(data["customer_impact"] or ""), field="customer_impact")
    if "escalated" in data:
        out["escalated"] = bool(data["escalated"])
    times = {}
    for field in ("started_at", "detected_at", "mitigated_at", "resolved_at"):
        value = data[field] if field in data else (getattr(current, field) if current else None)
        if value is not None and not isinstance(value, datetime):
            raise ValidationError("not a date and time", field=field)
        times[field] = value
        if field in data:
            out[field] = value
    check_incident_times(started=times["started_at"], detected=times["detected_at"],
                         mitigated=times["mitigated_at"], resolved=times["resolved_at"], now=timezone.now())
    return out


@transaction.atomic
def incident_create(*, user: Actor, title: str, severity: str | SeverityLevel,
                    started_at: datetime, detected_at: datetime | None = None,
                    mitigated_at: datetime | None = None, resolved_at: datetime | None = None,
                    status: str = "investigating", timezone_name: str = "UTC",
                    services: Iterable[str] | str | None = None, tags: Iterable[str] | str | None = None,
                    customer_impact: str = "", escalated: bool = False) -> Incident:
    data = {"title": title, "severity": severity, "started_at": started_at, "detected_at": detected_at,
            "mitigated_at": mitigated_at, "resolved_at": resolved_at, "status": status,
            "timezone": timezone_name, "customer_impact": customer_impact, "escalated": escalated}
    clean = _clean(data, current=None)
    service_names = _names(services, field="services", max_length=100)
    tag_names = _names(tags, field="tags", max_length=50)
    incident = Incident.objects.create(created_by=user if user and user.is_authenticated else None, **clean)
    _set_names(incident, services=service_names, tags=tag_names)
    from hotwash.web.postmortems.services import postmortem_start
    postmortem_start(incident=incident)
    return incident


@transaction.atomic
def incident_update(*, incident: Incident, user: Actor, data: dict[str, Any],
                    base_version: int | None = None) -> Incident:
    """Update the given fields. With ``base_version``, refuse when someone saved in between."""
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    if base_version is not None and locked.version != base_version:
        raise Conflict("this incident was changed by someone else since you opened it", current=locked,
                       current_version=locked.version)
    unknown = set(data) - set(INCIDENT_FIELDS)
    if unknown:
        raise ValidationError(f"unknown field {sorted(unknown)[0]!r}", field=sorted(unknown)[0])
    clean = _clean(data, current=locked)
    for field, value in clean.items():
        setattr(locked, field, value)
    locked.version += 1
    locked.save()
    services = _names(data["services"], field="services", max_length=100) if "services" in data else None
    tags = _names(data["tags"], field="tags", max_length=50) if "tags" in data else None
    _set_names(locked, services=services, tags=tags)
    from hotwash.web.library.services import incident_index_refresh  # the library's copy of title and labels

    incident_index_refresh(incident=locked)
    return locked


@transaction.atomic
def incident_delete(*, incident: Incident) -> None:
    incident.delete()


def severity_defaults_ensure() -> None:
    """Create the default severity levels when none exist (a fresh or flushed database)."""
    from hotwash.core.model import DEFAULT_SEVERITIES

    if SeverityLevel.objects.exists():
        return
    for level in DEFAULT_SEVERITIES:
        SeverityLevel.objects.get_or_create(key=level.key, defaults={
            "label": level.label, "description": level.description, "rank": level.rank})
