"""The generated rule pages under docs/rules/ are up to date."""

from __future__ import annotations

from pathlib import Path

from hotwash.core.lint.docs import generated_docs

DOCS = Path(__file__).resolve().parents[3] / "docs" / "rules"


def test_rule_docs_are_generated_and_not_stale():
    expected = generated_docs()
    for name, content in expected.items():
        path = DOCS / name
        assert path.is_file(), f"docs/rules/{name} is missing: run `python scripts/gen_rule_docs.py`"
        assert path.read_text(encoding="utf-8") == content, (
            f"docs/rules/{name} is stale: run `python scripts/gen_rule_docs.py`")
    stray = {p.name for p in DOCS.glob("*.md")} - set(expected)
    assert not stray, f"docs/rules has pages for no rule: {sorted(stray)}"
