from __future__ import annotations

from django.conf import settings
from django.db import models

from hotwash.core.model import FactorRole, PostmortemStatus
from hotwash.web.incidents.models import Incident
from hotwash.web.timeline.models import TimelineEntry

# The free-text sections of the template, in document order: key -> label.
SECTIONS: dict[str, str] = {
    "executive_summary": "Executive summary",
    "what_went_well": "What went well",
    "what_went_wrong": "What went wrong",
    "what_was_confusing": "What was confusing",
    "where_we_got_lucky": "Where we got lucky",
    "key_learnings": "Key learnings",
}


class Postmortem(models.Model):
    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, related_name="postmortem")
    status = models.CharField(max_length=20, choices=[(s.value, s.value.replace("_", " ").title())
                                                      for s in PostmortemStatus],
                              default=PostmortemStatus.DRAFT.value)
    facilitator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="facilitated")
    executive_summary = models.TextField(blank=True)
    what_went_well = models.TextField(blank=True)
    what_went_wrong = models.TextField(blank=True)
    what_was_confusing = models.TextField(blank=True)
    where_we_got_lucky = models.TextField(blank=True)
    key_learnings = models.TextField(blank=True)
    # section key -> current version number (0 or absent: never edited)
    section_versions = models.JSONField(default=dict, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Postmortem of {self.incident}"

    def section_version(self, key: str) -> int:
        return int(self.section_versions.get(key, 0))


class SectionRevision(models.Model):
    """One saved version of a section: who, when, and the text (the diff is computed on display)."""

    postmortem = models.ForeignKey(Postmortem, on_delete=models.CASCADE, related_name="revisions")
    section = models.CharField(max_length=40)
    version = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["section", "-version"]
        constraints = [models.UniqueConstraint(fields=["postmortem", "section", "version"],
                                               name="unique_section_version")]

    def __str__(self) -> str:
        return f"{self.section} v{self.version}"


class Participant(models.Model):
    postmortem = models.ForeignKey(Postmortem, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="participations")
    name = models.CharField(max_length=100)
    role = models.CharField(max_length=100, blank=True, help_text="e.g. on-call engineer, incident commander")
    involved = models.BooleanField(default=True, help_text="Took part in the incident itself")
    consent_to_name = models.BooleanField(default=False, help_text="Agrees to be named in shared copies")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FactorCategory(models.Model):
    key = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=60)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["order", "label"]
        verbose_name_plural = "factor categories"

    def __str__(self) -> str:
        return self.label


class ContributingFactor(models.Model):
    postmortem = models.ForeignKey(Postmortem, on_delete=models.CASCADE, related_name="factors")
    category = models.ForeignKey(FactorCategory, on_delete=models.PROTECT, related_name="factors")
    role = models.CharField(max_length=10, choices=[(FactorRole.TRIGGER.value, "Trigger"),
                                                    (FactorRole.ENABLING.value, "Enabling condition")],
                            default=FactorRole.ENABLING.value)
    description = models.TextField()
    timeline_entries = models.ManyToManyField(TimelineEntry, blank=True, related_name="factors")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["category__order", "-role", "id"]

    def __str__(self) -> str:
        return self.description[:80]


class FollowUpReview(models.Model):
    postmortem = models.ForeignKey(Postmortem, on_delete=models.CASCADE, related_name="followups")
    stage = models.CharField(max_length=20, blank=True,
                             help_text="immediate, short_term, long_term (hotwash.core.followup) or empty")
    title = models.CharField(max_length=200, blank=True)
    scheduled_for = models.DateField()
    focus = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    checklist = models.JSONField(default=list, blank=True)  # [{"text": ..., "done": bool}]
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        ordering = ["scheduled_for", "id"]

    def __str__(self) -> str:
        return f"Follow-up review on {self.scheduled_for}"


class LintWaiver(models.Model):
    """A blocking language finding kept on purpose, with the reason (recorded, shown in the review check)."""

    postmortem = models.ForeignKey(Postmortem, on_delete=models.CASCADE, related_name="waivers")
    location = models.CharField(max_length=60)  # e.g. "section:executive_summary", "factor:12"
    code = models.CharField(max_length=10)
    span = models.CharField(max_length=300)
    sentence = models.TextField()
    reason = models.CharField(max_length=500)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.code} waived: {self.reason[:60]}"


class Amendment(models.Model):
    """A recorded change to a published postmortem: who, when, why, and what it replaced."""

    postmortem = models.ForeignKey(Postmortem, on_delete=models.CASCADE, related_name="amendments")
    section = models.CharField(max_length=40)
    reason = models.CharField(max_length=500)
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Amendment of {self.section}: {self.reason[:60]}"


class WhyChain(models.Model):
    """A 5 Whys chain: a problem statement and the answers to successive whys."""

    postmortem = models.ForeignKey(Postmortem, on_delete=models.CASCADE, related_name="why_chains")
    problem = models.CharField(max_length=500)
    answers = models.JSONField(default=list, blank=True)  # ["because …", "because …"]
    factor = models.ForeignKey(ContributingFactor, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", help_text="The factor this chain's conclusion became")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.problem[:80]
