"""Shared helpers of the action item and follow-through tests (build state through the services)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from hotwash.core.trackers.http import HttpRequest, HttpResponse
from hotwash.core.trackers.replay import ReplayTransport
from hotwash.web.actions.models import ActionItem
from hotwash.web.actions.services import action_item_add
from hotwash.web.incidents.services import incident_create

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HOOK = "https://hooks.slack.com/services/T000/B000/team-payments"


def replay(name: str) -> ReplayTransport:
    folder = "webhooks" if name.startswith("slack") else "trackers"
    return ReplayTransport.from_file(FIXTURES / folder / name)


class Unreachable:
    """A transport whose server cannot be reached (what urllib raises with the network down)."""

    def __init__(self) -> None:
        self.sent: list[HttpRequest] = []

    def __call__(self, request: HttpRequest) -> HttpResponse:
        self.sent.append(request)
        raise ConnectionRefusedError(111, "Connection refused")


def incident_of(user: Any, title: str, *, started: datetime | None = None, severity: str = "high",
                services: list[str] | None = None, tags: list[str] | None = None) -> Any:
    t0 = started or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    return incident_create(user=user, title=title, severity=severity, started_at=t0,
                           detected_at=t0 + timedelta(minutes=5), mitigated_at=t0 + timedelta(minutes=20),
                           resolved_at=t0 + timedelta(minutes=40), services=services or [], tags=tags or [])


def item(incident: Any, action: str = "Add an alert on replication lag over 30 s", **fields: Any) -> ActionItem:
    fields.setdefault("owner", "Payments")
    fields.setdefault("due_date", date(2026, 3, 20))
    fields.setdefault("success_metric", "Lag alerts page within 2 minutes")
    return action_item_add(postmortem=incident.postmortem, action=action, **fields)
