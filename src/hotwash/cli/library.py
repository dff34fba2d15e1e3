"""`hotwash library reindex` and `hotwash digest`: the learning library from the command line."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import typer
from rich.console import Console

from hotwash.cli.main import FOLLOW, app

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

library_app = typer.Typer(help="The learning library: search index.", no_args_is_help=True)
app.add_typer(library_app, name="library", rich_help_panel=FOLLOW)


def _setup() -> None:
    from hotwash.cli.django_env import ensure_data_dir, setup

    setup()
    ensure_data_dir()


@library_app.command("reindex")
def reindex(incident: list[int] = typer.Option(None, "--incident", "-i",
                                               help="Only these incident numbers (repeatable).")) -> None:
    """Rebuild the search and recurrence index from the incidents and postmortems."""
    _setup()
    from hotwash.web.library.services import library_reindex

    count = library_reindex(incident_ids=incident or None)
    out.print(f"[green]Indexed {count} incident{'s' if count != 1 else ''}.[/green]")


def _since(value: str) -> datetime | None:
    if not value:
        return None
    text = value.strip().lower()
    if text.endswith("d") and text[:-1].isdigit():
        return datetime.now(UTC) - timedelta(days=int(text[:-1]))
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter("a date (2026-03-01) or a number of days (14d)", param_hint="--since") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@app.command(rich_help_panel=FOLLOW)
def digest(send: bool = typer.Option(False, "--send", help="Send by e-mail/webhook and record the run."),
           since: str = typer.Option("", "--since", help="Start: a date or '14d' (default: the last digest).")) -> None:
    """Print the learning digest (new postmortems, recurring factors, this week in past incidents)."""
    try:
        start = _since(since)
    except typer.BadParameter as exc:
        err.print(f"error: {exc.format_message()}", markup=False, highlight=False)
        raise typer.Exit(2) from exc
    _setup()
    from hotwash.core.errors import HotwashError
    from hotwash.web.library.digest import digest_build, digest_send, digest_text, digest_zone

    try:
        digest_zone()
    except HotwashError as exc:
        err.print(f"[red]{exc}[/red]", markup=True, highlight=False)
        raise typer.Exit(2) from exc
    built = digest_build(since=start)
    out.print(digest_text(built), markup=False, highlight=False)
    if send:
        run = digest_send(digest=built)
        where = run.channels or "no channel configured: set HOTWASH_DIGEST_EMAILS or HOTWASH_DIGEST_WEBHOOK"
        out.print(f"[green]Sent[/green] ({where}).")
