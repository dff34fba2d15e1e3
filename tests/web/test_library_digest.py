"""The learning digest: what it holds, sent by e-mail and to a real webhook, never with restricted incidents."""

from __future__ import annotations

import json
import threading
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.utils import timezone
from typer.testing import CliRunner

from hotwash.cli.main import _register, app
from hotwash.web.library.digest import digest_build, digest_send, digest_slack, digest_text, digest_tick
from hotwash.web.library.models import DigestRun
from hotwash.web.library.services import incident_restriction_set, recurrence_decide

from .library_support import T0, published

pytestmark = pytest.mark.django_db

BASE = T0 - timedelta(days=400)  # where library_support.published() starts counting minutes


def started_on(day: datetime) -> int:
    """The ``minutes`` argument of ``published`` for an incident that starts at ``day``."""
    return int((day - BASE).total_seconds() // 60)


def years_ago(now: datetime, years: int, days: int = 0) -> datetime:
    return now.replace(year=now.year - years, hour=9, minute=0, second=0, microsecond=0) + timedelta(days=days)


@pytest.fixture
def now() -> datetime:
    today = timezone.now()
    return today if (today.month, today.day) != (2, 29) else today - timedelta(days=1)


@pytest.fixture
def history(alice, now):  # type: ignore[no-untyped-def]
    one = published(alice, "Queue backlog one year ago this week", summary="Consumers stalled after a rebalance.",
                    services=["kafka"], minutes=started_on(years_ago(now, 1, days=2)),
                    actions=(("Alert on consumer lag in minutes", "open"), ("Document the rebalance", "done")))
    two = published(alice, "Certificate expiry two years ago today", summary="A certificate expired at midnight.",
                    services=["api-gateway"], minutes=started_on(years_ago(now, 2)))
    other = published(alice, "Disk full a year ago, another month", summary="Logs filled the disk.",
                      services=["logging"], minutes=started_on(years_ago(now, 1, days=40)))
    secret = published(alice, "Credential leak one year ago this week", summary="Tokens were exposed.",
                       services=["auth"], minutes=started_on(years_ago(now, 1, days=-1)),
                       actions=(("Rotate every token of the leaked kind", "open"),))
    incident_restriction_set(incident=secret, restricted=True)
    latest = published(alice, "Queue backlog again", summary="Consumers stalled after a broker restart.",
                       services=["kafka"], minutes=started_on(now - timedelta(days=3)),
                       actions=(("Restart consumers after a broker restart", "open"),))
    recurrence_decide(incident=latest, earlier=one, state="confirmed", user=alice)
    recurrence_decide(incident=secret, earlier=one, state="confirmed", user=alice)
    return {"one": one, "two": two, "other": other, "secret": secret, "latest": latest}


def test_the_digest_holds_new_publications_this_week_in_past_years_and_open_items_of_recurrences(history, now):
    digest = digest_build(until=now + timedelta(minutes=1), since=now - timedelta(days=7))
    titles = {i.title for i in digest.published}
    assert history["latest"].title in titles and history["secret"].title not in titles
    assert [i.pk for i in digest.past_weeks] == [history["one"].pk, history["two"].pk]  # newest first
    open_items = [a.action for a in digest.open_recurring]
    assert "Alert on consumer lag in minutes" in open_items and "Restart consumers after a broker restart" in open_items
    assert "Document the rebalance" not in open_items  # done
    assert "Rotate every token of the leaked kind" not in open_items  # restricted
    assert dict(digest.categories)["Technical"] == 4  # every visible postmortem names it; the secret one is left out
    text = digest_text(digest)
    week = text.split("## This week in past incidents")[1].split("##")[0]
    assert history["two"].title in week and history["one"].title in week
    assert history["other"].title not in week and history["secret"].title not in text
    assert f"/p/{history['latest'].pk}" in text


def test_the_week_around_the_date_holds_a_leap_day_and_nothing_when_empty(alice):
    assert digest_build(until=timezone.now()).past_weeks == []  # nothing published yet
    leap = published(alice, "Outage on a leap day", summary="The scheduler skipped 29 February.",
                     minutes=started_on(datetime(2024, 2, 29, 9, tzinfo=T0.tzinfo)))
    until = datetime.combine(date(2026, 2, 28), datetime.min.time(), tzinfo=T0.tzinfo) + timedelta(hours=12)
    assert [i.pk for i in digest_build(until=until, since=until - timedelta(days=7)).past_weeks] == [leap.pk]


class _Hook(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 - the http.server API
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Hook.received.append({"type": self.headers["Content-Type"], "json": json.loads(body)})
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def webhook():  # type: ignore[no-untyped-def]
    _Hook.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()
    server.server_close()


def test_sending_mails_the_team_posts_to_the_webhook_and_records_the_run(history, now, settings, webhook):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.HOTWASH_DIGEST_EMAILS = ["learning@example.com"]
    settings.HOTWASH_DIGEST_WEBHOOK = webhook
    digest = digest_build(until=now + timedelta(minutes=1), since=now - timedelta(days=7))
    run = digest_send(digest=digest)
    assert run.channels == "email:1,webhook" and DigestRun.objects.count() == 1
    assert mail.outbox[0].to == ["learning@example.com"]
    assert mail.outbox[0].subject.startswith("hotwash learning digest")
    assert "This week in past incidents" in mail.outbox[0].body
    assert len(_Hook.received) == 1 and _Hook.received[0]["type"] == "application/json"
    payload = _Hook.received[0]["json"]
    assert payload == digest_slack(digest) and payload["text"].startswith("hotwash learning digest")
    assert any(history["two"].title in b["text"]["text"] for b in payload["blocks"])
    assert all(history["secret"].title not in b["text"]["text"] for b in payload["blocks"])
    # the next digest starts where this one ended, and a periodic tick waits a week
    assert digest_build(until=now + timedelta(days=1)).since == run.until
    assert digest_tick(now=now + timedelta(days=2)).state == "not_due"
    assert digest_tick(now=now + timedelta(days=8)).state == "sent"


def test_a_webhook_that_fails_records_no_run(history, now, settings):
    settings.HOTWASH_DIGEST_WEBHOOK = "http://127.0.0.1:9/unreachable"
    with pytest.raises(OSError):
        digest_send(digest=digest_build(until=now, since=now - timedelta(days=7)))
    assert DigestRun.objects.count() == 0


def test_the_cli_prints_the_digest(history, now):
    _register()
    result = CliRunner().invoke(app, ["digest", "--since", "7d"])
    assert result.exit_code == 0, result.output
    assert "This week in past incidents" in result.output and history["two"].title in result.output
    assert history["secret"].title not in result.output
