"""Search excerpts and list summaries read as text: no Markdown syntax, the marks and words kept."""

from __future__ import annotations

import pytest

from hotwash.web.library.selectors import LibraryFilters, library_search

from .library_support import published

pytestmark = pytest.mark.django_db

SUMMARY = """## Impact

- **Checkout** failed for `payments-db` clients; see [the dashboard](https://grafana.internal/d/abc).
- Retries *doubled* the load on ~~old~~ replicas."""


@pytest.fixture
def written(alice):  # type: ignore[no-untyped-def]
    return published(alice, "Checkout failures from a replica overload", summary=SUMMARY,
                     details="1. Rolled back `pool_size`\n2. __Paged__ the database team\n\n> Quoted runbook step",
                     services=["payments-db"], minutes=5)


def test_a_search_excerpt_has_no_markdown_but_keeps_the_words_and_marks(alice, written):
    item = library_search(user=alice, filters=LibraryFilters(q="checkout dashboard doubled")).items[0]
    snippet = str(item.snippet)
    assert "<mark>Checkout</mark> failed for payments-db clients; see the <mark>dashboard</mark>." in snippet
    assert "Retries <mark>doubled</mark> the load on old replicas." in snippet
    for syntax in ("##", "- ", "**", "`", "](", "grafana.internal", "~~", "*"):
        assert syntax not in snippet, syntax


def test_excerpts_of_other_sections_lose_numbers_quotes_and_underscores(alice, written):
    snippet = str(library_search(user=alice, filters=LibraryFilters(q="paged runbook")).items[0].snippet)
    assert "<mark>Paged</mark> the database team." in snippet and "Quoted <mark>runbook</mark> step" in snippet
    assert "__" not in snippet and "&gt;" not in snippet and "2." not in snippet


def test_a_browsed_row_shows_the_summary_as_plain_words(alice, written):
    item = library_search(user=alice, filters=LibraryFilters()).items[0]
    assert item.summary.startswith("Impact: Checkout failed for payments-db clients; see the dashboard.")
    assert "**" not in item.summary and "#" not in item.summary
