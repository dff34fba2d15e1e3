"""Reads for incidents."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from hotwash.core.errors import NotFound
from hotwash.web.incidents.models import Incident, SeverityLevel


def severity_list() -> QuerySet[SeverityLevel]:
    return SeverityLevel.objects.all()


def incidents_visible_to(user: Any) -> QuerySet[Incident]:
    """Incidents ``user`` may see. A restricted incident is seen only by its participants, its creator,
    staff and members of its allowed groups; for anyone else it does not exist (404, never 403).
    ``user=None`` means an internal caller (CLI, jobs): everything."""
    qs = Incident.objects.all()
    if user is None or (getattr(user, "is_authenticated", False) and (user.is_staff or user.is_superuser)):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.filter(restricted=False)
    through = Incident.allowed_groups.through
    return qs.filter(
        Q(restricted=False) | Q(created_by=user)
        | Q(pk__in=Incident.objects.filter(postmortem__participants__user=user).values("pk"))
        | Q(pk__in=through.objects.filter(group__user=user).values("incident_id")))


def incident_list(*, status: str = "", severity: str = "", q: str = "", service: str = "",
                  tag: str = "", user: Any = None) -> QuerySet[Incident]:
    qs = (incidents_visible_to(user).select_related("severity", "postmortem")
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


def incident_get(*, pk: int | str, user: Any = None) -> Incident:
    """The incident ``pk`` if ``user`` may see it (``user=None``: internal caller, no check)."""
    try:
        return incidents_visible_to(user).select_related("severity").get(pk=int(pk))
    except (Incident.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound(f"no incident {pk}", field="incident") from exc
