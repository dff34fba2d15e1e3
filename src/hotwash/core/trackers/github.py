"""GitHub REST: create an issue, read its state.

``POST /repos/{owner}/{repo}/issues`` creates; ``GET /repos/{owner}/{repo}/issues/{number}`` reads.
Headers: ``Authorization: Bearer <token>``, ``Accept: application/vnd.github+json`` and
``X-GitHub-Api-Version``. ``open`` is open; ``closed`` is done, or won't do when closed as
``not_planned``. GitHub Enterprise Server: set the base URL to ``https://HOST/api/v3``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from hotwash.core.errors import TrackerError
from hotwash.core.model import ActionStatus
from hotwash.core.trackers.base import TicketDraft, TicketRef, TicketStatus, body_with_backlink
from hotwash.core.trackers.http import Transport, call_json, check_base_url, json_request, urllib_transport

NAME = "github"
API_VERSION = "2022-11-28"
_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_KEY = re.compile(r"^(?:(?P<repo>[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+))?#?(?P<number>[1-9][0-9]*)$")


def github_error_text(body: object) -> str:
    """``{"message": "Validation Failed", "errors": [{"field": ..., "code": ...}]}`` as one line."""
    if not isinstance(body, Mapping):
        return ""
    parts = [str(body["message"])] if body.get("message") else []
    for error in body.get("errors") or []:
        if isinstance(error, Mapping):
            if error.get("message"):
                parts.append(str(error["message"]))
            else:
                parts.append(" ".join(str(error[k]) for k in ("resource", "field", "code") if error.get(k)))
        elif error:
            parts.append(str(error))
    return "; ".join(p for p in parts if p)


class GitHubClient:
    name = NAME

    def __init__(self, repo: str, token: str, *, base_url: str = "https://api.github.com",
                 api_version: str = API_VERSION, transport: Transport = urllib_transport,
                 timeout: float = 10.0) -> None:
        if not _REPO.match(repo):
            raise TrackerError(f"the GitHub repository is owner/name, not {repo!r}", retryable=False,
                               tracker=NAME)
        if not token:
            raise TrackerError("the GitHub token is not set", retryable=False, tracker=NAME)
        self.repo = repo
        self.base_url = check_base_url(base_url, "GitHub API URL")
        self.api_version = api_version
        self.transport = transport
        self.timeout = timeout
        self._token = token

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token}", "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": self.api_version}

    def _number(self, key: str) -> int:
        match = _KEY.match(key.strip())
        if not match or (match.group("repo") and match.group("repo").lower() != self.repo.lower()):
            raise TrackerError(f"not an issue of {self.repo}: {key!r}", retryable=False, tracker=NAME)
        return int(match.group("number"))

    def create(self, draft: TicketDraft) -> TicketRef:
        """Open an issue; ``owner/repo#number`` and its web URL come back."""
        if not draft.title.strip():
            raise TrackerError("an issue needs a title", retryable=False, tracker=NAME)
        payload: dict[str, object] = {"title": draft.title.strip()}
        text = body_with_backlink(draft)
        if text:
            payload["body"] = text
        if draft.labels:
            payload["labels"] = [label.strip() for label in draft.labels if label.strip()]
        if draft.assignee:
            payload["assignees"] = [draft.assignee]
        request = json_request("POST", f"{self.base_url}/repos/{self.repo}/issues", self._headers(), payload,
                               self.timeout)
        data = call_json(self.transport, request, tracker=NAME, error_text=github_error_text, expect=(201, 200))
        number = data.get("number") if isinstance(data, Mapping) else None
        if not isinstance(number, int) or isinstance(number, bool):
            raise TrackerError("GitHub created an issue but its answer has no number", retryable=False,
                               tracker=NAME)
        assert isinstance(data, Mapping)
        html_url = data.get("html_url")
        api_url = data.get("url")
        return TicketRef(NAME, f"{self.repo}#{number}",
                         html_url if isinstance(html_url, str) else "",
                         api_url if isinstance(api_url, str) else "")

    def status(self, key: str) -> TicketStatus:
        """``open`` → open; ``closed`` → done, or won't do when closed as not planned."""
        number = self._number(key)
        request = json_request("GET", f"{self.base_url}/repos/{self.repo}/issues/{number}", self._headers(),
                               None, self.timeout)
        data = call_json(self.transport, request, tracker=NAME, error_text=github_error_text, expect=(200,))
        return parse_status(f"{self.repo}#{number}", data)


def parse_status(key: str, data: object) -> TicketStatus:
    state = data.get("state") if isinstance(data, Mapping) else None
    if state not in ("open", "closed"):
        raise TrackerError(f"GitHub's answer for {key} has no open/closed state", retryable=False,
                           tracker=NAME)
    assert isinstance(data, Mapping)
    reason = data.get("state_reason") or ""
    reason = reason if isinstance(reason, str) else ""
    if state == "open":
        return TicketStatus(key, ActionStatus.OPEN, "open", reason)
    mapped = ActionStatus.WONT_DO if reason == "not_planned" else ActionStatus.DONE
    return TicketStatus(key, mapped, "closed", reason)
