from __future__ import annotations

from django.conf import settings
from django.db import models

from hotwash.core.model import ActionStatus, ActionType, Priority
from hotwash.web.postmortems.models import Postmortem


class ActionItem(models.Model):
    postmortem = models.ForeignKey(Postmortem, on_delete=models.CASCADE, related_name="actions")
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

    def __str__(self) -> str:
        return self.action[:80]
