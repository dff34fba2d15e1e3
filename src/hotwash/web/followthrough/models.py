"""Follow-through: sent reminders (idempotency keys), effectiveness verdicts, calendar feeds."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from hotwash.core.followup import Effectiveness
from hotwash.web.actions.models import ActionItem
from hotwash.web.postmortems.models import FollowUpReview


class SentReminder(models.Model):
    """One reminder (or digest) on one channel. The unique (key, channel) makes sending at-most-once.

    The row is inserted (``sending``) and committed *before* the message goes out; only the worker whose
    insert succeeded sends. After the send it becomes ``sent``, or ``failed`` with the error and a time to
    retry (the stored payload is resent). A row left in ``sending`` by a crash is never resent.
    """

    SENDING, SENT, FAILED, GAVE_UP = "sending", "sent", "failed", "gave_up"

    key = models.CharField(max_length=200)  # hotwash.core.reminders keys: action:42:due:2026-11-20, digest:…
    channel = models.CharField(max_length=10)  # email | webhook
    status = models.CharField(max_length=10, default=SENDING)
    item = models.ForeignKey(ActionItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recipient = models.CharField(max_length=300, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=1)
    last_error = models.TextField(blank=True)
    worker = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["key", "channel"], name="unique_reminder_key_channel")]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.key} ({self.channel}, {self.status})"


class ActionVerdict(models.Model):
    """Did a done action item work? Recorded in a follow-up review; "did not" reopens the item."""

    action = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="verdicts")
    review = models.ForeignKey(FollowUpReview, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="verdicts")
    verdict = models.CharField(max_length=10, choices=[(e.value, e.label) for e in Effectiveness])
    evidence_url = models.URLField(max_length=500, blank=True)
    note = models.TextField(blank=True)
    reopened = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action_id}: {self.verdict}"


class CalendarFeed(models.Model):
    """A secret, rotatable iCalendar feed URL: a user's own (team empty) or a team's (user empty)."""

    secret = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="calendar_feeds")
    team = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    rotated_at = models.DateTimeField(null=True, blank=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=models.Q(team=""), name="one_feed_per_user"),
            models.UniqueConstraint(fields=["team"], condition=models.Q(user__isnull=True),
                                    name="one_feed_per_team"),
            models.CheckConstraint(condition=(models.Q(user__isnull=False, team="")
                                              | models.Q(user__isnull=True) & ~models.Q(team="")),
                                   name="feed_is_user_or_team"),
        ]

    def __str__(self) -> str:
        return f"calendar of {self.team or self.user}"
