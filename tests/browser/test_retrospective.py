"""A team retrospective's action items are the shared ones: added and edited in place, a stale edit is a
conflict, "did not work" reopens an item, and the action board lists them next to incident items."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from hotwash.web.accounts.services import user_create
from hotwash.web.incidents.services import severity_defaults_ensure
from hotwash.web.postmortems.analysis_services import factor_categories_ensure
from hotwash.web.reviews.services.retro import retro_item_add, retrospective_create

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACTION = "Page the batch-job owner instead of on-call for the 03:00 job"


def test_retro_action_items_are_shared_edited_in_place_and_on_the_board(browser, live_server, shot):
    severity_defaults_ensure()
    factor_categories_ensure()
    user_create(username="dana", password="dana-password", first_name="Dana", last_name="Okafor")
    user_create(username="priya", password="priya-password", first_name="Priya", last_name="Raman")
    retro = retrospective_create(team="Payments", held_on=date(2026, 3, 1), user=None, title="Sprint 42")
    retro_item_add(retrospective=retro, column="puzzling", text="Why does the batch job page at 03:00?")
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, base, "dana", "dana-password")
    page.goto(f"{base}/")
    page.click("nav a:has-text('Retrospectives')")
    page.click("text=Sprint 42")
    page.evaluate("window.__same_page = true")

    # add through the actions services: owner account, type, the policy's due date
    page.fill("#add-action", ACTION)
    page.select_option("#add-owner-user", label="priya")
    page.select_option("#add-type", "detect")
    page.fill("#add-metric", "No 03:00 pages to on-call next month")
    page.click("button:has-text('Add action item')")
    row = page.locator(f"#retro-actions tr:has-text('{ACTION}')")
    expect(row).to_contain_text("Priya Raman")
    expect(row).to_contain_text("Detect")
    assert row.locator("td[data-label=Due]").inner_text() != "—"  # the due-date policy gave one
    assert page.evaluate("window.__same_page") is True

    # a stale edit: the form was opened, someone else marked the item done meanwhile
    row.locator("a:has-text('Edit')").click()
    expect(page.locator("#edit-metric")).to_be_visible()
    other = context.new_page()
    other.goto(page.url)
    other.locator(f"tr:has-text('{ACTION}') button:has-text('Mark done')").click()
    expect(other.locator(f"tr:has-text('{ACTION}')")).to_contain_text("Done")
    page.fill("#edit-metric", "Zero 03:00 pages to on-call in April")
    page.click("button:has-text('Save action')")
    expect(page.locator("#retro-actions .error")).to_contain_text("changed by someone else")
    expect(page.locator("#edit-status")).to_have_value("done")  # the saved version, not overwritten
    shot(page, "retro-01-conflict")
    page.click("a:has-text('Cancel')")

    # the effectiveness check: did not work reopens it
    row = page.locator(f"#retro-actions tr:has-text('{ACTION}')")
    row.locator("summary:has-text('Did it work?')").click()
    row.locator("select[name=verdict]").select_option("did_not")
    row.locator("input[name=note]").fill("Two pages still went to on-call")
    row.locator("button:has-text('Record')").click()
    expect(page.locator(f"#retro-actions tr:has-text('{ACTION}')")).to_contain_text("Did not work (reopened)")
    expect(page.locator(f"#retro-actions tr:has-text('{ACTION}') button:has-text('Mark done')")).to_be_visible()
    assert page.evaluate("window.__same_page") is True
    shot(page, "retro-02-page")

    # the board shows it with a link back to the retrospective
    page.click("nav a:has-text('Action items')")
    board_row = page.locator(f"#board-table tr:has-text('{ACTION}')")
    expect(board_row).to_contain_text("Retrospective")
    expect(board_row).to_contain_text("Payments")
    page.select_option("#f-source", "incidents")
    expect(page.locator("#board")).not_to_contain_text(ACTION)
    page.select_option("#f-source", "retrospectives")
    expect(page.locator("#board")).to_contain_text(ACTION)
    shot(page, "retro-03-board")
    page.locator(f"#board-table tr:has-text('{ACTION}') a:has-text('{ACTION}')").click()
    expect(page).to_have_url(f"{base}/retrospectives/{retro.pk}/#action-{retro.actions.get().pk}")
    context.close()


def test_the_retro_page_works_without_javascript(browser, live_server):
    severity_defaults_ensure()
    factor_categories_ensure()
    user_create(username="dana", password="dana-password")
    retro = retrospective_create(team="Search", held_on=date(2026, 3, 1), user=None)
    base = live_server.url
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, base, "dana", "dana-password")
    page.goto(f"{base}/retrospectives/{retro.pk}/")
    page.fill("#add-action", "Move the batch job off 03:00")
    page.fill("#add-owner", "Search")
    page.click("button:has-text('Add action item')")
    expect(page).to_have_url(f"{base}/retrospectives/{retro.pk}/#retro-actions")
    row = page.locator("#retro-actions tr:has-text('Move the batch job off 03:00')")
    row.locator("button:has-text('Mark done')").click()
    expect(page.locator("#retro-actions tr:has-text('Move the batch job off 03:00')")).to_contain_text("Done")
    page.locator("#retro-actions tr:has-text('Move the batch job off 03:00') a:has-text('Edit')").click()
    page.fill("#edit-metric", "No 03:00 pages for a month")
    page.click("button:has-text('Save action')")
    expect(page.locator("#retro-actions")).to_contain_text("No 03:00 pages for a month")
    context.close()
