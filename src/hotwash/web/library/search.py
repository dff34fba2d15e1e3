"""Full-text queries on the library index: SQLite FTS5 or PostgreSQL tsvector, same meaning.

The meaning of a query is defined once in :mod:`hotwash.core.search_query`; this module only
renders it for the database in use and reads back ids, ranks and highlighted excerpts.
Callers pass the rows to leave out (restricted incidents the viewer may not see) and, when
filters apply, an SQL subquery of the incident ids allowed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from hotwash.core.search_query import SearchQuery, any_of_fts5, any_of_tsquery, to_fts5, to_tsquery

MARK_START = "\ue000"
MARK_END = "\ue001"
PG_HEADLINE = (f"StartSel={MARK_START}, StopSel={MARK_END}, MaxFragments=2, MaxWords=24, MinWords=10, "
               "FragmentDelimiter=\" … \"")


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
    include_sql: tuple[str, tuple[object, ...]] | None = None  # "SELECT id FROM ..." and its params


def _conditions(r: Restriction, id_column: str) -> tuple[list[str], list[object]]:
    where: list[str] = []
    params: list[object] = []
    if r.published_only:
        where.append("d.published = %s")
        params.append(True)
    if r.exclude_ids:
        where.append(f"{id_column} NOT IN ({', '.join(['%s'] * len(r.exclude_ids))})")
        params.extend(r.exclude_ids)
    if r.include_sql is not None:
        sql, sql_params = r.include_sql
        where.append(f"{id_column} IN ({sql})")
        params.extend(sql_params)
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


def search_found(query: SearchQuery | str, restriction: Restriction, *, limit: int, offset: int = 0,
                 any_terms: bool = False, ranked: bool = True) -> Found:
    """Ranked hits, best first, and how many rows match, counted up to :data:`COUNT_CAP`.

    ``query`` is a parsed query (all terms must match) or, with ``any_terms``, a list of words of
    which any may match (recurrence candidates). Ranking costs time per match, so only the newest
    :data:`RANK_WINDOW` matches (by incident number) are ranked; beyond that the count says
    "more than". Both databases do the same, in two statements: the newest matching ids
    (``LIMIT RANK_WINDOW + 1``, straight from the index's doclists on SQLite, from the GIN bitmap
    on PostgreSQL), then the rank of those ids only. ``ranked=False`` skips the ranking (hits in
    newest-first order, rank 0).
    """
    pg = connection.vendor == "postgresql"
    if pg:
        expr = any_of_tsquery(list(query)) if any_terms else to_tsquery(query)  # type: ignore[arg-type]
        id_col = "d.incident_id"
        source = "library_searchdocument d, to_tsquery('english', %s) q"
        match = "d.search_vector @@ q"
        published = restriction.published_only
    else:
        expr = any_of_fts5(list(query)) if any_terms else to_fts5(query)  # type: ignore[arg-type]
        # The FTS5 table holds published rows only (migration 0003); "+f.rowid" stops SQLite from
        # driving the FTS table by rowid lookups (one MATCH each) when ids are constrained.
        id_col = "+f.rowid"
        source = "library_fts f"
        match = "library_fts MATCH %s"
        published = False
    if not expr:
        return Found([], 0)
    where, params = _conditions(Restriction(published, restriction.exclude_ids, restriction.include_sql), id_col)
    where_sql = " AND ".join([match, *where])
    plain_id = id_col.lstrip("+")
    with transaction.atomic(), connection.cursor() as cursor:
        if pg:
            # The planner prices "@@" as cheap and picks a sequential scan that unpacks every
            # tsvector (~400 ms on 50,000 rows); the GIN index answers in a few ms.
            cursor.execute("SET LOCAL enable_seqscan = off")
        if pg and (any_terms or _pg_mostly_matches(cursor, f"SELECT 1 FROM {source} WHERE {match}", [expr])):
            # Most rows match (an OR of an incident's frequent words, or one common word): walking
            # the newest rows and testing each stops after the window.
            cursor.execute(f"SELECT {plain_id} FROM {source} WHERE {where_sql} ORDER BY {plain_id} DESC LIMIT %s",
                           [expr, *params, RANK_WINDOW + 1])
        elif pg:
            # The matching ids straight from the GIN bitmap (the narrow rows: no tsvector is
            # unpacked unless a phrase needs a recheck), then the conditions on those ids. Asked
            # for "newest first" in one statement, the planner walks the primary key backwards and
            # unpacks every row's tsvector to test it (30-500 ms).
            where_pg, params_pg = _conditions(Restriction(published, restriction.exclude_ids,
                                                          restriction.include_sql), "m.incident_id")
            where_pg = [w.replace("d.published", "m.published") for w in where_pg]
            cursor.execute("WITH m AS MATERIALIZED (SELECT d.incident_id, d.published FROM library_searchdocument d "
                           "WHERE d.search_vector @@ to_tsquery('english', %s)) "
                           f"SELECT m.incident_id FROM m WHERE {' AND '.join(['TRUE', *where_pg])} "
                           "ORDER BY m.incident_id DESC LIMIT %s", [expr, *params_pg, RANK_WINDOW + 1])
        else:
            cursor.execute(f"SELECT {plain_id} FROM {source} WHERE {where_sql} ORDER BY {plain_id} DESC LIMIT %s",
                           [expr, *params, RANK_WINDOW + 1])
        window = [int(r[0]) for r in cursor.fetchall()]
        capped = len(window) > RANK_WINDOW
        window = window[:RANK_WINDOW]
        total = len(window)
        if not window or not ranked:
            return Found([Hit(i, 0.0) for i in window[offset:offset + limit]], total, capped)
        if pg:
            cursor.execute("SELECT d.incident_id, ts_rank(d.search_vector, to_tsquery('english', %s)) AS r "
                           "FROM library_searchdocument d WHERE d.incident_id = ANY(%s) "
                           "ORDER BY r DESC, d.incident_id DESC LIMIT %s OFFSET %s",
                           [expr, window, limit, offset])
        else:
            marks = ", ".join(["%s"] * len(window))
            cursor.execute(f"SELECT f.rowid, -f.rank AS r FROM library_fts f WHERE library_fts MATCH %s "
                           f"AND +f.rowid >= %s AND +f.rowid IN ({marks}) ORDER BY r DESC, f.rowid DESC "
                           "LIMIT %s OFFSET %s", [expr, window[-1], *window, limit, offset])
        rows = cursor.fetchall()
    return Found([Hit(int(i), float(r)) for i, r in rows], total, capped)


def snippets(query: SearchQuery, ids: Sequence[int]) -> dict[int, SafeString]:
    """Highlighted excerpts of the given rows (only a page of them: this is the costly part)."""
    if not ids:
        return {}
    marks = ", ".join(["%s"] * len(ids))
    if connection.vendor == "postgresql":
        expr = to_tsquery(query)
        sql = ("SELECT incident_id, ts_headline('english', concat_ws(' … ', summary, body, factors, timeline), "
               f"to_tsquery('english', %s), %s) FROM library_searchdocument WHERE incident_id IN ({marks})")
        params: list[object] = [expr, PG_HEADLINE, *ids]
    else:
        expr = to_fts5(query)
        sql = ("SELECT rowid, snippet(library_fts, -1, %s, %s, ' … ', 24) FROM library_fts "
               f"WHERE library_fts MATCH %s AND +rowid IN ({marks})")
        params = [MARK_START, MARK_END, expr, *ids]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {int(i): highlighted(s or "") for i, s in cursor.fetchall()}
