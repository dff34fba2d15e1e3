""""Human error", "operator error" or a "fat finger" given as the cause.

What it flags:
    "Human error", "operator error", "pilot error", "staff error", "PEBKAC" and "fat finger" /
    "fat-fingered" used to explain an outage: "the outage was due to human error", "a
    fat-fingered command deleted the volume", "simple human error can wreak havoc", "data loss
    due to spam attacks and engineering mistakes".

Why it matters:
    "Human error" is where a blameless review starts, not where it ends. It names no
    condition that can be changed, so the same outage happens again to the next person. The
    useful question is why the error was easy to make and hard to catch.

Prefer:
    Describe the action and the condition that let it through: "The command accepted a
    wildcard and ran on every host without a confirmation step."

Known false positives:
    Sentences that discuss the idea itself ("'human error' is never a root cause", "the
    platform is now more resilient to operator error") are recognised when a negation or a
    guarding word (resilient, prevent, reduce, guard, tolerate, deny...) comes just before, and
    so are comparisons and general claims ("blame design flaws more than operator error", "most
    operator errors are really design errors"); other discussions of the term may still be
    flagged.
"""

from __future__ import annotations

from collections.abc import Iterator

from hotwash.core.lint.finding import Hit, Severity
from hotwash.core.lint.grammar import Sentence, negated_before
from hotwash.core.lint.rule import Rule

_GUARDS = ("resilien", "against", "prevent", "reduc", "avoid", "minimi", "toleran", "tolerat", "guard",
           "protect", "mitigat", "eliminat", "handl", "withstand", "catch", "absorb", "forgiv", "recover",
           "proof", "design", "account", "anticipat", "detect", "expect", "inevitab", "denie", "deny", "denying", "ruled", "ruling")
_AFTER_GUARDS = frozenset({"protection", "proof", "proofing", "check", "checks", "guard", "guards",
                           "prevention", "safeguard", "safeguards", "rate", "rates", "budget"})


_GENERIC = frozenset({"a", "an", "seldom", "only", "inevitable", "normal", "expected", "unavoidable", "common",
                      "everywhere", "part", "actually", "really", "usually", "often", "mostly", "merely", "just",
                      "simply", "symptoms", "symptom", "never", "rarely"})
#: Words right before the term that make it a comparison or a general claim, not a cause.
_BEFORE_GENERIC = frozenset({"than", "most", "all", "any", "no", "whether", "called", "so-called", "blaming",
                             # "a very human mistake": human as in forgivable
                             "very", "so", "quite", "perfectly", "entirely", "completely", "understandably",
                             "totally", "all-too", "too", "normal", "ordinary", "natural", "occasional",
                             "understandable", "honest"})


class HumanError(Rule):
    code = "BL002"
    name = "human-error"
    family = "attribution"
    severity = Severity.ERROR
    message = "“{term}” is given as a cause."
    suggestion = ("Describe the action and the condition that let it through, e.g. “The command accepted a "
                  "wildcard and ran on every host without a confirmation step.”")
    anchors = r"errors?|mistakes?|fat\w*|finger\w*|pebkac|picnic|id"
    trigger = (r"\b(?:human|operator|pilot|personnel|staff|engineer|admin|people)[\s-]+errors?\b|"
               r"\b(?:human|operator|engineering|personnel|staff)[\s-]+mistakes?\b|"
               r"\bfat[\s-]?finger(?:ed|s|ing)?\b|\bpebkac\b|\bpicnic\b|\bid-?10-?t\b")
    flags = (
        "The outage was due to human error.",
        "Root cause: operator error during the failover.",
        "A fat-fingered command deleted the production volume.",
        "Simple human error can often wreak havoc in a deploy pipeline.",
        "Most of the downtime is attributed to human error during device configuration.",
        "The database lost data due to spam attacks and engineering mistakes.",
    )
    passes = (
        "The platform is now more resilient to operator error than it was yesterday.",
        "The post never once blames human error.",
        "This was not human error; the tool accepted an ambiguous target.",
        "The error rate rose to 4% of requests.",
        "We added fat-finger protection to the delete command.",
        "The report now blames design flaws much more than operator error.",
        "Most operator errors are actually design errors.",
        "The contractors denied that any human error has been identified.",
        "You don't fire someone for the occasional and very human mistake like this.",
    )

    def check(self, s: Sentence) -> Iterator[Hit]:
        toks = s.tokens
        for m in self.matches(s):
            i = s.index_at(m.start() + s.start)
            if i >= len(toks):
                continue
            j = s.index_at(m.end() + s.start) - 1  # last token of the term
            if negated_before(s, i, 5):
                continue
            window = [toks[k].low for k in range(max(0, i - 4), i)]
            if any(w.startswith(_GUARDS) for w in window) or s.low(i - 1) in _BEFORE_GENERIC:
                continue
            after, after2 = s.low(j + 1), s.low(j + 2)
            if after in _AFTER_GUARDS or after.endswith("n't"):
                continue
            if after in ("is", "was", "are", "were") and (after2 in ("not", "never", "rarely") or after2.startswith(_GUARDS)):
                continue
            if after in ("is", "are") and after2 in _GENERIC:
                continue  # a statement about the idea ("human error is a starting point, not a conclusion")
            if toks[i].low == "picnic" and "chair" not in s.masked.lower():
                continue
            term = s.text[m.start():m.end()]
            yield Hit(m.start() + s.start, m.end() + s.start, self.message.format(term=term))
