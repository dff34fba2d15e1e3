"""Follow-through settings, read from Django settings first and the environment second.

Every value can be set as an environment variable of the same name (JSON for the structured ones) or
overridden in Django settings (tests do). See docs/actions.md.

- ``HOTWASH_DUE_POLICY``: JSON for :meth:`hotwash.core.policy.DueDatePolicy.from_mapping`.
- ``HOTWASH_WEBHOOKS``: JSON ``{"user:alice": URL, "team:Payments": URL, "*": URL}`` (Slack-compatible
  incoming webhooks; the most specific one wins).
- ``HOTWASH_REMINDER_BEFORE_DAYS`` (3), ``HOTWASH_DIGEST`` (1: a daily digest per owner).
- Jira: ``HOTWASH_JIRA_URL``, ``HOTWASH_JIRA_EMAIL``, ``HOTWASH_JIRA_TOKEN``, ``HOTWASH_JIRA_PROJECT``,
  ``HOTWASH_JIRA_ISSUE_TYPE`` (Task), ``HOTWASH_JIRA_API_VERSION`` (2).
- GitHub: ``HOTWASH_GITHUB_REPO``, ``HOTWASH_GITHUB_TOKEN``, ``HOTWASH_GITHUB_API_URL``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any

from django.conf import settings

from hotwash.core.errors import ValidationError
from hotwash.core.policy import DueDatePolicy

TRACKERS = ("jira", "github")


def _raw(name: str, default: Any = None) -> Any:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name)
    return default if value is None or value == "" else value


def _json(name: str) -> Mapping[str, Any]:
    value = _raw(name, {})
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise ValidationError(f"not valid JSON: {exc}", field=name) from exc
    if not isinstance(value, Mapping):
        raise ValidationError("must be a JSON object", field=name)
    return value


def due_policy() -> DueDatePolicy:
    """The default-due-date policy (``HOTWASH_DUE_POLICY``), or the practice's defaults."""
    data = _json("HOTWASH_DUE_POLICY")
    try:
        return DueDatePolicy.from_mapping(data) if data else DueDatePolicy()
    except ValidationError as exc:
        raise ValidationError(exc.message, field=f"HOTWASH_DUE_POLICY.{exc.field}") from exc


def webhooks() -> dict[str, str]:
    hooks = _json("HOTWASH_WEBHOOKS")
    out: dict[str, str] = {}
    for key, url in hooks.items():
        if not isinstance(url, str) or not url.startswith(("https://", "http://")):
            raise ValidationError("a webhook URL starts with https://", field=f"HOTWASH_WEBHOOKS.{key}")
        out[str(key).strip().casefold()] = url
    return out


def webhook_url(*, username: str = "", team: str = "") -> str:
    """The most specific webhook: the user's, else the team's, else the catch-all ``*``; or ""."""
    hooks = webhooks()
    for key in (f"user:{username}" if username else "", f"team:{team}" if team else "", "*"):
        if key and key.casefold() in hooks:
            return hooks[key.casefold()]
    return ""


def reminder_before_days() -> int:
    try:
        return int(_raw("HOTWASH_REMINDER_BEFORE_DAYS", 3))
    except (TypeError, ValueError) as exc:
        raise ValidationError("a whole number of days", field="HOTWASH_REMINDER_BEFORE_DAYS") from exc


def digest_enabled() -> bool:
    value = _raw("HOTWASH_DIGEST", True)
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def tracker_config(kind: str) -> dict[str, str]:
    """What :func:`hotwash.core.trackers.tracker_from_config` needs, from the settings of ``kind``."""
    if kind == "jira":
        return {"kind": "jira", "base_url": str(_raw("HOTWASH_JIRA_URL", "")),
                "email": str(_raw("HOTWASH_JIRA_EMAIL", "")), "token": str(_raw("HOTWASH_JIRA_TOKEN", "")),
                "project": str(_raw("HOTWASH_JIRA_PROJECT", "")),
                "issue_type": str(_raw("HOTWASH_JIRA_ISSUE_TYPE", "Task")),
                "api_version": str(_raw("HOTWASH_JIRA_API_VERSION", "2"))}
    if kind == "github":
        return {"kind": "github", "repo": str(_raw("HOTWASH_GITHUB_REPO", "")),
                "token": str(_raw("HOTWASH_GITHUB_TOKEN", "")),
                "base_url": str(_raw("HOTWASH_GITHUB_API_URL", "https://api.github.com"))}
    raise ValidationError(f"unknown tracker {kind!r}; expected jira or github", field="tracker")


def trackers_configured() -> list[str]:
    """The trackers with credentials set (Jira: URL, token and project; GitHub: repo and token)."""
    out = []
    jira = tracker_config("jira")
    if jira["base_url"] and jira["token"] and jira["project"]:
        out.append("jira")
    github = tracker_config("github")
    if github["repo"] and github["token"]:
        out.append("github")
    return out
