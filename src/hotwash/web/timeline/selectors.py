from __future__ import annotations

from django.db.models import QuerySet

from hotwash.core.errors import NotFound
from hotwash.web.incidents.models import Incident
from hotwash.web.timeline.models import TimelineEntry


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
