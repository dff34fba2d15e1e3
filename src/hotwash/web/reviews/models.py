"""Models of running a review: the review of a postmortem (kind, meeting, agenda, live phase), its
preparation checklist, the facilitator roster, private accounts, anonymous notes and survey answers,
and team retrospectives without an incident.

Anonymity (see docs/reviews.md): :class:`AnonymousNote` and :class:`SurveyAnswer` carry no user and no
time finer than the day; their primary keys are random integers (on SQLite an ``integer`` primary key
is the rowid itself, so even the storage order is random). :class:`SurveyResponse` records only that a
user answered a review, with its own random key and no time, so it cannot be joined to an answer.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

from hotwash.core.meeting import PrepStep
from hotwash.core.survey import QUESTIONS
from hotwash.web.postmortems.models import Postmortem
from hotwash.web.timeline.models import TimelineEntry

KIND_CHOICES = [("formal", "Formal postmortem"), ("short_note", "Short note")]
RANDOM_KEY_MAX = 2**31 - 1


def random_key() -> int:
    """A random primary key in 1..2^31-1 (fits an ``integer`` column on every database)."""
    return secrets.randbelow(RANDOM_KEY_MAX - 1) + 1


class Review(models.Model):
    """How a postmortem is reviewed: formal or short note, the meeting, its agenda and live state."""

    postmortem = models.OneToOneField(Postmortem, on_delete=models.CASCADE, related_name="review")
    kind = models.CharField(max_length=12, choices=KIND_CHOICES, default="formal")
    kind_reasons = models.JSONField(default=list, blank=True)
    kind_overridden = models.BooleanField(default=False, help_text="Chosen by hand over the policy's decision")
    team = models.CharField(max_length=100, blank=True, help_text="Survey results are aggregated per team")
    # the meeting
    meeting_at = models.DateTimeField(null=True, blank=True)
    meeting_minutes = models.PositiveSmallIntegerField(default=80)
    meeting_place = models.CharField(max_length=500, blank=True, help_text="A room or a call link")
    agenda_minutes = models.JSONField(default=dict, blank=True)  # phase key -> minutes (over the defaults)
    agenda_shared_at = models.DateTimeField(null=True, blank=True)
    invite_sequence = models.PositiveIntegerField(default=0)
    # the live meeting: every viewer sees the same phase and clock
    current_phase = models.CharField(max_length=20, blank=True)
    phase_started_at = models.DateTimeField(null=True, blank=True)
    meeting_started_at = models.DateTimeField(null=True, blank=True)
    meeting_ended_at = models.DateTimeField(null=True, blank=True)
    phase_log = models.JSONField(default=list, blank=True)  # [{"phase", "started", "ended", "paused_seconds"}]
    # the phase clock can be paused: paused_at while paused, paused_seconds already spent paused this phase
    paused_at = models.DateTimeField(null=True, blank=True)
    paused_seconds = models.PositiveIntegerField(default=0)
    state_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Review of {self.postmortem}"

    @property
    def meeting_held(self) -> bool:
        return self.meeting_ended_at is not None


class PrepCheck(models.Model):
    """One done step of the preparation checklist (absent: not done)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="prep_checks")
    step = models.CharField(max_length=30, choices=[(s.value, s.label) for s in PrepStep])
    done_at = models.DateTimeField()
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "step"], name="unique_prep_step")]

    def __str__(self) -> str:
        return f"{self.step} done"


class Facilitator(models.Model):
    """A user who opted in to facilitate reviews. When they last did is derived from postmortems."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="facilitator")
    active = models.BooleanField(default=True)
    note = models.CharField(max_length=200, blank=True, help_text="e.g. away until May, prefers mornings")
    joined_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.user)


class AccountEntry(models.Model):
    """One moment of a participant's private account: what they saw, knew and did, and when.

    Visible to its author and the review's facilitator only. It joins the incident timeline only when
    its author shares it (attributed or anonymously).
    """

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="account_entries")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    time = models.DateTimeField()
    saw = models.TextField(help_text="What happened, what you saw")
    knew = models.TextField(blank=True, help_text="What you knew or believed at that point")
    did = models.TextField(blank=True, help_text="What you decided or did")
    shared_entry = models.ForeignKey(TimelineEntry, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    shared_attributed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["time", "id"]
        indexes = [models.Index(fields=["review", "author"])]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.saw[:60]}"


class AnonymousNote(models.Model):
    """A note left anonymously during preparation: no user, the day only, a random key."""

    id = models.IntegerField(primary_key=True, default=random_key, editable=False)
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="anonymous_notes")
    text = models.TextField()
    day = models.DateField()

    class Meta:
        ordering = ["day", "text"]

    def __str__(self) -> str:
        return "anonymous note"


class SurveyAnswer(models.Model):
    """One anonymous survey answer: scores 1–5, free text and the day. No user, a random key."""

    id = models.IntegerField(primary_key=True, default=random_key, editable=False)
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="survey_answers")
    day = models.DateField()
    blameless = models.PositiveSmallIntegerField(null=True, blank=True)
    voice = models.PositiveSmallIntegerField(null=True, blank=True)
    time = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["day", "id"]

    def __str__(self) -> str:
        return "anonymous survey answer"

    def scores(self) -> dict[str, int]:
        return {q.key: getattr(self, q.key) for q in QUESTIONS if getattr(self, q.key) is not None}


class SurveyResponse(models.Model):
    """Only that a user answered a review's survey (to refuse a second answer). No time, a random key."""

    id = models.IntegerField(primary_key=True, default=random_key, editable=False)
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="survey_responses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "user"], name="unique_survey_response")]

    def __str__(self) -> str:
        return "survey answered"


# --- team retrospectives without an incident -----------------------------------------------------

class Retrospective(models.Model):
    """A team retrospective without an incident. Its action items are ``actions.ActionItem`` rows
    (``retrospective`` set, ``postmortem`` empty): ``retro.actions``."""

    team = models.CharField(max_length=100)
    held_on = models.DateField()
    title = models.CharField(max_length=200, blank=True)
    facilitator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    follow_up_on = models.DateField(null=True, blank=True, help_text="When the actions are looked at again")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.team} retrospective {self.held_on}"


class RetroItem(models.Model):
    retrospective = models.ForeignKey(Retrospective, on_delete=models.CASCADE, related_name="items")
    column = models.CharField(max_length=20)  # hotwash.core.meeting.RETROSPECTIVE_COLUMNS
    text = models.TextField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:80]
