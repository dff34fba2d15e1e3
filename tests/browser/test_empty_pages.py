"""A fresh install: a new user, no incidents. Every top-level page renders and says what to do next."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hotwash.web.accounts.services import user_create
from hotwash.web.incidents.services import severity_defaults_ensure
from hotwash.web.postmortems.analysis_services import factor_categories_ensure

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "first-day-password"

# page → the text that tells a new user what is (not) there and where things come from
EMPTY_STATES = {
    "/": "No incidents yet. Record the first one, or import a postmortem written elsewhere.",
    "/actions/": "No action items yet. They are added on a postmortem",
    "/reviews/": "Nothing waits for a review.",
    "/retrospectives/": "No retrospectives yet.",
    "/library/": "No published postmortems yet. A postmortem enters the library when it is published.",
    "/import/": "Bring in a postmortem written in Markdown",
    "/settings/": "No tokens.",
    "/reviews/facilitators/": "Nobody yet. Be the first.",
    "/reviews/surveys/": "No answers yet.",
    "/incidents/new": "Times are in your zone",
}


def test_every_top_level_page_has_a_helpful_empty_state(browser, live_server, shot):
    severity_defaults_ensure()
    factor_categories_ensure()
    user_create(username="newcomer", password=PASSWORD)
    base = live_server.url
    problems: list[str] = []
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
    sign_in(page, base, "newcomer", PASSWORD)
    for path, text in EMPTY_STATES.items():
        response = page.goto(base + path)
        assert response is not None and response.status == 200, path
        expect(page.locator("main")).to_contain_text(text)
        expect(page.locator("h1")).to_have_count(1)
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0, path
        shot(page, "empty-" + (path.strip("/").replace("/", "-") or "home"))
    # the empty list's links lead somewhere useful
    page.goto(base + "/")
    page.click("#incident-table a:has-text('Record the first one')")
    expect(page.locator("h1")).to_have_text("New incident")
    assert problems == []
    context.close()


def test_filters_that_match_nothing_say_so_and_offer_the_way_back(browser, live_server):
    severity_defaults_ensure()
    user_create(username="newcomer", password=PASSWORD)
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    sign_in(page, base, "newcomer", PASSWORD)
    page.goto(f"{base}/?severity=critical")
    expect(page.locator("#f-severity")).to_have_value("critical")
    expect(page.locator("#incident-table")).to_contain_text("No incidents match these filters.")
    page.click("#incident-table a:has-text('Show all incidents')")
    expect(page.locator("#f-severity")).to_have_value("")
    expect(page.locator("#incident-table")).to_contain_text("No incidents yet.")
    context.close()
