"""Reminder days are the owner's days: "due today", "overdue" and the digest follow the owner's time zone.

Around midnight UTC an owner in Auckland (UTC+13 in March) is already a day ahead and one in Los Angeles
(UTC−7) a day behind; an item without an owner account (a team webhook) keeps the server's zone.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from django.core import mail

from hotwash.web.accounts.services import profile_update, user_create
from hotwash.web.followthrough.models import SentReminder
from hotwash.web.followthrough.reminders import reminders_run

from .followthrough_support import HOOK, item, replay

DUE = date(2026, 3, 20)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mail(settings):  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.HOTWASH_WEBHOOKS = {}
    settings.HOTWASH_DIGEST = False
    settings.TIME_ZONE = "UTC"


@pytest.fixture
def kiri(db):  # type: ignore[no-untyped-def]
    return user_create(username="kiri", password="kiri-password", email="kiri@example.com",
                       timezone_name="Pacific/Auckland")


@pytest.fixture
def lou(db):  # type: ignore[no-untyped-def]
    return user_create(username="lou", password="lou-password", email="lou@example.com",
                       timezone_name="America/Los_Angeles")


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def _subjects() -> list[str]:
    return [m.subject.split(":")[0].removeprefix("[hotwash] ") for m in mail.outbox]


def test_an_owner_in_auckland_hears_due_today_on_their_due_date_while_utc_is_still_the_day_before(kiri, incident):
    owned = item(incident, owner_user=kiri, due_date=DUE)
    assert reminders_run(now=utc(19, 11, 30)).sent == 1  # 20 March 00:30 in Auckland
    assert _subjects() == ["Due today"]
    assert "is due today (2026-03-20)" in mail.outbox[0].body
    assert SentReminder.objects.get().key == f"action:{owned.pk}:due:2026-03-20"


def test_an_owner_in_los_angeles_hears_due_soon_due_today_and_overdue_on_their_own_days(lou, incident):
    owned = item(incident, owner_user=lou, due_date=DUE)
    ticks = [utc(20, 3), utc(20, 15), utc(21, 3), utc(21, 6, 59), utc(21, 7, 30)]
    # 19 Mar 20:00, 20 Mar 08:00, 20 Mar 20:00, 20 Mar 23:59 and 21 Mar 00:30 in Los Angeles
    sent = [reminders_run(now=t).sent for t in ticks]
    assert sent == [1, 1, 0, 0, 1]
    assert _subjects() == ["Due soon", "Due today", "Overdue"]
    assert "is due in 1 day (2026-03-20)" in mail.outbox[0].body
    assert "is 1 day overdue (was due 2026-03-20)" in mail.outbox[2].body
    assert sorted(SentReminder.objects.values_list("key", flat=True)) == [
        f"action:{owned.pk}:before:2026-03-20", f"action:{owned.pk}:due:2026-03-20",
        f"action:{owned.pk}:overdue:2026-W12"]


def test_owners_in_different_zones_are_reminded_by_their_own_calendars_in_the_same_pass(kiri, lou, incident):
    item(incident, "Add a canary stage", owner_user=kiri, due_date=DUE)
    item(incident, "Alert on queue depth", owner_user=lou, due_date=DUE)
    assert reminders_run(now=utc(20, 12)).sent == 2  # Auckland: 21 March 01:00; Los Angeles: 20 March 05:00
    by_owner = {m.to[0]: m for m in mail.outbox}
    assert by_owner["kiri@example.com"].subject == "[hotwash] Overdue: Add a canary stage"
    assert by_owner["lou@example.com"].subject == "[hotwash] Due today: Alert on queue depth"


def test_an_item_without_an_owner_account_keeps_the_servers_zone(incident, settings):
    settings.TIME_ZONE = "America/Los_Angeles"
    settings.HOTWASH_WEBHOOKS = {"team:Payments": HOOK}
    item(incident, owner="Payments", due_date=DUE)
    transport = replay("slack_ok.txt")
    assert reminders_run(now=utc(20, 3), transport=transport).sent == 1  # 19 March 20:00 on the server
    assert json.loads(transport.sent[0].body)["text"].endswith("is due in 1 day (2026-03-20)")


def test_the_digest_waits_for_eight_on_the_owners_clock(kiri, lou, incident, settings):
    settings.HOTWASH_DIGEST = True
    item(incident, "Add a canary stage", owner_user=kiri, due_date=DUE)
    assert reminders_run(now=utc(19, 18, 30)).digests == 0  # 07:30 on 20 March in Auckland
    assert reminders_run(now=utc(19, 19, 30)).digests == 1  # 08:30 on 20 March in Auckland
    assert reminders_run(now=utc(20, 10)).digests == 0  # 23:00, still 20 March: once a day
    [digest] = [m for m in mail.outbox if m.subject.startswith("[hotwash] Your open action items")]
    assert digest.to == ["kiri@example.com"]
    assert digest.body.startswith("Open action items for kiri on 2026-03-20: 1")
    assert "Add a canary stage (due today)" in digest.body
    assert SentReminder.objects.get(key__startswith="digest:").key == "digest:kiri:2026-03-20"


def test_an_owner_in_los_angeles_gets_the_digest_after_eight_there(lou, incident, settings):
    settings.HOTWASH_DIGEST = True
    item(incident, "Alert on queue depth", owner_user=lou, due_date=DUE)
    assert reminders_run(now=utc(20, 14)).digests == 0  # 07:00 in Los Angeles, 14:00 in UTC
    assert reminders_run(now=utc(20, 15, 30)).digests == 1
    assert SentReminder.objects.get(key__startswith="digest:").key == "digest:lou:2026-03-20"


def test_changing_zone_sends_no_reminder_twice_and_no_earlier_stage_after_a_later_one(kiri, incident):
    owned = item(incident, "Add a canary stage", owner_user=kiri, due_date=DUE)
    assert reminders_run(now=utc(19, 19, 30)).sent == 1  # 20 March 08:30 in Auckland: due today
    profile_update(user=kiri, timezone_name="America/Los_Angeles")
    # Back to 19 March 12:30 in Los Angeles: "due soon" is owed there, but "due today" already went out.
    assert reminders_run(now=utc(19, 19, 31)).sent == 0
    assert reminders_run(now=utc(20, 16)).sent == 0  # 20 March 09:00 in Los Angeles: already claimed
    assert reminders_run(now=utc(21, 8)).sent == 1  # 21 March 01:00 in Los Angeles: overdue
    assert _subjects() == ["Due today", "Overdue"]
    assert sorted(SentReminder.objects.values_list("key", flat=True)) == [
        f"action:{owned.pk}:due:2026-03-20", f"action:{owned.pk}:overdue:2026-W12"]
