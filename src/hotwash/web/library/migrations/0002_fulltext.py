"""The full-text index of ``library_searchdocument``, per database vendor.

SQLite: an FTS5 table with external content (no second copy of the text), kept in sync by triggers,
ranked with bm25() and column weights. PostgreSQL: a generated, weighted ``tsvector`` column with a
GIN index (ts_rank / ts_headline at query time). Other vendors: no index (search falls back to LIKE).
"""

from django.db import migrations

# title, labels, summary, body, timeline, factors (the FTS5 column order; see models.FTS_COLUMNS)
BM25 = "bm25(8.0, 4.0, 4.0, 2.0, 1.0, 2.0)"
COLS = "title, labels, summary, body, timeline, factors"
NEW = ", ".join(f"new.{c.strip()}" for c in COLS.split(","))
OLD = ", ".join(f"old.{c.strip()}" for c in COLS.split(","))

SQLITE_UP = [
    f"CREATE VIRTUAL TABLE library_fts USING fts5({COLS}, content='library_searchdocument', "
    "content_rowid='incident_id', tokenize='porter unicode61 remove_diacritics 2')",
    f"INSERT INTO library_fts(library_fts, rank) VALUES('rank', '{BM25}')",
    f"CREATE TRIGGER library_fts_ai AFTER INSERT ON library_searchdocument BEGIN "
    f"INSERT INTO library_fts(rowid, {COLS}) VALUES (new.incident_id, {NEW}); END",
    f"CREATE TRIGGER library_fts_ad AFTER DELETE ON library_searchdocument BEGIN "
    f"INSERT INTO library_fts(library_fts, rowid, {COLS}) VALUES ('delete', old.incident_id, {OLD}); END",
    f"CREATE TRIGGER library_fts_au AFTER UPDATE ON library_searchdocument BEGIN "
    f"INSERT INTO library_fts(library_fts, rowid, {COLS}) VALUES ('delete', old.incident_id, {OLD}); "
    f"INSERT INTO library_fts(rowid, {COLS}) VALUES (new.incident_id, {NEW}); END",
    "INSERT INTO library_fts(library_fts) VALUES('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS library_fts_au", "DROP TRIGGER IF EXISTS library_fts_ad",
    "DROP TRIGGER IF EXISTS library_fts_ai", "DROP TABLE IF EXISTS library_fts",
]

PG_VECTOR = (
    "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(labels, '') || ' ' || coalesce(summary, '')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(body, '') || ' ' || coalesce(factors, '')), 'C') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(timeline, '')), 'D')"
)
PG_UP = [
    f"ALTER TABLE library_searchdocument ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({PG_VECTOR}) STORED",
    "CREATE INDEX library_searchdocument_vector ON library_searchdocument USING gin (search_vector)",
]
PG_DOWN = [
    "DROP INDEX IF EXISTS library_searchdocument_vector",
    "ALTER TABLE library_searchdocument DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [
        migrations.RunPython(_run({"sqlite": SQLITE_UP, "postgresql": PG_UP}),
                             _run({"sqlite": SQLITE_DOWN, "postgresql": PG_DOWN})),
    ]
