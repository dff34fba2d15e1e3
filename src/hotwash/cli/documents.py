"""`hotwash export` and `hotwash import`: the postmortem as Markdown, HTML or PDF, and back."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console

from hotwash.cli.main import POSTMORTEM, app

err = Console(stderr=True, soft_wrap=True)


def _incident_id(raw: str) -> int:
    value = raw.strip().upper().removeprefix("INC-")
    if not value.isdigit():
        err.print(f"[red]error:[/red] {raw!r} is not an incident (use 12 or INC-12)")
        raise typer.Exit(2)
    return int(value)


@app.command("export", rich_help_panel=POSTMORTEM)
def export(incident: str = typer.Argument(..., help="Incident id or reference, e.g. 12 or INC-12."),
           fmt: str = typer.Option("md", "--format", "-f", help="md, html or pdf."),
           output: Path = typer.Option(None, "--output", "-o", help="File to write (default: standard output; "
                                                                    "PDF needs -o).")) -> None:
    """Export a postmortem in the template's structure: Markdown, standalone HTML or PDF."""
    from hotwash.cli.django_env import setup

    setup()
    from hotwash.core.errors import NotFound, ValidationError
    from hotwash.web.incidents.selectors import incident_get
    from hotwash.web.postmortems.export import postmortem_export
    from hotwash.web.postmortems.selectors import postmortem_for

    if fmt not in ("md", "html", "pdf"):
        err.print(f"[red]error:[/red] unknown format {fmt!r}: use md, html or pdf")
        raise typer.Exit(2)
    if fmt == "pdf" and output is None and sys.stdout.isatty():
        err.print("[red]error:[/red] PDF is binary: give -o FILE.pdf or redirect the output")
        raise typer.Exit(2)
    try:
        rendered = postmortem_export(postmortem=postmortem_for(incident=incident_get(pk=_incident_id(incident))),
                                     fmt=fmt)
    except (NotFound, ValidationError) as exc:
        message = f"no incident {incident}" if isinstance(exc, NotFound) and exc.field == "incident" else str(exc)
        err.print(f"[red]error:[/red] {message}", highlight=False)
        raise typer.Exit(2) from exc
    if output is None:
        sys.stdout.buffer.write(rendered.content)
        sys.stdout.flush()
    else:
        output.write_bytes(rendered.content)
        err.print(f"Wrote {output} ({len(rendered.content):,} bytes).")


@app.command("import", rich_help_panel=POSTMORTEM)
def import_(path: Path = typer.Argument(..., help="A Markdown postmortem in the template's structure, or -."),
            as_user: str = typer.Option("", "--user", help="Record the import as this user.")) -> None:
    """Import a Markdown postmortem: creates the incident and its postmortem; lists what could not be placed."""
    from hotwash.cli.django_env import setup

    setup()
    from django.contrib.auth import get_user_model

    from hotwash.core.errors import ValidationError
    from hotwash.web.postmortems.import_services import postmortem_import_markdown

    name = str(path)
    try:
        raw = sys.stdin.buffer.read() if name == "-" else path.read_bytes()
        text = raw.decode("utf-8")
    except FileNotFoundError:
        err.print(f"[red]error:[/red] {name}: no such file")
        raise typer.Exit(2) from None
    except IsADirectoryError:
        err.print(f"[red]error:[/red] {name}: is a directory")
        raise typer.Exit(2) from None
    except UnicodeDecodeError as exc:
        err.print(f"[red]error:[/red] {name}: not UTF-8 text (byte {exc.start})")
        raise typer.Exit(1) from exc
    user = get_user_model().objects.filter(username=as_user).first() if as_user else None
    if as_user and user is None:
        err.print(f"[red]error:[/red] no user named {as_user!r}")
        raise typer.Exit(2)
    try:
        outcome = postmortem_import_markdown(text=text, user=user, source_name=name)
    except ValidationError as exc:
        where = f"{name}:{exc.where}" if exc.where else name
        detail = f"{exc.field}: {exc.message}" if exc.field else exc.message
        err.print(f"[red]error:[/red] {where}: {detail} (nothing was imported)", highlight=False)
        raise typer.Exit(1) from exc
    incident = outcome.incident
    print(f"Imported {incident.ref}: {incident.title}")
    for warning in outcome.warnings:
        err.print(f"[yellow]warning:[/yellow] {warning}")
    for item in outcome.unplaced:
        err.print(f"[yellow]not placed:[/yellow] {item}")
