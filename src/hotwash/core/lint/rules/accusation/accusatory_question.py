"""Questions that ask "who" or "why did you" instead of "what" and "how".

What it flags:
    "Why did you ...?", "why didn't the on-call ...?", "why would you ...?", "who broke /
    pushed / approved ...?", "whose fault / mistake / idea ...", "who is to blame", "what were
    you thinking".

Why it matters:
    A "who" or "why did you" question puts a person on the defensive; the answer becomes a
    justification instead of an account. "What" and "how" questions get the context.

Prefer:
    "What in our process allowed a risky deploy to go out unreviewed?" "How did the deploy
    look from the on-call's seat at 17:50?"

Known false positives:
    Questions about systems ("why did the alert not fire?", "why does it require no second
    approval?"), about what the process makes people do ("why does a dev have to log in to
    production?") and "we" questions are not flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from hotwash.core.lint.finding import Hit, Severity
from hotwash.core.lint.grammar import PEOPLE, Sentence, classify
from hotwash.core.lint.rule import Rule

_WHY = re.compile(r"\bwhy(?:\s*,[^,?]{1,60},)?\s+(?:the\s+hell\s+)?(?:did|didn['’]?t|would|wouldn['’]?t|were|weren['’]?t|was|wasn['’]?t|"
                  r"do|don['’]?t|does|doesn['’]?t|is|isn['’]?t|are|aren['’]?t|had|hadn['’]?t|could|couldn['’]?t|"
                  r"has|hasn['’]?t|have|haven['’]?t)\b", re.I)
_WHO = re.compile(r"\bwho(?:['’]s|\s+is|\s+was)?\s+(?:to\s+blame|at\s+fault|responsible)\b|\bwhose\s+(?:fault|"
                  r"mistake|idea|screw-?up|error|bright\s+idea|call|brilliant\s+idea)\b|\bwhat\s+were\s+you\s+"
                  r"thinking\b", re.I)
_WHO_DID = re.compile(r"\bwho\s+(?:\w+ly\s+)?(?:broke|caused|pushed|deployed|merged|approved|forgot|missed|ignored|"
                      r"did\s+this|made|wrote|ran|deleted|dropped|let|signed\s+off|changed|shipped|screwed|messed)\b",
                      re.I)


class AccusatoryQuestion(Rule):
    code = "BL030"
    name = "accusatory-question"
    family = "accusation"
    severity = Severity.ERROR
    message = "“{span}” asks who is to blame; ask what and how instead."
    suggestion = "Ask about the system, e.g. “What in our process allowed a risky deploy to go out unreviewed?”"
    anchors = r"why|who|whose|who's|thinking"
    trigger = r"\bwh(?:y|o|ose|o['’]s|at\s+were\s+you)\b"
    flags = (
        "Why did you push to prod on a Friday?",
        "Whose fault was the expired certificate?",
        "Who approved this change?",
        "Why didn't the on-call escalate?",
        "What were you thinking when you ran that?",
        "On the other hand why, knowing he is on call, did he go out drinking?",
    )
    passes = (
        "What in our process allowed a risky deploy to go out unreviewed?",
        "Why does it require no verification from a second person before sending?",
        "Why did the alert not fire?",
        "The engineer who approved the change followed the checklist.",
        "Why does a dev have to muck around in production manually?",
    )

    def check(self, s: Sentence) -> Iterator[Hit]:
        for m in _WHO.finditer(s.masked):
            yield self._hit(s, m.start(), m.end())
        if not s.is_question:
            return
        toks = s.tokens
        for m in _WHO_DID.finditer(s.masked):
            i = s.index_at(m.start() + s.start)
            if i > 0 and classify(s, i - 1) not in (None,) and toks[i - 1].low not in ("and", "but", "so"):
                continue  # "the engineer who approved ..." is a relative clause
            yield self._hit(s, m.start(), m.end())
        for m in _WHY.finditer(s.masked):
            j = s.index_at(m.end() + s.start)
            for k in range(j, min(len(toks), j + 4)):
                kind = classify(s, k)
                if kind in PEOPLE or kind == "you":
                    if s.low(k + 1) in ("have", "has", "need", "needs", "got") and s.low(k + 2) == "to":
                        break  # "why does a dev have to ...": a question about the process
                    yield self._hit(s, m.start(), toks[k].end - s.start)
                    break
                if kind is None or kind == "we" or (kind == "system" and toks[k].low not in (
                        "the", "a", "our", "this", "that")):
                    break

    def _hit(self, s: Sentence, a: int, b: int) -> Hit:
        return Hit(a + s.start, b + s.start, self.message.format(span=s.text[a:b]))
