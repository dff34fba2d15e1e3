from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet

from hotwash.core.errors import NotFound
from hotwash.web.incidents.models import Incident
from hotwash.web.timeline.models import ImportBatch, TimelineEntry


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


def timeline_keys(*, incident: Incident) -> set[tuple[str, str]]:
    """(source, source_id) of the entries already in the incident's timeline (for de-duplication)."""
    return set(TimelineEntry.objects.filter(incident=incident).exclude(source_id="")
               .values_list("source", "source_id"))


def import_batch_get(*, incident: Incident, token: str) -> ImportBatch:
    try:
        return ImportBatch.objects.select_related("incident").get(incident=incident, token=str(token))
    except (ImportBatch.DoesNotExist, ValueError, TypeError, DjangoValidationError) as exc:
        raise NotFound("no such import preview (it may have expired); upload the files again",
                       field="batch") from exc
