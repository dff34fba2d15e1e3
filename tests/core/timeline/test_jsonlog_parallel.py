"""Large JSON-lines logs read in parallel worker processes give exactly the single-pass result."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hotwash.core.timeline import ReadReport, jsonlog, rfc3339

T0 = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
SMALL = {"fast_threshold": 4096, "chunk": 4096, "parallel_min": 0}


def _write_log(path: Path, lines: int = 24000, *, trailing_newline: bool = True) -> None:
    rows = []
    moment = T0
    for i in range(lines):
        moment += timedelta(milliseconds=20 if 15000 <= i < 17000 else 250)  # a spike around the middle
        level, msg = "info", f"request {i} completed"
        if i in (3000, 21000):  # a level change: warnings first, errors later
            level, msg = "warn", f"slow query took {i}ms"
        if i == 19000:  # first seen in a late range ...
            level, msg = "error", "db timeout after 532ms"
        if i == 5000:  # ... and earlier in the file but with a later time
            rows.append(json.dumps({"time": rfc3339(T0 + timedelta(hours=5)), "level": "error",
                                    "msg": "db timeout after 12ms"}))
            continue
        if i == 12000:
            msg = "listening on :8080"
        if i == 20000:
            msg = "deployed version v2.4.1"
        if i in (8000, 18000):
            rows.append('{"time": "not a time", "level": "error", "msg": "broken"}')
            continue
        if i in (9000, 22000):
            rows.append('{"time": "2024-05-01T10:00:00Z", "level": "error", "msg": "cut off')
            continue
        if i == 23000:  # no zone: assumed
            rows.append(json.dumps({"time": "2024-05-01T12:00:00", "level": "error", "msg": "late panic 7"}))
            continue
        rows.append(json.dumps({"time": rfc3339(moment), "level": level, "msg": msg, "path": f"/x/{i}"}))
    path.write_bytes(("\n".join(rows) + ("\n" if trailing_newline else "")).encode())


def _read(path: Path, workers: int, *, in_memory: bool = False) -> tuple[list[tuple[object, ...]], ReadReport]:
    report = ReadReport()
    with io.BytesIO(path.read_bytes()) if in_memory else path.open("rb") as stream:
        entries = list(jsonlog.read(stream, tz=None, name="app.log", report=report, workers=workers, **SMALL))
    return [(e.time, e.text, e.source_id, e.kind, e.assumed_zone, e.extra) for e in entries], report


def _same(path: Path, workers: int) -> list[tuple[object, ...]]:
    """A stream read in one pass, the file read in one pass and the file read by ``workers`` agree."""
    single, single_report = _read(path, 1, in_memory=True)
    for entries, report in (_read(path, 1), _read(path, workers)):
        assert entries == single
        assert (report.read, report.skipped, report.skips, report.reasons) == (
            single_report.read, single_report.skipped, single_report.skips, single_report.reasons)
    return single


def test_a_large_file_is_really_split_into_ranges(tmp_path: Path) -> None:
    path = tmp_path / "app.log"
    _write_log(path)
    with path.open("rb") as stream:
        stream.read(4096)
        plan = jsonlog._plan(stream, 0, 4096, 4096, 3, 0)
    assert plan is not None and len(plan.children) == 2
    starts = [part.start for part in plan.children]
    data = path.read_bytes()
    assert plan.first_end == starts[0] and plan.children[0].end == starts[1] and plan.children[1].end is None
    assert all(data[cut - 1:cut] == b"\n" for cut in starts) and starts == sorted(set(starts))


def test_parallel_reading_gives_the_same_entries_and_report_as_one_pass(tmp_path: Path) -> None:
    path = tmp_path / "app.log"
    _write_log(path)
    entries = _same(path, 3)
    types = [e[5]["type"] for e in entries]
    assert {"rate_spike", "restart", "deploy", "error_signature"} <= set(types)
    assert any(e[5].get("level_change") for e in entries)
    timeout = [e for e in entries if e[5].get("signature") == "db timeout after <n>ms"]
    assert len(timeout) == 1 and timeout[0][5]["count"] == 2 and timeout[0][2] == "app.log:line 19001:signature"
    assert any(e[4] for e in entries)  # the zone-less line marked what followed as assumed


def test_skipped_lines_in_later_ranges_keep_their_file_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "app.log"
    _write_log(path)
    _, report = _read(path, 2)
    assert [s.where for s in report.skips] == ["line 8001", "line 9001", "line 18001", "line 22001"]
    assert report.read == 24000


def test_a_last_line_without_newline_and_any_number_of_workers_agree(tmp_path: Path) -> None:
    path = tmp_path / "app.log"
    _write_log(path, 9001, trailing_newline=False)
    for workers in (2, 4, 7):
        _same(path, workers)


def _chunks_as_bytes(chunks) -> list[bytes]:
    return [bytes(body[:end]) for body, end in chunks]


def test_file_chunks_read_into_a_reused_buffer_are_the_streamed_chunks(tmp_path: Path) -> None:
    path = tmp_path / "app.log"
    _write_log(path, 3000, trailing_newline=False)
    data = path.read_bytes()
    # a line longer than a chunk, so one read has no newline and the next must carry it whole
    data = data[:20000] + b'{"time": "2024-05-01T10:00:00Z", "msg": "' + b"x" * 9000 + b'"}\n' + data[20000:]
    path.write_bytes(data)
    head = data[:4096]
    streamed = _chunks_as_bytes(jsonlog._stream_chunks(head, io.BytesIO(data[4096:]), 4096))
    with path.open("rb") as stream:
        fd = stream.fileno()
        read = _chunks_as_bytes(jsonlog._file_chunks(fd, 0, 4096, None, 4096))
        start, stop = data.index(b"\n", 5000) + 1, data.index(b"\n", 30000) + 1  # a range between two cuts
        part = _chunks_as_bytes(jsonlog._file_chunks(fd, start, 12288, stop, 4096))
    assert streamed == read
    assert b"".join(streamed) == data + b"\n"  # the last line had no newline
    assert any(len(chunk) > 9000 for chunk in read)
    assert b"".join(part) == data[start:stop] and all(chunk.endswith(b"\n") for chunk in part)


def test_a_log_truncated_while_it_is_read_ends_the_read(tmp_path: Path) -> None:
    path = tmp_path / "app.log"
    _write_log(path, 3000)
    with path.open("rb") as stream:
        chunks = jsonlog._file_chunks(stream.fileno(), 0, 4096, None, 4096)
        first = bytes(next(chunks)[0][:4000])
        path.write_bytes(b"")  # logrotate's copytruncate
        rest = list(chunks)
    assert first.startswith(b'{"time"') and rest == []


def test_newlines_counted_with_numpy_or_bytes_give_the_same_result(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "app.log"
    _write_log(path)
    monkeypatch.setattr(jsonlog, "NUMPY_MIN", 1 << 62)
    without, without_report = _read(path, 1)
    monkeypatch.setattr(jsonlog, "NUMPY_MIN", 0)  # numpy from the first byte
    assert _same(path, 3) == without
    with_numpy, report = _read(path, 2)
    assert with_numpy == without and report.skips == without_report.skips and report.read == 24000


def test_an_invalid_line_is_reported_with_the_column_in_that_line() -> None:
    data = (b'{"time": "2024-05-01T10:00:00Z", "level": "error", "msg": "ok"}\n'
            b'api | {"time": "2024-05-01T10:00:01Z", "level": "error", "msg": "cut\n'
            b'{"time": "2024-05-01T10:00:02Z",, "level": "error"}\n')
    report = ReadReport()
    list(jsonlog.read(io.BytesIO(data), tz=None, name="app.log", report=report))
    assert [(s.where, s.reason) for s in report.skips] == [
        ("line 2", "invalid JSON: unexpected end of data (column 69)"),
        ("line 3", "invalid JSON: unexpected character, expected a string key (column 33)")]


def test_by_default_one_worker_per_idle_cpu(monkeypatch) -> None:
    import os

    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(8)))
    for load, expected in ((0.2, 4), (5.4, 3), (7.6, 1), (30.0, 1)):
        monkeypatch.setattr(os, "getloadavg", lambda load=load: (load, load, load))
        assert jsonlog.default_workers() == expected
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1})
    monkeypatch.setattr(os, "getloadavg", lambda: (0.4, 0.0, 0.0))
    assert jsonlog.default_workers() == 2


def test_idle_cpus_measured_just_before_choose_the_workers(monkeypatch) -> None:
    import os

    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1})
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(os, "getloadavg", lambda: (4.4, 4.0, 3.0))  # a lagging, high load average
    since = jsonlog.CpuSample(at=10.0, idle=1000, total=5000)
    # over 0.1 s, 20 ticks of 2 CPUs: 19 idle, i.e. 1.9 CPUs idle besides this process
    assert jsonlog.idle_cpus(since, jsonlog.CpuSample(at=10.1, idle=1019, total=5020)) == 1.9
    assert jsonlog.default_workers(1.9) == 2
    assert jsonlog.default_workers(0.8) == 2  # idle three quarters of the time or more
    assert jsonlog.default_workers(0.6) == 1
    assert jsonlog.default_workers(0.0) == 1
    assert jsonlog.default_workers(None) == 1  # no sample: the load average decides
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(8)))
    assert jsonlog.default_workers(7.0) == 4  # at most 4
    # too short a window, no progress of the counters, no sample: unknown
    assert jsonlog.idle_cpus(since, jsonlog.CpuSample(at=10.01, idle=1002, total=5004)) is None
    assert jsonlog.idle_cpus(since, jsonlog.CpuSample(at=10.5, idle=1000, total=5000)) is None
    assert jsonlog.idle_cpus(None) is None


def test_the_cpu_counters_are_read_from_proc_stat() -> None:
    sample = jsonlog.cpu_sample()
    assert sample is not None  # Linux, where the tests run
    assert 0 <= sample.idle <= sample.total
