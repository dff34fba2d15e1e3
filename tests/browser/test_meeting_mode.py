"""The facilitator advances a phase; a participant following along sees it without reloading."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from hotwash.web.accounts.services import user_create
from hotwash.web.incidents.services import incident_create, severity_defaults_ensure
from hotwash.web.postmortems.analysis_services import factor_categories_ensure
from hotwash.web.postmortems.services import participant_add
from hotwash.web.reviews.services.review import facilitator_choose, review_ensure

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_follower_sees_the_facilitator_advance_the_phase_without_reloading(browser, live_server, shot):
    severity_defaults_ensure()
    factor_categories_ensure()
    carol = user_create(username="carol", password="carol-password", first_name="Carol", last_name="Diaz")
    bob = user_create(username="bob", password="bob-password")
    incident = incident_create(user=bob, title="Checkout errors", severity="high",
                               started_at=datetime(2026, 2, 1, 8, 0, tzinfo=UTC),
                               resolved_at=datetime(2026, 2, 1, 9, 0, tzinfo=UTC))
    participant_add(postmortem=incident.postmortem, name="bob", user=bob)
    facilitator_choose(review=review_ensure(postmortem=incident.postmortem), user=carol)
    base = live_server.url

    follower_context = browser.new_context(viewport={"width": 1000, "height": 800})
    follower = follower_context.new_page()
    sign_in(follower, base, "bob", "bob-password")
    follower.goto(f"{base}/incidents/{incident.pk}/meeting/follow/")
    expect(follower.locator("#meeting-state")).to_contain_text("has not started")
    follower.evaluate("window.__same_page = true")

    facilitator_context = browser.new_context(viewport={"width": 1280, "height": 900})
    facilitator = facilitator_context.new_page()
    sign_in(facilitator, base, "carol", "carol-password")
    facilitator.goto(f"{base}/incidents/{incident.pk}/meeting/")
    facilitator.evaluate("window.__same_page = true")
    facilitator.click("button:has-text('Start the meeting')")
    expect(facilitator.locator(".phase-title")).to_have_text("Opening")
    facilitator.click("button:has-text('Next phase')")
    expect(facilitator.locator(".phase-title")).to_have_text("Timeline building")
    expect(facilitator.locator("#block-timeline")).to_be_visible()  # notes land in the timeline
    expect(facilitator.locator("#meeting-state")).to_contain_text("What information did you have at that point?")
    clock = facilitator.locator(".timer").inner_text()
    assert clock.startswith(("30:00", "29:5")), clock
    assert facilitator.evaluate("window.__same_page") is True, "the controls swap in place, no reload"
    shot(facilitator, "reviews-01-meeting-mode")

    # the follower's page swaps the fragment by itself (polling every 3 s), no reload
    expect(follower.locator(".phase-title")).to_have_text("Timeline building", timeout=10_000)
    assert follower.evaluate("window.__same_page") is True
    expect(follower.locator("#meeting-state")).to_contain_text("What would have made this decision easier?")
    follower.wait_for_timeout(1200)
    assert follower.locator(".timer").inner_text() != "", "the clock ticks"
    shot(follower, "reviews-02-follower")

    # the clock pauses for everyone and stands still; resuming goes on from there
    facilitator.click("button:has-text('Pause clock')")
    expect(facilitator.locator("button:has-text('Resume clock')")).to_be_visible()
    expect(follower.locator("#meeting-state")).to_contain_text("clock paused", timeout=10_000)
    stopped = facilitator.locator(".timer").inner_text()
    facilitator.wait_for_timeout(2100)
    assert facilitator.locator(".timer").inner_text() == stopped
    facilitator.click("button:has-text('Resume clock')")
    expect(facilitator.locator("button:has-text('Pause clock')")).to_be_visible()

    # the systems phase: a section of the postmortem edited in place, then the next phase
    facilitator.click("button:has-text('Next phase')")
    expect(facilitator.locator(".phase-title")).to_have_text("Systems analysis")
    section = facilitator.locator("#section-what_went_well")
    section.locator("a:has-text('Edit')").click()
    facilitator.fill("#text-what_went_well", "The rollback runbook worked on the first try.")
    asked: list[str] = []
    facilitator.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    facilitator.click("button:has-text('Next phase')")  # unsaved note: asked first, and stays
    expect(facilitator.locator(".phase-title")).to_have_text("Systems analysis")
    assert asked and "not saved" in asked[0]
    section.locator("button:has-text('Save')").click()
    expect(facilitator.locator("#section-what_went_well")).to_contain_text("The rollback runbook worked")
    assert facilitator.evaluate("window.__same_page") is True
    shot(facilitator, "reviews-03-meeting-notes")

    facilitator.click("button:has-text('Previous')")
    expect(follower.locator(".phase-title")).to_have_text("Timeline building", timeout=10_000)
    assert follower.evaluate("window.__same_page") is True

    # bob is not the facilitator: meeting mode sends him to the follower view
    follower.goto(f"{base}/incidents/{incident.pk}/meeting/")
    expect(follower).to_have_url(f"{base}/incidents/{incident.pk}/meeting/follow/")
    facilitator_context.close()
    follower_context.close()


def test_meeting_controls_work_without_javascript(browser, live_server):
    severity_defaults_ensure()
    factor_categories_ensure()
    user_create(username="carol", password="carol-password")
    incident = incident_create(user=None, title="Checkout errors", severity="high",
                               started_at=datetime(2026, 2, 1, 8, 0, tzinfo=UTC))
    base = live_server.url
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, base, "carol", "carol-password")
    page.goto(f"{base}/incidents/{incident.pk}/meeting/")  # no facilitator chosen yet: anyone runs it
    page.click("button:has-text('Start the meeting')")
    expect(page.locator(".phase-title")).to_have_text("Opening")
    page.click("button:has-text('Pause clock')")
    expect(page.locator("#meeting-state")).to_contain_text("clock paused")
    page.click("button:has-text('Next phase')")
    expect(page.locator(".phase-title")).to_have_text("Timeline building")
    expect(page).to_have_url(f"{base}/incidents/{incident.pk}/meeting/")
    context.close()
