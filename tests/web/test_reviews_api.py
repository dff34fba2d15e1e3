"""The reviews API: queue, review, meeting, accounts, survey, roster and retrospectives."""

from __future__ import annotations

from datetime import timedelta

from hotwash.web.postmortems.services import participant_add
from hotwash.web.timeline.models import TimelineEntry

from .conftest import T0


def _auth(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_the_review_can_be_planned_through_the_api(client, alice_token, incident, carol):
    h = _auth(alice_token)
    body = client.get(f"/api/v1/incidents/{incident.pk}/review", **h).json()
    assert body["kind"] == "formal" and body["agenda_total_minutes"] == 80
    assert [p["step"] for p in body["prep"]][0] == "gather_artifacts"
    response = client.patch(f"/api/v1/incidents/{incident.pk}/review", {
        "facilitator": "carol", "agenda": {"timeline": 35}, "meeting_at": "2026-03-10T14:00:00Z",
        "meeting_minutes": 85, "meeting_place": "Room 4", "team": "Search"}, content_type="application/json", **h)
    body = response.json()
    assert response.status_code == 200, body
    assert (body["facilitator"], body["agenda_total_minutes"], body["meeting_minutes"], body["team"]) == (
        "carol", 85, 85, "Search")
    assert next(p for p in body["prep"] if p["step"] == "book_meeting")["state"] == "done"
    bad = client.patch(f"/api/v1/incidents/{incident.pk}/review", {"agenda": {"timeline": 60}},
                       content_type="application/json", **h)
    assert bad.status_code == 422 and bad.json()["field"] == "timeline"
    queue = client.get("/api/v1/reviews/queue", **h).json()
    assert queue[0]["incident_id"] == incident.pk and "postmortem not started" in queue[0]["reasons"]


def test_the_meeting_runs_and_is_read_through_the_api(client, alice_token, incident):
    h = _auth(alice_token)
    assert client.post(f"/api/v1/incidents/{incident.pk}/meeting/start", **h).json()["phase"] == "opening"
    state = client.post(f"/api/v1/incidents/{incident.pk}/meeting/next", **h).json()
    assert state["phase"] == "timeline" and state["remaining_seconds"] > 29 * 60
    bad = client.post(f"/api/v1/incidents/{incident.pk}/meeting/jump", **h)
    assert bad.status_code == 422
    assert client.get(f"/api/v1/incidents/{incident.pk}/meeting", **h).json()["version"] == 2


def test_accounts_notes_and_survey_through_the_api(client, alice_token, alice, incident):
    h = _auth(alice_token)
    participant_add(postmortem=incident.postmortem, name="alice", user=alice)
    created = client.post(f"/api/v1/incidents/{incident.pk}/review/accounts",
                          {"time": (T0 + timedelta(minutes=3)).isoformat(), "saw": "Latency alert"},
                          content_type="application/json", **h)
    assert created.status_code == 201
    entry = created.json()["id"]
    shared = client.post(f"/api/v1/incidents/{incident.pk}/review/accounts/{entry}/share", {"attributed": False},
                         content_type="application/json", **h).json()
    assert shared["shared"] and not shared["shared_attributed"]
    assert TimelineEntry.objects.get(incident=incident).actor == ""
    assert client.post(f"/api/v1/incidents/{incident.pk}/review/notes", {"text": "Rushed"},
                       content_type="application/json", **h).status_code == 201
    assert client.post(f"/api/v1/incidents/{incident.pk}/survey", {"blameless": 5, "comment": "ok"},
                       content_type="application/json", **h).status_code == 201
    again = client.post(f"/api/v1/incidents/{incident.pk}/survey", {"blameless": 5},
                        content_type="application/json", **h)
    assert again.status_code == 422 and "already answered" in again.json()["error"]
    assert client.get(f"/api/v1/incidents/{incident.pk}/survey", **h).json() == {
        "responses": 1, "shown": False, "questions": [], "comments": []}


def test_roster_and_retrospectives_through_the_api(client, alice_token):
    h = _auth(alice_token)
    assert client.post("/api/v1/facilitators/me", **h).status_code == 201
    assert client.get("/api/v1/facilitators", **h).json()[0]["username"] == "alice"
    retro = client.post("/api/v1/retrospectives", {"team": "Search", "held_on": "2026-03-01"},
                        content_type="application/json", **h).json()
    client.post(f"/api/v1/retrospectives/{retro['id']}/items", {"column": "puzzling", "text": "03:00 alerts"},
                content_type="application/json", **h)
    item = client.post(f"/api/v1/retrospectives/{retro['id']}/actions", {"action": "Move the job", "owner": "Bob"},
                       content_type="application/json", **h).json()
    assert item["retrospective_id"] == retro["id"] and item["incident_id"] is None
    assert item["source"] == "Search retrospective of 2026-03-01" and item["due_date"]  # the policy's default
    body = client.get(f"/api/v1/retrospectives/{retro['id']}", **h).json()
    assert body["columns"]["puzzling"] == ["03:00 alerts"] and body["actions"][0]["action"] == "Move the job"
