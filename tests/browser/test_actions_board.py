from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from playwright.sync_api import expect

from hotwash.web.accounts.services import user_create
from hotwash.web.actions.services import action_item_add, action_item_update
from hotwash.web.followthrough.services import followups_schedule
from hotwash.web.incidents.services import incident_create, severity_defaults_ensure
from hotwash.web.postmortems.analysis_services import factor_categories_ensure

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    severity_defaults_ensure()
    factor_categories_ensure()
    alice = user_create(username="alice", password="alice-password", timezone_name="Europe/Berlin")
    t0 = datetime(2026, 1, 5, 9, tzinfo=UTC)
    incident = incident_create(user=alice, title="Checkout errors", severity="high", started_at=t0,
                               resolved_at=t0 + timedelta(hours=1), services=["payments-db"])
    pm = incident.postmortem
    today = date.today()
    late = action_item_add(postmortem=pm, action="Add a pool-size check in CI", owner="Delivery",
                           due_date=today - timedelta(days=4), success_metric="CI fails on a bad pool size")
    action_item_add(postmortem=pm, action="Alert on connection saturation", owner="SRE",
                    due_date=today + timedelta(days=10), success_metric="Pages within 2 minutes")
    fixed = action_item_add(postmortem=pm, action="Cap payment retries", owner="Payments",
                            due_date=today - timedelta(days=30), success_metric="Retries under 2× traffic")
    action_item_update(item=fixed, data={"status": "done"})
    followups_schedule(postmortem=pm, published_on=today - timedelta(days=20))
    return {"incident": incident, "late": late, "fixed": fixed}


def test_a_team_lead_finds_overdue_items_and_records_that_a_fix_did_not_work(browser, live_server, world, shot):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id="Europe/Berlin")
    page = context.new_page()
    base = live_server.url
    sign_in(page, base, "alice", "alice-password")

    page.click("nav >> text=Action items")
    expect(page.locator("#board-table tbody tr")).to_have_count(2)
    page.check("#f-overdue")
    expect(page.locator("#board-table tbody tr")).to_have_count(1)
    expect(page.locator("#board-table")).to_contain_text("Add a pool-size check in CI")
    expect(page.locator("#csv-export")).to_have_attribute("href", "/actions/export.csv?overdue=1")
    shot(page, "actions-01-board-overdue")

    page.click("#board-table >> text=Add a pool-size check in CI")
    expect(page.locator(f"#action-{world['late'].pk}")).to_be_visible()
    review = page.locator("#block-followups .followup").nth(1)
    expect(review).to_contain_text("Short-term follow-up")
    review.locator("input[type=checkbox]").first.check()
    expect(page.locator("#block-followups .followup").nth(1)).to_contain_text("1 of 4 done")
    review = page.locator("#block-followups .followup").nth(1)
    review.locator("select[name=verdict]").select_option("did_not")
    review.locator("input[name=evidence_url]").fill("https://grafana.example/d/retries")
    review.locator("button:has-text('Record')").click()
    expect(page.locator("#block-followups .followup").nth(1)).to_contain_text("Did not work (reopened)")
    expect(page.locator(f"#action-{world['fixed'].pk}")).to_contain_text("Open")  # the page reloaded
    expect(page.locator("#block-followups .followup").nth(2)).to_contain_text("judge it again once it is done")
    shot(page, "actions-02-verdict-reopens")
    world["fixed"].refresh_from_db()
    assert world["fixed"].status == "open"
    context.close()
