from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from hotwash.core.model import ActionStatus, ActionType, Priority
from hotwash.web.postmortems.models import Postmortem


class ActionItem(models.Model):
    """An action item of a postmortem or of a team retrospective (exactly one of the two, a DB constraint).

    Both kinds share the board, reminders, calendars, trackers, versions and effectiveness verdicts. An
    item of a retrospective belongs to no incident, so it is never restricted.
    """

    postmortem = models.ForeignKey(Postmortem, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="actions")
    retrospective = models.ForeignKey("reviews.Retrospective", null=True, blank=True, on_delete=models.CASCADE,
                                      related_name="actions")
    action = models.TextField()
    owner = models.CharField(max_length=100, blank=True, help_text="A person or a team")
    owner_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="action_items")
    due_date = models.DateField(null=True, blank=True)
    success_metric = models.TextField(blank=True)
    impact = models.PositiveSmallIntegerField(default=2)  # 1 low .. 3 high
    effort = models.PositiveSmallIntegerField(default=2)  # 1 low .. 3 high
    priority = models.CharField(max_length=2, choices=[(p.value, p.value.upper()) for p in Priority],
                                default=Priority.P2.value)
    type = models.CharField(max_length=10, choices=[(t.value, t.value.title()) for t in ActionType],
                            default=ActionType.PREVENT.value)
    status = models.CharField(max_length=12, choices=[(s.value, s.value.replace("_", " ").title())
                                                      for s in ActionStatus],
                              default=ActionStatus.OPEN.value)
    wont_do_reason = models.TextField(blank=True)
    external_link = models.URLField(max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # The linked issue in a tracker (Jira, GitHub): the ticket URL is also kept in external_link.
    tracker = models.CharField(max_length=10, blank=True, help_text="jira or github")
    tracker_key = models.CharField(max_length=100, blank=True, help_text="e.g. OPS-87 or acme/payments#57")
    # "" nothing asked · pending: to be created (retried on tick) · exporting: a worker is creating it ·
    # linked: created · failed: refused for a reason that needs a person (credentials, project…)
    tracker_state = models.CharField(max_length=10, blank=True)
    tracker_error = models.TextField(blank=True)
    tracker_status = models.CharField(max_length=100, blank=True, help_text="The tracker's own status name")
    tracker_attempts = models.PositiveSmallIntegerField(default=0)
    tracker_claimed_at = models.DateTimeField(null=True, blank=True)
    tracker_synced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["priority", "due_date", "id"]
        indexes = [models.Index(fields=["status", "due_date"]), models.Index(fields=["tracker_state"])]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(postmortem__isnull=False, retrospective__isnull=True)
                           | models.Q(postmortem__isnull=True, retrospective__isnull=False)),
                name="action_item_of_postmortem_or_retrospective"),
        ]

    def __str__(self) -> str:
        return self.action[:80]

    # Where the item comes from, for rows, reminders, calendars and tickets (select_related
    # "postmortem__incident" and "retrospective" to read these without a query each).

    @property
    def incident(self):  # type: ignore[no-untyped-def]
        """The incident of the postmortem, or None for an item of a retrospective."""
        return self.postmortem.incident if self.postmortem_id is not None and self.postmortem else None

    @property
    def source_ref(self) -> str:
        """``INC-12``, or ``Retro 2026-03-01`` for an item of a retrospective."""
        incident = self.incident
        if incident is not None:
            return str(incident.ref)
        return f"Retro {self.retrospective.held_on:%Y-%m-%d}" if self.retrospective else ""

    @property
    def source_title(self) -> str:
        """The incident's title, or the retrospective's team and title."""
        incident = self.incident
        if incident is not None:
            return str(incident.title)
        retro = self.retrospective
        if retro is None:
            return ""
        return f"{retro.team} retrospective" + (f": {retro.title}" if retro.title else "")

    @property
    def source_label(self) -> str:
        """One line: ``INC-12 Checkout errors`` or ``Payments retrospective of 2026-03-01``."""
        if self.incident is not None:
            return f"{self.source_ref} {self.source_title}"
        retro = self.retrospective
        return f"{self.source_title} of {retro.held_on:%Y-%m-%d}" if retro else ""

    def source_path(self) -> str:
        """The page the item lives on: the incident's postmortem or the retrospective."""
        if self.postmortem_id is not None:
            return reverse("incident_detail", args=[self.postmortem.incident_id])  # type: ignore[union-attr]
        return reverse("retro_detail", args=[self.retrospective_id])
