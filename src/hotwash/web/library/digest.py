"""The periodic learning digest: e-mail and a Slack-compatible webhook.

What it holds (restricted incidents never appear):

- new publications since the last digest;
- recurring factor categories: categories named by two or more postmortems published in the
  period, and by incidents with a confirmed recurrence;
- "this week in past incidents": postmortems of incidents that started within three days of the
  digest's date in earlier years;
- open action items on incidents with a confirmed recurrence.

Entry points: :func:`digest_build` (no side effects), :func:`digest_send` (sends and records a
:class:`DigestRun`), and :func:`digest_tick` for the periodic job (``hotwash tick`` / ``hotwash worker``):
it sends once the last digest is ``HOTWASH_DIGEST_EVERY_DAYS`` (default 7) old, and only when recipients
are configured: ``HOTWASH_DIGEST_EMAILS`` (comma-separated) and ``HOTWASH_DIGEST_WEBHOOK`` (an
incoming-webhook URL).

At most once per period, however many workers: the tick inserts a :class:`DigestRun` with a unique
``slot`` (the period after the previous run) and commits it before sending; a second worker's insert
fails and it skips. A failed channel leaves the run ``failed`` with the channels already delivered;
a later tick claims it back (a conditional UPDATE: one worker wins) and sends the rest, after 1, 2,
4… minutes (at most 6 hours), giving up after :data:`MAX_ATTEMPTS`. A process killed between claim
and send leaves a ``sending`` run that is not resent (at most once, as for reminders).

Days are counted in ``HOTWASH_DIGEST_TIME_ZONE`` (default the server's ``TIME_ZONE``): the digest's
date and its "this week in past incidents" windows.
"""

from __future__ import annotations

import json
import os
import smtplib
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Min, Q
from django.utils import timezone

from hotwash.core.errors import HotwashError, ValidationError
from hotwash.core.model import ActionStatus
from hotwash.core.reminders import MAX_ATTEMPTS, retry_after
from hotwash.core.trackers.http import Transport, json_request
from hotwash.web.actions.models import ActionItem
from hotwash.web.incidents.models import Incident
from hotwash.web.library.models import DigestRun, RecurrenceLink, RecurrenceState
from hotwash.web.postmortems.models import ContributingFactor


@dataclass
class Digest:
    since: datetime
    until: datetime
    published: list[Incident] = field(default_factory=list)
    categories: list[tuple[str, int]] = field(default_factory=list)
    past_weeks: list[Incident] = field(default_factory=list)
    open_recurring: list[ActionItem] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.published or self.categories or self.past_weeks or self.open_recurring)


def digest_zone() -> ZoneInfo:
    """The zone of the digest's days (``HOTWASH_DIGEST_TIME_ZONE``, default the server's ``TIME_ZONE``)."""
    name = str(getattr(settings, "HOTWASH_DIGEST_TIME_ZONE", "") or settings.TIME_ZONE).strip()
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(f"unknown time zone {name!r}: use an IANA name such as Europe/Berlin",
                              field="HOTWASH_DIGEST_TIME_ZONE") from exc


def digest_every() -> timedelta:
    """How often the periodic tick sends (``HOTWASH_DIGEST_EVERY_DAYS``, default 7)."""
    raw = str(getattr(settings, "HOTWASH_DIGEST_EVERY_DAYS", "") or os.environ.get("HOTWASH_DIGEST_EVERY_DAYS", "7"))
    if not raw.strip().isdigit() or int(raw) < 1:
        raise ValidationError(f"a whole number of days, at least 1 (got {raw!r})", field="HOTWASH_DIGEST_EVERY_DAYS")
    return timedelta(days=int(raw))


def _base_url() -> str:
    return str(getattr(settings, "BASE_URL", "")).rstrip("/")


def _published() -> Any:
    return Incident.objects.filter(restricted=False, postmortem__status="published").select_related(
        "severity", "postmortem")


def digest_build(*, until: datetime | None = None, since: datetime | None = None) -> Digest:
    """The digest for ``since``..``until`` (default: since the last sent digest, or 7 days)."""
    until = until or timezone.now()
    if since is None:
        last = DigestRun.objects.first()
        since = last.until if last else until - timedelta(days=7)
    digest = Digest(since=since, until=until)
    digest.published = list(_published().filter(postmortem__published_at__gte=since,
                                                 postmortem__published_at__lt=until)
                             .order_by("postmortem__published_at"))
    recurring_ids = set(RecurrenceLink.objects.filter(state=RecurrenceState.CONFIRMED)
                        .values_list("incident_id", flat=True))
    recurring_ids |= set(RecurrenceLink.objects.filter(state=RecurrenceState.CONFIRMED)
                         .values_list("earlier_id", flat=True))
    period_ids = {i.pk for i in digest.published}
    counts: Counter[str] = Counter()
    rows = (ContributingFactor.objects.filter(Q(postmortem__incident_id__in=period_ids)
                                              | Q(postmortem__incident_id__in=recurring_ids),
                                              postmortem__incident__restricted=False)
            .values_list("postmortem__incident_id", "category__label").distinct())
    for _, label in rows:
        counts[label] += 1
    digest.categories = [(label, n) for label, n in counts.most_common() if n >= 2]
    same_week = _same_week_in_earlier_years(until.astimezone(digest_zone()).date())
    digest.past_weeks = list(_published().filter(same_week).order_by("-started_at")[:10]) if same_week else []
    # Items of the postmortems of recurring incidents (an item without a postmortem is not one).
    digest.open_recurring = list(
        ActionItem.objects.filter(postmortem__isnull=False, postmortem__incident_id__in=recurring_ids,
                                  postmortem__incident__restricted=False,
                                  status__in=[ActionStatus.OPEN.value, ActionStatus.IN_PROGRESS.value])
        .select_related("postmortem__incident").order_by("due_date", "id")[:20])
    return digest


PAST_WEEK_DAYS = 3  # "this week in past incidents": the same date, 3 days either side, in earlier years


def _same_week_in_earlier_years(today: date) -> Q | None:
    """Incidents that started within :data:`PAST_WEEK_DAYS` of ``today``'s date in an earlier year
    (days of :func:`digest_zone`; 29 February counts as 28 February).

    The window of a year may cross New Year (a digest on 30 December: 27 December to 2 January), so
    the year before the first incident's is checked too. Only windows that end before the current
    one starts count: an incident of this week is news, not "past"."""
    first = _published().aggregate(first=Min("started_at"))["first"]
    if first is None:
        return None
    zone = digest_zone()
    current_start = datetime.combine(today - timedelta(days=PAST_WEEK_DAYS), time.min, zone)
    window = Q(pk__in=[])
    for year in range(max(first.astimezone(zone).year - 1, 1), today.year):
        try:
            day = today.replace(year=year)
        except ValueError:
            day = date(year, 2, 28)
        start = datetime.combine(day - timedelta(days=PAST_WEEK_DAYS), time.min, zone)
        end = datetime.combine(day + timedelta(days=PAST_WEEK_DAYS + 1), time.min, zone)
        if end <= current_start:
            window |= Q(started_at__gte=start, started_at__lt=end)
    return window


def digest_text(digest: Digest) -> str:
    """The digest as plain text (Markdown-ish), for e-mail and the CLI."""
    base = _base_url()
    zone = digest_zone()
    lines = [f"hotwash learning digest: {digest.since.astimezone(zone):%Y-%m-%d} to "
             f"{digest.until.astimezone(zone):%Y-%m-%d}", ""]

    def section(title: str, items: list[str], empty: str) -> None:
        lines.append(f"## {title}")
        lines.extend(items or [empty])
        lines.append("")

    section("New postmortems", [f"- {i.ref} {i.title} ({i.severity.label}) {base}/p/{i.pk}"
                                for i in digest.published], "- none published")
    section("Recurring factor categories", [f"- {label}: {n} postmortems" for label, n in digest.categories],
            "- no category came up twice")
    section("This week in past incidents", [f"- {i.started_at.astimezone(zone):%Y}: {i.ref} {i.title} {base}/p/{i.pk}"
                                            for i in digest.past_weeks], "- nothing in this week of earlier years")
    section("Open action items on recurring incidents",
            [f"- {a.action[:120]} ({a.source_ref}, owner {a.owner or 'none'}, "
             f"due {a.due_date or 'not set'})" for a in digest.open_recurring], "- none open")
    return "\n".join(lines).rstrip() + "\n"


def digest_slack(digest: Digest) -> dict[str, Any]:
    """A Slack-compatible incoming-webhook payload (``text`` plus mrkdwn ``blocks``)."""
    text = digest_text(digest)
    blocks = []
    for chunk in text.split("\n## "):
        chunk = chunk if chunk.startswith("hotwash") else "*" + chunk.replace("\n", "*\n", 1)
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": chunk[:2900]}})
    return {"text": text.splitlines()[0], "blocks": blocks}


def _post_json(url: str, payload: dict[str, Any]) -> None:
    request = urllib.request.Request(url, data=json.dumps(payload).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - an operator-set URL
        response.read()


class WebhookRefused(HotwashError):
    """The digest's webhook answered with an error status."""


def post_via(transport: Transport) -> Callable[[str, dict[str, Any]], None]:
    """A webhook poster over a :data:`~hotwash.core.trackers.http.Transport` (the tick's), failing on a non-2xx."""
    def post(url: str, payload: dict[str, Any]) -> None:
        response = transport(json_request("POST", url, {}, payload, timeout=10.0))
        if not 200 <= response.status < 300:
            text = response.body.decode("utf-8", "replace").strip()[:200]
            raise WebhookRefused(f"the webhook answered HTTP {response.status}: {text or 'no body'}")
    return post


def _recipients() -> tuple[list[str], str]:
    emails = [e.strip() for e in os.environ.get("HOTWASH_DIGEST_EMAILS", "").split(",") if e.strip()]
    emails = list(getattr(settings, "HOTWASH_DIGEST_EMAILS", []) or emails)
    webhook = str(getattr(settings, "HOTWASH_DIGEST_WEBHOOK", "") or os.environ.get("HOTWASH_DIGEST_WEBHOOK", ""))
    return emails, webhook


Post = Callable[[str, dict[str, Any]], None]


def _deliver(digest: Digest, post: Post | None, done: list[str]) -> list[str]:
    """Send on every configured channel not in ``done``; returns ``done`` with those sent (in order).
    A failing channel raises, ``done`` then holds the channels delivered before it."""
    emails, webhook = _recipients()
    text = digest_text(digest)
    if emails and not any(c.startswith("email:") for c in done):
        send_mail(subject=text.splitlines()[0], message=text, from_email=None, recipient_list=emails)
        done.append(f"email:{len(emails)}")
    if webhook and "webhook" not in done:
        (post or _post_json)(webhook, digest_slack(digest))
        done.append("webhook")
    return done


def _summary(digest: Digest) -> str:
    return f"{len(digest.published)} new, {len(digest.open_recurring)} open items"


@transaction.atomic
def digest_send(*, digest: Digest, post: Post | None = None) -> DigestRun:
    """Send the digest by e-mail and webhook (those configured) and record the run (by hand: no slot)."""
    channels = _deliver(digest, post, [])
    return DigestRun.objects.create(since=digest.since, until=digest.until, channels=",".join(channels),
                                    summary=_summary(digest))


@dataclass
class TickResult:
    """What :func:`digest_tick` did: ``state`` is one of ``off`` (no recipients), ``not_due``,
    ``taken`` (another worker claimed the period), ``sent``, ``failed`` (retried later), ``gave_up``,
    ``error`` (a broken setting)."""

    state: str
    run: DigestRun | None = None
    error: str = ""
    next_at: datetime | None = None

    def line(self) -> str:
        zone = digest_zone()
        period = ""
        if self.run is not None:
            period = f" {self.run.since.astimezone(zone):%Y-%m-%d} to {self.run.until.astimezone(zone):%Y-%m-%d}"
        return {
            "off": "learning digest: off (set HOTWASH_DIGEST_EMAILS or HOTWASH_DIGEST_WEBHOOK)",
            "not_due": "learning digest: not due" + (f" before {self.next_at.astimezone(zone):%Y-%m-%d %H:%M}"
                                                     if self.next_at else ""),
            "taken": "learning digest: already taken by another worker",
            "sent": f"learning digest:{period} sent ({self.run.channels if self.run else ''})",
            "failed": f"learning digest:{period} failed (retried later)",
            "gave_up": f"learning digest:{period} given up",
            "error": "learning digest: not sent",
        }[self.state]


def digest_claim(*, slot: str, since: datetime, until: datetime, now: datetime, worker: str = "") -> DigestRun | None:
    """Insert the run of ``slot`` (committed before sending); None when someone already has it."""
    try:
        with transaction.atomic():
            return DigestRun.objects.create(slot=slot, since=since, until=until, status=DigestRun.SENDING,
                                            worker=worker[:200])
    except IntegrityError:
        return None


def _due(now: datetime) -> tuple[str, datetime] | datetime:
    """(slot, since) of the period owed now; else when the next one is owed."""
    last = DigestRun.objects.first()  # sent, being sent, or failed: a period is never claimed twice
    every = digest_every()
    if last is not None and now - last.until < every:
        return last.until + every
    return (f"after:{last.pk}" if last is not None else "first"), (last.until if last else now - every)


def _send_claimed(run: DigestRun, post: Post | None, now: datetime) -> TickResult:
    digest = digest_build(until=run.until, since=run.since)
    done = [c for c in run.channels.split(",") if c]
    try:
        _deliver(digest, post, done)
    except (OSError, smtplib.SMTPException, HotwashError, ValueError) as exc:  # record it, retry later
        gave_up = run.attempts >= MAX_ATTEMPTS
        DigestRun.objects.filter(pk=run.pk).update(
            status=DigestRun.GAVE_UP if gave_up else DigestRun.FAILED, channels=",".join(done),
            last_error=str(exc)[:2000], next_attempt_at=None if gave_up else now + retry_after(run.attempts))
        run.refresh_from_db()
        return TickResult("gave_up" if gave_up else "failed", run, error=f"learning digest: {exc}")
    DigestRun.objects.filter(pk=run.pk).update(status=DigestRun.SENT, channels=",".join(done), last_error="",
                                               next_attempt_at=None, summary=_summary(digest),
                                               sent_at=timezone.now())
    run.refresh_from_db()
    return TickResult("sent", run)


def digest_tick(*, now: datetime | None = None, post: Post | None = None, worker: str = "") -> TickResult:
    """For the periodic job: retry a failed run whose time has come, else send the digest when the last
    one is ``HOTWASH_DIGEST_EVERY_DAYS`` old; nothing without recipients. Never twice for a period."""
    now = now or timezone.now()
    emails, webhook = _recipients()
    if not (emails or webhook):
        return TickResult("off")
    failed = DigestRun.objects.filter(status=DigestRun.FAILED, next_attempt_at__lte=now).order_by("until").first()
    if failed is not None:
        claimed = DigestRun.objects.filter(pk=failed.pk, status=DigestRun.FAILED).update(
            status=DigestRun.SENDING, worker=worker[:200], attempts=failed.attempts + 1)
        if claimed != 1:
            return TickResult("taken")
        failed.refresh_from_db()
        return _send_claimed(failed, post, now)
    if DigestRun.objects.filter(status=DigestRun.FAILED).exists():
        return TickResult("not_due", next_at=DigestRun.objects.filter(status=DigestRun.FAILED)
                          .order_by("next_attempt_at").values_list("next_attempt_at", flat=True).first())
    due = _due(now)
    if isinstance(due, datetime):
        return TickResult("not_due", next_at=due)
    slot, since = due
    run = digest_claim(slot=slot, since=since, until=now, now=now, worker=worker)
    if run is None:
        return TickResult("taken")
    return _send_claimed(run, post, now)
