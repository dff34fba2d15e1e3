"""What ``hotwash timeline build`` does, without Typer.

``hotwash.cli.timeline`` declares the command (options, help) and calls ``build`` here. So that a
large log is read without paying for Typer's start-up, ``hotwash.cli.main.run`` also calls
``build`` directly when ``parse_fast`` understands the command line: plain option forms only;
``--help``, a bad value, an unknown option and anything unusual go to Typer instead, so help
text and usage errors are Typer's own in every case.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from hotwash.core.errors import ImportFailed
from hotwash.core.model import Entry
from hotwash.core.timeline import ReadReport, clip, jsonlog, merge, read_any, resolve_format, rfc3339, zone
from hotwash.core.timeline.times import TimeError, parse_iso

PROGRESS_MIN_BYTES = 32 << 20
OUTPUTS = ("md", "json", "csv")


class UsageError(Exception):
    """A bad option value: printed as ``error: …``, exit status 2."""


def print_usage_error(message: str) -> int:
    Console(stderr=True, soft_wrap=True).print(f"[red]error:[/red] {message}", highlight=False)
    return 2


def when(text: str | None, tz: tzinfo | None, option: str) -> datetime | None:
    if not text:
        return None
    try:
        moment, _ = parse_iso(text, tz)
    except TimeError as exc:
        raise UsageError(f"{option}: {exc} (use 2024-05-01T14:00 or 2024-05-01T14:00:00Z)") from exc
    return moment.astimezone(UTC)


def _md_cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def render_markdown(entries: list[Entry]) -> str:
    lines = ["| Time | Event | Information Available | Decision/Action Taken |", "| --- | --- | --- | --- |"]
    for e in entries:
        time = e.time.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S") + (" UTC*" if e.assumed_zone else " UTC")
        who = f"{e.actor}: " if e.actor else ""
        info = f"{e.kind.value} · {e.source}" + (f" · {e.link}" if e.link else "")
        lines.append(f"| {time} | {_md_cell(who + e.text)} | {_md_cell(info)} |  |")
    if any(e.assumed_zone for e in entries):
        lines.append("")
        lines.append("\\* the source had no time zone; one was assumed (see --tz).")
    return "\n".join(lines) + "\n"


def as_record(e: Entry) -> dict[str, object]:
    return {"time": rfc3339(e.time), "text": e.text, "source": e.source, "kind": e.kind.value, "actor": e.actor,
            "link": e.link, "source_id": e.source_id, "assumed_zone": e.assumed_zone}


def render_json(entries: list[Entry]) -> str:
    return json.dumps([{**as_record(e), "extra": e.extra} for e in entries], ensure_ascii=False, indent=1,
                      default=str) + "\n"


def render_csv(entries: list[Entry]) -> str:
    out = io.StringIO()
    fields = ["time", "text", "source", "kind", "actor", "link", "source_id", "assumed_zone"]
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for e in entries:
        writer.writerow(as_record(e))
    return out.getvalue()


@dataclass
class Options:
    """The options of ``timeline build``, as Typer hands them over."""

    files: list[Path]
    format: str | None = None
    tz: str | None = None
    since: str | None = None
    until: str | None = None
    margin: int = 0
    output: str = "md"
    channel: list[str] | None = None
    day: str | None = None
    year: int | None = None
    workers: int | None = None


def build(options: Options) -> int:
    """Read, merge and print; the exit status (0, 1 when a file could not be read, 2 on bad usage)."""
    try:
        return _build(options)
    except UsageError as exc:
        return print_usage_error(str(exc))


def _build(o: Options) -> int:
    if o.output not in OUTPUTS:
        raise UsageError(f"--output must be md, json or csv, not {o.output!r}")
    err = Console(stderr=True, soft_wrap=True)
    try:
        zone_ = zone(o.tz)
        if o.format:
            resolve_format(o.format)
    except ImportFailed as exc:
        raise UsageError(exc.message) from exc
    start, end = when(o.since, zone_, "--since"), when(o.until, zone_, "--until")
    meeting_day: date | None = None
    if o.day:
        try:
            meeting_day = date.fromisoformat(o.day)
        except ValueError as exc:
            raise UsageError(f"--date: {o.day!r} is not YYYY-MM-DD") from exc
    missing = [str(p) for p in o.files if not p.exists()]
    if missing:
        raise UsageError(f"no such file: {', '.join(missing)}")
    sources: list[list[Entry]] = []
    failed = 0
    previous_workers = jsonlog.WORKERS
    if o.workers is not None:
        jsonlog.WORKERS = o.workers
    try:
        for path in o.files:
            report = ReadReport(name=path.name)
            try:
                entries = _read_one(path, report, err, format=o.format, tz=zone_,
                                    channels=set(o.channel or []) or None, day=meeting_day, year=o.year)
            except ImportFailed as exc:
                failed += 1
                err.print(f"[red]✗[/red] {escape(str(exc))}", highlight=False)
                continue
            sources.append(entries)
            mark = "[yellow]![/yellow]" if report.skipped else "[green]✓[/green]"
            err.print(f"{mark} {escape(f'[{report.format}]')} {escape(report.summary())}", highlight=False)
            for note in report.notes:
                err.print(f"  note: {escape(note)}", highlight=False)
    finally:
        jsonlog.WORKERS = previous_workers
        jsonlog.CPU_SINCE = None
    if not sources:
        err.print(f"[red]Nothing to print:[/red] none of the {len(o.files)} file(s) could be read.", highlight=False)
        return 1
    timeline = merge(*sources)
    if start or end:
        timeline = clip(timeline, start, end, margin=timedelta(minutes=o.margin))
    text = {"md": render_markdown, "json": render_json, "csv": render_csv}[o.output](timeline)
    sys.stdout.write(text)
    err.print(f"{len(timeline):,} entries from {len(sources)} of {len(o.files)} file(s)", highlight=False)
    return 1 if failed else 0


def _read_one(path: Path, report: ReadReport, err: Console, **options: object) -> list[Entry]:
    size = path.stat().st_size if path.is_file() else 0
    if not (err.is_terminal and size >= PROGRESS_MIN_BYTES):
        return read_any(path, report=report, **options)  # type: ignore[arg-type]
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn, TransferSpeedColumn

    with Progress("[progress.description]{task.description}", BarColumn(), DownloadColumn(),
                  TransferSpeedColumn(), TimeRemainingColumn(), console=err, transient=True) as bar:
        task = bar.add_task(path.name, total=size)
        return read_any(path, report=report, progress=lambda done: bar.update(task, completed=done),
                        **options)  # type: ignore[arg-type]


# -- the fast path -------------------------------------------------------------------------------
# Options taking a value: the long and short spellings Typer declares → the field of Options.
_VALUE_OPTIONS = {
    "--format": "format", "-f": "format", "--tz": "tz", "--since": "since", "--until": "until",
    "--margin": "margin", "--output": "output", "-o": "output", "--channel": "channel", "--date": "day",
    "--year": "year", "--workers": "workers",
}
_INTEGERS = {"margin", "year", "workers"}
_PLAIN_INT = re.compile(r"-?[1-9][0-9]{0,8}|0")
WORKERS_ENV = "HOTWASH_LOG_WORKERS"


def _integer(text: str) -> int | None:
    return int(text) if _PLAIN_INT.fullmatch(text) else None


def parse_fast(args: list[str]) -> Options | None:
    """``Options`` for the arguments after ``timeline build`` when they are plain enough to be
    read exactly as Typer would; None for anything else (Typer then reads them, with its help
    and its error messages)."""
    if any(key.startswith("_HOTWASH_COMPLETE") for key in os.environ):  # shell completion: Typer's job
        return None
    files: list[Path] = []
    values: dict[str, Any] = {}
    channels: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if not arg or arg == "-":
            return None
        if not arg.startswith("-"):
            files.append(Path(arg))
            i += 1
            continue
        name, eq, value = arg.partition("=")
        if name not in _VALUE_OPTIONS or (eq and not name.startswith("--")):
            return None  # --help, an unknown option, -fjson, --, …
        if not eq:
            if i + 1 >= len(args):
                return None  # a missing value
            value = args[i + 1]
            i += 1
        i += 1
        key = _VALUE_OPTIONS[name]
        if key == "channel":
            channels.append(value)
            continue
        if key in _INTEGERS:
            number = _integer(value)
            if number is None or (key == "workers" and number < 1):
                return None
            values[key] = number
            continue
        values[key] = value
    if not files:
        return None
    if "workers" not in values and os.environ.get(WORKERS_ENV):
        number = _integer(os.environ[WORKERS_ENV])
        if number is None or number < 1:
            return None
        values["workers"] = number
    return Options(files=files, channel=channels or None, **values)


def main(args: list[str]) -> int | None:
    """Run ``timeline build`` from the fast path; None when Typer must read ``args`` instead.
    Exits as Typer would: Ctrl-C → 130, a closed stdout pipe → 1 without a traceback."""
    options = parse_fast(args)
    if options is None:
        return None
    try:
        return build(options)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)  # the rest of the output has nowhere to go
        os.dup2(devnull, sys.stdout.fileno())
        return 1


__all__ = ["Options", "as_record", "build", "main", "parse_fast", "render_csv", "render_json", "render_markdown"]
