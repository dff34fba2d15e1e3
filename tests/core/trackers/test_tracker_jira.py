from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import date

import pytest

from hotwash.core.errors import TrackerError
from hotwash.core.model import ActionStatus
from hotwash.core.trackers import HttpRequest, HttpResponse, JiraClient, TicketDraft
from hotwash.core.trackers.jira import adf
from hotwash.core.trackers.replay import ReplayTransport

Replay = Callable[[str], ReplayTransport]
DRAFT = TicketDraft("Add an alert when the payment queue depth stays above 1000 for 5 minutes",
                    "Alert when the queue stays above 1000 messages for 5 minutes.", date(2026, 12, 7),
                    ("postmortem", "checkout outage"), "https://hotwash.example/actions/42")


def client(transport: Callable[[HttpRequest], HttpResponse], version: int = 2) -> JiraClient:
    return JiraClient("https://acme.atlassian.net/", "ana@acme.test", "api-token", project_key="OPS",
                      api_version=version, transport=transport)


def test_creating_an_issue_then_reading_its_status(replay: Replay) -> None:
    transport = replay("jira_create_issue.txt")
    jira = client(transport)
    ref = jira.create(DRAFT)
    assert (ref.tracker, ref.key) == ("jira", "OPS-87")
    assert ref.url == "https://acme.atlassian.net/browse/OPS-87"
    assert ref.api_url == "https://acme.atlassian.net/rest/api/2/issue/12339"
    status = jira.status(ref.key)
    assert (status.status, status.label) == (ActionStatus.OPEN, "To Do")
    assert transport.finished


def test_labels_lose_their_spaces_and_the_due_date_is_sent(replay: Replay) -> None:
    transport = replay("jira_create_issue.txt")
    client(transport).create(DRAFT)
    fields = json.loads(transport.sent[0].body or b"")["fields"]
    assert fields["labels"] == ["postmortem", "checkout-outage"]
    assert fields["duedate"] == "2026-12-07"
    assert fields["description"].endswith("Action item in hotwash: https://hotwash.example/actions/42")


def test_authentication_is_basic_with_email_and_api_token(replay: Replay) -> None:
    transport = replay("jira_create_issue.txt")
    client(transport).create(DRAFT)
    scheme, token = transport.sent[0].headers["Authorization"].split(" ")
    assert scheme == "Basic"
    assert base64.b64decode(token).decode() == "ana@acme.test:api-token"


def test_without_an_email_the_token_is_a_bearer_personal_access_token() -> None:
    seen: list[HttpRequest] = []

    def transport(request: HttpRequest) -> HttpResponse:
        seen.append(request)
        return HttpResponse(201, {}, b'{"id": "1", "key": "OPS-1", "self": "x"}')

    JiraClient("https://jira.acme.test", "", "pat", project_key="OPS", transport=transport).create(DRAFT)
    assert seen[0].headers["Authorization"] == "Bearer pat"


def test_status_categories_map_onto_action_statuses(replay: Replay) -> None:
    jira = client(replay("jira_issue_states.txt"))
    review = jira.status("OPS-87")
    assert (review.status, review.label) == (ActionStatus.IN_PROGRESS, "In Review")
    done = jira.status("OPS-87")
    assert (done.status, done.reason, done.closed) == (ActionStatus.DONE, "Done", True)
    wont = jira.status("OPS-87")
    assert (wont.status, wont.label, wont.reason) == (ActionStatus.WONT_DO, "Closed", "Won't Do")


def test_a_malformed_key_is_refused_before_any_request() -> None:
    transport = ReplayTransport([])
    with pytest.raises(TrackerError):
        client(transport).status("OPS-87/../../admin")
    assert transport.sent == []


def test_field_errors_are_reported_and_not_retried(replay: Replay) -> None:
    jira = client(replay("jira_errors.txt"))
    with pytest.raises(TrackerError) as err:
        jira.create(DRAFT)
    assert err.value.status == 400 and not err.value.retryable
    assert "duedate: Field 'duedate' cannot be set" in str(err.value)
    assert str(err.value).startswith("jira: ")


def test_refused_credentials_with_a_plain_text_body(replay: Replay) -> None:
    transport = replay("jira_errors.txt")
    del transport.exchanges[:1]
    with pytest.raises(TrackerError) as err:
        client(transport).create(DRAFT)
    assert err.value.status == 401 and not err.value.retryable
    assert "Client must be authenticated" in str(err.value)


def test_a_missing_issue_is_not_retried(replay: Replay) -> None:
    transport = replay("jira_errors.txt")
    del transport.exchanges[:2]
    with pytest.raises(TrackerError) as err:
        client(transport).status("OPS-404")
    assert err.value.status == 404 and not err.value.retryable
    assert "Issue does not exist" in str(err.value)


def test_rate_limits_and_outages_are_retryable_with_the_server_delay(replay: Replay) -> None:
    transport = replay("jira_errors.txt")
    del transport.exchanges[:3]
    jira = client(transport)
    with pytest.raises(TrackerError) as err:
        jira.status("OPS-87")
    assert err.value.retryable and err.value.status == 429 and err.value.retry_after == 30
    with pytest.raises(TrackerError) as err:
        jira.status("OPS-87")
    assert err.value.retryable and err.value.status == 503 and "Service Unavailable" in str(err.value)


def test_a_login_page_instead_of_json_is_a_retryable_error(replay: Replay) -> None:
    transport = replay("jira_errors.txt")
    del transport.exchanges[:5]
    with pytest.raises(TrackerError) as err:
        client(transport).status("OPS-87")
    assert err.value.retryable
    assert "not JSON" in str(err.value) and "text/html" in str(err.value)


def test_version_3_sends_the_description_as_an_atlassian_document() -> None:
    seen: list[HttpRequest] = []

    def transport(request: HttpRequest) -> HttpResponse:
        seen.append(request)
        return HttpResponse(201, {}, b'{"id": "1", "key": "OPS-2", "self": "x"}')

    client(transport, version=3).create(DRAFT)
    assert seen[0].url == "https://acme.atlassian.net/rest/api/3/issue"
    description = json.loads(seen[0].body or b"")["fields"]["description"]
    assert description["type"] == "doc" and description["version"] == 1
    assert description["content"][0]["content"][0]["text"].startswith("Alert when the queue")


def test_adf_keeps_paragraphs_and_line_breaks() -> None:
    doc = adf("one\ntwo\n\nthree")
    assert [p["type"] for p in doc["content"]] == ["paragraph", "paragraph"]  # type: ignore[index,union-attr]
    assert doc["content"][0]["content"] == [  # type: ignore[index]
        {"type": "text", "text": "one"}, {"type": "hardBreak"}, {"type": "text", "text": "two"}]


def test_an_answer_without_a_key_is_an_error() -> None:
    jira = client(lambda request: HttpResponse(201, {}, b"{}"))
    with pytest.raises(TrackerError) as err:
        jira.create(DRAFT)
    assert "no issue key" in str(err.value)


@pytest.mark.parametrize("kwargs", [{"project_key": "ops"}, {"project_key": "OPS", "api_version": 4}])
def test_bad_settings_are_refused_up_front(kwargs: dict[str, object]) -> None:
    with pytest.raises(TrackerError):
        JiraClient("https://acme.atlassian.net", "a@b", "t", **kwargs)  # type: ignore[arg-type]
