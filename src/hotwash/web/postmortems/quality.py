"""The review-quality check run before publishing: what is missing, and the language findings.

Reads only. ``postmortem_status_set`` refuses to publish while a blocking problem remains.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hotwash.core.actions import ActionCheck, action_findings
from hotwash.core.lint import Finding, check
from hotwash.web.postmortems.models import SECTIONS, LintWaiver, Postmortem

# Sections the template cannot do without; the others only warn when empty.
REQUIRED_SECTIONS = ("executive_summary", "what_went_well", "key_learnings")


@dataclass
class LanguageFinding:
    location: str  # "section:<key>", "factor:<id>", "action:<id>", "timeline:<id>"
    label: str  # where, for people: "Executive summary", "Contributing factor 3"
    finding: Finding
    waiver: LintWaiver | None = None

    @property
    def blocking(self) -> bool:
        return self.finding.blocking and self.waiver is None


@dataclass
class Problem:
    message: str
    blocking: bool
    anchor: str = ""  # id of the block on the page


@dataclass
class ReviewCheck:
    problems: list[Problem] = field(default_factory=list)
    language: list[LanguageFinding] = field(default_factory=list)

    @property
    def blocking(self) -> list[Problem]:
        return [p for p in self.problems if p.blocking]

    @property
    def ready(self) -> bool:
        return not self.blocking


def participant_names(postmortem: Postmortem) -> list[str]:
    names = [p.name for p in postmortem.participants.all()]
    if postmortem.facilitator is not None:
        names.append(postmortem.facilitator.get_full_name() or postmortem.facilitator.username)
    return [n for n in names if n]


def narrative(postmortem: Postmortem) -> list[tuple[str, str, str]]:
    """(location, label, text) of everything the authors wrote themselves."""
    items = [(f"section:{key}", label, getattr(postmortem, key)) for key, label in SECTIONS.items()]
    for n, factor in enumerate(postmortem.factors.all(), start=1):
        items.append((f"factor:{factor.pk}", f"Contributing factor {n}", factor.description))
    for n, action in enumerate(postmortem.actions.all(), start=1):
        items.append((f"action:{action.pk}", f"Action item {n}", action.action))
    for entry in postmortem.incident.timeline.filter(source="manual"):
        text = "\n\n".join(t for t in (entry.event, entry.information_available, entry.decision_action) if t)
        items.append((f"timeline:{entry.pk}", f"Timeline {entry.time:%H:%M}", text))
    return [item for item in items if item[2].strip()]


def language_findings(postmortem: Postmortem) -> list[LanguageFinding]:
    names = participant_names(postmortem)
    waivers = list(postmortem.waivers.all())
    out = []
    for location, label, text in narrative(postmortem):
        for finding in check(text, names=names):
            waiver = next((w for w in waivers if w.location == location and w.code == finding.code
                           and w.span == finding.text[:300] and w.sentence == finding.sentence), None)
            out.append(LanguageFinding(location, label, finding, waiver))
    return out


def review_check(postmortem: Postmortem) -> ReviewCheck:
    result = ReviewCheck()
    incident = postmortem.incident
    for key, label in SECTIONS.items():
        if not getattr(postmortem, key).strip():
            result.problems.append(Problem(f"{label} is empty.", key in REQUIRED_SECTIONS, f"section-{key}"))
    if not incident.timeline.filter(hidden=False).exists():
        result.problems.append(Problem("The timeline has no events.", True, "block-timeline"))
    if not postmortem.factors.exists():
        result.problems.append(Problem("No contributing factors are recorded.", True, "block-factors"))
    elif not postmortem.factors.filter(role="trigger").exists():
        result.problems.append(Problem("No factor is marked as the trigger.", False, "block-factors"))
    if incident.detected_at is None:
        result.problems.append(Problem("The incident has no detection time.", True))
    if incident.mitigated_at is None:
        result.problems.append(Problem("The incident has no mitigation time.", True))
    if postmortem.facilitator is None:
        result.problems.append(Problem("No facilitator is named.", False, "block-people"))
    actions = [a for a in postmortem.actions.all() if a.status != "wont_do"]
    if not actions:
        result.problems.append(Problem("There are no action items.", True, "block-actions"))
    checks = [ActionCheck(title=a.action, owner=a.owner, due=a.due_date, success_metric=a.success_metric)
              for a in actions]
    for finding in action_findings(checks):
        blocking = finding.code in {"no_owner", "no_due", "no_metric"}
        result.problems.append(Problem(finding.message, blocking, "block-actions"))
    result.language = language_findings(postmortem)
    open_blocking = [f for f in result.language if f.blocking]
    if open_blocking:
        result.problems.append(Problem(
            f"{len(open_blocking)} blocking language finding{'s' if len(open_blocking) > 1 else ''} "
            "not fixed or waived.", True, "review-check"))
    result.problems.sort(key=lambda p: not p.blocking)  # blocking first, then warnings; each in the order found
    return result
