"""Reads for action items: one item, a postmortem's items, the board across postmortems, related items."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from hotwash.core.errors import NotFound, ValidationError
from hotwash.core.model import ActionStatus, Priority
from hotwash.web.actions.models import ActionItem
from hotwash.web.incidents.models import Incident
from hotwash.web.incidents.selectors import incidents_visible_to

ACTIVE = (ActionStatus.OPEN.value, ActionStatus.IN_PROGRESS.value)
STATUS_CHOICES = [("active", "Open or in progress"), ("all", "Any status")] + [
    (s.value, s.value.replace("_", " ").title()) for s in ActionStatus]
SORTS = {
    "due": ("due_date", "priority", "id"),
    "-due": ("-due_date", "priority", "id"),
    "priority": ("priority", "due_date", "id"),
    "status": ("status", "due_date", "id"),
    "incident": ("-postmortem__incident__started_at", "priority", "id"),
    "owner": ("owner", "due_date", "id"),
    "updated": ("-updated_at", "id"),
}
SORT_LABELS = {"due": "Due date (soonest)", "-due": "Due date (latest)", "priority": "Priority",
               "status": "Status", "incident": "Incident (newest)", "owner": "Owner", "updated": "Recently changed"}
_INCIDENT_REF = re.compile(r"^(?:INC-)?(\d+)$", re.IGNORECASE)


def action_item_get(*, pk: int | str) -> ActionItem:
    try:
        return ActionItem.objects.select_related("postmortem__incident__severity", "owner_user").get(pk=int(pk))
    except (ActionItem.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound(f"no action item {pk}", field="action") from exc


def action_items_for(*, postmortem_id: int) -> QuerySet[ActionItem]:
    return ActionItem.objects.filter(postmortem_id=postmortem_id)


@dataclass(frozen=True)
class BoardFilters:
    """The board's filters; the same ones drive the CSV export, the API and ``hotwash actions list``."""

    owner: str = ""
    team: str = ""
    status: str = "active"  # active | all | open | in_progress | done | wont_do
    priority: str = ""
    overdue: bool = False
    incident: int | None = None
    sort: str = "due"

    def as_query(self) -> dict[str, str]:
        """The non-default filters as query parameters (for links such as the CSV export)."""
        out = {"owner": self.owner, "team": self.team, "status": self.status if self.status != "active" else "",
               "priority": self.priority, "overdue": "1" if self.overdue else "",
               "incident": str(self.incident) if self.incident else "", "sort": self.sort if self.sort != "due" else ""}
        return {k: v for k, v in out.items() if v}


def board_filters(params: Mapping[str, Any]) -> BoardFilters:
    """Filters from query parameters; a bad value raises :class:`ValidationError` naming it."""
    def text(name: str) -> str:
        value = params.get(name)
        return str(value).strip()[:100] if value is not None else ""

    status = text("status") or "active"
    if status not in dict(STATUS_CHOICES):
        raise ValidationError(f"one of {', '.join(dict(STATUS_CHOICES))}", field="status")
    priority = text("priority").lower()
    if priority and priority not in {p.value for p in Priority}:
        raise ValidationError("one of p1, p2, p3, p4", field="priority")
    incident_text = text("incident")
    incident = None
    if incident_text:
        match = _INCIDENT_REF.match(incident_text)
        if not match:
            raise ValidationError("an incident number such as 12 or INC-12", field="incident")
        incident = int(match.group(1))
    sort = text("sort") or "due"
    if sort not in SORTS:
        raise ValidationError(f"one of {', '.join(SORTS)}", field="sort")
    overdue = text("overdue").lower() in {"1", "true", "yes", "on"}
    return BoardFilters(text("owner"), text("team"), status, priority, overdue, incident, sort)


def action_board(*, filters: BoardFilters, today: date | None = None, user: Any = None) -> QuerySet[ActionItem]:
    """Action items across all postmortems, filtered and sorted, with what a row shows joined in.

    With ``user``, items of restricted incidents that user may not see are left out."""
    today = today or timezone.localdate()
    qs = ActionItem.objects.select_related("postmortem__incident__severity", "owner_user__profile")
    if user is not None:
        qs = qs.filter(postmortem__incident__in=incidents_visible_to(user))
    if filters.owner:
        qs = qs.filter(Q(owner__icontains=filters.owner) | Q(owner_user__username__iexact=filters.owner))
    if filters.team:
        qs = qs.filter(Q(owner_user__profile__team__iexact=filters.team) | Q(owner__iexact=filters.team))
    if filters.status == "active":
        qs = qs.filter(status__in=ACTIVE)
    elif filters.status != "all":
        qs = qs.filter(status=filters.status)
    if filters.priority:
        qs = qs.filter(priority=filters.priority)
    if filters.overdue:
        qs = qs.filter(status__in=ACTIVE, due_date__lt=today)
    if filters.incident:
        qs = qs.filter(postmortem__incident_id=filters.incident)
    return qs.order_by(*SORTS[filters.sort])


def crowded_postmortems(*, limit: int = 5) -> list[dict[str, Any]]:
    """Postmortems with more than ``limit`` items still counted (won't do excluded): the practice keeps 3–5."""
    rows = (ActionItem.objects.exclude(status=ActionStatus.WONT_DO.value)
            .values("postmortem__incident_id", "postmortem__incident__title")
            .annotate(n=Count("id")).filter(n__gt=limit).order_by("-n"))
    return [dict(row) for row in rows]


def team_of(item: ActionItem) -> str:
    """The owner's team: the owner user's profile team, else the owner text."""
    user = item.owner_user
    profile = getattr(user, "profile", None) if user is not None else None
    return (profile.team if profile is not None and profile.team else "") or item.owner


def related_open_actions(*, incident: Any, limit: int = 10, user: Any = None) -> list[dict[str, Any]]:
    """Open items of earlier incidents that share a service or a tag with ``incident``, newest first.

    Each row: ``item`` and ``shared`` (the service and tag names in common).
    """
    services = {s.pk: s.name for s in incident.services.all()}
    tags = {t.pk: t.name for t in incident.tags.all()}
    if not services and not tags:
        return []
    qs = (ActionItem.objects.filter(status__in=ACTIVE)
          .filter(Q(postmortem__incident__services__in=list(services)) | Q(postmortem__incident__tags__in=list(tags)))
          .exclude(postmortem__incident=incident)
          .filter(postmortem__incident__started_at__lte=incident.started_at)
          .filter(postmortem__incident__in=incidents_visible_to(user) if user is not None else Incident.objects.all())
          .select_related("postmortem__incident")
          .prefetch_related("postmortem__incident__services", "postmortem__incident__tags")
          .distinct().order_by("-postmortem__incident__started_at", "priority", "id"))
    rows = []
    for item in qs[:limit]:
        other = item.postmortem.incident
        shared = [s.name for s in other.services.all() if s.pk in services]
        shared += [f"#{t.name}" for t in other.tags.all() if t.pk in tags]
        rows.append({"item": item, "shared": shared})
    return rows
