from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from hotwash.web.accounts.services import user_create
from hotwash.web.incidents.services import incident_create, severity_defaults_ensure
from hotwash.web.postmortems.analysis_services import factor_categories_ensure
from hotwash.web.timeline.models import TimelineEntry

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
HOOKS = Path(__file__).resolve().parents[1] / "fixtures" / "hooks"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DEPLOYS_CSV = (b"time,event,actor\n"
               b"2026-03-02 10:10:00,Deployed search-api v2.3.1,ci-bot\n"
               b"2026-03-02 10:35:00,Rolled back search-api to v2.3.0,dana\n"
               b"2026-03-02 09:10:00,Deployed billing v9,ci-bot\n"
               b"yesterday-ish,A line without a time,someone\n")


@pytest.fixture
def incident():  # type: ignore[no-untyped-def]
    severity_defaults_ensure()
    factor_categories_ensure()
    alice = user_create(username="alice", password="alice-password", timezone_name="Europe/Berlin")
    return incident_create(user=alice, title="Search latency spike", severity="high", started_at=T0,
                           resolved_at=T0 + timedelta(minutes=50), timezone_name="Europe/Berlin",
                           services=["search-api"])


def test_uploading_two_files_previews_them_and_confirming_adds_sorted_entries(browser, live_server, incident, shot):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id="Europe/Berlin")
    page = context.new_page()
    sign_in(page, live_server.url, "alice", "alice-password")
    page.goto(f"{live_server.url}/incidents/{incident.pk}/")

    page.click("text=Import from files")
    page.set_input_files("#import-files", files=[
        {"name": "alerts.json", "mimeType": "application/json",
         "buffer": (HOOKS / "alertmanager_resolved.json").read_bytes()},
        {"name": "deploys.csv", "mimeType": "text/csv", "buffer": DEPLOYS_CSV}])
    shot(page, "timeline-upload-01-form")
    page.click("button:has-text('Preview import')")

    preview = page.locator("#import-preview")
    expect(preview).to_contain_text("Import preview: 4 new entries")
    expect(preview.locator("[data-source='deploys.csv']")).to_contain_text("partly readable")
    expect(preview.locator("[data-source='alerts.json']")).to_contain_text("alertmanager")
    expect(preview).to_contain_text("1 outside the incident window")
    preview.locator("[data-source='deploys.csv'] summary").click()
    expect(preview).to_contain_text("line 5")
    shot(page, "timeline-upload-02-preview")
    assert not TimelineEntry.objects.exists()

    page.click("button:has-text('Add 4 entries to the timeline')")
    expect(page.locator("#import-result")).to_contain_text("4 entries added")
    rows = page.locator("#block-timeline tbody tr td:nth-child(2)").all_inner_texts()
    assert [r.split("\n")[0] for r in rows] == [
        "Alert firing: [page] HighLatency (search-1:9100): p99 latency above 2s", "Deployed search-api v2.3.1",
        "Rolled back search-api to v2.3.0", "Alert resolved: HighLatency (search-1:9100): p99 latency above 2s"]
    expect(page.locator("#block-timeline")).to_contain_text("2026-03-02 10:10")  # Berlin, as in the CSV
    shot(page, "timeline-upload-03-confirmed")
    assert TimelineEntry.objects.count() == 4

    # a broken file blocks the whole import, with the file and line named
    page.click("text=Import from files")
    page.set_input_files("#import-files", files=[
        {"name": "alerts.json", "mimeType": "application/json", "buffer": (HOOKS / "malformed.json").read_bytes()},
        {"name": "deploys.csv", "mimeType": "text/csv", "buffer": DEPLOYS_CSV}])
    page.click("button:has-text('Preview import')")
    expect(page.locator("#import-preview")).to_contain_text("blocked by 1 unreadable file")
    expect(page.locator("#import-preview")).to_contain_text("alerts.json:line 5")
    expect(page.locator("#import-preview")).to_contain_text("0 new · 2 already in the timeline")
    expect(page.locator("#import-confirm button[type=submit]")).to_be_disabled()
    shot(page, "timeline-upload-04-broken-file")
    context.close()


def test_an_alert_that_came_before_its_incident_is_offered_and_added(browser, live_server, incident, shot, settings):
    settings.HOTWASH_HOOK_SECRETS = {"alertmanager": "am-secret"}
    incident.delete()  # no incident yet when the alert fires
    context = browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id="Europe/Berlin")
    page = context.new_page()
    sign_in(page, live_server.url, "alice", "alice-password")
    sent = page.request.post(f"{live_server.url}/hooks/alertmanager", data=(HOOKS / "alertmanager_firing.json").read_bytes(),
                             headers={"Authorization": "Bearer am-secret", "Content-Type": "application/json"})
    assert sent.status == 202 and sent.json()["kept"] == 1
    page.goto(f"{live_server.url}/")
    expect(page.locator("#unmatched-alerts")).to_contain_text("1 alert from webhooks matched no open incident")
    page.click("#unmatched-alerts summary")
    shot(page, "unmatched-alerts-01-list")

    from django.contrib.auth import get_user_model

    alice = get_user_model().objects.get(username="alice")
    declared = incident_create(user=alice, title="Search latency", severity="high",
                               started_at=T0 + timedelta(minutes=5), timezone_name="Europe/Berlin",
                               services=["search-api"])
    page.goto(f"{live_server.url}/incidents/{declared.pk}/")
    offer = page.locator("#block-timeline #unmatched-alerts")
    expect(offer).to_contain_text("1 alert from webhooks matched no incident when it arrived")
    offer.locator("summary").click()
    expect(offer.locator("input[name=alert]")).to_be_checked()
    shot(page, "unmatched-alerts-02-offered")
    offer.locator("button:has-text('Add the chosen alerts to the timeline')").click()
    expect(page.locator("#unmatched-result")).to_contain_text("Added 1 alert to the timeline")
    expect(page.locator("#block-timeline tbody")).to_contain_text("HighLatency")
    expect(page.locator("#block-timeline #unmatched-alerts")).to_have_count(0)
    shot(page, "unmatched-alerts-03-added")
    assert TimelineEntry.objects.filter(incident=declared, source="alertmanager").count() == 1


def test_an_uploaded_legacy_grafana_alert_is_refused_with_why_and_what_to_do(browser, live_server, incident, shot):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id="Europe/Berlin")
    page = context.new_page()
    sign_in(page, live_server.url, "alice", "alice-password")
    page.goto(f"{live_server.url}/incidents/{incident.pk}/")
    page.click("text=Import from files")
    page.set_input_files("#import-files", files=[
        {"name": "legacy.json", "mimeType": "application/json", "buffer": (HOOKS / "grafana_legacy.json").read_bytes()}])
    page.click("button:has-text('Preview import')")
    preview = page.locator("#import-preview")
    expect(preview).to_contain_text("carries no time of its own")
    expect(preview).to_contain_text("add the alert by hand with the time it fired")
    expect(page.locator("#import-confirm button[type=submit]")).to_be_disabled()
    shot(page, "timeline-upload-05-legacy-grafana-refused")
    assert not TimelineEntry.objects.exists()
