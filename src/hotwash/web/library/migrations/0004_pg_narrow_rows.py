"""PostgreSQL: keep the rows of ``library_searchdocument`` narrow (the text goes to TOAST).

A search reads the row of every match (the GIN index gives row addresses, not ids); with the
sections stored inline the table was ~75 MB for 50,000 postmortems and a broad search read
thousands of pages. With ``toast_tuple_target = 128`` the text columns move out of line and the
table is ~12 MB. Rows written before this migration move when they are next updated, or at once
with ``VACUUM FULL library_searchdocument`` (or ``hotwash library reindex``). SQLite: nothing.
"""

from django.db import migrations


def _run(sql):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("library", "0003_fts_published_only")]

    operations = [
        migrations.RunPython(_run("ALTER TABLE library_searchdocument SET (toast_tuple_target = 128)"),
                             _run("ALTER TABLE library_searchdocument RESET (toast_tuple_target)")),
    ]
