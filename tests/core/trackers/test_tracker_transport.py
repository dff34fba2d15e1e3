from __future__ import annotations

import email.message
import io
import urllib.error
import urllib.request
import urllib.response
from pathlib import Path

import pytest

from hotwash.core.errors import TrackerError
from hotwash.core.trackers import (
    GitHubClient,
    HttpRequest,
    HttpResponse,
    JiraClient,
    TicketDraft,
    tracker_from_config,
)
from hotwash.core.trackers.http import UrllibTransport
from hotwash.core.trackers.replay import ReplayMismatch, ReplayTransport, parse_replay

SAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "samples" / "artifacts" / "github"


class FakeHandler(urllib.request.BaseHandler):
    """Answers every https request in-process, so urllib's own code path runs without a network."""

    handler_order = 100

    def __init__(self, status: int, body: bytes, headers: dict[str, str] | None = None,
                 error: Exception | None = None) -> None:
        self.status, self.body, self.headers, self.error = status, body, headers or {}, error
        self.requests: list[urllib.request.Request] = []

    def https_open(self, req: urllib.request.Request) -> urllib.response.addinfourl:
        self.requests.append(req)
        if self.error is not None:
            raise self.error
        msg = email.message.Message()
        for key, value in self.headers.items():
            msg[key] = value
        response = urllib.response.addinfourl(io.BytesIO(self.body), msg, req.full_url, self.status)
        response.msg = "OK" if self.status < 400 else "Error"  # type: ignore[attr-defined]
        return response


def github(handler: FakeHandler) -> GitHubClient:
    return GitHubClient("acme/payments", "t", transport=UrllibTransport(urllib.request.build_opener(handler)))


def test_the_urllib_transport_sends_method_headers_and_body() -> None:
    handler = FakeHandler(201, b'{"number": 5, "html_url": "https://github.com/acme/payments/issues/5"}',
                          {"Content-Type": "application/json"})
    ref = github(handler).create(TicketDraft("Add a canary stage", labels=("postmortem",)))
    assert ref.key == "acme/payments#5"
    [req] = handler.requests
    assert req.get_method() == "POST"
    assert req.full_url == "https://api.github.com/repos/acme/payments/issues"
    assert req.get_header("Authorization") == "Bearer t"
    assert req.get_header("X-github-api-version") == "2022-11-28"
    assert req.data == b'{"title": "Add a canary stage", "labels": ["postmortem"]}'


def test_the_urllib_transport_returns_http_errors_as_responses() -> None:
    handler = FakeHandler(503, b'{"message": "Service unavailable"}', {"Retry-After": "12"})
    with pytest.raises(TrackerError) as err:
        github(handler).status("5")
    assert err.value.retryable and err.value.status == 503 and err.value.retry_after == 12


def test_an_unreachable_server_is_a_retryable_error_naming_the_host() -> None:
    handler = FakeHandler(0, b"", error=urllib.error.URLError("[Errno -2] Name or service not known"))
    with pytest.raises(TrackerError) as err:
        github(handler).status("5")
    assert err.value.retryable and err.value.status is None
    assert "could not be reached at api.github.com" in str(err.value)
    assert "Name or service not known" in str(err.value)


def test_a_timeout_is_retryable() -> None:
    def transport(request: HttpRequest) -> HttpResponse:
        raise TimeoutError("timed out")

    jira = JiraClient("https://acme.atlassian.net", "a@b", "t", project_key="OPS", transport=transport)
    with pytest.raises(TrackerError) as err:
        jira.status("OPS-1")
    assert err.value.retryable and "timed out" in str(err.value)


def test_the_replay_transport_refuses_requests_beyond_the_recording() -> None:
    transport = ReplayTransport([])
    with pytest.raises(ReplayMismatch):
        transport(HttpRequest("GET", "https://api.github.com/x"))


def test_the_replay_transport_checks_method_and_path() -> None:
    [exchange] = parse_replay("https\nGET\napi.github.com\nNone\n/repos/a/b/issues/1\n{}\nNone\n200\n[]\n{}\n")
    with pytest.raises(ReplayMismatch):
        ReplayTransport([exchange])(HttpRequest("POST", "https://api.github.com/repos/a/b/issues/1"))
    with pytest.raises(ReplayMismatch):
        ReplayTransport([exchange])(HttpRequest("GET", "https://api.github.com/repos/a/b/issues/2"))
    response = ReplayTransport([exchange])(HttpRequest("GET", "https://api.github.com/repos/a/b/issues/1"))
    assert response.status == 200


def test_a_truncated_recording_is_refused() -> None:
    with pytest.raises(ValueError):
        parse_replay("https\nGET\napi.github.com\n")


@pytest.mark.samples
@pytest.mark.skipif(not SAMPLES.exists(), reason="../shared samples are not present on this machine")
def test_the_real_pygithub_recording_replays_through_the_github_client() -> None:
    transport = ReplayTransport.from_file(SAMPLES / "pygithub_replay" / "Issue.setUp.txt")
    assert transport.exchanges[1].url == "https://api.github.com/repos/PyGithub/PyGithub/issues/28"
    transport.exchanges.pop(0)  # the repository lookup PyGithub makes first
    status = GitHubClient("PyGithub/PyGithub", "t", transport=transport).status("28")
    assert (status.label, status.reason, status.closed) == ("closed", "completed", True)


def test_clients_are_built_from_configuration_alone() -> None:
    jira = tracker_from_config({"kind": "jira", "base_url": "https://acme.atlassian.net", "email": "a@b",
                                "token": "t", "project": "OPS", "api_version": "3"})
    assert isinstance(jira, JiraClient) and jira.api_version == 3 and jira.name == "jira"
    gh = tracker_from_config({"kind": "GitHub", "repo": "acme/payments", "token": "t"})
    assert isinstance(gh, GitHubClient) and gh.base_url == "https://api.github.com"


@pytest.mark.parametrize(("config", "needle"), [
    ({"kind": "jira", "base_url": "https://x.atlassian.net", "token": "t"}, "'project'"),
    ({"kind": "github", "repo": "acme/payments"}, "'token'"),
    ({"kind": "gitlab"}, "unknown tracker kind"),
    ({"kind": "jira", "base_url": "https://x", "token": "t", "project": "OPS", "api_version": "9"}, "2 or 3"),
])
def test_incomplete_configuration_is_a_clear_non_retryable_error(config: dict[str, str], needle: str) -> None:
    with pytest.raises(TrackerError) as err:
        tracker_from_config(config)
    assert needle in str(err.value) and not err.value.retryable
