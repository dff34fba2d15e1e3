"""Trackers: an action item becomes a Jira or GitHub issue, linked both ways, its status pulled back on tick.

Every exchange is replayed from tests/fixtures/trackers (recorded requests and responses, no network).
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.urls import reverse

from hotwash.core.errors import ValidationError
from hotwash.web.followthrough import trackers
from hotwash.web.followthrough.services import verdict_record
from hotwash.web.followthrough.tick import tick

from .followthrough_support import Unreachable, item, replay

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _trackers(settings):  # type: ignore[no-untyped-def]
    settings.HOTWASH_GITHUB_REPO = "acme/payments"
    settings.HOTWASH_GITHUB_TOKEN = "private_token_removed"
    settings.HOTWASH_JIRA_URL = "https://acme.atlassian.net"
    settings.HOTWASH_JIRA_EMAIL = "ops@acme.example"
    settings.HOTWASH_JIRA_TOKEN = "private_token_removed"
    settings.HOTWASH_JIRA_PROJECT = "OPS"
    settings.BASE_URL = "https://hotwash.example"
    settings.HOTWASH_WEBHOOKS = {}


@pytest.fixture
def action(incident):  # type: ignore[no-untyped-def]
    return item(incident, "Add an alert when the payment queue depth stays above 1000 for 5 minutes",
                due_date=date(2026, 12, 7), success_metric="Queue alerts page within 5 minutes")


def _export(action, kind, transport):  # type: ignore[no-untyped-def]
    trackers.tracker_export_request(item=action, tracker=kind)
    return trackers.tracker_export_run(item=action, transport=transport)


def test_a_github_issue_is_created_linked_both_ways_and_closing_it_closes_the_item(action):
    transport = replay("web_github_create_open_closed.txt")
    linked = _export(action, "github", transport)
    assert (linked.tracker_state, linked.tracker_key) == ("linked", "acme/payments#57")
    assert linked.external_link == "https://github.com/acme/payments/issues/57"
    sent = json.loads(transport.sent[0].body)
    assert sent["title"] == action.action and sent["labels"] == ["postmortem", "action-item"]
    assert f"Action item in hotwash: https://hotwash.example/incidents/{action.postmortem.incident_id}/#action-{action.pk}" in sent["body"]
    assert "Due: 2026-12-07" in sent["body"] and "Success metric: Queue alerts page within 5 minutes" in sent["body"]
    first = tick(tracker_transport=transport)
    linked.refresh_from_db()
    assert (first.trackers.pulled, first.trackers.changed, linked.status) == (1, 0, "open")
    second = tick(tracker_transport=transport)
    linked.refresh_from_db()
    assert second.trackers.changed == 1 and linked.status == "done" and linked.completed_at is not None
    assert transport.finished
    assert tick(tracker_transport=Unreachable()).trackers.pulled == 0  # closed items are not polled


def test_an_unreachable_tracker_keeps_the_request_pending_and_a_later_tick_creates_the_ticket(action):
    down = _export(action, "github", Unreachable())
    assert down.tracker_state == "pending" and "could not be reached" in down.tracker_error
    transport = replay("web_github_502_then_created.txt")
    busy = tick(tracker_transport=transport)
    assert busy.trackers.pending == 1 and "HTTP 502" in busy.trackers.errors[0]
    done = tick(tracker_transport=transport)
    action.refresh_from_db()
    assert done.trackers.created == 1 and action.tracker_key == "acme/payments#57" and action.tracker_error == ""
    assert action.tracker_attempts == 3


def test_refused_credentials_fail_clearly_and_wait_for_a_person(action):
    failed = _export(action, "jira", replay("web_jira_create_401.txt"))
    assert failed.tracker_state == "failed"
    assert "refused the credentials (HTTP 401)" in failed.tracker_error
    assert tick(tracker_transport=Unreachable()).trackers.created == 0  # not retried on its own
    again = trackers.tracker_export_request(item=failed, tracker="jira")  # "Try again" after fixing the token
    assert again.tracker_state == "pending"


def test_jira_statuses_move_the_item_and_a_reopen_in_hotwash_is_not_undone(action, alice):
    transport = replay("web_jira_create_then_states.txt")
    linked = _export(action, "jira", transport)
    assert linked.tracker_key == "OPS-87" and linked.external_link == "https://acme.atlassian.net/browse/OPS-87"
    assert json.loads(transport.sent[0].body)["fields"]["duedate"] == "2026-12-07"
    tick(tracker_transport=transport)
    linked.refresh_from_db()
    assert linked.status == "in_progress" and linked.tracker_status.startswith("In Review")
    tick(tracker_transport=transport)
    linked.refresh_from_db()
    assert linked.status == "done" and transport.finished
    verdict_record(action=linked, verdict="did_not", note="Queue hit 5000 with no page", user=alice)
    linked.refresh_from_db()
    assert linked.status == "open"
    closed_again = replay("web_jira_create_then_states.txt")
    closed_again.exchanges = closed_again.exchanges[2:]  # Jira still says Done
    tick(tracker_transport=closed_again)
    linked.refresh_from_db()
    assert linked.status == "open"  # the tracker did not change: the reopen stands


def test_a_linked_item_is_not_exported_twice_and_unknown_or_unconfigured_trackers_are_refused(action, settings):
    _export(action, "github", replay("web_github_create_open_closed.txt"))
    with pytest.raises(ValidationError, match="already linked to acme/payments#57"):
        trackers.tracker_export_request(item=action, tracker="github")
    with pytest.raises(ValidationError, match="one of jira, github"):
        trackers.tracker_export_request(item=action, tracker="trello")
    settings.HOTWASH_JIRA_TOKEN = ""
    with pytest.raises(ValidationError, match="jira integration is not configured"):
        trackers.tracker_export_request(item=action, tracker="jira")


def test_the_button_on_the_action_row_creates_the_issue(alice_client, action, incident, monkeypatch):
    html = alice_client.get(reverse("incident_detail", args=[incident.pk])).content.decode()
    assert "Create Github issue" in html and "Create Jira issue" in html
    monkeypatch.setattr(trackers, "TRANSPORT", replay("web_github_create_open_closed.txt"))
    html = alice_client.post(reverse("action_tracker", args=[incident.pk, action.pk]), {"tracker": "github"},
                             headers={"HX-Request": "true"}).content.decode()
    assert "acme/payments#57" in html and "https://github.com/acme/payments/issues/57" in html


def test_the_api_answers_201_when_linked_and_202_while_pending(client, alice_token, action, monkeypatch):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {alice_token}", "content_type": "application/json"}
    monkeypatch.setattr(trackers, "TRANSPORT", Unreachable())
    pending = client.post(f"/api/v1/actions/{action.pk}/tracker", {"tracker": "github"}, **auth)
    assert pending.status_code == 202 and pending.json()["tracker_state"] == "pending"
    assert "could not be reached" in pending.json()["tracker_error"]
    monkeypatch.setattr(trackers, "TRANSPORT", replay("web_github_create_open_closed.txt"))
    tick()
    linked = client.get(f"/api/v1/actions/{action.pk}", **auth).json()
    assert linked["tracker_key"] == "acme/payments#57" and linked["tracker_state"] == "linked"
    again = client.post(f"/api/v1/actions/{action.pk}/tracker", {"tracker": "github"}, **auth)
    assert again.status_code == 422 and "already linked" in again.json()["error"]
