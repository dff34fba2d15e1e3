"""Idioms that judge people: "didn't bother", "dropped the ball", "asleep at the wheel"...

What it flags:
    Stock phrases that pass a verdict on someone's diligence or judgement: "didn't bother",
    "couldn't be bothered", "had bothered to", "dropped the ball", "asleep at the wheel",
    "wasn't paying attention", "thought it was a good idea", "should have known better",
    "rookie mistake", "wrong call", "bad decision", "poor judgement", "lapse in judgement",
    "cut corners", "cowboy deploy", "lack of care/diligence/professionalism", "(wrong action)",
    "no excuse(s)", "this is what happens when you let juniors deploy", an outage "caused by not
    following the procedures", and, with a person as the subject, "sat on the page", "clearly
    never heard of" / "obviously didn't read", "pushed the config straight to production", "for
    some reason I used ...", "deployed ... and went home" / "leaves for the weekend"; and calls
    for punishment: "should be fired", "deserves to be sacked", "a sackable offence", "that
    doesn't mean he shouldn't be fired", "threw the engineer under the bus".

Why it matters:
    Idioms carry the judgement without saying it outright, which makes them easy to miss in
    review and hard to argue with. They tell the reader the person is the problem.

Prefer:
    Describe the decision and its context: "The on-call chose to restart the database first;
    the alert did not say replication was broken."

Known false positives:
    Phrases quoted or negated ("nobody dropped the ball here", "he should not be fired", "not a
    sackable offence") are skipped when the negation comes right before; literal uses ("the bot
    dropped the ball-bearing order") are flagged. The idioms that need a person are not flagged
    about systems or "we": "the job sat on the queue", "the alert clearly never fired", "this is
    what happens when you let the queue grow", "the pipeline deployed straight to production",
    "for some reason the cache was not invalidated"; nor is "for some reason" before what
    happened to a person ("for some reason I got no page"). A plain handover note ("Alice
    deployed the fix and went home after the metrics settled") is flagged, though it is factual.
"""

from __future__ import annotations

from collections.abc import Iterator

from hotwash.core.lint import lexicon as lx
from hotwash.core.lint.finding import Hit, Severity
from hotwash.core.lint.grammar import (
    PEOPLE,
    Sentence,
    classify,
    clause_actor,
    is_adverb,
    is_past,
    negated_before,
    subject_of,
)
from hotwash.core.lint.rule import Rule

#: Verbs of moving a change to production ("pushed the config straight to production").
_SHIP = frozenset({"pushed", "pushes", "pushing", "deployed", "deploys", "deploy", "deploying", "shipped", "ships",
                   "merged", "merges", "committed", "sent", "applied", "rolled", "copied", "went", "goes",
                   "released"})
_ODD = frozenset({"strange", "odd", "unknown"})
#: Verbs of what happened to someone rather than what they did ("for some reason I got no page").
_HAPPENED = frozenset({"got", "received", "saw", "heard", "was", "were", "had", "did", "could", "would",
                       "lost", "missed", "noticed", "felt", "seemed", "became", "kept"})
_MODALS = frozenset({"should", "shouldn't", "shouldnt", "must", "mustn't"})


class JudgementIdiom(Rule):
    code = "BL021"
    name = "judgement-idiom"
    family = "judgement"
    severity = Severity.ERROR
    message = "“{phrase}” passes a verdict on someone's diligence or judgement."
    suggestion = ("Describe the decision and its context, e.g. “The on-call restarted the database first; the "
                  "alert did not say replication was broken.”")
    anchors = r"bother|bothered|asleep|fell|ball|attention|idea|better|rookie|actions?|decisions?|calls?|choices?|moves?|judge?ments?|corners|cowboy\w*|lack|excuses?|first|fired|sacked|canned|disciplined|punished|reprimanded|let|door|offen[cs]es?|bus|sat|sitting|clearly|obviously|evidently|happens|straight|reason|home|weekend|following"
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
        r"accountability|rigou?r)\b|\bno\s+excuses?\b|\bnot\s+(?:his|her|their)\s+first\s+(?:mistake|time)\b|"
        r"\b(?:be|get)\s+(?:fired|sacked|canned|disciplined|punished|reprimanded|let\s+go|shown\s+the\s+door)\b|"
        r"\b(?:sack|fire)-?able\s+offen[cs]es?\b|\bunder\s+(?:the|a)\s+(?:\w+\s+)?bus\b|"
        r"\b(?:sat|sitting)\s+on\s+(?:the|that|this|an?|his|her|their)\s+(?:page|pages|pager|alert|alerts|alarm|"
        r"ticket|tickets|escalation|incident|review|pr|pull\s+request|fix)\b|"
        r"\b(?:clearly|obviously|evidently)\s+(?:had\s+|has\s+|have\s+)?(?:never|not|did\s+not|didn['’]?t|"
        r"does\s+not|doesn['’]?t|do\s+not|don['’]?t|hadn['’]?t|hasn['’]?t|haven['’]?t)\s+(?:even\s+)?"
        r"(?:heard|read|test|tested|check|checked|run|look|looked|care|cared|think|thought|bother|bothered|"
        r"review|reviewed|try|tried|understand|understood)\b|"
        r"\bthis\s+is\s+what\s+happens\s+when\s+(?:you|they|we|people|management|companies|orgs|teams)\s+"
        r"(?:let|lets|allow|allows|hire|hires|give|gives|trust|trusts|put|puts)\b|"
        r"\bstraight\s+(?:in)?to\s+(?:prod|production|live|main|master)\b|"
        r"\bfor\s+(?:some|whatever)\s+(?:strange\s+|odd\s+|unknown\s+)?reason\b|"
        r"\b(?:went|goes|go|leaves|left|leaving|headed|heads)\s+(?:home|for\s+the\s+weekend)\b|"
        r"\b(?:by|for|from)\s+not\s+following\s+(?:the\s+|our\s+|their\s+|his\s+|her\s+|any\s+)?(?:[\w-]+\s+)?"
        r"(?:procedures?|process(?:es)?|runbooks?|checklists?|protocols?|practices?|instructions|guidelines|rules)\b"
    )
    flags = (
        "The on-call didn't bother to acknowledge the alert.",
        "If Sam had bothered to look at the error logs, the outage would have been shorter.",
        "Engineer E tried to restart database (wrong action)",
        "Someone thought it was a good idea to push untested code to prod.",
        "The release team dropped the ball on the certificate renewal.",
        "Ops was asleep at the wheel during the failover.",
        "While it might seem that the worker should be fired, the employee was reassigned.",
        "That doesn't mean he shouldn't be fired.",
        "That would be a sackable offence for a new starter.",
        "No excuses for that at all.",
        "The on-call engineer sat on the page for half an hour.",
        "Whoever wrote this cron job clearly never heard of timezones.",
        "The reviewer obviously didn't read the diff.",
        "This is what happens when you let juniors deploy on a Friday.",
        "Priya pushed the config straight to production and went home.",
        "For some reason I used the values from the other server.",
        "The engineer, for whatever reason, restarted the primary first.",
        "A programmer deploys the code on a Friday afternoon and leaves for the weekend.",
        "The debacle was caused by not following industry-standard procedures.",
    )
    passes = (
        "The on-call restarted the database first; the alert did not say replication was broken.",
        "The team decided to roll back after 12 minutes.",
        "Nobody dropped the ball here: the alert never reached anyone.",
        "The engineer should not be fired for a mistake the tooling made easy.",
        "Sleeping through a page is not a sackable offence.",
        "Do not throw people under the bus in a review.",
        "The job sat on the queue for an hour because the worker pool was full.",
        "The alert clearly never fired: the threshold was above the peak.",
        "The on-call clearly didn't know the flag also controlled the EU region.",
        "This is what happens when you let the queue grow without a bound.",
        "The fix sat on the release branch until Monday.",
        "The pipeline deployed the change straight to production because the canary stage was disabled.",
        "We pushed the hotfix straight to production to stop the data loss.",
        "For some reason the cache was not invalidated after the deploy.",
        "For some reason I got no page, because the rotation had not been updated.",
        "The scheduler, for some reason, skipped the 02:00 run.",
        "The on-call handed over to the next shift and went home.",
        "The deploy bot shipped the build and the team went home at six.",
        "The linter rejects commits not following the naming rules.",
    )

    def _punish(self, s: Sentence, i: int, end: int) -> int | None:
        """Start of a call for punishment ending at ``end``: "should be fired", "deserves to be sacked";
        "he shouldn't be fired" defends, "that doesn't mean he shouldn't be fired" does not."""
        toks = s.tokens
        k = i - 1
        if s.low(k) == "to":
            k -= 1
            if s.low(k) in ("ought", "deserves", "deserve", "deserved", "needs", "need", "needed"):
                return None if negated_before(s, k, 2) else toks[k].start
            return None
        if s.low(k) == "not":
            k -= 1
            negative = True
        else:
            negative = s.low(k).endswith(("n't", "nt"))
        if s.low(k) not in _MODALS:
            return None
        if negative != negated_before(s, k, 6):
            return None
        return toks[k].start

    def _needs_person(self, s: Sentence, i: int, phrase: str) -> bool:
        """ "sat on the page", "clearly never heard of" need a person as the subject; "this is what
        happens when you let ..." needs a person as the one let."""
        toks = s.tokens
        if phrase.startswith("this"):
            k = i + 7  # the word after "this is what happens when you let"
            for n in range(k, min(len(toks), k + 4)):
                if classify(s, n) in PEOPLE:
                    return True
                if toks[n].low not in lx.DETERMINERS and toks[n].low not in lx.HUMAN_MODIFIERS:
                    return False
            return False
        if phrase.startswith(("sat", "sitting")):
            verb = i
        elif phrase.endswith("reason"):
            return self._for_some_reason(s, i + (4 if phrase.split()[2] in _ODD else 3))
        elif phrase.startswith(("by ", "for ", "from ")):
            return True  # "caused by not following the procedures": the omission is the verdict
        elif phrase.split()[-1] in ("home", "weekend"):
            # "deployed the config and went home": a person who shipped, then left
            ship = next((k for k in range(i - 1, max(-1, i - 16), -1) if toks[k].low in _SHIP), -1)
            if ship < 0 or s.low(i - 1) not in lx.PERSON_PRONOUNS | {"and", "then"}:
                return False
            actor = subject_of(s, ship)
            return actor is not None and actor.is_people
        elif phrase.startswith("straight"):  # the verb of moving the change: "pushed the config straight to"
            verb = next((k for k in range(i - 1, max(-1, i - 7), -1) if toks[k].low in _SHIP), -1)
            if verb < 0:
                return False
        else:  # the verb after the adverb and the negation
            verb = i + 1
            while verb < len(toks) and (toks[verb].low in lx.AUXILIARIES or toks[verb].low in lx.NEGATIONS
                                        or toks[verb].low in ("even", "never", "not")):
                verb += 1
        actor = subject_of(s, verb)
        return actor is not None and actor.is_people

    def _for_some_reason(self, s: Sentence, k: int) -> bool:
        """ "for some reason I used the values from ...", "the engineer, for whatever reason, restarted
        ...": a person's own act, made to look senseless. What happened to a person ("I got no
        page") and a system's act are not."""
        toks = s.tokens
        if s.low(k) in ("that", "which"):  # "for whatever reason that we don't understand, the employee ..."
            while k < len(toks) and toks[k].low != ",":
                k += 1
        for n in range(k, min(len(toks), k + 8)):
            low = toks[n].low
            if low in (",", "just", "then", "simply") or is_adverb(low):
                continue
            if is_past(low) and low not in _HAPPENED:  # "the engineer, for some reason, restarted"
                actor = subject_of(s, n) or clause_actor(s, k - 4, kinds=PEOPLE)
                return actor is not None and actor.is_people
            if classify(s, n) in PEOPLE:
                v = n + 1
                while v < len(toks) and (is_adverb(toks[v].low) or toks[v].low in ("just", "then", "simply")):
                    v += 1
                return v < len(toks) and is_past(toks[v].low) and toks[v].low not in _HAPPENED
            if low not in lx.DETERMINERS and low not in lx.HUMAN_MODIFIERS and classify(s, n) != "system":
                return False
            if classify(s, n) == "system" and low not in lx.DETERMINERS and not low.isalpha():
                return False
        return False

    def check(self, s: Sentence) -> Iterator[Hit]:
        for m in self.matches(s):
            i = s.index_at(m.start() + s.start)
            phrase = m.group().lower()
            if phrase.startswith(("sat ", "sitting ", "clearly ", "obviously ", "evidently ", "this ", "straight ",
                                  "for ", "by ", "from ", "went ", "goes ", "go ", "leaves ", "left ", "leaving ",
                                  "headed ", "heads ")):
                if self._needs_person(s, i, phrase) and not negated_before(s, i, 3):
                    yield Hit(m.start() + s.start, m.end() + s.start,
                              self.message.format(phrase=s.text[m.start():m.end()]))
                continue
            if phrase.startswith(("be ", "get ")):
                hit = self._punish(s, i, m.end() + s.start)
                if hit is not None:
                    yield Hit(hit, m.end() + s.start, self.message.format(phrase=s.text[hit - s.start:m.end()]))
                continue
            if not phrase.startswith(("didn", "did", "couldn", "could", "not", "n", "never")) and negated_before(
                    s, i, 4):
                continue
            if phrase.startswith("nobody") or s.low(i - 1) in ("nobody", "no-one") or (
                    s.low(i - 1) == "one" and s.low(i - 2) == "no"):
                continue
            yield Hit(m.start() + s.start, m.end() + s.start,
                      self.message.format(phrase=s.text[m.start():m.end()]))
