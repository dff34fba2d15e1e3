"""Reads for one review: its kind, preparation checklist, agenda, live meeting state and accounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from hotwash.core.errors import NotFound, ValidationError
from hotwash.core.meeting import (
    PHASES,
    SHARE_AGENDA_EARLIEST,
    SHARE_AGENDA_LATEST,
    Agenda,
    PrepStep,
    Slot,
    share_agenda_status,
)
from hotwash.core.policy import ReviewDecision
from hotwash.web.incidents.models import Incident
from hotwash.web.postmortems.models import SECTIONS, Postmortem
from hotwash.web.reviews.models import AccountEntry, AnonymousNote, PrepCheck, Review

# The short note (minor incidents, near misses) is a reduced set of the template's sections.
SHORT_NOTE_SECTIONS = ("executive_summary", "what_went_wrong", "key_learnings")
SHORT_NOTE_BLOCKS = ("timeline", "actions")

# core.meeting.Section -> what the meeting-mode page shows editable in place
SECTION_TARGETS: dict[str, tuple[str, str]] = {
    "summary": ("section", "executive_summary"),
    "timeline": ("block", "timeline"),
    "factors": ("block", "factors"),
    "went_well": ("section", "what_went_well"),
    "went_wrong": ("section", "what_went_wrong"),
    "confusing": ("section", "what_was_confusing"),
    "learnings": ("section", "key_learnings"),
    "actions": ("block", "actions"),
    "follow_up": ("block", "followups"),
}
assert all(target in SECTIONS for kind, target in SECTION_TARGETS.values() if kind == "section")


def review_get(*, incident: Incident) -> Review:
    review = (Review.objects.select_related("postmortem__facilitator", "postmortem__incident__severity")
              .filter(postmortem__incident=incident).first())
    if review is None:
        raise NotFound(f"{incident.ref} has no review yet", field="review")
    return review


def review_decision_shown(review: Review) -> ReviewDecision:
    """The stored decision (kept up to date by ``review_ensure``), with a hand-made choice said so."""
    reasons = tuple(review.kind_reasons or ())
    if review.kind_overridden:
        reasons = ("chosen by hand",) + reasons
    return ReviewDecision(review.kind, reasons)  # type: ignore[arg-type]


def agenda_of(review: Review) -> Agenda:
    """The review's agenda; a stored agenda that no longer validates falls back to the default."""
    try:
        return Agenda.with_minutes({str(k): int(v) for k, v in (review.agenda_minutes or {}).items()})
    except (ValidationError, ValueError, TypeError):
        return Agenda()


def is_facilitator(review: Review, user: AbstractBaseUser | None) -> bool:
    return (user is not None and user.is_authenticated and review.postmortem.facilitator_id is not None
            and review.postmortem.facilitator_id == user.pk)


def can_run_meeting(review: Review, user: AbstractBaseUser | None) -> bool:
    """The facilitator runs the meeting; while none is chosen, anyone signed in may (and staff always)."""
    if user is None or not user.is_authenticated:
        return False
    if getattr(user, "is_staff", False) or review.postmortem.facilitator_id is None:
        return True
    return is_facilitator(review, user)


# --- preparation ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class PrepRow:
    step: PrepStep
    done_at: datetime | None
    done_by: str
    state: str  # done, open, due, overdue, early, late
    hint: str

    @property
    def label(self) -> str:
        return self.step.label

    @property
    def detail(self) -> str:
        return self.step.detail


def _prep_state(step: PrepStep, review: Review, now: datetime, deadline: date | None) -> tuple[str, str]:
    meeting_at = review.meeting_at
    if step == PrepStep.BOOK_MEETING:
        if deadline is None:
            return "due", "book 60–90 minutes"
        overdue = now.date() > deadline
        return ("overdue" if overdue else "due"), f"the meeting should happen by {deadline:%Y-%m-%d}"
    if meeting_at is None:
        return "open", "book the meeting first" if step == PrepStep.SHARE_AGENDA else "before the agenda goes out"
    if step == PrepStep.SHARE_AGENDA:
        state = share_agenda_status(meeting_at, now, None)
        hints = {"early": "send 24–48 h before the meeting", "due": "send now: the meeting is 24–48 h away",
                 "late": "the meeting is less than 24 h away"}
        return state, hints[state]
    ready_by = meeting_at - SHARE_AGENDA_LATEST
    if now > ready_by:
        return "overdue", "needed before the agenda goes out"
    if now >= meeting_at - SHARE_AGENDA_EARLIEST:
        return "due", "needed before the agenda goes out"
    return "open", "before the agenda goes out"


def prep_checklist(review: Review, *, now: datetime, deadline: date | None) -> list[PrepRow]:
    checks = {c.step: c for c in PrepCheck.objects.filter(review=review).select_related("done_by")}
    rows = []
    for step in PrepStep:
        check = checks.get(step.value)
        if check is not None:
            who = check.done_by.get_username() if check.done_by else ""
            rows.append(PrepRow(step, check.done_at, who, "done", ""))
        else:
            state, hint = _prep_state(step, review, now, deadline)
            rows.append(PrepRow(step, None, "", state, hint))
    return rows


# --- the live meeting ----------------------------------------------------------------------------

@dataclass(frozen=True)
class MeetingState:
    agenda: Agenda
    status: str  # not_started, running, ended
    slot: Slot | None
    index: int
    phase_started_at: datetime | None
    elapsed: timedelta
    remaining: timedelta
    version: int
    paused: bool = False
    paused_seconds: int = 0  # paused time of this phase, up to the pause still going on

    @property
    def overrun(self) -> bool:
        return self.status == "running" and self.remaining < timedelta()

    @property
    def is_first(self) -> bool:
        return self.index <= 0

    @property
    def is_last(self) -> bool:
        return self.index >= len(self.agenda.slots) - 1

    @property
    def remaining_seconds(self) -> int:
        return int(self.remaining.total_seconds())

    @property
    def remaining_text(self) -> str:
        """``12:05`` left, or ``+1:30 over`` (what the clock shows before the script ticks it)."""
        seconds = abs(self.remaining_seconds)
        text = f"{seconds // 60}:{seconds % 60:02d}"
        return text if self.remaining_seconds >= 0 else f"+{text} over"

    @property
    def ends_at(self) -> datetime | None:
        """When the phase's time runs out at the current pace; None while paused (the clock stands still)."""
        if self.slot is None or self.phase_started_at is None or self.paused:
            return None
        return self.phase_started_at + timedelta(minutes=self.slot.minutes, seconds=self.paused_seconds)


def meeting_state(review: Review, *, now: datetime) -> MeetingState:
    agenda = agenda_of(review)
    keys = [slot.key for slot in agenda.slots]
    if review.meeting_ended_at is not None:
        status = "ended"
    elif review.current_phase and review.phase_started_at is not None:
        status = "running"
    else:
        status = "not_started"
    if status != "running" or review.current_phase not in keys:
        slot = agenda.slots[0] if status == "not_started" else None
        minutes = timedelta(minutes=slot.minutes) if slot else timedelta()
        return MeetingState(agenda, status, slot, 0 if status == "not_started" else len(keys), None,
                            timedelta(), minutes, review.state_version)
    index = keys.index(review.current_phase)
    slot = agenda.slots[index]
    assert review.phase_started_at is not None
    paused = review.paused_at is not None
    paused_seconds = review.paused_seconds + (max(int((now - review.paused_at).total_seconds()), 0)
                                              if review.paused_at is not None else 0)
    elapsed = max(now - review.phase_started_at - timedelta(seconds=paused_seconds), timedelta())
    return MeetingState(agenda, status, slot, index, review.phase_started_at, elapsed,
                        timedelta(minutes=slot.minutes) - elapsed, review.state_version, paused, paused_seconds)


def phase_targets(slot: Slot | None) -> list[tuple[str, str]]:
    """What to show editable in place for a phase: ("section", key) or ("block", name)."""
    if slot is None:
        return []
    return [SECTION_TARGETS[str(section)] for section in slot.sections]


# --- accounts and notes --------------------------------------------------------------------------

def account_entries_visible(review: Review, user: AbstractBaseUser) -> QuerySet[AccountEntry]:
    """The author sees their own entries; the facilitator sees everyone's."""
    qs = AccountEntry.objects.filter(review=review).select_related("author")
    if is_facilitator(review, user):
        return qs.order_by("author__username", "time", "id")
    return qs.filter(author=user)


def anonymous_notes(review: Review) -> QuerySet[AnonymousNote]:
    return AnonymousNote.objects.filter(review=review).order_by("day", "text")


def phases_as_data() -> list[dict[str, Any]]:
    return [{"key": p.key, "title": p.title, "default": p.default_minutes, "min": p.min_minutes,
             "max": p.max_minutes} for p in PHASES]


def postmortem_started(postmortem: Postmortem) -> bool:
    """Someone wrote something or sent it for review."""
    return postmortem.status != "draft" or bool(postmortem.section_versions)


def is_participant(review: Review, user: AbstractBaseUser | None) -> bool:
    """The facilitator or a participant (linked to the user, or named by username or full name)."""
    if user is None or not user.is_authenticated:
        return False
    if is_facilitator(review, user):
        return True
    names = {user.get_username().casefold()}
    full = getattr(user, "get_full_name", lambda: "")().strip()
    if full:
        names.add(full.casefold())
    return any(p.user_id == user.pk or (p.user_id is None and p.name.strip().casefold() in names)
               for p in review.postmortem.participants.all())
