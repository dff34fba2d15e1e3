from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils import timezone

from hotwash.core.errors import NotFound
from hotwash.core.model import Entry
from hotwash.core.timeline.merge import KnownIds, is_running
from hotwash.web.incidents.models import Incident
from hotwash.web.timeline.models import ImportBatch, TimelineEntry, UnmatchedAlert

UNMATCHED_BEFORE = timedelta(hours=1)  # alerts offered to an incident: from an hour before it started
UNMATCHED_AFTER = timedelta(minutes=30)  # … to half an hour after it was resolved (or now)


def timeline_for(*, incident: Incident, include_hidden: bool = True) -> QuerySet[TimelineEntry]:
    qs = TimelineEntry.objects.filter(incident=incident).order_by("time", "id")
    if not include_hidden:
        qs = qs.filter(hidden=False)
    return qs


def timeline_entry_get(*, incident: Incident, pk: int | str) -> TimelineEntry:
    try:
        return TimelineEntry.objects.select_related("incident").get(incident=incident, pk=int(pk))
    except (TimelineEntry.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound(f"no timeline entry {pk} in {incident.ref}", field="entry") from exc


def timeline_keys(*, incident: Incident) -> KnownIds:
    """(source, source_id) of the entries already in the incident's timeline (for de-duplication;
    ids stored in an earlier form count as their current form)."""
    return KnownIds(TimelineEntry.objects.filter(incident=incident).exclude(source_id="")
                    .values_list("source", "source_id"))


def import_keys(*, incident: Incident, entries: Iterable[Entry]) -> KnownIds:
    """``timeline_keys`` for an import of ``entries``: without the running "last seen" entries the
    import would move later (stored, not edited since, at an earlier time), which are not "already
    present" but an update."""
    keys = timeline_keys(incident=incident)
    running = {(e.source[:50], e.source_id[:300]): e.time for e in entries
               if is_running(e) and (e.source[:50], e.source_id[:300]) in keys}
    if running:
        rows = (TimelineEntry.objects.filter(incident=incident, version=1, source_id__in={k[1] for k in running})
                .values_list("source", "source_id", "time"))
        for source, source_id, time in rows:
            if (source, source_id) in running and time < running[(source, source_id)]:
                keys.discard((source, source_id))
    return keys


def import_batch_get(*, incident: Incident, token: str) -> ImportBatch:
    try:
        return ImportBatch.objects.select_related("incident").get(incident=incident, token=str(token))
    except (ImportBatch.DoesNotExist, ValueError, TypeError, DjangoValidationError) as exc:
        raise NotFound("no such import preview (it may have expired); upload the files again",
                       field="batch") from exc


@dataclass(frozen=True)
class OfferedAlert:
    alert: UnmatchedAlert
    shares_a_name: bool  # one of its labels/tags is a service or tag of the incident


def unmatched_alerts_for(*, incident: Incident, now: datetime | None = None) -> list[OfferedAlert]:
    """Kept alerts (matched no incident when they came) whose time falls around this incident:
    from an hour before it started to half an hour after it was resolved (or now)."""
    end = (incident.resolved_at or now or timezone.now()) + UNMATCHED_AFTER
    names = {s.name.lower() for s in incident.services.all()} | {t.name.lower() for t in incident.tags.all()}
    alerts = UnmatchedAlert.objects.filter(incident__isnull=True, time__gte=incident.started_at - UNMATCHED_BEFORE,
                                           time__lte=end).order_by("time", "id")[:200]
    present = timeline_keys(incident=incident)
    return [OfferedAlert(alert=a, shares_a_name=bool(names & set(a.names))) for a in alerts
            if not (a.source_id and (a.source, a.source_id) in present)]


def unmatched_alerts_recent(*, days: int = 7, now: datetime | None = None) -> QuerySet[UnmatchedAlert]:
    """Kept alerts not yet in any timeline, received in the last ``days`` days, newest first."""
    since = (now or timezone.now()) - timedelta(days=days)
    return UnmatchedAlert.objects.filter(incident__isnull=True, received_at__gte=since).order_by("-time", "-id")
