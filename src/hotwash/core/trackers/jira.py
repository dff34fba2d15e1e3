"""Jira Cloud REST (v2, or v3 with Atlassian Document Format): create an issue, read its status.

``POST /rest/api/{2|3}/issue`` creates; ``GET /rest/api/{2|3}/issue/{key}?fields=status,resolution``
reads. Authentication is HTTP basic with the account e-mail and an API token (Jira Cloud); with no
e-mail the token is sent as a bearer personal access token (Jira Data Center). A status category
``done`` means done (or won't do when the resolution says so), ``indeterminate`` in progress.
"""

from __future__ import annotations

import base64
import re
import urllib.parse
from collections.abc import Mapping

from hotwash.core.errors import TrackerError
from hotwash.core.model import ActionStatus
from hotwash.core.trackers.base import TicketDraft, TicketRef, TicketStatus, body_with_backlink
from hotwash.core.trackers.http import Transport, call_json, check_base_url, json_request, urllib_transport

NAME = "jira"
_KEY = re.compile(r"^[A-Z][A-Z0-9_]*-[1-9][0-9]*$")
_PROJECT = re.compile(r"^[A-Z][A-Z0-9_]*$")
_WONT = frozenset({"won't do", "won't fix", "wontfix", "won’t do", "won’t fix", "declined", "rejected",
                   "cannot reproduce", "duplicate", "obsolete"})
_CATEGORY = {"new": ActionStatus.OPEN, "undefined": ActionStatus.OPEN,
             "indeterminate": ActionStatus.IN_PROGRESS, "done": ActionStatus.DONE}


def jira_error_text(body: object) -> str:
    """``{"errorMessages": [...], "errors": {"field": "message"}}`` as one line."""
    if not isinstance(body, Mapping):
        return ""
    messages = [str(m) for m in body.get("errorMessages") or [] if m]
    errors = body.get("errors") or {}
    if isinstance(errors, Mapping):
        messages += [f"{k}: {v}" for k, v in errors.items()]
    if not messages and body.get("message"):
        messages.append(str(body["message"]))
    return "; ".join(messages)


def adf(text: str) -> dict[str, object]:
    """Plain text as an Atlassian Document Format document (v3 descriptions): one paragraph per block."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    content: list[dict[str, object]] = []
    for para in paragraphs:
        nodes: list[dict[str, object]] = []
        for i, line in enumerate(para.split("\n")):
            if i:
                nodes.append({"type": "hardBreak"})
            if line:
                nodes.append({"type": "text", "text": line})
        content.append({"type": "paragraph", "content": nodes})
    return {"type": "doc", "version": 1, "content": content}


def _label(text: str) -> str:
    return re.sub(r"\s+", "-", text.strip())  # Jira labels cannot contain spaces


class JiraClient:
    name = NAME

    def __init__(self, base_url: str, email: str, api_token: str, *, project_key: str,
                 issue_type: str = "Task", api_version: int = 2, transport: Transport = urllib_transport,
                 timeout: float = 10.0) -> None:
        self.base_url = check_base_url(base_url, "Jira base URL")
        if not api_token:
            raise TrackerError("the Jira API token is not set", retryable=False, tracker=NAME)
        if not _PROJECT.match(project_key):
            raise TrackerError(f"not a Jira project key: {project_key!r}", retryable=False, tracker=NAME)
        if api_version not in (2, 3):
            raise TrackerError("the Jira REST API version is 2 or 3", retryable=False, tracker=NAME)
        self.project_key = project_key
        self.issue_type = issue_type
        self.api_version = api_version
        self.transport = transport
        self.timeout = timeout
        if email:
            token = base64.b64encode(f"{email}:{api_token}".encode()).decode("ascii")
            self._auth = f"Basic {token}"
        else:
            self._auth = f"Bearer {api_token}"

    def _headers(self) -> dict[str, str]:
        return {"Authorization": self._auth, "Accept": "application/json"}

    def _api(self, path: str) -> str:
        return f"{self.base_url}/rest/api/{self.api_version}/{path}"

    def create(self, draft: TicketDraft) -> TicketRef:
        """Create an issue in the project; its key and browse URL come back."""
        if not draft.title.strip():
            raise TrackerError("an issue needs a summary", retryable=False, tracker=NAME)
        text = body_with_backlink(draft)
        fields: dict[str, object] = {
            "project": {"key": self.project_key},
            "summary": draft.title.strip()[:255],
            "issuetype": {"name": self.issue_type},
        }
        if text:
            fields["description"] = adf(text) if self.api_version == 3 else text
        if draft.labels:
            fields["labels"] = [_label(label) for label in draft.labels if label.strip()]
        if draft.due is not None:
            fields["duedate"] = draft.due.isoformat()
        request = json_request("POST", self._api("issue"), self._headers(), {"fields": fields}, self.timeout)
        data = call_json(self.transport, request, tracker=NAME, error_text=jira_error_text, expect=(200, 201))
        key = data.get("key") if isinstance(data, Mapping) else None
        if not isinstance(key, str) or not _KEY.match(key):
            raise TrackerError("Jira created an issue but its answer has no issue key", retryable=False,
                               tracker=NAME)
        api_url = data.get("self") if isinstance(data, Mapping) else None
        return TicketRef(NAME, key, f"{self.base_url}/browse/{key}", api_url if isinstance(api_url, str) else "")

    def status(self, key: str) -> TicketStatus:
        """The issue's status mapped onto action item statuses."""
        if not _KEY.match(key):
            raise TrackerError(f"not a Jira issue key: {key!r}", retryable=False, tracker=NAME)
        query = urllib.parse.urlencode({"fields": "status,resolution"})
        request = json_request("GET", self._api(f"issue/{key}?{query}"), self._headers(), None, self.timeout)
        data = call_json(self.transport, request, tracker=NAME, error_text=jira_error_text, expect=(200,))
        return parse_status(key, data)


def parse_status(key: str, data: object) -> TicketStatus:
    """Read ``fields.status.statusCategory.key`` and ``fields.resolution.name`` of an issue."""
    fields = data.get("fields") if isinstance(data, Mapping) else None
    status = fields.get("status") if isinstance(fields, Mapping) else None
    if not isinstance(status, Mapping):
        raise TrackerError(f"Jira's answer for {key} has no status", retryable=False, tracker=NAME)
    category = status.get("statusCategory")
    category_key = str(category.get("key", "")) if isinstance(category, Mapping) else ""
    mapped = _CATEGORY.get(category_key, ActionStatus.OPEN)
    resolution = fields.get("resolution") if isinstance(fields, Mapping) else None
    reason = str(resolution.get("name", "")) if isinstance(resolution, Mapping) else ""
    if mapped is ActionStatus.DONE and reason.casefold() in _WONT:
        mapped = ActionStatus.WONT_DO
    return TicketStatus(key, mapped, str(status.get("name", "")), reason)
