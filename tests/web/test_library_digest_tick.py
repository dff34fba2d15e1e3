"""The learning digest from `hotwash tick` / `hotwash worker`: when due, once per period however many
workers, a failed channel retried without resending the others."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.db import connection

from hotwash.core.trackers.http import HttpRequest, HttpResponse
from hotwash.web.followthrough.tick import tick
from hotwash.web.library import digest as library_digest
from hotwash.web.library.digest import digest_claim, digest_tick
from hotwash.web.library.models import DigestRun

from .library_support import T0, published

NOW = datetime(2026, 3, 9, 7, 0, tzinfo=UTC)
HOOK = "https://chat.example.com/hooks/learning"


class Hook:
    """A recorded webhook endpoint: answers ``status`` (a list is consumed one answer per call)."""

    def __init__(self, *statuses: int) -> None:
        self.statuses = list(statuses) or [200]
        self.posted: list[HttpRequest] = []
        self.lock = threading.Lock()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with self.lock:
            status = self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
            if 200 <= status < 300:
                self.posted.append(request)
        return HttpResponse(status, {}, b"ok" if status < 300 else b"no_service")


@pytest.fixture(autouse=True)
def _channels(settings):  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.HOTWASH_WEBHOOKS = {}
    settings.HOTWASH_DIGEST_EMAILS = ["learning@example.com"]
    settings.HOTWASH_DIGEST_WEBHOOK = HOOK
    settings.HOTWASH_DIGEST_EVERY_DAYS = 7


@pytest.fixture
def library(alice):  # type: ignore[no-untyped-def]
    """A postmortem of an incident a year before NOW: the digest's "this week in past incidents"."""
    return published(alice, "Queue backlog after a rebalance", summary="Consumers stalled after a rebalance.",
                     minutes=int((NOW - timedelta(days=365) - (T0 - timedelta(days=400))).total_seconds() // 60))


def digests() -> list[str]:
    return [m.subject for m in mail.outbox if m.subject.startswith("hotwash learning digest")]


@pytest.mark.django_db
def test_the_tick_sends_the_digest_when_due_and_reports_it(library):
    hook = Hook()
    summary = tick(now=NOW, transport=hook)
    assert summary.ok
    assert "learning digest: 2026-03-02 to 2026-03-09 sent (email:1,webhook)" in summary.lines()
    assert digests() == ["hotwash learning digest: 2026-03-02 to 2026-03-09"]
    assert library.title in mail.outbox[0].body and len(hook.posted) == 1
    run = DigestRun.objects.get()
    assert (run.slot, run.status, run.channels) == ("first", "sent", "email:1,webhook")
    # a day later: not due; a week later: the next period, starting where this one ended
    assert "learning digest: not due before 2026-03-16 07:00" in tick(now=NOW + timedelta(days=1),
                                                                      transport=hook).lines()
    later = tick(now=NOW + timedelta(days=7), transport=hook)
    assert "learning digest: 2026-03-09 to 2026-03-16 sent (email:1,webhook)" in later.lines()
    assert len(digests()) == 2 and len(hook.posted) == 2
    assert DigestRun.objects.first().slot == f"after:{run.pk}"  # type: ignore[union-attr]


@pytest.mark.django_db
def test_every_days_is_the_period_and_nothing_goes_out_without_recipients(library, settings):
    settings.HOTWASH_DIGEST_EVERY_DAYS = 3
    settings.HOTWASH_DIGEST_EMAILS = []
    settings.HOTWASH_DIGEST_WEBHOOK = ""
    summary = tick(now=NOW, transport=Hook())
    assert "learning digest: off (set HOTWASH_DIGEST_EMAILS or HOTWASH_DIGEST_WEBHOOK)" in summary.lines()
    assert DigestRun.objects.count() == 0 and not mail.outbox
    settings.HOTWASH_DIGEST_EMAILS = ["learning@example.com"]
    settings.HOTWASH_DIGEST_WEBHOOK = ""
    assert digest_tick(now=NOW).run.channels == "email:1"  # type: ignore[union-attr]
    assert digest_tick(now=NOW + timedelta(days=2, hours=23)).state == "not_due"
    assert digest_tick(now=NOW + timedelta(days=3)).state == "sent"
    settings.HOTWASH_DIGEST_EVERY_DAYS = "weekly"
    summary = tick(now=NOW + timedelta(days=9), transport=Hook())
    assert not summary.ok and any("HOTWASH_DIGEST_EVERY_DAYS" in line for line in summary.lines())


@pytest.mark.django_db
def test_a_failed_webhook_is_retried_later_and_the_mail_is_not_sent_again(library):
    hook = Hook(503, 200)
    first = tick(now=NOW, transport=hook)
    assert not first.ok and "learning digest: 2026-03-02 to 2026-03-09 failed (retried later)" in first.lines()
    assert any("HTTP 503" in line for line in first.lines())
    run = DigestRun.objects.get()
    assert (run.status, run.channels, run.attempts) == ("failed", "email:1", 1)
    assert run.next_attempt_at == NOW + timedelta(minutes=1)
    assert tick(now=NOW + timedelta(seconds=30), transport=hook).digest.state == "not_due"  # type: ignore[union-attr]
    second = tick(now=NOW + timedelta(minutes=2), transport=hook)
    assert "learning digest: 2026-03-02 to 2026-03-09 sent (email:1,webhook)" in second.lines()
    run.refresh_from_db()
    assert (run.status, run.attempts) == ("sent", 2)
    assert len(digests()) == 1 and len(hook.posted) == 1  # the mail once, the webhook once
    assert tick(now=NOW + timedelta(minutes=3), transport=hook).digest.state == "not_due"  # type: ignore[union-attr]


@pytest.mark.django_db
def test_two_claims_of_the_same_period_one_wins():
    assert digest_claim(slot="first", since=NOW - timedelta(days=7), until=NOW, now=NOW, worker="A") is not None
    assert digest_claim(slot="first", since=NOW - timedelta(days=7), until=NOW + timedelta(seconds=1),
                        now=NOW, worker="B") is None
    assert list(DigestRun.objects.values_list("worker", "status")) == [("A", "sending")]


@pytest.mark.django_db
def test_a_second_worker_that_read_before_the_first_claimed_skips(library, monkeypatch):
    """Worker B runs a whole tick while A sends, having decided the digest was due before A's claim was
    committed: only the unique slot stands in its way."""
    real_due, real_send = library_digest._due, library_digest.send_mail
    stale = real_due(NOW)
    inner = []

    def send_while_another_worker_ticks(*args, **kwargs):  # type: ignore[no-untyped-def]
        if not inner:
            monkeypatch.setattr(library_digest, "_due", lambda now: stale)
            inner.append(digest_tick(now=NOW + timedelta(seconds=5), worker="B"))
        return real_send(*args, **kwargs)

    monkeypatch.setattr(library_digest, "send_mail", send_while_another_worker_ticks)
    outer = digest_tick(now=NOW, post=lambda url, payload: None, worker="A")
    assert (outer.state, inner[0].state) == ("sent", "taken")
    assert len(digests()) == 1 and DigestRun.objects.get().worker == "A"


@pytest.mark.django_db
def test_a_crash_between_claim_and_send_is_not_resent(library):
    DigestRun.objects.create(slot="first", since=NOW - timedelta(days=7), until=NOW, status="sending")
    assert digest_tick(now=NOW + timedelta(hours=1)).state == "not_due" and not mail.outbox


@pytest.mark.skipif("connection.vendor != 'postgresql'",
                    reason="in-memory SQLite (shared cache) locks whole tables across threads; the claim and "
                           "interleaving tests above cover SQLite, this one runs on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_the_digest_once(library, monkeypatch):
    real_due = library_digest._due
    both_decided = threading.Barrier(2)

    def due_then_wait(now):  # type: ignore[no-untyped-def]
        owed = real_due(now)
        both_decided.wait(timeout=10)  # both found it due before either claims
        return owed

    monkeypatch.setattr(library_digest, "_due", due_then_wait)
    hook = Hook()
    results = []

    def work(name: str) -> None:
        try:
            results.append(tick(now=NOW, transport=hook, worker=name))
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    states = sorted(r.digest.state for r in results)  # type: ignore[union-attr]
    assert states == ["sent", "taken"]
    assert len(digests()) == 1 and len(hook.posted) == 1
    assert DigestRun.objects.filter(status="sent").count() == 1
