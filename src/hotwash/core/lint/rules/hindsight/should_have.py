""""Should have", "ought to have", "shouldn't have": a counterfactual verdict.

What it flags:
    "should have", "should've", "should not have", "ought to have" followed by a past
    participle: "the engineer should have known", "you should have checked the dashboard",
    "we should have anticipated it", "the change should have been reviewed".

Why it matters:
    "Should have" measures the past against knowledge that only exists after the outcome.
    It describes a world that did not happen instead of the one that did, and hides what
    people actually saw and why their choice made sense to them at the time.

Prefer:
    Say what happened and what was known at that moment, then make the gap an action item:
    "The dashboard was not checked before the restart; the runbook does not ask for it."

Known false positives:
    "Should have" as possession or expectation ("every service should have an owner", "nobody
    should have any schadenfreude") is not flagged because no past participle follows. A system
    part as the subject of an active verb ("the alert should have fired at 80%", "that alone
    shouldn't have caused an outage") is an expectation about the system and is not flagged;
    passives ("should have been reviewed") are, since someone is behind them.
"""

from __future__ import annotations

from collections.abc import Iterator

from hotwash.core.lint import lexicon as lx
from hotwash.core.lint.finding import Hit, Severity
from hotwash.core.lint.grammar import Sentence, is_adverb, is_participle, subject_of
from hotwash.core.lint.rule import Rule

_SKIP = frozenset({"just", "at", "least", "not", "probably", "really", "definitely", "also", "all", "both",
                   "then", "already", "simply", "clearly", "obviously", "never", "ideally", "instead"})


#: Subjects that are system parts or the situation ("that in itself", "it" about a change).
_SYSTEM_SUBJECTS = lx.SYSTEM_NOUNS | {"itself", "threshold", "thresholds", "limit", "limits", "timeout", "metric",
                                     "metrics", "value", "setting", "settings", "failover", "rollback", "canary",
                                     "host", "hosts", "instance", "instances", "region", "regions", "email",
                                     "message", "notification", "notifications"}


class ShouldHave(Rule):
    code = "BL010"
    name = "should-have"
    family = "hindsight"
    severity = Severity.WARNING
    message = "“{span}” judges the past with hindsight."
    suggestion = ("Say what happened and what was known then, e.g. “The dashboard was not checked before the "
                  "restart; the runbook does not ask for it.”")
    anchors = r"should\w*|should've|shouldn't|ought\w*|oughtn't"
    trigger = (r"\b(?:should(?:n['’]?t|\s+not)?|ought(?:n['’]?t)?\s+(?:not\s+)?to|shoulda)\s*(?:have|['’]ve|of)\b|"
               r"\bshould['’]ve\b")
    flags = (
        "The engineer should have known that flag was still in use.",
        "You should have checked the dashboard before restarting the cluster.",
        "We should have anticipated it.",
        "He should have arranged cover.",
        "The change shouldn't have been merged on a Friday.",
        "The official clicked the live alert when they should have clicked the drill.",
    )
    passes = (
        "No one who works in the tech industry should have any schadenfreude.",
        "Every service should have an owner and a runbook.",
        "We should add an alert on replication lag.",
        "One should be able to restore a database in little time using a recent backup.",
        "The alert should have fired at 80% disk usage, but its threshold was set to 98%.",
        "That in itself shouldn't have caused a major outage.",
    )

    def check(self, s: Sentence) -> Iterator[Hit]:
        toks = s.tokens
        for m in self.matches(s):
            j = s.index_at(m.end() + s.start)
            while j < len(toks) and (toks[j].low in _SKIP or is_adverb(toks[j].low)):
                j += 1
            if j < len(toks) and (is_participle(toks[j].low) or toks[j].low == "had"):
                if toks[j].low != "been":
                    actor = subject_of(s, s.index_at(m.start() + s.start))
                    if actor is not None and actor.kind == "system" and toks[actor.index].low in _SYSTEM_SUBJECTS:
                        continue  # "the alert should have fired": an expectation about the system
                a, b = m.start() + s.start, toks[j].end
                yield Hit(a, b, self.message.format(span=s.text[m.start():b - s.start]))
