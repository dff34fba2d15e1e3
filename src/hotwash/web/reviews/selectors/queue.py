"""The "needs review" queue: incidents without a started postmortem, and those past their meeting deadline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hotwash.core.policy import ReviewPolicy
from hotwash.web.incidents.models import Incident
from hotwash.web.incidents.selectors import incidents_visible_to
from hotwash.web.reviews.selectors.policy import incident_facts, meeting_due, policy_from_settings
from hotwash.web.reviews.selectors.review import postmortem_started


@dataclass
class QueueItem:
    incident: Incident
    kind: str
    kind_reasons: tuple[str, ...]
    reasons: list[str] = field(default_factory=list)
    due: date | None = None
    overdue: bool = False
    meeting_at: object = None


def review_queue(*, today: date, policy: ReviewPolicy | None = None, user: Any = None) -> list[QueueItem]:
    """Unpublished incidents that need attention, most urgent first, each with its reasons.

    Listed when the postmortem (or short note) is not started, or when a formal review's meeting
    has not been held and its deadline (by severity, see docs/policy.md) has passed. ``user`` limits
    the list to the incidents they may see (restricted incidents); None means everything.
    """
    policy = policy or policy_from_settings()
    incidents = (incidents_visible_to(user).select_related("severity", "postmortem__review", "postmortem__facilitator")
                 .prefetch_related("tags").exclude(postmortem__status="published"))
    items: list[QueueItem] = []
    for incident in incidents:
        postmortem = getattr(incident, "postmortem", None)
        review = getattr(postmortem, "review", None) if postmortem is not None else None
        if review is not None and review.kind_overridden:
            kind, kind_reasons = review.kind, ("chosen by hand",)
        else:
            decision = policy.review_kind(incident_facts(incident, {t.name for t in incident.tags.all()}))
            kind, kind_reasons = decision.kind, decision.reasons
        item = QueueItem(incident, kind, tuple(kind_reasons))
        label = "postmortem" if kind == "formal" else "short note"
        if postmortem is None or not postmortem_started(postmortem):
            item.reasons.append(f"{label} not started")
        if kind == "formal" and not (review is not None and review.meeting_held):
            item.due = meeting_due(incident, policy)
            item.meeting_at = review.meeting_at if review is not None else None
            if item.due is not None and today > item.due:
                item.overdue = True
                deadline = policy.meeting_deadlines.get(incident.severity.key)
                rule = f" ({deadline.describe()} for {incident.severity.label})" if deadline else ""
                item.reasons.append(f"review meeting overdue since {item.due:%Y-%m-%d}{rule}")
        if item.reasons:
            items.append(item)
    items.sort(key=lambda i: (not i.overdue, i.incident.severity.rank, i.due or date.max, -i.incident.pk))
    return items
