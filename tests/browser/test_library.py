"""The learning library in a browser, on the demo data: search, filters, marks, look-alikes, restriction."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from hotwash.web.accounts.services import user_create
from hotwash.web.demo import DEMO_PASSWORD, DEMO_TITLE, load_demo
from hotwash.web.incidents.models import Incident
from hotwash.web.incidents.services import severity_defaults_ensure
from hotwash.web.library.demo import LOOKALIKE_TITLE
from hotwash.web.library.models import RecurrenceLink
from hotwash.web.library.services import incident_restriction_set
from hotwash.web.postmortems.analysis_services import factor_categories_ensure

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TLS_TITLE = "TLS certificate expired on the partner API gateway"


@pytest.fixture
def demo():  # type: ignore[no-untyped-def]
    severity_defaults_ensure()  # transactional tests flush the tables, seeded rows included
    factor_categories_ensure()
    incident = load_demo()  # the main incident and the library's earlier postmortems
    return {"main": incident, "lookalike": Incident.objects.get(title=LOOKALIKE_TITLE),
            "tls": Incident.objects.get(title=TLS_TITLE)}


def _page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id="Europe/Berlin")
    return context, context.new_page()


def test_a_reader_searches_filters_and_opens_a_result_with_the_words_marked(browser, live_server, demo, shot):
    context, page = _page(browser)
    base = live_server.url
    sign_in(page, base, "demo", DEMO_PASSWORD)
    page.click("nav >> text=Library")
    results = page.locator("#library-results")
    expect(results.locator("article")).to_have_count(6)  # the published ones; the demo incident is a draft
    expect(results).to_contain_text("6 postmortems")

    page.fill("#l-q", "connection lim")  # typing: the last word matches as a prefix
    expect(results).to_contain_text("1 postmortem matches “connection lim”")
    expect(results.locator("article")).to_have_count(1)
    expect(results.locator("article h2")).to_contain_text(LOOKALIKE_TITLE)
    expect(results.locator(".snippet mark").first).to_be_visible()
    assert page.url.endswith("/library/?q=connection+lim")  # the address follows the search, without empty fields
    shot(page, "library-01-search-while-typing")

    page.fill("#l-q", "configuration")
    expect(results).to_contain_text("2 postmortems match")
    assert page.url.endswith("/library/?q=configuration")
    page.select_option("#l-tag", "dns")
    expect(results.locator("article")).to_have_count(1)
    expect(results).to_contain_text("Internal lookups failed")
    page.select_option("#l-category", "communication")
    expect(results).to_contain_text("Nothing published matches")
    page.select_option("#l-category", "")
    page.select_option("#l-tag", "")
    expect(results).to_contain_text("2 postmortems match")
    page.select_option("#l-service", "payments-db")
    expect(results).to_contain_text("1 postmortem matches “configuration” with these filters")
    expect(results.locator("article")).to_have_count(1)
    expect(results.locator("article h2")).to_contain_text(LOOKALIKE_TITLE)
    assert page.url.endswith("/library/?q=configuration&service=payments-db")
    shot(page, "library-02-filtered")

    results.locator("article h2 a").first.click()
    expect(page.locator("#search-marks")).to_contain_text("Marked 1 match for “configuration”")
    first = page.locator("#first-match")
    expect(first).to_have_text(re.compile("configuration", re.IGNORECASE))
    expect(first).to_be_in_viewport()
    shot(page, "library-03-result-with-marks")
    page.click("#search-marks >> text=Back to the results")
    expect(page.locator("#l-q")).to_have_value("configuration")
    context.close()


def test_an_incident_shows_its_look_alike_with_the_state_of_past_fixes_and_the_team_decides(
        browser, live_server, demo, shot):
    context, page = _page(browser)
    base = live_server.url
    sign_in(page, base, "demo", DEMO_PASSWORD)
    page.goto(f"{base}/incidents/{demo['main'].pk}/")
    expect(page.locator("h1")).to_have_text(DEMO_TITLE)
    block = page.locator("#similar-incidents")
    first = block.locator(".similar-item").first
    expect(first).to_contain_text(LOOKALIKE_TITLE)  # the best match first
    expect(first).to_contain_text("same services")
    expect(first).to_contain_text("2 still open")
    expect(first).to_contain_text("1 did not work (reopened)")
    expect(first).to_contain_text("1 done")
    expect(first.locator("li", has_text="Put a connection pooler in front of payments-db")).to_contain_text("Open")
    expect(first.locator("li", has_text="Raise the payments-db connection limit")).to_contain_text(
        "Reopened: did not work")
    block.scroll_into_view_if_needed()
    shot(page, "library-04-look-alikes")

    first.locator("button:has-text('Same kind: link')").click()
    expect(block.locator(".notice.warn")).to_contain_text(f"This looks like {demo['lookalike'].ref}")
    assert RecurrenceLink.objects.filter(incident=demo["main"], earlier=demo["lookalike"], state="confirmed").exists()
    other = block.locator(".similar-item").first
    other_title = other.locator("a").first.inner_text()
    other.locator("button:has-text('Not related')").click()
    other_ref = other_title.split(" ", 1)[0]
    expect(block.locator(".similar-item", has_text=other_title)).to_have_count(0)
    expect(block.locator("#dismissed-matches")).to_contain_text(other_ref)
    assert RecurrenceLink.objects.filter(incident=demo["main"], state="dismissed").count() == 1
    shot(page, "library-05-confirmed-and-dismissed")
    block.locator("#dismissed-matches button:has-text('undo')").click()  # a slip of the mouse is undone
    expect(block.locator(".similar-item", has_text=other_title)).to_have_count(1)
    assert not RecurrenceLink.objects.filter(incident=demo["main"], state="dismissed").exists()

    page.goto(f"{base}/p/{demo['lookalike'].pk}")  # linked both ways
    expect(page.locator(".notice.warn")).to_contain_text(f"recurred as {demo['main'].ref}")
    context.close()


def test_a_restricted_incident_is_invisible_to_an_outsider_in_library_search_and_feed(
        browser, live_server, demo, shot):
    incident_restriction_set(incident=demo["tls"], restricted=True)
    user_create(username="olivia", password="olivia-password")
    context, page = _page(browser)
    base = live_server.url
    sign_in(page, base, "olivia", "olivia-password")
    page.goto(f"{base}/library/")
    results = page.locator("#library-results")
    expect(results).to_contain_text("5 postmortems")
    expect(results).not_to_contain_text(TLS_TITLE)
    page.fill("#l-q", "certificate")
    expect(results).to_contain_text("Nothing published matches")
    page.fill("#l-q", "")
    page.select_option("#l-tag", "tls")
    expect(results).to_contain_text("0 postmortems with these filters")
    expect(results).to_contain_text("No published postmortem passes these filters")
    shot(page, "library-06-outsider-search")

    assert page.goto(f"{base}/p/{demo['tls'].pk}").status == 404
    page.goto(f"{base}/library/feed")
    page.click("button:has-text('Create my feed address')")
    feed_url = page.locator("#feed-url").input_value()
    feed = page.goto(feed_url)
    assert feed.status == 200 and "Kafka consumer lag" in feed.text()
    assert TLS_TITLE not in feed.text()
    context.close()

    # the person who recorded it still finds it (the demo user is staff: everything is visible)
    context, page = _page(browser)
    sign_in(page, base, "demo", DEMO_PASSWORD)
    page.goto(f"{base}/library/?q=certificate")
    expect(page.locator("#library-results")).to_contain_text(TLS_TITLE)
    context.close()
