"""Which past incidents look like this one, and why.

A pure, explainable scorer: TF-IDF cosine over the incident's words (title counted three times,
summary twice, then timeline and factors) plus Jaccard overlap of services, tags and factor
categories. Each match carries the words and labels it shares, so a person can judge it.

The web layer fetches a candidate pool (full-text top-N plus incidents on the same services or
tags) and hands it here; document frequencies come from that pool plus the target, unless the
caller passes corpus-wide ones.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from hotwash.core.search_query import STOP_WORDS, words

# Words that appear in nearly every postmortem and say nothing about its kind.
_DOMAIN_STOP_WORDS_TEXT = """
incident incidents postmortem issue issues team teams user users customer customers impact impacted
minute minutes hour hours time times start started began begin end ended page paged alert alerted
investigate investigated investigation engineer engineers call oncall also would could one two three
however still back due found caused cause causing made make went got get us across new several many
utc am pm later first next within without around via like including include includes whilst
"""
DOMAIN_STOP_WORDS = frozenset(_DOMAIN_STOP_WORDS_TEXT.split())

_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly")


def stem(word: str) -> str:
    """A light English stemmer: enough to join *expired/expiry/expires*, *certificates/certificate*."""
    if len(word) <= 4 or word.isdigit():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            base = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                return base + "y"
            if base.endswith(("ss", "us", "is")) and suffix == "s":
                return word
            return base.rstrip("e") if base.endswith("e") and len(base) > 4 else base
    if word.endswith("y") and len(word) > 5:
        return word[:-1]
    return word.rstrip("e") if word.endswith("e") and len(word) > 5 else word


_NUMERIC = re.compile(r"^\d+$")


@lru_cache(maxsize=200_000)
def _token(word: str) -> str:
    """The stemmed form of a content word, or "" for a word the scorer ignores (memoised: a
    corpus has a few thousand distinct words, scoring a pool reads hundreds of thousands)."""
    if len(word) < 2 or word in STOP_WORDS or word in DOMAIN_STOP_WORDS or _NUMERIC.match(word):
        return ""
    return stem(word)


def tokens(text: str) -> list[str]:
    """Stemmed content words of ``text`` (no stop words, no bare numbers, no single letters)."""
    return [t for t in map(_token, words(text)) if t]


@dataclass(frozen=True)
class IncidentText:
    """What the scorer knows of an incident."""

    key: Hashable
    title: str = ""
    summary: str = ""  # executive summary, customer impact
    details: str = ""  # other sections, timeline, factors
    services: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()

    def bag(self) -> Counter[str]:
        bag: Counter[str] = Counter()
        for weight, text in ((3, self.title), (2, self.summary), (1, self.details)):
            for t in tokens(text):
                bag[t] += weight
        return bag


@dataclass(frozen=True)
class Weights:
    text: float = 0.70
    services: float = 0.12
    tags: float = 0.10
    categories: float = 0.08


@dataclass
class Match:
    key: Hashable
    score: float
    text_score: float
    shared_terms: list[str] = field(default_factory=list)
    shared_services: list[str] = field(default_factory=list)
    shared_tags: list[str] = field(default_factory=list)
    shared_categories: list[str] = field(default_factory=list)

    @property
    def reasons(self) -> list[str]:
        """Why it matches, in words a person can check."""
        out = []
        if self.shared_terms:
            out.append("similar text: " + ", ".join(self.shared_terms))
        if self.shared_services:
            out.append("same service" + ("s" if len(self.shared_services) > 1 else "") + ": "
                       + ", ".join(self.shared_services))
        if self.shared_tags:
            out.append("same tag" + ("s" if len(self.shared_tags) > 1 else "") + ": "
                       + ", ".join("#" + t for t in self.shared_tags))
        if self.shared_categories:
            out.append("same factor categories: " + ", ".join(self.shared_categories))
        return out


@dataclass(frozen=True)
class CorpusStats:
    n_docs: int
    df: Mapping[str, int]

    @classmethod
    def of(cls, bags: Sequence[Counter[str]]) -> CorpusStats:
        df: Counter[str] = Counter()
        for bag in bags:
            df.update(bag.keys())
        return cls(n_docs=len(bags), df=df)

    def idf(self, term: str) -> float:
        return math.log((self.n_docs + 1) / (self.df.get(term, 0) + 0.5))


def _vector(bag: Counter[str], stats: CorpusStats) -> dict[str, float]:
    vec = {t: (1.0 + math.log(n)) * max(stats.idf(t), 0.0) for t, n in bag.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _norm(values: frozenset[str]) -> frozenset[str]:
    return frozenset(v.strip().lower() for v in values if v.strip())


def rank_similar(target: IncidentText, candidates: Sequence[IncidentText], *, limit: int = 5,
                 min_score: float = 0.05, weights: Weights | None = None,
                 stats: CorpusStats | None = None, explain_terms: int = 6) -> list[Match]:
    """The ``limit`` candidates most like ``target``, best first, each with its reasons.

    Candidates with the target's own key are skipped. Deterministic: ties break on the key's text.
    """
    weights = weights or Weights()
    pool = [c for c in candidates if c.key != target.key]
    bags = [c.bag() for c in pool]
    target_bag = target.bag()
    stats = stats or CorpusStats.of([*bags, target_bag])
    tvec = _vector(target_bag, stats)
    surface = surface_words(target)
    t_services, t_tags, t_cats = _norm(target.services), _norm(target.tags), _norm(target.categories)
    matches = []
    for cand, bag in zip(pool, bags, strict=True):
        cvec = _vector(bag, stats)
        contributions = {t: w * cvec[t] for t, w in tvec.items() if t in cvec}
        text = sum(contributions.values())
        services, tags, cats = _norm(cand.services), _norm(cand.tags), _norm(cand.categories)
        score = (weights.text * text + weights.services * jaccard(t_services, services)
                 + weights.tags * jaccard(t_tags, tags) + weights.categories * jaccard(t_cats, cats))
        if score < min_score:
            continue
        top = sorted(contributions, key=lambda t: (-contributions[t], t))[:explain_terms]
        matches.append(Match(key=cand.key, score=round(score, 4), text_score=round(text, 4),
                             shared_terms=[surface.get(t, t) for t in top if contributions[t] >= 0.01],
                             shared_services=sorted(t_services & services), shared_tags=sorted(t_tags & tags),
                             shared_categories=sorted(t_cats & cats)))
    matches.sort(key=lambda m: (-m.score, str(m.key)))
    return matches[:limit]


def surface_words(target: IncidentText) -> dict[str, str]:
    """Stem → the target's most frequent word with that stem (``databas`` → ``database``), to
    explain a match in words as written."""
    seen: dict[str, Counter[str]] = {}
    for text in (target.title, target.summary, target.details):
        for w in words(text):
            t = _token(w)
            if t:
                seen.setdefault(t, Counter())[w] += 1
    return {t: c.most_common(1)[0][0] for t, c in seen.items()}


def query_terms(target: IncidentText, *, limit: int = 12) -> list[str]:
    """The target's most frequent content words (unstemmed), to fetch candidates from a text index."""
    counts: Counter[str] = Counter()
    for weight, text in ((3, target.title), (2, target.summary), (1, target.details)):
        for w in words(text):
            if len(w) >= 3 and w not in STOP_WORDS and w not in DOMAIN_STOP_WORDS and not w.isdigit():
                counts[w] += weight
    return [w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]
