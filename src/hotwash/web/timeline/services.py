"""Writes for timeline entries: manual add/edit/delete and bulk import of artifact entries."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from hotwash.core.errors import Conflict, ImportFailed, ValidationError
from hotwash.core.model import Entry, EntryKind
from hotwash.core.timeline.merge import is_running
from hotwash.core.validate import FUTURE_SKEW, check_aware, check_text
from hotwash.web.incidents.models import Incident
from hotwash.web.timeline.models import ImportBatch, TimelineEntry, UnmatchedAlert
from hotwash.web.timeline.reading import DEFAULT_MARGIN, SourceRead, entry_from_json, entry_to_json, split
from hotwash.web.timeline.selectors import import_keys, timeline_keys
from hotwash.web.types import Actor

EDITABLE = ("time", "event", "information_available", "decision_action", "kind", "source", "actor", "link",
            "key_decision", "wrong_assumption", "hidden")


def _check_published(incident: Incident) -> None:
    postmortem = getattr(incident, "postmortem", None)
    if postmortem is not None and postmortem.status == "published":
        raise ValidationError("this postmortem is published and read-only; record an amendment to change it",
                              field="status")


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field, value in data.items():
        if field not in EDITABLE:
            raise ValidationError(f"unknown field {field!r}", field=field)
        if field == "time":
            if not isinstance(value, datetime):
                raise ValidationError("a date and time is required", field="time")
            check_aware(value, field="time")
            if value.year < 1990:
                raise ValidationError("the time is before 1990; check the year", field="time")
            if value > timezone.now() + FUTURE_SKEW:
                raise ValidationError("the time is in the future", field="time")
        elif field == "kind":
            try:
                value = EntryKind(str(value)).value
            except ValueError as exc:
                allowed = ", ".join(k.value for k in EntryKind)
                raise ValidationError(f"unknown kind {value!r} (one of {allowed})", field="kind") from exc
        elif field in ("key_decision", "wrong_assumption", "hidden"):
            value = bool(value)
        elif field == "event":
            value = check_text(str(value or ""), field="event", max_length=10_000, required=True).strip()
        elif field in ("source", "actor"):
            value = check_text(str(value or ""), field=field, max_length=50 if field == "source" else 200).strip()
        elif field == "link":
            value = check_text(str(value or ""), field="link", max_length=1000).strip()
            if value and not value.startswith(("http://", "https://")):
                raise ValidationError("a link starts with http:// or https://", field="link")
        else:
            value = check_text(str(value or ""), field=field, max_length=10_000)
        out[field] = value
    return out


@transaction.atomic
def timeline_entry_add(*, incident: Incident, user: Actor, time: datetime, event: str,
                       **fields: Any) -> TimelineEntry:
    _check_published(incident)
    clean = _clean({"time": time, "event": event, **fields})
    return TimelineEntry.objects.create(incident=incident, created_by=user if user and user.is_authenticated
                                        else None, **clean)


@transaction.atomic
def timeline_entry_update(*, entry: TimelineEntry, data: dict[str, Any],
                          base_version: int | None = None) -> TimelineEntry:
    locked = TimelineEntry.objects.select_for_update().select_related("incident").get(pk=entry.pk)
    _check_published(locked.incident)
    if base_version is not None and locked.version != base_version:
        raise Conflict("this timeline entry was changed by someone else since you opened it", current=locked,
                       current_version=locked.version)
    clean = _clean(data)
    for field, value in clean.items():
        setattr(locked, field, value)
    locked.version += 1
    locked.save()
    return locked


@transaction.atomic
def timeline_entry_delete(*, entry: TimelineEntry) -> None:
    _check_published(entry.incident)
    entry.delete()


@transaction.atomic
def timeline_import(*, incident: Incident, entries: Iterable[Entry], user: Actor) -> dict[str, int]:
    """Add imported entries in one transaction; entries already there (same source and id) are skipped,
    except a running "last seen" entry (``merge.is_running``) later than the one stored: that one is
    moved to the new time and text, unless someone edited it."""
    _check_published(incident)
    existing = timeline_keys(incident=incident)
    rows = []
    skipped = updated = 0
    for item in entries:
        key = (item.source[:50], item.source_id[:300])
        if item.source_id and key in existing:
            if is_running(item) and _move_running(incident, key, item):
                updated += 1
            else:
                skipped += 1
            continue
        existing.add(key)
        rows.append(TimelineEntry(
            incident=incident, time=item.time, event=item.text[:10_000] or "(empty)", source=item.source[:50],
            source_id=item.source_id[:300], kind=EntryKind(item.kind).value, actor=item.actor[:200],
            link=item.link[:1000] if item.link.startswith(("http://", "https://")) else "",
            assumed_zone=item.assumed_zone, created_by=user if user and user.is_authenticated else None))
    TimelineEntry.objects.bulk_create(rows, batch_size=500)
    return {"added": len(rows), "already_present": skipped, "updated": updated}


def _move_running(incident: Incident, key: tuple[str, str], item: Entry) -> bool:
    """A later snapshot of a "last seen" entry: the stored one (not edited since) takes its time and text."""
    moved = (TimelineEntry.objects.filter(incident=incident, source=key[0], source_id=key[1], version=1,
                                          time__lt=item.time)
             .update(time=item.time, event=item.text[:10_000] or "(empty)"))
    return moved > 0


# --- importing artifacts: read → preview (ImportBatch, pending) → confirm ---

IMPORT_BATCH_TTL = timedelta(hours=24)
MAX_BATCH_ENTRIES = 50_000


def import_batches_expire(*, now: datetime | None = None) -> int:
    """Delete pending previews older than ``IMPORT_BATCH_TTL`` (and confirmed ones after 30 days)."""
    now = now or timezone.now()
    stale, _ = ImportBatch.objects.filter(status=ImportBatch.PENDING, created_at__lt=now - IMPORT_BATCH_TTL).delete()
    old, _ = ImportBatch.objects.filter(created_at__lt=now - timedelta(days=30)).delete()
    return stale + old


@transaction.atomic
def import_batch_create(*, incident: Incident, user: Actor, sources: list[SourceRead], options: dict[str, Any],
                        margin: timedelta = DEFAULT_MARGIN, clip: bool = True) -> ImportBatch:
    """Store what reading the uploaded artifacts gave, for a preview; nothing is added to the timeline yet.

    Entries are merged across sources and marked inside or outside the incident window (start −
    margin … resolved + margin; an open incident has no end).
    """
    _check_published(incident)
    import_batches_expire()
    rows = split(sources, start=incident.started_at, end=incident.resolved_at, margin=margin,
                 present=import_keys(incident=incident, entries=[e for s in sources for e in s.entries]), clip=clip)
    if len(rows) > MAX_BATCH_ENTRIES:
        raise ImportFailed(f"these files give {len(rows):,} entries; at most {MAX_BATCH_ENTRIES:,} are imported at "
                           "once (choose Slack channels or import fewer files)", field="files")
    return ImportBatch.objects.create(
        token=uuid.uuid4(), incident=incident, created_by=user if user and user.is_authenticated else None,
        options={**options, "margin_minutes": int(margin.total_seconds() // 60), "clip": clip},
        sources=[s.as_dict() for s in sources],
        entries=[entry_to_json(entry, inside=inside, file=number) for entry, inside, number in rows])


@transaction.atomic
def import_batch_confirm(*, batch: ImportBatch, user: Actor, include_outside: bool = False) -> dict[str, int]:
    """Add a previewed batch to the timeline in one transaction. A batch with an unreadable file adds nothing."""
    locked = ImportBatch.objects.select_for_update().select_related("incident").get(pk=batch.pk)
    if locked.status != ImportBatch.PENDING:
        raise ValidationError(f"this import was already {locked.status}", field="batch")
    if locked.created_at < timezone.now() - IMPORT_BATCH_TTL:
        raise ValidationError("this preview has expired; upload the files again", field="batch")
    failed = [s for s in locked.sources if s.get("error")]
    if failed:
        raise ImportFailed("nothing was added: " + "; ".join(str(s["error"]) for s in failed)
                           + ". Fix or leave out these files and upload again.", field="files")
    chosen = [row for row in locked.entries if row.get("inside") or include_outside]
    result = timeline_import(incident=locked.incident, entries=[entry_from_json(row) for row in chosen], user=user)
    result["left_out"] = len(locked.entries) - len(chosen)
    locked.status = ImportBatch.CONFIRMED
    locked.confirmed_at = timezone.now()
    locked.result = result
    locked.entries = []  # the timeline holds them now
    locked.save(update_fields=["status", "confirmed_at", "result", "entries"])
    return result


@transaction.atomic
def import_batch_discard(*, batch: ImportBatch) -> None:
    ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.PENDING).update(status=ImportBatch.DISCARDED,
                                                                               entries=[])


# --- webhook alerts that matched no incident (docs/api.md, "Webhook receivers") ---

UNMATCHED_TTL = timedelta(days=30)


def unmatched_alerts_keep(*, integration: str, alerts: Iterable[tuple[Entry, set[str]]],
                          now: datetime | None = None) -> int:
    """Keep alerts that matched no incident (with the names they could match on); a re-sent
    alert (same source and id) is kept once. Returns how many were new."""
    now = now or timezone.now()
    UnmatchedAlert.objects.filter(incident__isnull=True, received_at__lt=now - UNMATCHED_TTL).delete()
    new = 0
    for entry, names in alerts:
        source, source_id = entry.source[:50], entry.source_id[:300]
        if source_id and UnmatchedAlert.objects.filter(source=source, source_id=source_id).exists():
            continue
        UnmatchedAlert.objects.create(
            integration=integration, time=entry.time, event=entry.text[:10_000] or "(empty)", source=source,
            source_id=source_id, kind=EntryKind(entry.kind).value, actor=entry.actor[:200],
            link=entry.link[:1000] if entry.link.startswith(("http://", "https://")) else "",
            assumed_zone=entry.assumed_zone, names=sorted(names))
        new += 1
    return new


@transaction.atomic
def unmatched_alerts_attach(*, incident: Incident, ids: Iterable[int], user: Actor) -> dict[str, int]:
    """Add kept alerts to an incident's timeline (one transaction) and mark them attached."""
    _check_published(incident)
    alerts = list(UnmatchedAlert.objects.select_for_update().filter(pk__in=list(ids), incident__isnull=True))
    if not alerts:
        raise ValidationError("choose one or more alerts that are not yet in a timeline", field="alerts")
    entries = [Entry(time=a.time, text=a.event, source=a.source, source_id=a.source_id, kind=EntryKind(a.kind),
                     actor=a.actor, link=a.link, assumed_zone=a.assumed_zone) for a in alerts]
    result = timeline_import(incident=incident, entries=entries, user=user)
    UnmatchedAlert.objects.filter(pk__in=[a.pk for a in alerts]).update(incident=incident,
                                                                        attached_at=timezone.now())
    return result
