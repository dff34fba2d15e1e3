"""``hotwash timeline import INCIDENT FILE...``: artifacts into an incident's timeline, in one transaction."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hotwash.cli.main import _register, app
from hotwash.web.accounts.services import user_create
from hotwash.web.incidents.services import incident_create, severity_defaults_ensure
from hotwash.web.timeline.models import TimelineEntry

_register()
runner = CliRunner()
pytestmark = pytest.mark.django_db
HOOKS = Path(__file__).resolve().parents[1] / "fixtures" / "hooks"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DEPLOYS_CSV = ("time,event,actor\n"
               "2026-03-02 10:10:00,Deployed search-api v2.3.1,ci-bot\n"
               "2026-03-02 10:35:00,Rolled back search-api to v2.3.0,dana\n"
               "2026-03-02 09:10:00,Deployed billing v9,ci-bot\n")


@pytest.fixture
def incident():  # type: ignore[no-untyped-def]
    severity_defaults_ensure()
    user = user_create(username="alice", password="alice-password")
    return incident_create(user=user, title="Search latency spike", severity="high", started_at=T0,
                           resolved_at=T0 + timedelta(minutes=50), timezone_name="Europe/Berlin")


@pytest.fixture
def deploys(tmp_path: Path) -> Path:
    path = tmp_path / "deploys.csv"
    path.write_text(DEPLOYS_CSV)
    return path


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["timeline", "import", *args])


def test_import_adds_the_entries_in_the_window_and_prints_a_summary_per_file(incident, deploys):
    result = run(incident.ref, str(deploys), str(HOOKS / "alertmanager_resolved.json"))
    assert result.exit_code == 0, result.output
    assert "[csv] deploys.csv: read 3 → 3 entries; 2 new, 0 already present, 1 outside the window" in result.output
    assert "[alertmanager] alertmanager_resolved.json" in result.output
    assert f"{incident.ref}: added 4, already present 0, outside the window 1 (--no-clip keeps them)" in result.output
    deploy = TimelineEntry.objects.get(event="Deployed search-api v2.3.1")
    assert deploy.time == datetime(2026, 3, 2, 9, 10, tzinfo=UTC) and deploy.assumed_zone  # the incident's zone


def test_importing_again_adds_nothing(incident, deploys):
    run(str(incident.pk), str(deploys))
    again = run(str(incident.pk), str(deploys))
    assert again.exit_code == 0
    assert "added 0, already present 2" in again.output
    assert TimelineEntry.objects.count() == 2


def test_no_clip_keeps_entries_outside_the_window(incident, deploys):
    assert run(incident.ref, str(deploys), "--no-clip").exit_code == 0
    assert TimelineEntry.objects.filter(event="Deployed billing v9").exists()


def test_since_and_tz_change_the_window_and_the_assumed_zone(incident, deploys):
    result = run(incident.ref, str(deploys), "--tz", "UTC", "--since", "2026-03-02T09:00Z", "--margin", "0")
    assert result.exit_code == 0, result.output
    assert TimelineEntry.objects.get(event="Deployed billing v9").time == datetime(2026, 3, 2, 9, 10, tzinfo=UTC)
    assert not TimelineEntry.objects.filter(event__startswith="Rolled back").exists()  # 10:35 UTC > resolved 09:50


def test_a_file_that_cannot_be_read_means_nothing_is_added_and_exit_1(incident, deploys):
    result = run(incident.ref, str(deploys), str(HOOKS / "malformed.json"))
    assert result.exit_code == 1
    assert "malformed.json:line 5" in result.output
    assert "Nothing was added to INC-" in result.output
    assert not TimelineEntry.objects.exists()


def test_a_truncated_zip_is_named_and_nothing_is_added(incident, deploys, tmp_path):
    bundle = tmp_path / "logs.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.write(deploys, "deploys.csv")
        archive.writestr("more.csv", DEPLOYS_CSV * 50)
    bundle.write_bytes(bundle.read_bytes()[:200])
    result = run(incident.ref, str(deploys), str(bundle))
    assert result.exit_code == 1 and "logs.zip" in result.output
    assert not TimelineEntry.objects.exists()


def test_a_zip_of_several_files_is_read_member_by_member(incident, deploys, tmp_path):
    bundle = tmp_path / "bundle.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.write(deploys, "deploys.csv")
        archive.write(HOOKS / "alertmanager_firing.json", "alerts/am.json")
    result = run(incident.ref, str(bundle))
    assert result.exit_code == 0, result.output
    assert "bundle.zip/deploys.csv" in result.output and "bundle.zip/alerts/am.json" in result.output
    assert TimelineEntry.objects.count() == 3


def test_dry_run_adds_nothing(incident, deploys):
    result = run(incident.ref, str(deploys), "--dry-run")
    assert result.exit_code == 0 and "would add 2" in result.output
    assert not TimelineEntry.objects.exists()


@pytest.mark.parametrize("args, message", [
    (["INC-999"], "no incident INC-999"),
    (["nope"], "INCIDENT is a number"),
    (["{ref}", "--tz", "Mars/Olympus"], "unknown time zone"),
    (["{ref}", "--format", "telegraph"], "unknown format"),
    (["{ref}", "--since", "yesterday"], "--since"),
])
def test_usage_errors_exit_2(incident, deploys, args, message):
    args = [a.replace("{ref}", incident.ref) for a in args]
    result = run(args[0], str(deploys), *args[1:])
    assert result.exit_code == 2
    assert message in result.output
    assert not TimelineEntry.objects.exists()


def test_a_missing_file_is_a_usage_error(incident, tmp_path):
    result = run(incident.ref, str(tmp_path / "nope.log"))
    assert result.exit_code == 2 and "no such file" in result.output


def test_a_push_imported_with_the_earlier_id_form_is_not_added_again(incident, tmp_path):
    # GitHub push entries were ``push:<after sha>`` before they became
    # ``push:<repo>:<ref>:<before12>..<after12>``: a timeline holding the old form must not get the push twice.
    import json

    payload = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "artifacts" / "variants"
                          / "github__push_forced.json").read_text())
    payload["repository"]["pushed_at"] = int((T0 + timedelta(minutes=5)).timestamp())
    path = tmp_path / "push.json"
    path.write_text(json.dumps(payload))
    TimelineEntry.objects.create(incident=incident, time=T0 + timedelta(minutes=5), event="Force-push to main",
                                 source="github", source_id=f"push:{payload['after']}", kind="deploy")
    result = run(incident.ref, str(path))
    assert result.exit_code == 0, result.output
    assert "added 0, already present 1" in result.output
    assert TimelineEntry.objects.filter(incident=incident, source="github").count() == 1
    # a different push (another head commit) is still added
    payload["after"] = "f" * 40
    path.write_text(json.dumps(payload))
    assert "added 1, already present 0" in run(incident.ref, str(path)).output


def test_a_kubectl_table_inside_a_zip_is_refused_but_one_named_on_the_command_line_is_dated(incident, tmp_path):
    import os

    table = (Path(__file__).resolve().parents[1] / "fixtures" / "artifacts" / "variants"
             / "kubernetes__table_default.txt").read_bytes()
    bundle = tmp_path / "bundle.zip"
    with zipfile.ZipFile(bundle, "w") as zf:
        zf.writestr("events.txt", table)
    result = run(incident.ref, str(bundle))
    assert result.exit_code == 1
    assert "bundle.zip/events.txt:line 1" in result.output and "-o json" in result.output
    assert not TimelineEntry.objects.filter(incident=incident).exists()
    events = tmp_path / "events.txt"
    events.write_bytes(table)
    ran = (T0 + timedelta(minutes=20)).timestamp()  # kubectl ran 20 minutes into the incident
    os.utime(events, (ran, ran))
    result = run(incident.ref, str(events))
    assert result.exit_code == 0, result.output
    times = sorted(e.time for e in TimelineEntry.objects.filter(incident=incident, source="kubernetes"))
    assert times == [T0 + timedelta(minutes=8), T0 + timedelta(minutes=17)]


def test_a_later_kubectl_snapshot_moves_the_last_seen_entry(incident, tmp_path: Path):
    import json

    def snapshot(name: str, count: int, last: str) -> str:
        event = {"apiVersion": "v1", "kind": "Event", "metadata": {"uid": "e-1"},
                 "involvedObject": {"kind": "Pod", "namespace": "shop", "name": "web-1"}, "reason": "BackOff",
                 "message": "Back-off restarting failed container web", "type": "Warning",
                 "firstTimestamp": "2026-03-02T09:02:00Z", "lastTimestamp": last, "count": count}
        path = tmp_path / name
        path.write_text(json.dumps({"kind": "List", "apiVersion": "v1", "items": [event]}))
        return str(path)

    first = run(incident.ref, snapshot("a.json", 3, "2026-03-02T09:05:00Z"))
    assert f"{incident.ref}: added 2, already present 0, outside" in first.output
    later = run(incident.ref, snapshot("b.json", 8, "2026-03-02T09:20:00Z"))
    assert "1 new, 1 already present" in later.output
    assert f"{incident.ref}: added 0, already present 1, 1 'last seen' moved later, outside" in later.output
    last = TimelineEntry.objects.get(source_id="e-1:last")
    assert last.time == datetime(2026, 3, 2, 9, 20, tzinfo=UTC) and last.event.endswith("×8 since 09:02:00 UTC)")
    again = run(incident.ref, snapshot("c.json", 8, "2026-03-02T09:20:00Z"))
    assert f"{incident.ref}: added 0, already present 2, outside" in again.output


def test_an_event_imported_with_the_earlier_id_form_is_not_added_again(incident, tmp_path: Path):
    # Kubernetes events were ``<uid>:<count>`` (one entry at the last occurrence) before
    # ``<uid>:first`` / ``<uid>:last``: a timeline holding the old form must not get the event again.
    import json

    event = {"apiVersion": "v1", "kind": "Event", "metadata": {"uid": "e-1"},
             "involvedObject": {"kind": "Pod", "namespace": "shop", "name": "web-1"}, "reason": "BackOff",
             "message": "Back-off restarting failed container web", "type": "Warning",
             "firstTimestamp": "2026-03-02T09:02:00Z", "lastTimestamp": "2026-03-02T09:05:00Z", "count": 3}
    path = tmp_path / "events.json"
    path.write_text(json.dumps({"kind": "List", "apiVersion": "v1", "items": [event]}))
    TimelineEntry.objects.create(incident=incident, time=T0 + timedelta(minutes=5), source="kubernetes",
                                 event="BackOff shop/pod/web-1: Back-off restarting failed container web "
                                       "(×3, first 2026-03-02T09:02:00Z)", source_id="e-1:3", kind="alert")
    result = run(incident.ref, str(path))
    assert result.exit_code == 0, result.output
    assert f"{incident.ref}: added 0, already present 2, outside" in result.output
    assert TimelineEntry.objects.filter(incident=incident, source="kubernetes").count() == 1
    event["metadata"]["uid"] = "e-2"  # another event is still added
    path.write_text(json.dumps({"kind": "List", "apiVersion": "v1", "items": [event]}))
    assert f"{incident.ref}: added 2, already present 0, outside" in run(incident.ref, str(path)).output
