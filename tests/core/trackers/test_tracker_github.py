from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from hotwash.core.errors import TrackerError
from hotwash.core.model import ActionStatus
from hotwash.core.trackers import GitHubClient, TicketDraft
from hotwash.core.trackers.replay import ReplayMismatch, ReplayTransport

Replay = Callable[[str], ReplayTransport]
DRAFT = TicketDraft("Add an alert when the payment queue depth stays above 1000 for 5 minutes",
                    "Alert when the queue stays above 1000 messages for 5 minutes.", date(2026, 12, 7),
                    ("postmortem", "action-item"), "https://hotwash.example/actions/42")


def client(transport: ReplayTransport) -> GitHubClient:
    return GitHubClient("acme/payments", "ghp_secret", transport=transport)


def test_creating_an_issue_posts_the_action_with_its_due_date_and_a_link_back(replay: Replay) -> None:
    transport = replay("github_create_issue.txt")
    ref = client(transport).create(DRAFT)
    assert transport.finished
    assert ref.tracker == "github"
    assert ref.key == "acme/payments#57"
    assert ref.url == "https://github.com/acme/payments/issues/57"
    assert ref.api_url == "https://api.github.com/repos/acme/payments/issues/57"


def test_requests_carry_the_documented_github_headers(replay: Replay) -> None:
    transport = replay("github_create_issue.txt")
    client(transport).create(DRAFT)
    headers = transport.sent[0].headers
    assert headers["Authorization"] == "Bearer ghp_secret"
    assert headers["Accept"] == "application/vnd.github+json"
    assert headers["X-GitHub-Api-Version"] == "2022-11-28"
    assert headers["Content-Type"] == "application/json"


def test_a_changed_request_body_does_not_match_the_recording(replay: Replay) -> None:
    with pytest.raises(ReplayMismatch):
        client(replay("github_create_issue.txt")).create(TicketDraft("Something else"))


def test_open_and_closed_states_map_onto_action_statuses(replay: Replay) -> None:
    gh = client(replay("github_issue_states.txt"))
    opened = gh.status("acme/payments#57")
    assert (opened.status, opened.label, opened.closed) == (ActionStatus.OPEN, "open", False)
    done = gh.status("#57")
    assert (done.status, done.reason, done.closed) == (ActionStatus.DONE, "completed", True)
    declined = gh.status("58")
    assert (declined.status, declined.reason) == (ActionStatus.WONT_DO, "not_planned")
    assert declined.key == "acme/payments#58"


def test_an_issue_of_another_repository_is_refused_before_any_request() -> None:
    transport = ReplayTransport([])
    with pytest.raises(TrackerError) as err:
        client(transport).status("acme/other#3")
    assert not err.value.retryable
    assert transport.sent == []


def test_bad_credentials_are_not_retried(replay: Replay) -> None:
    gh = client(replay("github_errors.txt"))
    with pytest.raises(TrackerError) as err:
        gh.create(DRAFT)
    assert err.value.status == 401 and not err.value.retryable
    assert "Bad credentials" in str(err.value) and "token" in str(err.value)


def test_validation_errors_explain_which_field(replay: Replay) -> None:
    transport = replay("github_errors.txt")
    transport.exchanges.pop(0)
    with pytest.raises(TrackerError) as err:
        client(transport).create(DRAFT)
    assert err.value.status == 422 and not err.value.retryable
    assert "Validation Failed; Issue assignees invalid" in str(err.value)


def test_a_rate_limit_is_retryable(replay: Replay) -> None:
    transport = replay("github_errors.txt")
    del transport.exchanges[:2]
    with pytest.raises(TrackerError) as err:
        client(transport).status("57")
    assert err.value.retryable and err.value.status == 403
    assert "rate limit" in str(err.value)


def test_a_bad_gateway_html_page_is_retryable(replay: Replay) -> None:
    transport = replay("github_errors.txt")
    del transport.exchanges[:3]
    with pytest.raises(TrackerError) as err:
        client(transport).status("57")
    assert err.value.retryable and err.value.status == 502
    assert "502 Bad Gateway" in str(err.value)


def test_not_found_and_disabled_issues_are_not_retried(replay: Replay) -> None:
    transport = replay("github_errors.txt")
    del transport.exchanges[:4]
    gh = client(transport)
    with pytest.raises(TrackerError) as err:
        gh.status("999")
    assert err.value.status == 404 and not err.value.retryable
    with pytest.raises(TrackerError) as err:
        gh.create(DRAFT)
    assert err.value.status == 410 and "Issues are disabled" in str(err.value)


def test_bad_settings_are_refused_up_front() -> None:
    with pytest.raises(TrackerError):
        GitHubClient("payments", "t")
    with pytest.raises(TrackerError):
        GitHubClient("acme/payments", "")
    with pytest.raises(TrackerError):
        GitHubClient("acme/payments", "t", base_url="file:///etc/passwd")


def test_an_enterprise_base_url_is_used_as_given() -> None:
    seen: list[str] = []

    def transport(request):  # type: ignore[no-untyped-def]
        seen.append(request.url)
        raise OSError("no route")

    gh = GitHubClient("acme/payments", "t", base_url="https://ghe.acme.test/api/v3/", transport=transport)
    with pytest.raises(TrackerError):
        gh.status("1")
    assert seen == ["https://ghe.acme.test/api/v3/repos/acme/payments/issues/1"]
