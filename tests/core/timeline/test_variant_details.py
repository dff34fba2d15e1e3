"""What each real-world variant must give: exact UTC times, readable text, actors, kinds, links."""

from __future__ import annotations

import io
import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from hotwash.core.errors import ImportFailed
from hotwash.core.model import EntryKind
from hotwash.core.timeline import ReadReport, detect_format, merge, read_any

V = Path(__file__).resolve().parents[2] / "fixtures" / "artifacts" / "variants"


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def one(entries, fragment):
    found = [e for e in entries if fragment in e.text]
    assert len(found) == 1, [e.text for e in entries]
    return found[0]


# -- Slack ---------------------------------------------------------------------------------------

def test_slack_export_without_users_or_channels_takes_names_from_message_profiles() -> None:
    entries = read_any(V / "slack__private_export")
    texts = [e.text for e in entries]
    assert "@Dan Okafor payments p99 is 4s, see the board (https://grafana.example.com/d/pay) :fire:" in texts
    assert "<ack> @here paging @dba-oncall in #incident-42, mail dba@example.com" in texts
    comms = one(entries, "take comms")
    assert comms.extra["channel"] == "dm: Carol Diaz, Dan Okafor" and comms.source_id == "D0DM12345:1714557400.000100"
    assert one(entries, "has joined").extra["channel"] == "ops-private"


def test_slack_edits_bots_and_removed_files() -> None:
    entries = read_any(V / "slack__private_export")
    edited = one(entries, "restarting payments")
    assert edited.text == "restarting payments-api (edited)" and edited.extra["edited_at"] == "1714557300.000500"
    assert edited.time == at(2024, 5, 1, 9, 54, 10, 450)
    bot = one(entries, "Triggered #123")
    assert bot.actor == "PagerDuty" and bot.text == "Triggered #123: payments latency (Urgency: high)"
    assert one(entries, "heap dump").text == "heap dump [shared file: (file removed)]"


def test_slack_zip_with_a_top_folder_and_mac_junk_reads_like_the_folder(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in (V / "slack__private_export").rglob("*.json"):
            relative = path.relative_to(V / "slack__private_export").as_posix()
            zf.write(path, f"Acme Slack export May 1 2024/{relative}")
            zf.writestr(f"__MACOSX/Acme Slack export May 1 2024/._{relative.replace('/', '_')}", b"\x00\x05junk")
    zipped = read_any(archive)
    folder = read_any(V / "slack__private_export")
    assert sorted((e.source_id, e.text) for e in zipped) == sorted((e.source_id, e.text) for e in folder)


def test_slack_unknown_channel_is_refused_naming_the_channels_there() -> None:
    with pytest.raises(ImportFailed) as caught:
        read_any(V / "slack__private_export", channels={"#nope"})
    assert "nope" in caught.value.message and "ops-private" in caught.value.message


# -- alerts ----------------------------------------------------------------------------------------

def test_alertmanager_api_v2_list_reads_status_objects_and_offsets() -> None:
    entries = read_any(V / "alertmanager__api_v2_alerts.json")
    lag = one(entries, "ReplicationLag")
    assert lag.time == at(2024, 5, 1, 8, 1, 21) and lag.extra["silenced"] is True
    assert lag.extra["status"] == "firing" and lag.link == ""
    disk = one(entries, "DiskAlmostFull")
    assert disk.text == "Alert firing: [warning] DiskAlmostFull (db-1:9100): Disk almost full"
    assert disk.link.startswith("http://prometheus:9090/graph")
    assert not any("resolved" in e.text for e in entries)  # endsAt in the future: still active


def test_alertmanager_json_lines_count_resends_once_and_resolve_per_alert() -> None:
    report = ReadReport()
    entries = read_any(V / "alertmanager__webhooks.jsonl", report=report)
    payments = [e for e in entries if "payments" in e.text]
    assert [e.text.split(":")[0] for e in payments] == ["Alert firing", "Alert resolved"]
    assert payments[0].time == at(2024, 5, 1, 13, 59, 30, 500000) and payments[1].time == at(2024, 5, 1, 14, 20)
    search = [e for e in entries if "search" in e.text]  # resolved alert inside a "firing" group
    assert [e.extra["transition"] for e in search] == ["firing", "resolved"]
    assert any("re-sent" in note for note in report.notes)


def test_prometheus_alerts_api_uses_active_at() -> None:
    [entry] = read_any(V / "alertmanager__prometheus_api_alerts.json")
    assert entry.time == at(2024, 5, 1, 7, 55, 12, 606021) and "web-3 is down" in entry.text


def test_grafana_unified_webhook_gives_firing_and_resolved_in_utc() -> None:
    firing, resolved = read_any(V / "grafana__unified_resolved.json")
    assert (firing.time, resolved.time) == (at(2024, 5, 1, 9, 58), at(2024, 5, 1, 10, 31))
    assert firing.source == "grafana" and resolved.extra["transition"] == "resolved"
    assert firing.link.startswith("https://grafana.example.com/alerting/grafana/")


def test_grafana_legacy_alert_takes_the_file_time_and_names_its_matches(tmp_path: Path) -> None:
    path = tmp_path / "legacy.json"
    shutil.copy(V / "grafana__legacy_alert.json", path)
    report = ReadReport()
    [entry] = read_any(path, report=report)
    assert entry.extra["time_from"] == "file_time" and "High value=100" in entry.text
    assert entry.text.endswith("[no time in the payload: the file's modification time]")
    assert entry.time == datetime.fromtimestamp(path.stat().st_mtime, UTC)
    assert "legacy Grafana alert: no time in the payload, timed at the file's modification time" in report.notes


@pytest.mark.parametrize("how", ["stream", "upload"])
def test_grafana_legacy_alert_without_a_file_time_is_refused(how: str) -> None:
    with pytest.raises(ImportFailed) as caught:
        if how == "stream":
            read_any(io.BytesIO((V / "grafana__legacy_alert.json").read_bytes()), name="legacy.json")
        else:  # an upload or a zip member: the path's time is not when the alert fired
            read_any(V / "grafana__legacy_alert.json", name="legacy.json", file_time=False)
    assert caught.value.where == "legacy.json"
    assert "carries no time of its own" in caught.value.message and "/hooks/grafana" in caught.value.message


def test_grafana_annotations_alert_state_region_and_graphite_seconds() -> None:
    entries = read_any(V / "grafana__annotations_api.json")
    deploy, alert, window, end = entries
    assert deploy.kind == EntryKind.DEPLOY and deploy.actor == "admin"
    assert alert.text == "Grafana alert Payments p99 normal → alerting" and alert.kind == EntryKind.ALERT
    assert window.kind == EntryKind.MANUAL and end.time == at(2024, 5, 1, 11, 10)
    [graphite] = read_any(V / "grafana__graphite_event.json")
    assert graphite.time == at(2024, 5, 1, 10, 0) and graphite.kind == EntryKind.DEPLOY


def test_pagerduty_v3_event_lines_every_type_in_words() -> None:
    report = ReadReport()
    entries = read_any(V / "pagerduty__v3_events.jsonl", report=report)
    assert [e.extra["event_type"] for e in entries] == [
        "incident.triggered", "incident.acknowledged", "incident.annotated", "incident.responder.added",
        "incident.status_update_published", "incident.resolved"]
    assert report.skips[0].where == "record 7" and "ping" in report.skips[0].reason
    note = one(entries, "Note added")
    assert note.kind == EntryKind.CHAT and note.actor == "Carol Diaz" and note.text.endswith("rolling back payments to v2.3.0")
    assert one(entries, "Responder added").text.endswith("Dan Okafor (pending) — need a DBA")
    assert one(entries, "Status update").kind == EntryKind.STATUS
    assert entries[0].time == at(2024, 5, 1, 10, 0, 41, 170000) and entries[0].extra["transition"] == "firing"


def test_pagerduty_rest_incident_resolved_at_its_last_status_change() -> None:
    created, resolved = read_any(V / "pagerduty__rest_incidents_resolved.json")
    assert created.time == at(2024, 5, 1, 10, 0, 41) and resolved.time == at(2024, 5, 1, 10, 21, 10)
    assert resolved.actor == "Payments API" and resolved.text == "Incident resolved: #4711 [FIRING:1] HighLatency payments"


def test_pagerduty_v1_webhooks_and_events_api_requests() -> None:
    [v1] = read_any(V / "pagerduty__v1_webhook.json")
    assert v1.time == at(2012, 12, 22, 0, 35, 21) and v1.text == "Incident trigger: #1 45645"
    [event] = read_any(V / "pagerduty__events_api_v2.json")
    assert event.time == at(2024, 5, 1, 10) and event.extra["dedup_key"] == "srv01/mysql"
    assert event.link == "http://acme.pagerduty.com"


def test_opsgenie_webhooks_use_the_action_time_with_nanosecond_input() -> None:
    created, acked, note, closed = read_any(V / "opsgenie__webhooks.jsonl")
    assert created.time == at(2024, 5, 1, 10, 0, 21) and acked.time == at(2024, 5, 1, 10, 2, 25, 123456)
    assert acked.actor == "carol@example.com" and acked.extra["transition"] == "acknowledged"
    assert note.kind == EntryKind.CHAT and note.text.endswith("rolled back to v2.3.0")
    assert closed.text.startswith("Alert closed") and closed.time == at(2024, 5, 1, 10, 21, 10, 999999)


def test_opsgenie_legacy_string_epochs_logs_and_incident_timelines() -> None:
    [legacy] = read_any(V / "opsgenie__legacy_string_times.json")
    assert legacy.time == at(2024, 5, 1, 10, 0, 41, 455000) and legacy.actor == "Hien Nguyen"
    logs = read_any(V / "opsgenie__alert_logs.json")
    assert logs[-1].time == at(2024, 5, 1, 10, 21, 10, 999000)  # from the nanosecond offset alone
    timeline = read_any(V / "opsgenie__incident_timeline.json")
    assert [e.kind for e in timeline] == [EntryKind.ALERT, EntryKind.STATUS] and timeline[0].actor == "Carol Diaz"


def test_datadog_v1_list_v2_single_and_default_webhook() -> None:
    monitor, build = read_any(V / "datadog__events_v1_list.json")
    assert monitor.text == "[Triggered] Payments p99 latency: payments p99 latency is above 2s\n\n@pagerduty-payments"
    assert monitor.link == "" and monitor.extra["transition"] == "firing"
    assert build.kind == EntryKind.DEPLOY and build.link.startswith("https://app.datadoghq.com/")
    [recovered] = read_any(V / "datadog__events_v2_single.json")
    assert recovered.time == at(2024, 5, 1, 10, 21, 5) and recovered.extra["transition"] == "resolved"
    [hook] = read_any(V / "datadog__webhook_default.json")
    assert hook.time == at(2024, 5, 1, 10, 0, 30) and hook.extra["transition"] == "firing"


def test_statuspage_management_api_list_uses_display_time_and_component_changes() -> None:
    first, last = read_any(V / "statuspage__management_incidents.json")
    assert first.time == at(2024, 5, 1, 10, 4) and first.extra["created_at"].startswith("2024-05-01T06:05:00")
    assert first.text.endswith("(Payments API: operational → partial outage)")
    assert last.time == at(2024, 5, 1, 10, 21, 40) and last.link == "http://stspg.io/p31zjtct2jer"
    [component] = read_any(V / "statuspage__component_update_webhook.json")
    assert component.text == "Component Payments API: operational → partial_outage"


# -- deploys ---------------------------------------------------------------------------------------

def test_github_push_is_timed_when_pushed_and_says_it_was_forced() -> None:
    [push] = read_any(V / "github__push_forced.json")
    assert push.time == at(2024, 5, 1, 9, 40) and push.extra["commit_time"] == "2024-05-01T11:38:41+02:00"
    assert push.text == 'Force-pushed 2 commits to main in acme/payments, head: Revert "Cache payment tokens"'
    assert push.actor == "dan-okafor" and push.link.startswith("https://github.com/acme/payments/compare/")


def test_github_rest_lists_releases_runs_commits_and_deliveries() -> None:
    final, rc = read_any(V / "github__gh_api_releases_paginated.json")
    assert final.text == "Release v2.3.1 published in acme/payments" and final.time == at(2024, 5, 1, 9, 31, 10)
    assert rc.text.startswith("Pre-release v2.4.0-rc.1")
    done, running = read_any(V / "github__rest_workflow_runs.json")
    assert done.time == at(2024, 5, 1, 9, 46, 12) and "#412 completed: success on main" in done.text
    assert running.time == at(2024, 5, 1, 9, 31, 20) and running.actor == "carol-diaz"
    [commit] = read_any(V / "github__rest_commits.json")
    assert commit.source_id == "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c" and commit.actor == "dan-okafor"
    [merged] = read_any(V / "github__delivery_pull_request_merged.json")
    assert merged.text == "Pull request #77 merged into main in acme/payments: Cache payment tokens"
    assert merged.actor == "dan-okafor" and merged.time == at(2024, 5, 1, 9, 30, 1)


def test_github_non_deploy_lists_are_refused_with_the_reason() -> None:
    stream = io.BytesIO(b'[{"id": 1, "event": "labeled", "created_at": "2024-05-01T10:00:00Z", '
                        b'"url": "https://api.github.com/repos/a/b/issues/events/1"}]')
    with pytest.raises(ImportFailed, match="not a deploy"):
        read_any(stream, format="github", name="events.json")


@pytest.mark.parametrize("name", ["gitlog__graph_decorate.txt", "gitlog__date_iso_stat.txt", "gitlog__pretty_email.txt",
                                  "gitlog__format_pipes_rfc.txt", "gitlog__date_unix.txt", "gitlog__patch.txt"])
def test_git_log_author_dates_with_offsets(name: str) -> None:
    entries = {e.source_id[:7]: e for e in read_any(V / name)}
    merge_commit = entries["f692784"]
    assert merge_commit.time == at(2024, 5, 1, 9, 38, 41) and merge_commit.text.endswith("Merge branch 'hotfix'")
    if "ca6f14a" in entries:
        hotfix = entries["ca6f14a"]
        assert hotfix.time == at(2024, 5, 1, 9, 35, 2) and hotfix.actor == "Dan Okafor"
        assert hotfix.text.endswith("Raise payments pool size")


@pytest.mark.parametrize("name", ["gitlog__fuller_rfc.txt", "gitlog__pretty_raw.txt"])
def test_git_log_formats_with_a_commit_date_use_it(name: str) -> None:
    entries = {e.source_id[:7]: e for e in read_any(V / name)}
    assert entries["ca6f14a"].time == at(2024, 5, 1, 9, 36) and entries["ca6f14a"].actor == "Dan Okafor"
    assert entries["db9d792"].time == at(2024, 5, 1, 9, 31, 10)


def test_git_log_local_dates_take_the_given_zone() -> None:
    entries = read_any(V / "gitlog__date_local.txt", tz=ZoneInfo("America/New_York"))
    assert entries[0].time == at(2024, 5, 1, 9, 38, 41) and entries[0].assumed_zone


def test_git_log_oneline_and_relative_dates_are_refused_or_skipped() -> None:
    with pytest.raises(ImportFailed, match="oneline"):
        read_any(io.BytesIO(b"f692784 Merge branch 'hotfix'\n3198a9f Add alert\n"), format="gitlog", name="x.txt")
    report = ReadReport()
    with pytest.raises(ImportFailed):
        read_any(io.BytesIO(b"commit f692784024ea50d0e588264c3684a3a8788095cf\nAuthor: A <a@x>\nDate:   3 days ago\n"
                            b"\n    subject\n"), name="rel.txt", report=report)
    assert "relative date" in report.skips[0].reason


def test_kubernetes_events_k8s_io_and_watch_streams() -> None:
    backoff, last, scaled = read_any(V / "kubernetes__events_k8s_io_v1.json")
    assert backoff.time == at(2024, 5, 1, 10, 1, 2) and backoff.kind == EntryKind.ALERT  # deprecatedFirstTimestamp
    assert last.time == at(2024, 5, 1, 10, 9, 58, 123456) and last.kind == EntryKind.ALERT  # series.lastObservedTime
    assert last.text.endswith("(last seen, ×14 since 10:01:02 UTC)") and backoff.actor == last.actor == "kubelet"
    assert scaled.kind == EntryKind.DEPLOY and scaled.actor == "deployment-controller"
    pressure, evicted = read_any(V / "kubernetes__watch_events.json")
    assert pressure.time == at(2024, 5, 1, 10, 0, 5) and evicted.time == at(2024, 5, 1, 10, 0, 41)
    assert evicted.text.startswith("Evicted payments/pod/payments-api-7f9c8d6b5-q8r7s")


# -- chat ------------------------------------------------------------------------------------------

def test_mattermost_bulk_export_names_bots_replies_and_direct_messages() -> None:
    entries = read_any(V / "mattermost__bulk_export.jsonl")
    assert one(entries, "rolling back").actor == "Carol Diaz"
    bot = one(entries, "HighLatency")
    assert bot.actor == "alertmanager" and bot.text == "[FIRING:1] HighLatency payments p99 above 2s"
    reply = one(entries, "rollback done")
    assert reply.extra["reply"] and reply.text.endswith("[shared file: graph.png]") and reply.actor == "Danny"
    dm = one(entries, "take comms")
    assert dm.extra["channel"] == "dm: Carol Diaz, Danny" and dm.source_id == "dm:carol,dan:dan:1714557720000"


def test_mattermost_export_zip_and_api_posts(tmp_path: Path) -> None:
    archive = tmp_path / "mattermost_export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(V / "mattermost__bulk_export.jsonl", "import.jsonl")
        zf.writestr("data/teams/ops/graph.png", b"png")
    assert detect_format(archive.read_bytes()[:200], archive.name) == "slack"  # by the head alone …
    report = ReadReport()
    zipped = read_any(archive, report=report)  # … the registry looks inside
    assert report.format == "mattermost"
    assert sorted(e.source_id for e in zipped) == sorted(e.source_id for e in read_any(V / "mattermost__bulk_export.jsonl"))
    reply, root = read_any(V / "mattermost__api_posts.json")
    assert reply.extra["reply_to"] == root.source_id and reply.text == "on it [shared file: heap.txt]"


def test_discord_exports_system_messages_forwards_and_mentions() -> None:
    entries = read_any(V / "discord__dce_system_and_forward.json")
    assert one(entries, "started a call").time == at(2024, 5, 1, 10, 2)
    assert one(entries, "forwarded").text == "[forwarded: DB failover started 09:58 UTC]"
    bot = one(entries, "Rolled back")
    assert bot.extra["bot"] and bot.extra["reply_to"] == "1235000000000000002"
    api = read_any(V / "discord__api_messages.json")
    assert one(api, "verify").text == "rolled back, @Dan please verify" and one(api, "verify").actor == "Carol"


def test_teams_channel_replies_mentions_and_system_events() -> None:
    root, reply, call = read_any(V / "teams__channel_messages_with_replies.json")
    assert root.text == "SEV1 payments: @Dan Okafor payments p99 is 4s / rolling back v2.3.1"
    assert reply.extra["reply_to"] == "1714557600000" and reply.text.endswith("[shared file: p99.png]")
    assert call.text == "call ended after 38m12s" and call.actor == "Carol Diaz"
    added, _, release = read_any(V / "teams__chat_pages.json")  # two pages one after another
    assert added.text == "members added: Dan Okafor" and added.time == at(2024, 5, 1, 10, 1, 40)
    assert release.actor == "Azure DevOps"


# -- logs ------------------------------------------------------------------------------------------

def _signatures(entries):
    return {e.extra["signature"]: e for e in entries if e.extra.get("type") == "error_signature"}


def test_json_log_flavours_find_their_errors() -> None:
    serilog = _signatures(read_any(V / "jsonlog__serilog_clef.jsonl"))
    [charge] = serilog.values()
    assert charge.text.startswith("First ERROR: Charge 81723 failed: System.TimeoutException")
    assert charge.extra["count"] == 2
    gelf = _signatures(read_any(V / "jsonlog__gelf.jsonl"))
    assert [e.time for e in gelf.values()] == [at(2024, 5, 1, 10, 1, 1, 123000)]
    docker = read_any(V / "jsonlog__docker_json_file.jsonl")
    assert any(e.text.startswith("First FATAL: panic: runtime error") for e in docker)
    log4j = _signatures(read_any(V / "jsonlog__log4j2.jsonl"))
    assert min(e.time for e in log4j.values()) == at(2024, 5, 1, 10, 1, 1)
    access = _signatures(read_any(V / "jsonlog__nginx_json_access.jsonl"))
    assert [e.extra["count"] for e in access.values()] == [2]


def test_a_json_log_that_mentions_vendors_is_still_a_log() -> None:
    head = (b'{"time":"2024-05-01T10:00:00Z","level":"error","msg":"post to https://intake.datadoghq.com failed"}\n'
            b'{"time":"2024-05-01T10:00:01Z","level":"info","msg":"release v1","repo":"https://github.com/a/b",'
            b'"commits":3,"alerts":[],"startsAt":"x"}\n')
    assert detect_format(head, "agent.log") == "jsonlog"


def test_journald_pretty_and_binary_export_fields() -> None:
    pretty = read_any(V / "journald__json_pretty.json")
    assert any(e.text.startswith("Restart marker: systemd: Started payments-api.service") for e in pretty)
    signature = next(e for e in pretty if e.extra.get("type") == "error_signature")
    assert signature.time == at(2024, 5, 1, 10, 1, 0, 999000)  # _SOURCE_REALTIME_TIMESTAMP
    binary = read_any(V / "journald__export_binary.export")
    assert any("charge failed:\nTimeoutError" in e.text for e in binary)


def test_syslog_iso_stamped_lines_are_not_mistaken_for_rfc5424() -> None:
    entries = read_any(V / "syslog__rsyslog_high_precision.log")
    assert entries[0].text == "Restart marker: systemd[1]: Started payments-api.service - Payments API."
    assert entries[0].time == at(2024, 5, 1, 10, 0, 0, 123456) and not entries[0].assumed_zone
    assert any("Out of memory" in e.text and e.extra.get("level") == "ERROR" for e in entries)


def test_syslog_journal_markers_rollover_and_framing() -> None:
    report = ReadReport()
    read_any(V / "syslog__journalctl_short_iso.log", report=report)
    assert report.read == 3 and report.skipped == 0  # "-- Boot … --" lines are not records
    entries = read_any(V / "syslog__bsd_rollover_no_pid.log", tz=ZoneInfo("Europe/Berlin"), year=2023)
    kernel = one(entries, "EXT4")
    assert kernel.time == at(2023, 12, 31, 23, 0, 2)  # Jan 1 2024 00:00:02 CET
    report = ReadReport()
    framed = read_any(V / "syslog__rfc5424_variants.log", report=report)
    assert any("(framed)" in e.text for e in framed)
    assert report.skips[0].where == "line 4" and "NILVALUE" in report.skips[0].reason


def test_bsd_syslog_year_guess_rolls_over_but_never_into_the_future() -> None:
    from hotwash.core.timeline.textlines import YearGuess

    guess = YearGuess(datetime(2026, 11, 23, tzinfo=UTC))
    assert [guess(10), guess(2)] == [2026, 2026]  # Oct then Feb: not Feb 2027
    guess = YearGuess(datetime(2026, 11, 23, tzinfo=UTC))
    assert [guess(12), guess(1), guess(3)] == [2025, 2026, 2026]  # Dec → Jan: a new year
    # the day counts, not only the month: Dec 10 read on Dec 7 is last December's (loghub OpenSSH)
    assert YearGuess(datetime(2026, 12, 7, 9, tzinfo=UTC))(12, 10) == 2025
    assert YearGuess(datetime(2026, 12, 7, 9, tzinfo=UTC))(12, 8) == 2026  # a day ahead: a zone east of UTC
    assert YearGuess(datetime(2026, 12, 31, 9, tzinfo=UTC))(12, 31) == 2026
    late = YearGuess(datetime(2027, 1, 3, tzinfo=UTC))
    assert [late(12, 30), late(1, 2), late(1, 20)] == [2026, 2027, 2027]


def test_access_and_error_logs_variants() -> None:
    report = ReadReport()
    access = _signatures(read_any(V / "access__vhost_combined.log", report=report))
    assert report.read == 4 and report.skipped == 0
    bad_gateway, timeout = sorted(access.values(), key=lambda e: e.time)  # a 504 is not one more 502
    assert "HTTP 502 POST /pay" in bad_gateway.text and bad_gateway.time == at(2024, 5, 1, 10, 1, 1)
    assert "HTTP 504 POST /pay" in timeout.text and timeout.time == at(2024, 5, 1, 10, 1, 2)
    iso = _signatures(read_any(V / "access__nginx_iso8601.log"))
    assert [e.time for e in iso.values()] == [at(2024, 5, 1, 10, 1, 1)]
    apache = _signatures(read_any(V / "errorlog__apache24.log"))
    assert any("PHP Fatal error" in e.text for e in apache.values())
    report = ReadReport()
    php = read_any(V / "errorlog__php.log", report=report)
    assert report.skipped == 0 and report.read == 2  # the stack trace continues the fatal error
    assert any(e.text.startswith("First FATAL: Fatal error:") and e.time == at(2024, 5, 1, 10, 1, 3) for e in php)


def test_text_log_patterns_and_continuations() -> None:
    report = ReadReport()
    logback = read_any(V / "textlog__logback_pattern.log", tz=ZoneInfo("Europe/Berlin"), report=report)
    assert report.skipped == 0 and report.read == 3
    assert _signatures(logback) and min(e.time for e in logback) == at(2024, 5, 1, 10, 0, 0, 123000)
    cri = read_any(V / "textlog__kubernetes_cri.log")
    assert any(e.text == "Restart marker: listening on :8080" for e in cri)
    tomcat = read_any(V / "textlog__tomcat_catalina.log")
    # the summary names the level once; Tomcat's own word (SEVERE) is not a repeat of it and stays
    assert any(e.text.startswith("First ERROR: SEVERE [http-nio-8080-exec-3] org.apache") for e in tomcat)


# -- CSV -------------------------------------------------------------------------------------------

def test_csv_semicolon_bom_date_and_time_columns_multiline_cells() -> None:
    entries = read_any(V / "csv__semicolon_bom_multiline.csv", tz=ZoneInfo("Europe/Berlin"))
    first = entries[0]
    assert first.text == "Checkout errors reported\nby support (ticket 4411)" and first.actor == "Eve"
    assert first.time == at(2024, 5, 1, 10) and first.assumed_zone
    assert entries[1].kind == EntryKind.DEPLOY and entries[2].time == at(2024, 5, 2, 7)


def test_csv_zone_in_header_epochs_and_excel_serials() -> None:
    entries = read_any(V / "csv__tsv_epoch_utc_header.tsv", tz=ZoneInfo("Europe/Berlin"))
    assert [e.time for e in entries] == [at(2024, 5, 1, 10), at(2024, 5, 1, 10, 1, 1), at(2024, 5, 1, 10, 7)]
    assert not any(e.assumed_zone for e in entries)  # "Timestamp (UTC)"
    assert entries[0].link == "https://acme.pagerduty.com/incidents/Q1" and entries[0].actor == "PagerDuty"


def test_csv_month_day_order_is_decided_by_the_file() -> None:
    report = ReadReport()
    entries = read_any(V / "csv__us_dates_when_what.csv", report=report)
    assert [e.time for e in entries[:3]] == [at(2024, 5, 1, 10), at(2024, 5, 1, 10, 5, 30), at(2024, 5, 13, 14, 15)]
    assert entries[3].time == at(2024, 5, 1, 10, 30) and any("month/day" in n for n in report.notes)
    day_first = read_any(io.BytesIO(b"date,event\n13/05/2024 09:00,a\n01/05/2024 10:00,b\n"), name="d.csv")
    assert [e.time for e in day_first] == [at(2024, 5, 13, 9), at(2024, 5, 1, 10)]


def test_a_mattermost_channel_export_csv_reads_as_csv() -> None:
    first, second = read_any(V / "csv__mattermost_channel_export.csv")
    assert first.time == at(2024, 5, 1, 10, 1, 0, 123000) and first.actor == "carol" and not first.assumed_zone
    assert second.text == "on it"


# -- merging across sources -------------------------------------------------------------------------

def test_one_incident_from_many_sources_merges_the_same_alert_once() -> None:
    opsgenie = read_any(V / "opsgenie__webhooks.jsonl")
    pagerduty = read_any(V / "pagerduty__v3_events.jsonl")
    timeline = merge(read_any(V / "alertmanager__webhooks.jsonl"), opsgenie, pagerduty)
    created = next(e for e in timeline if e.source == "opsgenie" and e.extra["action"] == "Create")
    assert [s["source"] for s in created.extra["also_seen_in"]] == ["pagerduty"]  # PD's trigger 20 s later
    assert not any(e.source == "pagerduty" and e.extra.get("event_type") == "incident.triggered" for e in timeline)
    assert timeline == sorted(timeline, key=lambda e: e.time)
    again = merge(timeline, read_any(V / "opsgenie__webhooks.jsonl"))
    assert len(again) == len(timeline)


def test_teams_export_with_pascal_case_keys_from_the_graph_sdk() -> None:
    message, event = read_any(V / "teams__graph_sdk_export.json")
    assert message.text == "SEV1 payments: Payments is down 🔥:pager:" and message.actor == "Carol Diaz"
    assert message.time == at(2024, 5, 1, 10, 0, 0, 79000) and message.link.startswith("https://teams.microsoft.com/")
    assert event.text == "members added: Dan Okafor" and event.actor == "Carol Diaz"


def test_discord_mentions_without_a_mentions_list_take_the_authors_names() -> None:
    doc = (b'{"guild": {"id": "g1", "name": "Test"}, "channel": {"id": "100", "type": "GuildTextChat", "name": "general"},'
           b' "messages": [{"id": "m1", "type": "Default", "timestamp": "2026-01-01T10:00:00+00:00", "content": "hi",'
           b' "author": {"id": "user002", "name": "bob", "nickname": "Bob Jones", "isBot": false}},'
           b' {"id": "m2", "type": "Default", "timestamp": "2026-01-01T10:20:00+00:00",'
           b' "content": "Hello <@user002>, check <#101>", "author": {"id": "user001", "name": "alice"}, "mentions": []}]}')
    _, second = read_any(io.BytesIO(doc), name="Test - general [100].json")
    assert second.text == "Hello @Bob Jones, check #101" and second.actor == "alice"


def test_pagerduty_v3_every_event_type_from_the_docs_bodies() -> None:
    # event.data bodies of PagerDuty's developer docs for each type, wrapped in the v3 envelope
    entries = read_any(V / "pagerduty__v3_every_event_type.jsonl")
    assert len(entries) == 30
    assert [e.time.minute for e in entries] == list(range(1, 31))
    by_type = {e.extra["event_type"]: e for e in entries}
    assert by_type["incident.triggered"].extra["transition"] == "firing"
    assert by_type["incident.resolved"].extra["transition"] == "resolved"
    assert by_type["incident.annotated"].text.endswith("I sure am glad we are using PagerDuty!")
    assert by_type["incident.annotated"].kind == EntryKind.CHAT
    assert by_type["incident.status_update_published"].kind == EntryKind.STATUS
    assert "+1-555-555-5555" in by_type["incident.conference_bridge.updated"].text
    assert "string_multi_example_1: 1, 2" in by_type["service.custom_field_values.updated"].text
    assert "Maeve (pending)" in by_type["incident.responder.added"].text
    assert by_type["incident.workflow.completed"].text.endswith("A Workflow Name")
    assert by_type["incident.action_invocation.terminated"].text.startswith("Automation action finished")
    assert by_type["service.deleted"].text == "Service deleted: testing service updates"
    assert by_type["incident.acknowledged"].actor == "Tenex Engineer"


def test_teams_download_your_data_export() -> None:
    report = ReadReport()
    entries = read_any(V / "teams__download_your_data_messages.json", report=report)
    assert [e.time.minute for e in entries] == [0, 1, 2, 3, 4]
    assert entries[0].text == "[payments incident bridge] members added: Sam Okafor"
    assert entries[0].actor == "Dana Reyes"  # named from her own messages
    rollback = entries[1]
    assert rollback.text == "[payments incident bridge] Checkout errors are up & climbing, rolling back v2.4.1"
    assert rollback.time == datetime(2024, 5, 1, 10, 1, 0, 123000, tzinfo=UTC)
    assert rollback.extra["edited_at"] == "1714557700000" and not rollback.assumed_zone
    assert entries[3].text.endswith("call started") and entries[4].text.endswith("[shared file: error-rates.png]")
    assert report.skips[0].where == "conversation 1 message 6" and report.skips[0].reason == "deleted message"


def test_teams_bot_cards_are_read_from_the_card() -> None:
    pagerduty, grafana = read_any(V / "teams__bot_adaptive_cards.json")
    assert pagerduty.actor == "PagerDuty"
    assert pagerduty.text == "Triggered: #4211 Checkout error rate above 5% / Service: payments-api / Urgency: high"
    assert grafana.text == "[FIRING:1] HighLatency payments-api / p99 > 2s / Value: 2.41s"


def test_slack_messages_with_only_files_attachments_or_blocks(tmp_path: Path) -> None:
    folder = V / "slack__files_attachments_blocks_only"
    entries = read_any(folder)
    texts = [e.text for e in entries]
    assert texts == [
        "[shared file: error rates]",
        "Triggered: #4211 Checkout errors (Service: payments)",
        "rolling back build 42 (https://ci.example.com/42)@Dana Reyes",
        "Alert: High latency | *p99* is 2.4s (*Env* prod) | from Grafana",
        "[shared file: (file removed)]",
        "Status page Investigating",
        "P1 alert: disk full on db-2",
    ], texts
    assert [e.actor for e in entries][:2] == ["Dana Reyes", "PagerDuty"]
    # the same export zipped inside two folders, as some archivers and Slack's own download do
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in folder.rglob("*"):
            if path.is_file():
                zf.write(path, f"outer/Acme Slack export May 1 2024 - May 2 2024/{path.relative_to(folder)}")
    assert [e.text for e in read_any(archive)] == texts


def test_access_log_with_request_times_appended_keeps_each_status_apart(tmp_path: Path) -> None:
    path = tmp_path / "access.log"
    path.write_text(
        '10.0.0.1 - - [01/May/2024:10:00:00 +0000] "GET /api/pay HTTP/1.1" 200 512 "-" "curl/8.0" 0.012\n'
        '10.0.0.2 - - [01/May/2024:10:00:01 +0000] "POST /api/pay HTTP/1.1" 502 157 "-" "Mozilla/5.0 (X11)" '
        '30.001 30.000 "10.1.2.3:8080"\n'
        '10.0.0.3 - - [01/May/2024:10:00:02 +0000] "POST /api/pay HTTP/1.1" 504 157 "https://shop.example.com/" '
        '"Mozilla/5.0" rt=60.002 uct="0.000" uht="-" urt="60.001"\n'
        '10.0.0.4 - - [01/May/2024:10:00:03 +0000] "POST /api/pay HTTP/1.1" 502 157 "-" "-" request_time=0.1\n'
        '10.0.0.5 - - [01/May/2024:10:00:04 +0000] "GET /api/pay HTTP/2.0" 503 0 "-" "-" "-" 0.000\n')
    report = ReadReport()
    entries = read_any(path, report=report)
    assert report.format == "access" and report.read == 5 and report.skipped == 0
    firsts = {e.text for e in entries if e.extra.get("type") == "error_signature"}
    assert firsts == {"First ERROR: HTTP 502 POST /api/pay (×2 until 10:00:03 UTC)",
                      "First ERROR: HTTP 504 POST /api/pay", "First ERROR: HTTP 503 GET /api/pay"}, firsts


def test_syslog_with_microseconds_nanoseconds_and_offsets() -> None:
    entries = read_any(V / "syslog__mixed_precision_and_nanoseconds.log")
    oom = next(e for e in entries if "Out of memory" in e.text and e.extra.get("type") == "error_signature")
    assert oom.time == datetime(2024, 5, 1, 10, 0, 1, 123456, tzinfo=UTC) and not oom.assumed_zone


def test_apache_22_error_log() -> None:
    entries = read_any(V / "errorlog__apache22.log", tz=ZoneInfo("Europe/Berlin"))
    denied = next(e for e in entries if "client denied" in e.text)
    assert denied.time == datetime(2000, 10, 11, 12, 32, 52, tzinfo=UTC) and denied.assumed_zone
    favicon = next(e for e in entries if "favicon" in e.text)
    assert "referer" not in favicon.text


HOOKS = Path(__file__).resolve().parents[2] / "fixtures" / "hooks"


def test_alertmanager_resolved_without_end_time_gets_no_invented_resolved_entry() -> None:
    report = ReadReport()
    [firing] = read_any(HOOKS / "alertmanager_resolved_no_end.json", report=report)
    assert firing.time == at(2026, 3, 2, 9, 3, 0, 123000) and firing.extra["transition"] == "firing"
    assert firing.text == ("Alert firing: [page] HighLatency (search-1:9100): p99 latency above 2s "
                           "[resolved at a time not in the payload (endsAt unset)]")
    assert firing.extra["resolved_at"] == "unknown"
    assert any("resolved alert without endsAt" in note for note in report.notes)


def test_alertmanager_resolved_without_end_time_on_receipt_is_resolved_when_received() -> None:
    from hotwash.core.timeline import alertmanager

    received = at(2026, 3, 2, 9, 45)
    firing, resolved = alertmanager.read(io.BytesIO((HOOKS / "alertmanager_resolved_no_end.json").read_bytes()),
                                         tz=None, name="hook", received=received)
    assert firing.text == "Alert firing: [page] HighLatency (search-1:9100): p99 latency above 2s"
    assert resolved.time == received and resolved.extra["transition"] == "resolved"
    assert resolved.extra["time_from"] == "received" and resolved.text.endswith("when the webhook was received]")
    # with a real endsAt the receipt time plays no part
    _, real = alertmanager.read(io.BytesIO((HOOKS / "alertmanager_resolved.json").read_bytes()), tz=None,
                                name="hook", received=received)
    assert real.time == at(2026, 3, 2, 9, 41, 30) and "time_from" not in real.extra
