"""SQLite: the FTS5 index holds published rows only, so searches need no join to filter drafts.

(PostgreSQL is unchanged: its generated column covers every row and queries filter on ``published``.)
A later migration that alters ``library_searchdocument`` on SQLite must recreate these triggers.
"""

from django.db import migrations

COLS = "title, labels, summary, body, timeline, factors"
NEW = ", ".join(f"new.{c.strip()}" for c in COLS.split(","))
OLD = ", ".join(f"old.{c.strip()}" for c in COLS.split(","))

UP = [
    "DROP TRIGGER IF EXISTS library_fts_ai", "DROP TRIGGER IF EXISTS library_fts_ad",
    "DROP TRIGGER IF EXISTS library_fts_au",
    "INSERT INTO library_fts(library_fts) VALUES('delete-all')",
    f"CREATE TRIGGER library_fts_ai AFTER INSERT ON library_searchdocument WHEN new.published BEGIN "
    f"INSERT INTO library_fts(rowid, {COLS}) VALUES (new.incident_id, {NEW}); END",
    f"CREATE TRIGGER library_fts_ad AFTER DELETE ON library_searchdocument WHEN old.published BEGIN "
    f"INSERT INTO library_fts(library_fts, rowid, {COLS}) VALUES ('delete', old.incident_id, {OLD}); END",
    # one trigger, two statements in order: remove the old text (if indexed), add the new (if published)
    f"CREATE TRIGGER library_fts_au AFTER UPDATE ON library_searchdocument BEGIN "
    f"INSERT INTO library_fts(library_fts, rowid, {COLS}) SELECT 'delete', old.incident_id, {OLD} "
    f"WHERE old.published; "
    f"INSERT INTO library_fts(rowid, {COLS}) SELECT new.incident_id, {NEW} WHERE new.published; END",
    f"INSERT INTO library_fts(rowid, {COLS}) SELECT incident_id, {COLS} FROM library_searchdocument WHERE published",
]
DOWN = [
    "DROP TRIGGER IF EXISTS library_fts_au", "DROP TRIGGER IF EXISTS library_fts_ai", "DROP TRIGGER IF EXISTS library_fts_ad",
    "INSERT INTO library_fts(library_fts) VALUES('delete-all')",
    f"CREATE TRIGGER library_fts_ai AFTER INSERT ON library_searchdocument BEGIN "
    f"INSERT INTO library_fts(rowid, {COLS}) VALUES (new.incident_id, {NEW}); END",
    f"CREATE TRIGGER library_fts_ad AFTER DELETE ON library_searchdocument BEGIN "
    f"INSERT INTO library_fts(library_fts, rowid, {COLS}) VALUES ('delete', old.incident_id, {OLD}); END",
    f"CREATE TRIGGER library_fts_au AFTER UPDATE ON library_searchdocument BEGIN "
    f"INSERT INTO library_fts(library_fts, rowid, {COLS}) VALUES ('delete', old.incident_id, {OLD}); "
    f"INSERT INTO library_fts(rowid, {COLS}) VALUES (new.incident_id, {NEW}); END",
    "INSERT INTO library_fts(library_fts) VALUES('rebuild')",
]


def _run(statements):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "sqlite":
            for sql in statements:
                schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("library", "0002_fulltext")]

    operations = [migrations.RunPython(_run(UP), _run(DOWN))]
