"""A person "mistakenly", "accidentally" or "wrongly" did something, or picked "the wrong" thing.

What it flags:
    A person, role or team acting with an error adverb or an error verb, or on the wrong
    object: "an engineer mistakenly removed too many servers", "the worker accidentally sent
    the alert", "the intern accidently pressed send", "I managed to accidentally corrupt the
    database", "the admin misconfigured the load balancer", "a tired engineer ran the command
    on the wrong server", "Team A gave them the wrong ID", "an employee pressing the wrong
    button", "the operator ran it on the primary instead of the replica", "an incorrect
    command entered by a team member", "someone removed too much capacity", "the manager
    rushed the release".

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
    alarm") is not flagged, nor a choice between courses of action ("the on-call rolled back
    instead of failing over") or a negated adverb ("so that a human does not accidentally
    delete it").
"""

from __future__ import annotations

from collections.abc import Iterator

from hotwash.core.lint import lexicon as lx
from hotwash.core.lint.finding import Hit, Severity
from hotwash.core.lint.grammar import (
    PEOPLE,
    Actor,
    Sentence,
    agent_after,
    classify,
    clause_actor,
    is_ing,
    is_participle,
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


_RECEIVING_ING = frozenset({"receiving", "getting", "seeing", "noticing", "reading", "finding", "investigating",
                            "spotting", "reporting", "fixing", "correcting", "reverting", "catching", "having",
                            "being", "checking", "confirming", "flagging", "detecting", "showing", "serving",
                            "returning", "sending", "routing", "using"})


#: Tokens inside a path or a command line, skipped when looking for the verb on the left.
_PATH_MARKS = frozenset({"/", "-", "~", "_", "\\"})

class PersonErred(Rule):
    code = "BL005"
    name = "person-erred"
    family = "attribution"
    severity = Severity.ERROR
    message = "The sentence says a person erred (“{span}”)."
    suggestion = ("Describe what happened to the system and the missing guard, e.g. “The command ran on the "
                  "primary instead of the replica; both hosts had the same prompt.”")
    anchors = r"mistakenly|accidentally|accidently|erroneously|inadvertently|wrongly|incorrectly|unintentionally|carelessly|recklessly|negligently|foolishly|stupidly|wrongfully|unwittingly|mis\w*|wrong|incorrect|false|erroneous|instead|rather|too|rush\w*"
    trigger = (r"\b(?:mistakenly|accidentally|accidently|erroneously|inadvertently|wrongly|incorrectly|"
               r"unintentionally|carelessly|recklessly|negligently|foolishly|stupidly|wrongfully|unwittingly|"
               r"mis-?configured|mishandled|misjudged|misread|mis-?typed|misused|misinterpreted|misunderstood|"
               r"misclicked|mislabell?ed|miscalculated|misrouted|misapplied|wrong|incorrect|false|erroneous)\b|"
               r"\b(?:instead\s+of|rather\s+than)\s+(?:the|a|an|one|its|their|his|her)\b|"
               r"\btoo\s+(?:much|many|far|late|soon|early|long)\b|\brush(?:ed|es|ing)?\b")
    flags = (
        "An AWS engineer debugging a billing issue mistakenly removed too many servers.",
        "The intern accidently pressed send on an integration test email.",
        "In the course of the work, I managed to accidentally corrupt a production database.",
        "The admin misconfigured the load balancer.",
        "A tired engineer, working late to fix a replication issue, ran a destructive command on the wrong server.",
        "Team A gave them the wrong ID.",
        "The engineer instead decided erroneously to shortcut the normal procedure.",
        "The database was accidentally dropped by an engineer.",
        "The alert was a false alarm caused by an employee pressing the wrong button.",
        "An exhausted operator ran the command on the primary instead of the replica.",
        "The engineer ran rm -rf /var/opt/gitlab/postgresql/data on the primary instead of the replica.",
        "The outage was caused by an incorrect command entered by a team member.",
        "The engineer executes the correct command on the wrong server.",
        "The employee confirmed the alert, inadvertently causing a panic across the state.",
        "So basically someone removed too much capacity using an approved playbook.",
        "The product manager rushed the release out the door.",
        "The worker felt terrible after pushing the wrong button.",
    )
    passes = (
        "One of the inputs to the command was entered incorrectly.",
        "The servers that were inadvertently removed supported two other subsystems.",
        "We mistakenly sent an empty test email to a portion of our subscribers.",
        "The on-call received a false alarm at 02:10.",
        "The load balancer sent traffic to the wrong pool.",
        "Their account was flagged for abuse and accidentally scheduled for removal.",
        "The on-call rolled back instead of failing over, as the runbook says.",
        "The deploy went to the primary instead of the replica.",
        "Operations should have safeguards so that a human does not accidentally delete a site.",
        "The team rushed to restore service.",
        "The job deleted too many rows.",
        "The warning was described as someone hitting the wrong button.",
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
            elif low in ("instead", "rather"):
                hit = self._instead_of(s, i)
            elif low == "too":
                hit = self._acting_person(s, i, toks[min(len(toks) - 1, i + 1)].end)
            elif low.startswith("rush"):
                hit = self._rushed(s, i)
            else:
                hit = self._mis_verb(s, i)
            if hit is not None:
                a, b = min(hit), max(hit)
                yield Hit(a, b, self.message.format(span=s.text[a - s.start:b - s.start]))

    def _adverb(self, s: Sentence, i: int) -> tuple[int, int] | None:
        toks = s.tokens
        prev = s.low(i - 1)
        if prev in ("not", "never", "cannot") or prev.endswith("n't"):
            return None  # "so a human doesn't accidentally delete it"
        verb = i + 1 if i + 1 < len(toks) and toks[i + 1].low[:1].isalpha() else i - 1
        if is_passive(s, i) or is_passive(s, verb):
            agent = agent_after(s, max(i, verb))
            return (toks[i].start, toks[agent.index].end) if agent else None
        actor = clause_actor(s, i, kinds=PEOPLE)
        if actor is None:
            actor = subject_of(s, i)
        if actor is None and prev == "," and is_ing(s.low(verb)):
            # "the employee confirmed the alert, inadvertently causing a panic": the subject of the
            # clause the participle hangs on
            actor = self._main_subject(s, i - 1)
        if actor is not None and actor.is_people:
            return toks[actor.index].start, toks[max(i, verb)].end
        return None

    def _main_subject(self, s: Sentence, comma: int) -> Actor | None:
        toks = s.tokens
        for k in range(comma - 1, max(-1, comma - 14), -1):
            low = toks[k].low
            if low in (";", ":") or low in lx.SUBORDINATORS:
                return None
            if (is_past(low) or low in lx.IRREGULAR_PAST) and low not in lx.ERROR_ADVERBS and not is_passive(s, k):
                return subject_of(s, k)
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
        # "an incorrect command entered by an S3 team member"
        if is_participle(s.low(i + 2)) and s.low(i + 3) == "by":
            agent = agent_after(s, i + 2)
            if agent is not None:
                return toks[i].start, toks[agent.index].end
        return self._acting_person(s, i, toks[i + 1].end)

    def _rushed(self, s: Sentence, i: int) -> tuple[int, int] | None:
        """ "the product manager rushed the release", "the team rushed", "told the engineer to rush it";
        not "rushed to restore service" or "rushed back"."""
        toks = s.tokens
        if s.low(i + 1) in ("to", "in", "into", "over", "back", "home", "off", "out", "from", "for", "around"):
            return None
        if is_passive(s, i):
            agent = agent_after(s, i)
            return (toks[i].start, toks[agent.index].end) if agent else None
        actor = subject_of(s, i)
        if actor is not None and actor.is_people:
            return toks[actor.index].start, toks[i].end
        return None

    def _instead_of(self, s: Sentence, i: int) -> tuple[int, int] | None:
        """ "ran it on the primary instead of the replica", "gave the site ID, rather than the app ID":
        a person acting on one object in place of another (a choice between two actions, "instead of
        failing over", is not flagged: the trigger asks for a noun phrase after it)."""
        return self._acting_person(s, i, s.tokens[min(len(s.tokens) - 1, i + 2)].end, commas=1)

    def _acting_person(self, s: Sentence, i: int, end: int, commas: int = 0) -> tuple[int, int] | None:
        """The person doing the verb of the clause that holds token ``i``: the nearest finite verb or
        gerund on the left, and its subject."""
        toks = s.tokens
        # thirteen tokens to the left, not counting the slashes and dashes of a path or a command
        # ("ran rm -rf /var/opt/gitlab/postgresql/data on the primary instead of the replica")
        left = [k for k in range(i - 1, max(-1, i - 40), -1) if toks[k].low not in _PATH_MARKS][:13]
        for k in left:
            low = toks[k].low
            if low in (",", "—", "–") and commas > 0:
                commas -= 1
                continue
            if low in (",", ";", ":", "(", "—", "–") or low in lx.SUBORDINATORS:
                return None
            if is_ing(low) and k > 0:
                # "an employee pressing the wrong button", "by picking the wrong option"
                if low in _RECEIVING_ING:
                    return None
                if s.low(k - 2) == "as" and s.low(k - 3) in ("described", "framed", "portrayed", "characterized",
                                                               "characterised", "painted", "reported"):
                    return None  # "described as someone hitting the wrong button": a framing, reported
                if s.low(k - 1) in ("by", "after", "before", "while", "when"):
                    actor = clause_actor(s, k - 1, commas=False, kinds=PEOPLE)
                else:
                    kind = classify(s, k - 1)
                    actor = Actor(kind, k - 1) if kind in PEOPLE else None
                if actor is not None:
                    return toks[actor.index].start, end
                continue
            present = low.endswith("s") and not low.endswith("ss") and classify(s, k - 1) in PEOPLE
            if is_past(low) or present or low in ("hit", "put", "set", "ran", "gave", "sent", "chose", "took",
                                                  "picked", "pressed", "pushed", "entered", "typed", "used",
                                                  "selected"):
                if low in _RECEIVING or is_passive(s, k):
                    return None
                actor = subject_of(s, k)
                if actor is not None and actor.is_people:
                    return toks[actor.index].start, end
                return None
        return None
        return None
