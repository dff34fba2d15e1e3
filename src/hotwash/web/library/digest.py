"""The periodic learning digest: e-mail and a Slack-compatible webhook.

What it holds (restricted incidents never appear):

- new publications since the last digest;
- recurring factor categories: categories named by two or more postmortems published in the
  period, and by incidents with a confirmed recurrence;
- "this week in past incidents": postmortems of incidents that started within three days of the
  digest's date in earlier years;
- open action items on incidents with a confirmed recurrence.

Entry points: :func:`digest_build` (no side effects), :func:`digest_send` (sends and records a
:class:`DigestRun`), and :func:`digest_tick` for a periodic job: it sends once the last digest is
``HOTWASH_DIGEST_EVERY_DAYS`` (default 7) old. Recipients: ``HOTWASH_DIGEST_EMAILS`` (comma-separated)
and ``HOTWASH_DIGEST_WEBHOOK`` (an incoming-webhook URL).
"""

from __future__ import annotations

import json
import os
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from hotwash.core.model import ActionStatus
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
    same_week = _same_week_in_earlier_years(timezone.localdate(until))
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
    (local time; 29 February counts as 28 February)."""
    first = _published().aggregate(first=Min("started_at"))["first"]
    if first is None:
        return None
    zone = timezone.get_current_timezone()
    window = Q(pk__in=[])
    for year in range(timezone.localtime(first).year, today.year):
        try:
            day = today.replace(year=year)
        except ValueError:
            day = date(year, 2, 28)
        start = datetime.combine(day - timedelta(days=PAST_WEEK_DAYS), time.min, zone)
        window |= Q(started_at__gte=start, started_at__lt=start + timedelta(days=2 * PAST_WEEK_DAYS + 1))
    return window


def digest_text(digest: Digest) -> str:
    """The digest as plain text (Markdown-ish), for e-mail and the CLI."""
    base = _base_url()
    lines = [f"hotwash learning digest: {digest.since:%Y-%m-%d} to {digest.until:%Y-%m-%d}", ""]

    def section(title: str, items: list[str], empty: str) -> None:
        lines.append(f"## {title}")
        lines.extend(items or [empty])
        lines.append("")

    section("New postmortems", [f"- {i.ref} {i.title} ({i.severity.label}) {base}/p/{i.pk}"
                                for i in digest.published], "- none published")
    section("Recurring factor categories", [f"- {label}: {n} postmortems" for label, n in digest.categories],
            "- no category came up twice")
    section("This week in past incidents", [f"- {i.started_at:%Y}: {i.ref} {i.title} {base}/p/{i.pk}"
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


def _recipients() -> tuple[list[str], str]:
    emails = [e.strip() for e in os.environ.get("HOTWASH_DIGEST_EMAILS", "").split(",") if e.strip()]
    emails = list(getattr(settings, "HOTWASH_DIGEST_EMAILS", []) or emails)
    webhook = str(getattr(settings, "HOTWASH_DIGEST_WEBHOOK", "") or os.environ.get("HOTWASH_DIGEST_WEBHOOK", ""))
    return emails, webhook


@transaction.atomic
def digest_send(*, digest: Digest, post: Any = None) -> DigestRun:
    """Send the digest by e-mail and webhook (those configured) and record the run."""
    emails, webhook = _recipients()
    channels = []
    text = digest_text(digest)
    if emails:
        send_mail(subject=text.splitlines()[0], message=text, from_email=None, recipient_list=emails)
        channels.append(f"email:{len(emails)}")
    if webhook:
        (post or _post_json)(webhook, digest_slack(digest))
        channels.append("webhook")
    return DigestRun.objects.create(since=digest.since, until=digest.until, channels=",".join(channels),
                                    summary=f"{len(digest.published)} new, {len(digest.open_recurring)} open items")


def digest_tick(*, now: datetime | None = None) -> DigestRun | None:
    """For a periodic job: send the digest when the last one is old enough; else do nothing."""
    now = now or timezone.now()
    every = timedelta(days=int(os.environ.get("HOTWASH_DIGEST_EVERY_DAYS", "7")))
    last = DigestRun.objects.first()
    if last is not None and now - last.until < every:
        return None
    return digest_send(digest=digest_build(until=now))
