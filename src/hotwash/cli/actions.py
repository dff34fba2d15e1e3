"""Action items from the command line: ``hotwash actions list``, ``hotwash tick`` and ``hotwash worker``."""

from __future__ import annotations

import csv
import io
import json
import signal
import sys
import threading
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from hotwash.cli.main import FOLLOW, RUN, app

err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)

actions_app = typer.Typer(help="Action items across all postmortems.", no_args_is_help=True)
app.add_typer(actions_app, name="actions", rich_help_panel=FOLLOW)

FORMATS = ("table", "json", "csv")


def _setup() -> None:
    from hotwash.cli.django_env import ensure_data_dir, setup

    setup()
    ensure_data_dir()


def _row(item: Any, today: Any) -> dict[str, Any]:
    from hotwash.web.actions.selectors import ACTIVE, team_of
    from hotwash.web.followthrough.selectors import item_url

    incident = item.incident
    return {"id": item.pk, "incident": incident.ref if incident is not None else "", "from": item.source_ref,
            "action": item.action, "owner": item.owner,
            "owner_user": item.owner_user.get_username() if item.owner_user_id else "", "team": team_of(item),
            "due_date": item.due_date.isoformat() if item.due_date else "",
            "overdue": bool(item.due_date and item.due_date < today and item.status in ACTIVE),
            "priority": item.priority, "type": item.type, "status": item.status,
            "ticket": item.tracker_key or item.external_link, "url": item_url(item)}


@actions_app.command("list")
def list_(overdue: bool = typer.Option(False, "--overdue", help="Only open items past their due date."),
          owner: str = typer.Option("", "--owner", help="Owner name (substring) or username."),
          team: str = typer.Option("", "--team", help="The owner's team."),
          status: str = typer.Option("active", "--status",
                                     help="active (open or in progress), all, open, in_progress, done, wont_do."),
          priority: str = typer.Option("", "--priority", help="p1, p2, p3 or p4."),
          incident: str = typer.Option("", "--incident", help="An incident number, e.g. 12 or INC-12."),
          source: str = typer.Option("", "--from",
                                     help="incidents or retrospectives (default: both)."),
          sort: str = typer.Option("due", "--sort", help="due, -due, priority, status, incident, owner, updated."),
          fmt: str = typer.Option("table", "--format", help="table, json or csv.")) -> None:
    """List action items with the board's filters. Exit code 1 when --overdue finds any."""
    if fmt not in FORMATS:
        err.print(f"[red]error:[/red] --format is one of {', '.join(FORMATS)}")
        raise typer.Exit(2)
    _setup()
    from django.utils import timezone

    from hotwash.core.errors import ValidationError
    from hotwash.web.actions.selectors import action_board, board_filters

    try:
        filters = board_filters({"owner": owner, "team": team, "status": status, "priority": priority,
                                 "overdue": "1" if overdue else "", "incident": incident, "sort": sort,
                                 "source": source})
    except ValidationError as exc:
        flag = "from" if exc.field == "source" else exc.field
        err.print(f"[red]error:[/red] --{flag}: {exc.message}")
        raise typer.Exit(2) from exc
    today = timezone.localdate()
    rows = [_row(i, today) for i in action_board(filters=filters, today=today)]
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["id"])
        writer.writeheader()
        writer.writerows(rows)
        sys.stdout.write(buffer.getvalue())
    elif not rows:
        out.print("No action items" + (" match these filters." if any(
            (overdue, owner, team, priority, incident, source, status != "active")) else " yet."))
    else:
        table = Table(show_lines=False)
        for column in ("id", "from", "action", "owner", "due", "pri", "status", "ticket"):
            table.add_column(column, overflow="fold")
        for r in rows:
            due = f"[red]{r['due_date']} overdue[/red]" if r["overdue"] else r["due_date"] or "—"
            table.add_row(str(r["id"]), r["from"], r["action"], r["owner"] or "—", due, r["priority"].upper(),
                          r["status"].replace("_", " "), r["ticket"] or "")
        out.print(table)
        out.print(f"{len(rows)} item{'s' if len(rows) != 1 else ''}.")
    if overdue and rows:
        raise typer.Exit(1)


def _print_summary(summary: Any) -> None:
    stamp = summary.started.strftime("%Y-%m-%d %H:%M:%S %Z")
    out.print(f"[bold]tick[/bold] {stamp} ({summary.seconds:.2f} s)")
    for line in summary.lines():
        out.print(line, highlight=False, markup=False)


@app.command(rich_help_panel=RUN)
def tick() -> None:
    """One pass for cron: send owed reminders and digests and the learning digest when due, retry failed ones,
    create and sync tracker tickets.

    Safe to run while `hotwash worker` runs elsewhere: nothing is sent twice. Exit code 1 when something
    failed (it is retried on the next pass).
    """
    _setup()
    from hotwash.web.followthrough.tick import tick as run_tick

    summary = run_tick()
    _print_summary(summary)
    if not summary.ok:
        raise typer.Exit(1)


@app.command(rich_help_panel=RUN)
def worker(interval: float = typer.Option(60.0, "--interval", min=1.0, help="Seconds between passes."),
           quiet: bool = typer.Option(False, "--quiet", help="Print only failures.")) -> None:
    """Run `tick` every --interval seconds until SIGTERM or Ctrl+C (finishes the current pass, then stops)."""
    _setup()
    from hotwash.web.followthrough.tick import run_worker

    stop = threading.Event()

    def _stop(signum: int, frame: Any) -> None:
        if not stop.is_set():
            err.print(f"stopping after the current pass ({signal.Signals(signum).name})")
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)

    def on_tick(summary: Any) -> None:
        if not quiet or not summary.ok:
            _print_summary(summary)

    out.print(f"hotwash worker: a pass every {interval:g} s; stop with Ctrl+C or SIGTERM.")
    ticks = run_worker(interval=interval, stop=stop, on_tick=on_tick)
    out.print(f"hotwash worker stopped after {ticks} pass{'es' if ticks != 1 else ''}.")
