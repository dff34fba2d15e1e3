"""Issue tracker clients (Jira, GitHub) over an injectable HTTP transport.

The web layer builds a client from an integration's settings with :func:`tracker_from_config`,
calls ``create(TicketDraft)`` when an action item is exported and ``status(key)`` on each tick.
Every failure is a :class:`hotwash.core.errors.TrackerError`; retry later when ``retryable``.
"""

from __future__ import annotations

from collections.abc import Mapping

from hotwash.core.errors import TrackerError
from hotwash.core.trackers.base import TicketDraft, TicketRef, TicketStatus, Tracker
from hotwash.core.trackers.github import GitHubClient
from hotwash.core.trackers.http import HttpRequest, HttpResponse, Transport, urllib_transport
from hotwash.core.trackers.jira import JiraClient

__all__ = [
    "GitHubClient",
    "HttpRequest",
    "HttpResponse",
    "JiraClient",
    "TicketDraft",
    "TicketRef",
    "TicketStatus",
    "Tracker",
    "Transport",
    "tracker_from_config",
]


def _need(config: Mapping[str, str], key: str, kind: str) -> str:
    value = str(config.get(key) or "").strip()
    if not value:
        raise TrackerError(f"the {kind} integration needs '{key}'", retryable=False, tracker=kind)
    return value


def tracker_from_config(config: Mapping[str, str], transport: Transport = urllib_transport) -> Tracker:
    """A client from settings.

    Jira: ``{"kind": "jira", "base_url": "https://acme.atlassian.net", "email": ..., "token": ...,
    "project": "OPS", "issue_type": "Task", "api_version": "2"}``.
    GitHub: ``{"kind": "github", "repo": "acme/payments", "token": ..., "base_url":
    "https://api.github.com"}``.
    """
    kind = str(config.get("kind") or "").strip().lower()
    if kind == "jira":
        version = str(config.get("api_version") or "2").strip()
        if version not in ("2", "3"):
            raise TrackerError("api_version is 2 or 3", retryable=False, tracker="jira")
        return JiraClient(_need(config, "base_url", kind), str(config.get("email") or "").strip(),
                          _need(config, "token", kind), project_key=_need(config, "project", kind),
                          issue_type=str(config.get("issue_type") or "Task"), api_version=int(version),
                          transport=transport)
    if kind == "github":
        return GitHubClient(_need(config, "repo", kind), _need(config, "token", kind),
                            base_url=str(config.get("base_url") or "https://api.github.com"),
                            transport=transport)
    raise TrackerError(f"unknown tracker kind {kind!r}; expected jira or github", retryable=False)
