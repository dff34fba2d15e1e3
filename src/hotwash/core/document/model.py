"""A whole postmortem as plain dataclasses, independent of Django.

The web layer builds a :class:`PostmortemDoc` from its models and hands it to the renderers
(:mod:`.markdown`, :mod:`.html`, :mod:`.pdf`); the Markdown importer produces one.

Conventions:

- datetimes are timezone-aware (a naive datetime is read as UTC); ``timezone`` is the IANA
  zone the document shows times in;
- free-text sections (executive summary, what went well...) are Markdown strings;
- table cells (timeline, action items) are one-paragraph inline Markdown, newlines allowed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from hotwash.core.model import DEFAULT_FACTOR_CATEGORIES, FactorRole

DEFAULT_FOLLOW_UP_FOCUS = "Review action item progress and measure improvement effectiveness"


@dataclass
class Participant:
    name: str
    role: str = ""
    involved: bool = False


@dataclass
class TimelineRow:
    time: datetime
    event: str
    information_available: str = ""
    decision_action: str = ""
    source: str = ""
    kind: str = "manual"  # an EntryKind value
    key_decision: bool = False
    wrong_assumption: bool = False


@dataclass
class Factor:
    category: str  # a category key, e.g. "technical"
    role: str = FactorRole.ENABLING.value  # "trigger" or "enabling"
    description: str = ""

    @property
    def is_trigger(self) -> bool:
        return self.role == FactorRole.TRIGGER.value


@dataclass
class ActionRow:
    action: str
    owner: str = ""
    due_date: date | None = None
    success_metric: str = ""
    priority: str = ""  # "p1".."p4" or empty
    status: str = "open"  # an ActionStatus value


@dataclass
class FollowUp:
    scheduled_for: date | None = None
    focus: str = DEFAULT_FOLLOW_UP_FOCUS


def default_categories() -> list[tuple[str, str]]:
    return list(DEFAULT_FACTOR_CATEGORIES)


@dataclass
class PostmortemDoc:
    title: str
    incident_date: date | None = None
    facilitator: str = ""
    participants: list[Participant] = field(default_factory=list)
    severity: str = ""
    duration: timedelta | None = None
    started: datetime | None = None
    detected: datetime | None = None
    mitigated: datetime | None = None
    resolved: datetime | None = None
    timezone: str = "UTC"
    executive_summary: str = ""
    timeline: list[TimelineRow] = field(default_factory=list)
    factors: list[Factor] = field(default_factory=list)
    categories: list[tuple[str, str]] = field(default_factory=default_categories)
    what_went_well: str = ""
    what_went_wrong: str = ""
    what_was_confusing: str = ""
    where_we_got_lucky: str = ""
    key_learnings: list[str] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)
    follow_up: FollowUp = field(default_factory=FollowUp)
    services: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    impact: str = ""

    def effective_duration(self) -> timedelta | None:
        """The recorded duration, or resolved minus started when both are known."""
        if self.duration is not None:
            return self.duration
        if self.started is not None and self.resolved is not None:
            return self.resolved - self.started
        return None

    def category_label(self, key: str) -> str:
        for k, label in self.categories:
            if k == key:
                return label
        return key.replace("-", " ").replace("_", " ").title() if key else "Other"

    def factors_by_category(self) -> dict[str, list[tuple[str, str]]]:
        """``{label: [(description, role), ...]}`` in category order, for the fishbone."""
        grouped: dict[str, list[tuple[str, str]]] = {}
        keys = [k for k, _ in self.categories]
        for f in self.factors:
            if f.category not in keys:
                keys.append(f.category)
        for key in keys:
            grouped.setdefault(self.category_label(key), [])
        for f in self.factors:
            grouped[self.category_label(f.category)].append((f.description, f.role))
        return grouped
