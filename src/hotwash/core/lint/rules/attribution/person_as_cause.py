"""A person, role or team is the subject of a "broke it" verb.

What it flags:
    A person, a role or a team as the grammatical subject of a verb that makes them the cause:
    "Bob broke the build", "the on-call engineer took down the API", "the DBA messed up the
    migration", "the employee who caused the outage", "the build was broken by Sam", and a
    person who destroyed production ("I dropped prod!", "the intern wiped the production
    database").

Why it matters:
    Naming a person as the cause ends the inquiry at "who" instead of "what about the system
    made this possible". People act reasonably on the information they have; the review is
    meant to find the conditions that let a normal action turn into an outage.

Prefer:
    Make the change or the system the subject, and say which safeguard was missing:
    "The change to the build script broke the build; CI did not run the integration tests
    on that path."

Known false positives:
    Factual notes where breaking is the goal ("the chaos team broke the link on purpose"). A
    capitalised word at the start of a sentence before "broke"/"forgot" is taken for a name.
    Planned destructive work on production with a person as subject ("the DBA dropped the
    production table after the migration") is flagged; with "we" it is not.
"""

from __future__ import annotations

from collections.abc import Iterator

from hotwash.core.lint import lexicon as lx
from hotwash.core.lint.finding import Hit, Severity
from hotwash.core.lint.grammar import (
    Sentence,
    agent_after,
    is_adverb,
    is_passive,
    looks_like_name,
    negated_before,
    subject_of,
)
from hotwash.core.lint.rule import Rule

_OBJECTS = frozenset({"site", "build", "cluster", "database", "db", "service", "app", "deploy", "release",
                      "servers", "network", "api", "website", "platform", "pipeline", "checkout"})


#: Destroying verbs, a cause only with production as the object (matched by the trigger).
_DESTROY = frozenset({"dropped", "wiped", "destroyed", "truncated", "erased"})


class PersonAsCause(Rule):
    code = "BL001"
    name = "person-as-cause"
    family = "attribution"
    severity = Severity.ERROR
    message = "A person is named as the cause ({verb})."
    suggestion = ("Make the change or the system the subject and name the missing safeguard, e.g. "
                  "“The change broke the build; CI did not run the integration tests.”")
    anchors = r"broke|broken|breaks|caused|causes|messed|screwed|botched|bungled|borked|nuked|trashed|fumbled|wrecked|sabotaged|blew|fucked|effed|took|brought|killed|crashed|tanked|flubbed|fluffed|knocked|triggered|started|sparked|set|initiated|dropped|wiped|destroyed|truncated|erased"
    trigger = (r"\b(?:broke|broken|breaks|caused|causes|messed|screwed|botched|bungled|borked|nuked|trashed|"
               r"fumbled|wrecked|sabotaged|blew|fucked|effed|took|brought|killed|crashed|tanked|flubbed|fluffed|"
               r"knocked)\b|\b(?:dropped|wiped|destroyed|truncated|erased)\s+(?:out\s+)?(?:the\s+|our\s+)?"
               r"(?:prod|production|live)\b|\bset\s+off\b|\b(?:triggered|started|initiated|sparked)\s+by\b")
    flags = (
        "Bob broke the build.",
        "The on-call engineer took down the API while rotating keys.",
        "The DBA messed up the migration.",
        "The employee that broke it needs to fix his code.",
        "The build was broken by Sam on Tuesday.",
        "Someone on the platform team crashed prod with a config push.",
        "It was a false alarm caused by an employee pressing the wrong button.",
        "That Salesforce outage: global DNS downfall started by one engineer trying a quick fix.",
        "The storage system was knocked offline by a staffer.",
        "The employee who set off a statewide panic has been reassigned.",
        "Only to realize that I was connected to production... I dropped prod!",
        "The intern wiped the production database on his first day.",
    )
    passes = (
        "The deploy broke the build.",
        "A race condition in the scheduler caused the outage.",
        "The change that Bob merged broke the checkout flow.",
        "We took down the old cluster as planned.",
        "Alice killed the runaway process at 10:42.",
        "The broken build blocked the release.",
        "The failover was started by the on-call at 14:31.",
        "The outage was triggered by a valid customer configuration change.",
        "Latency was caused by users uploading large files.",
        "It's never a single person who caused a failure.",
        "We dropped the production table after the migration, as planned.",
        "The cleanup job wiped the production bucket because its prefix filter was empty.",
        "The intern dropped the staging table.",
    )
    example_names = ("Sam",)

    def check(self, s: Sentence) -> Iterator[Hit]:
        toks = s.tokens
        for m in self.matches(s):
            i = s.index_at(m.start() + s.start)
            if i >= len(toks):
                continue
            verb = toks[i].low
            nxt, nxt2 = s.low(i + 1), s.low(i + 2)
            end = toks[i].end
            if verb in lx.CAUSE_PASSIVES and verb not in lx.BREAK_VERBS or (
                    verb == "caused" and s.low(i + 1) == "by" and not is_passive(s, i)):
                hit = self._incident_caused_by(s, i)
                if hit is not None:
                    yield Hit(hit[0], hit[1], self.message.format(verb=verb))
                continue
            if verb in lx.BREAK_PARTICLES and verb not in ("killed", "crashed", "tanked"):
                if nxt not in lx.BREAK_PARTICLES[verb]:
                    continue
                end = toks[i + 1].end
            elif verb in _DESTROY:
                pass  # the trigger has already checked the object: "dropped prod", "wiped the production db"
            elif verb in ("killed", "crashed", "tanked") and not (
                    nxt in ("prod", "production", "everything") or (nxt == "the" and nxt2 in _OBJECTS)):
                continue
            if verb == "broken" and s.low(i - 1) not in ("has", "had", "have", "was", "were", "been"):
                continue
            if is_passive(s, i):
                agent = agent_after(s, i)
                if agent is not None:
                    yield Hit(toks[agent.index].start, end, self.message.format(verb=verb))
                continue
            actor = subject_of(s, i)
            if actor is None:
                continue
            strong = verb in ("broke", "messed", "screwed", "botched", "bungled", "fucked", "flubbed")
            if actor.is_people and negated_before(s, actor.index, 3):
                continue  # "it's never a single person who caused a failure"
            if actor.is_people or (strong and looks_like_name(s, actor.index, i)):
                yield Hit(toks[actor.index].start, end, self.message.format(verb=verb))

    def _incident_caused_by(self, s: Sentence, i: int) -> tuple[int, int] | None:
        """ "an alarm caused by an employee pressing ...", "the outage was triggered by an engineer":
        a passive (or a participle right after its noun) with a person as the agent. Other than
        "caused", only incidents count as the subject: "the failover was started by the on-call"
        is a fact."""
        toks = s.tokens
        agent = agent_after(s, i + (1 if s.low(i + 1) == "off" else 0))
        if agent is None:
            return None
        if toks[i].low == "caused":
            return toks[i].start, toks[agent.index].end
        j = i - 1
        while j >= 0 and (toks[j].low in ("was", "were", "is", "are", "been", "being", "be", "not", "first",
                                          "originally", "initially", "allegedly", "reportedly")
                          or is_adverb(toks[j].low)):
            j -= 1
        if j >= 0 and toks[j].low in lx.INCIDENT_NOUNS:
            return toks[i].start, toks[agent.index].end
        return None
