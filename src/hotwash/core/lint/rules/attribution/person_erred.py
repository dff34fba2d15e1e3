"""A person "mistakenly", "accidentally" or "wrongly" did something, or picked "the wrong" thing.

What it flags:
    A person, role or team acting with an error adverb or an error verb, or on the wrong
    object: "an engineer mistakenly removed too many servers", "the worker accidentally sent
    the alert", "the intern accidently pressed send", "I managed to accidentally corrupt the
    database", "the admin misconfigured the load balancer", "a tired engineer ran the command
    on the wrong server", "Team A gave them the wrong ID".

Why it matters:
    The adverb carries the verdict: it tells the reader the person is the explanation. The
    review should instead find out why the wrong server looked like the right one.

Prefer:
    Passive or system-centred description plus the missing guard: "The command ran on the
    primary instead of the replica; both hosts had the same prompt." "One of the inputs was
    entered incorrectly and the tool did not ask for confirmation."

Known false positives:
    Passive sentences without a person ("one of the inputs was entered incorrectly", "the
    servers that were inadvertently removed") and "we mistakenly ..." (collective ownership)
    are not flagged. A person who receives the wrong thing ("the on-call received a false
    alarm") is not flagged.
"""

from __future__ import annotations

from collections.abc import Iterator

from hotwash.core.lint import lexicon as lx
from hotwash.core.lint.finding import Hit, Severity
from hotwash.core.lint.grammar import (
    PEOPLE,
    Sentence,
    agent_after,
    clause_actor,
    is_passive,
    is_past,
    subject_of,
)
from hotwash.core.lint.rule import Rule

_RECEIVING = frozenset({"received", "got", "saw", "noticed", "heard", "read", "found", "investigated",
                        "spotted", "observed", "reported", "flagged", "detected", "identified", "acknowledged",
                        "discovered", "fixed", "corrected", "reverted", "caught", "was", "were", "is", "are",
                        "been", "had", "has", "suspected", "realized", "realised", "explained", "said",
                        "thought", "warned", "asked", "feared", "worried", "checked", "confirmed"})


class PersonErred(Rule):
    code = "BL005"
    name = "person-erred"
    family = "attribution"
    severity = Severity.ERROR
    message = "The sentence says a person erred (“{span}”)."
    suggestion = ("Describe what happened to the system and the missing guard, e.g. “The command ran on the "
                  "primary instead of the replica; both hosts had the same prompt.”")
    anchors = r"mistakenly|accidentally|accidently|erroneously|inadvertently|wrongly|incorrectly|unintentionally|carelessly|recklessly|negligently|foolishly|stupidly|wrongfully|unwittingly|mis\w*|wrong|incorrect|false|erroneous"
    trigger = (r"\b(?:mistakenly|accidentally|accidently|erroneously|inadvertently|wrongly|incorrectly|"
               r"unintentionally|carelessly|recklessly|negligently|foolishly|stupidly|wrongfully|unwittingly|"
               r"mis-?configured|mishandled|misjudged|misread|mis-?typed|misused|misinterpreted|misunderstood|"
               r"misclicked|mislabell?ed|miscalculated|misrouted|misapplied|wrong|incorrect|false|erroneous)\b")
    flags = (
        "An AWS engineer debugging a billing issue mistakenly removed too many servers.",
        "The intern accidently pressed send on an integration test email.",
        "In the course of the work, I managed to accidentally corrupt a production database.",
        "The admin misconfigured the load balancer.",
        "A tired engineer, working late to fix a replication issue, ran a destructive command on the wrong server.",
        "Team A gave them the wrong ID.",
        "The engineer instead decided erroneously to shortcut the normal procedure.",
        "The database was accidentally dropped by an engineer.",
    )
    passes = (
        "One of the inputs to the command was entered incorrectly.",
        "The servers that were inadvertently removed supported two other subsystems.",
        "We mistakenly sent an empty test email to a portion of our subscribers.",
        "The on-call received a false alarm at 02:10.",
        "The load balancer sent traffic to the wrong pool.",
        "Their account was flagged for abuse and accidentally scheduled for removal.",
    )

    def check(self, s: Sentence) -> Iterator[Hit]:
        toks = s.tokens
        for m in self.matches(s):
            i = s.index_at(m.start() + s.start)
            if i >= len(toks):
                continue
            low = toks[i].low
            if low in lx.ERROR_ADVERBS:
                hit = self._adverb(s, i)
            elif low in lx.WRONG_ADJECTIVES:
                hit = self._wrong_object(s, i)
            else:
                hit = self._mis_verb(s, i)
            if hit is not None:
                a, b = min(hit), max(hit)
                yield Hit(a, b, self.message.format(span=s.text[a - s.start:b - s.start]))

    def _adverb(self, s: Sentence, i: int) -> tuple[int, int] | None:
        toks = s.tokens
        verb = i + 1 if i + 1 < len(toks) and toks[i + 1].low[:1].isalpha() else i - 1
        if is_passive(s, i) or is_passive(s, verb):
            agent = agent_after(s, max(i, verb))
            return (toks[i].start, toks[agent.index].end) if agent else None
        actor = clause_actor(s, i, kinds=PEOPLE)
        if actor is None:
            actor = subject_of(s, i)
        if actor is not None and actor.is_people:
            return toks[actor.index].start, toks[max(i, verb)].end
        return None

    def _mis_verb(self, s: Sentence, i: int) -> tuple[int, int] | None:
        toks = s.tokens
        if is_passive(s, i):
            agent = agent_after(s, i)
            return (toks[i].start, toks[agent.index].end) if agent else None
        actor = subject_of(s, i)
        if actor is not None and actor.is_people:
            return toks[actor.index].start, toks[i].end
        return None

    def _wrong_object(self, s: Sentence, i: int) -> tuple[int, int] | None:
        toks = s.tokens
        if i + 1 >= len(toks) or not toks[i + 1].low[:1].isalnum():
            return None
        if toks[i + 1].low in ("with", "about", "way", "to", "that", "and", "or", "positive", "positives",
                               "negative", "negatives", "alarm", "alarms", "sense"):
            return None
        if toks[i].low == "false" and s.low(i + 1) in ("alert", "alerts") and s.low(i - 1) != "the":
            return None
        # the verb of this clause: the nearest past-tense word on the left
        for k in range(i - 1, max(-1, i - 10), -1):
            low = toks[k].low
            if low in (",", ";", ":", "(") or low in lx.SUBORDINATORS:
                return None
            if is_past(low) or low in ("hit", "put", "set", "ran", "gave", "sent", "chose", "took", "picked",
                                       "pressed", "pushed", "entered", "typed", "used", "selected"):
                if low in _RECEIVING or is_passive(s, k):
                    return None
                actor = subject_of(s, k)
                if actor is not None and actor.is_people:
                    return toks[actor.index].start, toks[i + 1].end
                return None
        return None
