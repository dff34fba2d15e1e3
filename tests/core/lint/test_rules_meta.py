"""Every rule documents itself and proves its own examples."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

from hotwash.core.lint import LintConfig, all_rules, check
from hotwash.core.lint.rule import SECTIONS

RULES = all_rules()
IDS = [r.code for r in RULES]


def _config(rule: object) -> LintConfig:
    code = rule.code  # type: ignore[attr-defined]
    return LintConfig(select=("BL", code), terms=getattr(rule, "example_terms", {}))


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_every_rule_has_a_code_a_kebab_name_a_family_and_a_severity(rule):
    assert re.fullmatch(r"BL\d{3}", rule.code)
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)
    assert rule.family
    assert rule.severity.value in ("error", "warning", "info")


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_every_rule_documents_the_four_fixed_sections(rule):
    sections = rule.sections
    for title in SECTIONS:
        assert len(sections.get(title, "")) > 20, f"{rule.code} lacks a '{title}' section"
    assert rule.summary and rule.why


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_every_rule_has_examples_that_it_flags_and_examples_that_it_passes(rule):
    assert len(rule.flags) >= 1 and len(rule.passes) >= 1


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_every_rule_flags_each_of_its_flag_examples(rule):
    for example in rule.flags:
        codes = [f.code for f in check(example, config=_config(rule), names=rule.example_names)]
        assert rule.code in codes, f"{rule.code} does not flag: {example!r} (got {codes})"


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_no_rule_flags_its_own_passing_examples(rule):
    for example in rule.passes:
        codes = [f.code for f in check(example, config=_config(rule), names=rule.example_names)]
        assert rule.code not in codes, f"{rule.code} flags a passing example: {example!r}"


def test_rule_codes_and_names_are_unique():
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)


def test_every_rule_module_in_the_families_is_registered():
    import hotwash.core.lint.rules as pkg

    registered = {type(r).__module__ for r in RULES}
    for family in pkgutil.iter_modules(pkg.__path__):
        sub = importlib.import_module(f"{pkg.__name__}.{family.name}")
        for mod in pkgutil.iter_modules(sub.__path__):
            assert f"{sub.__name__}.{mod.name}" in registered, f"{mod.name} is not in its family's RULES"


def test_the_six_families_of_the_issue_all_exist():
    families = {r.family for r in RULES}
    assert {"attribution", "hindsight", "judgement", "accusation", "minimizing", "rootcause"} <= families
