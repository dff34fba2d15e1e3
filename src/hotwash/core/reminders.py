"""Which reminders an action item is owed today, with stable keys that make sending idempotent.

A reminder goes out a few days before the due date, on it, and once a week while the item is
overdue; never once it is done or declined. Every reminder has a key such as
``action:42:before:2026-11-20``: the web layer stores sent keys under a unique constraint, so a
reminder is sent at most once even across restarts and with two workers at once (insert the key
first, send only if the insert succeeded). The daily digest per owner has ``digest_key``.

"Today" is the owner's day: the web layer passes the date in the owner's time zone (``day_in``), so
"due today" and "overdue" follow the owner's calendar, not the server's. Keys depend on the due date (and,
for overdue, on the window), never on the zone, so a key is the same whoever computes it.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from hotwash.core.errors import ValidationError
from hotwash.core.model import ActionStatus

DEFAULT_BEFORE_DAYS = 3
_CLOSED = frozenset({ActionStatus.DONE, ActionStatus.WONT_DO})


class ReminderKind(enum.StrEnum):
    BEFORE = "before"
    DUE = "due"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class Reminder:
    key: str
    kind: ReminderKind
    item_id: int | str
    due: date
    days: int  # days left (before), 0 (due) or days overdue (overdue)


# The calendar day is at most 14 hours ahead of UTC anywhere (UTC+14, Line Islands).
_MAX_AHEAD = timedelta(hours=14)

# Failed sends (reminders and the learning digest) are retried 1, 2, 4… minutes apart, at most
# 6 hours, and given up after MAX_ATTEMPTS.
MAX_ATTEMPTS = 8


def retry_after(attempts: int) -> timedelta:
    """The wait before the next try of a send that has failed ``attempts`` times."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def day_in(now: datetime, tz: tzinfo) -> date:
    """The calendar day of the aware ``now`` in ``tz``."""
    return now.astimezone(tz).date()


def latest_day(now: datetime) -> date:
    """The latest calendar day anywhere at ``now`` (to select every item owed in some zone)."""
    return (now.astimezone(UTC) + _MAX_AHEAD).date()


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def reminder_key(item_id: int | str, kind: ReminderKind, due: date, today: date) -> str:
    """``action:42:before:2026-11-20``, ``action:42:due:2026-11-20``, ``action:42:overdue:2026-W47``."""
    if kind is ReminderKind.OVERDUE:
        # One reminder per 7-day window after the due date, named by the ISO week the window starts in:
        # sent on the first tick inside the window, so a missed day does not lose the reminder.
        window = ((today - due).days - 1) // 7
        return f"action:{item_id}:overdue:{iso_week(due + timedelta(days=1 + 7 * window))}"
    return f"action:{item_id}:{kind.value}:{due.isoformat()}"


def due_reminders(item_id: int | str, due: date | None, status: ActionStatus | str, today: date,
                  sent_keys: Collection[str], *, before_days: int = DEFAULT_BEFORE_DAYS) -> list[Reminder]:
    """The reminder owed today (at most one), unless its key was already sent.

    Before: on any day from ``before_days`` before the due date until the day before (one per due
    date, so moving the date re-arms it). Due: on the day. Overdue: once in each 7-day window after
    the due date while open (the key names the ISO week the window starts in).
    Missed reminders of an earlier stage are not sent late, nor after a later stage (:func:`superseded`).
    """
    if before_days < 0:
        raise ValidationError("cannot be negative", field="before_days")
    if due is None or ActionStatus(status) in _CLOSED:
        return []
    delta = (due - today).days
    if delta > before_days:
        return []
    if delta > 0:
        kind, days = ReminderKind.BEFORE, delta
    elif delta == 0:
        kind, days = ReminderKind.DUE, 0
    else:
        kind, days = ReminderKind.OVERDUE, -delta
    reminder = Reminder(reminder_key(item_id, kind, due, today), kind, item_id, due, days)
    if reminder.key in sent_keys or superseded(reminder, sent_keys):
        return []
    return [reminder]


def superseded(reminder: Reminder, sent_keys: Collection[str]) -> bool:
    """A "before" reminder once the due-day one for the same date went out (the owner's day can move back
    when they change time zone or the item changes owner): an earlier stage is never sent after a later one."""
    return (reminder.kind is ReminderKind.BEFORE
            and reminder_key(reminder.item_id, ReminderKind.DUE, reminder.due, reminder.due) in sent_keys)


def digest_key(owner: str | int, day: date) -> str:
    """``digest:alice@example.com:2026-11-20``: one digest per owner per day."""
    owner_text = str(owner).strip().casefold()
    if not owner_text:
        raise ValidationError("a digest needs an owner", field="owner")
    return f"digest:{owner_text}:{day.isoformat()}"


@dataclass(frozen=True)
class ReminderItem:
    """What a message says about an action item.

    ``postmortem`` names where the item comes from: ``INC-12 Checkout errors``, or with ``source_kind``
    ``retrospective`` a phrase such as ``Payments retrospective of 2026-03-01``."""

    item_id: int | str
    title: str
    owner: str
    due: date | None
    url: str = ""
    postmortem: str = ""
    status: ActionStatus = ActionStatus.OPEN
    source_kind: str = "postmortem"  # postmortem | retrospective


def _source(item: ReminderItem) -> str:
    if not item.postmortem:
        return ""
    if item.source_kind == "retrospective":
        return f"From the {item.postmortem}"
    return f"From the postmortem: {item.postmortem}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _when(reminder: Reminder) -> str:
    if reminder.kind is ReminderKind.BEFORE:
        return f"is due in {_plural(reminder.days, 'day')} ({reminder.due.isoformat()})"
    if reminder.kind is ReminderKind.DUE:
        return f"is due today ({reminder.due.isoformat()})"
    return f"is {_plural(reminder.days, 'day')} overdue (was due {reminder.due.isoformat()})"


def reminder_subject(reminder: Reminder, item: ReminderItem) -> str:
    """A short e-mail subject."""
    prefix = {"before": "Due soon", "due": "Due today", "overdue": "Overdue"}[reminder.kind.value]
    return f"[hotwash] {prefix}: {item.title}"


def reminder_text(reminder: Reminder, item: ReminderItem) -> str:
    """The plain-text body of a reminder e-mail."""
    lines = [f"The action item “{item.title}” {_when(reminder)}."]
    if item.postmortem:
        lines.append(_source(item))
    if item.owner:
        lines.append(f"Owner: {item.owner}")
    if item.url:
        lines.append(f"Open it: {item.url}")
    lines.append("")
    lines.append("When it is done, mark it done; if it will not be done, close it as won't do with a "
                 "reason, or move the due date. Reminders stop once it is done or declined.")
    return "\n".join(lines) + "\n"


def _mrkdwn(text: str) -> str:
    """Escape the three characters Slack's mrkdwn reserves."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _link(item: ReminderItem) -> str:
    title = _mrkdwn(item.title)
    if item.url:
        return f"<{item.url}|{title.replace('|', '¦')}>"
    return f"*{title}*"


def slack_payload(reminder: Reminder, item: ReminderItem) -> dict[str, object]:
    """Slack incoming-webhook JSON (``text`` as the notification fallback, plus ``blocks``)."""
    fallback = f"Action item “{item.title}” {_when(reminder)}"
    context = [f"Owner: {_mrkdwn(item.owner)}"] if item.owner else []
    if item.postmortem and item.source_kind == "retrospective":
        context.append(_mrkdwn(_source(item)))
    elif item.postmortem:
        context.append(f"Postmortem: {_mrkdwn(item.postmortem)}")
    blocks: list[dict[str, object]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": f"{_link(item)} {_when(reminder)}."}},
    ]
    if context:
        blocks.append({"type": "context",
                       "elements": [{"type": "mrkdwn", "text": " · ".join(context)}]})
    return {"text": fallback, "blocks": blocks}


def _digest_when(item: ReminderItem, today: date) -> str:
    if item.due is None:
        return "no due date"
    days = (item.due - today).days
    if days < 0:
        return f"{_plural(-days, 'day')} overdue"
    if days == 0:
        return "due today"
    return f"due in {_plural(days, 'day')}"


def _digest_order(items: Sequence[ReminderItem]) -> list[ReminderItem]:
    return sorted(items, key=lambda i: (i.due is None, i.due or date.max, i.title))


def digest_text(owner: str, today: date, items: Sequence[ReminderItem]) -> str:
    """The daily digest e-mail for one owner: open items, most urgent first."""
    ordered = _digest_order(items)
    lines = [f"Open action items for {owner} on {today.isoformat()}: {len(ordered)}", ""]
    for item in ordered:
        line = f"- {item.title} ({_digest_when(item, today)})"
        if item.url:
            line += f" {item.url}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def digest_slack_payload(owner: str, today: date, items: Sequence[ReminderItem]) -> dict[str, object]:
    """The daily digest as Slack incoming-webhook JSON."""
    ordered = _digest_order(items)
    header = f"Open action items for {owner}: {len(ordered)}"
    bullets = "\n".join(f"• {_link(i)} ({_digest_when(i, today)})" for i in ordered)
    blocks: list[dict[str, object]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": f"*{_mrkdwn(header)}*"}},
    ]
    if bullets:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": bullets}})
    return {"text": header, "blocks": blocks}
