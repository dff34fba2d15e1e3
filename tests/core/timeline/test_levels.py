"""Log levels as words, single letters and numbers: klog/glog letters, ``level=E``, syslog
severities (GELF, journald), bunyan/pino 10–60, Cloud Logging 100–800, Serilog short forms; on the
JSON-lines fast path too."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hotwash.core.timeline import ReadReport, jsonlog, read_any, rfc3339
from hotwash.core.timeline.summarise import DEBUG, ERROR, FATAL, INFO, WARN, level_of

T0 = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(("value", "level"), [
    ("I", INFO), ("W", WARN), ("E", ERROR), ("F", FATAL), ("D", DEBUG), ("e", ERROR), ("w", WARN),
    ("WRN", WARN), ("ERR", ERROR), ("FTL", FATAL), ("INF", INFO), ("DBG", DEBUG), ("VRB", DEBUG),
    ("Warning", WARN), ("CRITICAL", FATAL), ("SEVERE", ERROR), ("notice", INFO), ("FINE", DEBUG),
    # syslog severities (GELF "level", journald PRIORITY), numbers or strings
    (0, FATAL), (2, FATAL), (3, ERROR), (4, WARN), (5, INFO), (6, INFO), (7, DEBUG), ("3", ERROR), ("4", WARN),
    # bunyan / pino
    (10, DEBUG), (20, DEBUG), (30, INFO), (40, WARN), (50, ERROR), (60, FATAL), ("50", ERROR),
    # Google Cloud Logging severity numbers
    (100, DEBUG), (200, INFO), (300, INFO), (400, WARN), (500, ERROR), (600, FATAL), (800, FATAL),
    ("500", ERROR),
])
def test_level_of(value, level) -> None:
    assert level_of(value) == level


def _levels(entries) -> dict[str, str]:
    return {e.text: e.extra.get("level", "") for e in entries}


def test_klog_and_glog_lines_with_letters_and_years(tmp_path: Path) -> None:
    path = tmp_path / "kubelet.log"
    path.write_text(
        "I0501 10:00:00.000001    1234 server.go:12] Starting kubelet\n"
        "W0501 10:00:01.500000    1234 pod_workers.go:77] pod sync slow for 2s\n"
        "E0501 10:00:02.123456    1234 kuberuntime_manager.go:42] \"Error syncing pod\" err=\"CrashLoopBackOff\"\n"
        "F0501 10:00:03.000000    1234 main.go:9] unable to load config\n"
        "E20240501 10:00:04.000000 77 db.cc:100] connection lost\n", encoding="utf-8")
    entries = read_any(path, year=2024)
    texts = " | ".join(e.text for e in entries)
    assert "Error syncing pod" in texts and "unable to load config" in texts and "connection lost" in texts
    errors = [e for e in entries if e.extra.get("type") == "error_signature"]
    assert {e.extra["level"] for e in errors} >= {"ERROR", "FATAL"}
    lost = next(e for e in entries if "connection lost" in e.text)
    assert lost.time == datetime(2024, 5, 1, 10, 0, 4, tzinfo=UTC)
    slow = next(e for e in entries if "pod sync slow" in e.text)
    assert slow.extra["level"] == "WARN"


def test_logfmt_single_letter_levels(tmp_path: Path) -> None:
    path = tmp_path / "app.log"
    path.write_text('time=2024-05-01T10:00:00Z level=I msg="ready"\n'
                    'time=2024-05-01T10:00:01Z level=E msg="payment failed for order 12"\n'
                    'time=2024-05-01T10:00:02Z level=W msg="retrying"\n', encoding="utf-8")
    entries = read_any(path)
    failed = next(e for e in entries if "payment failed" in e.text)
    assert failed.extra["level"] == "ERROR" and failed.time == T0 + timedelta(seconds=1)
    assert next(e for e in entries if "retrying" in e.text).extra["level"] == "WARN"
    assert not any("ready" in e.text for e in entries)  # INFO: not notable


def _json_log(rows: list[dict[str, object]]) -> bytes:
    return ("\n".join(json.dumps(r) for r in rows) + "\n").encode()


@pytest.mark.parametrize(("key", "error_value", "info_value"), [
    ("level", 3, 6),            # GELF: syslog severities
    ("level", 50, 30),          # bunyan / pino
    ("level", "E", "I"),        # letters
    ("severity", 500, 200),     # Cloud Logging numbers
    ("@l", "Error", "Information"),  # Serilog CLEF
    ("level", "ERR", "INF"),
])
def test_json_levels_small_and_fast_path(key, error_value, info_value) -> None:
    rows = []
    for i in range(3000):
        value = error_value if i == 2500 else info_value
        message = "upstream connect timeout to 10.0.0.7" if i == 2500 else f"request {i} served"
        rows.append({"timestamp": rfc3339(T0 + timedelta(seconds=i)), key: value, "message": message,
                     "pad": "x" * 40})
    data = _json_log(rows)
    small = list(jsonlog.read(io.BytesIO(data), tz=None, name="app.log", report=ReadReport()))
    fast = list(jsonlog.read(io.BytesIO(data), tz=None, name="app.log", report=ReadReport(), workers=1,
                             fast_threshold=4096, chunk=4096, parallel_min=1 << 40))
    for entries in (small, fast):
        hit = [e for e in entries if "upstream connect timeout" in e.text]
        assert hit and hit[0].time == T0 + timedelta(seconds=2500) and hit[0].extra["level"] == "ERROR", entries
        assert not any("served" in e.text for e in entries)
