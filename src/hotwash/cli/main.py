"""Entry point of the ``hotwash`` command.

Each command group lives in its own module and registers itself on ``app`` here.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="hotwash",
    help="hotwash: blameless postmortems, from timeline to follow-through.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)


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
    import sys

    if len(sys.argv) > 1 and sys.argv[1] in ("lint", "rules"):
        # fast path: pre-commit runs `hotwash lint` on every commit and it must answer in < 0.5 s;
        # Typer's own start-up (parameter coercion through pydantic) costs more than that here.
        from hotwash.cli import lint

        sys.exit(lint.main(sys.argv[1:]))
    _register()
    app()


if __name__ == "__main__":
    run()
