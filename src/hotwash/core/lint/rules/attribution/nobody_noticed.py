""""Nobody noticed", "no one checked": a group blamed by omission.

What it flags:
    "Nobody", "no one" or "none of us" followed by a diligence verb: "nobody had noticed",
    "no one was testing restores", "a build nobody had tested", "none of the reviewers checked".

Why it matters:
    "Nobody noticed" reads as "everybody slacked off". It judges the people instead of asking
    why the signal was not visible: was there an alert, a dashboard, a scheduled restore test,
    an owner?

Prefer:
    Name the missing mechanism: "No alert or scheduled job checked that restores succeeded",
    "The build was not covered by the release test plan."

Known false positives:
    Plain facts about knowledge ("no one on the team was consulted") are not flagged; a
    sentence that states a real absence of a role ("nobody was on call that night") is not
    flagged either, but "nobody was watching the dashboard" is.
"""

from __future__ import annotations

from collections.abc import Iterator

from hotwash.core.lint.finding import Hit, Severity
from hotwash.core.lint.grammar import Sentence, is_adverb, is_past
from hotwash.core.lint.rule import Rule

_DUTY = frozenset({
    "noticed", "notice", "noticing", "checked", "check", "checking", "tested", "test", "testing", "reviewed",
    "review", "reviewing", "caught", "catch", "looked", "look", "looking", "monitored", "monitoring",
    "watched", "watching", "verified", "verify", "verifying", "bothered", "bother", "read", "followed",
    "questioned", "realized", "realised", "responded", "acknowledged", "cared", "validated", "double-checked",
    "spotted", "paid", "paying", "owned", "tracked", "tracking", "audited", "auditing", "raised", "escalated",
})
_SKIP = frozenset({"had", "has", "was", "were", "ever", "actually", "even", "really", "on", "in", "from",
                   "of", "the", "our", "their", "this", "that", "team", "us", "them", "then", "been", "seemed", "to", "have", "did", "bothered", "cared", "thought"})


class NobodyNoticed(Rule):
    code = "BL006"
    name = "nobody-noticed"
    family = "attribution"
    severity = Severity.WARNING
    message = "“{phrase}” blames a group by omission."
    suggestion = "Name the missing mechanism, e.g. “No alert or scheduled job checked that restores succeeded.”"
    anchors = r"nobody|noone|one|none"
    trigger = r"\b(?:nobody|no[\s-]?one|none\s+of\s+(?:us|them|the\s+\w+))\b"
    flags = (
        "The backup process had been broken for months and nobody had noticed.",
        "The mobile team shipped a build nobody had tested.",
        "No one was regularly testing restores.",
        "None of the reviewers checked the migration against production data.",
    )
    passes = (
        "No one on our team was consulted before the launch.",
        "Nobody was paged because the alert routed to an empty schedule.",
        "No one was harmed and no data was lost.",
    )

    def check(self, s: Sentence) -> Iterator[Hit]:
        toks = s.tokens
        for m in self.matches(s):
            i = s.index_at(m.end() + s.start)
            for k in range(i, min(len(toks), i + 8)):
                low = toks[k].low
                if low in _DUTY and not (low in ("paid", "paying") and s.low(k + 1) != "attention"):
                    yield Hit(m.start() + s.start, toks[k].end,
                              self.message.format(phrase=s.text[m.start():toks[k].end - s.start]))
                    break
                if low in _SKIP or is_adverb(low):
                    continue
                if not low[:1].isalnum() or is_past(low):
                    break
