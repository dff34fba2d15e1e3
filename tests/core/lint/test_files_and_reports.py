"""Bad input gets a clear message; reports are valid JSON, SARIF 2.1.0 and GitHub annotations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hotwash.core.errors import LintError
from hotwash.core.lint import active_rules, check
from hotwash.core.lint.config import LintConfig
from hotwash.core.lint.files import MAX_BYTES, expand, read_source
from hotwash.core.lint.report import to_github, to_json, to_sarif


def test_binary_files_are_refused_with_a_clear_message(tmp_path: Path):
    p = tmp_path / "image.md"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(LintError, match="binary"):
        read_source(str(p))


def test_invalid_utf8_names_the_byte_and_line(tmp_path: Path):
    p = tmp_path / "latin1.md"
    p.write_bytes("ok\nCaf\xe9\n".encode("latin-1"))
    with pytest.raises(LintError, match=r"not valid UTF-8 \(byte 6, line 2\)"):
        read_source(str(p))


def test_a_file_over_the_limit_is_refused_without_being_read(tmp_path: Path):
    p = tmp_path / "huge.md"
    with p.open("wb") as fh:
        fh.seek(MAX_BYTES + 10)
        fh.write(b"x")
    with pytest.raises(LintError, match="too large"):
        read_source(str(p))


def test_a_missing_file_says_so(tmp_path: Path):
    with pytest.raises(LintError, match="no such file"):
        read_source(str(tmp_path / "nope.md"))


def test_an_empty_file_reads_as_empty_text(tmp_path: Path):
    p = tmp_path / "empty.md"
    p.write_bytes(b"")
    assert read_source(str(p)) == ""


def test_directories_expand_to_their_markdown_files(tmp_path: Path):
    (tmp_path / "a.md").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.markdown").write_text("x")
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "c.md").write_text("x")
    assert [Path(p).name for p in expand([str(tmp_path)])] == ["a.md", "b.markdown"]


def _results() -> dict[str, list]:
    return {"pm.md": check("Bob broke the build.\n\nHe just restarted it.\n")}


def test_json_report_lists_files_findings_and_errors():
    data = json.loads(to_json(_results(), {"gone.md": "no such file"}))
    assert data["files"][0]["path"] == "pm.md"
    assert [f["code"] for f in data["files"][0]["findings"]] == ["BL001", "BL040"]
    assert data["errors"] == [{"path": "gone.md", "message": "no such file"}]


def test_sarif_report_has_the_2_1_0_shape():
    rules = active_rules(LintConfig())
    data = json.loads(to_sarif(_results(), rules, version="0.1.0"))
    assert data["version"] == "2.1.0" and data["$schema"].endswith("sarif-2.1.0.json")
    run = data["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "hotwash-lint" and {r["id"] for r in driver["rules"]} >= {"BL001", "BL040"}
    first = run["results"][0]
    assert first["ruleId"] == "BL001" and first["level"] == "error"
    assert driver["rules"][first["ruleIndex"]]["id"] == "BL001"
    region = first["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 1 and region["startColumn"] == 1 and region["endColumn"] == 10
    fix = run["results"][1]["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert fix["insertedContent"]["text"] == ""


def test_github_annotations_escape_properties_and_data():
    out = to_github({"a,b:c.md": check("Bob broke the build.")})
    assert out.startswith("::error file=a%2Cb%3Ac.md,line=1,col=1,")
    assert "::BL001 " in out
