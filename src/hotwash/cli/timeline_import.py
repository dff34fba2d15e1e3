"""``hotwash timeline import INCIDENT FILE...``: artifacts → an incident's timeline in the database.

Reads like ``timeline build`` (zips are unpacked, a Slack export zip is one source), clips to the
incident window with a margin, and adds everything in one transaction: a file that cannot be read
means nothing is added (exit 1). Usage errors exit 2.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from hotwash.cli.timeline import FORMAT_HELP, PROGRESS_MIN_BYTES, _usage, _when, timeline_app
from hotwash.core.errors import HotwashError, ImportFailed, NotFound
from hotwash.core.timeline import resolve_format, zone


def _incident(ref: str) -> Any:
    from hotwash.web.incidents.selectors import incident_get

    number = ref.strip().upper().removeprefix("INC-").removeprefix("#")
    if not number.isdigit():
        raise _usage(f"INCIDENT is a number or INC-<number>, not {ref!r}")
    try:
        return incident_get(pk=int(number))
    except NotFound as exc:
        raise _usage(f"no incident {ref}") from exc


@contextmanager
def _progress(err: Console, files: list[Path]) -> Iterator[Callable[[str, Path], Callable[[int], None] | None] | None]:
    total = sum(p.stat().st_size for p in files if p.is_file())
    if not (err.is_terminal and total >= PROGRESS_MIN_BYTES):
        yield None
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn, TransferSpeedColumn

    with Progress("[progress.description]{task.description}", BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                  TimeRemainingColumn(), console=err, transient=True) as bar:
        def start(label: str, path: Path) -> Callable[[int], None] | None:
            size = path.stat().st_size if path.is_file() else 0
            if size < PROGRESS_MIN_BYTES:
                return None
            task = bar.add_task(label, total=size)
            return lambda done: bar.update(task, completed=done)

        yield start


@timeline_app.command("import")
def import_(
    incident: Annotated[str, typer.Argument(help="The incident: 12 or INC-12.")],
    files: Annotated[list[Path], typer.Argument(help="Artifacts: files (also .gz), zips of files, Slack export folders or zips.")],
    format: Annotated[str | None, typer.Option("--format", "-f", help=FORMAT_HELP)] = None,
    tz: Annotated[str | None, typer.Option("--tz", help="Zone for sources without one (default: the incident's).")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Window start, e.g. 2024-05-01T14:00Z (default: when the incident started).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Window end (default: when it was resolved).")] = None,
    margin: Annotated[int, typer.Option("--margin", help="Minutes kept before the start and after the end.")] = 30,
    no_clip: Annotated[bool, typer.Option("--no-clip", help="Keep entries outside the incident window.")] = False,
    channel: Annotated[list[str] | None, typer.Option("--channel", help="Slack: only these channels.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Read and report; add nothing.")] = False,
) -> None:
    """Add the entries of artifacts to an incident's timeline (one transaction; re-importing adds nothing)."""
    from hotwash.cli.django_env import setup

    setup()
    from hotwash.web.timeline import reading
    from hotwash.web.timeline.selectors import import_keys
    from hotwash.web.timeline.services import timeline_import

    err, out = Console(stderr=True, soft_wrap=True), Console(highlight=False, soft_wrap=True)
    if margin < 0:
        raise _usage("--margin is a number of minutes, 0 or more")
    missing = [str(p) for p in files if not p.exists()]
    if missing:
        raise _usage(f"no such file: {', '.join(missing)}")
    target = _incident(incident)
    try:
        zone_ = zone(tz or target.timezone)
        if format:
            resolve_format(format)
    except ImportFailed as exc:
        raise _usage(exc.message) from exc
    start = _when(since, zone_, "--since") or target.started_at
    end = _when(until, zone_, "--until") or target.resolved_at
    with tempfile.TemporaryDirectory(prefix="hotwash-import-") as work, _progress(err, files) as progress:
        sources = reading.read_sources([(p.name, p) for p in files], workdir=Path(work), format=format, tz=zone_,
                                       channels=set(channel or []) or None, progress=progress)
    rows = reading.split(sources, start=start, end=end, margin=timedelta(minutes=margin),
                         present=import_keys(incident=target, entries=[e for s in sources for e in s.entries]),
                         clip=not no_clip)
    for source in sources:
        if source.error:
            err.print(f"[red]✗[/red] {escape(source.error)}", highlight=False)
            continue
        if source.ignored:
            out.print(f"- {escape(source.name)}: left out ({escape(source.ignored)})")
            continue
        mark = "[yellow]![/yellow]" if source.skipped else "[green]✓[/green]"
        skipped = ""
        if source.skipped:
            skipped = f", skipped {source.skipped:,}: " + "; ".join(f"{w}: {r}" for w, r in source.skips[:3])
            skipped += f"; … ({source.skipped - 3:,} more)" if source.skipped > 3 else ""
        out.print(f"{mark} {escape(f'[{source.format}] {source.name}')}: read {source.read:,} → "
                  f"{len(source.entries):,} entries{escape(skipped)}; {source.new:,} new, {source.present:,} already "
                  f"present, {source.outside:,} outside the window"
                  + (f", {source.duplicates:,} also in another file" if source.duplicates else ""))
    failed = [s for s in sources if s.error]
    if failed:
        err.print(f"[red]Nothing was added to {target.ref}:[/red] {len(failed)} file(s) could not be read.")
        raise typer.Exit(1)
    chosen = [entry for entry, inside, _ in rows if inside]
    outside = len(rows) - len(chosen)
    hint = " (--no-clip keeps them)" if outside else ""
    if dry_run:
        out.print(f"{target.ref}: would add {sum(s.new for s in sources):,}; {outside:,} outside the window{hint}; "
                  "nothing added (--dry-run)")
        return
    try:
        result = timeline_import(incident=target, entries=chosen, user=None)
    except HotwashError as exc:
        err.print(f"[red]Nothing was added to {target.ref}:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(1) from exc
    moved = f", {result['updated']:,} 'last seen' moved later" if result.get("updated") else ""
    out.print(f"{target.ref}: added {result['added']:,}, already present {result['already_present']:,}{moved}, "
              f"outside the window {outside:,}{hint}")


__all__ = ["import_"]
