""""The root cause was ...": one root cause named as the explanation (opt-in).

What it flags:
    "The root cause was / is ...", "the root cause of the outage was ...". The rule is off
    unless selected by its full code (``select = ["BL", "BL051"]``), because many teams use
    "root cause" as a heading or a field name.

Why it matters:
    "The root cause" presumes there is exactly one. Reviews that look for it stop at the first
    plausible answer, often the last human action before the failure.

Prefer:
    "The trigger was ...; the conditions that let it cause an outage were ...", or
    "Contributing factors: ...".

Known false positives:
    Any definite "the root cause" is flagged, including careful uses that go on to list
    several factors.
"""

from __future__ import annotations

from collections.abc import Iterator

from hotwash.core.lint.finding import Hit, Severity
from hotwash.core.lint.grammar import Sentence, negated_before
from hotwash.core.lint.rule import Rule


class TheRootCause(Rule):
    code = "BL051"
    name = "the-root-cause"
    family = "rootcause"
    severity = Severity.INFO
    default_enabled = False
    message = "“{span}” presumes a single root cause."
    suggestion = "Name the trigger and the contributing factors instead."
    anchors = r"root"
    trigger = r"\bthe\s+root[\s-]+cause\b(?:\s+of\s+[^.;:]{1,60}?)?\s+(?:was|is)\b"
    flags = ("The root cause was a bug in the config parser.",
             "The root cause of the outage was an expired certificate.")
    passes = ("Contributing factors were a parser bug and a missing canary.",
              "The root cause was not a single thing.")

    def check(self, s: Sentence) -> Iterator[Hit]:
        for m in self.matches(s):
            i = s.index_at(m.end() + s.start)
            if s.low(i) in ("not", "never") or negated_before(s, i - 1, 2):
                continue
            yield Hit(m.start() + s.start, m.end() + s.start, self.message.format(span=s.text[m.start():m.end()]))
