"""The command line as a new user meets it: ``--help`` grouped with the main workflows first, and
wrong input (no database yet, an unreachable one, unknown incidents, files that are not what they
should be) answered with one readable line on stderr, a non-zero exit code and no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hotwash.cli.main import COMMAND_ORDER, _register, app

_register()
runner = CliRunner()
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "artifacts"


def hotwash(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The installed command in a fresh process (stdout/stderr are pipes, not a terminal)."""
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "HOTWASH_DATA_DIR", "COLUMNS")}
    return subprocess.run([str(Path(sys.executable).parent / "hotwash"), *args], capture_output=True, text=True,
                          env={**base, **(env or {})}, cwd=cwd, timeout=120)


def test_help_groups_the_commands_with_the_workflows_first() -> None:
    result = runner.invoke(app, ["--help"], prog_name="hotwash", env={"COLUMNS": "120"})
    assert result.exit_code == 0
    text = result.output
    panels = ["Start here", "Timeline and postmortem", "Follow-through and learning", "Run and administer"]
    positions = [text.index(f"─ {p} ") for p in panels]
    assert positions == sorted(positions)
    assert "─ Commands " not in text  # every command is in a group
    shown = [name for name in COMMAND_ORDER if f"│ {name} " in text]
    assert shown == list(COMMAND_ORDER)
    assert text.index("│ demo ") < text.index("│ timeline ") < text.index("│ actions ") < text.index("│ serve ")
    assert "hotwash demo" in text.split("Run and administer")[1]  # the epilog points a new user somewhere


def test_every_command_has_help() -> None:
    for name in COMMAND_ORDER:
        if name in ("lint", "rules"):  # their own argument parser (the fast path): tested in test_lint_cli
            continue
        result = runner.invoke(app, [name, "--help"], prog_name="hotwash", env={"COLUMNS": "120"})
        assert result.exit_code == 0, (name, result.output)
        assert "Usage: hotwash " + name in result.output


def test_no_database_tables_yet_says_run_migrate(tmp_path: Path) -> None:
    for args in (["actions", "list"], ["export", "INC-1"], ["digest"], ["library", "reindex"],
                 ["timeline", "import", "INC-1", str(FIXTURES / "app.jsonl")]):
        result = hotwash(*args, env={"HOTWASH_DATA_DIR": str(tmp_path)})
        assert result.returncode == 1, (args, result.stderr)
        assert result.stdout == ""
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
        assert result.stderr.startswith("error: the database has no tables yet") and "hotwash migrate" in result.stderr


def test_an_unreachable_database_is_one_line(tmp_path: Path) -> None:
    result = hotwash("actions", "list", env={"DATABASE_URL": "postgresql://postgres@127.0.0.1:1/none"})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: database error:") and "DATABASE_URL" in result.stderr


def test_a_data_directory_that_cannot_be_made_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    result = hotwash("migrate", env={"HOTWASH_DATA_DIR": str(blocker / "data")})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ") and str(blocker) in result.stderr


def test_usage_errors_are_one_unwrapped_line_on_stderr() -> None:
    result = hotwash("timeline", "build", "--since", "yesterday", str(FIXTURES / "app.jsonl"))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == ("error: --since: not a time: 'yesterday' (use 2024-05-01T14:00 or "
                             "2024-05-01T14:00:00Z)\n")
    result = hotwash("timeline", "build", "--format", "nope", str(FIXTURES / "app.jsonl"))
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert "unknown format 'nope'; choose one of: access," in result.stderr and "zoom" in result.stderr


@pytest.mark.django_db
def test_export_names_the_incident_it_could_not_find() -> None:
    result = runner.invoke(app, ["export", "INC-99"], prog_name="hotwash")
    assert result.exit_code == 2
    assert "error: no incident INC-99" in result.output


@pytest.mark.django_db
def test_import_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("just some notes\n")
    result = runner.invoke(app, ["import", str(path)], prog_name="hotwash")
    assert result.exit_code == 1
    assert f"error: {path}:line 1: not a postmortem" in " ".join(result.output.split())


@pytest.mark.django_db
def test_actions_list_says_when_there_is_nothing() -> None:
    result = runner.invoke(app, ["actions", "list"], prog_name="hotwash")
    assert result.exit_code == 0 and result.output.strip() == "No action items yet."
    result = runner.invoke(app, ["actions", "list", "--owner", "nobody"], prog_name="hotwash")
    assert result.exit_code == 0 and result.output.strip() == "No action items match these filters."


def test_digest_with_a_bad_since_names_the_option_on_stderr() -> None:
    result = hotwash("digest", "--since", "yesterday-ish")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == "error: Invalid value for --since: a date (2026-03-01) or a number of days (14d)\n"
