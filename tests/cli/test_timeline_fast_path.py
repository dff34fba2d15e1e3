"""``hotwash timeline build`` runs without Typer when its command line is plain (see
``hotwash.cli.timeline_build``). Both ways must print the same bytes and exit the same way."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from hotwash.cli import main, timeline_build
from hotwash.cli.main import _register, app
from hotwash.core.timeline import jsonlog

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "artifacts"
_register()


def _exit_code(exc: pytest.ExceptionInfo[SystemExit]) -> int:
    code = exc.value.code
    return code if isinstance(code, int) else 0 if code is None else 1


def _both(args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    """Run ``timeline build ARGS`` through ``main.run`` (the fast path) and through Typer; they
    must agree. Returns (exit code, stdout, stderr)."""
    assert timeline_build.parse_fast(args) is not None, "this command line should take the fast path"
    monkeypatch.setattr(sys, "argv", ["hotwash", "timeline", "build", *args])
    monkeypatch.setattr(main, "_register", lambda: pytest.fail("the fast path fell back to Typer"))
    with pytest.raises(SystemExit) as fast_exit:
        main.run()
    fast = capsys.readouterr()
    with pytest.raises(SystemExit) as typer_exit:
        app(["timeline", "build", *args], prog_name="hotwash")
    typer = capsys.readouterr()
    assert (_exit_code(fast_exit), fast.out, fast.err) == (_exit_code(typer_exit), typer.out, typer.err)
    return _exit_code(fast_exit), fast.out, fast.err


@pytest.mark.parametrize("args", [
    [str(FIXTURES / "timeline.csv"), "--tz", "Europe/Berlin"],
    [str(FIXTURES / "alertmanager_resend.json"), str(FIXTURES / "grafana_alerting.json"), str(FIXTURES / "slack_export"),
     "--output", "json"],
    [str(FIXTURES / "statuspage_webhook.json"), "-o", "csv", "--since", "2024-05-01T10:30:00Z"],
    [str(FIXTURES / "slack_export"), "--channel", "incident-42", "--channel=random", "-o", "json"],
    [str(FIXTURES / "app.jsonl"), "--since=2024-05-01T09:00", "--until", "2024-05-01T12:00", "--margin=5", "--tz=+02:00"],
    [str(FIXTURES / "syslog_3164.log"), "--year", "2023", "-f", "syslog"],
])
def test_plain_command_lines_print_the_same_without_typer(args, capsys, monkeypatch) -> None:
    code, out, _ = _both(args, capsys, monkeypatch)
    assert code == 0 and out.strip()


@pytest.mark.parametrize(("args", "code", "message"), [
    (["timeline.csv", "--tz", "Mars/Olympus"], 2, "unknown time zone 'Mars/Olympus'"),
    (["timeline.csv", "--format", "nosuch"], 2, "unknown format 'nosuch'"),
    (["timeline.csv", "--output", "xml"], 2, "--output must be md, json or csv"),
    (["timeline.csv", "--since", "yesterday"], 2, "--since: not a time"),
    (["timeline.csv", "--date", "May 1"], 2, "--date: 'May 1' is not YYYY-MM-DD"),
    (["missing.json", "timeline.csv"], 2, "no such file: "),
])
def test_usage_errors_are_the_same_without_typer(args, code, message, capsys, monkeypatch) -> None:
    args = [str(FIXTURES / a) if a.endswith((".csv", ".json")) else a for a in args]
    got, out, err = _both(args, capsys, monkeypatch)
    assert got == code and out == "" and message in " ".join(err.split())


def test_unreadable_files_are_named_and_the_rest_still_print(tmp_path: Path, capsys, monkeypatch) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{"alerts": [')
    code, out, err = _both([str(bad), str(FIXTURES / "discord.json"), "--format", "discord"], capsys, monkeypatch)
    assert code == 1 and "broken.json" in err and "seeing 502s" in out


def test_a_large_log_read_by_workers_prints_the_same_without_typer(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setattr(jsonlog, "FAST_THRESHOLD", 4096)
    monkeypatch.setattr(jsonlog, "CHUNK", 4096)
    monkeypatch.setattr(jsonlog, "PARALLEL_MIN", 0)
    log = tmp_path / "app.jsonl"
    log.write_text("".join(json.dumps({"time": f"2024-05-01T10:{i // 60 % 60:02d}:{i % 60:02d}Z",
                                       "level": "error" if i % 500 == 3 else "info", "msg": f"request {i % 7} failed"})
                           + "\n" for i in range(5000)))
    one = _both([str(log), "-o", "json", "--workers", "1"], capsys, monkeypatch)
    monkeypatch.setenv("HOTWASH_LOG_WORKERS", "3")
    three = _both([str(log), "-o", "json"], capsys, monkeypatch)
    assert one == three and json.loads(one[1])


@pytest.mark.parametrize("args", [
    ["--help"], ["app.jsonl", "--help"], [], ["app.jsonl", "--workers", "0"], ["app.jsonl", "--margin", "x"],
    ["app.jsonl", "--margin"], ["app.jsonl", "--colour", "red"], ["app.jsonl", "-ojson"], ["--", "app.jsonl"],
    ["app.jsonl", "-"], ["app.jsonl", "--year", "1e3"], ["app.jsonl", "--margin", "007"],
])
def test_anything_unusual_is_left_to_typer(args) -> None:
    assert timeline_build.parse_fast(args) is None


def test_a_bad_worker_count_in_the_environment_is_left_to_typer(monkeypatch) -> None:
    monkeypatch.setenv("HOTWASH_LOG_WORKERS", "none")
    assert timeline_build.parse_fast(["app.jsonl"]) is None
    monkeypatch.setenv("HOTWASH_LOG_WORKERS", "2")
    options = timeline_build.parse_fast(["app.jsonl", "-o", "json", "-f", "jsonl", "--margin", "-5"])
    assert options is not None and (options.workers, options.output, options.format, options.margin) == (
        2, "json", "jsonl", -5)


def _hotwash(*args: str) -> subprocess.CompletedProcess[str]:
    code = ("import atexit, sys\n"
            "atexit.register(lambda: print('typer loaded:', 'typer' in sys.modules, file=sys.stderr))\n"
            "from hotwash.cli.main import run\n"
            f"sys.argv = ['hotwash', *{list(args)!r}]\n"
            "run()\n")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_the_fast_path_does_not_load_typer_and_help_still_comes_from_typer() -> None:
    fast = _hotwash("timeline", "build", str(FIXTURES / "app.jsonl"), "-o", "json")
    assert fast.returncode == 0 and json.loads(fast.stdout) and "typer loaded: False" in fast.stderr
    help_ = _hotwash("timeline", "build", "--help")
    assert help_.returncode == 0 and "Usage: hotwash timeline build" in help_.stdout and "--workers" in help_.stdout
    assert "typer loaded: True" in help_.stderr
    bad = _hotwash("timeline", "build", str(FIXTURES / "app.jsonl"), "--workers", "0")
    assert bad.returncode == 2 and "Invalid value for '--workers'" in bad.stderr


def test_the_idle_cpus_are_measured_from_the_command_start(tmp_path: Path, capsys, monkeypatch) -> None:
    import os

    monkeypatch.setattr(jsonlog, "FAST_THRESHOLD", 4096)
    monkeypatch.setattr(jsonlog, "CHUNK", 4096)
    monkeypatch.setattr(jsonlog, "PARALLEL_MIN", 0)
    monkeypatch.delenv("HOTWASH_LOG_WORKERS", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1})
    # the command's start, then the split: 0.2 s, 38 of 40 ticks idle → 1.9 CPUs idle besides the build
    samples = iter([jsonlog.CpuSample(at=100.0, idle=1000, total=5000),
                    jsonlog.CpuSample(at=100.2, idle=1038, total=5040)])
    taken: list[bool] = []  # for each sample: whether the log was being read already
    reading: list[bool] = []
    monkeypatch.setattr(jsonlog, "cpu_sample", lambda: taken.append(bool(reading)) or next(samples))
    read = jsonlog.read
    monkeypatch.setattr(jsonlog, "read", lambda *a, **k: reading.append(True) or read(*a, **k))
    chosen: list[int] = []
    default_workers = jsonlog.default_workers
    monkeypatch.setattr(jsonlog, "default_workers", lambda idle=None: chosen.append(default_workers(idle)) or chosen[-1])
    log = tmp_path / "app.jsonl"
    log.write_text("".join(json.dumps({"time": f"2024-05-01T10:{i // 60 % 60:02d}:{i % 60:02d}Z",
                                       "level": "error" if i % 500 == 3 else "info", "msg": f"request {i % 7} failed"})
                           + "\n" for i in range(5000)))
    monkeypatch.setattr(sys, "argv", ["hotwash", "timeline", "build", str(log), "-o", "json"])
    with pytest.raises(SystemExit):
        main.run()
    assert taken == [False, True]  # one sample as the command starts, one at the split
    assert chosen == [2]
    assert jsonlog.CPU_SINCE is None  # not left for a later build
    default_out = capsys.readouterr().out
    monkeypatch.setattr(jsonlog, "cpu_sample", lambda: None)
    monkeypatch.setattr(sys, "argv", ["hotwash", "timeline", "build", str(log), "-o", "json", "--workers", "1"])
    with pytest.raises(SystemExit):
        main.run()
    assert capsys.readouterr().out == default_out and json.loads(default_out)
