"""Writes for follow-through: the three follow-up reviews, effectiveness verdicts, calendar feed secrets."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from hotwash.core.errors import PermissionDenied, ValidationError
from hotwash.core.followup import Effectiveness, FollowupStage, plan_followups, verdict_reopens
from hotwash.core.model import ActionStatus
from hotwash.core.validate import check_text
from hotwash.web.actions.models import ActionItem
from hotwash.web.followthrough.models import ActionVerdict, CalendarFeed
from hotwash.web.followthrough.selectors import team_of_user
from hotwash.web.postmortems.models import FollowUpReview, Postmortem
from hotwash.web.types import Actor

STAGES = [s.value for s in FollowupStage]


def _actor(user: Actor) -> Actor:
    return user if user is not None and user.is_authenticated else None


@transaction.atomic
def followups_schedule(*, postmortem: Postmortem, published_on: date | None = None) -> list[FollowUpReview]:
    """Schedule the practice's three reviews (1 week, 3 weeks, 10 weeks), owned by the facilitator.

    Idempotent: a postmortem that already has its staged reviews keeps them (republishing adds none).
    """
    existing = list(postmortem.followups.filter(stage__in=STAGES))
    if existing:
        return existing
    day = published_on or timezone.localdate()
    return [FollowUpReview.objects.create(
        postmortem=postmortem, stage=plan.stage.value, title=plan.title, scheduled_for=plan.due, focus=plan.focus,
        owner_id=postmortem.facilitator_id, checklist=[{"text": text, "done": False} for text in plan.checklist])
        for plan in plan_followups(day)]


def _locked(review: FollowUpReview) -> FollowUpReview:
    return FollowUpReview.objects.select_for_update().get(pk=review.pk)


@transaction.atomic
def followup_check(*, review: FollowUpReview, index: int, done: bool) -> FollowUpReview:
    """Tick (or untick) one checklist item, by its 0-based position."""
    locked = _locked(review)
    checklist = list(locked.checklist or [])
    if not 0 <= index < len(checklist):
        raise ValidationError(f"no checklist item {index + 1}", field="checklist")
    checklist[index] = {**checklist[index], "done": bool(done)}
    locked.checklist = checklist
    locked.save(update_fields=["checklist"])
    return locked


@transaction.atomic
def followup_notes_set(*, review: FollowUpReview, notes: str) -> FollowUpReview:
    locked = _locked(review)
    locked.notes = check_text(notes.replace("\r\n", "\n"), field="notes", max_length=20_000).strip()
    locked.save(update_fields=["notes"])
    return locked


@transaction.atomic
def followup_complete(*, review: FollowUpReview, user: Actor, done: bool = True,
                      notes: str | None = None) -> FollowUpReview:
    """Mark a review held (``done=False`` opens it again). Open checklist items do not block: notes say why.

    ``notes``, when given (the notes box the button sits in), are saved in the same transaction, so
    what was typed but not yet saved is not lost by marking the review held.
    """
    locked = _locked(review)
    fields = ["completed_at", "completed_by"]
    if notes is not None:
        locked.notes = check_text(notes.replace("\r\n", "\n"), field="notes", max_length=20_000).strip()
        fields.append("notes")
    locked.completed_at = timezone.now() if done else None
    locked.completed_by = _actor(user) if done else None
    locked.save(update_fields=fields)
    return locked


def _link(value: str, field: str) -> str:
    value = check_text(value or "", field=field, max_length=500).strip()
    if value and not value.startswith(("http://", "https://")):
        raise ValidationError("a link starts with http:// or https://", field=field)
    return value


@transaction.atomic
def verdict_record(*, action: ActionItem, verdict: str, evidence_url: str = "", note: str = "",
                   review: FollowUpReview | None = None, user: Actor = None) -> ActionVerdict:
    """Record whether a done item worked. "Did not" reopens it (status back to open, kept in the verdict).

    A verdict needs evidence: a link (dashboard, ticket, graph) or a note saying what was measured.
    """
    try:
        value = Effectiveness(str(verdict)).value
    except ValueError as exc:
        raise ValidationError("one of worked, partly, did_not", field="verdict") from exc
    evidence_url = _link(evidence_url, "evidence_url")
    note = check_text(note or "", field="note", max_length=5000).strip()
    if not evidence_url and not note:
        raise ValidationError("link the evidence (a dashboard, a graph, a ticket) or say what was measured",
                              field="evidence_url")
    locked = ActionItem.objects.select_for_update().get(pk=action.pk)
    if locked.status != ActionStatus.DONE.value:
        raise ValidationError("only a done action item gets an effectiveness verdict", field="status")
    if review is not None and review.postmortem_id != locked.postmortem_id:
        raise ValidationError("this review belongs to another postmortem", field="review")
    reopens = verdict_reopens(value)
    if reopens:
        locked.status = ActionStatus.OPEN.value
        locked.completed_at = None
        locked.version += 1
        locked.save(update_fields=["status", "completed_at", "version", "updated_at"])
    return ActionVerdict.objects.create(action=locked, review=review, verdict=value, evidence_url=evidence_url,
                                        note=note, reopened=reopens, created_by=_actor(user))


def _secret() -> str:
    return secrets.token_urlsafe(24)


def _feed_allowed(user: Actor, team: str) -> None:
    if team and team_of_user(user).casefold() != team.casefold():
        raise PermissionDenied("only members of a team manage its calendar (set your team in Settings)")


@transaction.atomic
def calendar_feed_rotate(*, user: Actor, team: str = "") -> CalendarFeed:
    """Create the user's (or their team's) feed, or give it a new secret: the old URL stops working."""
    team = team.strip()
    _feed_allowed(user, team)
    lookup: dict[str, Any] = {"user": None, "team__iexact": team} if team else {"user": user, "team": ""}
    feed = CalendarFeed.objects.select_for_update().filter(**lookup).first()
    if feed is None:
        return CalendarFeed.objects.create(secret=_secret(), user=None if team else user, team=team)
    feed.secret = _secret()
    feed.rotated_at = timezone.now()
    feed.save(update_fields=["secret", "rotated_at"])
    return feed


def calendar_feed_fetched(*, feed: CalendarFeed) -> None:
    CalendarFeed.objects.filter(pk=feed.pk).update(last_fetched_at=timezone.now())
