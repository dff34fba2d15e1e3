"""Searching the library: published postmortems only, ranked, highlighted, filtered."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hotwash.web.incidents.services import incident_create
from hotwash.web.library.selectors import LibraryFilters, library_search
from hotwash.web.library.services import library_reindex

from .library_support import T0, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(alice):  # type: ignore[no-untyped-def]
    return {
        "cert": published(alice, "TLS certificate expired on the API gateway",
                          summary="Clients failed the TLS handshake because the certificate expired at midnight.",
                          services=["api-gateway"], tags=["tls"], minutes=1),
        "dns": published(alice, "DNS resolution failures after a zone change",
                         summary="A bad record in the zone file made lookups fail for the payments domain.",
                         services=["dns"], tags=["dns"], minutes=2,
                         event="Resolver logs showed SERVFAIL for payments.example.com"),
        "pool": published(alice, "Checkout errors from connection pool exhaustion",
                          summary="The database connection pool was exhausted after a configuration change.",
                          services=["checkout-api", "payments-db"], tags=["database"], minutes=3,
                          factor="Pool size raised per pod without a fleet-wide limit"),
    }


def test_publishing_puts_a_postmortem_in_the_library_and_a_draft_stays_out(alice, shelf):
    incident_create(user=alice, title="Certificate draft still being written", severity="low", started_at=T0)
    library_reindex()
    found = library_search(user=alice, filters=LibraryFilters(q="certificate"))
    assert [i.incident.pk for i in found.items] == [shelf["cert"].pk]


def test_every_word_must_match_and_the_last_word_matches_as_a_prefix(alice, shelf):
    assert library_search(user=alice, filters=LibraryFilters(q="certificate zone")).total == 0
    prefix = library_search(user=alice, filters=LibraryFilters(q="connection exhau"))
    assert [i.incident.pk for i in prefix.items] == [shelf["pool"].pk]


def test_a_quoted_phrase_needs_its_words_together(alice, shelf):
    assert library_search(user=alice, filters=LibraryFilters(q='"connection pool"')).total == 1
    assert library_search(user=alice, filters=LibraryFilters(q='"pool connection"')).total == 0


def test_timeline_entries_and_factors_are_searched_too(alice, shelf):
    assert [i.incident.pk for i in library_search(user=alice, filters=LibraryFilters(q="servfail")).items] == [
        shelf["dns"].pk]
    assert [i.incident.pk for i in library_search(user=alice, filters=LibraryFilters(q="fleet-wide")).items] == [
        shelf["pool"].pk]


def test_matches_are_highlighted_and_the_rest_is_escaped(alice, shelf):
    item = library_search(user=alice, filters=LibraryFilters(q="handshake")).items[0]
    assert "<mark>handshake</mark>" in str(item.snippet)


def test_stemming_finds_other_forms_of_a_word(alice, shelf):
    assert library_search(user=alice, filters=LibraryFilters(q="expires certificates")).total == 1


def test_filters_narrow_a_search_and_a_browse(alice, shelf):
    assert library_search(user=alice, filters=LibraryFilters(q="change", service="dns")).total == 1
    assert library_search(user=alice, filters=LibraryFilters(tag="database")).total == 1
    assert library_search(user=alice, filters=LibraryFilters(category="technical")).total == 3
    assert library_search(user=alice, filters=LibraryFilters(severity="low")).total == 0


def test_the_title_weighs_more_than_the_body(alice, shelf):
    # "configuration" is in the pool summary; "zone" in the dns title: a title match ranks first.
    found = library_search(user=alice, filters=LibraryFilters(q="change"))
    assert found.items[0].incident.pk == shelf["dns"].pk


def test_the_library_page_lists_and_searches(alice_client, shelf):
    page = alice_client.get(reverse("library_index"), {"q": "dns"})
    assert page.status_code == 200
    text = page.content.decode()
    assert shelf["dns"].title in text and shelf["cert"].title not in text
    assert alice_client.get(reverse("library_index"), {"since": "not a date"}).status_code == 200


def test_the_search_api_returns_ranked_hits_with_excerpts(client, alice_token, shelf):
    response = client.get("/api/v1/library/search", {"q": "pool"}, HTTP_AUTHORIZATION=f"Bearer {alice_token}")
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 1 and body["results"][0]["id"] == shelf["pool"].pk
    assert "<mark>" in body["results"][0]["excerpt_html"]


def test_beyond_the_count_cap_a_search_says_more_than_and_ranks_only_the_newest_matches(
        alice, alice_client, client, alice_token, shelf, monkeypatch):  # type: ignore[no-untyped-def]
    from hotwash.web.library import search

    monkeypatch.setattr(search, "RANK_WINDOW", 2)
    # "technical" (the factor category) is in all three: only the two newest are counted and ranked.
    found = library_search(user=alice, filters=LibraryFilters(q="technical"))
    assert found.capped and found.total == 2
    assert sorted(i.incident.pk for i in found.items) == sorted([shelf["dns"].pk, shelf["pool"].pk])
    assert "More than 2 postmortems" in alice_client.get(reverse("library_index"), {"q": "technical"}).content.decode()
    body = client.get("/api/v1/library/search", {"q": "technical"}, HTTP_AUTHORIZATION=f"Bearer {alice_token}").json()
    assert body["total"] == 2 and body["total_capped"] is True


def test_below_the_count_cap_the_count_is_exact_and_not_marked(alice, shelf):  # type: ignore[no-untyped-def]
    found = library_search(user=alice, filters=LibraryFilters(q="technical"))
    assert found.total == 3 and not found.capped


def test_a_filtered_search_counts_and_ranks_within_the_filter(alice, shelf, monkeypatch):  # type: ignore[no-untyped-def]
    from hotwash.web.library import search

    monkeypatch.setattr(search, "RANK_WINDOW", 1)
    # the newest match overall is "pool"; with the dns filter the window holds the dns postmortem
    found = library_search(user=alice, filters=LibraryFilters(q="technical", service="dns"))
    assert [i.incident.pk for i in found.items] == [shelf["dns"].pk] and found.total == 1 and not found.capped
