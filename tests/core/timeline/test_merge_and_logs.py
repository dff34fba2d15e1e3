from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from hotwash.core.model import Entry, EntryKind
from hotwash.core.timeline import ReadReport, clip, jsonlog, merge, read_any, rfc3339
from hotwash.core.timeline.summarise import DEBUG, ERROR, INFO, WARN, LogSummary, template
from hotwash.core.timeline.times import parse_any, parse_epoch, parse_iso

T0 = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)


def entry(seconds: int, text: str, source: str, source_id: str, kind: EntryKind = EntryKind.CHAT,
          **extra: object) -> Entry:
    return Entry(time=T0 + timedelta(seconds=seconds), text=text, source=source, source_id=source_id, kind=kind,
                 extra=dict(extra))


def test_reimporting_the_same_source_adds_nothing() -> None:
    first = [entry(0, "a", "slack", "C1:1"), entry(5, "b", "slack", "C1:2")]
    again = [entry(0, "a", "slack", "C1:1"), entry(5, "b", "slack", "C1:2")]
    assert [e.text for e in merge(first, again)] == ["a", "b"]


def test_the_same_alert_from_two_tools_is_kept_once_with_provenance(artifacts) -> None:
    am = read_any(artifacts / "alertmanager_resend.json")
    grafana = read_any(artifacts / "grafana_alerting.json")
    opsgenie = read_any(artifacts / "opsgenie_webhook.json")
    timeline = merge(am, grafana, opsgenie)
    firing = [e for e in timeline if "HighErrorRate" in e.text or "checkout 5xx" in e.text]
    assert len(firing) == 1
    sources = {s["source"] for s in firing[0].extra["also_seen_in"]}
    assert sources == {"grafana", "opsgenie"}


def test_alerts_further_apart_than_a_minute_stay_separate() -> None:
    a = entry(0, "Alert firing: X", "alertmanager", "1", EntryKind.ALERT, alertname="HighLatency")
    b = entry(120, "Alert firing: X", "grafana", "2", EntryKind.ALERT, alertname="HighLatency")
    assert len(merge([a], [b])) == 2


def test_merge_sorts_stably_in_utc_and_clip_keeps_a_margin() -> None:
    local = Entry(time=datetime(2024, 5, 1, 12, 0, 30, tzinfo=timezone(timedelta(hours=2))), text="local",
                  source="x", source_id="l")
    timeline = merge([entry(60, "later", "x", "1"), entry(0, "same-1", "x", "2")], [entry(0, "same-2", "y", "3"), local])
    assert [e.text for e in timeline] == ["same-1", "same-2", "local", "later"]
    assert timeline[2].time.tzinfo == UTC
    kept = clip(timeline, T0 + timedelta(minutes=31), None, margin=timedelta(minutes=30))
    assert [e.text for e in kept] == ["later"]


def test_error_templates_normalise_numbers_ids_and_addresses() -> None:
    a = template("timeout after 532ms id=7f3a9c2e1b to 10.0.0.7:5432 req 3fa85f64-5717-4562-b3fc-2c963f66afa6")
    b = template("timeout after 1200ms id=aa11bb22cc to 10.0.0.9:5432 req 00000000-1111-4222-8333-444444444444")
    assert a == b == "timeout after <n>ms id=<hex> to <ip> req <uuid>"


def test_a_minute_far_above_the_baseline_is_reported_as_a_spike() -> None:
    summary = LogSummary(source="jsonlog", name="app.log")
    start = int(T0.timestamp()) // 60
    for minute in range(30):
        summary.count(start + minute, 1000 if minute in (20, 21) else 100)
    [spike] = list(summary.finish())
    assert spike.extra["type"] == "rate_spike" and spike.extra["peak"] == 1000 and spike.extra["minutes"] == 2
    assert spike.time == T0 + timedelta(minutes=20)


def test_the_first_error_after_quiet_lines_is_a_level_change() -> None:
    summary = LogSummary(source="jsonlog", name="app.log")
    summary.record(T0, INFO, "ok", "line 1")
    summary.record(T0 + timedelta(seconds=1), ERROR, "boom 1", "line 2")
    summary.record(T0 + timedelta(seconds=2), ERROR, "boom 2", "line 3")
    entries = list(summary.finish())
    # the level change is on the signature's first line: one entry, worded as the change, with the count
    [entry] = entries
    assert entry.extra["type"] == "error_signature" and entry.extra["level_change"] is True
    assert entry.extra["after"] == "INFO" and entry.text == "First ERROR: boom 1 (×2 until 10:00:02 UTC)"


def test_a_level_change_on_a_line_that_is_not_its_signatures_first_stays_its_own_entry() -> None:
    summary = LogSummary(source="jsonlog", name="app.log")
    summary.record(T0, INFO, "ok", "line 1")
    summary.record(T0 + timedelta(seconds=5), WARN, "slow 1", "line 2")
    summary.record(T0 + timedelta(seconds=1), WARN, "slow 2", "line 3")  # earlier: the signature's first
    texts = [e.text for e in summary.finish()]
    assert texts == ["First WARN: slow 2 (×2 until 10:00:05 UTC)",
                     "First WARN after only INFO and below: slow 1"]


def test_terminal_colours_are_removed_and_a_count_over_days_dates_its_last() -> None:
    summary = LogSummary(source="jsonlog", name="app.log")
    summary.record(T0, INFO, "Starting up \x1b[0;32mservice\x1b[0m", "line 1")
    summary.record(T0, ERROR, "\x1b[31mdisk full\x1b[0m", "line 2")
    summary.record(T0 + timedelta(days=1), ERROR, "disk full", "line 3")
    texts = [e.text for e in summary.finish()]
    assert texts == ["Restart marker: Starting up service",
                     "First ERROR: disk full (×2 until 2024-05-02 10:00:00 UTC)"]


def test_a_text_logs_level_word_is_not_repeated_after_the_level() -> None:
    log = (b"2024-05-01 10:00:00 INFO [main] started\n"
           b"2024-05-01 10:00:01 ERROR [http-nio-8080-exec-1] request failed: timeout\n"
           b"2024-05-01 10:00:02 [WARN] cache miss storm\n"
           b"2024-05-01 10:00:03 FATAL: out of memory\n"
           b"2024-05-01 10:00:04 CRITICAL [db] replica lost\n"
           b"2024-05-01 10:00:05 Error connecting to broker level=error\n")
    texts = sorted(e.text for e in read_any(io.BytesIO(log), name="app.log")
                   if e.extra.get("type") in ("error_signature", "level_change"))
    assert texts == ["First ERROR: Error connecting to broker level=error",  # not a level word: kept
                     "First ERROR: [http-nio-8080-exec-1] request failed: timeout",
                     "First FATAL: CRITICAL [db] replica lost",  # a word of its own: kept
                     "First FATAL: out of memory",
                     "First WARN: cache miss storm"], texts


def test_a_level_change_names_its_level_once() -> None:
    summary = LogSummary(source="textlog", name="app.log")
    summary.record(T0, INFO, "INFO ok", "line 1")
    summary.record(T0 + timedelta(seconds=5), WARN, "WARNING: slow 1", "line 2")
    summary.record(T0 + timedelta(seconds=1), WARN, "WARNING: slow 2", "line 3")
    assert [e.text for e in summary.finish()] == ["First WARN: slow 2 (×2 until 10:00:05 UTC)",
                                                   "First WARN after only INFO and below: slow 1"]


def test_deploy_markers_come_from_info_or_higher_lines_only() -> None:
    summary = LogSummary(source="textlog", name="app.log")
    summary.record(T0, DEBUG, "deploying config watcher for version v2 of the schema", "line 1")
    summary.record(T0 + timedelta(seconds=1), INFO, "deployed payments v2.3.1", "line 2")
    summary.record(T0 + timedelta(seconds=2), ERROR, "rolled out v2.3.1 to 10%: canary failed", "line 3")
    deploys = [e.text for e in summary.finish() if e.kind == EntryKind.DEPLOY]
    assert deploys == ["Deploy marker: deployed payments v2.3.1", "Deploy marker: rolled out v2.3.1 to 10%: canary failed"]


def test_every_log_importer_ignores_deploy_words_on_debug_lines() -> None:
    logs = {
        "textlog": b"2024-05-01 10:00:00 DEBUG deploying watcher for version v2\n"
                   b"2024-05-01 10:00:01 INFO deployed payments v2.3.1\n",
        "jsonlog": b'{"time":"2024-05-01T10:00:00Z","level":"debug","msg":"deploying watcher for version v2"}\n'
                   b'{"time":"2024-05-01T10:00:01Z","level":"info","msg":"deployed payments v2.3.1"}\n',
        "syslog": b"<31>1 2024-05-01T10:00:00Z web app 1 - - deploying watcher for version v2\n"
                  b"<30>1 2024-05-01T10:00:01Z web app 1 - - deployed payments v2.3.1\n",
        "journald": b'{"__REALTIME_TIMESTAMP":"1714557600000000","PRIORITY":"7","MESSAGE":"deploying watcher for version v2"}\n'
                    b'{"__REALTIME_TIMESTAMP":"1714557601000000","PRIORITY":"6","MESSAGE":"deployed payments v2.3.1"}\n',
        "errorlog": b"2024/05/01 10:00:00 [debug] 12#12: deploying watcher for version v2\n"
                    b"2024/05/01 10:00:01 [notice] 12#12: deployed payments v2.3.1\n",
    }
    for name, log in logs.items():
        report = ReadReport()
        found = read_any(io.BytesIO(log), name=f"{name}.log", tz=UTC, report=report)
        deploys = [e.text for e in found if e.kind == EntryKind.DEPLOY]
        assert report.format == name and report.read == 2, (name, report)
        assert len(deploys) == 1 and deploys[0].endswith("deployed payments v2.3.1"), (name, deploys)


def test_signatures_beyond_the_cap_are_evicted_not_lost() -> None:
    summary = LogSummary(source="jsonlog", name="app.log", max_signatures=10)
    for i in range(50):
        summary.record(T0 + timedelta(seconds=i), ERROR, f"failure in module{chr(65 + i % 26)}{chr(65 + i // 26)}",
                       f"line {i + 1}")
    signatures = [e for e in summary.finish() if e.extra.get("type") == "error_signature"]
    assert len(signatures) == 50 and len(summary._signatures) == 10


def _log(lines: int) -> bytes:
    rows = []
    for i in range(lines):
        moment = T0 + timedelta(milliseconds=250 * i)
        level, msg = "info", "request completed"
        if i == 7000:
            level, msg = "error", "db timeout after 532ms"
        if i == 9000:
            msg = "listening on :8080"
        if i == 9500:
            level, msg = "error", "db timeout after 12ms"
        rows.append(json.dumps({"time": rfc3339(moment), "level": level, "msg": msg, "path": f"/x/{i}"}))
    return ("\n".join(rows) + "\n").encode()


def test_the_fast_path_finds_the_same_events_as_the_line_by_line_path() -> None:
    data = _log(12000)
    slow_report, fast_report = ReadReport(), ReadReport()
    slow = list(jsonlog.read(io.BytesIO(data), tz=None, name="a", report=slow_report))
    fast = list(jsonlog.read(io.BytesIO(data), tz=None, name="a", report=fast_report, fast_threshold=4096))
    assert [(e.time, e.text, e.source_id) for e in fast] == [(e.time, e.text, e.source_id) for e in slow]
    assert fast_report.read == slow_report.read == 12000
    assert any(e.source_id == "a:line 7001:signature" and e.extra["count"] == 2 for e in fast)


@given(st.datetimes(min_value=datetime(1990, 1, 2), max_value=datetime(2100, 1, 1),
                    timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30)),
                                               timezone(timedelta(hours=-7))])))
def test_rfc3339_text_round_trips_to_the_same_instant(moment: datetime) -> None:
    text = moment.isoformat()
    assert parse_iso(text)[0] == moment
    assert parse_iso(text.replace("+", " +").replace("T", " "))[0] == moment or "-" in text[19:]
    assert parse_any(rfc3339(moment))[0] == moment


@given(st.integers(min_value=631152000, max_value=4102444800))
def test_epoch_units_are_told_apart_by_magnitude(seconds: int) -> None:
    expected = datetime.fromtimestamp(seconds, UTC)
    assert parse_epoch(seconds) == parse_epoch(seconds * 1000) == parse_epoch(str(seconds * 10**9)) == expected
    assert parse_epoch(seconds * 10**6) == expected


def test_zone_offsets_without_colon_and_go_style_times_are_read() -> None:
    assert parse_iso("2015-12-02T07:39:15.000-0800")[0] == datetime(2015, 12, 2, 15, 39, 15, tzinfo=UTC)
    logrus = parse_iso("2014-03-10 19:57:38.562264131 -0400 EDT")[0]
    assert logrus == datetime(2014, 3, 10, 23, 57, 38, 562264, tzinfo=UTC)
    assert parse_iso("2024-05-01T10:00:00")[1] is True  # no zone: assumed


_MARKER_WORDS = ["starting", "Started", "listening on", "SHUTTING DOWN", "shutdown", "stopping", "stopped",
                 "received signal", "signal received", "SIGTERM", "sigint", "sigkill", "sighup", "restarting",
                 "restarted", "booting", "exited with", "deployed", "Deploying", "rolled out", "rolling out",
                 "rollout", "release v2", "release 3", "version v1.2", "version 7", "upgraded to", "migrated to",
                 "migrating to", "start", "stop", "sig", "roll", "deploy", "version", "release", "listening  on"]


@given(st.lists(st.one_of(st.sampled_from(_MARKER_WORDS), st.text(alphabet="abcdeghinorstuvwx -_.:0123456789",
                                                                   max_size=8),
                          st.text(max_size=4)), max_size=6))
def test_the_quick_marker_check_agrees_with_the_marker_patterns(parts: list[str]) -> None:
    from hotwash.core.timeline.summarise import _MARKER, is_marker

    message = " ".join(parts)
    assert is_marker(message) == (_MARKER.search(message) is not None)


_TEMPLATE_PARTS = ["user=root", "invalid user webmaster", "USERNAME bob", "login=alice", "uſer x", "LOGİN=y",
                   "10.0.0.7:8080", "db-1.prod.example.com", "a.b.cd", "0xdeadbeef", "9f8e7d6c5b4a", "123",
                   "4.5", "'quoted'", '"double"', "123e4567-e89b-12d3-a456-426614174000", "a-b-c-d-e", "٣٤"]


@given(st.lists(st.one_of(st.sampled_from(_TEMPLATE_PARTS),
                          st.text(alphabet="abcdefuserloginxyzUSER0123456789 -_.:='\"", max_size=10),
                          st.text(max_size=4)), max_size=8))
def test_the_template_shortcuts_agree_with_every_substitution(parts: list[str]) -> None:
    from hotwash.core.timeline.summarise import _NORMALISE, _template

    message = " ".join(parts)
    text = message[:300]
    for pattern, token in _NORMALISE:  # the plain definition: every substitution, in order
        text = pattern.sub(token, text)
    assert _template(message) == " ".join(text.split())
