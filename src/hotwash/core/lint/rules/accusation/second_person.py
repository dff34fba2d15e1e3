"""Second-person blame: "you broke", "you forgot", "your fault".

What it flags:
    "You" as the subject of a blaming verb ("you broke the build", "you forgot to", "you
    didn't check", "you failed to", "you were supposed to", "you need to be more careful"),
    and "your fault / mistake / error / screw-up".

Why it matters:
    A postmortem is read by the whole organisation. Addressing a participant as "you" turns a
    shared document into a reprimand and makes every reader pick a side.

Prefer:
    Third-person, system-centred narration: "The deploy went out without the canary step."

Known false positives:
    Generic "you" in advice or customer-facing text ("you may have been unable to access the
    site", "if you deployed before 10:00, redeploy") is not flagged; "should have" with "you"
    is reported by BL010 instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from hotwash.core.lint import lexicon as lx
from hotwash.core.lint.finding import Hit, Severity
from hotwash.core.lint.grammar import Sentence, is_adverb, negated_before
from hotwash.core.lint.rule import Rule

_YOUR = re.compile(r"\byour\s+(?:own\s+)?(?:fault|mistake|error|screw-?up|fuck-?up|blunder|oversight|negligence)\b",
                   re.I)
_DIDNT = frozenset({"didn't", "didnt", "did", "never"})


class SecondPersonBlame(Rule):
    code = "BL031"
    name = "second-person-blame"
    family = "accusation"
    severity = Severity.ERROR
    message = "“{span}” addresses a participant as the one to blame."
    suggestion = "Narrate in the third person, about the system: “The deploy went out without the canary step.”"
    anchors = r"you\w*|you'\w+|your"
    trigger = r"\byou(?:r)?\b"
    flags = (
        "You broke the build again.",
        "You forgot to renew the certificate.",
        "It was your fault that the migration ran twice.",
        "You didn't check the dashboard before the restart.",
        "You need to be more careful with production.",
    )
    passes = (
        "Depending on your location in the world you may have been unable to access websites.",
        "If you deployed a worker before 10:00, redeploy it.",
        "It was not your fault.",
        "You can find the full timeline below.",
    )

    def check(self, s: Sentence) -> Iterator[Hit]:
        for m in _YOUR.finditer(s.masked):
            i = s.index_at(m.start() + s.start)
            if not negated_before(s, i, 3):
                yield self._hit(s, m.start(), m.end())
        toks = s.tokens
        for i, tok in enumerate(toks):
            if tok.low not in ("you", "you've", "you'd"):
                continue
            if s.low(i - 1) in lx.SUBORDINATORS or s.low(i - 1) in ("did", "didn't", "do", "would", "could"):
                continue  # conditional or question inversion (handled by BL030)
            k = i + 1
            while k < len(toks) and (is_adverb(toks[k].low) or toks[k].low in ("just", "then", "again", "also",
                                                                               "even", "simply")):
                k += 1
            if k >= len(toks):
                continue
            w = toks[k].low
            hit_end = None
            if w in lx.BREAK_VERBS and w not in ("took", "brought", "killed", "crashed", "tanked", "caused") or w in lx.OMISSION_VERBS or w in lx.MIS_VERBS:
                hit_end = k
            elif w in _DIDNT and k + 1 < len(toks):
                nxt = toks[k + 1].low
                if w == "did" and nxt == "not":
                    nxt = s.low(k + 2)
                if nxt in lx.DUTY_VERBS:
                    hit_end = k + (2 if w == "did" else 1)
            elif w in ("failed", "were", "need", "needed") and " ".join(
                    t.low for t in toks[k:k + 4]).startswith(("failed to", "were supposed to", "need to be more",
                                                              "needed to be more")):
                hit_end = min(len(toks) - 1, k + 2)
            if hit_end is not None:
                yield self._hit(s, tok.start - s.start, toks[hit_end].end - s.start)

    def _hit(self, s: Sentence, a: int, b: int) -> Hit:
        return Hit(a + s.start, b + s.start, self.message.format(span=s.text[a:b]))
