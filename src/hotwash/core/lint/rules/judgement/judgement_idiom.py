"""Idioms that judge people: "didn't bother", "dropped the ball", "asleep at the wheel"...

What it flags:
    Stock phrases that pass a verdict on someone's diligence or judgement: "didn't bother",
    "couldn't be bothered", "had bothered to", "dropped the ball", "asleep at the wheel",
    "wasn't paying attention", "thought it was a good idea", "should have known better",
    "rookie mistake", "wrong call", "bad decision", "poor judgement", "lapse in judgement",
    "cut corners", "cowboy deploy", "lack of care/diligence/professionalism", "(wrong action)".

Why it matters:
    Idioms carry the judgement without saying it outright, which makes them easy to miss in
    review and hard to argue with. They tell the reader the person is the problem.

Prefer:
    Describe the decision and its context: "The on-call chose to restart the database first;
    the alert did not say replication was broken."

Known false positives:
    Phrases quoted or negated ("nobody dropped the ball here") are skipped when the negation
    comes right before; literal uses ("the bot dropped the ball-bearing order") are flagged.
"""

from __future__ import annotations

from collections.abc import Iterator

from hotwash.core.lint.finding import Hit, Severity
from hotwash.core.lint.grammar import Sentence, negated_before
from hotwash.core.lint.rule import Rule


class JudgementIdiom(Rule):
    code = "BL021"
    name = "judgement-idiom"
    family = "judgement"
    severity = Severity.ERROR
    message = "“{phrase}” passes a verdict on someone's diligence or judgement."
    suggestion = ("Describe the decision and its context, e.g. “The on-call restarted the database first; the "
                  "alert did not say replication was broken.”")
    anchors = r"bother|bothered|asleep|fell|ball|attention|idea|better|rookie|actions?|decisions?|calls?|choices?|moves?|judge?ments?|corners|cowboy\w*|lack|excuse|first"
    trigger = (
        r"\b(?:didn['’]?t|did\s+not|couldn['’]?t|could\s+not|never)\s+(?:even\s+)?(?:bother(?:ed)?|be\s+bothered)\b|"
        r"\b(?:had|has|have|ever)\s+bothered\s+to\b|\bbothered\s+to\s+(?:check|look|read|test|verify|ask)\b|"
        r"\basleep\s+at\s+the\s+(?:wheel|switch)\b|\bfell\s+asleep\b|\bdrop(?:ped|s|ping)?\s+the\s+ball\b|"
        r"\b(?:not|n['’]t|never)\s+(?:really\s+)?pay(?:ing)?\s+attention\b|"
        r"\bthought\s+it\s+(?:was|would\s+be)\s+(?:a\s+)?(?:good|great|smart|fine)\s+idea\b|"
        r"\b(?:should|ought\s+to)\s+(?:have\s+)?know[n]?\s+better\b|\bknew\s+better\b|"
        r"\brookie\s+(?:mistake|error|move)\b|"
        r"\b(?:wrong|bad|poor|terrible|dumb|stupid|questionable)\s+(?:action|decision|call|choice|move|judge?ment)s?\b|"
        r"\blapse\s+(?:of|in)\s+judge?ment\b|\bcut(?:ting|s)?\s+corners\b|\bcowboy(?:ed)?\b|"
        r"\black\s+of\s+(?:care|diligence|attention|discipline|professionalism|common\s+sense|competence|"
        r"accountability|rigou?r)\b|\bno\s+excuse\b|\bnot\s+(?:his|her|their)\s+first\s+(?:mistake|time)\b"
    )
    flags = (
        "The on-call didn't bother to acknowledge the alert.",
        "If Sam had bothered to look at the error logs, the outage would have been shorter.",
        "Engineer E tried to restart database (wrong action)",
        "Someone thought it was a good idea to push untested code to prod.",
        "The release team dropped the ball on the certificate renewal.",
        "Ops was asleep at the wheel during the failover.",
    )
    passes = (
        "The on-call restarted the database first; the alert did not say replication was broken.",
        "The team decided to roll back after 12 minutes.",
        "Nobody dropped the ball here: the alert never reached anyone.",
    )

    def check(self, s: Sentence) -> Iterator[Hit]:
        for m in self.matches(s):
            i = s.index_at(m.start() + s.start)
            phrase = m.group().lower()
            if not phrase.startswith(("didn", "did", "couldn", "could", "not", "n", "never")) and negated_before(
                    s, i, 2):
                continue
            if phrase.startswith("nobody") or s.low(i - 1) in ("nobody", "no-one") or (
                    s.low(i - 1) == "one" and s.low(i - 2) == "no"):
                continue
            yield Hit(m.start() + s.start, m.end() + s.start,
                      self.message.format(phrase=s.text[m.start():m.end()]))
