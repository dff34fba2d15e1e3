"""The live meeting: the server keeps the current phase and when it started, so every viewer agrees."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from hotwash.core.errors import ValidationError
from hotwash.web.reviews.models import Review
from hotwash.web.reviews.selectors.review import agenda_of

ACTIONS = ("start", "next", "previous", "pause", "resume", "end", "reset")


def _paused_total(review: Review, now: datetime) -> int:
    """Seconds this phase has been paused, including a pause still going on."""
    running_pause = int((now - review.paused_at).total_seconds()) if review.paused_at is not None else 0
    return review.paused_seconds + max(running_pause, 0)


def _close_phase(review: Review, now: datetime) -> None:
    if review.current_phase and review.phase_started_at is not None:
        review.phase_log = [*review.phase_log, {"phase": review.current_phase,
                                                "started": review.phase_started_at.isoformat(),
                                                "ended": now.isoformat(),
                                                "paused_seconds": _paused_total(review, now)}]


@transaction.atomic
def meeting_advance(*, review: Review, action: str, now: datetime | None = None) -> Review:
    """``start`` (first phase), ``next``, ``previous``, ``pause`` or ``resume`` the phase clock, ``end`` or
    ``reset`` the meeting.

    Each phase change restarts the clock of the phase it lands on (running, not paused) and bumps
    ``state_version`` so followers notice; so do pause and resume. Refused with ValidationError when the
    action makes no sense (next after the last phase, pause while paused).
    """
    if action not in ACTIONS:
        raise ValidationError(f"unknown action; one of {', '.join(ACTIONS)}", field="action")
    now = now or timezone.now()
    locked = Review.objects.select_for_update().get(pk=review.pk)
    keys = [slot.key for slot in agenda_of(locked).slots]
    running = bool(locked.current_phase) and locked.meeting_ended_at is None
    if action in ("pause", "resume"):
        if not running:
            raise ValidationError("start the meeting first", field="action")
        if action == "pause":
            if locked.paused_at is not None:
                raise ValidationError("the clock is already paused", field="action")
            locked.paused_at = now
        else:
            if locked.paused_at is None:
                raise ValidationError("the clock is not paused", field="action")
            locked.paused_seconds, locked.paused_at = _paused_total(locked, now), None
        locked.state_version += 1
        locked.save(update_fields=["paused_at", "paused_seconds", "state_version", "updated_at"])
        return locked
    if action == "reset":
        locked.current_phase, locked.phase_started_at = "", None
        locked.meeting_started_at = locked.meeting_ended_at = None
        locked.phase_log = []
    elif action == "start":
        if running:
            raise ValidationError("the meeting is already running", field="action")
        locked.current_phase, locked.phase_started_at = keys[0], now
        locked.meeting_started_at, locked.meeting_ended_at = now, None
        locked.phase_log = []
    elif action == "end":
        if not running:
            raise ValidationError("the meeting is not running", field="action")
        _close_phase(locked, now)
        locked.current_phase, locked.phase_started_at, locked.meeting_ended_at = "", None, now
    else:
        if not running:
            raise ValidationError("start the meeting first", field="action")
        index = keys.index(locked.current_phase) if locked.current_phase in keys else 0
        target = index + (1 if action == "next" else -1)
        if not 0 <= target < len(keys):
            raise ValidationError("this is the last phase: end the meeting" if action == "next"
                                  else "this is the first phase", field="action")
        _close_phase(locked, now)
        locked.current_phase, locked.phase_started_at = keys[target], now
    locked.paused_at, locked.paused_seconds = None, 0
    locked.state_version += 1
    locked.save(update_fields=["current_phase", "phase_started_at", "meeting_started_at", "meeting_ended_at",
                               "phase_log", "paused_at", "paused_seconds", "state_version", "updated_at"])
    return locked
