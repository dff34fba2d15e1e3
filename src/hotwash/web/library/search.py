"""Full-text queries on the library index: SQLite FTS5 or PostgreSQL tsvector, same meaning.

The meaning of a query is defined once in :mod:`hotwash.core.search_query`; this module only
renders it for the database in use and reads back ids and ranks. Excerpts are cut in Python
(:mod:`hotwash.core.highlight`), the same on both databases.
Callers pass the rows to leave out (restricted incidents the viewer may not see), the facet tokens
of label and team filters (matched by the full-text index with the words) and the date range.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from hotwash.core.highlight import MARK_END, MARK_START, excerpt
from hotwash.core.plaintext import markdown_plain
from hotwash.core.search_query import (
    SearchQuery,
    any_of_fts5,
    any_of_tsquery,
    facets_fts5,
    facets_tsquery,
    to_fts5,
    to_tsquery,
)


def clean_text(text: str) -> str:
    """Text as indexed: without the private characters that mark highlights."""
    return text.replace(MARK_START, "").replace(MARK_END, "")


def highlighted(snippet: str) -> SafeString:
    """Escape an excerpt, then turn the database's private markers into ``<mark>``."""
    safe = str(escape(snippet)).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(safe)  # noqa: S308 - escaped above; only our own tags are added


@dataclass
class Hit:
    incident_id: int
    rank: float


@dataclass
class Restriction:
    """Which rows a query may return."""

    published_only: bool = True
    exclude_ids: Sequence[int] = ()
    facets: Sequence[str] = ()  # facet tokens (hotwash.core.search_query.facet_token) every row must carry
    started_from: datetime | None = None  # the incident started at or after this ...
    started_before: datetime | None = None  # ... and before this


def _conditions(r: Restriction, id_column: str, published_column: str | None,
                started_column: str | None) -> tuple[list[str], list[object]]:
    """SQL conditions (and their parameters) for the restriction's ids. ``published_column`` None:
    the table holds published rows only; ``started_column`` None: the start time is not on the
    row at hand (the FTS5 table), so dates become an id subquery on the index table's own index."""
    where: list[str] = []
    params: list[object] = []
    if published_column and r.published_only:
        where.append(f"{published_column} = %s")
        params.append(True)
    if r.exclude_ids:
        where.append(f"{id_column} NOT IN ({', '.join(['%s'] * len(r.exclude_ids))})")
        params.extend(r.exclude_ids)
    dates, date_params = [], []
    for op, value in ((">=", r.started_from), ("<", r.started_before)):
        if value is not None:
            dates.append(f"{started_column or 'started_at'} {op} %s")
            date_params.append(connection.ops.adapt_datetimefield_value(value))
    if dates and started_column:
        where += dates
    elif dates:
        where.append(f"{id_column} IN (SELECT incident_id FROM library_searchdocument WHERE {' AND '.join(dates)})")
    params += date_params
    return where, params


def vendor() -> str:
    return connection.vendor


RANK_WINDOW = 1000  # a broader query ranks only its newest RANK_WINDOW matches
COUNT_CAP = RANK_WINDOW  # and is counted as "more than COUNT_CAP"


@dataclass
class Found:
    hits: list[Hit]
    total: int  # exact when not ``capped``; else COUNT_CAP (there are more)
    capped: bool = False


BROAD_SHARE = 0.5  # PostgreSQL: a search the planner expects to match more than this share of rows is broad


def _pg_mostly_matches(cursor: Any, sql: str, params: list[object]) -> bool:
    """Whether PostgreSQL's statistics expect ``sql`` to return most rows of the index table
    (planning only, ~1 ms; its tsvector statistics estimate word frequencies well)."""
    cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
    plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    estimated = float(plan[0]["Plan"]["Plan Rows"])
    cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'library_searchdocument'::regclass")
    row = cursor.fetchone()
    rows = float(row[0]) if row and row[0] else 0.0
    return rows > 0 and estimated > BROAD_SHARE * rows


def search_ids(query: SearchQuery | str, restriction: Restriction, *, limit: int, offset: int = 0,
               any_terms: bool = False) -> tuple[list[Hit], int | None]:
    """Ranked hits, best first, and the number of matches (see :func:`search_found`)."""
    found = search_found(query, restriction, limit=limit, offset=offset, any_terms=any_terms)
    return found.hits, (None if any_terms else found.total)


def _pg_match(text: str, facets: Sequence[str]) -> tuple[str, list[object]]:
    if not facets:
        return "d.search_vector @@ to_tsquery('english', %s)", [text]
    return "d.search_vector @@ (to_tsquery('english', %s) && %s::tsquery)", [text, facets_tsquery(facets)]


def search_found(query: SearchQuery | str, restriction: Restriction, *, limit: int, offset: int = 0,
                 any_terms: bool = False, ranked: bool = True) -> Found:
    """Ranked hits, best first, and how many rows match, counted up to :data:`COUNT_CAP`.

    ``query`` is a parsed query (all terms must match) or, with ``any_terms``, a list of words of
    which any may match (recurrence candidates). Ranking costs time per match, so only the newest
    :data:`RANK_WINDOW` matches (by incident number) are ranked; beyond that the count says
    "more than". Both databases read the newest ``RANK_WINDOW + 1`` matching ids that carry the
    restriction's facet tokens (one full-text lookup for words and filters), each with its rank;
    Python orders the window by rank and cuts the page. ``ranked=False`` skips the ranking (hits
    in newest-first order, rank 0).
    """
    pg = connection.vendor == "postgresql"
    if pg:
        text = any_of_tsquery(list(query)) if any_terms else to_tsquery(query)  # type: ignore[arg-type]
    else:
        text = any_of_fts5(list(query)) if any_terms else to_fts5(query)  # type: ignore[arg-type]
    if not text:
        return Found([], 0)
    with transaction.atomic(), connection.cursor() as cursor:
        if pg:
            words = None
            if isinstance(query, SearchQuery) and query.phrases:
                words = to_tsquery(SearchQuery(terms=(*query.terms, *(w for p in query.phrases for w in p)),
                                               prefix=query.prefix))
            rows = _pg_window(cursor, text, restriction, ranked=ranked, broad=any_terms, words=words)
        else:
            # The FTS5 table holds published rows only (migration 0003); "+f.rowid" stops SQLite
            # from driving the FTS table by rowid lookups (one MATCH each) when ids are constrained.
            expr = text if not restriction.facets else f"({text}) AND {facets_fts5(restriction.facets)}"
            where, params = _conditions(restriction, "+f.rowid", None, None)
            rank = ", f.rank" if ranked else ""
            cursor.execute(f"SELECT f.rowid{rank} FROM library_fts f "
                           f"WHERE {' AND '.join(['library_fts MATCH %s', *where])} "
                           f"ORDER BY f.rowid DESC LIMIT %s", [expr, *params, RANK_WINDOW + 1])
            rows = cursor.fetchall()
    capped = len(rows) > RANK_WINDOW
    if capped:  # the window's oldest row only told that there are more
        oldest = min(rows, key=lambda r: r[0])
        rows = [r for r in rows if r is not oldest]
    if ranked:
        # Best first, newest first among equals. bm25() is negative (lower is better); ts_rank positive.
        sign = 1.0 if pg else -1.0
        scored = sorted(((sign * r[1], r[0]) for r in rows), reverse=True)
        hits = [Hit(int(i), float(r)) for r, i in scored[offset:offset + limit]]
    else:
        newest = sorted((r[0] for r in rows), reverse=True)
        hits = [Hit(int(i), 0.0) for i in newest[offset:offset + limit]]
    return Found(hits, len(rows), capped)


PHRASE_CHUNK = 1200  # PostgreSQL: phrase candidates tested per statement, newest first


def _pg_window(cursor: Any, text: str, restriction: Restriction, *, ranked: bool, broad: bool,
               words: str | None) -> list[tuple[Any, ...]]:
    """PostgreSQL: the newest ``RANK_WINDOW + 1`` matches as (id,) or (id, rank) rows, any order.

    ``words``: for a query with a phrase, the same query without word order (all its words).
    """
    # The planner prices "@@" as cheap and picks a sequential scan that unpacks every tsvector
    # (~400 ms on 50,000 rows); the GIN index answers in a few ms.
    cursor.execute("SET LOCAL enable_seqscan = off")
    window_size = RANK_WINDOW + 1
    match, match_params = _pg_match(text, restriction.facets)
    rank = ", ts_rank(d.search_vector, to_tsquery('english', %s))" if ranked else ""
    rank_params: list[object] = [text] if ranked else []
    where, params = _conditions(restriction, "d.incident_id", "d.published", "d.started_at")
    if broad or _pg_mostly_matches(cursor, f"SELECT 1 FROM library_searchdocument d WHERE {match}", match_params):
        # Most rows match (an OR of an incident's frequent words, or one common word): walking
        # the newest rows and testing each stops after the window.
        cursor.execute(f"SELECT d.incident_id{rank} FROM library_searchdocument d "
                       f"WHERE {' AND '.join([match, *where])} ORDER BY d.incident_id DESC LIMIT %s",
                       [*rank_params, *match_params, *params, window_size])
        return list(cursor.fetchall())
    # The candidate ids straight from the GIN bitmap: narrow rows, and no tsvector is unpacked as
    # long as the bitmap is exact. Asked for "newest first" in one plain statement, the planner
    # walks the primary key backwards and unpacks every row's tsvector to test it (30-500 ms).
    # A phrase needs each row's positions: the candidates come from its words (exact), and
    # only the newest are tested, a chunk at a time, until the window is full.
    exact, exact_params = _pg_match(words, restriction.facets) if words else (match, match_params)
    where_m, params = _conditions(restriction, "m.incident_id", "m.published", "m.started_at")
    cursor.execute(f"WITH m AS MATERIALIZED (SELECT d.incident_id, d.published, d.started_at "
                   f"FROM library_searchdocument d "
                   f"WHERE {exact}) SELECT m.incident_id FROM m WHERE {' AND '.join(['TRUE', *where_m])} "
                   f"ORDER BY m.incident_id DESC{'' if words else ' LIMIT %s'}",
                   [*exact_params, *params, *([] if words else [window_size])])
    candidates = [r[0] for r in cursor.fetchall()]
    if not words and not ranked:
        return [(i,) for i in candidates]
    rows: list[tuple[Any, ...]] = []
    step = PHRASE_CHUNK if words else window_size
    test = f" AND {match}" if words else ""
    for start in range(0, len(candidates), step):
        cursor.execute(f"SELECT d.incident_id{rank} FROM library_searchdocument d "
                       f"WHERE d.incident_id = ANY(%s){test}",
                       [*rank_params, candidates[start:start + step], *(match_params if words else [])])
        rows += cursor.fetchall()
        if len(rows) >= window_size:
            rows.sort(key=lambda r: r[0], reverse=True)
            return rows[:window_size]
    return rows


def browse_found(restriction: Restriction, *, limit: int, offset: int = 0) -> Found:
    """Newest publications first, without words: the rows carrying the restriction's facet tokens
    (from the full-text index), the other conditions, an exact count."""
    pg = connection.vendor == "postgresql"
    where, params = _conditions(restriction, "d.incident_id", "d.published", "d.started_at")
    if restriction.facets:
        if pg:
            where.insert(0, "d.search_vector @@ %s::tsquery")
            params.insert(0, facets_tsquery(restriction.facets))
        else:
            where.insert(0, "d.incident_id IN (SELECT rowid FROM library_fts WHERE library_fts MATCH %s)")
            params.insert(0, facets_fts5(restriction.facets))
    where_sql = " AND ".join(where) or "TRUE"
    with connection.cursor() as cursor:
        if restriction.facets and not pg:
            # Counted in the FTS5 table alone (published rows only): reading "published" from the
            # wide rows of library_searchdocument costs a page per row.
            count_where, count_params = _conditions(restriction, "f.rowid", None, None)
            cursor.execute(f"SELECT count(*) FROM library_fts f WHERE "
                           f"{' AND '.join(['library_fts MATCH %s', *count_where])}",
                           [facets_fts5(restriction.facets), *count_params])
        else:
            cursor.execute(f"SELECT count(*) FROM library_searchdocument d WHERE {where_sql}", params)
        total = int(cursor.fetchone()[0])
        cursor.execute(f"SELECT d.incident_id FROM library_searchdocument d WHERE {where_sql} "
                       "ORDER BY d.published_at DESC, d.incident_id DESC LIMIT %s OFFSET %s", [*params, limit, offset])
        ids = [int(r[0]) for r in cursor.fetchall()]
    return Found([Hit(i, 0.0) for i in ids], total)


def newest_published(ids: Sequence[int], *, limit: int, offset: int = 0) -> list[Hit]:
    """The given rows, newest publication first (plain SQL: the ORM prepares each of up to
    RANK_WINDOW ids through the relation, ~6 ms)."""
    if not ids:
        return []
    if connection.vendor == "postgresql":  # one array parameter: a 1,000-item IN list costs ~5 ms to plan
        where, params = "incident_id = ANY(%s)", [list(ids)]
    else:
        where, params = f"incident_id IN ({', '.join(['%s'] * len(ids))})", list(ids)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT incident_id FROM library_searchdocument WHERE {where} "
                       "ORDER BY published_at DESC, incident_id DESC LIMIT %s OFFSET %s", [*params, limit, offset])
        return [Hit(int(r[0]), 0.0) for r in cursor.fetchall()]


def snippets(query: SearchQuery, ids: Sequence[int]) -> dict[int, SafeString]:
    """Highlighted excerpts of the given rows (a page of them), cut the same way on both databases
    (:func:`hotwash.core.highlight.excerpt`): from the summary first, then the other sections,
    the factors and the timeline. The text is cut from its plain words (:func:`markdown_plain`: no
    ``#``, bullets, ``**`` or link targets), so an excerpt reads as text."""
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT incident_id, summary, body, factors, timeline FROM library_searchdocument "
                       f"WHERE incident_id IN ({', '.join(['%s'] * len(ids))})", list(ids))
        return {int(row[0]): highlighted(excerpt([markdown_plain(part or "") for part in row[1:]], query))
                for row in cursor.fetchall()}
