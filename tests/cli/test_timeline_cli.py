from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from hotwash.cli.main import _register, app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "artifacts"
_register()


def run(*args: str):
    return CliRunner().invoke(app, ["timeline", "build", *args])


def test_build_prints_one_merged_json_timeline_in_utc() -> None:
    result = run(str(FIXTURES / "alertmanager_resend.json"), str(FIXTURES / "grafana_alerting.json"),
                 str(FIXTURES / "slack_export"), "--output", "json")
    assert result.exit_code == 0, result.output
    start = result.stdout.index("[")
    records = json.loads(result.stdout[start:result.stdout.rindex("]") + 1])
    times = [r["time"] for r in records]
    assert times == sorted(times) and all(t.endswith("Z") for t in times)
    assert {"time", "text", "source", "kind", "actor", "link", "source_id", "assumed_zone"} <= set(records[0])
    assert sum("HighErrorRate" in r["text"] for r in records) == 1


def test_markdown_output_is_the_template_table() -> None:
    result = run(str(FIXTURES / "timeline.csv"), "--tz", "Europe/Berlin")
    assert result.exit_code == 0
    assert "| Time | Event | Information Available | Decision/Action Taken |" in result.stdout
    assert "2024-05-01 10:00:00 UTC*" in result.stdout  # assumed zone is marked
    assert "skipped 1: line 4" in result.stderr


def test_csv_output_and_the_window_options() -> None:
    result = run(str(FIXTURES / "statuspage_webhook.json"), "-o", "csv", "--since", "2024-05-01T10:30:00Z")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["time"] for r in rows] == ["2024-05-01T10:40:00Z"]


def test_an_unknown_zone_is_a_usage_error() -> None:
    result = run(str(FIXTURES / "timeline.csv"), "--tz", "Mars/Olympus")
    assert result.exit_code == 2 and "unknown time zone" in result.stderr


def test_an_unreadable_file_fails_with_its_name_but_others_still_print(tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{"alerts": [')
    result = run(str(bad), str(FIXTURES / "discord.json"), "--format", "discord")
    assert result.exit_code == 1
    assert "broken.json" in result.stderr and "seeing 502s" in result.stdout


def test_a_large_log_read_by_several_worker_processes_prints_the_same_timeline(tmp_path: Path, monkeypatch) -> None:
    from hotwash.core.timeline import jsonlog

    monkeypatch.setattr(jsonlog, "FAST_THRESHOLD", 4096)  # small sizes so a small file takes the parallel path
    monkeypatch.setattr(jsonlog, "CHUNK", 4096)
    monkeypatch.setattr(jsonlog, "PARALLEL_MIN", 0)
    rows = []
    for i in range(6000):
        level, msg = ("error", f"db timeout after {i}ms") if i % 700 == 5 else ("info", f"request {i} ok")
        if i == 4000:
            msg = "listening on :8080"
        rows.append(json.dumps({"time": f"2024-05-01T10:{i // 100 % 60:02d}:{i % 60:02d}Z", "level": level,
                                "msg": msg}))
    log = tmp_path / "app.jsonl"
    log.write_text("\n".join(rows) + "\n")
    one = run(str(log), "--output", "json", "--workers", "1")
    three = run(str(log), "--output", "json", "--workers", "3")
    assert one.exit_code == three.exit_code == 0, three.output
    assert one.stdout == three.stdout and one.stderr == three.stderr
    types = {r["extra"]["type"] for r in json.loads(one.stdout)}
    assert {"error_signature", "restart"} <= types
    assert any(r["extra"].get("level_change") for r in json.loads(one.stdout))
    assert jsonlog.WORKERS is None  # the option does not outlive the command


def test_a_missing_file_is_named_and_nothing_is_printed(tmp_path: Path) -> None:
    result = run(str(tmp_path / "missing.json"), str(FIXTURES / "discord.json"))
    assert result.exit_code == 2
    assert result.stdout == "" and "no such file" in result.stderr and "missing.json" in result.stderr


def test_when_no_file_can_be_read_no_empty_table_is_printed(tmp_path: Path) -> None:
    truncated = tmp_path / "export.zip"
    truncated.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    empty = tmp_path / "empty.log"
    empty.write_bytes(b"")
    result = run(str(truncated), str(empty))
    assert result.exit_code == 1 and result.stdout == ""
    assert "export.zip: not a readable zip file" in result.stderr and "empty.log: the file is empty" in result.stderr
    assert "none of the 2 file(s) could be read" in result.stderr


def test_bad_input_messages_name_the_file_and_the_line(tmp_path: Path) -> None:
    cut = tmp_path / "alerts.json"
    cut.write_text('{"receiver": "x",\n "alerts": [')
    bad_line = tmp_path / "events.jsonl"
    bad_line.write_text('{"a": 1}\n{"a": 2\n{"a": 3}\n')
    result = run(str(cut), str(bad_line))
    assert result.exit_code == 1
    err = " ".join(result.stderr.split())
    assert "alerts.json:line 2: the JSON ends early (a truncated file?)" in err
    assert "events.jsonl:line 2: invalid JSON" in err
