"""``POST /api/v1/incidents/{id}/timeline/import``: artifact files into a timeline over the JSON API
(multipart upload; ``dry_run`` previews, otherwise one transaction)."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hotwash.web.accounts.services import api_token_create, user_create
from hotwash.web.incidents.services import incident_create
from hotwash.web.library.services import incident_restriction_set
from hotwash.web.postmortems.models import Postmortem
from hotwash.web.timeline.models import ImportBatch, TimelineEntry

from .conftest import T0

pytestmark = pytest.mark.django_db
HOOKS = Path(__file__).resolve().parents[1] / "fixtures" / "hooks"
DEPLOYS_CSV = (b"time,event,actor\n"
               b"2026-03-02 10:10:00,Deployed search-api v2.3.1,ci-bot\n"
               b"2026-03-02 10:35:00,Rolled back search-api to v2.3.0,dana\n"
               b"2026-03-02 09:10:00,Deployed billing v9,ci-bot\n")  # 08:10 UTC: before the window


@pytest.fixture
def berlin_incident(alice):  # type: ignore[no-untyped-def]
    return incident_create(user=alice, title="Search latency spike", severity="high", started_at=T0,
                           resolved_at=T0 + timedelta(minutes=50), timezone_name="Europe/Berlin",
                           services=["search-api"])


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def post(client, token: str, incident, *files: SimpleUploadedFile, **fields: str):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/incidents/{incident.pk}/timeline/import", data={"files": list(files), **fields},
                       HTTP_AUTHORIZATION=f"Bearer {token}")


def alert() -> SimpleUploadedFile:
    return upload("alert.json", (HOOKS / "alertmanager_resolved.json").read_bytes())


def test_a_dry_run_reports_per_source_and_adds_nothing(client, alice_token, berlin_incident):
    response = post(client, alice_token, berlin_incident, alert(), upload("deploys.csv", DEPLOYS_CSV),
                    dry_run="true")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["dry_run"] is True and body["can_import"] is True and body["errors"] == []
    assert body["totals"] == {"new": 4, "already_present": 0, "outside": 1, "duplicates": 0, "skipped": 0,
                              "entries": 5}
    alerts, deploys = body["sources"]
    assert (alerts["name"], alerts["format"], alerts["entries"], alerts["new"]) == ("alert.json", "alertmanager", 2, 2)
    assert (deploys["format"], deploys["read"], deploys["new"], deploys["outside"]) == ("csv", 3, 2, 1)
    assert deploys["first"] == "2026-03-02T08:10:00Z" and deploys["last"] == "2026-03-02T09:35:00Z"
    assert [s["text"] for s in deploys["samples"]] == ["Deployed search-api v2.3.1", "Rolled back search-api to v2.3.0"]
    assert deploys["samples"][0]["assumed_zone"] is True and deploys["samples"][0]["present"] is False
    assert body["window"] == {"start": "2026-03-02T08:30:00Z", "end": "2026-03-02T10:20:00Z", "margin_minutes": 30}
    assert body["options"]["tz"] == "Europe/Berlin"
    assert not TimelineEntry.objects.exists() and not ImportBatch.objects.exists()


def test_commit_adds_the_new_entries_in_the_window_and_a_second_time_adds_nothing(client, alice_token,
                                                                                   berlin_incident):
    first = post(client, alice_token, berlin_incident, alert(), upload("deploys.csv", DEPLOYS_CSV))
    assert first.status_code == 201, first.content
    body = first.json()
    assert (body["added"], body["already_present"], body["left_out"]) == (4, 0, 1)
    deploy = TimelineEntry.objects.get(event="Deployed search-api v2.3.1")
    assert deploy.time == datetime(2026, 3, 2, 9, 10, tzinfo=UTC) and deploy.assumed_zone and deploy.actor == "ci-bot"
    assert not TimelineEntry.objects.filter(event="Deployed billing v9").exists()
    again = post(client, alice_token, berlin_incident, alert(), upload("deploys.csv", DEPLOYS_CSV))
    assert again.status_code == 201 and (again.json()["added"], again.json()["already_present"]) == (0, 4)
    assert again.json()["totals"]["already_present"] == 4
    assert TimelineEntry.objects.count() == 4


def test_options_margin_zone_and_entries_outside_the_window(client, alice_token, berlin_incident):
    wide = post(client, alice_token, berlin_incident, upload("deploys.csv", DEPLOYS_CSV), margin="90", dry_run="1")
    assert wide.json()["totals"]["outside"] == 0
    utc = post(client, alice_token, berlin_incident, upload("deploys.csv", DEPLOYS_CSV), tz="UTC", dry_run="yes")
    assert utc.json()["sources"][0]["first"] == "2026-03-02T09:10:00Z"
    everything = post(client, alice_token, berlin_incident, upload("deploys.csv", DEPLOYS_CSV),
                      include_outside="true")
    assert everything.json()["added"] == 3 and TimelineEntry.objects.filter(event="Deployed billing v9").exists()


def test_an_unreadable_file_adds_nothing_and_is_named_with_its_line(client, alice_token, berlin_incident):
    broken = upload("broken.json", (HOOKS / "malformed.json").read_bytes())
    preview = post(client, alice_token, berlin_incident, upload("deploys.csv", DEPLOYS_CSV), broken, dry_run="true")
    assert preview.status_code == 200 and preview.json()["can_import"] is False
    assert "broken.json:line 5" in preview.json()["errors"][0]
    broken.seek(0)
    refused = post(client, alice_token, berlin_incident, upload("deploys.csv", DEPLOYS_CSV), broken)
    assert refused.status_code == 422
    body = refused.json()
    assert body["error"].startswith("nothing was added: broken.json:line 5") and body["field"] == "files"
    assert [s["name"] for s in body["sources"]] == ["deploys.csv", "broken.json"]
    assert not TimelineEntry.objects.exists()


def test_skipped_records_are_reported_with_where_and_why(client, alice_token, berlin_incident):
    csv = DEPLOYS_CSV + b"not a time,Something odd\n1985-01-01 10:00:00,Way too early\n"
    body = post(client, alice_token, berlin_incident, upload("deploys.csv", csv), dry_run="true").json()
    source = body["sources"][0]
    assert source["skipped"] == 2 and body["totals"]["skipped"] == 2
    assert [where for where, _ in source["skips"]] == ["line 5", "line 6"] and "1990" in source["skips"][1][1]


def test_a_zip_of_several_files_is_read_member_by_member(client, alice_token, berlin_incident):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("deploys.csv", DEPLOYS_CSV)
        archive.writestr("alerts/resolved.json", (HOOKS / "alertmanager_resolved.json").read_bytes())
        archive.writestr("README.md", "notes")
    body = post(client, alice_token, berlin_incident, upload("bundle.zip", buffer.getvalue()), dry_run="true").json()
    assert [(s["name"], s["format"] or s["ignored"]) for s in body["sources"]] == [
        ("bundle.zip/deploys.csv", "csv"), ("bundle.zip/alerts/resolved.json", "alertmanager"),
        ("bundle.zip/README.md", "could not recognise the format")]
    truncated = post(client, alice_token, berlin_incident, upload("cut.zip", buffer.getvalue()[:200]))
    assert truncated.status_code == 422 and "cut.zip: not a readable zip file" in truncated.json()["error"]


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"tz": "Mars/Olympus"}, "tz", "unknown time zone 'Mars/Olympus'"),
    ({"format": "nosuch"}, "format", "unknown format 'nosuch'"),
    ({"margin": "lots"}, "margin", "the margin is a number of minutes"),
    ({"margin": "-5"}, "margin", "the margin is a number of minutes"),
    ({"dry_run": "perhaps"}, "dry_run", "dry_run is true or false"),
])
def test_bad_options_are_a_422_naming_the_field(client, alice_token, berlin_incident, fields, field, message):
    response = post(client, alice_token, berlin_incident, upload("deploys.csv", DEPLOYS_CSV), **fields)
    assert response.status_code == 422
    assert response.json()["field"] == field and message in response.json()["error"]
    assert not TimelineEntry.objects.exists()


def test_no_files_too_large_unknown_incident_and_no_token(client, alice_token, berlin_incident, settings):
    none = client.post(f"/api/v1/incidents/{berlin_incident.pk}/timeline/import", data={"dry_run": "true"},
                       HTTP_AUTHORIZATION=f"Bearer {alice_token}")
    assert none.status_code == 422 and none.json()["field"] == "files"
    settings.HOTWASH_IMPORT_MAX_BYTES = 100
    big = post(client, alice_token, berlin_incident, upload("deploys.csv", DEPLOYS_CSV * 5))
    assert big.status_code == 413 and "the limit is 100" in big.json()["error"]
    settings.HOTWASH_IMPORT_MAX_BYTES = 200 << 20
    missing = client.post("/api/v1/incidents/9999/timeline/import", data={"files": [upload("d.csv", DEPLOYS_CSV)]},
                          HTTP_AUTHORIZATION=f"Bearer {alice_token}")
    assert missing.status_code == 404
    anonymous = client.post(f"/api/v1/incidents/{berlin_incident.pk}/timeline/import",
                            data={"files": [upload("d.csv", DEPLOYS_CSV)]})
    assert anonymous.status_code == 401 and not TimelineEntry.objects.exists()


def test_a_published_postmortem_is_not_changed(client, alice_token, berlin_incident):
    Postmortem.objects.filter(incident=berlin_incident).update(status="published")
    response = post(client, alice_token, berlin_incident, upload("deploys.csv", DEPLOYS_CSV))
    assert response.status_code == 422 and "published" in response.json()["error"]
    assert not TimelineEntry.objects.exists()


def test_a_restricted_incident_is_a_404_for_outsiders(client, berlin_incident):
    outsider = user_create(username="olga", password="olga-password")
    _, token = api_token_create(user=outsider, name="t")
    incident_restriction_set(incident=berlin_incident, restricted=True)
    response = post(client, token, berlin_incident, upload("deploys.csv", DEPLOYS_CSV))
    assert response.status_code == 404 and not TimelineEntry.objects.exists()


def test_the_endpoint_is_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/incidents/{incident_id}/timeline/import"]["post"]
    form = operation["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert {"files", "dry_run", "format", "tz", "margin", "channels", "include_outside"} <= set(form["properties"])


def test_an_uploaded_kubectl_table_is_refused_with_the_fix(client, alice_token, berlin_incident):
    # an upload's file time is when it was uploaded, not when kubectl ran: the ages cannot be dated
    table = (Path(__file__).resolve().parents[1] / "fixtures" / "artifacts" / "variants"
             / "kubernetes__table_default.txt").read_bytes()
    refused = post(client, alice_token, berlin_incident, upload("events.txt", table))
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert "events.txt:line 1" in error and "ages, not times" in error and "-o json" in error
    assert not TimelineEntry.objects.filter(incident=berlin_incident).exists()


def test_a_picture_or_an_empty_export_in_a_zip_is_left_out(client, alice_token, berlin_incident):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("deploys.csv", DEPLOYS_CSV)
        archive.writestr("graph.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
        archive.writestr("events.json", b'{"apiVersion":"v1","items":[],"kind":"List"}')
    body = post(client, alice_token, berlin_incident, upload("bundle.zip", buffer.getvalue()), dry_run="true").json()
    assert [(s["name"], s["format"] or s["ignored"]) for s in body["sources"]] == [
        ("bundle.zip/deploys.csv", "csv"),
        ("bundle.zip/graph.png", "a binary file, not a text, JSON, gzip or zip export"),
        ("bundle.zip/events.json", "no records: the file holds only an empty list ('items')")]
    assert body["can_import"] is True
