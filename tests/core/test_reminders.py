from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotwash.core.errors import ValidationError
from hotwash.core.model import ActionStatus
from hotwash.core.reminders import (
    Reminder,
    ReminderItem,
    ReminderKind,
    digest_key,
    digest_slack_payload,
    digest_text,
    due_reminders,
    reminder_subject,
    reminder_text,
    slack_payload,
)

DUE = date(2026, 11, 20)  # a Friday
OPEN = ActionStatus.OPEN


def keys(today: date, sent: set[str] | None = None, status: ActionStatus | str = OPEN,
         due: date | None = DUE) -> list[str]:
    return [r.key for r in due_reminders(42, due, status, today, sent or set())]


def test_nothing_is_sent_long_before_the_due_date() -> None:
    assert keys(DUE - timedelta(days=4)) == []


def test_a_reminder_goes_out_three_days_before_the_due_date() -> None:
    [reminder] = due_reminders(42, DUE, OPEN, DUE - timedelta(days=3), set())
    assert reminder.key == "action:42:before:2026-11-20"
    assert reminder.kind is ReminderKind.BEFORE
    assert reminder.days == 3


def test_the_before_reminder_is_sent_once_within_its_window() -> None:
    sent = set(keys(DUE - timedelta(days=3)))
    assert keys(DUE - timedelta(days=2), sent) == []
    assert keys(DUE - timedelta(days=1), sent) == []


def test_the_before_window_is_configurable() -> None:
    assert due_reminders(42, DUE, OPEN, DUE - timedelta(days=5), set(), before_days=7)[0].days == 5
    assert due_reminders(42, DUE, OPEN, DUE - timedelta(days=1), set(), before_days=0) == []


def test_moving_the_due_date_re_arms_the_before_reminder() -> None:
    sent = set(keys(DUE - timedelta(days=3)))
    later = DUE + timedelta(days=7)
    assert keys(later - timedelta(days=2), sent, due=later) == ["action:42:before:2026-11-27"]


def test_a_reminder_goes_out_on_the_due_date() -> None:
    assert keys(DUE) == ["action:42:due:2026-11-20"]
    assert keys(DUE, {"action:42:due:2026-11-20"}) == []


def test_overdue_reminders_come_once_a_week() -> None:
    sent: set[str] = set()
    sent_on: list[date] = []
    for offset in range(1, 22):
        today = DUE + timedelta(days=offset)
        new = keys(today, sent)
        sent.update(new)
        if new:
            sent_on.append(today)
    assert sent_on == [date(2026, 11, 21), date(2026, 11, 28), date(2026, 12, 5)]
    assert sorted(sent) == ["action:42:overdue:2026-W47", "action:42:overdue:2026-W48",
                            "action:42:overdue:2026-W49"]


def test_a_worker_that_was_down_sends_the_weekly_reminder_on_its_next_tick() -> None:
    sent = {"action:42:overdue:2026-W47"}
    assert keys(DUE + timedelta(days=10), sent) == ["action:42:overdue:2026-W48"]
    assert keys(DUE + timedelta(days=14), sent | {"action:42:overdue:2026-W48"}) == []


def test_a_missed_before_reminder_is_not_sent_late() -> None:
    assert keys(DUE) == ["action:42:due:2026-11-20"]


def test_the_overdue_reminder_says_how_late_the_item_is() -> None:
    [reminder] = due_reminders(42, DUE, OPEN, DUE + timedelta(days=10), set())
    assert reminder.kind is ReminderKind.OVERDUE and reminder.days == 10


@pytest.mark.parametrize("status", [ActionStatus.DONE, ActionStatus.WONT_DO, "done", "wont_do"])
def test_no_reminders_once_done_or_declined(status: ActionStatus | str) -> None:
    assert keys(DUE, status=status) == []
    assert keys(DUE + timedelta(days=30), status=status) == []


def test_in_progress_items_are_still_reminded() -> None:
    assert keys(DUE, status=ActionStatus.IN_PROGRESS) == ["action:42:due:2026-11-20"]


def test_items_without_a_due_date_get_no_reminder() -> None:
    assert keys(DUE, due=None) == []


def test_an_unknown_status_is_rejected() -> None:
    with pytest.raises(ValueError):
        keys(DUE, status="finished")


def test_a_negative_window_is_a_validation_error() -> None:
    with pytest.raises(ValidationError):
        due_reminders(1, DUE, OPEN, DUE, set(), before_days=-1)


def test_digest_keys_are_per_owner_per_day_and_case_insensitive() -> None:
    assert digest_key("Alice@Example.com", DUE) == "digest:alice@example.com:2026-11-20"
    assert digest_key("alice@example.com ", DUE) == digest_key("ALICE@example.com", DUE)
    assert digest_key("alice@example.com", DUE) != digest_key("alice@example.com", DUE + timedelta(days=1))
    with pytest.raises(ValidationError):
        digest_key("  ", DUE)


ITEM = ReminderItem(42, "Add an alert on queue depth <p99>", "Team Payments", DUE,
                    url="https://hotwash.example/actions/42", postmortem="Checkout outage")


def test_the_reminder_text_says_what_is_due_when_and_where() -> None:
    reminder = Reminder("k", ReminderKind.BEFORE, 42, DUE, 3)
    text = reminder_text(reminder, ITEM)
    assert "is due in 3 days (2026-11-20)" in text
    assert "Checkout outage" in text and ITEM.url in text
    assert "won't do with a reason" in text
    assert reminder_subject(reminder, ITEM) == "[hotwash] Due soon: Add an alert on queue depth <p99>"


def test_one_day_is_singular() -> None:
    text = reminder_text(Reminder("k", ReminderKind.OVERDUE, 42, DUE, 1), ITEM)
    assert "is 1 day overdue" in text


def test_the_slack_payload_is_incoming_webhook_json_with_escaped_mrkdwn() -> None:
    payload = slack_payload(Reminder("k", ReminderKind.DUE, 42, DUE, 0), ITEM)
    json.dumps(payload)  # serialisable
    assert isinstance(payload["text"], str) and "due today" in payload["text"]
    blocks = payload["blocks"]
    assert isinstance(blocks, list)
    section = blocks[0]["text"]["text"]
    assert section.startswith("<https://hotwash.example/actions/42|Add an alert on queue depth &lt;p99&gt;>")
    assert blocks[1]["type"] == "context"
    assert "Team Payments" in blocks[1]["elements"][0]["text"]


def test_the_slack_payload_without_a_url_bolds_the_title() -> None:
    item = ReminderItem(1, "Automate failover", "", DUE)
    payload = slack_payload(Reminder("k", ReminderKind.DUE, 1, DUE, 0), item)
    blocks = payload["blocks"]
    assert isinstance(blocks, list) and len(blocks) == 1
    assert blocks[0]["text"]["text"].startswith("*Automate failover*")


def test_the_digest_lists_the_most_urgent_items_first() -> None:
    items = [
        ReminderItem(1, "Later", "alice", DUE + timedelta(days=9)),
        ReminderItem(2, "Undated", "alice", None),
        ReminderItem(3, "Late", "alice", DUE - timedelta(days=2)),
        ReminderItem(4, "Today", "alice", DUE),
    ]
    text = digest_text("alice", DUE, items)
    lines = [line for line in text.splitlines() if line.startswith("- ")]
    assert lines == ["- Late (2 days overdue)", "- Today (due today)", "- Later (due in 9 days)",
                     "- Undated (no due date)"]
    payload = digest_slack_payload("alice", DUE, items)
    assert payload["text"] == "Open action items for alice: 4"
    blocks = payload["blocks"]
    assert isinstance(blocks, list)
    assert blocks[1]["text"]["text"].splitlines()[0] == "• *Late* (2 days overdue)"


@given(due=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
       start=st.integers(min_value=-10, max_value=5), length=st.integers(min_value=1, max_value=80),
       skips=st.sets(st.integers(min_value=0, max_value=80)))
def test_a_daily_worker_never_sends_a_key_twice_and_reminds_each_overdue_week(
        due: date, start: int, length: int, skips: set[int]) -> None:
    sent: list[str] = []
    for offset in range(length):
        if offset in skips:
            continue  # the worker was down that day
        today = due + timedelta(days=start + offset)
        sent.extend(r.key for r in due_reminders(7, due, OPEN, today, set(sent)))
    assert len(sent) == len(set(sent))
    overdue = [k for k in sent if ":overdue:" in k]
    last = due + timedelta(days=start + length - 1)
    if last > due:
        assert len(overdue) <= ((last - due).days + 6) // 7


def test_due_soon_is_not_owed_once_due_today_went_out_for_the_same_date() -> None:
    # The owner's day moved back (a new time zone, or a new owner further west) after "due today" was sent.
    assert keys(DUE - timedelta(days=1)) == ["action:42:before:2026-11-20"]
    assert keys(DUE - timedelta(days=1), sent={"action:42:due:2026-11-20"}) == []
    assert keys(DUE - timedelta(days=1), sent={"action:42:due:2026-11-20"}, due=DUE + timedelta(days=2)) == [
        "action:42:before:2026-11-22"]  # a new due date is a new round


def test_the_owners_day_and_the_latest_day_anywhere() -> None:
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from hotwash.core.reminders import day_in, latest_day

    now = datetime(2026, 3, 19, 11, 30, tzinfo=UTC)
    assert day_in(now, ZoneInfo("Pacific/Auckland")) == date(2026, 3, 20)
    assert day_in(now, ZoneInfo("America/Los_Angeles")) == date(2026, 3, 19)
    assert latest_day(now) == date(2026, 3, 20) == day_in(now, ZoneInfo("Pacific/Kiritimati"))
    assert latest_day(datetime(2026, 3, 19, 9, 59, tzinfo=UTC)) == date(2026, 3, 19)


@given(due=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
       start=st.integers(min_value=-6, max_value=3),
       steps=st.lists(st.integers(min_value=-2, max_value=2), min_size=1, max_size=40))
def test_a_day_that_jumps_back_and_forth_never_sends_a_key_twice_nor_due_soon_after_due_today(
        due: date, start: int, steps: list[int]) -> None:
    """Ticks at any moment while the owner changes zone: their day moves by up to two days either way."""
    sent: list[str] = []
    today = due + timedelta(days=start)
    for step in steps:
        today += timedelta(days=step)
        sent.extend(r.key for r in due_reminders(7, due, OPEN, today, set(sent)))
    assert len(sent) == len(set(sent))
    kinds = [k.split(":")[2] for k in sent]
    assert "before" not in kinds[kinds.index("due"):] if "due" in kinds else True
    assert kinds.count("before") <= 1 and kinds.count("due") <= 1
