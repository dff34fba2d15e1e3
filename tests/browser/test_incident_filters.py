"""The incident list's filters in Chromium: each one filters as you type or choose, the address keeps
them (reload, share, back), the menus show what is applied, and a value the menus do not offer is no filter."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from hotwash.web.accounts.services import user_create
from hotwash.web.incidents.services import incident_create, severity_defaults_ensure

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def incidents():  # type: ignore[no-untyped-def]
    severity_defaults_ensure()
    alice = user_create(username="alice", password="alice-password", timezone_name="Europe/Berlin")
    disk = incident_create(user=alice, title="Disk full on db-3", severity="high", status="resolved", started_at=T0,
                    resolved_at=T0 + timedelta(hours=1), services=["postgres"])
    incident_create(user=alice, title="Slow search", severity="low", started_at=T0 + timedelta(days=1),
                    services=["search-api"])
    incident_create(user=alice, title="Checkout errors", severity="high", started_at=T0 + timedelta(days=2))
    return disk


def _titles(page):  # type: ignore[no-untyped-def]
    return page.locator("#incident-table tbody tr td:first-child a")


def test_each_filter_filters_and_keeps_its_value(browser, live_server, incidents, shot):
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id="Europe/Berlin")
    page = context.new_page()
    sign_in(page, base, "alice", "alice-password")
    expect(_titles(page)).to_have_count(3)

    page.select_option("#f-severity", "high")
    expect(_titles(page)).to_have_count(2)
    page.wait_for_url("**/?*severity=high*")
    page.select_option("#f-status", "resolved")
    expect(_titles(page)).to_have_count(1)
    expect(_titles(page)).to_contain_text("Disk full on db-3")
    page.wait_for_url("**status=resolved*")

    page.reload()  # the address holds the filters and the menus show them
    expect(page.locator("#f-severity")).to_have_value("high")
    expect(page.locator("#f-status")).to_have_value("resolved")
    expect(_titles(page)).to_have_count(1)

    page.select_option("#f-status", "")
    page.select_option("#f-severity", "")
    page.fill("#f-q", "search-api")  # a service name
    expect(_titles(page)).to_have_count(1)
    expect(_titles(page)).to_contain_text("Slow search")
    page.fill("#f-q", incidents.ref)  # a reference such as INC-12
    expect(_titles(page)).to_have_count(1)
    expect(_titles(page)).to_contain_text("Disk full on db-3")
    shot(page, "incident-filters")

    page.fill("#f-q", "nothing like this")
    expect(page.locator("#incident-table")).to_contain_text("No incidents match these filters.")
    page.click("#incident-table a:has-text('Show all incidents')")
    expect(_titles(page)).to_have_count(3)
    expect(page.locator("#f-q")).to_have_value("")

    # an unknown value in the address (an old link): no filter, and the menu says so
    page.goto(f"{base}/?status=open&severity=sev1")
    expect(page.locator("#f-status")).to_have_value("")
    expect(page.locator("#f-severity")).to_have_value("")
    expect(_titles(page)).to_have_count(3)
    context.close()
