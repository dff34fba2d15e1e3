"""Suppression comments need a reason; configuration selects, ignores and re-grades rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotwash.core.errors import LintError
from hotwash.core.lint import LintConfig, all_rules, check, find_config, load_config
from hotwash.core.lint.registry import all_codes


def test_a_reasoned_suppression_silences_the_next_line_only():
    text = ("<!-- hotwash-disable BL001: Bob is the name of our deploy bot -->\n"
            "Bob broke the build.\nBob broke the build.\n")
    found = check(text)
    assert [(f.code, f.line) for f in found] == [("BL001", 3)]


def test_a_disable_line_comment_silences_its_own_line():
    text = "Bob broke the build. <!-- hotwash-disable-line BL0: quoting the ticket -->\n"
    assert check(text) == []


def test_a_suppression_without_a_reason_is_itself_reported_as_blocking():
    text = "<!-- hotwash-disable BL001 -->\nBob broke the build.\n"
    [f] = check(text)
    assert f.code == "BL090" and f.severity == "error" and f.line == 1


def test_a_suppression_naming_no_rule_is_reported():
    text = "<!-- hotwash-disable BL999: typo -->\nBob broke the build.\n"
    assert sorted(f.code for f in check(text)) == ["BL001", "BL091"]


def test_a_file_wide_suppression_covers_every_line():
    text = "<!-- hotwash-disable-file BL001: a story about the bot named Bob -->\n\nBob broke it.\n\nBob broke prod.\n"
    assert check(text) == []


def test_select_and_ignore_work_by_code_prefix_with_the_longest_prefix_winning():
    text = "Bob broke the build. You should have checked."
    assert {f.code for f in check(text, config=LintConfig(select=("BL01",)))} == {"BL010"}
    assert {f.code for f in check(text, config=LintConfig(ignore=("BL0",)))} == set()
    assert {f.code for f in check(text, config=LintConfig(ignore=("BL0",), select=("BL001",)))} == {"BL001"}


def test_opt_in_rules_run_only_when_selected_by_their_full_code():
    text = "The root cause was a bug in the parser."
    assert check(text) == []
    assert [f.code for f in check(text, config=LintConfig(select=("BL", "BL051")))] == ["BL051"]


def test_severity_overrides_apply_by_prefix():
    [f] = check("You should have checked.", config=LintConfig(severity={"BL01": "error"}))
    assert f.severity == "error"


def test_extra_terms_are_flagged_with_their_suggestion():
    cfg = LintConfig(terms={"hero": "Describe the work instead."})
    [f] = check("The hero of the night restored the backup.", config=cfg)
    assert f.code == "BL080" and f.suggestion == "Describe the work instead."


def test_config_is_read_from_pyproject_found_by_walking_up(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.hotwash.lint]\nignore = ["BL04"]\nnames = ["Zorblax"]\nseverity = { BL001 = "warning" }\n'
        'terms = ["rockstar"]\n')
    deep = tmp_path / "docs" / "postmortems"
    deep.mkdir(parents=True)
    assert find_config(deep) == tmp_path / "pyproject.toml"
    cfg = load_config(start=deep, known_codes=all_codes())
    assert cfg.ignore == ("BL04",) and cfg.names == ("Zorblax",) and "rockstar" in cfg.terms
    [f] = check("Zorblax broke the build.", config=cfg)
    assert f.severity == "warning"


def test_a_dot_hotwash_toml_wins_over_a_pyproject_further_up(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[tool.hotwash.lint]\nignore = ["BL0"]\n')
    sub = tmp_path / "pm"
    sub.mkdir()
    (sub / ".hotwash.toml").write_text('[lint]\nselect = ["BL001"]\n')
    assert load_config(start=sub).select == ("BL001",)


def test_a_pyproject_without_the_section_is_skipped(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config(tmp_path) is None or find_config(tmp_path) != tmp_path / "pyproject.toml"


@pytest.mark.parametrize("body, key", [
    ('[tool.hotwash.lint]\nselect = "BL0"\n', "tool.hotwash.lint.select"),
    ('[tool.hotwash.lint]\nignore = ["XX1"]\n', "tool.hotwash.lint.ignore"),
    ('[tool.hotwash.lint]\nseverity = { BL001 = "fatal" }\n', "tool.hotwash.lint.severity.BL001"),
    ('[tool.hotwash.lint]\nnames = [1]\n', "tool.hotwash.lint.names"),
    ('[tool.hotwash.lint]\nterms = 3\n', "tool.hotwash.lint.terms"),
    ('[tool.hotwash.lint]\ncolour = true\n', "tool.hotwash.lint.colour"),
    ('[tool.hotwash.lint]\nselect = ["BL7"]\n', "tool.hotwash.lint.select"),
])
def test_config_errors_name_the_file_and_the_key(tmp_path: Path, body: str, key: str):
    path = tmp_path / "pyproject.toml"
    path.write_text(body)
    with pytest.raises(LintError) as info:
        load_config(path, known_codes=tuple(r.code for r in all_rules()))
    assert info.value.where == str(path) and info.value.field == key


def test_invalid_toml_is_a_lint_error_naming_the_file(tmp_path: Path):
    path = tmp_path / ".hotwash.toml"
    path.write_text("[lint\n")
    with pytest.raises(LintError) as info:
        load_config(path)
    assert str(path) in str(info.value)
