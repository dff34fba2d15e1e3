from __future__ import annotations

from django.conf import settings
from django.db import models

from hotwash.core.model import EntryKind
from hotwash.web.incidents.models import Incident


class TimelineEntry(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="timeline")
    time = models.DateTimeField()
    event = models.TextField()
    information_available = models.TextField(blank=True)
    decision_action = models.TextField(blank=True)
    source = models.CharField(max_length=50, default="manual")
    source_id = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=20, choices=[(k.value, k.value.title()) for k in EntryKind],
                            default=EntryKind.MANUAL.value)
    actor = models.CharField(max_length=200, blank=True)
    link = models.URLField(max_length=1000, blank=True)
    key_decision = models.BooleanField(default=False)
    wrong_assumption = models.BooleanField(default=False)
    assumed_zone = models.BooleanField(default=False)
    hidden = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["time", "id"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "source", "source_id"],
                                    condition=~models.Q(source_id=""), name="unique_timeline_source_id"),
        ]
        indexes = [models.Index(fields=["incident", "time"])]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.event[:60]}"


class ImportBatch(models.Model):
    """An uploaded set of artifacts, read and previewed, waiting to be confirmed (or discarded).

    The parsed entries are stored here as JSON so that confirming works on any worker process;
    the uploaded files themselves are not kept. Pending batches expire (``IMPORT_BATCH_TTL``).
    """

    PENDING, CONFIRMED, DISCARDED = "pending", "confirmed", "discarded"

    token = models.UUIDField(unique=True)
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="import_batches")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=12, default=PENDING,
                              choices=[(s, s.title()) for s in (PENDING, CONFIRMED, DISCARDED)])
    options = models.JSONField(default=dict, blank=True)  # format, zone, margin, window
    sources = models.JSONField(default=list, blank=True)  # per-source summaries (SourceRead.as_dict)
    entries = models.JSONField(default=list, blank=True)  # entry_to_json rows, merged and sorted
    result = models.JSONField(default=dict, blank=True)  # added / already_present once confirmed
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"import {self.token} into {self.incident_id} ({self.status})"


class UnmatchedAlert(models.Model):
    """An alert that came by webhook when no incident matched it (none open, several open and none
    sharing its names). Kept so it can be added to the incident declared later: the incident page
    offers the alerts whose time falls around it. Unattached alerts expire after 30 days."""

    integration = models.CharField(max_length=20)  # alertmanager, grafana, pagerduty, opsgenie
    time = models.DateTimeField()
    event = models.TextField()
    source = models.CharField(max_length=50)
    source_id = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=20, default=EntryKind.ALERT.value)
    actor = models.CharField(max_length=200, blank=True)
    link = models.URLField(max_length=1000, blank=True)
    assumed_zone = models.BooleanField(default=False)
    names = models.JSONField(default=list, blank=True)  # lower-cased labels/tags/services it could match on
    received_at = models.DateTimeField(auto_now_add=True)
    incident = models.ForeignKey(Incident, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="attached_alerts")  # set once added to that incident's timeline
    attached_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["time", "id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], condition=~models.Q(source_id=""),
                                    name="unique_unmatched_alert_source_id"),
        ]
        indexes = [models.Index(fields=["incident", "time"])]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.integration}: {self.event[:60]}"
