"""The practice's three follow-up reviews, scheduled when a postmortem is published.

Within 1 week: publish, backlog, brief leadership, tell related teams. At 2–4 weeks (scheduled at
3 weeks): progress, effectiveness, new insights, process refinement. At 2–3 months (scheduled at
10 weeks): impact, patterns, knowledge sharing, runbooks and docs. In the reviews each done action
item gets an effectiveness verdict; "did not" reopens the question.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


class FollowupStage(enum.StrEnum):
    IMMEDIATE = "immediate"
    SHORT_TERM = "short_term"
    LONG_TERM = "long_term"


@dataclass(frozen=True)
class FollowupPlan:
    stage: FollowupStage
    title: str
    due: date
    checklist: list[str]
    focus: str


# (stage, title, days after publication, focus, checklist) — wording from the follow-up protocol.
_STAGES: tuple[tuple[FollowupStage, str, int, str, tuple[str, ...]], ...] = (
    (FollowupStage.IMMEDIATE, "Immediate follow-up (within 1 week)", 7,
     "Make the learning visible and the actions owned.",
     ("Document publication: share the postmortem document with the broader organization",
      "Action item tracking: add all action items to the team backlog with clear ownership",
      "Stakeholder communication: brief leadership on key learnings and planned improvements",
      "Related team notification: share learnings with teams who might face similar risks")),
    (FollowupStage.SHORT_TERM, "Short-term follow-up (2–4 weeks)", 21,
     "Review action item progress and measure improvement effectiveness.",
     ("Progress review: check action item completion status",
      "Effectiveness measurement: assess whether implemented changes are working",
      "Additional insights: capture any new learnings that emerged during implementation",
      "Process refinement: improve the postmortem process based on this experience")),
    (FollowupStage.LONG_TERM, "Long-term follow-up (2–3 months)", 70,
     "Check that the learning lasted and spread.",
     ("Impact assessment: measure whether similar incidents have been prevented",
      "Pattern recognition: look for connections with other incidents or near misses",
      "Knowledge sharing: present learnings at team retrospectives or engineering all-hands",
      "Documentation update: update team runbooks and procedures based on learnings")),
)


def plan_followups(published_on: date) -> list[FollowupPlan]:
    """The three follow-up reviews for a postmortem published on ``published_on``."""
    return [FollowupPlan(stage, title, published_on + timedelta(days=days), list(checklist), focus)
            for stage, title, days, focus, checklist in _STAGES]


class Effectiveness(enum.StrEnum):
    WORKED = "worked"
    PARTLY = "partly"
    DID_NOT = "did_not"

    @property
    def label(self) -> str:
        return {"worked": "Worked", "partly": "Partly worked", "did_not": "Did not work"}[self.value]


def verdict_reopens(verdict: Effectiveness | str) -> bool:
    """A fix that did not work reopens the question: the item needs a new look, not a tick."""
    return Effectiveness(verdict) is Effectiveness.DID_NOT


@dataclass(frozen=True)
class EffectivenessSummary:
    worked: int
    partly: int
    did_not: int
    unjudged: int

    @property
    def judged(self) -> int:
        return self.worked + self.partly + self.did_not


def summarize_verdicts(verdicts: Iterable[Effectiveness | str | None]) -> EffectivenessSummary:
    """Counts per verdict; None is a done item nobody has judged yet."""
    counts = {e: 0 for e in Effectiveness}
    unjudged = 0
    for verdict in verdicts:
        if verdict is None or verdict == "":
            unjudged += 1
        else:
            counts[Effectiveness(verdict)] += 1
    return EffectivenessSummary(counts[Effectiveness.WORKED], counts[Effectiveness.PARTLY],
                                counts[Effectiveness.DID_NOT], unjudged)


def followup_state(due: date, completed_on: date | None, today: date) -> str:
    """``done``, ``overdue``, ``due`` (within 3 days) or ``scheduled``."""
    if completed_on is not None:
        return "done"
    if today > due:
        return "overdue"
    if (due - today).days <= 3:
        return "due"
    return "scheduled"
