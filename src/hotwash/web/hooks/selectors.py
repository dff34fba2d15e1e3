"""Reads for the webhook receivers: the incidents an alert can be appended to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from hotwash.core.model import IncidentStatus
from hotwash.web.incidents.models import Incident

RECENTLY_RESOLVED = timedelta(minutes=30)


@dataclass
class Candidate:
    incident: Incident
    names: set[str]  # lower-cased service and tag names
    open: bool


def hook_candidates(*, now: datetime | None = None) -> list[Candidate]:
    """Open incidents (not resolved or closed), and those resolved in the last 30 minutes (a late
    "resolved" alert still belongs to them), newest first; published postmortems are left alone."""
    now = now or timezone.now()
    open_statuses = [IncidentStatus.INVESTIGATING.value, IncidentStatus.MITIGATED.value]
    qs = (Incident.objects.filter(Q(status__in=open_statuses) | Q(resolved_at__gte=now - RECENTLY_RESOLVED))
          .exclude(postmortem__status="published").prefetch_related("services", "tags")
          .order_by("-started_at", "-id"))
    return [Candidate(incident=i, names={s.name.lower() for s in i.services.all()} | {t.name.lower() for t in
                                                                                        i.tags.all()},
                      open=i.status in open_statuses) for i in qs]
