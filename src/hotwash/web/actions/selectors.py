"""Reads for action items: one item, a postmortem's items, the board across postmortems and retrospectives,
related items."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, F, OrderBy, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from hotwash.core.errors import NotFound, ValidationError
from hotwash.core.model import ActionStatus, Priority
from hotwash.web.actions.models import ActionItem
from hotwash.web.incidents.models import Incident
from hotwash.web.incidents.selectors import incidents_visible_to

ACTIVE = (ActionStatus.OPEN.value, ActionStatus.IN_PROGRESS.value)
STATUS_CHOICES = [("active", "Open or in progress"), ("all", "Any status")] + [
    (s.value, s.value.replace("_", " ").title()) for s in ActionStatus]
SORTS: dict[str, tuple[str | OrderBy, ...]] = {
    "due": ("due_date", "priority", "id"),
    "-due": ("-due_date", "priority", "id"),
    "priority": ("priority", "due_date", "id"),
    "status": ("status", "due_date", "id"),
    # newest incident first; items of retrospectives (no incident) after them on every database
    "incident": (F("postmortem__incident__started_at").desc(nulls_last=True), "priority", "id"),
    "owner": ("owner", "due_date", "id"),
    "updated": ("-updated_at", "id"),
}
SOURCES = [("", "Both"), ("incidents", "Incidents"), ("retrospectives", "Retrospectives")]
SORT_LABELS = {"due": "Due date (soonest)", "-due": "Due date (latest)", "priority": "Priority",
               "status": "Status", "incident": "Incident (newest)", "owner": "Owner", "updated": "Recently changed"}
_INCIDENT_REF = re.compile(r"^(?:INC-)?(\d+)$", re.IGNORECASE)


def action_item_get(*, pk: int | str, user: Any = None) -> ActionItem:
    """One item; with ``user``, an item of a restricted incident that user may not see is not found (an
    item of a retrospective is never restricted)."""
    qs = ActionItem.objects.select_related("postmortem__incident__severity", "retrospective", "owner_user")
    if user is not None:
        qs = qs.filter(Q(postmortem__isnull=True) | Q(postmortem__incident__in=incidents_visible_to(user)))
    try:
        return qs.get(pk=int(pk))
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
    source: str = ""  # "" both · incidents · retrospectives

    def as_query(self) -> dict[str, str]:
        """The non-default filters as query parameters (for links such as the CSV export)."""
        out = {"owner": self.owner, "team": self.team, "status": self.status if self.status != "active" else "",
               "priority": self.priority, "overdue": "1" if self.overdue else "",
               "incident": str(self.incident) if self.incident else "", "sort": self.sort if self.sort != "due" else "",
               "source": self.source}
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
    source = text("source").lower()
    if source not in dict(SOURCES):
        raise ValidationError("one of incidents, retrospectives (empty: both)", field="source")
    return BoardFilters(text("owner"), text("team"), status, priority, overdue, incident, sort, source)


def action_board(*, filters: BoardFilters, today: date | None = None, user: Any = None) -> QuerySet[ActionItem]:
    """Action items across all postmortems and retrospectives, filtered and sorted, with what a row shows
    joined in.

    With ``user``, items of restricted incidents that user may not see are left out (an item of a
    retrospective belongs to no incident: never restricted)."""
    today = today or timezone.localdate()
    qs = ActionItem.objects.select_related("postmortem__incident__severity", "retrospective", "owner_user__profile")
    if user is not None:
        qs = qs.filter(Q(postmortem__isnull=True) | Q(postmortem__incident__in=incidents_visible_to(user)))
    if filters.source == "incidents":
        qs = qs.filter(postmortem__isnull=False)
    elif filters.source == "retrospectives":
        qs = qs.filter(retrospective__isnull=False)
    if filters.owner:
        qs = qs.filter(Q(owner__icontains=filters.owner) | Q(owner_user__username__iexact=filters.owner))
    if filters.team:
        qs = qs.filter(Q(owner_user__profile__team__iexact=filters.team) | Q(owner__iexact=filters.team)
                       | Q(retrospective__team__iexact=filters.team))
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


def crowded_lists(*, limit: int = 5, user: Any = None) -> list[dict[str, Any]]:
    """Postmortems and retrospectives with more than ``limit`` items still counted (won't do excluded): the
    practice keeps 3–5. Each row: ``label``, ``path``, ``n``. With ``user``, restricted incidents that
    user may not see are left out."""
    counted = ActionItem.objects.exclude(status=ActionStatus.WONT_DO.value)
    incidents = counted.filter(postmortem__isnull=False)
    if user is not None:
        incidents = incidents.filter(postmortem__incident__in=incidents_visible_to(user))
    rows = [{"label": f"INC-{r['postmortem__incident_id']} {r['postmortem__incident__title']}",
             "path": reverse("incident_detail", args=[r["postmortem__incident_id"]]), "n": r["n"]}
            for r in incidents.values("postmortem__incident_id", "postmortem__incident__title")
            .annotate(n=Count("id")).filter(n__gt=limit).order_by()]
    rows += [{"label": f"{r['retrospective__team']} retrospective of {r['retrospective__held_on']:%Y-%m-%d}",
              "path": reverse("retro_detail", args=[r["retrospective_id"]]), "n": r["n"]}
             for r in counted.filter(retrospective__isnull=False)
             .values("retrospective_id", "retrospective__team", "retrospective__held_on")
             .annotate(n=Count("id")).filter(n__gt=limit).order_by()]
    return sorted(rows, key=lambda r: -r["n"])


def team_of(item: ActionItem) -> str:
    """The owner's team: the owner user's profile team, else the owner text; for an item of a
    retrospective without either, the retrospective's team."""
    user = item.owner_user
    profile = getattr(user, "profile", None) if user is not None else None
    team = (profile.team if profile is not None and profile.team else "") or item.owner
    if not team and item.retrospective_id is not None:
        team = item.retrospective.team  # type: ignore[union-attr]
    return team


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
        other = item.incident
        shared = [s.name for s in other.services.all() if s.pk in services]
        shared += [f"#{t.name}" for t in other.tags.all() if t.pk in tags]
        rows.append({"item": item, "shared": shared})
    return rows
