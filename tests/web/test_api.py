from __future__ import annotations

import json

import pytest

from hotwash.web.incidents.models import Incident


@pytest.fixture
def api(client, alice_token):  # type: ignore[no-untyped-def]
    class Api:
        def call(self, method: str, path: str, body: object = None, raw: str | None = None, token: str | None = None):
            headers = {"HTTP_AUTHORIZATION": f"Bearer {token if token is not None else alice_token}"}
            data = raw if raw is not None else (json.dumps(body) if body is not None else None)
            fn = getattr(client, method.lower())
            if data is None:
                return fn("/api/v1" + path, **headers)
            return fn("/api/v1" + path, data=data, content_type="application/json", **headers)
    return Api()


NEW = {"title": "API incident", "severity": "high", "started_at": "2026-03-02T09:00:00Z",
       "resolved_at": "2026-03-02T10:00:00+01:00", "services": ["api"], "tags": ["x"]}


def test_openapi_schema_and_docs_are_served(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/incidents" in schema["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_requests_without_a_token_get_a_json_401(client, alice):
    response = client.get("/api/v1/incidents")
    assert response.status_code == 401
    assert "error" in response.json()


def test_a_revoked_or_wrong_token_is_refused(api):
    assert api.call("GET", "/incidents", token="hw_nope").status_code == 401


def test_incident_crud(api):
    created = api.call("POST", "/incidents", NEW)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["ref"] == f"INC-{body['id']}"
    assert body["time_to_resolve_seconds"] == 0.0  # 10:00+01:00 is 09:00Z
    got = api.call("GET", f"/incidents/{body['id']}").json()
    assert got["services"] == ["api"]
    patched = api.call("PATCH", f"/incidents/{body['id']}", {"title": "Renamed", "version": 1})
    assert patched.json()["title"] == "Renamed" and patched.json()["version"] == 2
    assert api.call("DELETE", f"/incidents/{body['id']}").status_code == 204
    assert api.call("GET", f"/incidents/{body['id']}").status_code == 404


def test_stale_version_is_a_409(api):
    incident_id = api.call("POST", "/incidents", NEW).json()["id"]
    api.call("PATCH", f"/incidents/{incident_id}", {"title": "first", "version": 1})
    response = api.call("PATCH", f"/incidents/{incident_id}", {"title": "second", "version": 1})
    assert response.status_code == 409
    assert response.json()["current_version"] == 2


@pytest.mark.parametrize(("body", "field"), [
    ({**NEW, "severity": "apocalyptic"}, "severity"),
    ({**NEW, "resolved_at": "2026-03-01T00:00:00Z"}, "resolved_at"),
    ({**NEW, "started_at": "not a time"}, "started_at"),
    ({**NEW, "title": "x" * 300}, "title"),
    ({k: v for k, v in NEW.items() if k != "title"}, "title"),
])
def test_bad_input_is_a_json_422_naming_the_field(api, body, field):
    response = api.call("POST", "/incidents", body)
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field
    assert not Incident.objects.exists()


def test_malformed_json_is_a_json_4xx_not_a_500(api):
    response = api.call("POST", "/incidents", raw='{"title": "unterminated')
    assert 400 <= response.status_code < 500
    assert "error" in response.json()


def test_postmortem_sections_timeline_factors_and_actions(api):
    incident_id = api.call("POST", "/incidents", NEW).json()["id"]
    base = f"/incidents/{incident_id}"
    section = api.call("PUT", f"{base}/postmortem/sections/executive_summary", {"text": "Summary", "base_version": 0})
    assert section.json() == {"text": "Summary", "version": 1}
    conflict = api.call("PUT", f"{base}/postmortem/sections/executive_summary", {"text": "Other", "base_version": 0})
    assert conflict.status_code == 409 and conflict.json()["current"] == "Summary"

    later = api.call("POST", f"{base}/timeline", {"time": "2026-03-02T09:30:00Z", "event": "later"}).json()
    api.call("POST", f"{base}/timeline", {"time": "2026-03-02T09:05:00Z", "event": "earlier", "kind": "alert"})
    assert [e["event"] for e in api.call("GET", f"{base}/timeline").json()] == ["earlier", "later"]
    assert api.call("PATCH", f"{base}/timeline/{later['id']}", {"key_decision": True}).json()["key_decision"]
    assert api.call("POST", f"{base}/timeline", {"time": "2026-03-02T09:05:00", "event": "naive"}).status_code == 422

    factor = api.call("POST", f"{base}/factors", {"category": "technical", "description": "No pooler",
                                                  "timeline_entries": [later["id"]]})
    assert factor.status_code == 201 and factor.json()["timeline_entries"] == [later["id"]]
    assert api.call("POST", f"{base}/factors", {"category": "astrology", "description": "x"}).json()["field"] == "category"

    action = api.call("POST", f"{base}/actions", {"action": "Add PgBouncer", "owner": "DB team",
                                                  "due_date": "2026-04-01", "impact": 2, "effort": 2}).json()
    assert action["priority"] == "p2" and action["incident_id"] == incident_id
    done = api.call("PATCH", f"/actions/{action['id']}", {"status": "wont_do"})
    assert done.status_code == 422 and done.json()["field"] == "wont_do_reason"
    assert api.call("DELETE", f"/actions/{action['id']}").status_code == 204

    pm = api.call("PATCH", f"{base}/postmortem", {"status": "in_review"}).json()
    assert pm["status"] == "in_review"


def test_unknown_api_path_is_json(api):
    response = api.call("GET", "/nothing-here")
    assert response.status_code == 404
