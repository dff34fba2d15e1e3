from __future__ import annotations

import io
import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from hotwash.core.errors import ImportFailed
from hotwash.core.model import EntryKind
from hotwash.core.timeline import ReadReport, detect_format, read_any


def by_text(entries, fragment):
    return next(e for e in entries if fragment in e.text)


def test_slack_export_folder_resolves_names_renders_markup_and_dedupes_broadcasts(artifacts: Path) -> None:
    report = ReadReport()
    entries = read_any(artifacts / "slack_export", report=report, channels={"incident-42"})
    texts = [e.text for e in entries]
    assert "@channel checkout is returning 502s, see the dashboard (https://grafana.example.com/d/abc)" in texts
    assert by_text(entries, "looking & rolling back").actor == "Bob Ruiz"
    assert "@Alice Ng looking & rolling back" in texts
    assert texts.count("rollback started") == 1
    assert not any("lunch" in t for t in texts)  # channel selection
    assert not any("deleted" in t for t in texts)
    assert by_text(entries, "Deployed v1.2.2").actor == "deploybot"
    assert "[shared file: error graph]" in by_text(entries, "error graph").text
    assert by_text(entries, "fixed it").extra["edited_at"] == "1714557960.000000"
    assert by_text(entries, "looking").extra["thread_ts"] == "1714557600.000100"
    assert "#incident-42" in by_text(entries, "postmortem").text
    first = by_text(entries, "checkout is returning")
    assert first.source_id == "C0INC42:1714557600.000100"
    assert first.time == datetime(2024, 5, 1, 10, 0, 0, 100, tzinfo=UTC)
    assert report.skipped == 1 and "tombstone" in report.skips[0].reason


def test_slack_export_reads_the_same_from_a_zip(artifacts: Path, tmp_path: Path) -> None:
    archive = shutil.make_archive(str(tmp_path / "export"), "zip", artifacts / "slack_export")
    assert detect_format(Path(archive).read_bytes()[:200], "export.zip") == "slack"
    zipped = read_any(archive)
    folder = read_any(artifacts / "slack_export")
    assert sorted(e.source_id for e in zipped) == sorted(e.source_id for e in folder)


def test_a_truncated_zip_is_refused_naming_the_file(artifacts: Path, tmp_path: Path) -> None:
    archive = Path(shutil.make_archive(str(tmp_path / "export"), "zip", artifacts / "slack_export"))
    broken = tmp_path / "broken.zip"
    broken.write_bytes(archive.read_bytes()[:300])
    with pytest.raises(ImportFailed) as caught:
        read_any(broken)
    assert "broken.zip" in str(caught.value) and "zip" in caught.value.message


def test_alertmanager_gives_firing_and_resolved_per_alert_and_ignores_go_zero_end(artifacts: Path) -> None:
    entries = read_any(artifacts / "alertmanager_resend.json")
    assert [e.text.split(":")[0] for e in entries] == ["Alert firing", "Alert firing", "Alert resolved"]
    disk = [e for e in entries if "DiskFull" in e.text]
    assert disk[0].time == datetime(2024, 5, 1, 8, 5, tzinfo=UTC)
    assert disk[1].time == datetime(2024, 5, 1, 8, 20, tzinfo=UTC)
    assert all(e.kind == EntryKind.ALERT for e in entries)


def test_grafana_alerting_webhook_converts_its_offset_to_utc(artifacts: Path) -> None:
    [entry] = read_any(artifacts / "grafana_alerting.json")
    assert entry.source == "grafana"
    assert entry.time == datetime(2024, 5, 1, 10, 0, 20, 123456, tzinfo=UTC)
    assert entry.extra["fingerprint"] == "9b1c2d3e4f5a6b7c"


def test_grafana_annotations_use_epoch_milliseconds_and_regions_get_an_end(artifacts: Path) -> None:
    entries = read_any(artifacts / "grafana_annotations.json", format="grafana")
    assert entries[0].time == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    assert entries[0].kind == EntryKind.DEPLOY and entries[0].actor == "alice"
    assert [e.text for e in entries[1:]] == ["maintenance window", "End of: maintenance window"]


def test_opsgenie_webhook_epoch_nanoseconds_keep_their_precision(artifacts: Path) -> None:
    [entry] = read_any(artifacts / "opsgenie_webhook.json")
    assert entry.time == datetime(2024, 5, 1, 10, 0, 21, tzinfo=UTC)
    assert entry.text == "Alert created: checkout 5xx rate high"


def test_discord_export_reads_local_offsets_and_replies(artifacts: Path) -> None:
    entries = read_any(artifacts / "discord.json")
    assert entries[0].time == datetime(2024, 5, 1, 10, 0, 5, 910000, tzinfo=UTC)
    assert entries[1].extra["reply_to"] == "1001" and "graph.png" in entries[1].text
    assert entries[0].actor == "Alice"


def test_teams_messages_turn_html_to_text_and_survive_a_missing_t(artifacts: Path) -> None:
    report = ReadReport()
    entries = read_any(artifacts / "teams.json", report=report)
    assert entries[0].text == "checkout is down & paging" and entries[0].actor == "Alice Ng"
    assert entries[1].time == datetime(2024, 5, 1, 10, 1, tzinfo=UTC)
    assert report.skipped == 1  # the deleted message


def test_mattermost_export_streams_posts_and_nested_replies(artifacts: Path) -> None:
    report = ReadReport()
    entries = read_any(artifacts / "mattermost_export.jsonl", report=report)
    texts = [e.text for e in sorted(entries, key=lambda e: e.time)]
    assert texts == ["502s on checkout", "call me", "first reply", "second reply"]
    assert report.skipped == 1 and report.skips[0].where.startswith("line 7")


def test_statuspage_updates_use_display_time_oldest_first(artifacts: Path) -> None:
    entries = read_any(artifacts / "statuspage_webhook.json")
    assert entries[0].time == datetime(2024, 5, 1, 10, 3, tzinfo=UTC)
    assert entries[0].kind == EntryKind.STATUS and "investigating" in entries[0].text


def test_csv_rows_take_the_given_zone_and_report_bad_rows(artifacts: Path) -> None:
    report = ReadReport()
    entries = read_any(artifacts / "timeline.csv", tz=ZoneInfo("Europe/Berlin"), report=report)
    assert entries[0].time == datetime(2024, 5, 1, 10, 0, tzinfo=UTC) and entries[0].assumed_zone
    assert entries[1].assumed_zone is False and entries[1].kind == EntryKind.DEPLOY
    assert report.skipped == 1 and report.skips[0].where == "line 4"
    assert "skipped 1: line 4" in report.summary()


def test_bsd_syslog_assumes_the_zone_and_summarises_errors(artifacts: Path) -> None:
    entries = read_any(artifacts / "syslog_3164.log", tz=ZoneInfo("America/New_York"), year=2024)
    signature = next(e for e in entries if e.extra.get("type") == "error_signature")
    assert signature.time == datetime(2024, 5, 1, 16, 0, 1, tzinfo=UTC)
    assert signature.assumed_zone and signature.extra["count"] == 2
    assert any(e.extra.get("type") == "restart" for e in entries)


def test_access_log_reports_each_5xx_signature_once_with_a_count(artifacts: Path) -> None:
    report = ReadReport()
    entries = read_any(artifacts / "access.log", report=report)
    [signature] = [e for e in entries if e.extra.get("type") == "error_signature"]
    assert signature.extra["count"] == 2 and signature.time == datetime(2024, 5, 1, 10, 0, 1, tzinfo=UTC)
    assert report.read == 4 and report.skipped == 1


def test_zoom_chat_needs_a_day_and_then_assumes_the_zone(tmp_path: Path) -> None:
    chat = tmp_path / "meeting_saved_chat.txt"
    chat.write_bytes(b"09:03:42\t From  Ann Lee : is it down?\r\nstill?\r\n09:04:41\t From  Bo to  Ann(Privately) : yes\r\n")
    with pytest.raises(ImportFailed, match="date"):
        read_any(chat)
    entries = read_any(chat, day=date(2024, 5, 1), tz=ZoneInfo("Europe/Berlin"))
    assert entries[0].time == datetime(2024, 5, 1, 7, 3, 42, tzinfo=UTC)
    assert entries[0].text == "is it down?\nstill?" and entries[0].assumed_zone
    assert entries[1].extra["private"] is True and entries[1].text == "(privately to Ann) yes"


def test_malformed_json_names_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "alerts.json"
    bad.write_text('{"alerts": [\n{"startsAt": "2024-05-01T10:00:00Z",}\n]}')
    with pytest.raises(ImportFailed) as caught:
        read_any(bad, format="alertmanager")
    assert caught.value.where == "alerts.json:line 2"


def test_wrong_format_named_explicitly_is_refused(artifacts: Path) -> None:
    with pytest.raises(ImportFailed, match="Alertmanager"):
        read_any(artifacts / "discord.json", format="alertmanager")


def test_times_in_the_future_or_before_1990_are_skipped_with_the_reason() -> None:
    report = ReadReport()
    stream = io.BytesIO(b"time,event\n2999-01-01T00:00:00Z,later\n1985-01-01T00:00:00Z,earlier\n"
                        b"2024-01-01T00:00:00Z,fine\n")
    entries = read_any(stream, format="csv", report=report, name="t.csv")
    assert [e.text for e in entries] == ["fine"]
    reasons = [s.reason for s in report.skips]
    assert any("future" in r for r in reasons) and any("1990" in r for r in reasons)


def test_a_file_with_nothing_readable_fails_naming_the_first_bad_record() -> None:
    with pytest.raises(ImportFailed) as caught:
        read_any(io.BytesIO(b"time,event\nnope,x\n"), format="csv", name="t.csv")
    assert caught.value.where == "t.csv:line 2"


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ImportFailed, match="could not recognise"):
        read_any(io.BytesIO(b"hello world\nthis is prose\n"), name="notes.txt")
