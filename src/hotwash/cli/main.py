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


def _make_app() -> typer.Typer:
    import typer

    return typer.Typer(
        name="hotwash",
        help="hotwash: blameless postmortems, from timeline to follow-through.",
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
        from hotwash.cli import timeline_build

        code = timeline_build.main(sys.argv[3:])
        if code is not None:
            sys.exit(code)
    _register()
    __getattr__("app")()


if __name__ == "__main__":
    run()
