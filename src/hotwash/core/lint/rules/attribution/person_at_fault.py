"""A person's mistake, fault or blunder; responsibility placed on a person.

What it flags:
    A fault noun owned by a person, role or team: "Alice's mistake", "his error", "the
    on-call's fault", "a staffer made the critical error", "the novice programmer made a
    mistake", "by the time he realized the mistake", "a mistake by the DBA", "a mistake on his
    part", "Tom's typo", "responsibility lies with the administrator on duty", "the engineer
    was to blame", "a fat-fingered staffer was the cause", and blame reported as placed on a
    person: "the outage was blamed on an intern", "the worker blamed for triggering the alert",
    "a lone sysadmin fingered for the crash", and a person's act as the cause: "the direct result
    of Kevin's decision", "the actions of an engineer ... was the problem". Also a person found to
    be the cause ("the root cause was identified as a developer running ..."), culpability placed
    on people ("some culpability for the clients who ...") and the idiom "it's on the database
    team for never testing ...", "bet that guy won't make that mistake again", "compounding the
    error, the employee ...", "mistakes made by the on-call".

Why it matters:
    Turning an action into "someone's mistake" makes the person the finding. Reviews that end
    there teach people to hide their actions, and the next write-up gets less honest.

Prefer:
    Describe the action and what made it reasonable at the time: "The migration ran against
    the primary because both hosts share a prompt and a hostname prefix."

Known false positives:
    Technical compounds after a possessive ("the user's error message") are skipped; other
    technical uses next to a person ("the engineer's fault-injection test") may be flagged.
    Collective ownership ("this was our error") is not flagged on purpose. General statements
    ("humans make mistakes", "if one person can make a mistake of this size, the process is
    broken"), owning it ("that's on me", "it's on us") and criticism of blaming ("they blame
    the individual rather than the process") are not flagged. "The on-call will not make that
    mistake again" is flagged: it still names the on-call's mistake.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from hotwash.core.lint import lexicon as lx
from hotwash.core.lint.finding import Hit, Severity
from hotwash.core.lint.grammar import (
    PEOPLE,
    Sentence,
    classify,
    is_adverb,
    is_ing,
    negated_before,
    subject_of,
)
from hotwash.core.lint.rule import Rule

_ADJ = frozenset({"critical", "big", "huge", "fatal", "stupid", "simple", "honest", "obvious", "costly", "own",
                  "one", "a", "an", "the", "this", "that", "another", "same", "epic", "first", "second",
                  "small", "tiny", "silly", "dumb", "basic", "catastrophic", "terrible", "grave", "serious",
                  "major", "minor", "typical", "classic", "rookie", "careless", "human", "single"})
_COMPOUND = frozenset({"message", "messages", "rate", "rates", "code", "codes", "log", "logs", "budget", "page",
                       "pages", "handling", "handler", "tolerance", "tolerant", "domain", "domains", "injection",
                       "count", "counts", "path", "response", "responses", "state", "spike", "tracking",
                       "reporting", "reports", "detection", "correction", "bars", "bar", "box", "dialog"})
_MAKE = frozenset({"made", "makes", "make", "making", "committed", "realized", "realised", "admitted",
                   "repeated", "noticed", "caught", "discovered", "acknowledged", "recognized", "compounded"})
_LIES = frozenset({"lies", "lay", "rests", "rested", "falls", "fell", "sits", "sat", "belongs", "belonged", "go", "goes",
                   "went"})


_NOUNS = (r"\b(?:mistakes?|faults?|errors?|blunders?|screw-?ups?|fuck-?ups?|oversights?|slip-?ups?|missteps?|"
          r"gaffes?|goofs?|typos?|negligence|carelessness)\b")
_BLAMED = r"\b(?:blamed|blames|blaming|fingered|scapegoated|scapegoating)\b"
_FAULT_WORD = re.compile(_NOUNS, re.I)
#: What must be near a fault noun for it to have an owner: a possessive or a verb of making it
#: before it, or "by / of / from / on" after it.
_OWNER_BEFORE = re.compile(r"(?:['’]s|s['’]|\b(?:his|her|their|your|my|made|committed|realized|realised|admitted|"
                           r"repeated|noticed|caught|discovered|acknowledged|recognized|compounded|compounding))\s+"
                           r"(?:[\w-]+\s+){0,3}$", re.I)
_OWNER_AFTER = re.compile(r"\s+(?:(?:made\s+|committed\s+)?by|of|from|on)\s", re.I)
_AGAIN = re.compile(r"\s+again\b", re.I)


_ACT_WORDS = r"\b(?:decisions?|actions?|choices?|conduct|behaviou?r)\b"
_ACTS = frozenset({"decision", "decisions", "action", "actions", "choice", "choices", "conduct", "behaviour",
                   "behavior"})
#: Words that make a person's act the cause: before it ("the result of", "traced to") or after it
#: ("... was the problem", "... may be central").
_ACT_CAUSE_BEFORE = re.compile(r"\b(?:result\s+of|results\s+of|traced\s+to|down\s+to|blamed\s+on|caused\s+by|"
                               r"consequence\s+of|because\s+of\s+the)\s+(?:the\s+|an?\s+)?(?:\w+\s+)?$")
_ACT_CAUSE_AFTER = re.compile(r"\b(?:was|were|is|are|may\s+be|might\s+be|could\s+be)\s+(?:\w+\s+)?"
                              r"(?:the\s+problem|the\s+cause|to\s+blame|central|responsible|at\s+fault|the\s+trigger)\b")
_NOUN_RE = re.compile(_NOUNS + r"|\b(?:blame|responsib\w*|culprits?|culpab\w*|fault|cause)\b|" + _BLAMED + "|"
                      + _ACT_WORDS, re.I)
#: Determiners and adjectives between "by" and the person ("a mistake by a single sysadmin").
_NP_FILLER = frozenset({"single", "lone", "one", "certain", "particular", "junior", "senior", "new", "former",
                        "unnamed", "individual", "tired", "exhausted", "overworked", "careless", "contract"})


_FOUND = frozenset({"identified", "determined", "found", "shown", "confirmed", "believed", "thought"})


def _found_to_be(s: Sentence, k: int) -> int:
    """How many words of "identified as", "found to be", "determined to be" start at k."""
    if s.low(k) in _FOUND and s.low(k + 1) == "as":
        return 2
    if s.low(k) in _FOUND and s.low(k + 1) == "to" and s.low(k + 2) == "be":
        return 3
    return 0


def _generic(s: Sentence, k: int) -> bool:
    """A bare plural or a word for everyone ("humans", "people", "engineers", "everyone"): a general
    statement, not a verdict on someone."""
    low = s.low(k)
    if low in ("everyone", "everybody", "anyone", "anybody", "humans", "people", "we"):
        return True
    return low.endswith("s") and not low.endswith("ss") and s.low(k - 1) not in lx.DETERMINERS and (
        classify(s, k - 1) not in PEOPLE)


class PersonAtFault(Rule):
    code = "BL003"
    name = "person-at-fault"
    family = "attribution"
    severity = Severity.ERROR
    message = "The fault is placed on a person (“{span}”)."
    suggestion = ("Describe the action and what made it reasonable at the time, e.g. “The migration ran "
                  "against the primary because both hosts share a prompt.”")
    anchors = r"mistakes?|faults?|errors?|blunders?|screw\w*|fuck\w*|oversights?|slip\w*|missteps?|gaffes?|goofs?|typos?|negligence|carelessness|culprits?|culpab\w*|blame|responsib\w*|cause|blamed|blames|blaming|fingered|scapegoat\w*|decisions?|actions?|choices?|conduct|behaviou?r"
    # plain words: the structure around them (a possessive, "made the ...", "... by the DBA", "was
    # the cause") is read by check(), which is cheaper than spelling it out in the pattern
    anchors += r"|it['’]s|that['’]s"
    trigger = (_NOUNS + r"|\b(?:blame|responsib\w*|culprits?|culpab\w*|fault|cause)\b|" + _BLAMED + r"|" + _ACT_WORDS
               + r"|\b(?:it|that)['’]s\s+(?:all\s+)?on\b")
    flags = (
        "Alice's mistake cost us six hours of checkout downtime.",
        "During that process, a staffer made the critical error.",
        "By the time he realized the mistake, 300 GB of data had been deleted.",
        "Responsibility for this outage lies with the database administrator on duty.",
        "It was a blunder by the release manager.",
        "The on-call engineer was to blame for the delay.",
        "He's not doing this on purpose; it was a mistake on his part.",
        "The reality is, he made a fairly simple mistake.",
        "The loss has been traced to a mistake by a single sysadmin.",
        "Tom's typo took down checkout for forty minutes.",
        "BA confirmed that a fat-fingered staffer was the cause of the chaos.",
        "HBO Max confirmed the email was sent by mistake and blamed an intern.",
        "The worker blamed for triggering the false alert has been reassigned.",
        "Lone sysadmin fingered for $462m Wall Street crash",
        "He argues that the real blame should go to the CEO and other higher-ups.",
        "The incident was the direct result of Kevin's decision to skip the canary.",
        "He said the actions of an engineer who disconnected the power supply may be central.",
        "The root cause was identified as a developer executing a test suite in an old terminal.",
        "There's some culpability for the customers who pushed every update straight to prod.",
        "It's on the database team for never testing the restore path.",
        "That's all on the release manager.",
        "HBO Max blames message on intern",
        "Bet that guy at Gitlab won't make that mistake again",
        "Compounding the error, the employee then clicked yes when the prompt appeared.",
        "The mistakes made by the on-call engineer added an hour to the outage.",
    )
    passes = (
        "This was our error and not the result of an attack.",
        "Everyone makes mistakes.",
        "The user's error message did not say which field was invalid.",
        "The blame was not the developer's, or at least not entirely.",
        "An application called SMARS was the main culprit.",
        "Ownership of the alert was unclear, so responsibility for follow-up was not assigned.",
        "Humans make mistakes.",
        "If one person can make a mistake of this magnitude, the process is broken.",
        "They blame the individual rather than the process that allowed the mistake.",
        "Customers demanded repercussions against employees for making mistakes.",
        "Facebook blamed an error during routine maintenance for the outage.",
        "The cause was a race condition in the scheduler.",
        "Kevin's decision to roll back restored service within minutes.",
        "The acknowledgement, and the gentle blaming of an intern, amplified the story.",
        "Responsibility for the follow-up goes to the platform team.",
        "Many of those reports include improper accusations of wrongdoing and blaming individuals.",
        "The root cause was identified as a developer tool that cached stale credentials.",
        "The root cause was found to be a retry loop in the client.",
        "Legal culpability for the breach is still being assessed.",
        "It's on the roadmap for the platform team next quarter.",
        "That's on me: I wrote the runbook step that skipped the check.",
        "It's on us to make the restore path testable.",
        "Anyone can make that mistake again while the prompt looks the same on both hosts.",
        "The blame message in the old template pointed at the author of the commit.",
        "Compounding the error, the retry storm doubled the load on the primary.",
        "Mistakes made by the parser were logged at debug level.",
    )

    def check(self, s: Sentence) -> Iterator[Hit]:
        done: set[int] = set()
        text = s.masked
        for m in self.matches(s):
            if m.group().lower().endswith(" on"):
                on = self._its_on(s, s.index_at(m.end() + s.start - 2))
                if on is not None:
                    yield Hit(m.start() + s.start, on, self.message.format(span=s.text[m.start():on - s.start]))
                continue
            if m.group().lower() != "fault" and _FAULT_WORD.fullmatch(m.group()) and not (
                    _OWNER_BEFORE.search(text, max(0, m.start() - 48), m.start())
                    or _OWNER_AFTER.match(text, m.end()) or _AGAIN.match(text, m.end())):
                continue  # a fault noun with no owner in sight ("500 errors were returned"): cheap skip
            toks = s.tokens
            inner = _NOUN_RE.search(s.masked, m.start(), m.end()) or m
            i = s.index_at(inner.start() + s.start)
            if i >= len(toks) or i in done or negated_before(s, i, 3) and s.low(i + 1) != "again":
                continue
            done.add(i)
            noun = toks[i].low
            if s.low(i + 1) in _COMPOUND and _FAULT_WORD.fullmatch(noun):
                continue  # "the user's error message"; not "blames message on intern"
            hit = None
            if noun in _ACTS:
                hit = self._act(s, i)
            elif noun in ("blamed", "blames", "blaming", "fingered", "scapegoated", "scapegoating"):
                hit = self._blamed(s, i)
            elif noun == "cause":
                hit = self._is_the_cause(s, i)
            elif noun.startswith("culpab"):
                hit = self._culpable(s, i)
            elif noun.startswith(("responsib", "blame", "culprit")) or noun == "fault":
                hit = self._placed_on(s, i)
            if hit is None and noun not in _ACTS and not noun.startswith(("responsib", "blam", "culprit", "culpab", "cause",
                                                                          "fingered", "scapegoat")):
                hit = self._owned(s, i)
            if hit is not None:
                a, b = hit
                yield Hit(a, b, self.message.format(span=s.text[a - s.start:b - s.start]))

    def _owned(self, s: Sentence, i: int) -> tuple[int, int] | None:
        toks = s.tokens
        j = i - 1
        while j >= 0 and (toks[j].low in _ADJ or toks[j].low.endswith(("al", "ic", "ous", "ive"))
                          or is_adverb(toks[j].low)):
            j -= 1
        if j >= 0:
            low = toks[j].low
            # possessive: "his error", "Alice's mistake", "the on-call's fault"
            if low in lx.POSSESSIVE_PERSON:
                return toks[j].start, toks[i].end
            if low.endswith(("'s", "s'", "’s")) and classify(s, j) in PEOPLE:
                return toks[j].start, toks[i].end
            # "made the critical error", "realized the mistake"; not the generic or hypothetical
            # "humans make mistakes", "can make a mistake", "for making mistakes"
            # "that guy won't make that mistake again": one particular mistake, not mistakes in general
            again = low in ("make", "makes") and s.low(j + 1) in ("that", "this", "the") and s.low(i + 1) == "again"
            if low in _MAKE and (low not in ("make", "makes", "making") or again):
                actor = subject_of(s, j)
                if actor is not None and actor.is_people and not _generic(s, actor.index) and not (
                        negated_before(s, actor.index, 4)):  # "not to identify the person who made the mistake"
                    return toks[actor.index].start, toks[i].end
            # "Compounding the error, the employee then clicked ...": the person after the comma
            if low == "compounding" and s.low(i + 1) == ",":
                for k in range(i + 2, min(len(toks), i + 6)):
                    if classify(s, k) in PEOPLE:
                        return toks[j].start, toks[k].end
                    if toks[k].low not in lx.DETERMINERS and toks[k].low not in _NP_FILLER:
                        break
        # "a mistake on his part", "an error on the part of the operator"
        if s.low(i + 1) == "on":
            k = i + 2
            if s.low(k) in lx.POSSESSIVE_PERSON and s.low(k + 1) == "part":
                return toks[i].start, toks[k + 1].end
            if s.low(k) == "the" and s.low(k + 1) == "part" and s.low(k + 2) == "of":
                for n in range(k + 3, min(len(toks), k + 7)):
                    if classify(s, n) in PEOPLE:
                        return toks[i].start, toks[n].end
        # "a mistake by the DBA", "errors of the operator", "mistakes made by the on-call"
        by = i + 1 if s.low(i + 1) in ("made", "committed") and s.low(i + 2) == "by" else i
        if s.low(by + 1) in ("by", "of", "from"):
            for k in range(by + 2, min(len(toks), by + 6)):
                kind = classify(s, k)
                if kind in PEOPLE and s.low(k + 1) not in ("'s",) and not toks[k].low.endswith("'s"):
                    return toks[i].start, toks[k].end
                if toks[k].low not in lx.DETERMINERS and toks[k].low not in _NP_FILLER and kind != "system":
                    break
        return None

    def _blamed(self, s: Sentence, i: int) -> tuple[int, int] | None:
        """Blame reported as placed on a person: "blamed the outage on an intern", "blamed an intern",
        "the worker blamed for ...", "a sysadmin fingered for ...". The bare verb ("blame it on one
        person", "they blame the individual rather than the process") is an argument about blaming."""
        toks = s.tokens
        if negated_before(s, i, 3) or any(toks[k].low in ("rather", "instead") for k in range(i, min(len(toks), i + 9))):
            return None
        if s.low(i + 1) == "of":
            return None  # "the gentle blaming of an intern": the act of blaming, discussed
        # "the worker blamed for ...", "IT contractor blamed for causing BA chaos"
        if s.low(i + 1) == "for":
            k = i - 1
            while k >= 0 and toks[k].low in ("was", "were", "is", "been", "being", "publicly", "widely"):
                k -= 1
            if k >= 0 and classify(s, k) in PEOPLE:
                return toks[k].start, toks[i].end
        # "blamed an intern", "blamed the outage on a technician pulling the plug"
        seen_on = False
        for k in range(i + 1, min(len(toks), i + 8)):
            low = toks[k].low
            kind = classify(s, k)
            if kind in PEOPLE and not low.endswith(("'s", "s'")) and classify(s, k + 1) != "role":
                if toks[i].low == "blaming" and _generic(s, k):
                    return None  # "blaming individuals is counterproductive": blaming in general
                if seen_on or k == i + 1 or toks[k - 1].low in lx.DETERMINERS or toks[k - 1].low in _NP_FILLER:
                    return toks[i].start, toks[k].end
            seen_on = seen_on or low in ("on", "upon")
            if low in (",", ";", ".", "for", "as", "after", "because", "but", "and"):
                break
        return None

    def _act(self, s: Sentence, i: int) -> tuple[int, int] | None:
        """A person's act named as the cause: "the direct result of Kevin's decision", "the actions of
        an engineer ... was the problem", "traced to the operator's actions"."""
        toks = s.tokens
        owner = None
        if s.low(i - 1) in lx.POSSESSIVE_PERSON or (s.low(i - 1).endswith(("'s", "s'")) and classify(s, i - 1) in PEOPLE):
            owner = i - 1
        elif s.low(i + 1) == "of":
            for k in range(i + 2, min(len(toks), i + 6)):
                if classify(s, k) in PEOPLE and not toks[k].low.endswith(("'s", "s'")):
                    owner = k
                    break
                if toks[k].low not in lx.DETERMINERS and toks[k].low not in _NP_FILLER and toks[k].low not in lx.HUMAN_MODIFIERS:
                    break
        if owner is None or negated_before(s, min(i, owner), 3):
            return None
        before = " ".join(t.low for t in toks[max(0, min(i, owner) - 4):min(i, owner)]) + " "
        after = " ".join(t.low for t in toks[i + 1:])
        if _ACT_CAUSE_BEFORE.search(before) or _ACT_CAUSE_AFTER.search(after):
            a, b = sorted((toks[i].start, toks[owner].start))
            return a, max(toks[i].end, toks[owner].end)
        return None

    def _is_the_cause(self, s: Sentence, i: int) -> tuple[int, int] | None:
        """ "a fat-fingered staffer was the cause of the chaos", "the cause of the outage was the DBA"."""
        toks = s.tokens
        j = i - 1
        while j >= 0 and toks[j].low in ("the", "a", "main", "real", "root", "direct", "sole", "only", "primary",
                                          "immediate", "actual", "true", "ultimate", "probable", "likely"):
            j -= 1
        if s.low(j) in ("was", "is", "were", "are"):
            actor = subject_of(s, j)
            if actor is not None and actor.is_people:  # "people are the cause of most breaches" too
                return toks[actor.index].start, toks[i].end
            return None
        for k in range(i + 1, min(len(toks), i + 14)):
            if toks[k].low in ("was", "is"):
                k += _found_to_be(s, k + 1)  # "the root cause was identified as a developer ..."
                for n in range(k + 1, min(len(toks), k + 5)):
                    kind = classify(s, n)
                    if kind in PEOPLE and not toks[n].low.endswith(("'s", "s'")) and classify(s, n + 1) in (
                            None, "role", "person", "team", "name") or kind in PEOPLE and (s.low(n + 1) in (
                            "who", "on", "at", "in") or is_ing(s.low(n + 1))):
                        return toks[i].start, toks[n].end
                    if toks[n].low not in lx.DETERMINERS and toks[n].low not in _NP_FILLER and kind != "system":
                        break
                break
            if toks[k].low in (";", ":", ","):
                break
        return None

    def _its_on(self, s: Sentence, i: int) -> int | None:
        """End of "it's on the database team (for ...)": the idiom that hands the fault to someone.
        "It's on the roadmap" (no person) and "that's on me / it's on us" (owning it) are not."""
        toks = s.tokens
        for k in range(i + 1, min(len(toks), i + 6)):
            low = toks[k].low
            if low in lx.DETERMINERS or low in _NP_FILLER or low == "all":
                continue
            if classify(s, k) in PEOPLE and not low.endswith(("'s", "’s")):
                if k + 1 >= len(toks) or s.low(k + 1) in (".", ";", "!", ",", ":", "for", "to", "who", "that"):
                    return toks[k].end
                continue  # "the database team": the head comes later
            if classify(s, k) == "system" and low.isalpha() and k + 1 < len(toks) and classify(s, k + 1) in PEOPLE:
                continue  # a modifier before the head ("database" in "the database team")
            return None
        return None

    def _culpable(self, s: Sentence, i: int) -> tuple[int, int] | None:
        """ "some culpability for the clients who ...", "the operator was culpable"."""
        toks = s.tokens
        if s.low(i - 1) in ("was", "is", "were", "are", "be", "been") or is_adverb(s.low(i - 1)):
            actor = subject_of(s, i)
            if actor is not None and actor.is_people and not _generic(s, actor.index):
                return toks[actor.index].start, toks[i].end
        if s.low(i + 1) in ("for", "of", "on", "with", "lies", "rests"):
            for k in range(i + 2, min(len(toks), i + 7)):
                if (classify(s, k) in PEOPLE or s.low(k + 1) == "who") and toks[k].low not in lx.DETERMINERS:
                    return toks[i].start, toks[k].end
                if toks[k].low in (",", ";", ".", "is", "was", "are", "were"):
                    break
        return None

    def _placed_on(self, s: Sentence, i: int) -> tuple[int, int] | None:
        toks = s.tokens
        noun = toks[i].low
        # "responsibility ... lies with the DBA"
        for k in range(i + 1, min(len(toks), i + 8)):
            if toks[k].low in _LIES and not (toks[k].low in ("go", "goes", "went") and noun != "blame"):
                # "responsibility for the fix goes to the platform team" is an owner, not a verdict
                n0 = k + 1
                while n0 < len(toks) and toks[n0].low.endswith("ly"):
                    n0 += 1
                if s.low(n0) not in ("with", "on", "to", "upon"):
                    break
                for n in range(n0 + 1, min(len(toks), n0 + 6)):
                    if classify(s, n) in PEOPLE:
                        return toks[i].start, toks[n].end
                break
        # "the engineer was to blame / at fault / the culprit / responsible for the outage"
        j = i - 1
        if noun == "blame" and s.low(j) == "to" or noun == "fault" and s.low(j) == "at":
            j -= 1
        elif noun.startswith("responsib") and s.low(i + 1) == "for":
            pass
        elif noun.startswith("culprit") and s.low(j) in ("the", "a", "main", "real", "chief"):
            while s.low(j) in ("the", "a", "main", "real", "chief"):
                j -= 1
        else:
            return None
        if s.low(j) in ("was", "is", "were", "are", "be", "been"):
            actor = subject_of(s, j)
            if actor is not None and actor.is_people:
                return toks[actor.index].start, toks[i].end
        return None
