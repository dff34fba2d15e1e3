"""Benchmark: ``hotwash timeline build`` on a large JSON-lines log against ``grep -c ERROR``.

Generates a JSON-lines application log of ``--size-mb`` megabytes (default 1024) with quiet
INFO traffic, sparse warnings and errors, restarts, a deploy marker and a rate spike; then, in
one run, times ``grep -c ERROR FILE`` and ``hotwash timeline build FILE --output json`` (the real
CLI, in a subprocess; best of ``--repeat`` runs each, after one warm-up build of a tiny file) and
reports the ratio, the CPU time and the peak RSS of the hotwash process.
Targets: at most 15× grep's time, at most 200 MB peak memory.

    .venv/bin/python bench/timeline_speed.py               # the full 1 GB run
    .venv/bin/python bench/timeline_speed.py --size-mb 100 # a quick one
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

TARGET_RATIO = 15.0
TARGET_RSS_MB = 200.0
PATHS = ["/api/v1/items/{}", "/api/v1/orders/{}", "/healthz", "/api/v1/users/{}", "/static/app.{}.js"]


def generate(path: Path, size_mb: int, seed: int = 7) -> int:
    """Write about ``size_mb`` MB of JSON lines; returns the number of lines."""
    rng = random.Random(seed)
    target = size_mb * 1024 * 1024
    start = datetime(2026, 3, 14, 8, 0, tzinfo=UTC)
    step = timedelta(milliseconds=4)  # ~250 lines/s of background traffic
    written = lines = 0
    moment = start
    special = {
        200_000: '"level":"INFO","msg":"shutting down after received signal SIGTERM"',
        200_001: '"level":"INFO","msg":"starting api-server","pid":4242',
        200_002: '"level":"INFO","msg":"listening on :8080"',
        900_000: '"level":"INFO","msg":"deployed version v2.14.0 to production"',
    }
    spike = range(1_500_000, 1_600_000)
    with path.open("w", encoding="ascii", buffering=1 << 20) as out:
        buffer: list[str] = []
        while written < target:
            moment += step / 8 if lines in spike else step
            stamp = moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
            if lines in special:
                body = special[lines]
            else:
                roll = rng.random()
                if roll < 0.002:
                    body = (f'"level":"ERROR","msg":"upstream timeout after {rng.randint(100, 999)}ms calling '
                            f'payments-{rng.randint(1, 9)}","trace_id":"{rng.getrandbits(64):016x}"')
                elif roll < 0.004:
                    body = f'"level":"WARN","msg":"slow query took {rng.randint(500, 3000)}ms","table":"orders"'
                else:
                    route = rng.choice(PATHS).format(rng.randint(1, 99999))
                    body = (f'"level":"INFO","msg":"request completed","method":"GET","path":"{route}",'
                            f'"status":200,"duration_ms":{rng.random() * 50:.2f},'
                            f'"request_id":"{rng.getrandbits(128):032x}"')
            line = f'{{"time":"{stamp}",{body}}}\n'
            buffer.append(line)
            written += len(line)
            lines += 1
            if len(buffer) >= 10_000:
                out.write("".join(buffer))
                buffer.clear()
        out.write("".join(buffer))
    return lines


LAST_CPU = [0.0]  # user + system seconds of the last measured command (and its worker processes)


def run_measured(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, bytes, bytes]:
    """Wall time, the peak RSS from wait4 (the largest of the process and its reaped worker
    processes, KiB on Linux), stdout and stderr; the CPU seconds go to ``LAST_CPU``."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert child.stdout is not None and child.stderr is not None
    out = child.stdout.read()
    err = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    LAST_CPU[0] = usage.ru_utime + usage.ru_stime
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{command[0]} failed ({code}): {err.decode()[-800:]}")
    return elapsed, usage.ru_maxrss / 1024, out, err


def hotwash_command() -> list[str]:
    script = Path(sys.executable).with_name("hotwash")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from hotwash.cli.main import run; run()"]


def warm_up(workdir: Path) -> None:
    """One small build first, so Python's bytecode cache and the modules are warm, as on a
    second run of an installed hotwash (this environment may set PYTHONDONTWRITEBYTECODE)."""
    tiny = workdir / "warm-up.jsonl"
    tiny.write_text('{"time":"2026-03-14T08:00:00Z","level":"ERROR","msg":"warm up"}\n')
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(hotwash_command() + ["timeline", "build", str(tiny)], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tiny.unlink()


def measure_hotwash(path: Path, repeat: int, env: dict[str, str] | None = None) -> tuple[list[float], list[float],
                                                                                          float, bytes, bytes]:
    """``repeat`` runs of the build: their wall times, CPU times, the largest peak RSS, and the
    output of the last run."""
    walls: list[float] = []
    cpus: list[float] = []
    peak = 0.0
    out = err = b""
    for _ in range(repeat):
        seconds, rss, out, err = run_measured(hotwash_command() + ["timeline", "build", str(path), "--output", "json"],
                                              env=env)
        walls.append(seconds)
        cpus.append(LAST_CPU[0])
        peak = max(peak, rss)
    return walls, cpus, peak, out, err


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mb", type=int, default=1024, help="size of the generated log (default 1024)")
    parser.add_argument("--keep", action="store_true", help="keep the generated file (in bench/out/)")
    parser.add_argument("--file", type=Path, help="use this existing JSON-lines file instead of generating one")
    parser.add_argument("--single", action="store_true", help="also time one-process runs for comparison")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command; the best counts (default 3)")
    args = parser.parse_args()

    workdir = Path(__file__).resolve().parent / "out" if args.keep else Path(tempfile.mkdtemp(prefix="hotwash-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    path = args.file or workdir / f"app-{args.size_mb}mb.jsonl"
    try:
        if args.file is None:
            t0 = time.perf_counter()
            lines = generate(path, args.size_mb)
            print(f"generated {path} ({path.stat().st_size / 1e6:,.0f} MB, {lines:,} lines) "
                  f"in {time.perf_counter() - t0:.1f}s")
        size = path.stat().st_size
        subprocess.run(["cat", str(path)], stdout=subprocess.DEVNULL, check=True)  # warm the page cache
        warm_up(workdir)
        grep_times = []
        for _ in range(args.repeat):
            seconds, _rss, out, _err = run_measured(["grep", "-c", "ERROR", str(path)])
            grep_times.append(seconds)
        grep_s = min(grep_times)
        print(f"grep -c ERROR:                     {grep_s:7.2f}s  (best of {args.repeat}; {out.decode().strip()} lines)")
        load = os.getloadavg()[0]
        try:
            from hotwash.core.timeline.jsonlog import cpu_sample, default_workers, idle_cpus

            before = cpu_sample()
            time.sleep(0.2)
            idle = idle_cpus(before)
            shown = "unknown" if idle is None else f"{idle:.1f}"
            print(f"worker processes by default now:   {default_workers(idle):7d}   (one per idle CPU; "
                  f"{shown} idle over 0.2 s, load average {os.getloadavg()[0]:.2f})")
        except ImportError:  # an older hotwash (PYTHONPATH pointing at another checkout)
            try:
                from hotwash.core.timeline.jsonlog import default_workers as by_load

                print(f"worker processes by default now:   {by_load():7d}   (one per idle CPU, by load average)")
            except ImportError:
                pass
        walls, cpus, hw_rss, hw_out, hw_err = measure_hotwash(path, args.repeat)
        hw_s = min(walls)
        import json

        entries = json.loads(hw_out)
        ratio = hw_s / grep_s if grep_s else float("inf")
        print(f"hotwash timeline build -o json:    {hw_s:7.2f}s  (best of {args.repeat}: "
              f"{', '.join(f'{w:.2f}' for w in walls)}; {len(entries)} entries, {size / hw_s / 1e6:,.0f} MB/s)")
        print(f"ratio hotwash / grep:              {ratio:7.1f}×  (target ≤ {TARGET_RATIO:.0f}×)")
        print(f"peak RSS of hotwash:               {hw_rss:7.1f} MB (target ≤ {TARGET_RSS_MB:.0f} MB; largest "
              f"process, workers are forked)")
        print(f"CPU time of hotwash + workers:     {min(cpus):7.2f}s  (runs: {', '.join(f'{c:.2f}' for c in cpus)}; "
              f"load average before the runs: {load:.2f} on {os.cpu_count()} CPUs)")
        if args.single:
            one, one_cpus, one_rss, _out, _err = measure_hotwash(path, args.repeat,
                                                                 env={**os.environ, "HOTWASH_LOG_WORKERS": "1"})
            print(f"same, one process (HOTWASH_LOG_WORKERS=1): {min(one):5.2f}s = {min(one) / grep_s:.1f}× grep "
                  f"(runs: {', '.join(f'{w:.2f}' for w in one)}), {min(one_cpus):.2f}s CPU, {one_rss:.1f} MB")
        print(f"stderr summary: {hw_err.decode().strip().splitlines()[0] if hw_err else ''}")
        kinds: dict[str, int] = {}
        for e in entries:
            kind = str(e.get("extra", {}).get("type", e["kind"]))
            kinds[kind] = kinds.get(kind, 0) + 1
        print(f"entries by type: {kinds}")
        print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.python_implementation()} "
              f"{platform.python_version()}, {platform.platform()}")
        print(f"rerun: .venv/bin/python bench/timeline_speed.py --size-mb {args.size_mb}")
        ok = ratio <= TARGET_RATIO and hw_rss <= TARGET_RSS_MB
        print("targets met" if ok else "TARGETS MISSED")
    finally:
        if not args.keep and args.file is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
