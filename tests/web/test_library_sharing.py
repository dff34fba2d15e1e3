"""Sharing: permalinks, the Atom feed with its secret URL, redacted exports."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hotwash.web.library.export import ExportOptions, export_markdown
from hotwash.web.library.models import FeedToken
from hotwash.web.library.services import feed_token_rotate

from .library_support import published

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(alice, bob):  # type: ignore[no-untyped-def]
    return published(alice, "Cache stampede after a deploy",
                     summary="Marco Silva saw cache misses on cache-1.prod.internal (10.1.2.3); "
                             "Dana Okafor mailed dana@acme.example. Bob Stone rolled back.",
                     participants=[("Marco Silva", "on-call engineer", None, False),
                                   ("Dana Okafor", "incident commander", None, False),
                                   ("Bob Stone", "SRE", bob, True)])


def test_the_redacted_export_replaces_names_by_roles_and_masks_hosts_ips_and_emails(shared):
    text = export_markdown(shared)
    assert "Marco" not in text and "Okafor" not in text
    assert "the on-call engineer saw" in text and "the incident commander mailed" in text
    assert "Bob Stone rolled back" in text  # he consented to be named
    assert "cache-1.prod.internal" not in text and "10.1.2.3" not in text and "dana@acme.example" not in text
    assert "[host]" in text and "[ip]" in text and "[email]" in text


def test_an_unredacted_export_keeps_everything(shared):
    assert "Marco Silva saw" in export_markdown(shared, ExportOptions.none())


def test_the_permalink_shows_the_document_and_the_export_links(alice_client, shared):
    page = alice_client.get(f"/p/{shared.pk}")
    assert page.status_code == 200 and "Cache stampede" in page.content.decode()
    assert alice_client.get(f"/p/INC-{shared.pk}").status_code == 200
    md = alice_client.get(reverse("library_export", args=[shared.pk, "md"]))
    assert md["Content-Type"].startswith("text/markdown") and "Marco" not in md.content.decode()
    html = alice_client.get(reverse("library_export", args=[shared.pk, "html"]), {"mask": "emails"})
    assert "10.1.2.3" in html.content.decode() and "[email]" in html.content.decode()


def test_a_draft_has_no_permalink(alice_client, incident):
    assert alice_client.get(f"/p/{incident.pk}").status_code == 404


def test_the_feed_needs_a_session_or_a_valid_token_and_lists_publications(client, alice, shared):
    assert client.get(reverse("library_feed")).status_code == 401
    assert client.get(reverse("library_feed"), {"token": "forged"}).status_code == 401
    client.force_login(alice)
    page = client.get(reverse("library_feed_settings"))
    assert page.status_code == 200
    client.post(reverse("library_feed_settings"))
    url = client.get(reverse("library_feed_settings")).context["feed_url"]
    client.logout()
    feed = client.get(url)
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/atom+xml")
    assert "Cache stampede after a deploy" in feed.content.decode()
    assert f"/p/{shared.pk}" in feed.content.decode()
    feed_token_rotate(user=alice)  # a new secret: the old URL stops working
    assert client.get(url).status_code == 401
    assert FeedToken.objects.count() == 1


ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_feed_is_valid_atom(client, alice, shared):  # type: ignore[no-untyped-def]
    """The elements RFC 4287 requires: feed id, title, updated and an author (no entry names one);
    each entry an id, title, updated and an alternate link; ids unique; summaries as HTML."""
    from datetime import datetime
    from xml.etree import ElementTree

    client.force_login(alice)
    feed = ElementTree.fromstring(client.get(reverse("library_feed")).content)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert (feed.findtext(f"{ATOM}{name}") or "").strip(), name
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "hotwash"
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    for entry in entries:
        for name in ("id", "title", "updated", "published"):
            assert (entry.findtext(f"{ATOM}{name}") or "").strip(), name
        datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))  # RFC 3339
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").endswith(f"/p/{shared.pk}")
        summary = entry.find(f"{ATOM}summary")
        assert summary.get("type") == "html" and summary.text.startswith("<p>Marco Silva saw")
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == len(entries)


def test_a_permalink_opened_from_a_search_marks_the_search_words(alice_client, shared):
    results = alice_client.get(reverse("library_index"), {"q": "cache misses"}).content.decode()
    assert f'href="/p/{shared.pk}?q=cache%20misses"' in results
    page = alice_client.get(f"/p/{shared.pk}", {"q": "cache misses"}).content.decode()
    assert '<mark class="hit" id="first-match">' in page and "Marked " in page
    assert "<mark class=\"hit\">misses</mark>" in page
    assert "<mark" not in alice_client.get(f"/p/{shared.pk}").content.decode()
    nothing = alice_client.get(f"/p/{shared.pk}", {"q": "zebra"}).content.decode()
    assert "No words of “zebra” in the text below" in nothing
