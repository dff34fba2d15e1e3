"""With JavaScript off (a locked-down browser, a failed script load), the forms of the postmortem page and
the incident filters still do what their buttons say: the whole page comes back instead of one block."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from hotwash.web.accounts.services import user_create
from hotwash.web.incidents.services import incident_create, severity_defaults_ensure
from hotwash.web.postmortems.analysis_services import factor_categories_ensure
from hotwash.web.postmortems.models import Participant
from hotwash.web.timeline.models import TimelineEntry

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HOOKS = Path(__file__).resolve().parents[1] / "fixtures" / "hooks"


@pytest.fixture
def incident():  # type: ignore[no-untyped-def]
    severity_defaults_ensure()
    factor_categories_ensure()
    alice = user_create(username="alice", password="alice-password", timezone_name="Europe/Berlin")
    incident_create(user=alice, title="Queue backlog", severity="medium", started_at=T0 - timedelta(days=1))
    return incident_create(user=alice, title="Search latency spike", severity="high", started_at=T0,
                           resolved_at=T0 + timedelta(minutes=50), timezone_name="Europe/Berlin")


def test_forms_work_with_javascript_off(browser, live_server, incident, shot):
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, base, "alice", "alice-password")

    # the incident list: the filter button shows up and the filter sticks
    page.select_option("#f-severity", "high")
    page.click("form.filters button:has-text('Filter')")
    expect(page.locator("#f-severity")).to_have_value("high")
    expect(page.locator("#incident-table")).to_contain_text("Search latency spike")
    expect(page.locator("#incident-table")).not_to_contain_text("Queue backlog")

    # the postmortem page: add a participant, then remove them
    page.goto(f"{base}/incidents/{incident.pk}/")
    people = page.locator("#block-people")
    people.locator("#p-name").fill("Bob Stone")
    people.locator("#p-role").fill("on-call engineer")
    people.locator("button:has-text('Add')").click()
    page.wait_for_url(f"**/incidents/{incident.pk}/#block-people")
    expect(page.locator("#block-people")).to_contain_text("Bob Stone")
    assert Participant.objects.filter(name="Bob Stone").exists()
    page.locator("#block-people button:has-text('Remove')").click()
    expect(page.locator("#block-people")).not_to_contain_text("Bob Stone")

    # the timeline: add an event (its time in alice's zone), then delete it
    timeline = page.locator("#block-timeline")
    timeline.locator("summary:has-text('Add an event')").click()
    timeline.locator("#add-time").fill("2026-03-02T10:05:00")
    timeline.locator("#add-event").fill("Alert fired: search p99 above 2 s")
    timeline.locator("button:has-text('Add to timeline')").click()
    expect(page.locator("#block-timeline tbody")).to_contain_text("Alert fired: search p99 above 2 s")
    expect(page.locator("#block-timeline tbody")).to_contain_text("2026-03-02 10:05")
    assert TimelineEntry.objects.get().time == T0 + timedelta(minutes=5)
    shot(page, "without-js-timeline")
    page.locator("#block-timeline tbody button:has-text('Delete')").click()
    expect(page.locator("#block-timeline tbody")).to_contain_text("No events yet.")
    assert not TimelineEntry.objects.exists()

    # importing from a file: the preview comes back as the whole page, then the confirmation adds the entry
    page.locator("#timeline-import summary").click()
    page.set_input_files("#import-files", files=[{"name": "alerts.json", "mimeType": "application/json",
                                                   "buffer": (HOOKS / "alertmanager_firing.json").read_bytes()}])
    page.click("button:has-text('Preview import')")
    expect(page.locator("#import-preview")).to_contain_text("Import preview: 1 new entry")
    assert not TimelineEntry.objects.exists()
    page.click("#import-confirm button:has-text('Add 1 entry to the timeline')")
    expect(page.locator("#import-result")).to_contain_text("Imported: 1 entry added")
    expect(page.locator("#block-timeline tbody tr")).to_have_count(1)
    assert TimelineEntry.objects.get().source == "alertmanager"
    context.close()
