"""Full-text queries on the library index: SQLite FTS5 or PostgreSQL tsvector, same meaning.

The meaning of a query is defined once in :mod:`hotwash.core.search_query`; this module only
renders it for the database in use and reads back ids, ranks and highlighted excerpts.
Callers pass the rows to leave out (restricted incidents the viewer may not see) and, when
filters apply, an SQL subquery of the incident ids allowed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
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


def search_ids(query: SearchQuery | str, restriction: Restriction, *, limit: int, offset: int = 0,
               any_terms: bool = False) -> tuple[list[Hit], int | None]:
    """Ranked hits, best first, and the total number of matches (None when not counted).

    ``query`` is a parsed query (all terms must match) or, with ``any_terms``, a list of words of
    which any may match (recurrence candidates; not counted).
    """
    if connection.vendor == "postgresql":
        expr = any_of_tsquery(list(query)) if any_terms else to_tsquery(query)  # type: ignore[arg-type]
        if not expr:
            return [], 0
        where, params = _conditions(restriction, "d.incident_id")
        where_sql = " AND ".join(["d.search_vector @@ q", *where])
        sql = (f"SELECT d.incident_id, ts_rank(d.search_vector, q) AS r FROM library_searchdocument d, "
               f"to_tsquery('english', %s) q WHERE {where_sql} ORDER BY r DESC, d.incident_id LIMIT %s OFFSET %s")
        count_sql = (f"SELECT count(*) FROM library_searchdocument d, to_tsquery('english', %s) q "
                     f"WHERE {where_sql}")
    else:
        expr = any_of_fts5(list(query)) if any_terms else to_fts5(query)  # type: ignore[arg-type]
        if not expr:
            return [], 0
        # "+f.rowid": a unary plus stops SQLite from driving the FTS table by rowid lookups (one MATCH each).
        where, params = _conditions(restriction, "+f.rowid")
        # CROSS JOIN keeps the full-text match as the outer loop (else SQLite may re-run MATCH per row).
        join = " CROSS JOIN library_searchdocument d ON d.incident_id = f.rowid" if restriction.published_only else ""
        where_sql = " AND ".join(["library_fts MATCH %s", *where])
        sql = (f"SELECT f.rowid, f.rank FROM library_fts f{join} WHERE {where_sql} "
               f"ORDER BY f.rank LIMIT %s OFFSET %s")
        count_sql = f"SELECT count(*) FROM library_fts f{join} WHERE {where_sql}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [expr, *params, limit, offset])
        rows = cursor.fetchall()
        total = None
        if not any_terms:
            if offset == 0 and len(rows) < limit:
                total = len(rows)
            else:
                cursor.execute(count_sql, [expr, *params])
                total = int(cursor.fetchone()[0])
    sign = 1.0 if connection.vendor == "postgresql" else -1.0  # bm25: lower is better
    return [Hit(int(i), sign * float(r)) for i, r in rows], total


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
               f"WHERE library_fts MATCH %s AND rowid IN ({marks})")
        params = [MARK_START, MARK_END, expr, *ids]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {int(i): highlighted(s or "") for i, s in cursor.fetchall()}
