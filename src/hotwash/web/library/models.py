"""The search index row of each incident, recurrence decisions, feed tokens and digest runs.

``SearchDocument`` is the text of one incident and its postmortem, flattened for full-text search.
The database keeps its own index of it in sync (see migrations/0002_fulltext.py):

- SQLite: an FTS5 table ``library_fts`` (external content = this table) maintained by triggers;
- PostgreSQL: a generated ``search_vector tsvector`` column with a GIN index.

The filters are copies too, so a filtered search is one indexed lookup: ``facets`` holds the facet
tokens of its services, tags, factor categories, severity and teams (see
:func:`hotwash.core.search_query.facet_token`; indexed with the text), ``started_at`` the date
filters' column. The copies are refreshed whenever the incident or its published postmortem is
saved through the services (``incident_update``, publishing, amendments), when a profile's team
changes (a signal: admin edits too) and by ``hotwash library reindex``. Visibility is read live at query time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from hotwash.web.incidents.models import Incident

# The indexed columns, in the order of the FTS5 table and of the bm25() weights (facets: weight 0).
FTS_COLUMNS = ("title", "labels", "summary", "body", "timeline", "factors", "facets")


class SearchDocument(models.Model):
    incident = models.OneToOneField(Incident, primary_key=True, on_delete=models.CASCADE,
                                    related_name="search_document")
    title = models.TextField(blank=True)
    labels = models.TextField(blank=True, help_text="Services, tags and factor categories, as words")
    summary = models.TextField(blank=True, help_text="Executive summary and customer impact")
    body = models.TextField(blank=True, help_text="The other sections")
    timeline = models.TextField(blank=True)
    factors = models.TextField(blank=True)
    services = models.JSONField(default=list, blank=True)
    tags = models.JSONField(default=list, blank=True)
    categories = models.JSONField(default=list, blank=True)
    published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)
    severity = models.CharField(max_length=30, blank=True, help_text="The severity key, for display")
    started_at = models.DateTimeField(null=True, blank=True)
    facets = models.TextField(blank=True, help_text="Facet tokens: services, tags, factor categories, severity, teams")

    class Meta:
        indexes = [models.Index(fields=["published", "published_at"]),
                   models.Index(fields=["started_at", "published", "incident"], name="library_doc_started")]

    def __str__(self) -> str:
        return f"index of INC-{self.incident_id}"


class RecurrenceState(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed recurrence"
    DISMISSED = "dismissed", "Not a recurrence"


class RecurrenceLink(models.Model):
    """A team's decision about a suggested match: ``incident`` looks like the earlier ``earlier``."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="recurrence_links")
    earlier = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="recurred_links")
    state = models.CharField(max_length=10, choices=RecurrenceState.choices)
    score = models.FloatField(default=0.0)
    reasons = models.JSONField(default=list, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["incident", "earlier"], name="unique_recurrence_pair")]
        indexes = [models.Index(fields=["earlier", "state"])]

    def __str__(self) -> str:
        return f"INC-{self.incident_id} {self.state} INC-{self.earlier_id}"


class FeedToken(models.Model):
    """The secret in a user's private feed URL; changing ``salt`` revokes every earlier URL."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_token")
    salt = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"feed token of {self.user}"


class DigestRun(models.Model):
    """One learning digest; the next one starts where this one ended.

    A run of the periodic tick claims its ``slot`` first (unique: the period after the previous run),
    committed before anything is sent, so two workers never send the same period; ``channels`` lists
    the channels already delivered, so a failed run is retried on the rest only. Runs sent by hand
    (``hotwash digest --send``) have no slot.
    """

    SENDING, SENT, FAILED, GAVE_UP = "sending", "sent", "failed", "gave_up"
    STATUSES = [(SENDING, "sending"), (SENT, "sent"), (FAILED, "failed, retried later"), (GAVE_UP, "given up")]

    since = models.DateTimeField()
    until = models.DateTimeField()
    sent_at = models.DateTimeField(auto_now_add=True)
    channels = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True)
    slot = models.CharField(max_length=64, null=True, blank=True, unique=True,
                            help_text="The period claimed by the periodic tick (unique); empty when sent by hand")
    status = models.CharField(max_length=10, choices=STATUSES, default=SENT)
    worker = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=1)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-until"]

    def __str__(self) -> str:
        return f"digest {self.since:%Y-%m-%d} – {self.until:%Y-%m-%d}"
