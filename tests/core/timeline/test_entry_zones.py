"""A log that mixes lines with and without a zone: each entry says whether *its* time was assumed
(the flag is per entry, not per file), on the small-file path, the fast path and in parallel."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from hotwash.core.model import Entry
from hotwash.core.timeline import ReadReport, jsonlog, read_any

MIXED = Path(__file__).resolve().parents[2] / "fixtures" / "artifacts" / "mixed_zones"


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def flags(entries: list[Entry]) -> dict[str, tuple[datetime, bool]]:
    return {e.text: (e.time, e.assumed_zone) for e in entries}


def test_json_lines_mark_only_the_entries_from_zone_less_lines() -> None:
    found = flags(read_any(MIXED / "app_mixed.jsonl", tz=ZoneInfo("Europe/Berlin")))
    assert found["Restart marker: listening on :8080"] == (at(2024, 5, 1, 10), False)
    assert found["First WARN: slow query took 900ms"] == (at(2024, 5, 1, 8, 0, 2), False)
    # zone-less lines: Berlin (UTC+2 in May) assumed
    assert found["First ERROR: worker crashed: out of memory"] == (at(2024, 5, 1, 8, 0, 3), True)
    assert found["Deploy marker: deployed version v2.4.1"] == (at(2024, 5, 1, 8, 0, 5), True)
    # a signature is timed at its first occurrence: that line had a Z, a later one had none
    timeout = next(text for text in found if text.startswith("First ERROR: db timeout"))
    assert found[timeout] == (at(2024, 5, 1, 10, 0, 4), False)


def test_a_signature_first_seen_on_a_zone_less_line_is_assumed_even_if_later_lines_have_zones(tmp_path: Path) -> None:
    path = tmp_path / "app.jsonl"
    path.write_text('{"time":"2024-05-01T10:00:00","level":"error","msg":"db timeout after 5ms"}\n'
                    '{"time":"2024-05-01T10:00:09Z","level":"error","msg":"db timeout after 7ms"}\n')
    [entry] = [e for e in read_any(path) if e.extra["type"] == "error_signature"]
    assert entry.time == at(2024, 5, 1, 10) and entry.assumed_zone and entry.extra["count"] == 2


def test_syslog_mixing_rfc5424_and_bsd_lines_marks_only_the_bsd_entries() -> None:
    found = flags(read_any(MIXED / "syslog_mixed.log", tz=ZoneInfo("America/New_York"), year=2024))
    assert found["Restart marker: payments: starting payments-api version v2.3.1"] == (
        at(2024, 5, 1, 10, 0, 0, 3000), False)
    assert found["First ERROR: payments: charge failed: upstream timeout"] == (at(2024, 5, 1, 10, 1, 1), False)
    assert found["First WARN: payments: warning: retry budget exhausted"] == (at(2024, 5, 1, 8, 3), False)
    # BSD lines: no zone, New York (UTC-4 in May) assumed
    assert found["First ERROR: kernel: Out of memory: Killed process 4242 (java)"] == (
        at(2024, 5, 1, 14, 2), True)
    assert found["Restart marker: systemd[1]: Started payments.service"] == (at(2024, 5, 1, 14, 2, 5), True)


def test_text_log_mixing_iso_with_and_without_zone() -> None:
    found = flags(read_any(MIXED / "textlog_mixed.log"))
    assert found["Restart marker: starting server"] == (at(2024, 5, 1, 10), False)
    assert found["First WARN: slow request"] == (at(2024, 5, 1, 8, 0, 3), False)
    assert found["First ERROR: disk full on /var"] == (at(2024, 5, 1, 10, 0, 2), True)


def test_error_log_php_lines_name_their_zone_nginx_lines_do_not() -> None:
    entries = read_any(MIXED / "errorlog_mixed.log", tz=ZoneInfo("Europe/Berlin"))
    php = next(e for e in entries if "Allowed memory" in e.text)
    nginx = next(e for e in entries if "connect() failed" in e.text)
    assert (php.time, php.assumed_zone) == (at(2024, 5, 1, 8), False)
    # the same zone, but given by --tz rather than by the line: assumed
    assert (nginx.time, nginx.assumed_zone) == (at(2024, 5, 1, 8, 0, 1), True)


def _large_mixed_log(path: Path, lines: int = 6000) -> None:
    """Quiet lines with a Z; an error on a zone-less line in the middle; a spike of zone-less lines."""
    rows = []
    moment = at(2024, 5, 1, 10)
    for i in range(lines):
        moment += timedelta(milliseconds=1 if 4000 <= i < 5500 else 250)
        stamp = moment.strftime("%Y-%m-%dT%H:%M:%S.%f")
        if i == 1000:
            rows.append(json.dumps({"time": stamp + "Z", "level": "error", "msg": "payment failed: card 1"}))
        elif i == 3000:
            rows.append(json.dumps({"time": stamp, "level": "error", "msg": "disk full on /data"}))
        elif i == 5800:
            rows.append(json.dumps({"time": stamp + "Z", "level": "info", "msg": "deployed version v9"}))
        else:
            zone = "" if 4000 <= i < 5500 else "Z"
            rows.append(json.dumps({"time": stamp + zone, "level": "info", "msg": f"request {i} done"}))
    path.write_text("\n".join(rows) + "\n")


@pytest.mark.parametrize("workers", [1, 2])
def test_the_fast_path_keeps_the_flag_per_entry(tmp_path: Path, workers: int) -> None:
    path = tmp_path / "big.jsonl"
    _large_mixed_log(path)
    report = ReadReport()
    with path.open("rb") as stream:
        entries = list(jsonlog.read(stream, tz=None, name="big.jsonl", report=report, workers=workers,
                                    fast_threshold=4096, chunk=4096, parallel_min=0))
    assert report.read == 6000
    by_type = {}
    for entry in entries:
        by_type.setdefault(entry.extra["type"], []).append(entry)
    signatures = {e.text: e.assumed_zone for e in by_type["error_signature"]}
    assert signatures == {"First ERROR: payment failed: card 1": False,
                          "First ERROR: disk full on /data": True}
    assert [e.assumed_zone for e in by_type["deploy"]] == [False]
    # a rate spike is counted over many lines: zone-less ones were among them, so it says so
    assert [e.assumed_zone for e in by_type["rate_spike"]] == [True]
