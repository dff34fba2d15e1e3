from __future__ import annotations

from django.conf import settings
from django.db import models

from hotwash.core.model import IncidentStatus, durations


class SeverityLevel(models.Model):
    """Configurable severity levels; rank 1 is the most severe."""

    key = models.SlugField(max_length=30, unique=True)
    label = models.CharField(max_length=50)
    description = models.TextField(blank=True)
    rank = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        ordering = ["rank"]

    def __str__(self) -> str:
        return self.label


class Service(models.Model):
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    name = models.CharField(max_length=50, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Incident(models.Model):
    title = models.CharField(max_length=200)
    severity = models.ForeignKey(SeverityLevel, on_delete=models.PROTECT, related_name="incidents")
    status = models.CharField(max_length=20, choices=[(s.value, s.value.title()) for s in IncidentStatus],
                              default=IncidentStatus.INVESTIGATING.value)
    started_at = models.DateTimeField()
    detected_at = models.DateTimeField(null=True, blank=True)
    mitigated_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    timezone = models.CharField(max_length=64, default="UTC",
                                help_text="The zone the incident happened in; used for sources without one.")
    services = models.ManyToManyField(Service, blank=True, related_name="incidents")
    tags = models.ManyToManyField(Tag, blank=True, related_name="incidents")
    customer_impact = models.TextField(blank=True)
    escalated = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    # Restricted (e.g. a security incident): only participants, the creator, staff and these groups see it.
    restricted = models.BooleanField(default=False, db_index=True)
    allowed_groups = models.ManyToManyField("auth.Group", blank=True, related_name="restricted_incidents")

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["started_at"])]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"

    @property
    def ref(self) -> str:
        return f"INC-{self.pk}"

    @property
    def durations(self):  # type: ignore[no-untyped-def]
        return durations(self.started_at, self.detected_at, self.mitigated_at, self.resolved_at)
