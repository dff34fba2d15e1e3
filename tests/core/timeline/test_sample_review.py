"""What reading the real samples as a responder turned up: levels, readable text, times, kinds.
(Fixtures under tests/fixtures/artifacts/review, each shaped like a real sample in
/work/shared/samples/artifacts named in its test.)"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from hotwash.core.errors import ImportFailed
from hotwash.core.timeline import read_any

REVIEW = Path(__file__).resolve().parents[2] / "fixtures" / "artifacts" / "review"


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_rfc5424_without_pri_takes_the_level_from_structured_data_not_from_words_inside_a_dump() -> None:
    # logs/lnav_logfile_with_zones.0: level="INFO" in the SD; "req_error" inside a dict is no error
    entries = read_any(REVIEW / "syslog_5424_sd_levels.log")
    assert [e.text for e in entries] == [
        "First ERROR: NSX: dynamic arp entry could not be created",
        "First ERROR: backup: nightly backup failed: disk quota exceeded"]
    assert entries[0].time == at(2022, 8, 27, 14, 22, 2, 888000)


def test_zap_console_lines_read_as_their_message_without_level_caller_or_field_dump() -> None:
    # logs/lnav_logfile_zap_console.0 (OpenTelemetry Collector): TIME\tLEVEL\tCALLER\tMESSAGE\t{fields}
    entries = read_any(REVIEW / "zap_console.log")
    assert [e.text for e in entries] == [
        "First ERROR: Exporting failed. Dropping data: not retryable error: Permanent error: rpc error: "
        "code = Unknown",
        "First WARN: scrape target is slow"]
    assert entries[0].time == at(2025, 4, 24, 22, 9, 20, 856000) and not entries[0].assumed_zone


def test_a_pagerduty_rest_alert_is_timed_at_creation_and_its_status_is_not_told_as_an_event() -> None:
    # pagerduty/pd_openapi_GET_incidents_id_alerts.json: status "resolved", only created_at
    [entry] = read_any(REVIEW / "pagerduty_rest_alerts.json")
    assert entry.time == at(2015, 10, 6, 21, 30, 42)
    assert entry.text == "Alert triggered: [critical] The server is on fire. (My Mail Service) [resolved when exported]"
    assert entry.extra["status"] == "resolved"


def test_a_slack_file_comment_names_the_commenter() -> None:
    # slack/slack-go_messages_test_events/testComment.json and the 2016 export: no "user", only comment.user
    [entry] = read_any(REVIEW / "slack_file_comment.json")
    assert entry.actor == "U2147483697" and entry.time == at(2015, 6, 3, 7, 26, 0, 9)
    assert entry.text.startswith("@tester commented on @tester's file test post")


def test_a_deployment_status_whose_description_repeats_its_state_says_it_once() -> None:
    # github/pygithub_replay/DeploymentStatus.testGetStatuses.resp0.json: description "Deployment queued"
    entries = read_any(REVIEW / "github_deployment_statuses.json")
    assert sorted(e.time for e in entries) == [at(2020, 8, 26, 13, 55, 6), at(2020, 8, 26, 13, 56, 31),
                                               at(2020, 8, 26, 14, 32, 51)]
    assert {e.text for e in entries} == {"Deployment queued: deployment to test in jacquev6/PyGithub"}


def test_the_same_ssh_failure_from_many_hosts_or_for_many_users_is_one_signature() -> None:
    # logs/loghub_OpenSSH_OpenSSH_2k.log: 85 entries before, most the same failure for another rhost or user
    from hotwash.core.timeline.summarise import template

    assert template("Failed password for invalid user webmaster from 173.234.31.186 port 38926 ssh2") == template(
        "Failed password for invalid user test9 from 52.80.34.196 port 36060 ssh2")
    assert template("authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=n219076184117.netvigator.com "
                    " user=root") == template("authentication failure; logname= uid=0 euid=0 tty=ssh ruser= "
                                              "rhost=5.36.59.76.dynamic-dsl-ip.omantel.net.om  user=guest")
    # class names are not host names: a different exception stays a different signature
    assert template("java.lang.OutOfMemoryError: Java heap space") != template(
        "java.net.SocketTimeoutException: Read timed out")
    assert template("Failed password for root from 1.2.3.4 port 1 ssh2") != template(
        "Failed password for invalid user root from 1.2.3.4 port 1 ssh2")


def test_pagerduty_event_data_without_its_envelope_is_refused_saying_why() -> None:
    # pagerduty/devdocs/pd_webhooks_01-Overview_07_incident_note.json: only event.data, no occurred_at
    with pytest.raises(ImportFailed) as caught:
        read_any(REVIEW / "pagerduty_event_data_only.json")
    assert "data of a Webhooks v3 event (incident_note) without its envelope" in caught.value.message
    assert "occurred_at" in caught.value.message


def test_bsd_syslog_across_the_autumn_dst_change_keeps_the_repeated_hour_after_the_first() -> None:
    # logs/lnav_logfile_dst.0 (Nov 3 2019, US): 01:01 … 01:59 PDT, then 01:24 … 01:50 again in PST
    from zoneinfo import ZoneInfo

    entries = read_any(REVIEW / "syslog_bsd_dst_repeat.log", tz=ZoneInfo("America/Los_Angeles"), year=2019)
    timeout = next(e for e in entries if "db timeout" in e.text)
    # 01:30 PDT = 08:30Z first; 01:20 after 01:59 is PST = 09:20Z, later, not "earlier than the first"
    assert timeout.time == at(2019, 11, 3, 8, 30) and timeout.extra["count"] == 2
    assert timeout.extra["last_seen"] == "2019-11-03T09:20:00+00:00"
    disk = next(e for e in entries if "disk full" in e.text)
    assert disk.time == at(2019, 11, 3, 9, 40)  # 01:40 PST (after the change), not 08:40
    assert disk.extra["last_seen"] == "2019-11-03T10:05:00+00:00"


def test_a_text_log_with_zone_less_iso_times_across_the_dst_change_stays_in_order() -> None:
    from zoneinfo import ZoneInfo

    entries = read_any(REVIEW / "textlog_dst_repeat.log", tz=ZoneInfo("America/Los_Angeles"))
    disk = next(e for e in entries if "disk full" in e.text)
    assert disk.time == at(2019, 11, 3, 9, 40) and disk.assumed_zone  # 01:40 PST, after 01:59 PDT
