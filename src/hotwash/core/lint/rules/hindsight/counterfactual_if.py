""""If only", "had they checked", "if Sam had looked": counterfactual conditions.

What it flags:
    "If only ...", and past-perfect conditions about people: "had they checked the logs",
    "had the on-call escalated", "if Sam had bothered to look", "if we had known".

Why it matters:
    Counterfactual conditions rewrite the incident around the one step a person did not take.
    The real story is what they did, what they saw, and why it made sense.

Prefer:
    "The logs that showed the error were not linked from the alert." Turn the missing step
    into a system change instead of a condition on a person.

Known false positives:
    Conditions about systems ("if the cache had expired", "had the alert fired") are not
    flagged; "if only" is flagged wherever it appears in narration, including "not only".
"""

from __future__ import annotations

from collections.abc import Iterator

from hotwash.core.lint.finding import Hit, Severity
from hotwash.core.lint.grammar import HUMAN, Sentence, classify, is_participle
from hotwash.core.lint.rule import Rule


class CounterfactualIf(Rule):
    code = "BL012"
    name = "counterfactual-if"
    family = "hindsight"
    severity = Severity.WARNING
    message = "“{span}” rewrites the incident around a step a person did not take."
    suggestion = "Describe what was done and seen, and turn the missing step into a system change."
    anchors = r"only|had|hadn't"
    trigger = (r"\bif\s+only\b|(?:^|[,;:—]\s*|\b(?:but|and)\s+)had(?:n['’]?t)?\b|"
               r"\b(?:if|unless)\s+(?:[\w'’@-]+\s+){1,4}?had(?:n['’]?t)?\b")
    flags = (
        "If only someone had looked at the replication lag.",
        "Had they checked the logs, the outage would have been shorter.",
        "If Sam had bothered to look at the error logs, the page would have been resolved sooner.",
        "If we had known about the flag, the rollback would have been safe.",
    )
    passes = (
        "If the cache had expired, the service would have reloaded the config.",
        "Had the alert fired, the on-call would have been paged.",
        "The team had restarted the service twice before the page.",
    )
    example_names = ("Sam",)

    def check(self, s: Sentence) -> Iterator[Hit]:
        toks = s.tokens
        for m in self.matches(s):
            i = s.index_at(m.start() + s.start)
            if i >= len(toks):
                continue
            if toks[i].low == "if" and s.low(i + 1) == "only":
                if s.low(i - 1) in ("not", "as"):
                    continue
                yield Hit(toks[i].start, toks[i + 1].end, self.message.format(span=s.text[m.start():m.end()]))
                continue
            i = s.index_at(m.end() + s.start) - 1  # the "had" token
            # "Had they checked", at the start of a clause
            prev = s.low(i - 1)
            if i == 0 or prev in (",", ";", ":", "but", "and", "—"):
                subj = self._subject_after(s, i + 1)
                if subj is not None:
                    k, kind = subj
                    if kind in HUMAN and self._participle_after(s, k + 1):
                        yield self._hit(s, toks[i].start, toks[k].end)
                continue
            # "if Sam had looked", "if the on-call had escalated"
            for k in range(i - 1, max(-1, i - 6), -1):
                if toks[k].low in ("if", "unless"):
                    kinds = [classify(s, n) for n in range(k + 1, i)]
                    if any(kd in HUMAN for kd in kinds) and self._participle_after(s, i + 1):
                        yield self._hit(s, toks[k].start, toks[min(i + 1, len(toks) - 1)].end)
                    break
                if toks[k].low in (",", ";", ":"):
                    break

    def _subject_after(self, s: Sentence, k: int) -> tuple[int, str] | None:
        toks = s.tokens
        for n in range(k, min(len(toks), k + 4)):
            kind = classify(s, n)
            if kind is None:
                return None
            if kind != "system" or n == k + 3:
                return n, kind
        return None

    def _participle_after(self, s: Sentence, k: int) -> bool:
        toks = s.tokens
        while k < len(toks) and toks[k].low in ("only", "just", "not", "even", "actually", "also", "bothered",
                                                "been", "n't"):
            if toks[k].low == "bothered":
                return True
            k += 1
        return k < len(toks) and is_participle(toks[k].low)

    def _hit(self, s: Sentence, a: int, b: int) -> Hit:
        return Hit(a, b, self.message.format(span=s.text[a - s.start:b - s.start]))
