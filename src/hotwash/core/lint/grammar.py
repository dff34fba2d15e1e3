"""A small hand-written grammar layer: tokens, sentences, and who is acting.

It does not parse English. It answers the few questions the rules need, with heuristics that
hold up on incident write-ups:

- where sentences start and end (Markdown blocks, abbreviations, initials);
- for a verb, what its subject is, walking left over adverbs and auxiliaries, through relative
  pronouns ("the engineer who ...") and appositives ("an engineer, working late, ran ...");
- whether that subject is a person, a role, a team, a name, "we", "you" or a system part.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection
from dataclasses import dataclass
from typing import NamedTuple

from hotwash.core.lint import lexicon as lx

PEOPLE = frozenset({"person", "role", "team", "name"})
HUMAN = PEOPLE | {"we", "you"}


class Token(NamedTuple):
    text: str
    low: str
    start: int  # absolute offset in the checked text
    end: int


@dataclass(frozen=True, slots=True)
class Actor:
    """Who (or what) a verb is about. ``kind`` is one of person, role, team, name, we, you,
    nobody, system."""

    kind: str
    index: int  # token index of the head word

    @property
    def is_people(self) -> bool:
        return self.kind in PEOPLE


_TOKEN = re.compile(r"@?\w+(?:['’.-]\w+)*|[^\s\w]")


def tokenize(text: str, offset: int = 0) -> list[Token]:
    low = text.lower().replace("’", "'")
    new = tuple.__new__
    return [new(Token, (text[a:b], low[a:b], a + offset, b + offset))
            for a, b in map(_span, _TOKEN.finditer(text))]


_span = re.Match.span


# Characters besides ASCII that case folding leaves alone and no trigger spells in another case.
CASELESS_MARKS = "’‘“”—–…\u00a0"
_CASED = re.compile(f"[^\\x00-\\x7f{CASELESS_MARKS}]")


def lowered(text: str) -> str | None:
    """``text.lower()`` when lowercasing and regex case folding agree on every character (ASCII
    text and caseless marks), else None."""
    if text.isascii() or _CASED.search(text) is None:
        return text.lower()
    return None


class Sentence:
    """One sentence of prose. ``masked`` has quotes, code and markup blanked to spaces, with the
    same length as ``text``; rules search ``masked`` so quoted words never match."""

    __slots__ = ("text", "masked", "start", "names", "_tokens", "_starts", "_lowered", "_lowered_done")

    def __init__(self, text: str, masked: str, start: int, names: Collection[str] = ()) -> None:
        self.text = text
        self.masked = masked
        self.start = start
        self.names = names
        self._tokens: list[Token] | None = None
        self._starts: list[int] | None = None
        self._lowered: str | None = None
        self._lowered_done = False

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def tokens(self) -> list[Token]:
        if self._tokens is None:
            self._tokens = tokenize(self.masked, self.start)
        return self._tokens

    @property
    def lowered(self) -> str | None:
        """``masked`` in lower case when that is exact for caseless searching (see :func:`lowered`)."""
        if not self._lowered_done:
            self._lowered = lowered(self.masked)
            self._lowered_done = True
        return self._lowered

    @property
    def is_question(self) -> bool:
        return self.text.rstrip().rstrip("\"'”’)*_").endswith("?")

    def index_at(self, offset: int) -> int:
        """Index of the first token starting at or after the absolute ``offset``."""
        if self._starts is None:
            self._starts = [t.start for t in self.tokens]
        return bisect_left(self._starts, offset)

    def low(self, i: int) -> str:
        toks = self.tokens
        return toks[i].low if 0 <= i < len(toks) else ""

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Sentence({self.text!r})"


# --- word shapes -------------------------------------------------------------------------------

_NOT_PARTICIPLE = frozenset({"then", "when", "often", "open", "even", "token", "happen", "listen", "between",
                             "garden", "screen", "kitchen", "citizen", "dozen", "women", "men", "children",
                             "seven", "eleven", "oxygen", "hidden", "need", "speed", "feed", "seed", "red",
                             "bed", "shed", "led", "fed", "bleed", "proceed", "exceed", "succeed", "indeed",
                             "embed", "hundred", "sacred", "kindred"})
_NOT_ING = frozenset({"thing", "something", "nothing", "anything", "everything", "during", "morning",
                      "evening", "string", "ring", "king", "spring", "ceiling", "sibling", "wing",
                      "swing", "sting", "sing"})


def is_adverb(low: str) -> bool:
    return low.endswith("ly") and len(low) > 4 and low not in lx.NOT_ADVERBS_LY


def is_past(low: str) -> bool:
    return low in lx.IRREGULAR_PAST or (low.endswith("ed") and len(low) > 3 and low not in _NOT_PARTICIPLE)


def is_participle(low: str) -> bool:
    if low in lx.IRREGULAR_PARTICIPLES:
        return True
    return (low.endswith(("ed", "en", "wn")) and len(low) > 3 and low not in _NOT_PARTICIPLE)


def is_ing(low: str) -> bool:
    return low.endswith("ing") and len(low) > 4 and low not in _NOT_ING


def is_word(tok: Token) -> bool:
    return tok.low[:1].isalnum() or tok.low[:1] == "@"


def negated_before(s: Sentence, i: int, window: int = 4) -> bool:
    toks = s.tokens
    for k in range(max(0, i - window), i):
        low = toks[k].low
        if low in lx.NEGATIONS or low.endswith("n't"):
            return True
    return False


# --- actors ------------------------------------------------------------------------------------

def _singular(low: str) -> str:
    if low.endswith("'s") or low.endswith("s'"):
        low = low[:-2]
    if low.endswith("s") and not low.endswith("ss") and len(low) > 3:
        return low[:-1]
    return low


def _product_word(s: Sentence, h: int) -> bool:
    """A first name right after another capitalised word that is no name or title is part of a
    product name: "HBO Max", "Amazon Alexa"."""
    if h < 2:
        return False
    prev = s.tokens[h - 1]
    return (prev.text[:1].isupper() and prev.low not in lx.FIRST_NAMES and prev.low not in lx.ROLE_NOUNS
            and prev.low.rstrip(".") not in ("mr", "mrs", "ms", "dr", "prof", "sir", "dame"))


def classify(s: Sentence, h: int) -> str | None:
    """Kind of the noun phrase whose head is token ``h``; None when ``h`` is not a noun-ish word."""
    toks = s.tokens
    if not 0 <= h < len(toks):
        return None
    tok = toks[h]
    low = tok.low
    if not is_word(tok):
        return None
    if low in lx.PERSON_PRONOUNS:
        return "person"
    if low in lx.WE_PRONOUNS:
        return "we"
    if low in lx.YOU_PRONOUNS:
        return "you"
    if low in lx.NOBODY or (low == "one" and s.low(h - 1) == "no"):
        return "nobody"
    if low in ("one", "ones") and s.low(h + 1) in ("who", "whom"):
        return "person"  # "the one who flubbed the command"
    if low == "who" and (h == 0 or s.low(h - 1) in (",", ";", ":", "so", "but", "and")) and s.is_question:
        return "person"  # "Who provided the wrong information?"
    bare = low.lstrip("@")
    if bare.endswith(("'s", "s'")):
        bare = bare[:-2] if bare.endswith("'s") else bare[:-1]
    if low.startswith("@") or bare in s.names:
        return "name"
    prev = s.low(h - 1)
    if tok.text[0].isupper() and bare in lx.FIRST_NAMES and not _product_word(s, h):
        return "name"
    if len(tok.text) == 1 and tok.text.isupper() and h > 0:
        if prev == "team":
            return "team"
        if _singular(prev) in lx.ROLE_NOUNS or prev in lx.AMBIGUOUS_ROLES:
            return "role"
    sing = _singular(low)
    if low in lx.ROLE_NOUNS or sing in lx.ROLE_NOUNS:
        return "role"
    if (low in lx.AMBIGUOUS_ROLES or sing in lx.AMBIGUOUS_ROLES) and (
            prev in lx.HUMAN_MODIFIERS or h == 0 or s.low(h + 1) in ("who", "whom", "whose")):
        return "role"  # software parts are never "who": "the worker who pushed the button"
    if low in lx.TEAM_NOUNS or sing in lx.TEAM_NOUNS:
        if prev in lx.SYSTEM_GROUP_MODIFIERS:
            return "system"
        return "team"
    return "system"


def _clause_start(s: Sentence, i: int, *, commas: bool = True) -> int:
    toks = s.tokens
    k = i - 1
    while k >= 0:
        low = toks[k].low
        if low in (";", ":", "(", ")", "—", "–", "\"", "[", "]") or low in lx.SUBORDINATORS:
            return k + 1
        if commas and low == ",":
            return k + 1
        k -= 1
    return 0


def _finite_between(s: Sentence, a: int, b: int) -> bool:
    toks = s.tokens
    return any(is_past(toks[k].low) and toks[k].low not in lx.ERROR_ADVERBS for k in range(a, b))


def clause_actor(s: Sentence, i: int, *, commas: bool = True, kinds: frozenset[str] = HUMAN) -> Actor | None:
    """The nearest human actor left of token ``i`` within its clause."""
    lo = _clause_start(s, i, commas=commas)
    toks = s.tokens
    for k in range(i - 1, lo - 1, -1):
        if toks[k].low in lx.POSSESSIVE_PERSON:
            continue
        kind = classify(s, k)
        if kind in kinds and (k + 1 >= len(toks) or classify(s, k + 1) != "role" or kind == "name"):
            return Actor(kind, k)
    return None


def subject_of(s: Sentence, i: int) -> Actor | None:
    """The subject of the verb at token ``i``, or None when it cannot be told."""
    toks = s.tokens
    j = i - 1
    while j >= 0:
        low = toks[j].low
        if low in lx.AUXILIARIES or low.endswith("n't") or is_adverb(low):
            j -= 1
            continue
        break
    if j < 0:
        return None
    low = toks[j].low
    if low == "who" and classify(s, j) == "person":
        return Actor("person", j)  # "Who provided the wrong information?"
    if low in ("who", "that", "which", "whom"):
        return subject_of_np(s, j - 1)
    if low in ("and", "but", "then", "or"):
        # "dropped the table and didn't tell anyone": the subject of the first verb
        if toks[j - 1].low in ("—", "–", ",") if j > 0 else False:
            j -= 1  # "responded at once — but missed that ..."
        lo = _clause_start(s, j, commas=False)
        for k in range(j - 1, lo - 1, -1):
            if is_past(toks[k].low) and not is_passive(s, k):
                return subject_of(s, k)
        return clause_actor(s, j, commas=False)
    if low == ",":
        k = j - 1
        while k >= 0 and toks[k].low not in (",", ";", ":"):
            k -= 1
        if k > 0 and toks[k].low == "," and k + 1 < j:
            nxt = toks[k + 1].low
            if is_ing(nxt) or is_participle(nxt) or nxt in ("who", "which", "apparently", "like", "already"):
                return subject_of_np(s, k - 1)
        return None
    return subject_of_np(s, j)


def subject_of_np(s: Sentence, j: int) -> Actor | None:
    kind = classify(s, j)
    if kind is None:
        return None
    if kind != "system":
        return Actor(kind, j)
    # "An engineer debugging a billing issue in us-east-1 mistakenly removed ...": a person noun
    # followed by a participle or a preposition, with no finite verb before ours.
    lo = _clause_start(s, j + 1)
    toks = s.tokens
    for k in range(lo, j):
        if toks[k].low == "whoever":
            return Actor("person", k)  # "whoever approved this PR clearly didn't read it"
        kk = classify(s, k)
        if kk in HUMAN and toks[k].low not in lx.POSSESSIVE_PERSON:
            nxt = s.low(k + 1)
            if nxt == "who" and kk in PEOPLE:
                return Actor(kk or "system", k)  # "the engineer who approved the PR clearly didn't ..."
            if (is_ing(nxt) or nxt in lx.PREPOSITIONS or classify(s, k + 1) in PEOPLE) and not _finite_between(
                    s, k + 1, j + 1):
                if classify(s, k + 1) in PEOPLE:
                    continue
                return Actor(kk or "system", k)
    return Actor("system", j)


def agent_after(s: Sentence, i: int, window: int = 6) -> Actor | None:
    """For a passive verb at ``i``: the people agent of a following "by ..." phrase."""
    toks = s.tokens
    for k in range(i + 1, min(len(toks), i + window)):
        if toks[k].low == "by":
            for m in range(k + 1, min(len(toks), k + 5)):
                kind = classify(s, m)
                # only when the phrase ends here ("by the engineer", not "by the engineer's script"),
                # or goes on with what the person was doing ("by an engineer mistyping a parameter")
                nxt = s.low(m + 1)
                if kind in PEOPLE and (classify(s, m + 1) != "system" or nxt in ("on", "at", "in", "who")
                                       or (is_ing(nxt) and nxt not in ("during",))):
                    return Actor(kind, m)
                if toks[m].low not in lx.DETERMINERS and kind not in ("system",):
                    break
            return None
        if toks[k].low in (",", ";", ".", "and"):
            return None
    return None


def is_passive(s: Sentence, i: int) -> bool:
    toks = s.tokens
    j = i - 1
    while j >= 0 and (is_adverb(toks[j].low) or toks[j].low in ("not", "never", "also", "then", "already")):
        j -= 1
    return j >= 0 and toks[j].low in ("was", "were", "been", "being", "is", "are", "be", "got", "get",
                                      "gets", "wasn't", "weren't", "isn't", "aren't")


# --- sentences ---------------------------------------------------------------------------------

_BLOCK_START = re.compile(r"[ \t]{0,3}(?:[-*+][ \t]|\d{1,3}[.)][ \t]|#{1,6}[ \t]|\||\d{1,2}:\d{2}\b|\*\*)")
_END = re.compile(r"[.!?]+[\"'”’)\]*_]*(?=\s|$)")
_ABBREV = frozenset({"e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "st", "jr", "sr", "inc", "ltd", "co",
                     "approx", "a.m", "p.m", "u.s", "no", "fig", "cf", "al", "dept", "est", "min", "max",
                     "sec", "ca", "v", "ver", "nr", "resp"})
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


def split_sentences(masked: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of ``masked``, which is prose with non-prose blanked."""
    spans: list[tuple[int, int]] = []
    pos = 0
    block_start = -1
    prev_line_short = False
    for line in masked.splitlines(keepends=True):
        content = line.strip()
        if not content:
            if block_start >= 0:
                _split_block(masked, block_start, pos, spans)
                block_start = -1
        else:
            starts_new = (_BLOCK_START.match(line) is not None
                          or (prev_line_short and (content[:1].isupper() or content[:1].isdigit())))
            if block_start >= 0 and starts_new:
                _split_block(masked, block_start, pos, spans)
                block_start = -1
            if block_start < 0:
                block_start = pos
            # timeline or chat lines are short and stand alone; wrapped prose lines are long
            prev_line_short = len(content) < 50 and content[-1] not in ",;-–—("
        pos += len(line)
    if block_start >= 0:
        _split_block(masked, block_start, pos, spans)
    return spans


def _split_block(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> None:
    start = a
    for m in _END.finditer(text, a, b):
        end = m.end()
        punct = m.group()
        if punct[0] == ".":
            wb = _WORD_BEFORE.search(text, max(a, m.start() - 12), m.start())
            if wb:
                word = wb.group(1).lower()
                if word in _ABBREV or (len(word) == 1 and wb.group(1).isupper()):
                    continue
            # next visible character: a lowercase letter continues the sentence
            k = end
            while k < b and text[k] in " \t\r\n":
                k += 1
            if k < b and text[k].islower():
                continue
        _push(text, start, end, spans)
        start = end
    _push(text, start, b, spans)


def _push(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> None:
    while a < b and text[a] in " \t\r\n":
        a += 1
    while b > a and text[b - 1] in " \t\r\n":
        b -= 1
    if b > a:
        spans.append((a, b))


_NOT_NAMES = frozenset({"the", "this", "that", "it", "there", "then", "when", "what", "which", "who", "he",
                        "she", "they", "we", "you", "i", "a", "an", "everything", "something", "nothing",
                        "someone", "everyone", "anyone", "one", "all", "both", "each", "here", "now"})


def looks_like_name(s: Sentence, k: int, verb: int) -> bool:
    """A capitalised word opening a clause right before a verb ("Priyanka forgot ..."): likely a
    name, even when nobody told us so. Used only with verbs that systems rarely take."""
    toks = s.tokens
    if not 0 <= k < len(toks):
        return False
    tok = toks[k]
    if not (tok.text[:1].isupper() and tok.text[1:].islower() and len(tok.text) > 2):
        return False
    if tok.low in _NOT_NAMES or tok.low in lx.SYSTEM_NOUNS or tok.low.endswith(("ing", "tion", "ment")):
        return False
    if k > 0 and is_word(toks[k - 1]):
        return False
    return all(is_adverb(toks[j].low) or toks[j].low in lx.AUXILIARIES for j in range(k + 1, verb))
