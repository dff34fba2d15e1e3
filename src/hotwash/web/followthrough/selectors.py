"""Reads for follow-through: reviews with their verdict rows, calendar feeds and events, reminder candidates."""

from __future__ import annotations

import urllib.parse
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet

from hotwash.core.calendar import CalEvent, event_uid
from hotwash.core.errors import NotFound
from hotwash.core.model import ActionStatus
from hotwash.web.actions.models import ActionItem
from hotwash.web.followthrough.models import ActionVerdict, CalendarFeed, SentReminder
from hotwash.web.incidents.selectors import incidents_visible_to
from hotwash.web.postmortems.models import FollowUpReview
from hotwash.web.types import Actor

ACTIVE = (ActionStatus.OPEN.value, ActionStatus.IN_PROGRESS.value)


def base_url() -> str:
    return str(getattr(settings, "BASE_URL", "http://127.0.0.1:8000")).rstrip("/")


def item_url(item: ActionItem) -> str:
    """The item on its page: the incident's postmortem, or the team retrospective."""
    return f"{base_url()}{item.source_path()}#action-{item.pk}"


def review_url(review: FollowUpReview) -> str:
    return f"{base_url()}/incidents/{review.postmortem.incident_id}/#review-{review.pk}"


def followup_get(*, pk: int | str, user: Actor = None) -> FollowUpReview:
    """One follow-up review; with ``user``, one of a restricted incident that user may not see is not found."""
    qs = FollowUpReview.objects.select_related("postmortem__incident", "owner")
    if user is not None:
        qs = qs.filter(postmortem__incident__in=incidents_visible_to(user))
    try:
        return qs.get(pk=int(pk))
    except (FollowUpReview.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound(f"no follow-up review {pk}", field="review") from exc


def verdicts_for(*, action_id: int) -> QuerySet[ActionVerdict]:
    return ActionVerdict.objects.filter(action_id=action_id).select_related("created_by", "review")


def review_items(*, review: FollowUpReview) -> list[dict[str, Any]]:
    """The items a review judges: every done item of the postmortem, and those a verdict reopened.

    Each row: ``item``, ``verdict`` (the latest, or None) and ``verdicts`` (all, newest first).
    """
    items = list(ActionItem.objects.filter(postmortem_id=review.postmortem_id)
                 .filter(Q(status=ActionStatus.DONE.value) | Q(verdicts__isnull=False)).distinct()
                 .order_by("priority", "id"))
    by_item: dict[int, list[ActionVerdict]] = defaultdict(list)
    for verdict in ActionVerdict.objects.filter(action__in=items).select_related("created_by"):
        by_item[verdict.action_id].append(verdict)
    return [{"item": item, "verdicts": by_item[item.pk], "verdict": by_item[item.pk][0] if by_item[item.pk] else None}
            for item in items]


# --- calendars ---

def feed_by_secret(*, secret: str) -> CalendarFeed:
    feed = CalendarFeed.objects.select_related("user").filter(secret=secret).first() if secret else None
    if feed is None:
        raise NotFound("no such calendar", field="secret")
    return feed


def team_of_user(user: Actor) -> str:
    from hotwash.web.accounts.models import Profile

    return Profile.objects.filter(user_id=user.pk).values_list("team", flat=True).first() or ""


def feeds_for(*, user: Actor) -> dict[str, Any]:
    team = team_of_user(user)
    return {"user": CalendarFeed.objects.filter(user=user, team="").first(),
            "team": CalendarFeed.objects.filter(user__isnull=True, team__iexact=team).first() if team else None,
            "team_name": team}


def _domain() -> str:
    return urllib.parse.urlsplit(base_url()).hostname or "hotwash.local"


def action_event(item: ActionItem) -> CalEvent:
    assert item.due_date is not None
    source = f"Postmortem: {item.source_label}" if item.postmortem_id else f"From the {item.source_label}"
    lines = [item.action, "", f"Owner: {item.owner or '—'}", source]
    if item.success_metric:
        lines.append(f"Success metric: {item.success_metric}")
    if item.external_link:
        lines.append(f"Ticket: {item.external_link}")
    return CalEvent(uid=event_uid("action", item.pk, _domain()), summary=f"Due: {item.action[:120]}",
                    start=item.due_date, all_day=True, description="\n".join(lines), url=item_url(item),
                    categories=("action item",), sequence=max(item.version - 1, 0))


def review_event(review: FollowUpReview) -> CalEvent:
    incident = review.postmortem.incident
    lines = [review.focus, "", f"Postmortem: {incident.ref} {incident.title}", "", "Checklist:"]
    lines += [f"- [{'x' if c.get('done') else ' '}] {c.get('text', '')}" for c in review.checklist or []]
    title = review.title or "Follow-up review"
    return CalEvent(uid=event_uid("followup", review.pk, _domain()), summary=f"{title}: {incident.ref} {incident.title}"[:200],
                    start=review.scheduled_for, all_day=True, description="\n".join(lines).strip(),
                    url=review_url(review), categories=("follow-up review",))


def calendar_events(*, user: Actor = None, team: str = "",
                    since: date | None = None) -> list[CalEvent]:
    """Due dates of open items and open follow-up reviews of a user (owner) or a team (owner's team).

    Reviews of postmortems the user facilitates count as theirs too. Items past ``since`` only (default:
    90 days ago), so a feed stays small.
    """
    from django.utils import timezone

    since = since or timezone.localdate() - timedelta(days=90)
    items = ActionItem.objects.filter(status__in=ACTIVE, due_date__isnull=False, due_date__gte=since)
    reviews = FollowUpReview.objects.filter(completed_at__isnull=True, scheduled_for__gte=since)
    if user is not None:
        items = items.filter(owner_user=user)
        reviews = reviews.filter(Q(owner=user) | Q(owner__isnull=True, postmortem__facilitator=user))
    else:
        items = items.filter(Q(owner_user__profile__team__iexact=team) | Q(owner__iexact=team)
                             | Q(retrospective__team__iexact=team))
        reviews = reviews.filter(Q(owner__profile__team__iexact=team)
                                 | Q(owner__isnull=True, postmortem__facilitator__profile__team__iexact=team))
    events = [action_event(i) for i in items.select_related("postmortem__incident", "retrospective")
              .order_by("due_date", "id")]
    events += [review_event(r) for r in reviews.select_related("postmortem__incident").order_by("scheduled_for")]
    return events + _meeting_events(user=user, team=team, since=since) + _retro_events(user=user, team=team,
                                                                                       since=since)


def _retro_events(*, user: Actor | None, team: str, since: date) -> list[CalEvent]:
    """The follow-up day of team retrospectives: judge whether the done items worked (the retrospective's
    facilitator or creator; for a team feed, the retrospective's team)."""
    from django.apps import apps

    if not apps.is_installed("hotwash.web.reviews"):
        return []
    from hotwash.web.reviews.models import Retrospective

    retros = Retrospective.objects.filter(follow_up_on__isnull=False, follow_up_on__gte=since)
    if user is not None:
        retros = retros.filter(Q(facilitator=user) | Q(facilitator__isnull=True, created_by=user))
    else:
        retros = retros.filter(team__iexact=team)
    out = []
    for retro in retros.order_by("follow_up_on", "id"):
        assert retro.follow_up_on is not None
        lines = [f"Follow-up of the {retro.team} retrospective of {retro.held_on:%Y-%m-%d}"
                 + (f" ({retro.title})" if retro.title else "") + ".",
                 "For each done action item: did it work? Open items: still the right ones?"]
        out.append(CalEvent(uid=event_uid("retro-followup", retro.pk, _domain()),
                            summary=f"Retrospective follow-up: {retro.team}"[:200], start=retro.follow_up_on,
                            all_day=True, description="\n".join(lines),
                            url=f"{base_url()}/retrospectives/{retro.pk}/", categories=("follow-up review",)))
    return out


def _meeting_events(*, user: Actor | None, team: str, since: date) -> list[CalEvent]:
    """Review meetings booked in the reviews app (same UID as its invitation, so they merge)."""
    from django.apps import apps

    if not apps.is_installed("hotwash.web.reviews"):
        return []
    from hotwash.web.reviews.models import Review

    meetings = Review.objects.filter(meeting_at__isnull=False, meeting_at__date__gte=since)
    if user is not None:
        meetings = meetings.filter(Q(postmortem__facilitator=user) | Q(postmortem__participants__user=user))
    else:
        meetings = meetings.filter(team__iexact=team)
    out = []
    for review in meetings.select_related("postmortem__incident").distinct().order_by("meeting_at"):
        incident = review.postmortem.incident
        assert review.meeting_at is not None
        out.append(CalEvent(uid=event_uid("review", review.pk, _domain()),
                            summary=f"Postmortem review: {incident.ref} {incident.title}"[:200],
                            start=review.meeting_at,
                            end=review.meeting_at + timedelta(minutes=review.meeting_minutes or 60),
                            location=review.meeting_place, url=f"{base_url()}/incidents/{incident.pk}/review/",
                            categories=("review meeting",), sequence=review.invite_sequence))
    return out


# --- reminders ---

def reminder_candidates(*, today: date, before_days: int) -> QuerySet[ActionItem]:
    """Open items with a due date no later than ``before_days`` from today (overdue ones included)."""
    return (ActionItem.objects.filter(status__in=ACTIVE, due_date__isnull=False,
                                      due_date__lte=today + timedelta(days=before_days))
            .select_related("owner_user__profile", "postmortem__incident", "retrospective")
            .order_by("due_date", "id"))


def digest_items(*, users: list[int] | None = None) -> QuerySet[ActionItem]:
    """Open items that have an owner user (the digest goes to people with an e-mail or a webhook)."""
    qs = ActionItem.objects.filter(status__in=ACTIVE, owner_user__isnull=False)
    if users is not None:
        qs = qs.filter(owner_user_id__in=users)
    return qs.select_related("owner_user__profile", "postmortem__incident", "retrospective").order_by(
        "owner_user_id", "due_date")


def sent_keys(*, item_ids: list[int], channel: str) -> dict[int, set[str]]:
    out: dict[int, set[str]] = defaultdict(set)
    for item_id, key in SentReminder.objects.filter(item_id__in=item_ids, channel=channel).values_list(
            "item_id", "key"):
        out[item_id].add(key)
    return out


def reminder_log(*, limit: int = 50) -> QuerySet[SentReminder]:
    return SentReminder.objects.all()[:limit]
