"""5 Whys: is a chain of answers at a system condition yet?

A chain stops too early when its last answer ends on a person ("Dana", "the on-call", "he"),
on "human error", or on a remedy aimed at a person ("be more careful", "retrain"). The
practice says to keep asking what about the system made the action reasonable, so the verdict
carries questions that help the team take the next step.

Pure and deliberately simple: word lists and regular expressions, no dependency on the
language checker (:mod:`hotwash.core.lint`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = ["ChainVerdict", "check_chain", "CONTINUE_PROMPTS"]

CONTINUE_PROMPTS: tuple[str, ...] = (
    "What made this action reasonable at the time?",
    "What would have caught it before it had an effect?",
    "What in the tools or process allowed this?",
    "What information was missing, late or misleading at that moment?",
    "Would someone else in the same situation have done the same? What pushed them that way?",
    "What would make the safe path the easy path here?",
)

_EMPTY_PROMPTS: tuple[str, ...] = (
    "What happened, in one factual sentence?",
    "Why did that happen? Start from the conditions, not the people.",
)

_PRONOUN = r"(?:he|she|they|him|her|them|i|me|we|us|you|somebody|someone|nobody|no one|everyone|anyone)"
_ROLE = (
    r"(?:(?:the|an?|our|their|one|that|this)\s+)?"
    r"(?:new\s+|junior\s+|senior\s+|responsible\s+|same\s+)?"
    r"(?:on[- ]?call(?:\s+(?:engineer|person|sre|developer))?|engineer|developer|dev|operator|admin|"
    r"administrator|sre|intern|employee|person|user|team\s?member|colleague|contractor|manager|"
    r"reviewer|author|deployer|responder|staff|human|individual)s?"
)

# "human error", "operator error", "a mistake", "carelessness"...
_HUMAN_ERROR = re.compile(
    r"\b(?:human|operator|user|engineer|personnel|pilot|manual)\s+(?:error|mistake|failure|fault|slip)s?\b"
    r"|\b(?:a|his|her|their|the|an|honest|simple|careless|stupid|silly)\s+(?:mistake|oversight|slip|blunder)s?\b"
    r"|^\s*(?:mistake|oversight|blunder|negligence|carelessness|incompetence|laziness|sloppiness)s?\b"
    r"|\b(?:carelessness|negligence|incompetence|inattention|laziness|sloppiness|complacency)\b"
    r"|\b(?:fat[- ]fingered|fat[- ]finger)\b",
    re.IGNORECASE,
)

# Remedies aimed at a person rather than at the system.
_PERSON_REMEDY = re.compile(
    r"\b(?:be|being)\s+more\s+(?:careful|attentive|diligent|vigilant|cautious|thorough)\b"
    r"|\bpay(?:ing)?\s+(?:more|closer|better)\s+attention\b"
    r"|\b(?:re-?train(?:ed|ing)?|re-?educat(?:e|ed|ion)|(?:more|additional|better)\s+training)\b"
    r"|\b(?:did\s*n[o']?t|did\s+not|failed\s+to|forgot\s+to|neglected\s+to|should\s+have|could\s+have)"
    r"\s+(?:follow|read|check|verify|test|look|notice|double[- ]check|run)\b"
    r"|\b(?:did\s*n[o']?t|did\s+not|failed\s+to)\s+follow\s+(?:the\s+)?(?:procedure|process|runbook|checklist)"
    r"|\b(?:not|wasn't|was\s+not|weren't|were\s+not)\s+(?:careful|paying\s+attention|attentive|focused)\b"
    r"|\b(?:should|must|need\s+to|needs\s+to|has\s+to|have\s+to)\s+(?:be\s+)?(?:more\s+careful|remember|"
    r"double[- ]check|know\s+better)\b"
    r"|\bremind(?:ed)?\s+(?:the\s+)?(?:team|engineers?|people|everyone|staff)\b",
    re.IGNORECASE,
)

# The answer ends on a person: "... because of Dana", "... by the on-call", "... it was him".
_ENDS_ON_PRONOUN_OR_ROLE = re.compile(rf"(?:^|\b)(?:{_PRONOUN}|{_ROLE})\s*[.!?]*\s*$", re.IGNORECASE)
_STARTS_WITH_PERSON_VERB = re.compile(
    rf"^\s*(?:because\s+)?(?:{_PRONOUN}|{_ROLE})\s+(?:did\s*n[o']?t|didnt|did\s+not|forgot|missed|"
    r"ignored|skipped|failed|made|broke|pushed|deployed|ran|typed|clicked|deleted|chose|decided|"
    r"was\s+(?:tired|careless|distracted|rushing|sloppy|lazy|new|inexperienced|unaware)|wasn't|"
    r"should|could)\b",
    re.IGNORECASE,
)

# Signs the answer names a system condition: then a person mentioned in passing is fine.
_SYSTEM_WORDS = re.compile(
    r"\b(?:no|missing|lacks?|lacking|without|absent)\s+(?:\w+\s+){0,2}"
    r"(?:alert|alarm|check|test|guard|guardrail|validation|review|canary|limit|monitor|runbook|"
    r"documentation|docs|automation|rollback|approval|staging|safeguard|lock|confirmation|warning)s?\b"
    r"|\b(?:the\s+)?(?:tool|tooling|process|pipeline|system|dashboard|runbook|checklist|interface|ui|cli|"
    r"config(?:uration)?|default|alert|design|architecture|procedure|policy|schedule|staffing|workload)\s+"
    r"(?:did\s*n[o']?t|does\s*n[o']?t|didnt|doesnt|allowed|allows|permitted|let|made|makes|had\s+no|has\s+no|"
    r"was\s+(?:ambiguous|unclear|misleading|missing|outdated|confusing)|is\s+(?:ambiguous|unclear|"
    r"misleading|missing|outdated|confusing))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ChainVerdict:
    at_system_level: bool
    reason: str | None = None
    prompts: list[str] = field(default_factory=list)


def check_chain(answers: list[str], names: Sequence[str] = ()) -> ChainVerdict:
    """Whether the chain's last answer is a system condition, with prompts to go on if not.

    ``names`` are people's names known to the postmortem (participants, responders); an answer
    that ends on one of them stops at a person.
    """
    filled = [a.strip() for a in answers if a and a.strip()]
    if not filled:
        return ChainVerdict(False, "The chain has no answers yet.", list(_EMPTY_PROMPTS))
    last = filled[-1]
    reason = _person_reason(last, names)
    if reason is None:
        if len(filled) < 3:
            return ChainVerdict(True, None, [
                "Is this the deepest condition you can find? Ask 'why?' again if the answer still "
                "describes an event rather than a condition.",
            ])
        return ChainVerdict(True, None, [])
    return ChainVerdict(False, reason, list(CONTINUE_PROMPTS))


def _person_reason(answer: str, names: Sequence[str]) -> str | None:
    text = " ".join(answer.split())
    if _HUMAN_ERROR.search(text):
        return ('The chain ends on "human error". Human error is where the investigation starts, '
                "not a root cause: ask what made the action reasonable and what allowed it.")
    if _PERSON_REMEDY.search(text):
        return ("The chain ends on what a person should have done differently (be more careful, "
                "retrain, follow the procedure). Ask what in the system made that hard or easy to miss.")
    if _SYSTEM_WORDS.search(text):
        return None
    name = _ends_on_name(text, names)
    if name is not None:
        return (f"The chain ends on a person ({name}). Keep asking what about the situation "
                "made their action reasonable.")
    if _ENDS_ON_PRONOUN_OR_ROLE.search(text) or _STARTS_WITH_PERSON_VERB.search(text):
        return ("The chain ends on a person. Keep asking what about the situation made "
                "their action reasonable.")
    return None


def _ends_on_name(text: str, names: Sequence[str]) -> str | None:
    """The known name the answer is about, when it is the subject or the last words."""
    for raw in names:
        name = " ".join(raw.split())
        if not name:
            continue
        parts = [re.escape(p) for p in name.split()]
        variants = {re.escape(name), parts[0]} if len(parts) > 1 else {re.escape(name)}
        for v in variants:
            if len(v) < 2:
                continue
            ends = re.search(rf"\b{v}(?:'s)?\s*[.!?]*\s*$", text, re.IGNORECASE)
            subject = re.search(rf"^\s*(?:because\s+)?{v}\b\s+(?!(?:and|or)\b)\w+", text, re.IGNORECASE)
            if ends or subject:
                return name
    return None
