"""Importing artifacts into an incident's timeline from the postmortem page: upload → preview → confirm."""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hotwash.web.incidents.services import incident_create
from hotwash.web.timeline.models import ImportBatch, TimelineEntry
from hotwash.web.timeline.services import import_batch_confirm

from .conftest import T0

pytestmark = pytest.mark.django_db
HOOKS = Path(__file__).resolve().parents[1] / "fixtures" / "hooks"

# 09:10 and 09:20 in Berlin are 08:10 and 08:20 UTC: before the incident (09:00 UTC) minus 30 minutes;
# 10:10 Berlin is 09:10 UTC: inside. The CSV has no zone, so the incident's zone (Berlin) is assumed.
DEPLOYS_CSV = (b"time,event,actor\n"
               b"2026-03-02 10:10:00,Deployed search-api v2.3.1,ci-bot\n"
               b"2026-03-02 10:35:00,Rolled back search-api to v2.3.0,dana\n"
               b"2026-03-02 09:10:00,Deployed billing v9,ci-bot\n")


@pytest.fixture
def berlin_incident(alice):  # type: ignore[no-untyped-def]
    return incident_create(user=alice, title="Search latency spike", severity="high", started_at=T0,
                           resolved_at=T0 + timedelta(minutes=50), timezone_name="Europe/Berlin",
                           services=["search-api"])


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def preview(client, incident, *files: SimpleUploadedFile, **fields: str):  # type: ignore[no-untyped-def]
    data = {"files": list(files), "format": "auto", **fields}
    return client.post(f"/incidents/{incident.pk}/timeline/import", data=data, headers={"HX-Request": "true"})


def confirm(client, incident, batch: ImportBatch, **fields: str):  # type: ignore[no-untyped-def]
    return client.post(f"/incidents/{incident.pk}/timeline/import/{batch.token}/confirm", data=fields,
                       headers={"HX-Request": "true"})


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_two_files_are_previewed_per_source_and_added_only_on_confirm(alice_client, berlin_incident):
    response = preview(alice_client, berlin_incident, upload("alert.json", (HOOKS / "alertmanager_resolved.json")
                                                             .read_bytes()), upload("deploys.csv", DEPLOYS_CSV))
    assert response.status_code == 200
    page = text_of(response)
    assert "Import preview: 4 new entries" in page
    assert "alert.json alertmanager" in page and "deploys.csv csv" in page
    assert "1 outside the incident window" in page
    assert "Deployed search-api v2.3.1" in page  # a sample entry
    assert not TimelineEntry.objects.exists()

    batch = ImportBatch.objects.get()
    assert batch.status == "pending" and [s["format"] for s in batch.sources] == ["alertmanager", "csv"]
    done = confirm(alice_client, berlin_incident, batch)
    assert "Imported: 4 entries added, 0 already present, 1 outside the incident window not added" in text_of(done)
    entries = list(TimelineEntry.objects.filter(incident=berlin_incident))
    assert [e.event for e in entries] == [
        "Alert firing: [page] HighLatency (search-1:9100): p99 latency above 2s", "Deployed search-api v2.3.1",
        "Rolled back search-api to v2.3.0", "Alert resolved: HighLatency (search-1:9100): p99 latency above 2s"]
    deploy = entries[1]
    assert deploy.time == datetime(2026, 3, 2, 9, 10, tzinfo=UTC)  # Berlin 10:10 = 09:10 UTC
    assert deploy.assumed_zone and deploy.actor == "ci-bot" and deploy.source == "csv"
    assert not entries[0].assumed_zone
    ImportBatch.objects.get(pk=batch.pk, status="confirmed")


def test_the_timeline_shows_source_actor_link_and_the_assumed_zone_marker_of_imported_entries(
        alice_client, berlin_incident):
    preview(alice_client, berlin_incident, upload("alert.json", (HOOKS / "alertmanager_firing.json").read_bytes()),
            upload("deploys.csv", DEPLOYS_CSV))
    confirm(alice_client, berlin_incident, ImportBatch.objects.get())
    page = alice_client.get(f"/incidents/{berlin_incident.pk}/").content.decode()
    assert "· alertmanager" in page and "· ci-bot" in page
    assert 'href="http://prometheus.example:9090/graph?g0.expr=latency"' in page
    assert "The source had no time zone" in page


def test_importing_the_same_files_again_adds_nothing(alice_client, berlin_incident):
    files = [("alert.json", (HOOKS / "alertmanager_resolved.json").read_bytes()), ("deploys.csv", DEPLOYS_CSV)]
    preview(alice_client, berlin_incident, *[upload(n, c) for n, c in files])
    confirm(alice_client, berlin_incident, ImportBatch.objects.get())
    again = preview(alice_client, berlin_incident, *[upload(n, c) for n, c in files])
    assert "Import preview: 0 new entries" in text_of(again)
    assert "4 already in the timeline" in text_of(again)
    second = ImportBatch.objects.get(status="pending")
    assert "Imported: 0 entries added, 4 already present" in text_of(confirm(alice_client, berlin_incident, second))
    assert TimelineEntry.objects.count() == 4


def test_entries_outside_the_window_can_be_added_on_request(alice_client, berlin_incident):
    preview(alice_client, berlin_incident, upload("deploys.csv", DEPLOYS_CSV))
    confirm(alice_client, berlin_incident, ImportBatch.objects.get(), include_outside="1")
    assert TimelineEntry.objects.filter(event="Deployed billing v9").exists()


def test_the_margin_around_the_incident_is_a_form_option(alice_client, berlin_incident):
    page = text_of(preview(alice_client, berlin_incident, upload("deploys.csv", DEPLOYS_CSV), margin="90"))
    assert "Import preview: 3 new entries" in page and "0 outside the incident window" in page


def test_a_file_that_cannot_be_read_blocks_the_import_and_nothing_is_added(alice_client, berlin_incident):
    response = preview(alice_client, berlin_incident, upload("deploys.csv", DEPLOYS_CSV),
                       upload("broken.json", (HOOKS / "malformed.json").read_bytes()), format="auto")
    page = text_of(response)
    assert "1 file could not be read; nothing will be added" in page
    assert "broken.json:line 5" in page
    assert 'disabled title="Some files could not be read"' in response.content.decode()
    refused = confirm(alice_client, berlin_incident, ImportBatch.objects.get())
    assert "nothing was added" in text_of(refused)
    assert not TimelineEntry.objects.exists()


def test_an_uploaded_legacy_grafana_alert_is_refused_not_timed_at_the_upload(alice_client, berlin_incident):
    # the payload has no time; an upload's time is when it was uploaded, not when the alert fired
    response = preview(alice_client, berlin_incident, upload("legacy.json", (HOOKS / "grafana_legacy.json")
                                                             .read_bytes()), upload("deploys.csv", DEPLOYS_CSV))
    page = text_of(response)
    assert "1 file could not be read; nothing will be added" in page
    assert "legacy.json: a legacy Grafana alert (ruleName, state, evalMatches) carries no time of its own" in page
    assert "add the alert by hand with the time it fired" in page and "/hooks/grafana" in page
    assert "Test notification" not in page.split("could not be read")[-1].split("legacy.json")[0]
    assert not TimelineEntry.objects.exists()


def test_a_partly_readable_file_shows_how_many_records_were_skipped_and_why(alice_client, berlin_incident):
    csv = DEPLOYS_CSV + b"not a time,Something odd\n1985-01-01 10:00:00,Way too early\n"
    page = text_of(preview(alice_client, berlin_incident, upload("deploys.csv", csv)))
    assert "2 records skipped" in page and "partly readable" in page
    assert "line 5" in page and "1990" in page


def test_the_wrong_format_named_explicitly_is_an_error_naming_the_file(alice_client, berlin_incident):
    page = text_of(preview(alice_client, berlin_incident, upload("deploys.csv", DEPLOYS_CSV), format="pagerduty"))
    assert "deploys.csv" in page and "could not be read" in page


def test_an_unknown_zone_is_refused_before_reading(alice_client, berlin_incident):
    page = text_of(preview(alice_client, berlin_incident, upload("deploys.csv", DEPLOYS_CSV), tz="Mars/Olympus"))
    assert "unknown time zone 'Mars/Olympus'" in page
    assert not ImportBatch.objects.exists()


def test_the_zone_option_overrides_the_incidents_zone(alice_client, berlin_incident):
    preview(alice_client, berlin_incident, upload("deploys.csv", DEPLOYS_CSV), tz="UTC", margin="120")
    confirm(alice_client, berlin_incident, ImportBatch.objects.get())
    assert TimelineEntry.objects.get(event="Deployed search-api v2.3.1").time == datetime(2026, 3, 2, 10, 10,
                                                                                         tzinfo=UTC)


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_a_zip_of_several_files_is_read_member_by_member(alice_client, berlin_incident):
    bundle = zipped({"exports/alert.json": (HOOKS / "alertmanager_firing.json").read_bytes(),
                     "exports/deploys.csv": DEPLOYS_CSV, "__MACOSX/._deploys.csv": b"junk",
                     "exports/README.md": b"These are the exports of the incident.\n"})
    page = text_of(preview(alice_client, berlin_incident, upload("bundle.zip", bundle)))
    assert "bundle.zip/exports/alert.json alertmanager" in page
    assert "bundle.zip/exports/deploys.csv csv" in page
    assert "__MACOSX" not in page
    assert "bundle.zip/exports/README.md left out could not recognise the format" in page
    assert "could not be read" not in page
    confirm(alice_client, berlin_incident, ImportBatch.objects.get())
    assert TimelineEntry.objects.count() == 3


def test_a_slack_export_zip_is_read_as_one_slack_source(alice_client, berlin_incident):
    users = [{"id": "U1", "name": "dana", "real_name": "Dana Park"}]
    channels = [{"id": "C1", "name": "inc-search"}]
    day = [{"type": "message", "user": "U1", "text": "Search is slow, looking", "ts": "1772442360.000100"}]
    export = zipped({"users.json": json.dumps(users).encode(), "channels.json": json.dumps(channels).encode(),
                     "inc-search/2026-03-02.json": json.dumps(day).encode()})
    preview(alice_client, berlin_incident, upload("slack.zip", export))
    batch = ImportBatch.objects.get()
    assert [s["format"] for s in batch.sources] == ["slack"]
    confirm(alice_client, berlin_incident, batch)
    entry = TimelineEntry.objects.get()
    assert entry.kind == "chat" and "Search is slow" in entry.event and entry.actor
    assert entry.time == datetime(2026, 3, 2, 9, 6, 0, 100, tzinfo=UTC)  # Slack ts kept exact


def test_a_truncated_zip_is_an_error_naming_the_file(alice_client, berlin_incident):
    bundle = zipped({"a.csv": DEPLOYS_CSV, "b.csv": DEPLOYS_CSV})
    page = text_of(preview(alice_client, berlin_incident, upload("logs.zip", bundle[: len(bundle) // 2])))
    assert "logs.zip" in page and "truncated or damaged" in page
    assert not TimelineEntry.objects.exists()


def test_an_upload_over_the_size_limit_is_refused_with_the_limit(alice_client, berlin_incident, settings):
    settings.HOTWASH_IMPORT_MAX_BYTES = 100
    page = text_of(preview(alice_client, berlin_incident, upload("deploys.csv", DEPLOYS_CSV * 2)))
    assert "The upload is" in page and "the limit is 100 bytes" in page
    assert "HOTWASH_IMPORT_MAX_MB" in page
    assert not ImportBatch.objects.exists()


def test_no_files_is_a_clear_message(alice_client, berlin_incident):
    page = text_of(alice_client.post(f"/incidents/{berlin_incident.pk}/timeline/import", data={"format": "auto"},
                                     headers={"HX-Request": "true"}))
    assert "Choose one or more files" in page


def test_discarding_a_preview_adds_nothing_and_it_cannot_be_confirmed_later(alice_client, berlin_incident):
    preview(alice_client, berlin_incident, upload("deploys.csv", DEPLOYS_CSV))
    batch = ImportBatch.objects.get()
    alice_client.post(f"/incidents/{berlin_incident.pk}/timeline/import/{batch.token}/discard",
                      headers={"HX-Request": "true"})
    assert "already discarded" in text_of(confirm(alice_client, berlin_incident, batch))
    assert not TimelineEntry.objects.exists()


def test_a_preview_cannot_be_confirmed_twice(alice_client, berlin_incident):
    preview(alice_client, berlin_incident, upload("deploys.csv", DEPLOYS_CSV))
    batch = ImportBatch.objects.get()
    confirm(alice_client, berlin_incident, batch)
    assert "already confirmed" in text_of(confirm(alice_client, berlin_incident, batch))
    assert TimelineEntry.objects.count() == 2


def test_an_expired_preview_cannot_be_confirmed(alice_client, berlin_incident, alice):
    preview(alice_client, berlin_incident, upload("deploys.csv", DEPLOYS_CSV))
    ImportBatch.objects.update(created_at=datetime.now(UTC) - timedelta(days=2))
    from hotwash.core.errors import ValidationError

    with pytest.raises(ValidationError, match="expired"):
        import_batch_confirm(batch=ImportBatch.objects.get(), user=alice)
    assert not TimelineEntry.objects.exists()


def test_a_preview_of_another_incident_is_not_found(alice_client, berlin_incident, alice):
    other = incident_create(user=alice, title="Other", severity="low", started_at=T0)
    preview(alice_client, berlin_incident, upload("deploys.csv", DEPLOYS_CSV))
    page = text_of(confirm(alice_client, other, ImportBatch.objects.get()))
    assert "no such import preview" in page
    assert not TimelineEntry.objects.exists()


def test_signed_out_visitors_cannot_upload(client, berlin_incident):
    response = client.post(f"/incidents/{berlin_incident.pk}/timeline/import",
                           data={"files": [upload("deploys.csv", DEPLOYS_CSV)]})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not ImportBatch.objects.exists()


def test_the_upload_needs_the_csrf_token(berlin_incident, alice):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    response = strict.post(f"/incidents/{berlin_incident.pk}/timeline/import",
                           data={"files": [upload("deploys.csv", DEPLOYS_CSV)]})
    assert response.status_code == 403
    assert not ImportBatch.objects.exists()


def test_an_unrecognised_file_uploaded_on_its_own_blocks_the_import(alice_client, berlin_incident):
    page = text_of(preview(alice_client, berlin_incident, upload("notes.md", b"Some notes without times\n"),
                           upload("deploys.csv", DEPLOYS_CSV)))
    assert "notes.md: could not recognise the format" in page
    assert "1 file could not be read" in page


def test_too_many_files_at_once_is_a_clear_message(alice_client, berlin_incident, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    files = [upload(f"d{i}.csv", DEPLOYS_CSV) for i in range(3)]
    page = text_of(preview(alice_client, berlin_incident, *files))
    assert "Too many files in one upload (at most 2); put them in a zip." in page
    assert not ImportBatch.objects.exists()
