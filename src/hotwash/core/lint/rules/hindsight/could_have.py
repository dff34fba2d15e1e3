""""Could have caught", "would have prevented", "could have been avoided".

What it flags:
    A counterfactual "could have" / "would have" / "might have" with a person, role, team,
    "we" or "you" as subject ("we would have caught this in minutes", "the on-call could have
    rolled back earlier"), and the stock phrases "could have been avoided/prevented/caught".

Why it matters:
    Imagining the better past ("we could have caught it") feels constructive but it grades
    people against an outcome they could not see. The review learns more from what made the
    actual path look right.

Prefer:
    State the gap as a present fact and an action: "The error logs were not part of the
    on-call dashboard; add them."

Known false positives:
    Systems as subjects ("monitoring that would have provided visibility", "tools that could
    have a single source of failure") are not flagged. Near-miss descriptions about people
    ("customers could have seen stale data") are not flagged.
"""

from __future__ import annotations

from collections.abc import Iterator

from hotwash.core.lint.finding import Hit, Severity
from hotwash.core.lint.grammar import HUMAN, Sentence, is_adverb, is_participle, subject_of
from hotwash.core.lint.rule import Rule

_AVOIDED = frozenset({"avoided", "prevented", "caught", "stopped", "averted", "detected", "spotted", "noticed",
                      "foreseen", "anticipated", "predicted", "mitigated", "contained", "found", "fixed"})


class CouldHave(Rule):
    code = "BL011"
    name = "could-have"
    family = "hindsight"
    severity = Severity.WARNING
    message = "“{span}” imagines a better past."
    suggestion = "State the gap as a present fact and an action, e.g. “The error logs are not on the on-call dashboard.”"
    anchors = r"could|would|might|couldn't|wouldn't|mightn't|could've|would've|might've"
    trigger = r"\b(?:could|would|might)(?:n['’]?t|\s+not)?\s*(?:have|['’]ve|of)\b|\b(?:could|would|might)['’]ve\b"
    flags = (
        "If the alert had fired, we would have caught this in minutes.",
        "The on-call could have rolled back earlier.",
        "This outage could have been avoided.",
        "You could've noticed the spike on the dashboard.",
    )
    passes = (
        "Critical monitoring systems that would have provided better visibility relied on affected systems.",
        "The big question is why so many internal tools could have a single source of failure.",
        "Customers could have seen stale data for up to ten minutes.",
        "It could have been worse: the replica was intact.",
    )

    def check(self, s: Sentence) -> Iterator[Hit]:
        toks = s.tokens
        for m in self.matches(s):
            i = s.index_at(m.start() + s.start)
            j = s.index_at(m.end() + s.start)
            while j < len(toks) and (toks[j].low in ("just", "easily", "also", "not", "never", "already")
                                     or is_adverb(toks[j].low)):
                j += 1
            if j >= len(toks) or not is_participle(toks[j].low):
                continue
            end = j
            if toks[j].low == "been" and j + 1 < len(toks):
                end = j + 1
                if toks[end].low not in _AVOIDED:
                    continue
                yield self._hit(s, m.start() + s.start, toks[end].end)
                continue
            actor = subject_of(s, i)
            if actor is not None and actor.kind in HUMAN:
                yield self._hit(s, m.start() + s.start, toks[end].end)

    def _hit(self, s: Sentence, a: int, b: int) -> Hit:
        return Hit(a, b, self.message.format(span=s.text[a - s.start:b - s.start]))
