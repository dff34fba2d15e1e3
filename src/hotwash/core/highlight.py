"""Showing where a search's words are: excerpts of a result, marks in the opened document.

The database decides which postmortems match; these functions only show the words, the same way
on SQLite and PostgreSQL: a word of the text matches a query word when both have the same light
stem (:func:`hotwash.core.recurrence.stem`: *expired* / *expires*), the words of a quoted phrase
match each on their own, and the last bare word matches any word it begins (as while typing).

- :func:`excerpt`: up to two fragments of a result's text around its matches, the matches between
  :data:`MARK_START` and :data:`MARK_END` (private-use characters the caller turns into ``<mark>``
  after escaping);
- :func:`mark_html`: the matches of a rendered document wrapped in ``<mark>``; only text between
  tags changes, tags, attributes and character references are left as they are.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache

from hotwash.core.recurrence import stem
from hotwash.core.search_query import SearchQuery

MARK_START = "\ue000"
MARK_END = "\ue001"

_TAG = re.compile(r"(<[^>]*>)")
_TOKEN = re.compile(r"&#?\w+;|[^\W_]+")
_SKIP_INSIDE = ("script", "style", "title")


@lru_cache(maxsize=100_000)
def _fold(word: str) -> str:
    folded = word.lower()
    if folded.isascii():
        return folded
    folded = unicodedata.normalize("NFKD", folded)
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


@lru_cache(maxsize=100_000)
def _stem_of(word: str) -> str:
    return stem(_fold(word))


def word_matcher(query: SearchQuery) -> Callable[[str], bool]:
    """A test for one word of a document: does the query ask for it?"""
    prefix = query.prefix
    stems = {stem(w) for w in [*query.terms, *(w for p in query.phrases for w in p)]}
    if prefix:
        stems.add(stem(prefix))  # the word being typed may be complete

    def matches(word: str) -> bool:
        return _stem_of(word) in stems or bool(prefix and _fold(word).startswith(prefix))

    return matches


def mark_html(html: str, query: SearchQuery, *, limit: int = 300) -> tuple[str, int]:
    """``html`` with the query's words wrapped in ``<mark class="hit">`` (the first one with
    ``id="first-match"``), and how many were marked (at most ``limit``)."""
    if query.is_empty:
        return html, 0
    matches = word_matcher(query)
    count = 0
    skipping = ""
    out: list[str] = []
    for part in _TAG.split(html):
        if part.startswith("<"):
            name = part[1:].split(None, 1)[0].rstrip(">/").lower() if len(part) > 2 else ""
            if not skipping and name in _SKIP_INSIDE:
                skipping = name
            elif skipping and name == f"/{skipping}":
                skipping = ""
            out.append(part)
            continue
        if skipping or count >= limit:
            out.append(part)
            continue

        def wrap(m: re.Match[str]) -> str:
            nonlocal count
            token = m.group(0)
            if token.startswith("&") or count >= limit or not matches(token):
                return token
            count += 1
            first = ' id="first-match"' if count == 1 else ""
            return f'<mark class="hit"{first}>{token}</mark>'

        out.append(_TOKEN.sub(wrap, part))
    return "".join(out), count


def _query_words(query: SearchQuery) -> list[str]:
    return [*query.terms, *(w for p in query.phrases for w in p)]


def _candidates(query: SearchQuery) -> re.Pattern[str] | None:
    """Words that may match: those beginning like a query word's stem (a word with the same light
    stem begins with the stem's first four letters, or is the same short word) or with the prefix.
    For ASCII text; other text is tested word by word."""
    keys = {stem(w)[:4] for w in _query_words(query)}
    if query.prefix:
        keys |= {query.prefix, stem(query.prefix)[:4]}
    keys.discard("")
    if not keys:
        return None
    alternatives = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})[^\W_]*", re.IGNORECASE)


def _hits(text: str, query: SearchQuery, pattern: re.Pattern[str] | None,
          matches: Callable[[str], bool]) -> list[tuple[int, int, str]]:
    """(start, end, key) of each matching word; key: its stem (or the prefix), to count distinct words."""
    found = []
    typed_stem = stem(query.prefix) if query.prefix else ""
    if text.isascii() and pattern is not None:
        words = pattern.finditer(text)
    else:  # accents: every word is folded and tested
        words = re.finditer(r"[^\W_]+", text)
    for m in words:
        word = m.group(0)
        if matches(word):
            typed = query.prefix and (_fold(word).startswith(query.prefix) or _stem_of(word) == typed_stem)
            found.append((m.start(), m.end(), query.prefix if typed else _stem_of(word)))
    return found


def _window(text: str, start: int, end: int, width: int) -> tuple[int, int]:
    """About ``width`` characters around ``start``..``end``, cut at spaces (never inside a word)."""
    lo = max(0, start - width // 3)
    hi = min(len(text), max(end, lo + width))
    if lo > 0 and not text[lo - 1].isspace():
        space = text.find(" ", lo, start)
        lo = space + 1 if space != -1 else start
    if hi < len(text) and not text[hi].isspace():
        space = text.rfind(" ", end, hi)
        hi = space if space != -1 else end
    return lo, hi


def excerpt(parts: Sequence[str], query: SearchQuery, *, width: int = 170, fragments: int = 2) -> str:
    """Up to ``fragments`` pieces of ``parts`` (summary, body, ... in order of preference) that show
    the most distinct query words, matches marked; the start of the first part when none shows."""
    matches = word_matcher(query)
    pattern = _candidates(query)
    wanted = {stem(w) for w in _query_words(query)} | ({query.prefix} if query.prefix else set())
    chosen: list[tuple[str, int, int, list[tuple[int, int, str]]]] = []
    covered: set[str] = set()
    for part in parts:
        if not part or len(chosen) >= fragments:
            continue
        hits = _hits(part, query, pattern, matches)
        while hits and len(chosen) < fragments:
            best = None
            for start, end, _ in hits:
                lo, hi = _window(part, start, end, width)
                inside = [h for h in hits if lo <= h[0] and h[1] <= hi]
                score = (len({k for _, _, k in inside} - covered), len(inside))
                if best is None or score > best[0]:
                    best = (score, lo, hi, inside)
            assert best is not None
            (new, _), lo, hi, inside = best
            if new == 0 and chosen:
                break
            chosen.append((part, lo, hi, inside))
            covered |= {k for _, _, k in inside}
            hits = [h for h in hits if h not in inside]
        if wanted and wanted <= covered:
            break
    if not chosen:
        first = next((p for p in parts if p), "")
        lo, hi = _window(first, 0, 0, width)
        return " ".join(first[lo:hi].split()) + (" …" if hi < len(first) else "")
    pieces = []
    for part, lo, hi, inside in chosen:
        out, pos = [], lo
        for start, end, _ in sorted(inside):
            out += [part[pos:start], MARK_START, part[start:end], MARK_END]
            pos = end
        out.append(part[pos:hi])
        text = " ".join("".join(out).split())
        pieces.append(("… " if lo > 0 else "") + text + (" …" if hi < len(part) else ""))
    return " ".join(pieces).replace("… …", "…")
