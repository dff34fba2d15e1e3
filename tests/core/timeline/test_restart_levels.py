"""Restart markers come from INFO-or-higher lines, or from what a service manager says (systemd's
``Started X.service`` / ``Starting …``, the kubelet's ``Started container``) at any level; a debug
line with a restart word ("Started observing beach") is chatter. Every text log importer."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotwash.core.timeline import read_any
from hotwash.core.timeline.summarise import DEBUG, INFO, LogSummary

HERE = Path(__file__).resolve().parents[2] / "fixtures" / "artifacts" / "restart_levels"


@pytest.mark.parametrize(("name", "fmt", "markers"), [
    ("textlog_logfmt.log", "textlog", ["Starting payments-api v2.3.1", "received signal SIGTERM, shutting down"]),
    ("textlog_words.log", "textlog", ["[main] Listening on 0.0.0.0:8080", "kubelet: Started container web",
                                      "Shutting down gracefully"]),
    ("syslog_rfc5424.log", "syslog", ["api: Starting payments-api v2.3.1", "systemd: Started nginx.service - A high "
                                      "performance web server and a reverse proxy server."]),
    ("syslog_bsd_pri.log", "syslog", ["systemd[1]: Started Session 4 of user deploy.", "api[12]: Stopping on SIGTERM"]),
    ("journald.json", "journald", ["systemd: Starting Daily Cleanup of Temporary Directories...",
                                   "api: Listening on :8080"]),
    ("errorlog_apache24.log", "errorlog", ["AH00492: caught SIGWINCH, shutting down gracefully"]),
    ("errorlog_nginx.log", "errorlog", ["signal process started"]),
])
def test_restart_markers_only_from_info_or_service_managers(name: str, fmt: str, markers: list[str]) -> None:
    entries = read_any(HERE / name, format=fmt, year=2024)
    found = [e.text.removeprefix("Restart marker: ") for e in entries if e.extra.get("type") == "restart"]
    assert found == markers
    assert not any("observing" in e.text or "idle" in e.text or "keepalive" in e.text or "child process" in e.text
                   or "warmer" in e.text or "poll loop" in e.text for e in entries)


def test_the_summary_gate_itself() -> None:
    from datetime import UTC, datetime
    summary = LogSummary(source="textlog", name="x.log")
    t = datetime(2024, 5, 1, 10, tzinfo=UTC)
    summary.record(t, DEBUG, "Started observing beach", "line 1")
    summary.record(t, DEBUG, "Stopping container web", "line 2")
    summary.record(t, INFO, "Started observing beach", "line 3")
    assert [e.source_id for e in summary.finish()] == ["x.log:line 2:restart", "x.log:line 3:restart"]


def test_markers_leave_out_a_level_word_that_only_repeats_the_level() -> None:
    from datetime import UTC, datetime
    summary = LogSummary(source="textlog", name="x.log")
    t = datetime(2024, 5, 1, 10, tzinfo=UTC)
    summary.record(t, INFO, "INFO deployed search-api v2.3.1", "line 1")
    summary.record(t, INFO, "[INFO] Starting search-api v2.3.1", "line 2")
    summary.record(t, DEBUG, "DEBUG kubelet: Started container web", "line 3")
    summary.record(t, INFO, "NOTICE deployed billing v1.0.2", "line 4")  # a word of its own stays
    summary.record(t, INFO, "Info: rolled out v2.3.1", "line 5")
    assert [e.text for e in summary.finish()] == [
        "Deploy marker: deployed search-api v2.3.1", "Restart marker: Starting search-api v2.3.1",
        "Restart marker: kubelet: Started container web", "Deploy marker: NOTICE deployed billing v1.0.2",
        "Deploy marker: rolled out v2.3.1"]
