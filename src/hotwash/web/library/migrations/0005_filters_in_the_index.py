"""Filters in the full-text index: facet tokens, severity and start time copied onto each row.

``facets`` holds one token per service, tag, factor category, severity and team (see
``hotwash.core.search_query.facet_token``); the index covers it, so a filtered search is one
lookup. SQLite: ``library_fts`` gets a seventh column (bm25 weight 0, never used for excerpts).
PostgreSQL: the generated ``search_vector`` also holds the facet tokens, verbatim
(``array_to_tsvector``); ``ts_rank`` counts only the typed words, so ranks are unchanged.

Order: drop the old index structures (SQLite rebuilds the table to add a column, which would drop
the triggers anyway; PostgreSQL would recompute every tsvector on the backfill's updates), add and
fill the columns, build the new structures.
"""

from collections import defaultdict

from django.db import migrations, models

from hotwash.core.search_query import facets_text

COLS = "title, labels, summary, body, timeline, factors"
COLS7 = COLS + ", facets"
BM25_7 = "bm25(8.0, 4.0, 4.0, 2.0, 1.0, 2.0, 0.0)"
BM25_6 = "bm25(8.0, 4.0, 4.0, 2.0, 1.0, 2.0)"


def _cols(prefix, cols):  # type: ignore[no-untyped-def]
    return ", ".join(f"{prefix}.{c.strip()}" for c in cols.split(","))


def _sqlite_fts(cols, bm25):  # type: ignore[no-untyped-def]
    new, old = _cols("new", cols), _cols("old", cols)
    return [
        f"CREATE VIRTUAL TABLE library_fts USING fts5({cols}, content='library_searchdocument', "
        "content_rowid='incident_id', tokenize='porter unicode61 remove_diacritics 2')",
        f"INSERT INTO library_fts(library_fts, rank) VALUES('rank', '{bm25}')",
        f"CREATE TRIGGER library_fts_ai AFTER INSERT ON library_searchdocument WHEN new.published BEGIN "
        f"INSERT INTO library_fts(rowid, {cols}) VALUES (new.incident_id, {new}); END",
        f"CREATE TRIGGER library_fts_ad AFTER DELETE ON library_searchdocument WHEN old.published BEGIN "
        f"INSERT INTO library_fts(library_fts, rowid, {cols}) VALUES ('delete', old.incident_id, {old}); END",
        f"CREATE TRIGGER library_fts_au AFTER UPDATE ON library_searchdocument BEGIN "
        f"INSERT INTO library_fts(library_fts, rowid, {cols}) SELECT 'delete', old.incident_id, {old} "
        f"WHERE old.published; "
        f"INSERT INTO library_fts(rowid, {cols}) SELECT new.incident_id, {new} WHERE new.published; END",
        f"INSERT INTO library_fts(rowid, {cols}) SELECT incident_id, {cols} FROM library_searchdocument "
        "WHERE published",
    ]


SQLITE_DROP = ["DROP TRIGGER IF EXISTS library_fts_au", "DROP TRIGGER IF EXISTS library_fts_ai",
               "DROP TRIGGER IF EXISTS library_fts_ad", "DROP TABLE IF EXISTS library_fts"]

_TEXT_VECTOR = (
    "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(labels, '') || ' ' || coalesce(summary, '')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(body, '') || ' ' || coalesce(factors, '')), 'C') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(timeline, '')), 'D')"
)
PG_VECTOR_WITH_FACETS = f"{_TEXT_VECTOR} || array_to_tsvector(array_remove(string_to_array(facets, ' '), ''))"
PG_DROP = ["DROP INDEX IF EXISTS library_searchdocument_vector",
           "ALTER TABLE library_searchdocument DROP COLUMN IF EXISTS search_vector"]


def _pg_vector(expression):  # type: ignore[no-untyped-def]
    return [f"ALTER TABLE library_searchdocument ADD COLUMN search_vector tsvector "
            f"GENERATED ALWAYS AS ({expression}) STORED",
            "CREATE INDEX library_searchdocument_vector ON library_searchdocument USING gin (search_vector)"]


def _run(by_vendor):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for sql in by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)
    return run


def backfill(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Copy severity and start time, and compute the facet tokens, for every existing row."""
    Incident = apps.get_model("incidents", "Incident")
    Factor = apps.get_model("postmortems", "ContributingFactor")
    Participant = apps.get_model("postmortems", "Participant")
    Profile = apps.get_model("accounts", "Profile")
    team_of = dict(Profile.objects.exclude(team="").values_list("user_id", "team"))
    SearchDocument = apps.get_model("library", "SearchDocument")
    ids = list(SearchDocument.objects.values_list("incident_id", flat=True))
    for start in range(0, len(ids), 2000):
        chunk = ids[start:start + 2000]
        services, tags, categories, teams = defaultdict(list), defaultdict(list), defaultdict(list), defaultdict(set)
        for iid, name in Incident.services.through.objects.filter(incident_id__in=chunk).values_list(
                "incident_id", "service__name"):
            services[iid].append(name)
        for iid, name in Incident.tags.through.objects.filter(incident_id__in=chunk).values_list(
                "incident_id", "tag__name"):
            tags[iid].append(name)
        for iid, key in Factor.objects.filter(postmortem__incident_id__in=chunk).values_list(
                "postmortem__incident_id", "category__key"):
            categories[iid].append(key)
        for iid, uid in Participant.objects.filter(postmortem__incident_id__in=chunk, user__isnull=False).values_list(
                "postmortem__incident_id", "user_id"):
            if uid in team_of:
                teams[iid].add(team_of[uid])
        rows = []
        for iid, severity, started, creator in Incident.objects.filter(pk__in=chunk).values_list(
                "pk", "severity__key", "started_at", "created_by_id"):
            if creator in team_of:
                teams[iid].add(team_of[creator])
            facets = facets_text(services=sorted(services[iid]), tags=sorted(tags[iid]),
                                 categories=sorted(set(categories[iid])), severity=severity or "",
                                 teams=sorted(teams[iid]))
            rows.append((severity or "", started, facets, iid))
        with schema_editor.connection.cursor() as cursor:
            cursor.executemany("UPDATE library_searchdocument SET severity = %s, started_at = %s, facets = %s "
                               "WHERE incident_id = %s", rows)


class Migration(migrations.Migration):
    dependencies = [("library", "0004_pg_narrow_rows"), ("incidents", "0003_restricted"),
                    ("postmortems", "0005_why_chains"), ("accounts", "0001_initial")]

    operations = [
        migrations.RunPython(_run({"sqlite": SQLITE_DROP, "postgresql": PG_DROP}),
                             _run({"sqlite": _sqlite_fts(COLS, BM25_6), "postgresql": _pg_vector(_TEXT_VECTOR)})),
        migrations.AddField(model_name="searchdocument", name="severity",
                            field=models.CharField(blank=True, help_text="The severity key, for display",
                                                   max_length=30)),
        migrations.AddField(model_name="searchdocument", name="started_at",
                            field=models.DateTimeField(blank=True, null=True)),
        migrations.AddField(model_name="searchdocument", name="facets",
                            field=models.TextField(blank=True, help_text="Facet tokens: services, tags, factor "
                                                                         "categories, severity, teams")),
        migrations.AddIndex(model_name="searchdocument",
                            index=models.Index(fields=["started_at", "published", "incident"],
                                                name="library_doc_started")),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(_run({"sqlite": _sqlite_fts(COLS7, BM25_7), "postgresql": _pg_vector(PG_VECTOR_WITH_FACETS)}),
                             _run({"sqlite": SQLITE_DROP, "postgresql": PG_DROP})),
    ]
