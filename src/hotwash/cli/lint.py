"""`hotwash lint` and `hotwash rules` as Typer commands; the work is in ``hotwash.cli.lint_run``.

Typer only routes: the options are parsed with argparse in ``lint_run``, so that ``hotwash lint``
does not pay for Typer's per-parameter coercion machinery (``hotwash.cli.main.run`` skips Typer
altogether for these two commands).
"""

from __future__ import annotations

import typer

from hotwash.cli.lint_run import FORMATS, lint_main, main, rules_main
from hotwash.cli.main import POSTMORTEM, app

__all__ = ["FORMATS", "lint_main", "main", "rules_main"]

_PASS_THROUGH = {"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []}


@app.command("lint", context_settings=_PASS_THROUGH, add_help_option=False, rich_help_panel=POSTMORTEM)
def lint_command(ctx: typer.Context) -> None:
    """Check postmortem text for blame: people as causes, hindsight, judgement words."""
    raise typer.Exit(lint_main(list(ctx.args)))


@app.command("rules", context_settings=_PASS_THROUGH, add_help_option=False, rich_help_panel=POSTMORTEM)
def rules_command(ctx: typer.Context) -> None:
    """List the language-checker rules, or print one rule's documentation: hotwash rules [CODE]."""
    raise typer.Exit(rules_main(list(ctx.args)))
