"""Commands over the database and the web server: demo, serve, migrate, createuser, token."""

from __future__ import annotations

import os
import sys

import typer
from rich.console import Console

from hotwash.cli.main import RUN, START, app

err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)

token_app = typer.Typer(help="Manage API tokens.", no_args_is_help=True)
app.add_typer(token_app, name="token", rich_help_panel=RUN)


def _migrate(verbosity: int = 0) -> None:
    from hotwash.cli.django_env import ensure_data_dir, setup

    setup()
    ensure_data_dir()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


@app.command(rich_help_panel=START)
def migrate() -> None:
    """Create or update the database tables (SQLite under $HOTWASH_DATA_DIR, or $DATABASE_URL)."""
    _migrate(verbosity=1)
    from django.db import connection

    out.print(f"[green]Database is up to date[/green] ({connection.vendor}: {connection.settings_dict['NAME']}).")


@app.command(rich_help_panel=START)
def demo(host: str = typer.Option("127.0.0.1", help="Address to listen on."),
         port: int = typer.Option(8000, help="Port to listen on."),
         no_serve: bool = typer.Option(False, "--no-serve", help="Load the demo and exit without serving.")) -> None:
    """Migrate, load a realistic demo incident with a complete postmortem, print a login, and serve."""
    _migrate()
    from hotwash.web.demo import DEMO_PASSWORD, DEMO_USER, load_demo

    incident = load_demo()
    url = f"http://{host}:{port}"
    out.print(f"[bold]hotwash demo[/bold] is ready: {url}/incidents/{incident.pk}/")
    out.print(f"Sign in as [bold]{DEMO_USER}[/bold] with password [bold]{DEMO_PASSWORD}[/bold]")
    out.print("Same password: [bold]priya[/bold] facilitates the review (reads private accounts and notes), "
              "[bold]marco[/bold] and [bold]dana[/bold] took part")
    if no_serve:
        return
    out.print("Press Ctrl+C to stop.")
    from django.core.management import call_command

    call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True)


@app.command(rich_help_panel=RUN)
def serve(host: str = typer.Option("127.0.0.1", help="Address to listen on (0.0.0.0 for all)."),
          port: int = typer.Option(8000, help="Port to listen on."),
          workers: int = typer.Option(2, help="Number of worker processes."),
          migrate_first: bool = typer.Option(False, "--migrate", help="Apply migrations before serving.")) -> None:
    """Production server: gunicorn with static files through WhiteNoise. Stateless: run as many as you like."""
    from hotwash.cli.django_env import ensure_data_dir, setup

    setup()
    ensure_data_dir()
    from django.core.management import call_command

    if migrate_first:
        call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    args = [sys.executable, "-m", "gunicorn", "hotwash.web.wsgi:application", "--bind", f"{host}:{port}",
            "--workers", str(workers), "--access-logfile", "-"]
    os.execv(sys.executable, args)


@app.command(rich_help_panel=START)
def createuser(username: str = typer.Argument(..., help="The new user's login name."),
               email: str = typer.Option("", help="Email address, for reminders and invitations."),
               staff: bool = typer.Option(False, "--staff", help="May use the Django admin."),
               timezone_name: str = typer.Option("UTC", "--timezone", help="IANA zone to show times in."),
               password: str = typer.Option(None, help="Password (prompted for when not given).")) -> None:
    """Create a user who can sign in."""
    from hotwash.cli.django_env import setup

    setup()
    from hotwash.core.errors import ValidationError
    from hotwash.web.accounts.services import user_create

    if password is None:
        if not sys.stdin.isatty():
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user_create(username=username, password=password, email=email, is_staff=staff, timezone_name=timezone_name)
    except ValidationError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    out.print(f"Created user [bold]{username}[/bold]{' (staff)' if staff else ''}.")


@token_app.command("create")
def token_create(username: str = typer.Argument(..., help="Whose token."),
                 name: str = typer.Option("cli", help="A name to recognise the token by.")) -> None:
    """Create an API token for USER and print it (it is shown only once)."""
    from hotwash.cli.django_env import setup

    setup()
    from django.contrib.auth import get_user_model

    from hotwash.web.accounts.services import api_token_create

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        err.print(f"[red]error:[/red] no user named {username!r}; create one with `hotwash createuser {username}`")
        raise typer.Exit(2)
    _, raw = api_token_create(user=user, name=name)
    print(raw)
