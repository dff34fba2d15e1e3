"""``hotwash timeline build``: artifacts → one merged timeline on stdout (Markdown, JSON, CSV).

Thin: parses options, calls ``hotwash.core.timeline``, prints. A summary of what was read and
skipped goes to stderr; a progress bar too when stderr is a terminal and the input is large.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from hotwash.cli.main import app
from hotwash.core.errors import ImportFailed
from hotwash.core.model import Entry
from hotwash.core.timeline import (
    ReadReport,
    clip,
    format_names,
    jsonlog,
    merge,
    read_any,
    resolve_format,
    rfc3339,
    zone,
)
from hotwash.core.timeline.times import TimeError, parse_iso

timeline_app = typer.Typer(help="Build a draft incident timeline from exported artifacts.", no_args_is_help=True)
app.add_typer(timeline_app, name="timeline")

PROGRESS_MIN_BYTES = 32 << 20


def _usage(message: str) -> typer.Exit:
    Console(stderr=True).print(f"[red]error:[/red] {message}", highlight=False)
    return typer.Exit(2)


def _when(text: str | None, tz: tzinfo | None, option: str) -> datetime | None:
    if not text:
        return None
    try:
        moment, _ = parse_iso(text, tz)
    except TimeError as exc:
        raise _usage(f"{option}: {exc} (use 2024-05-01T14:00 or 2024-05-01T14:00:00Z)") from exc
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


@timeline_app.command("build")
def build(
    files: Annotated[list[Path], typer.Argument(help="Artifacts: files, Slack export folders or zips.")],
    format: Annotated[str | None, typer.Option("--format", "-f", help="Format of every FILE (default: detect).")] = None,
    tz: Annotated[str | None, typer.Option("--tz", help="Zone for sources without one (IANA name; default UTC).")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Keep entries from this time (minus --margin).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Keep entries up to this time (plus --margin).")] = None,
    margin: Annotated[int, typer.Option("--margin", help="Minutes kept around --since/--until.")] = 0,
    output: Annotated[str, typer.Option("--output", "-o", help="md, json or csv.")] = "md",
    channel: Annotated[list[str] | None, typer.Option("--channel", help="Slack: only these channels.")] = None,
    day: Annotated[str | None, typer.Option("--date", help="Day for sources with times only (Zoom chat).")] = None,
    year: Annotated[int | None, typer.Option("--year", help="Year for syslog lines without one.")] = None,
    workers: Annotated[int | None, typer.Option("--workers", envvar="HOTWASH_LOG_WORKERS", min=1,
                                                help="Processes for large JSON logs (default: CPUs, ≤ 4).")] = None,
) -> None:
    """Read artifacts, merge them into one de-duplicated timeline (UTC) and print it."""
    if output not in ("md", "json", "csv"):
        raise _usage(f"--output must be md, json or csv, not {output!r}")
    err = Console(stderr=True)
    try:
        zone_ = zone(tz)
        if format:
            resolve_format(format)
    except ImportFailed as exc:
        raise _usage(exc.message) from exc
    start, end = _when(since, zone_, "--since"), _when(until, zone_, "--until")
    meeting_day: date | None = None
    if day:
        try:
            meeting_day = date.fromisoformat(day)
        except ValueError as exc:
            raise _usage(f"--date: {day!r} is not YYYY-MM-DD") from exc
    sources: list[list[Entry]] = []
    failed = 0
    previous_workers = jsonlog.WORKERS
    if workers is not None:
        jsonlog.WORKERS = workers
    try:
        for path in files:
            report = ReadReport(name=path.name)
            try:
                entries = _read_one(path, report, err, format=format, tz=zone_, channels=set(channel or []) or None,
                                    day=meeting_day, year=year)
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
    timeline = merge(*sources)
    if start or end:
        timeline = clip(timeline, start, end, margin=_minutes(margin))
    text = {"md": render_markdown, "json": render_json, "csv": render_csv}[output](timeline)
    sys.stdout.write(text)
    err.print(f"{len(timeline):,} entries from {len(sources)} of {len(files)} file(s)", highlight=False)
    if failed:
        raise typer.Exit(1)


def _minutes(n: int) -> timedelta:
    return timedelta(minutes=n)


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


__all__ = ["as_record", "build", "format_names", "render_csv", "render_json", "render_markdown"]

from hotwash.cli import timeline_import as _timeline_import  # noqa: E402, F401  (registers `timeline import`)
