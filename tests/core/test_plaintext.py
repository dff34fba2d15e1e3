"""Markdown as plain words for excerpts: the syntax goes, the words and the lines stay."""

from __future__ import annotations

import pytest

from hotwash.core.plaintext import markdown_plain


@pytest.mark.parametrize(("markdown", "plain"), [
    ("# Title", "Title:"),
    ("### What went wrong? ###", "What went wrong?"),
    ("- a bullet", "a bullet."),
    ("  * nested, ends with a comma,", "nested, ends with a comma,"),
    ("3. third step", "third step."),
    ("- [x] done task", "done task."),
    ("> a quote", "a quote"),
    ("**bold** and __strong__ and *em* and _em_", "bold and strong and em and em"),
    ("`code *not em*` stays literal", "code *not em* stays literal"),
    ("[the docs](https://x.example/a_(b)) and ![chart](c.png)", "the docs and chart"),
    ("[ref link][1] and <https://example.com/x>", "ref link and https://example.com/x"),
    ("~~gone~~ text", "gone text"),
    (r"\*literal\* and a\_b", "*literal* and a_b"),
    ("snake_case_name and 2 * 3 * 4 and a*b", "snake_case_name and 2 * 3 * 4 and a*b"),
    ("| host | error |", "host; error."),
])
def test_one_line(markdown: str, plain: str) -> None:
    assert markdown_plain(markdown) == plain


def test_blocks_keep_their_lines_and_drop_rules_fences_and_references() -> None:
    text = "Heading\n=======\n\n```sh\nkubectl get pods # not a heading\n```\n---\n[1]: https://x.example\n| a |\n|---|"
    assert markdown_plain(text).split("\n") == ["Heading:", "", "", "", "kubectl get pods # not a heading", "",
                                                "", "", "a.", ""]


def test_empty_and_placeholder_characters() -> None:
    assert markdown_plain("") == ""
    assert markdown_plain("a \x00 b \x01 c") == "a  b  c"
