"""One cause presented as the whole explanation: "the only cause", "the single root cause".

What it flags:
    "The only / sole / single / one (root) cause", "a single root cause", "caused solely /
    entirely / purely / exclusively by", "solely due to", "the real root cause".

Why it matters:
    Outages in complex systems come from several conditions lining up: a trigger and the
    enabling conditions that let it do damage. A single cause invites a single fix (often "be
    more careful") and leaves the other conditions in place.

Prefer:
    "Contributing factors were ..."; separate the trigger from the enabling conditions: "The
    trigger was the config push; it could take the site down because the rollout was global
    and the canary did not check latency."

Known false positives:
    Negated uses ("there was no single root cause") are not flagged. Plain "the root cause
    was ..." is reported by the opt-in rule BL051 instead.
"""

from __future__ import annotations

from collections.abc import Iterator

from hotwash.core.lint.finding import Hit, Severity
from hotwash.core.lint.grammar import PEOPLE, Sentence, classify, negated_before
from hotwash.core.lint.rule import Rule


class SingleRootCause(Rule):
    code = "BL050"
    name = "single-root-cause"
    family = "rootcause"
    severity = Severity.INFO
    message = "“{span}” frames the incident as having one cause."
    suggestion = "List the contributing factors; separate the trigger from the enabling conditions."
    anchors = r"only|sole|single|one|real|true|actual|ultimate|solely|entirely|purely|exclusively|wholly|root"
    trigger = (r"\b(?:the|a|one)\s+(?:only|sole|single|one|real|true|actual|ultimate)\s+(?:root[\s-]+)?causes?\b|"
               r"\b(?:single|sole|one|only)\s+root[\s-]+causes?\b|"
               r"\b(?:caused|due|attributable|attributed)\s+(?:solely|entirely|purely|exclusively|wholly)\b|"
               r"\b(?:solely|entirely|purely|exclusively|wholly)\s+(?:caused\s+by|due\s+to|because\s+of)\b|"
               r"\broot[\s-]+cause\s+(?:of\s+[^.;:]{1,60}?)?(?:was|is)\s+\w+")
    flags = (
        "The root cause was Tom pushing untested code on a Friday.",
        "The sole cause of the outage was the expired certificate.",
        "We identified a single root cause: the retry storm.",
        "The outage was caused entirely by the config push.",
    )
    passes = (
        "There was no single root cause; three conditions lined up.",
        "Contributing factors were a missing rate limit and a high alert threshold.",
        "The trigger was the config push.",
        "The root cause was a race condition in the scheduler.",
        "When people fear blame, the real causes stay buried.",
    )

    def check(self, s: Sentence) -> Iterator[Hit]:
        for m in self.matches(s):
            i = s.index_at(m.start() + s.start)
            if negated_before(s, i + 1, 4):
                continue
            words = m.group().lower().split()
            if words[-1] == "causes" and words[1] in ("real", "true", "actual"):
                continue  # "the real causes stay buried": several causes, not one
            if "root" in m.group().lower() and m.group().lower().rstrip().split()[-1] not in ("cause", "causes"):
                # "the root cause was Tom ...": a person named as the root cause
                k = s.index_at(m.end() + s.start) - 1
                if classify(s, k) not in PEOPLE and classify(s, k + 1) not in PEOPLE:
                    continue
            yield Hit(m.start() + s.start, m.end() + s.start, self.message.format(span=s.text[m.start():m.end()]))
