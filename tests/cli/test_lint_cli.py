"""`hotwash lint` and `hotwash rules`, driven in-process and as the installed command."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from hotwash.cli.lint import main

BIN = Path(sys.executable).parent / "hotwash"


def run(argv: list[str], capsys: pytest.CaptureFixture[str], stdin: bytes | None = None,
        monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str, str]:
    if stdin is not None and monkeypatch is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def pm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    p = tmp_path / "pm.md"
    p.write_text("# Outage\n\nBob broke the build.\n\nThe deploy was rolled back at 10:40.\n")
    return p


def test_a_clean_file_exits_0(tmp_path: Path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    p = tmp_path / "ok.md"
    p.write_text("The deploy was rolled back at 10:40 and error rates recovered.\n")
    code, out, _ = run(["lint", str(p)], capsys)
    assert code == 0 and "no blame found" in out


def test_findings_exit_1_and_show_the_sentence_the_span_and_the_suggestion(pm: Path, capsys):
    code, out, _ = run(["lint", str(pm)], capsys)
    assert code == 1
    assert f"{pm}:3:1: BL001 [error] person-as-cause" in out
    assert "    Bob broke the build." in out and "    ^^^^^^^^^" in out
    assert "suggestion:" in out and "1 finding (1 error) in 1 file" in out


def test_json_output_is_machine_readable(pm: Path, capsys):
    code, out, _ = run(["lint", "--format", "json", str(pm)], capsys)
    data = json.loads(out)
    assert code == 1 and data["files"][0]["findings"][0]["code"] == "BL001"


def test_sarif_output_is_sarif_2_1_0(pm: Path, capsys):
    code, out, _ = run(["lint", "-f", "sarif", str(pm)], capsys)
    data = json.loads(out)
    assert code == 1 and data["version"] == "2.1.0"
    assert data["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == str(pm)


def test_github_output_is_one_workflow_command_per_finding(pm: Path, capsys):
    code, out, _ = run(["lint", "--format", "github", str(pm)], capsys)
    assert code == 1 and out.startswith(f"::error file={pm},line=3,col=1,")


def test_standard_input_is_read_with_a_dash(tmp_path: Path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(["lint", "-f", "json", "-"], capsys, stdin=b"The on-call ignored the page.\n",
                       monkeypatch=monkeypatch)
    assert code == 1 and json.loads(out)["files"][0]["path"] == "-"


def test_names_given_on_the_command_line_strengthen_detection(tmp_path: Path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    p = tmp_path / "pm.md"
    p.write_text("Zorblax skipped the canary stage.\n")
    assert run(["lint", str(p)], capsys)[0] == 0
    assert run(["lint", "--name", "Zorblax", str(p)], capsys)[0] == 1


def test_bad_files_get_a_message_each_while_the_others_are_still_checked(tmp_path: Path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    good = tmp_path / "good.md"
    good.write_text("Bob broke the build.\n")
    binary = tmp_path / "bin.md"
    binary.write_bytes(b"\x00\x01\x02")
    latin = tmp_path / "latin.md"
    latin.write_bytes(b"caf\xe9\n")
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    code, out, err = run(["lint", str(good), str(binary), str(latin), str(empty), str(tmp_path / "missing.md")],
                         capsys)
    assert code == 2
    assert "BL001" in out
    assert f"{binary}: error: binary file, not text" in err  # errors on stderr, findings on stdout
    assert f"{latin}: error: not valid UTF-8" in err
    assert "missing.md: error: no such file" in err and "missing.md" not in out.split("findings")[0]
    assert "3 files could not be checked" in out


def test_a_directory_is_searched_for_markdown_files(tmp_path: Path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pms").mkdir()
    (tmp_path / "pms" / "one.md").write_text("Ops neglected to renew the certificate.\n")
    (tmp_path / "pms" / "skip.txt").write_text("Bob broke the build.\n")
    code, out, _ = run(["lint", "-f", "json", str(tmp_path / "pms")], capsys)
    data = json.loads(out)
    assert code == 1 and [f["path"].endswith("one.md") for f in data["files"]] == [True]


def test_the_nearest_config_applies_and_a_broken_config_is_a_usage_error(tmp_path: Path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    p = tmp_path / "pm.md"
    p.write_text("Bob broke the build.\n")
    (tmp_path / ".hotwash.toml").write_text('[lint]\nignore = ["BL001"]\n')
    assert run(["lint", str(p)], capsys)[0] == 0
    (tmp_path / ".hotwash.toml").write_text('[lint]\nignore = "BL001"\n')
    code, out, err = run(["lint", str(p)], capsys)
    assert code == 2 and "lint.ignore" in err and "could not be checked" in out


def test_an_explicit_config_file_is_validated(tmp_path: Path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cfg = tmp_path / "custom.toml"
    cfg.write_text('[lint]\nseverity = { BL001 = "fatal" }\n')
    p = tmp_path / "pm.md"
    p.write_text("ok\n")
    code, _, err = run(["lint", "--config", str(cfg), str(p)], capsys)
    assert code == 2 and "lint.severity.BL001" in err


def test_usage_errors_exit_2(capsys):
    assert run(["lint", "--format", "xml", "x.md"], capsys)[0] == 2
    assert run(["lint", "--no-such-option"], capsys)[0] == 2
    code, _, err = run(["lint"], capsys)
    assert code == 2 and "at least one PATH" in err


def test_rules_lists_every_rule_and_prints_one_rules_docs(capsys):
    code, out, _ = run(["rules"], capsys)
    assert code == 0 and "BL001" in out and "person-as-cause" in out
    code, out, _ = run(["rules", "BL010"], capsys)
    assert code == 0 and out.startswith("# BL010 should-have") and "## Why it matters" in out
    code, _, err = run(["rules", "BL999"], capsys)
    assert code == 2 and "no rule" in err


def test_the_installed_command_answers_for_a_small_file(pm: Path):
    proc = subprocess.run([str(BIN), "lint", "--format", "github", str(pm)], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 1 and "BL001" in proc.stdout


def test_the_typer_app_routes_lint_and_rules(pm: Path):
    from typer.testing import CliRunner

    from hotwash.cli.main import _register, app

    _register()
    result = CliRunner().invoke(app, ["lint", "--format", "json", str(pm)])
    assert result.exit_code == 1 and json.loads(result.output)["files"][0]["findings"]
    assert CliRunner().invoke(app, ["rules", "BL001"]).exit_code == 0
