"""What every tracker client takes and returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from hotwash.core.model import ActionStatus


@dataclass(frozen=True)
class TicketDraft:
    """An action item as a ticket. ``url`` links back to the action item in hotwash."""

    title: str
    body: str = ""
    due: date | None = None
    labels: tuple[str, ...] = ()
    url: str = ""
    assignee: str = ""  # GitHub login; ignored by Jira (it needs an account id)


@dataclass(frozen=True)
class TicketRef:
    """The created ticket: ``key`` identifies it for status pulls, ``url`` is for people."""

    tracker: str  # "jira" | "github"
    key: str  # "AR-87" | "acme/payments#57"
    url: str
    api_url: str = ""


@dataclass(frozen=True)
class TicketStatus:
    """A ticket's state mapped onto action item statuses, with the tracker's own words."""

    key: str
    status: ActionStatus
    label: str  # the tracker's status name, e.g. "In Review", "closed"
    reason: str = ""  # why it is closed, when the tracker says (resolution, state_reason)

    @property
    def closed(self) -> bool:
        return self.status in (ActionStatus.DONE, ActionStatus.WONT_DO)


class Tracker(Protocol):
    name: str

    def create(self, draft: TicketDraft) -> TicketRef: ...

    def status(self, key: str) -> TicketStatus: ...


def body_with_backlink(draft: TicketDraft) -> str:
    """The ticket body: the action item text plus its due date and a link back to hotwash."""
    parts = [draft.body.strip()] if draft.body.strip() else []
    footer = []
    if draft.due is not None:
        footer.append(f"Due: {draft.due.isoformat()}")
    if draft.url:
        footer.append(f"Action item in hotwash: {draft.url}")
    if footer:
        parts.append("\n".join(footer))
    return "\n\n".join(parts)
