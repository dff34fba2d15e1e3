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


def test_editing_in_place_works_with_javascript_off(browser, live_server, incident, shot):
    """The Edit buttons are links to the page in edit mode; a conflicting save shows both versions."""
    from django.contrib.auth import get_user_model

    from hotwash.web.postmortems.services import postmortem_section_update
    from hotwash.web.timeline.services import timeline_entry_add

    base = live_server.url
    alice = get_user_model().objects.get(username="alice")
    entry = timeline_entry_add(incident=incident, user=alice, time=T0, event="Alert fired")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, base, "alice", "alice-password")
    page.goto(f"{base}/incidents/{incident.pk}/")

    # a section: Edit opens the form, and someone else saves before alice does
    page.locator("#section-what_went_well a:has-text('Edit')").click()
    page.wait_for_url(f"**/incidents/{incident.pk}/?edit=what_went_well#section-what_went_well")
    page.fill("#text-what_went_well", "The rollback took two minutes.")
    postmortem_section_update(postmortem=incident.postmortem, section="what_went_well", text="Paging worked.",
                              base_version=0, user=None)
    page.locator("#section-what_went_well button:has-text('Save')").click()
    section = page.locator("#section-what_went_well")
    expect(section.locator(".conflict")).to_contain_text("Your text is not saved yet")
    expect(section.locator("pre[data-version=theirs]")).to_have_text("Paging worked.")
    expect(section.locator("pre[data-version=mine]")).to_have_text("The rollback took two minutes.")
    shot(page, "without-js-section-conflict")
    section.locator("button:has-text('Use mine')").click()
    page.wait_for_url(f"**/incidents/{incident.pk}/#section-what_went_well")
    expect(page.locator("#section-what_went_well .prose")).to_have_text("The rollback took two minutes.")

    # a timeline entry: Edit, change, save
    page.locator(f"#entry-{entry.pk} a:has-text('Edit')").click()
    page.fill("#edit-event", "Search latency alert fired")
    page.locator("#block-timeline button:has-text('Save entry')").click()
    expect(page.locator("#block-timeline tbody")).to_contain_text("Search latency alert fired")

    # 5 Whys: in the page from the start
    whys = page.locator("#block-whys")
    whys.locator("#why-problem").fill("Search returned errors for 50 minutes")
    whys.locator("button:has-text('Start a chain')").click()
    page.locator("#block-whys input[name=answer]").fill("The deploy pipeline has no cache warm-up step")
    page.locator("#block-whys button:has-text('Add answer')").click()
    expect(page.locator("#block-whys")).to_contain_text("This answer names a system condition")
    page.locator("#block-whys button:has-text('Undo last answer')").click()
    expect(page.locator("#block-whys ol.whys li")).to_have_count(0)

    # the blocks JavaScript loads after the page: a link instead
    page.click("a:has-text('Run the review check')")
    expect(page.locator("#review-check")).to_contain_text("Blocking:")
    page.click("a:has-text('Show similar incidents')")
    expect(page.locator("h2")).to_contain_text("Similar past incidents")
    shot(page, "without-js-similar")
    context.close()


def _nav_rows(page) -> int:  # type: ignore[no-untyped-def]
    tops = page.eval_on_selector_all("header.top nav a", "links => links.map(a => Math.round(a.getBoundingClientRect().top))")
    return len(set(tops))


@pytest.mark.parametrize("javascript", [True, False])
def test_the_top_navigation_is_one_line_on_a_phone_and_unchanged_on_a_laptop(browser, live_server, incident, shot,
                                                                             javascript):
    base = live_server.url
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=javascript,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_in(page, base, "alice", "alice-password")
    nav = page.locator("header.top nav[aria-label=Main]")
    assert _nav_rows(page) == 1  # one line that scrolls sideways, not four wrapped lines
    header = page.locator("header.top").bounding_box()
    assert header is not None and header["height"] < 100
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the page itself does not scroll sideways
    assert nav.evaluate("n => n.scrollWidth > n.clientWidth")
    expect(nav.locator("a[aria-current=page]")).to_have_text("Incidents")
    shot(page, f"phone-nav{'' if javascript else '-without-js'}")

    # the keyboard reaches every link, and the focused one is scrolled into view
    page.focus("header.top .brand")
    for _ in range(6):
        page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Library"
    box, shown = page.locator("header.top nav a:has-text('Library')").bounding_box(), nav.bounding_box()
    assert box is not None and shown is not None and box["x"] + box["width"] <= shown["x"] + shown["width"]
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/library/")
    expect(nav.locator("a[aria-current=page]")).to_have_text("Library")

    # a laptop: the same links on one line, nothing to scroll
    page.set_viewport_size({"width": 1280, "height": 900})
    assert _nav_rows(page) == 1
    assert not nav.evaluate("n => n.scrollWidth > n.clientWidth")
    laptop = page.locator("header.top").bounding_box()
    assert laptop is not None and laptop["height"] < 60
    expect(page.locator("header.top .tz-note")).to_be_visible()
    shot(page, f"laptop-nav{'' if javascript else '-without-js'}")
    context.close()
