from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from hotwash.web.accounts.services import user_create
from hotwash.web.incidents.models import Incident
from hotwash.web.incidents.services import incident_create, severity_defaults_ensure
from hotwash.web.postmortems.analysis_services import factor_categories_ensure
from hotwash.web.timeline.models import TimelineEntry

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def writer():  # type: ignore[no-untyped-def]
    # transactional tests flush the tables, seeded rows included
    severity_defaults_ensure()
    factor_categories_ensure()
    return user_create(username="alice", password="alice-password", timezone_name="Europe/Berlin")


def test_a_new_user_writes_a_postmortem(browser, live_server, writer, shot):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id="Europe/Berlin")
    page = context.new_page()
    base = live_server.url
    sign_in(page, base, "alice", "alice-password")

    page.click("text=New incident")
    page.fill("#id_title", "Login page returned 502s")
    page.select_option("#id_severity", "high")
    page.fill("#id_started_at", "2026-02-10T14:00")
    page.fill("#id_detected_at", "2026-02-10T14:04")
    page.fill("#id_resolved_at", "2026-02-10T13:00")  # before the start: must be refused
    page.fill("#id_services", "auth, edge")
    page.click("button:has-text('Create incident')")
    expect(page.locator(".error")).to_contain_text("resolved is before the incident started")
    shot(page, "01-incident-form-error")
    assert not Incident.objects.exists()

    page.fill("#id_resolved_at", "2026-02-10T14:45")
    page.click("button:has-text('Create incident')")
    expect(page.locator("h1")).to_have_text("Login page returned 502s")
    expect(page.locator(".facts")).to_contain_text("45m")

    # every section is editable in place
    for key, text in [("executive_summary", "Logins failed for 45 minutes after a certificate rotation."),
                      ("what_went_well", "- The 502 alert fired within 4 minutes"),
                      ("key_learnings", "1. Certificate rotation needs a staged rollout")]:
        section = page.locator(f"#section-{key}")
        section.locator("a:has-text('Edit')").click()
        page.locator(f"#text-{key}").fill(text)
        page.locator(f"#section-{key} button:has-text('Save')").click()
        expect(page.locator(f"#section-{key} .prose")).to_contain_text(text.lstrip("-1. ").split(" ")[0])

    # three timeline entries out of order are shown sorted
    page.click("text=Add an event")
    for time, event in [("2026-02-10T14:30:00", "Rolled back the certificate"),
                        ("2026-02-10T14:04:00", "502 alert fired"),
                        ("2026-02-10T14:12:00", "Suspected the load balancer")]:
        page.fill("#add-time", time)
        page.fill("#add-event", event)
        page.click("button:has-text('Add to timeline')")
        expect(page.locator("#block-timeline")).to_contain_text(event)
    rows = page.locator("#block-timeline tbody tr td:nth-child(2)").all_inner_texts()
    order = [next(i for i, r in enumerate(rows) if name in r)
             for name in ("502 alert fired", "Suspected the load balancer", "Rolled back the certificate")]
    assert order == sorted(order)
    expect(page.locator("#block-timeline")).to_contain_text("2026-02-10 14:04")  # Berlin time, as typed
    first = TimelineEntry.objects.get(event="502 alert fired")
    assert first.time == datetime(2026, 2, 10, 13, 4, tzinfo=UTC)

    page.fill("#fa-desc", "Certificate rotation had no staged rollout")
    page.click("button:has-text('Add factor')")
    expect(page.locator("#block-factors")).to_contain_text("Certificate rotation had no staged rollout")
    shot(page, "02-postmortem-written")

    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "03-postmortem-phone")
    context.close()


def test_an_edit_conflict_between_two_people_is_shown(browser, live_server, writer, shot):
    user_create(username="bob", password="bob-password")
    incident = incident_create(user=writer, title="Cache stampede", severity="medium",
                               started_at=datetime(2026, 2, 1, 8, 0, tzinfo=UTC))
    base = live_server.url
    pages = []
    for name in ("alice", "bob"):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        sign_in(page, base, name, f"{name}-password")
        page.goto(f"{base}/incidents/{incident.pk}/")
        page.locator("#section-executive_summary a:has-text('Edit')").click()
        pages.append(page)
    alice, bob = pages
    alice.locator("#text-executive_summary").fill("Alice: the cache expired for all keys at once.")
    bob.locator("#text-executive_summary").fill("Bob: a TTL change aligned expiry times.")
    alice.locator("#section-executive_summary button:has-text('Save')").click()
    expect(alice.locator("#section-executive_summary .prose")).to_contain_text("Alice:")
    bob.locator("#section-executive_summary button:has-text('Save')").click()
    conflict = bob.locator("#section-executive_summary .conflict")
    expect(conflict).to_contain_text("Your text is not saved yet")
    expect(conflict.locator("[data-version=mine]")).to_contain_text("Bob: a TTL change")
    expect(conflict.locator("[data-version=theirs]")).to_contain_text("Alice: the cache expired")
    shot(bob, "04-edit-conflict")
    incident.postmortem.refresh_from_db()
    assert incident.postmortem.executive_summary.startswith("Alice:")

    bob.locator("button:has-text('Use mine')").click()
    expect(bob.locator("#section-executive_summary .prose")).to_contain_text("Bob: a TTL change")
    incident.postmortem.refresh_from_db()
    assert incident.postmortem.executive_summary.startswith("Bob:")
    bob.locator("#section-executive_summary a:has-text('History')").click()
    expect(bob.locator("#section-executive_summary .history")).to_contain_text("kept this version over a concurrent edit")
    shot(bob, "05-history")
