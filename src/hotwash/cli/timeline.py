"""``hotwash timeline build``: artifacts → one merged timeline on stdout (Markdown, JSON, CSV).

Thin: declares the command and its options; ``hotwash.cli.timeline_build`` does the work (and
is also called directly by ``hotwash.cli.main.run``'s fast path, without Typer). A summary of
what was read and skipped goes to stderr; a progress bar too when stderr is a terminal and the
input is large.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from pathlib import Path
from typing import Annotated

import typer

from hotwash.cli.main import POSTMORTEM, app
from hotwash.cli.timeline_build import (
    PROGRESS_MIN_BYTES,
    WORKERS_ENV,
    Options,
    UsageError,
    as_record,
    print_usage_error,
    render_csv,
    render_json,
    render_markdown,
    when,
)
from hotwash.cli.timeline_build import build as run_build
from hotwash.core.timeline import format_names

FORMAT_HELP = f"Format of every FILE (default: detect): {', '.join(format_names())}."
timeline_app = typer.Typer(help="Draft an incident timeline from exported chat, alerts, deploys and logs: print it "
                           "(build) or add it to an incident (import).", no_args_is_help=True)
app.add_typer(timeline_app, name="timeline", rich_help_panel=POSTMORTEM)


def _usage(message: str) -> typer.Exit:
    return typer.Exit(print_usage_error(message))


def _when(text: str | None, tz: tzinfo | None, option: str) -> datetime | None:
    try:
        return when(text, tz, option)
    except UsageError as exc:
        raise _usage(str(exc)) from exc


@timeline_app.command("build")
def build(
    files: Annotated[list[Path], typer.Argument(help="Artifacts: files (also .gz), Slack export folders or zips.")],
    format: Annotated[str | None, typer.Option("--format", "-f", help=FORMAT_HELP)] = None,
    tz: Annotated[str | None, typer.Option("--tz", help="Zone for sources without one (IANA name; default UTC).")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Keep entries from this time (minus --margin), e.g. 2024-05-01T14:00Z.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Keep entries up to this time (plus --margin).")] = None,
    margin: Annotated[int, typer.Option("--margin", help="Minutes kept around --since/--until.")] = 0,
    output: Annotated[str, typer.Option("--output", "-o", help="md, json or csv.")] = "md",
    channel: Annotated[list[str] | None, typer.Option("--channel", help="Slack: only these channels.")] = None,
    day: Annotated[str | None, typer.Option("--date", help="Day for sources with times only (Zoom chat).")] = None,
    year: Annotated[int | None, typer.Option("--year", help="Year for syslog lines without one.")] = None,
    workers: Annotated[int | None, typer.Option("--workers", envvar=WORKERS_ENV, min=1,
                                                help="Processes for large JSON logs (default: idle CPUs, ≤ 4).")] = None,
) -> None:
    """Read artifacts, merge them into one de-duplicated timeline (UTC) and print it."""
    code = run_build(Options(files=files, format=format, tz=tz, since=since, until=until, margin=margin,
                             output=output, channel=channel, day=day, year=year, workers=workers))
    if code:
        raise typer.Exit(code)


__all__ = ["PROGRESS_MIN_BYTES", "as_record", "build", "format_names", "render_csv", "render_json",
           "render_markdown"]

from hotwash.cli import timeline_import as _timeline_import  # noqa: E402, F401  (registers `timeline import`)
