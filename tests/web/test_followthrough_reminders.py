"""Reminders: before, on and after the due date, a daily digest, by e-mail and webhook, never twice."""

from __future__ import annotations

import json
import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.db import connection

from hotwash.web.actions.services import action_item_update
from hotwash.web.followthrough.models import SentReminder
from hotwash.web.followthrough.reminders import reminders_run
from hotwash.web.followthrough.tick import tick

from .followthrough_support import HOOK, Unreachable, incident_of, item, replay

DUE = date(2026, 3, 20)  # a Friday


def at(day: date, hour: int = 6) -> datetime:
    """A tick time (UTC; before the 08:00 digest hour unless asked)."""
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _mail(settings):  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.HOTWASH_WEBHOOKS = {}
    settings.HOTWASH_DIGEST = False
    settings.TIME_ZONE = "UTC"


@pytest.fixture
def owned(alice, incident):  # type: ignore[no-untyped-def]
    return item(incident, "Add an alert on replication lag over 30 s", owner_user=alice, due_date=DUE)


pytestmark = pytest.mark.django_db


def test_a_reminder_goes_out_three_days_before_the_due_date_once(owned):
    assert reminders_run(now=at(DUE - timedelta(days=4))).sent == 0
    first = reminders_run(now=at(DUE - timedelta(days=3)))
    again = reminders_run(now=at(DUE - timedelta(days=2)))  # the same "before" reminder: not again
    assert (first.sent, again.sent) == (1, 0)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.com"]
    assert message.subject == "[hotwash] Due soon: Add an alert on replication lag over 30 s"
    assert "is due in 3 days (2026-03-20)" in message.body and f"#action-{owned.pk}" in message.body
    assert SentReminder.objects.get().key == f"action:{owned.pk}:before:2026-03-20"


def test_on_the_due_date_and_weekly_while_overdue_then_never_once_done(owned):
    days = [DUE + timedelta(days=n) for n in range(0, 16)]
    sent = {day: reminders_run(now=at(day)).sent for day in days[:15]}
    assert [d for d, n in sent.items() if n] == [DUE, DUE + timedelta(days=1), DUE + timedelta(days=8)]
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["[hotwash] Due today", "[hotwash] Overdue",
                                                              "[hotwash] Overdue"]
    action_item_update(item=owned, data={"status": "done"})
    assert reminders_run(now=at(DUE + timedelta(days=15))).sent == 0


def test_an_item_without_an_owner_account_or_webhook_is_not_reminded_and_nothing_is_claimed(incident):
    item(incident, owner="Some team", due_date=DUE)
    assert reminders_run(now=at(DUE)).sent == 0
    assert not SentReminder.objects.exists()


def test_the_team_webhook_gets_a_slack_payload(incident, settings):
    settings.HOTWASH_WEBHOOKS = {"team:Payments": HOOK}
    owned = item(incident, "Add an alert on replication lag over 30 s", owner="Payments", due_date=DUE)
    transport = replay("slack_ok.txt")
    summary = reminders_run(now=at(DUE), transport=transport)
    assert summary.sent == 1 and transport.finished
    payload = json.loads(transport.sent[0].body)
    assert payload["text"] == "Action item “Add an alert on replication lag over 30 s” is due today (2026-03-20)"
    assert f"#action-{owned.pk}|" in payload["blocks"][0]["text"]["text"]
    row = SentReminder.objects.get()
    assert (row.channel, row.status, row.recipient) == ("webhook", "sent", "hooks.slack.com")


def test_an_unreachable_webhook_is_retried_on_a_later_tick_and_sent_once(incident, settings):
    settings.HOTWASH_WEBHOOKS = {"*": HOOK}
    item(incident, owner="Payments", due_date=DUE)
    down = Unreachable()
    first = reminders_run(now=at(DUE), transport=down)
    assert (first.sent, first.failed) == (0, 1) and "Connection refused" in first.errors[0]
    row = SentReminder.objects.get()
    assert row.status == "failed" and row.next_attempt_at == at(DUE) + timedelta(minutes=1)
    # a tick before the retry time does not hammer the webhook
    assert reminders_run(now=at(DUE) + timedelta(seconds=30), transport=down).failed == 0 and len(down.sent) == 1
    transport = replay("slack_503_then_ok.txt")
    second = reminders_run(now=at(DUE) + timedelta(minutes=1), transport=transport)
    assert second.failed == 1 and "HTTP 503: service_unavailable" in second.errors[0]
    third = reminders_run(now=at(DUE) + timedelta(minutes=3), transport=transport)
    assert third.retried == 1 and transport.finished
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 3)
    assert reminders_run(now=at(DUE) + timedelta(hours=2), transport=Unreachable()).sent == 0


def test_a_failed_reminder_of_an_item_done_meanwhile_is_not_resent(incident, settings):
    settings.HOTWASH_WEBHOOKS = {"*": HOOK}
    owned = item(incident, owner="Payments", due_date=DUE)
    reminders_run(now=at(DUE), transport=Unreachable())
    action_item_update(item=owned, data={"status": "done"})
    down = Unreachable()
    assert reminders_run(now=at(DUE) + timedelta(hours=1), transport=down).retried == 0
    assert not down.sent and SentReminder.objects.get().status == "gave_up"


def test_smtp_failure_is_retried_and_the_mail_is_sent_once(owned, monkeypatch):
    from hotwash.web.followthrough import reminders

    calls = []

    def flaky(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args)
        if len(calls) == 1:
            raise ConnectionRefusedError(111, "SMTP server down")
        return mail.send_mail(*args, **kwargs)

    monkeypatch.setattr(reminders, "send_mail", flaky)
    assert reminders_run(now=at(DUE)).failed == 1 and not mail.outbox
    assert reminders_run(now=at(DUE) + timedelta(minutes=5)).retried == 1
    assert reminders_run(now=at(DUE) + timedelta(minutes=10)).retried == 0
    assert len(mail.outbox) == 1


def test_a_daily_digest_per_owner_after_eight(alice, incident, settings):
    settings.HOTWASH_DIGEST = True
    settings.HOTWASH_WEBHOOKS = {"user:alice": "https://hooks.slack.com/services/T000/B000/alice"}
    item(incident, "Add an alert on replication lag over 30 s", owner_user=alice, due_date=DUE + timedelta(days=30))
    item(incident, "Add a canary stage", owner_user=alice, due_date=DUE + timedelta(days=10))
    assert reminders_run(now=at(DUE, hour=6)).digests == 0  # 07:00 on alice's clock (Europe/Berlin)
    transport = replay("slack_digest_ok.txt")
    assert reminders_run(now=at(DUE, hour=9), transport=transport).digests == 2  # e-mail and webhook
    assert reminders_run(now=at(DUE, hour=15), transport=Unreachable()).digests == 0
    digest = mail.outbox[0]
    assert digest.subject == "[hotwash] Your open action items (2)"
    assert digest.body.index("Add a canary stage (due in 10 days)") < digest.body.index("Add an alert")
    assert json.loads(transport.sent[0].body)["text"] == "Open action items for Alice Ng: 2"
    assert reminders_run(now=at(DUE + timedelta(days=1), hour=9), transport=replay("slack_digest_ok.txt")).digests == 2


def test_a_crash_between_claim_and_send_never_sends_twice(owned):
    SentReminder.objects.create(key=f"action:{owned.pk}:due:2026-03-20", channel="email", item=owned,
                                claimed_at=at(DUE), status="sending")
    assert reminders_run(now=at(DUE, hour=7)).sent == 0 and not mail.outbox


def test_tick_reports_reminders_and_trackers(owned):
    summary = tick(now=at(DUE))
    assert summary.reminders.sent == 1 and summary.ok
    assert summary.lines()[0].startswith("reminders: 1 sent")


def test_a_second_worker_running_while_the_first_sends_skips_what_the_first_claimed(owned, monkeypatch):
    from hotwash.web.followthrough import reminders

    real = reminders._deliver
    inner = []

    def deliver_while_another_worker_ticks(channel, payload, transport):  # type: ignore[no-untyped-def]
        if not inner:  # worker A is sending: worker B runs a whole pass meanwhile, having read the sent
            # keys before A's claim was committed (so only the unique constraint stands in its way)
            monkeypatch.setattr(reminders, "sent_keys", lambda **kw: {})
            inner.append(reminders_run(now=at(DUE), worker="B"))
        return real(channel, payload, transport)

    monkeypatch.setattr(reminders, "_deliver", deliver_while_another_worker_ticks)
    outer = reminders_run(now=at(DUE), worker="A")
    assert (outer.sent, inner[0].sent, inner[0].skipped) == (1, 0, 1)
    assert len(mail.outbox) == 1 and SentReminder.objects.get().worker == "A"


@pytest.mark.skipif("connection.vendor != 'postgresql'",
                    reason="in-memory SQLite (shared cache) locks whole tables across threads; the interleaving "
                           "test above covers SQLite, this one runs on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_reminder_once(alice, settings):
    settings.HOTWASH_WEBHOOKS = {"*": HOOK}
    incident = incident_of(alice, "Concurrent workers")
    for n in range(6):
        item(incident, f"Add limit number {n}", owner_user=alice, due_date=DUE)
    posted: list[bytes] = []
    lock = threading.Lock()
    start = threading.Barrier(2)

    class Slow:
        def __call__(self, request):  # type: ignore[no-untyped-def]
            from hotwash.core.trackers.http import HttpResponse

            with lock:
                posted.append(request.body)
            return HttpResponse(200, {}, b"ok")

    results = []

    def work(name: str) -> None:
        try:
            start.wait()
            results.append(reminders_run(now=at(DUE), transport=Slow(), worker=name))
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 2
    assert sum(r.sent for r in results) == 12  # 6 items × (e-mail + webhook)
    assert len(posted) == 6 and len(mail.outbox) == 6
    assert SentReminder.objects.filter(status="sent").count() == 12
