"""Entry point of the ``hotwash`` command.

Each command group lives in its own module and registers itself on ``app`` here. ``app`` (the
Typer application) is made on first use, so the fast paths of ``run`` never import Typer.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

    app: typer.Typer  # made by __getattr__ on first use

_APP: list[typer.Typer] = []


# ``hotwash --help`` groups the commands by what a user does, the main workflows first; the order
# of the commands inside the help follows ``COMMAND_ORDER`` (each command names its panel).
START, POSTMORTEM, FOLLOW, RUN = ("Start here", "Timeline and postmortem", "Follow-through and learning",
                                  "Run and administer")
COMMAND_ORDER = ("demo", "migrate", "createuser", "timeline", "import", "export", "lint", "rules", "actions",
                 "digest", "library", "serve", "tick", "worker", "token")
EPILOG = ("New here? [bold]hotwash demo[/bold] loads an example incident and serves it. "
          "Draft a timeline from exported chat, alerts and logs: [bold]hotwash timeline build FILE…[/bold]. "
          "Every command has --help.")


def _make_app() -> typer.Typer:
    import typer
    from typer.core import TyperGroup

    class Ordered(TyperGroup):
        def list_commands(self, ctx: object) -> list[str]:  # type: ignore[override]
            names = super().list_commands(ctx)  # type: ignore[arg-type]
            rank = {name: i for i, name in enumerate(COMMAND_ORDER)}
            return sorted(names, key=lambda name: rank.get(name, len(rank)))

    return typer.Typer(
        name="hotwash",
        help="hotwash: blameless postmortems, from timeline to follow-through.",
        epilog=EPILOG,
        cls=Ordered,
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode="rich",
    )


def __getattr__(name: str) -> typer.Typer:
    if name == "app":
        if not _APP:
            _APP.append(_make_app())
        return _APP[0]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _register() -> None:
    # Imported here so that `hotwash --help` stays fast and each module stays independent.
    from hotwash.cli import (
        actions,  # noqa: F401  (actions list, tick, worker)
        documents,  # noqa: F401  (export, import)
        library,  # noqa: F401  (library reindex, digest)
        lint,  # noqa: F401  (lint, rules)
        server,  # noqa: F401  (demo, serve, migrate, createuser, token)
        timeline,  # noqa: F401  (timeline build)
    )


def run() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in ("lint", "rules"):
        # fast path: pre-commit runs `hotwash lint` on every commit and it must answer in < 0.5 s;
        # Typer's own start-up is a large part of that. lint_run imports neither Typer nor Rich
        # (Rich only for text output).
        from hotwash.cli import lint_run

        sys.exit(lint_run.main(sys.argv[1:]))
    if sys.argv[1:3] == ["timeline", "build"]:
        # fast path: reading a gigabyte of logs has a time budget (bench/timeline_speed.py) and
        # Typer and the other command modules cost ~0.2 s to import. Plain command lines run
        # without them; anything else (--help, a bad value, an unknown option) goes to Typer.
        from hotwash.core.timeline import jsonlog  # imported by the build in any case

        # how many CPUs are idle is measured from here to the split of a large log (~0.1 s)
        jsonlog.CPU_SINCE = jsonlog.cpu_sample()
        from hotwash.cli import timeline_build

        code = timeline_build.main(sys.argv[3:])
        if code is not None:
            sys.exit(code)
    _register()
    try:
        __getattr__("app")()
    except OSError as exc:  # a data directory that cannot be made, a file that cannot be written …
        where = f"{exc.filename}: " if exc.filename else ""
        sys.stderr.write(f"error: {where}{exc.strerror or exc}\n")
        sys.exit(1)
    except Exception as exc:
        if not type(exc).__module__.startswith(("django.db", "psycopg", "sqlite3")):
            raise
        sys.exit(_database_error(exc))


def _database_error(exc: Exception) -> int:
    """A database that is missing, not migrated or unreachable: one line on stderr, exit 1."""
    text = " ".join(str(exc).split())
    if "no such table" in text or ("relation" in text and "does not exist" in text):
        message = f"the database has no tables yet or is out of date ({text}); run `hotwash migrate` first"
    elif "unable to open database" in text:
        message = f"cannot open the SQLite database ({text}); check $HOTWASH_DATA_DIR"
    else:
        message = f"database error: {text} (is $DATABASE_URL right and the server up?)"
    sys.stderr.write(f"error: {message}\n")
    return 1


if __name__ == "__main__":
    run()
