"""A person, role or team "forgot", "neglected", "ignored" or "failed to".

What it flags:
    A person, role or team as the subject of an omission: "Bob forgot to run the migration",
    "Ops neglected to renew the certificate", "the on-call ignored the page", "the engineer
    failed to follow the runbook", "Slack's IT team did not discover the problem for an hour",
    "someone dropped the table and didn't tell anyone", "Bob pushed the change without asking
    anyone".

Why it matters:
    Omission words judge a person against what we know now. Ask what made the step easy to
    skip: a manual step, a missing reminder, an alert that looked like the usual noise.

Prefer:
    Make the step the subject: "The migration was not run: the deploy script does not
    include it and the checklist did not mention it." "The page was not acknowledged for 20
    minutes; it arrived during another incident."

Known false positives:
    Systems as subjects ("the health check failed to detect", "the job failed to acquire the
    lock") are not flagged. "We did not ..." is collective ownership and is not flagged.
    Negated and future or habitual forms ("didn't forget", "a lesson they won't forget") are not
    flagged. "They" is taken to mean people.
"""

from __future__ import annotations

from collections.abc import Iterator

from hotwash.core.lint import lexicon as lx
from hotwash.core.lint.finding import Hit, Severity
from hotwash.core.lint.grammar import (
    Sentence,
    agent_after,
    clause_actor,
    is_passive,
    looks_like_name,
    negated_before,
    subject_of,
)
from hotwash.core.lint.rule import Rule


def _base(low: str) -> str:
    for suffix, repl in (("ied", "y"), ("ed", ""), ("ed", "e"), ("d", "")):
        if low.endswith(suffix):
            stem = low[: -len(suffix)] + repl
            if stem in lx.DUTY_VERBS:
                return stem
    return low


class PersonOmission(Rule):
    code = "BL004"
    name = "person-omission"
    family = "attribution"
    severity = Severity.ERROR
    message = "A person is blamed for not doing something (“{span}”)."
    suggestion = ("Make the step the subject and say why it was easy to miss, e.g. “The migration was not "
                  "run: the deploy script does not include it.”")
    anchors = r"forg[oe]t\w*|neglect\w*|ignor\w+|overlook\w*|skipped|skips|disregard\w*|bypass\w+|missed|misses|fail|failed|fails|didn't|didnt|did|never|without"
    trigger = (r"\b(?:forg[oe]t\w*|neglect\w*|ignor(?:ed|es|ing)|overlook\w*|skipped|skips|disregard\w*|"
               r"bypass(?:ed|es)|missed|misses|fail(?:ed|s)?\s+to)\b|"
               r"\b(?:didn['’]?t|did\s+not|never)\s+(?:(?:even|actually|really|bother|ever)\s+(?:to\s+)?)*"
               r"(?:" + "|".join(sorted(lx.DUTY_VERBS)) + r")\w*|"
               r"\bwithout\s+(?:(?:a|any|proper|prior|the|peer)\s+)?(?:" + "|".join(sorted(lx.WITHOUT_DUTIES)) + r")\b")
    flags = (
        "Bob forgot to run the migration script.",
        "Ops neglected to renew the TLS certificate even though the reminder fired twice.",
        "The on-call ignored the page.",
        "The engineer failed to follow the runbook.",
        "Slack's IT team did not discover the escalating problem until almost an hour after it started.",
        "Someone on the data team dropped the wrong table and didn't tell anyone.",
        "Bob pushed the change without asking anyone.",
        "One of Knight's technicians forgot to copy the new code onto one of the servers.",
        "Team B executed the script without realizing the mistake.",
        "Someone didn't fulfill their obligations because they had a heavy night.",
    )
    passes = (
        "The health check failed to detect the degraded node.",
        "Requests failed to complete within the 30-second timeout.",
        "We didn't restart the cron scheduler after the restore.",
        "The runbook did not mention that the command operates on all regions.",
        "The config was pushed without review because the pipeline allowed it.",
        "The page was ignored by the routing rules during the maintenance window.",
        "The employee learned a lesson, one they won't forget any time soon.",
        "The on-call never ignored a page that week.",
    )

    def check(self, s: Sentence) -> Iterator[Hit]:
        toks = s.tokens
        for m in self.matches(s):
            i = s.index_at(m.start() + s.start)
            if i >= len(toks):
                continue
            low = toks[i].low
            end = s.index_at(m.end() + s.start) - 1
            span_end = toks[max(i, end)].end
            if low in ("didn't", "didnt", "did", "never"):
                k = i + 2 if low == "did" else i + 1
                while k < len(toks) and (toks[k].low in ("even", "actually", "really", "bother", "ever")
                                         and s.low(k + 1) not in (".", ",")):
                    k += 1
                if k >= len(toks) or _base(toks[k].low) not in lx.DUTY_VERBS:
                    continue
                if low == "never" and toks[k].low == _base(toks[k].low) and toks[k].low not in ("read",):
                    continue  # "never check" is a habit statement, not a narration of the incident
                span_end = toks[k].end
                actor = subject_of(s, i)
            elif low == "without":
                nxt = s.low(i + 1)
                if nxt in ("a", "any", "proper", "prior", "the", "peer"):
                    nxt = s.low(i + 2)
                if nxt not in lx.WITHOUT_DUTIES:
                    continue
                span_end = toks[min(len(toks) - 1, i + 1)].end
                actor = clause_actor(s, i, kinds=frozenset({"person", "role", "team", "name"}))
                if actor is not None and is_passive(s, actor.index + 1):
                    continue
            else:
                if low in ("forget", "neglect", "overlook", "disregard", "bypass") or negated_before(s, i, 2):
                    continue  # "they won't forget", "don't overlook", "never ignored": not an omission
                if is_passive(s, i):
                    actor = agent_after(s, i)
                    if actor is not None:
                        yield self._hit(s, toks[i].start, toks[actor.index].end)
                    continue
                if low in ("ignoring", "bypassing"):
                    continue
                actor = subject_of(s, i)
                if actor is not None and not actor.is_people and low.startswith(("forg", "neglect")):
                    if looks_like_name(s, actor.index, i):
                        yield self._hit(s, toks[actor.index].start, span_end)
                    continue
            if actor is not None and actor.is_people:
                yield self._hit(s, toks[actor.index].start, span_end)

    def _hit(self, s: Sentence, a: int, b: int) -> Hit:
        if a > b:
            a, b = b, a
        return Hit(a, b, self.message.format(span=s.text[a - s.start:b - s.start]))
