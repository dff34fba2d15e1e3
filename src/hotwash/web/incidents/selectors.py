"""Reads for incidents."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from hotwash.core.errors import NotFound
from hotwash.web.incidents.models import Incident, SeverityLevel


def severity_list() -> QuerySet[SeverityLevel]:
    return SeverityLevel.objects.all()


def incident_list(*, status: str = "", severity: str = "", q: str = "", service: str = "",
                  tag: str = "") -> QuerySet[Incident]:
    qs = (Incident.objects.select_related("severity", "postmortem")
          .prefetch_related("services", "tags"))
    if status:
        qs = qs.filter(status=status)
    if severity:
        qs = qs.filter(severity__key=severity)
    if service:
        qs = qs.filter(services__name=service)
    if tag:
        qs = qs.filter(tags__name=tag.lower())
    q = q.strip()
    if q:
        ref = q.upper().removeprefix("INC-")
        cond = Q(title__icontains=q) | Q(customer_impact__icontains=q) | Q(services__name__icontains=q)
        if ref.isdigit():
            cond |= Q(pk=int(ref))
        qs = qs.filter(cond).distinct()
    return qs


def incident_get(*, pk: int | str) -> Incident:
    try:
        return Incident.objects.select_related("severity").get(pk=int(pk))
    except (Incident.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound(f"no incident {pk}", field="incident") from exc
