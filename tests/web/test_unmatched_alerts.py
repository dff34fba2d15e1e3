"""Webhook alerts that matched no incident are kept, listed on the incident list, and offered under
the timeline of an incident whose time they fall in, to be added there."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from hotwash.core.model import Entry, EntryKind
from hotwash.web.incidents.services import incident_create
from hotwash.web.postmortems.models import Postmortem
from hotwash.web.timeline.models import TimelineEntry, UnmatchedAlert
from hotwash.web.timeline.services import unmatched_alerts_keep

from .conftest import T0

pytestmark = pytest.mark.django_db
HOOKS = Path(__file__).resolve().parents[1] / "fixtures" / "hooks"


@pytest.fixture(autouse=True)
def _secrets(settings):  # type: ignore[no-untyped-def]
    settings.HOTWASH_HOOK_SECRETS = {"alertmanager": "am-secret", "opsgenie": "og-secret"}


def send(client, name: str, integration: str = "alertmanager"):  # type: ignore[no-untyped-def]
    secret = "am-secret" if integration == "alertmanager" else "og-secret"
    return client.post(f"/hooks/{integration}", data=(HOOKS / name).read_bytes(), content_type="application/json",
                       headers={"Authorization": f"Bearer {secret}"}).json()


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_an_alert_before_its_incident_is_listed_offered_and_added_later(client, alice_client, alice):
    result = send(client, "alertmanager_firing.json")  # 09:03 UTC, service search-api; no incident yet
    assert (result["matched"], result["unmatched"], result["kept"]) == (None, 1, 1)
    listing = text_of(alice_client.get("/"))
    assert "1 alert from webhooks matched no open incident in the last 7 days" in listing
    assert "HighLatency" in listing and "search-api" in listing

    incident = incident_create(user=alice, title="Search latency", severity="high", started_at=T0 + timedelta(minutes=5),
                               services=["search-api"])
    page = alice_client.get(f"/incidents/{incident.pk}/")
    assert "1 alert from webhooks matched no incident when it arrived" in text_of(page)
    alert = UnmatchedAlert.objects.get()
    assert f'name="alert" value="{alert.pk}" checked' in page.content.decode()  # it shares the service

    added = alice_client.post(f"/incidents/{incident.pk}/timeline/unmatched-alerts", data={"alert": [alert.pk]},
                              headers={"HX-Request": "true"})
    assert "Added 1 alert to the timeline" in text_of(added)
    entry = TimelineEntry.objects.get(incident=incident)
    assert entry.source == "alertmanager" and entry.kind == "alert" and "HighLatency" in entry.event
    alert.refresh_from_db()
    assert alert.incident == incident and alert.attached_at is not None
    assert "matched no incident" not in text_of(alice_client.get(f"/incidents/{incident.pk}/"))
    assert "matched no open incident" not in text_of(alice_client.get("/"))
    again = send(client, "alertmanager_firing.json")  # now it matches the open incident: nothing new
    assert again["matched"] == [incident.ref] and again["added"] == 0 and again["already_present"] == 1


def test_only_alerts_around_the_incident_are_offered_and_a_name_match_is_preselected(alice_client, alice):
    def alert(minutes: int, source_id: str, names: set[str]) -> tuple[Entry, set[str]]:
        return (Entry(time=T0 + timedelta(minutes=minutes), text=f"alert {source_id}", source="opsgenie",
                      source_id=source_id, kind=EntryKind.ALERT), names)

    unmatched_alerts_keep(integration="opsgenie", alerts=[alert(-120, "early", {"search-api"}),
                                                          alert(-30, "before", {"billing"}),
                                                          alert(20, "during", {"search-api"}),
                                                          alert(200, "late", {"search-api"})])
    incident = incident_create(user=alice, title="Search latency", severity="high", started_at=T0,
                               resolved_at=T0 + timedelta(minutes=50), services=["search-api"])
    page = alice_client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "alert before" in page and "alert during" in page
    assert "alert early" not in page and "alert late" not in page
    during = UnmatchedAlert.objects.get(source_id="during")
    before = UnmatchedAlert.objects.get(source_id="before")
    assert f'value="{during.pk}" checked' in page and f'value="{before.pk}" checked' not in page


def test_choosing_nothing_is_a_clear_message_and_adds_nothing(alice_client, incident):
    unmatched_alerts_keep(integration="opsgenie", alerts=[(Entry(time=T0, text="x", source="opsgenie",
                                                                 source_id="a1", kind=EntryKind.ALERT), set())])
    response = alice_client.post(f"/incidents/{incident.pk}/timeline/unmatched-alerts", data={},
                                 headers={"HX-Request": "true"})
    assert "choose one or more alerts" in text_of(response)
    assert not TimelineEntry.objects.exists() and UnmatchedAlert.objects.get().incident is None


def test_a_published_postmortem_offers_nothing_and_refuses_the_alerts(alice_client, incident):
    unmatched_alerts_keep(integration="opsgenie", alerts=[(Entry(time=T0, text="late alert", source="opsgenie",
                                                                 source_id="a1", kind=EntryKind.ALERT), set())])
    Postmortem.objects.filter(incident=incident).update(status="published")
    assert "late alert" not in alice_client.get(f"/incidents/{incident.pk}/").content.decode()
    alert = UnmatchedAlert.objects.get()
    response = alice_client.post(f"/incidents/{incident.pk}/timeline/unmatched-alerts", data={"alert": [alert.pk]},
                                 headers={"HX-Request": "true"})
    assert "published" in text_of(response) and not TimelineEntry.objects.exists()


def test_kept_alerts_expire_after_30_days_unless_added(incident):
    entry = Entry(time=T0, text="old", source="opsgenie", source_id="old", kind=EntryKind.ALERT)
    unmatched_alerts_keep(integration="opsgenie", alerts=[(entry, set())])
    later = timezone.now() + timedelta(days=31)
    fresh = Entry(time=T0, text="new", source="opsgenie", source_id="new", kind=EntryKind.ALERT)
    assert unmatched_alerts_keep(integration="opsgenie", alerts=[(fresh, set())], now=later) == 1
    assert list(UnmatchedAlert.objects.values_list("source_id", flat=True)) == ["new"]
