"""The facilitator roster and suggestions: not involved first, then least recently facilitated."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractUser
from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import Coalesce

from hotwash.core.meeting import FacilitatorSuggestion, suggest_facilitators
from hotwash.web.accounts.selectors import display_name
from hotwash.web.postmortems.models import Postmortem
from hotwash.web.reviews.models import Facilitator


@dataclass(frozen=True)
class RosterRow:
    facilitator: Facilitator
    name: str
    last_facilitated: datetime | None
    count: int


def roster(*, exclude_postmortem: Postmortem | None = None, active_only: bool = False) -> list[RosterRow]:
    """Everyone who opted in, with when they last facilitated (the meeting time, else when the
    postmortem was created) and how often. ``exclude_postmortem`` leaves the one being planned out."""
    counted = Q(user__facilitated__isnull=False)
    if exclude_postmortem is not None:
        counted &= ~Q(user__facilitated__pk=exclude_postmortem.pk)
    qs = Facilitator.objects.select_related("user").annotate(
        last=Max(Coalesce("user__facilitated__review__meeting_at", "user__facilitated__created_at"),
                 filter=counted),
        n=Count("user__facilitated", filter=counted, distinct=True),
    )
    if active_only:
        qs = qs.filter(active=True)
    return [RosterRow(f, display_name(f.user), f.last, f.n) for f in qs.order_by("user__username")]


def involved_user_ids(postmortem: Postmortem, users: list[AbstractUser]) -> set[Hashable]:
    """Users marked involved among the participants: linked, or named by username or full name."""
    ids: set[Hashable] = set()
    by_name: dict[str, Hashable] = {}
    for user in users:
        by_name[user.get_username().casefold()] = user.pk
        full = user.get_full_name().strip()
        if full:
            by_name[full.casefold()] = user.pk
    for participant in postmortem.participants.all():
        if not participant.involved:
            continue
        if participant.user_id is not None:
            ids.add(participant.user_id)
        elif participant.name.strip().casefold() in by_name:
            ids.add(by_name[participant.name.strip().casefold()])
    return ids


def facilitator_suggestions(postmortem: Postmortem) -> list[FacilitatorSuggestion]:
    rows = roster(exclude_postmortem=postmortem, active_only=True)
    involved = involved_user_ids(postmortem, [r.facilitator.user for r in rows])
    return suggest_facilitators([(r.facilitator.user_id, r.name, r.last_facilitated) for r in rows], involved)


def is_on_roster(user: AbstractUser) -> bool:
    return Facilitator.objects.filter(user=user, active=True).exists()


def roster_users() -> QuerySet[Facilitator]:
    return Facilitator.objects.filter(active=True).select_related("user")
