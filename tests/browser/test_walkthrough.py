"""A user's walk through the demo: every page reachable from the navigation and the demo incident loads
cleanly in Chromium, on a laptop and on a phone, and the API docs work without internet."""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import expect

from hotwash.web.demo import DEMO_PASSWORD, load_demo
from hotwash.web.incidents.services import severity_defaults_ensure
from hotwash.web.postmortems.analysis_services import factor_categories_ensure

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Downloads, feeds, exports and sign-out are not pages to look at; the admin is Django's own (its index is checked).
NOT_A_PAGE = re.compile(r"/logout/|/admin/.|/api/|\.(ics|csv|atom|svg|png|pdf|md|html|json)\b|download=|/export")
NOT_FETCHED = re.compile(r"/logout/|/admin/.|/api/")  # the downloads among NOT_A_PAGE are fetched, not shown
BROKEN = ("Traceback", "Server Error", "Something went wrong", "URLPattern", "TemplateSyntaxError")
MAX_PAGES = 60


def _shape(path: str) -> str:
    """One visit per kind of page: /incidents/3/review/ and /incidents/7/review/ are the same page."""
    return re.sub(r"\d+", "N", path)


def _watch(page, problems: list[str]) -> None:  # type: ignore[no-untyped-def]
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
    # a request the browser cancels itself (the favicon when the next page is already on its way) is no fault
    page.on("requestfailed", lambda r: problems.append(f"failed {r.url} {r.failure}")
            if r.failure != "net::ERR_ABORTED" else None)


def _crawl(page, base: str, start: list[str], downloads: set[str]) -> list[str]:  # type: ignore[no-untyped-def]
    """Visit pages breadth-first from ``start`` (same origin, bounded); return the paths visited. The links
    that are downloads (exports, calendars, feeds) are collected in ``downloads``, one per kind."""
    origin = urlsplit(base).netloc
    queue, shapes, visited = deque(start), set(), []
    download_shapes: set[str] = set()
    problems: list[str] = []
    _watch(page, problems)
    while queue and len(visited) < MAX_PAGES:
        path = queue.popleft()
        if NOT_A_PAGE.search(path):
            if not NOT_FETCHED.search(path) and _shape(path) not in download_shapes:
                download_shapes.add(_shape(path))
                downloads.add(path)
            continue
        if _shape(path) in shapes:
            continue
        shapes.add(_shape(path))
        problems.clear()
        response = page.goto(base + path, wait_until="networkidle")
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"
        assert page.title().endswith("· hotwash") and len(page.title()) > len("· hotwash"), f"{path}: no title"
        assert page.locator("h1").count() >= 1, f"{path}: no <h1>"
        text = page.locator("body").inner_text()
        assert not [b for b in BROKEN if b in text], f"{path}: error text on the page"
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path}: {overflow}px wider than the screen"
        assert problems == [], f"{path}: {problems}"
        visited.append(path)
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            url = urlsplit(urljoin(base + path, href))
            if url.netloc == origin:
                queue.append(url.path + (f"?{url.query}" if url.query else ""))
    return visited


@pytest.fixture
def demo():  # type: ignore[no-untyped-def]
    severity_defaults_ensure()
    factor_categories_ensure()
    return load_demo()


@pytest.mark.parametrize("width", [1280, 390])
def test_every_page_a_user_reaches_loads_cleanly(browser, live_server, demo, shot, width):
    base = live_server.url
    context = browser.new_context(viewport={"width": width, "height": 900}, timezone_id="Europe/Berlin")
    page = context.new_page()
    sign_in(page, base, "priya", DEMO_PASSWORD)  # the facilitator: the review pages show everything
    incident = f"/incidents/{demo.pk}/"
    downloads: set[str] = set()
    visited = _crawl(page, base, ["/", incident], downloads)
    for path in sorted(downloads):  # no dead download links either
        response = page.request.get(base + path)
        assert response.status == 200, f"{path}: {response.status}"
    assert {p for p in downloads if p.endswith((".ics", ".csv", ".md", ".svg"))}, downloads
    context.close()
    # the navigation and the demo incident's own pages were all reached
    for path in ("/", "/incidents/new", "/actions/", "/reviews/", "/retrospectives/", "/library/", "/import/",
                 "/settings/", "/library/feed", "/reviews/facilitators/", "/reviews/surveys/", incident, f"{incident}review/", f"{incident}meeting/", f"{incident}edit"):
        assert path in visited, f"{path} not reached from the navigation ({visited})"
    assert any(p.startswith("/p/") for p in visited)  # a library permalink
    assert len(visited) >= 20


def test_the_api_docs_work_offline(browser, live_server, demo):
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, base, "demo", DEMO_PASSWORD)
    elsewhere: list[str] = []
    page.on("request", lambda r: elsewhere.append(r.url) if not r.url.startswith(base) else None)
    problems: list[str] = []
    _watch(page, problems)
    page.click("header nav a:has-text('API')")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("hotwash API")
    expect(page.locator(".opblock").first).to_be_visible()  # the operations were read from openapi.json
    assert elsewhere == []  # Swagger UI and its styles come from our own static files, not a CDN
    assert problems == []
    context.close()


def test_an_unknown_address_is_a_plain_not_found_page(browser, live_server, demo):
    base = live_server.url
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    for who in (None, "demo"):
        if who:
            sign_in(page, base, who, DEMO_PASSWORD)
        response = page.goto(f"{base}/no/such/page/")
        assert response is not None and response.status == 404
        expect(page).to_have_title("Not found · hotwash")
        expect(page.locator("h1")).to_have_text("Not found")
        expect(page.locator("body")).not_to_contain_text("URLPattern")  # the resolver's list of every route
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
        if who:  # signed out, an incident address asks to sign in first
            response = page.goto(f"{base}/incidents/99999/")
            assert response is not None and response.status == 404
            expect(page.locator(".card")).to_contain_text("no incident 99999")
    context.close()
