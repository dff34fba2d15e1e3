"""Webhook receivers: alerts appended to the matching open incident, authenticated by a secret."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from hotwash.web.incidents.services import incident_create
from hotwash.web.timeline.models import TimelineEntry, UnmatchedAlert

from .conftest import T0

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hooks"
SECRETS = {"alertmanager": "am-secret", "grafana": "gf-secret", "pagerduty": "pd-secret", "opsgenie": "og-secret"}


@pytest.fixture(autouse=True)
def _secrets(settings):  # type: ignore[no-untyped-def]
    settings.HOTWASH_HOOK_SECRETS = dict(SECRETS)


def body(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def post(client, integration: str, payload: bytes, **headers: str):  # type: ignore[no-untyped-def]
    token = headers.pop("token", None)
    url = f"/hooks/{integration}" + (f"?token={token}" if token else "")
    return client.post(url, data=payload, content_type="application/json", headers=headers)


def bearer(integration: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {SECRETS[integration]}"}


@pytest.fixture
def checkout_incident(alice):  # type: ignore[no-untyped-def]
    return incident_create(user=alice, title="Checkout errors", severity="medium", started_at=T0,
                           services=["checkout"], tags=["payments"])


def test_an_alertmanager_alert_is_appended_to_the_open_incident_of_its_service(client, incident, checkout_incident):
    response = post(client, "alertmanager", body("alertmanager_firing.json"), **bearer("alertmanager"))
    assert response.status_code == 202
    assert response.json()["matched"] == [incident.ref]
    assert response.json()["added"] == 1
    entry = TimelineEntry.objects.get(incident=incident)
    assert entry.source == "alertmanager" and entry.kind == "alert"
    assert "HighLatency" in entry.event
    assert entry.link.startswith("http://prometheus.example")
    assert not TimelineEntry.objects.filter(incident=checkout_incident).exists()


def test_a_resent_alert_adds_nothing_and_the_resolution_adds_one_entry(client, incident):
    assert post(client, "alertmanager", body("alertmanager_firing.json"), **bearer("alertmanager")).json()["added"] == 1
    again = post(client, "alertmanager", body("alertmanager_firing.json"), **bearer("alertmanager")).json()
    assert again["added"] == 0 and again["already_present"] == 1
    resolved = post(client, "alertmanager", body("alertmanager_resolved.json"), **bearer("alertmanager")).json()
    assert resolved["added"] == 1 and resolved["already_present"] == 1
    assert [e.event.split(":")[0] for e in TimelineEntry.objects.filter(incident=incident)] == [
        "Alert firing", "Alert resolved"]


def test_the_secret_may_be_sent_as_a_token_query_parameter(client, incident):
    response = post(client, "grafana", body("grafana_alerting.json"), token="gf-secret")
    assert response.status_code == 202


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"token": "am-secret-not"},
                                     {"Authorization": "Bearer gf-secret"}])
def test_a_missing_or_wrong_secret_is_refused_with_401_and_nothing_is_kept(client, incident, headers):
    response = post(client, "alertmanager", body("alertmanager_firing.json"), **headers)
    assert response.status_code == 401
    assert "Authorization: Bearer" in response.json()["error"]
    assert not TimelineEntry.objects.exists()


def test_a_receiver_without_a_configured_secret_is_off(client, incident, settings):
    settings.HOTWASH_HOOK_SECRETS = {**SECRETS, "opsgenie": ""}
    response = post(client, "opsgenie", body("opsgenie_create.json"), Authorization="Bearer ")
    assert response.status_code == 404
    assert "HOTWASH_HOOK_SECRET_OPSGENIE" in response.json()["error"]


def test_an_unknown_receiver_is_404(client):
    assert post(client, "nagios", b"{}", **bearer("alertmanager")).status_code == 404


def sign(payload: bytes, secret: str) -> str:
    return "v1=" + hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest()


def test_pagerduty_is_accepted_with_a_valid_v3_signature(client, incident):
    payload = body("pagerduty_incident_triggered.json")
    response = post(client, "pagerduty", payload, **{"X-PagerDuty-Signature": sign(payload, "pd-secret")})
    assert response.status_code == 202
    assert response.json()["matched"] == [incident.ref]
    assert TimelineEntry.objects.get(incident=incident).source == "pagerduty"


def test_pagerduty_accepts_any_one_of_several_signatures_while_a_secret_rotates(client, incident):
    payload = body("pagerduty_incident_triggered.json")
    header = f"{sign(payload, 'old-secret')}, {sign(payload, 'pd-secret')}"
    assert post(client, "pagerduty", payload, **{"X-PagerDuty-Signature": header}).status_code == 202


def test_pagerduty_refuses_a_signature_of_another_body(client, incident):
    payload = body("pagerduty_incident_triggered.json")
    tampered = payload.replace(b"search-api", b"search-apx")
    response = post(client, "pagerduty", tampered, **{"X-PagerDuty-Signature": sign(payload, "pd-secret")})
    assert response.status_code == 401
    assert not TimelineEntry.objects.exists()


def test_a_pagerduty_ping_is_answered_and_keeps_nothing(client, incident):
    payload = body("pagerduty_ping.json")
    response = post(client, "pagerduty", payload, **{"X-PagerDuty-Signature": sign(payload, "pd-secret")})
    assert response.status_code == 202 and response.json()["ping"] is True
    assert not TimelineEntry.objects.exists()


def test_malformed_json_is_a_400_naming_the_line(client, incident):
    response = post(client, "alertmanager", body("malformed.json"), **bearer("alertmanager"))
    assert response.status_code == 400
    assert "malformed JSON" in response.json()["error"] and "line 5" in response.json()["error"]
    assert not TimelineEntry.objects.exists()


def test_a_payload_of_another_tool_is_a_400(client, incident):
    response = post(client, "opsgenie", body("alertmanager_firing.json"), **bearer("opsgenie"))
    assert response.status_code == 400
    assert "opsgenie" in response.json()["error"].lower()


def test_an_alert_of_an_unknown_service_goes_to_the_only_open_incident(client, incident):
    response = post(client, "alertmanager", body("alertmanager_other_service.json"), **bearer("alertmanager"))
    assert response.json()["matched"] == [incident.ref]


def test_an_alert_matching_no_incident_is_kept_aside_when_several_are_open(client, incident, checkout_incident):
    response = post(client, "alertmanager", body("alertmanager_other_service.json"), **bearer("alertmanager"))
    assert response.status_code == 202
    assert response.json()["matched"] is None and response.json()["unmatched"] == 1 and response.json()["kept"] == 1
    assert not TimelineEntry.objects.exists()
    alert = UnmatchedAlert.objects.get()
    assert alert.integration == "alertmanager" and alert.incident is None and "billing-db" in alert.names


def test_with_no_open_incident_the_alert_is_kept_once_and_logged(client, alice, caplog):
    incident_create(user=alice, title="Old", severity="low", started_at=T0, resolved_at=T0 + timedelta(minutes=5),
                    status="resolved", services=["search-api"])
    response = post(client, "alertmanager", body("alertmanager_firing.json"), **bearer("alertmanager"))
    assert response.status_code == 202 and response.json()["matched"] is None
    assert (response.json()["unmatched"], response.json()["kept"]) == (1, 1)
    again = post(client, "alertmanager", body("alertmanager_firing.json"), **bearer("alertmanager"))
    assert (again.json()["unmatched"], again.json()["kept"]) == (1, 0)  # a re-sent alert is kept once
    assert not TimelineEntry.objects.exists() and UnmatchedAlert.objects.count() == 1
    assert "alertmanager webhook: 1 alert(s) matched no incident" in caplog.text and "search-api" in caplog.text


def test_a_late_resolution_still_reaches_an_incident_resolved_minutes_ago(client, alice):
    now = timezone.now()
    done = incident_create(user=alice, title="Just resolved", severity="low", started_at=now - timedelta(hours=1),
                           resolved_at=now - timedelta(minutes=5), status="resolved", services=["search-api"])
    response = post(client, "alertmanager", body("alertmanager_resolved.json"), **bearer("alertmanager"))
    assert response.json()["matched"] == [done.ref]


def test_grafana_and_opsgenie_alerts_match_by_label_and_by_tag(client, incident, checkout_incident):
    grafana = post(client, "grafana", body("grafana_alerting.json"), **bearer("grafana")).json()
    opsgenie = post(client, "opsgenie", body("opsgenie_create.json"), **bearer("opsgenie")).json()
    assert grafana["matched"] == [checkout_incident.ref]
    assert opsgenie["matched"] == [incident.ref]
    assert TimelineEntry.objects.get(incident=incident).source == "opsgenie"


def test_get_is_not_allowed(client):
    assert client.get("/hooks/alertmanager").status_code == 405


def test_a_payload_over_the_size_limit_is_a_413(client, incident, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = post(client, "alertmanager", body("alertmanager_firing.json"), **bearer("alertmanager"))
    assert response.status_code == 413
    assert not TimelineEntry.objects.exists()


def test_an_empty_body_is_a_400(client, incident):
    response = post(client, "alertmanager", b"", **bearer("alertmanager"))
    assert response.status_code == 400 and "empty" in response.json()["error"]


def test_a_legacy_grafana_alert_has_no_time_and_is_timed_at_receipt_and_says_so(client, checkout_incident):
    before = timezone.now()
    response = post(client, "grafana", body("grafana_legacy.json"), **bearer("grafana"))
    after = timezone.now()
    assert response.status_code == 202 and response.json()["matched"] == [checkout_incident.ref]
    entry = TimelineEntry.objects.get(incident=checkout_incident)
    assert before <= entry.time <= after
    assert entry.event.startswith("Grafana alert alerting: [Alerting] Test notification")
    assert entry.event.endswith("[no time in the payload: when the webhook was received]")
    assert not entry.assumed_zone


def test_a_resolved_alert_without_an_end_time_is_resolved_at_receipt_and_says_so(client, incident, checkout_incident):
    before = timezone.now()
    response = post(client, "alertmanager", body("alertmanager_resolved_no_end.json"), **bearer("alertmanager"))
    after = timezone.now()
    assert response.status_code == 202
    firing, resolved = TimelineEntry.objects.filter(incident=incident).order_by("time")
    assert firing.event == "Alert firing: [page] HighLatency (search-1:9100): p99 latency above 2s"
    assert before <= resolved.time <= after
    assert resolved.event == ("Alert resolved: HighLatency (search-1:9100): p99 latency above 2s "
                              "[no end time in the payload: when the webhook was received]")
