"""Write docs/rules/ (one page per rule and an index) from the rule modules.

Run:  .venv/bin/python scripts/gen_rule_docs.py
"""

from __future__ import annotations

from pathlib import Path

from hotwash.core.lint.docs import generated_docs

OUT = Path(__file__).resolve().parent.parent / "docs" / "rules"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    pages = generated_docs()
    for old in OUT.glob("*.md"):
        if old.name not in pages:
            old.unlink()
    for name, content in pages.items():
        (OUT / name).write_text(content, encoding="utf-8")
    print(f"wrote {len(pages)} pages to {OUT}")


if __name__ == "__main__":
    main()
