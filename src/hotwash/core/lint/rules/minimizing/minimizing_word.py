""""Just", "simply", "obviously" about what a person did or had to do.

What it flags:
    Minimizing adverbs in front of a person's action ("he just restarted the primary", "the
    on-call simply had to roll back", "you just need to read the runbook"), "all they had to
    do was", and "it was obvious that" + a person.

Why it matters:
    "Just" and "simply" say the right action was easy and therefore its absence is a failing.
    It was not easy at the time, or it would have happened. "Obviously" claims hindsight
    clarity that nobody had during the incident.

Prefer:
    Drop the word: "He restarted the primary." If the step really is simple, say what made it
    hard to see: "The rollback command was not in the alert's runbook link."

Known false positives:
    "Just" about time ("had just deployed", "just before 10:00") and about systems ("the
    process just resulted in downtime") is not flagged. "We just ..." is not flagged.
"""

from __future__ import annotations

from collections.abc import Iterator

from hotwash.core.lint.finding import Hit, Severity
from hotwash.core.lint.grammar import PEOPLE, Sentence, classify, is_past, subject_of
from hotwash.core.lint.rule import Rule

_WORDS = frozenset({"just", "simply", "merely", "obviously", "clearly", "easily"})
_MODAL_TO = frozenset({"had", "has", "have", "need", "needs", "needed", "got"})
_HEDGED = frozenset({"wanted", "meant", "thought", "wondered", "figured", "said", "asked", "felt", "hoped",
                     "assumed", "guessed"})


class MinimizingWord(Rule):
    code = "BL040"
    name = "minimizing-word"
    family = "minimizing"
    severity = Severity.WARNING
    message = "“{word}” minimizes what a person did or had to do."
    suggestion = "Delete the word, or say what made the step hard to see at the time."
    anchors = r"just|simply|merely|obviously|clearly|easily|obvious|clear|do"
    trigger = (r"\b(?:just|simply|merely|obviously|clearly|easily)\b|\ball\s+[\w-]+(?:\s+[\w-]+)?\s+(?:had|needed)\s+to\s+do\b|"
               r"\b(?:obvious|clear)\s+(?:that\s+)?\w+")
    flags = (
        "He just restarted the primary without checking replication.",
        "The on-call simply had to roll back the deploy.",
        "All they had to do was read the runbook.",
        "It was obvious that the engineer had skipped the canary.",
        "Bob obviously forgot to run the migration.",
    )
    passes = (
        "Bob had just deployed a fix when the alert fired.",
        "Our agile process just resulted in a four-hour downtime.",
        "The alert fired just before 10:00.",
        "We simply restarted the service.",
        "This is an obvious learning experience for the system.",
        "The intern was new to the project and lacked clear instructions on how to upload the code.",
        "I just wanted to put that out there for everyone who has pushed a button that caused an outage.",
    )
    example_names = ("Bob",)

    def check(self, s: Sentence) -> Iterator[Hit]:
        toks = s.tokens
        for m in self.matches(s):
            i = s.index_at(m.start() + s.start)
            if i >= len(toks):
                continue
            w = toks[i].low
            if w == "all":
                kind = classify(s, i + 1) if s.low(i + 1) != "the" else classify(s, i + 2)
                if kind in PEOPLE or kind == "you":
                    yield self._hit(s, toks[i].start, toks[i].end, s.index_at(m.end() + s.start) - 1, None)
                continue
            if w in ("obvious", "clear"):
                if s.low(i + 1) not in ("that", "to") and s.low(i - 1) not in (
                        "is", "was", "were", "are", "be", "been", "seems", "seemed", "looks", "looked", "it's"):
                    continue  # "lacked clear instructions": an adjective before a noun, not a verdict
                for k in range(i + 1, min(len(toks), i + 5)):
                    if classify(s, k) in PEOPLE:
                        yield self._hit(s, toks[i].start, toks[i].end, i, None)
                        break
                continue
            if w not in _WORDS:
                continue
            prev = s.low(i - 1)
            if w == "just" and prev in ("had", "has", "have", "was", "were", "is", "are", "'d", "having"):
                continue  # "had just deployed": time, not minimizing
            if w == "just" and s.low(i + 1) in _HEDGED:
                continue  # "I just wanted to say": a hedge on the speaker's own words
            k = i + 1
            if k >= len(toks):
                continue
            nxt = toks[k].low
            verbish = is_past(nxt) or nxt in _MODAL_TO or (prev in ("to", "can", "could", "should", "would", "must")
                                                          and nxt.isalpha())
            if not verbish:
                continue
            actor = subject_of(s, k)
            if actor is not None and (actor.is_people or actor.kind == "you"):
                end = toks[k].start if k < len(toks) else toks[i].end
                yield self._hit(s, toks[i].start, toks[i].end, i, end)

    def _hit(self, s: Sentence, a: int, b: int, last: int, delete_to: int | None) -> Hit:
        toks = s.tokens
        b = max(b, toks[last].end)
        word = s.text[a - s.start:b - s.start]
        if delete_to is not None:
            return Hit(a, delete_to, self.message.format(word=word), None, "")
        return Hit(a, b, self.message.format(word=word))
