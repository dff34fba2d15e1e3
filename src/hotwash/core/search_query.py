"""What a library search means, once, for both databases.

A query is words, and phrases in double quotes:

- every word and every phrase must match (AND);
- the last bare word also matches as a prefix (``datab`` finds *database*), so results appear
  while typing;
- a phrase matches its words next to each other, in order;
- case, accents and punctuation do not matter (``payments-db`` is the two words *payments db*);
- English stop words (*the*, *of*, *and*...) are dropped, because PostgreSQL's English
  configuration never indexes them; both databases then ask for the same words.

Both backends stem English words (SQLite: Porter; PostgreSQL: Snowball English), so *failover*
also finds *failovers*. :func:`to_fts5` and :func:`to_tsquery` render one :class:`SearchQuery` for
SQLite FTS5 and PostgreSQL ``to_tsquery``; every token is made of letters and digits only, so no
user input can reach either query syntax.

Filters on labels (service, tag, factor category, severity, team) are *facet tokens* stored with the
indexed text, so one full-text lookup answers words and filters together. A facet token starts
with a private-use character, which :func:`words` never produces: no typed word or prefix can
reach one, and ranking (which only counts the typed words) is unchanged by them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

# PostgreSQL's english.stop (the Snowball list): words the English configuration never indexes.
_STOP_WORDS_TEXT = """
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her
hers herself it its itself they them their theirs themselves what which who whom this that these
those am is are was were be been being have has had having do does did doing a an the and but if or
because as until while of at by for with about against between into through during before after
above below to from up down in out on off over under again further then once here there when where
why how all any both each few more most other some such no nor not only own same so than too very
s t can will just don should now
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

MAX_TERMS = 12
_WORD = re.compile(r"[^\W_]+")
_PHRASE = re.compile(r'"([^"]*)"?')


def words(text: str) -> list[str]:
    """Lower-case words of letters and digits, accents removed (like unicode61 remove_diacritics)."""
    folded = unicodedata.normalize("NFKD", text.lower())
    if not folded.isascii():  # ASCII has no combining marks to drop (the common case, and fast)
        folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _WORD.findall(folded)


@dataclass(frozen=True)
class SearchQuery:
    terms: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    prefix: str = ""  # the last bare word, matched as a prefix

    @property
    def is_empty(self) -> bool:
        return not (self.terms or self.phrases or self.prefix)

    def highlight_words(self) -> tuple[str, ...]:
        """The words worth highlighting in a fallback (non-indexed) excerpt."""
        out = list(self.terms) + [w for p in self.phrases for w in p]
        if self.prefix:
            out.append(self.prefix)
        return tuple(dict.fromkeys(out))


def parse_query(text: str, *, prefix_last: bool = True) -> SearchQuery:
    """Parse what a user typed; never fails (anything unusable is ignored)."""
    phrases: list[tuple[str, ...]] = []
    bare: list[str] = []
    pos = 0
    for match in _PHRASE.finditer(text):
        bare.extend(words(text[pos:match.start()]))
        inner = tuple(w for w in words(match.group(1)))
        kept = [w for w in inner if w not in STOP_WORDS]
        if len(kept) == 1 and len(inner) == 1:
            bare.append(kept[0])
        elif kept:
            phrases.append(inner)
        pos = match.end()
    tail = text[pos:]
    bare.extend(words(tail))
    bare = [w for w in bare if w not in STOP_WORDS]
    prefix = ""
    if prefix_last and bare and not text.rstrip().endswith('"'):
        prefix = bare.pop()
    terms = tuple(dict.fromkeys(bare))
    if prefix in terms:
        prefix = ""
    budget = MAX_TERMS
    terms = terms[:budget]
    phrases = phrases[: max(0, budget - len(terms))]
    return SearchQuery(terms=terms, phrases=tuple(dict.fromkeys(phrases)), prefix=prefix)


def to_fts5(query: SearchQuery) -> str:
    """The FTS5 MATCH expression: quoted tokens joined by AND, ``"x"*`` for the prefix."""
    parts = [f'"{t}"' for t in query.terms]
    parts += ['"' + " ".join(p) + '"' for p in query.phrases]
    if query.prefix:
        parts.append(f'"{query.prefix}"*')
    return " AND ".join(parts)


def to_tsquery(query: SearchQuery) -> str:
    """The PostgreSQL ``to_tsquery('english', ...)`` text: ``&`` between parts, ``<->`` inside
    phrases, ``:*`` for the prefix. Stop words inside a phrase keep their place as a distance."""
    parts = [f"'{t}'" for t in query.terms]
    parts += ["(" + " <-> ".join(f"'{w}'" for w in p) + ")" for p in query.phrases]
    if query.prefix:
        parts.append(f"'{query.prefix}':*")
    return " & ".join(parts)


def any_of_fts5(terms: list[str]) -> str:
    """An OR query over distinct words (used to fetch recurrence candidates)."""
    return " OR ".join(f'"{t}"' for t in dict.fromkeys(terms) if t and _WORD.fullmatch(t))


def any_of_tsquery(terms: list[str]) -> str:
    return " | ".join(f"'{t}'" for t in dict.fromkeys(terms) if t and _WORD.fullmatch(t))


FACET_MARK = "\ue010"  # private use: a token character for FTS5 unicode61, never part of a typed word
FACET_KINDS = ("service", "tag", "category", "severity", "team")


def facet_token(kind: str, value: str) -> str:
    """The indexed token meaning "``kind`` is ``value``" (e.g. service checkout-api): the private-use
    mark, the kind's initial and 16 hex digits of a hash of the exact value."""
    if kind not in FACET_KINDS:
        raise ValueError(f"unknown facet kind {kind!r}")
    digest = hashlib.sha1(f"{kind}\x00{value}".encode(), usedforsecurity=False).hexdigest()[:16]
    return f"{FACET_MARK}{kind[0]}{digest}"


def team_key(team: str) -> str:
    """A team name as compared: case and surrounding spaces do not matter."""
    return team.strip().lower()


def facets_text(*, services: Sequence[str] = (), tags: Sequence[str] = (), categories: Sequence[str] = (),
                severity: str = "", teams: Sequence[str] = ()) -> str:
    """The facet tokens of one document, space-separated (category and severity by key; teams in
    any case)."""
    tokens = [facet_token("service", v) for v in services] + [facet_token("tag", v) for v in tags]
    tokens += [facet_token("category", v) for v in categories]
    if severity:
        tokens.append(facet_token("severity", severity))
    tokens += [facet_token("team", team_key(t)) for t in teams if team_key(t)]
    return " ".join(dict.fromkeys(tokens))


def facets_fts5(tokens: Sequence[str]) -> str:
    """Facet tokens as an FTS5 expression (all must be present)."""
    return " AND ".join(f'"{t}"' for t in tokens)


def facets_tsquery(tokens: Sequence[str]) -> str:
    """Facet tokens as ``tsquery`` input (quoted lexemes, taken verbatim: ``'…'::tsquery``)."""
    return " & ".join(f"'{t}'" for t in tokens)
