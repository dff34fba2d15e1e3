"""Which rules look at which sentence: the checker's cheap tests before a rule's own check.

Two tests, both exact (a rule runs on a sentence only when its trigger matches there):

1. :func:`rules_by_sentence`: one pass over the words of the text, one dictionary look-up per
   word, gives each sentence the bit set of the rules whose anchor words occur in it;
2. :func:`trigger_search`: the rule's trigger searched in the sentence. Triggers are caseless
   (``re.I``), which makes Python's regex engine compare every character through case folding.
   For a sentence of ASCII text (and a few caseless marks: curly quotes, dashes; see
   ``grammar.lowered``), searching the lowercased sentence with the trigger compiled *without*
   ``re.I`` finds a match exactly when the caseless search does, in about half the time.
   Triggers with an upper-case or non-ASCII letter, a character escape or an inline flag keep
   the caseless search. ``Rule.matches`` uses the same lowercase pattern to find where matches
   start.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from hotwash.core.lint.grammar import lowered

if TYPE_CHECKING:
    from hotwash.core.lint.rule import Rule

__all__ = ["lowercase_of", "lowercase_pattern", "lowered", "rules_by_sentence", "trigger_search"]

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")


def rules_by_sentence(masked: str, spans: list[tuple[int, int]], rules: tuple[Rule, ...]) -> dict[int, int]:
    """Sentence index → bit set of the rules whose anchor words occur in it."""
    bits_of = _AnchorBits([r.anchor_re.fullmatch for r in rules]).__getitem__
    wanted: dict[int, int] = {}
    low = masked.lower().replace("’", "'")
    findall = _WORD.findall
    for si, (a, b) in enumerate(spans):
        bits = reduce(or_, map(bits_of, findall(low, a, b)), 0)
        if bits:
            wanted[si] = bits
    return wanted


class _AnchorBits(dict[str, int]):
    """word → bit set of the rules that have it as an anchor, worked out on first sight."""

    def __init__(self, anchors: list[Callable[[str], object]]) -> None:
        super().__init__()
        self.anchors = anchors

    def __missing__(self, word: str) -> int:
        bits = 0
        for n, anchor in enumerate(self.anchors):
            if anchor(word):
                bits |= 1 << n
        self[word] = bits
        return bits


# Escapes that stand for a class or a position, not for a character: safe to keep as they are.
_ESCAPE = re.compile(r"\\(.)", re.S)
_SAFE_ESCAPES = frozenset("bBsSwWdD")
_INLINE_FLAGS = re.compile(r"\(\?[aiLmsux-]")


def lowercase_pattern(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """``pattern`` without ``re.I``, for searching lowercased ASCII text; None when that would not
    find the same matches (an upper-case or escaped letter, inline flags, other flags)."""
    if pattern.flags & ~re.UNICODE != re.IGNORECASE:
        return None
    source = pattern.pattern
    if _INLINE_FLAGS.search(source):
        return None
    for m in _ESCAPE.finditer(source):
        if m.group(1).isalnum() and m.group(1) not in _SAFE_ESCAPES:
            return None
    plain = _ESCAPE.sub("", source)
    if plain != plain.lower() or lowered(plain) is None:  # e.g. "ſ" and "ı" fold to ASCII letters
        return None
    return re.compile(source)


_LOWER: dict[re.Pattern[str], re.Pattern[str] | None] = {}


def lowercase_of(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """:func:`lowercase_pattern`, worked out once per pattern."""
    if pattern not in _LOWER:
        _LOWER[pattern] = lowercase_pattern(pattern)
    return _LOWER[pattern]


def trigger_search(pattern: re.Pattern[str]) -> Callable[[str, str | None], bool]:
    """A test ``found(masked, lowered)``: whether ``pattern`` matches the sentence ``masked``.
    ``lowered`` is ``masked.lower()`` when the sentence is ASCII or caseless marks, else None."""
    low = lowercase_of(pattern)
    caseless = pattern.search
    if low is None:
        return lambda masked, lowered: caseless(masked) is not None
    fast = low.search
    return lambda masked, lowered: (fast(lowered) if lowered is not None else caseless(masked)) is not None
