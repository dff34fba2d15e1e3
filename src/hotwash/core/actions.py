"""Action items: is an action weak, and what is missing from a postmortem's list of actions.

The practice keeps the top 3–5 actions, each specific, owned, dated and with a success metric,
and each a change in the system rather than a request that people try harder ("be more careful",
"retrain", "remind people"). Priority from impact × effort is :func:`hotwash.core.model.priority_from`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from hotwash.core.model import Priority, priority_from

__all__ = [
    "MAX_ACTIONS",
    "ActionCheck",
    "ActionFinding",
    "Priority",
    "action_findings",
    "action_warnings",
    "priority_from",
    "weak_action",
]

MAX_ACTIONS = 5

# (pattern, why it is weak, what to prefer). Patterns match whole words, case-insensitively.
_WEAK: tuple[tuple[str, str, str], ...] = (
    (r"\b(?:be|being|to be|stay|are)\s+(?:more\s+|extra\s+|very\s+)?(?:careful|cautious)\b"
     r"|\btake\s+(?:more|extra|greater)\s+care\b",
     "asks people to be more careful, which nobody can sustain under pressure",
     "a guard rail, a validation or an automated check that makes the unsafe step hard to take"),
    (r"\bre-?train(?:ed|ing)?\b(?![^.;,]{0,40}\b(?:models?|classifiers?|index|embeddings?|"
     r"networks?|dataset)\b)"
     r"|\b(?:more|additional|extra|refresher)\s+training\b"
     r"|\btrain\s+(?:the\s+)?(?:team|people|staff|engineers|operators|everyone|on-?call)\b",
     "relies on training, which fades and does not reach the next new person",
     "changing the tool, default or procedure the training would have taught"),
    (r"\bremind(?:ing)?\s+(?:people|everyone|everybody|the\s+team|teams|engineers|staff|developers|"
     r"operators|on-?call|users|folks)\b|\bsend\s+(?:out\s+)?(?:a\s+)?reminders?\b|\bremember\s+to\b",
     "relies on a reminder, which is forgotten by the next incident",
     "a prompt from the system at the moment it matters (a required field, a checklist step in the tool)"),
    (r"\bdouble[- ]check(?:ing)?\b(?:[^.;]*\b(?:by\s+hand|manually)\b)?|\bcheck(?:ing)?\s+by\s+hand\b"
     r"|\bmanually\s+(?:check|verify|review|inspect|confirm)\w*\b",
     "adds a manual check, which is skipped exactly when people are busy",
     "automating the check so it runs every time"),
    (r"\bpay(?:ing)?\s+(?:more\s+|closer\s+|extra\s+|better\s+)?attention\b|\bbe\s+more\s+attentive\b",
     "asks for more attention, a resource that runs out during incidents",
     "an alert or a visible signal that draws attention when it is needed"),
    (r"\bcommunicate\s+(?:better|more|clearly|more\s+clearly)\b"
     r"|\b(?:better|improve[ds]?|improving|more)\s+communication\b",
     "asks for better communication without saying what changes",
     "a defined channel, owner or template (status update step, handover note, paging rule)"),
    (r"\b(?:be|stay|remain|being)\s+(?:more\s+)?vigilant\b|\bvigilance\b",
     "asks for vigilance, which a system cannot rely on",
     "monitoring and alerting that watch so people do not have to"),
    (r"\b(?:be\s+more\s+thorough|try\s+harder|make\s+sure\s+(?:to|that\s+(?:we|people|everyone))"
     r"|don'?t\s+(?:do\s+)?(?:it|this|that)\s+again|avoid\s+(?:making\s+)?(?:mistakes|errors)"
     r"|raise\s+awareness|be\s+aware)\b",
     "asks people to try harder rather than changing the system",
     "a change in the system that makes the right thing easy and the wrong thing hard"),
    (r"\b(?:follow|adhere\s+to|stick\s+to|respect)\s+(?:the\s+)?(?:existing\s+)?"
     r"(?:process|procedure|runbook|checklist|policy|rules)\b",
     "asks people to follow the existing process, which did not prevent this incident",
     "changing the process or tool so the safe path is the default one"),
)

_COMPILED = tuple((re.compile(p, re.IGNORECASE), why, prefer) for p, why, prefer in _WEAK)

# An action that builds a concrete mechanism is a system change even when it also mentions a weak
# phrase ("add an alert so on-call can pay attention"): it needs both a building verb and a mechanism.
_BUILD = re.compile(
    r"\b(?:add|adds|adding|build|create|implement|automate|introduce|set\s+up|write|enforce|block|"
    r"require|configure|replace|migrate|enable|deploy|install|gate|wire|ship)\b",
    re.IGNORECASE,
)
_MECHANISM = re.compile(
    r"\b(?:automat\w*|alert\w*|alarm\w*|page|paging|enforce\w*|block\w*|requir\w+|validat\w*|lint\w*|"
    r"test\w*|guard\w*|rate[- ]limit\w*|limit\w*|monitor\w*|dashboard\w*|pipeline\w*|ci|"
    r"pre-?commit|hook\w*|script\w*|feature[- ]flag\w*|canary|rollback|circuit[- ]breaker\w*|"
    r"timeout\w*|retry|retries|quota\w*|schema\w*|type[- ]check\w*|policy[- ]as[- ]code)\b",
    re.IGNORECASE,
)


def weak_action(text: str) -> str | None:
    """Why ``text`` is a weak action item, or None when it reads as a change in the system.

    A weak action asks people to try harder (be careful, retrain, remind, double-check by hand,
    pay attention, communicate better, be vigilant…). The explanation prompts toward a system change.
    """
    if _BUILD.search(text) and _MECHANISM.search(text):
        return None
    for pattern, why, prefer in _COMPILED:
        match = pattern.search(text)
        if match:
            phrase = match.group(0).strip()
            return (f"“{phrase}” {why}. What about the system made this possible? "
                    f"Prefer {prefer}.")
    return None


@dataclass(frozen=True)
class ActionCheck:
    """What the checks need to know about one action item."""

    title: str
    owner: str = ""
    due: date | None = None
    success_metric: str = ""


@dataclass(frozen=True)
class ActionFinding:
    """One problem found in a list of actions. ``index`` is 1-based; None for the whole list."""

    code: str  # too_many | no_owner | no_due | no_metric | weak
    message: str
    index: int | None = None


def _label(index: int, title: str) -> str:
    short = title.strip()
    if len(short) > 60:
        short = short[:57].rstrip() + "…"
    return f"Action {index} (“{short}”)" if short else f"Action {index}"


def action_findings(actions: Sequence[ActionCheck]) -> list[ActionFinding]:
    """Structured findings: the list is too long, an item lacks owner/date/metric, an item is weak."""
    findings: list[ActionFinding] = []
    if len(actions) > MAX_ACTIONS:
        findings.append(ActionFinding(
            "too_many",
            f"{len(actions)} action items: the practice keeps the top 3–5 most impactful changes; "
            "move the rest to the team backlog so these get done.",
        ))
    for i, action in enumerate(actions, start=1):
        label = _label(i, action.title)
        if not action.owner.strip():
            findings.append(ActionFinding("no_owner", f"{label} has no owner (a person or a team).", i))
        if action.due is None:
            findings.append(ActionFinding("no_due", f"{label} has no due date.", i))
        if not action.success_metric.strip():
            findings.append(ActionFinding(
                "no_metric", f"{label} has no success metric: how will we know it worked?", i))
        why = weak_action(action.title)
        if why:
            findings.append(ActionFinding("weak", f"{label}: {why}", i))
    return findings


def action_warnings(actions: Sequence[ActionCheck]) -> list[str]:
    """The findings of :func:`action_findings` as sentences for a page or a CLI."""
    return [finding.message for finding in action_findings(actions)]
