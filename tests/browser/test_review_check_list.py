"""The review check on the postmortem page lists blocking problems and warnings alike: one list,
every item with its bullet (blocking ones only coloured)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from hotwash.web.accounts.services import user_create
from hotwash.web.incidents.services import incident_create, severity_defaults_ensure

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_blocking_items_and_warnings_have_the_same_bullets(browser, live_server, shot):
    severity_defaults_ensure()
    alice = user_create(username="alice", password="alice-password")
    incident = incident_create(user=alice, title="Search latency spike", severity="high", started_at=T0,
                               resolved_at=T0 + timedelta(minutes=50))
    context = browser.new_context(viewport={"width": 1100, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server.url, "alice", "alice-password")
    page.goto(f"{live_server.url}/incidents/{incident.pk}/?check=1#review-check")
    items = page.locator("#review-check > ul:first-of-type > li")
    styles = items.evaluate_all("(lis) => lis.map(li => [li.textContent.trim().split(':')[0],"
                                " getComputedStyle(li).listStyleType, getComputedStyle(li).fontSize,"
                                " getComputedStyle(li).color])")
    kinds = {kind for kind, *_ in styles}
    assert kinds == {"Blocking", "Warning"}, styles  # a new postmortem has both
    assert {bullet for _, bullet, _, _ in styles} == {"disc"}, styles
    assert len({size for _, _, size, _ in styles}) == 1, styles  # one size: the list reads as one
    blocking = {colour for kind, _, _, colour in styles if kind == "Blocking"}
    warning = {colour for kind, _, _, colour in styles if kind == "Warning"}
    assert len(blocking) == 1 and blocking != warning, styles  # blocking still stands out
    page.locator("#review-check").scroll_into_view_if_needed()
    shot(page, "review-check-list")
    context.close()
