"""Words that judge people: careless, sloppy, lazy, incompetent, reckless, negligent...

What it flags:
    Adjectives and adverbs that grade a person's care or ability ("careless", "sloppy",
    "lazy", "incompetent", "reckless", "negligent", "shoddy", "half-baked", "clueless",
    "irresponsible", "bumbling"), insults ("idiot", "moron", "slob", "buffoon") and
    "screw-up"/"fuck-up". The abstract nouns
    ("negligence", "incompetence", "carelessness", "laziness") are flagged when the sentence
    also mentions a person, role or team.

Why it matters:
    A judgement word replaces an explanation with a verdict. Readers stop asking what made the
    action reasonable and start asking who to replace, and people stop reporting near misses.

Prefer:
    Delete the word and describe the work concretely: "The peer review was skipped because
    the change was marked as a config-only change."

Known false positives:
    Technical senses are skipped ("lazy loading", "lazy evaluation", "dumb pipe"), as are
    negated uses ("not careless", "nothing stupid"). Judgement words about things ("a sloppy
    regex") are flagged too: they usually stand for the person who wrote them.
"""

from __future__ import annotations

from collections.abc import Iterator

from hotwash.core.lint import lexicon as lx
from hotwash.core.lint.finding import Hit, Severity
from hotwash.core.lint.grammar import PEOPLE, Sentence, classify, negated_before
from hotwash.core.lint.rule import Rule

_ABSTRACT = ("negligence", "incompetence", "carelessness", "laziness", "sloppiness", "recklessness",
             "irresponsibility", "ineptitude", "complacency", "stupidity", "ignorance", "inattention")
_TECH = {"lazy": ("load", "loading", "loaded", "loads", "eval", "evaluation", "evaluated", "init",
                  "initialization", "initialisation", "initialized", "import", "imports", "iterator",
                  "sequence", "property", "val", "static", "binding", "fetch", "fetching", "mode", "deletion",
                  "expiration", "expiry", "migration", "replication", "allocation", "consumer", "-", "free",
                  "quantifier", "match", "matching", "regex"),
         "dumb": ("pipe", "pipes", "terminal", "terminals", "client", "proxy", "switch", "init")}


class JudgementWord(Rule):
    code = "BL020"
    name = "judgement-word"
    family = "judgement"
    severity = Severity.ERROR
    message = "“{word}” judges a person instead of describing what happened."
    suggestion = "Delete the judgement and describe the work concretely."
    anchors = r"careless\w*|sloppy|sloppily|sloppiness|lazy|lazily|laziness|incompeten\w*|reckless\w*|negligen\w*|shoddy|shoddily|stupid\w*|idiot\w*|moron\w*|dumb\w*|clueless|irresponsib\w*|inept\w*|half|baked|amateurish|unprofessional\w*|foolish\w*|bone\w*|brain\w*|fuck\w*|screw\w*|cock\w*|complacen\w*|inattentive|inattention|thoughtless\w*|clumsy|clumsily|ignorance|forgetful|inexcusable|unforgivable|slobs?|buffoons?|imbeciles?|nitwits?|dimwits?|halfwits?|numpty|numpties|muppets?|bozos?|bumbling|ham-?fisted|botched|bungled"
    trigger = (r"\b(?:careless(?:ly|ness)?|sloppy|sloppily|sloppiness|lazy|lazily|laziness|incompeten(?:t|tly|ce)|"
               r"reckless(?:ly|ness)?|negligen(?:t|tly|ce)|shoddy|shoddily|stupid(?:ly|ity)?|idiot(?:s|ic)?|"
               r"moron(?:s|ic)?|dumb(?:ass)?|clueless|irresponsib(?:le|ly|ility)|inept(?:itude|ly)?|"
               r"half[\s-]baked|half[\s-]assed|amateurish|unprofessional(?:ly)?|foolish(?:ly)?|bone-?headed|"
               r"brain-?dead|fuck-?ups?|fucked[\s-]up|screw-?ups?|cock-?ups?|complacen(?:t|cy)|"
               r"inattentive|inattention|thoughtless(?:ly)?|clumsy|clumsily|ignorance|forgetful|"
               r"inexcusable|unforgivable|slobs?|buffoons?|imbeciles?|nitwits?|dimwits?|halfwits?|numpty|numpties|"
               r"muppets?|bozos?|bumbling|ham-?fisted)\b|\b(?:an?|the|this|that|their|his|her)\s+(?:botched|bungled)\b")
    flags = (
        "It was sloppy of the networking team to skip the peer review.",
        "A careless engineer pushed the config.",
        "'Knightmare' traced to forgotten server upgrade, shoddy software and risk management.",
        "Thanks to that idiot project manager, the release went out untested.",
        "Layers of fuckups really.",
        "The outage came down to the negligence of the on-call engineer.",
        "At the core of this chaos? A botched network configuration.",
    )
    passes = (
        "We switched the module to lazy loading to cut start-up time.",
        "Everyone was eager to make a good impression and to not do anything stupid.",
        "If the company has a pattern of incompetence, it becomes impossible to succeed.",
        "The deploy was rushed because the release window was closing.",
        "It would be foolish to fire someone over this, unless there was clear negligence.",
    )

    def check(self, s: Sentence) -> Iterator[Hit]:
        toks = s.tokens
        people: bool | None = None
        for m in self.matches(s):
            i = s.index_at(m.start() + s.start)
            if i >= len(toks):
                continue
            if toks[i].low in lx.DETERMINERS:
                i += 1  # "a botched network configuration": the adjective after the determiner
                m_start = toks[i].start - s.start
            else:
                m_start = m.start()
            word = toks[i].low
            if toks[i].end > m.end() + s.start and "-" in toks[i].low:
                continue  # part of a technical compound: "sloppy-mode", "lazy-loaded"
            if negated_before(s, i, 3):
                continue
            if word in _TECH and s.low(i + 1) in _TECH[word]:
                continue
            if any(toks[k].low in ("would", "'d") and s.low(k + 1) == "be" for k in range(max(0, i - 4), i)):
                continue  # "it would be foolish to fire someone over this": a hypothetical, not a verdict
            if word in _ABSTRACT:
                if any(toks[k].low in ("unless", "if", "whether") for k in range(max(0, i - 5), i)):
                    continue  # "unless there was clear negligence"
                if people is None:
                    people = any(classify(s, k) in PEOPLE or toks[k].low in lx.POSSESSIVE_PERSON
                                 for k in range(len(toks)))
                if not people:
                    continue
            a, b = m_start + s.start, m.end() + s.start
            replacement = None
            # an attributive adjective between a determiner and a noun can simply go: "a careless change"
            if (s.low(i - 1) in lx.DETERMINERS and i + 1 < len(toks) and toks[i + 1].low.isalpha()
                    and not word.endswith(("ly", "ness", "ity", "ence", "ance"))
                    and not (word.endswith("s") and not word.endswith("ss"))):
                b = toks[i + 1].start
                replacement = ""
            yield Hit(a, b, self.message.format(word=s.text[m_start:m.end()]), None, replacement)
