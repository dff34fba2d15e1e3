"""Sending reminders and digests at most once, by e-mail and Slack-compatible webhook.

Which reminder an item is owed comes from :mod:`hotwash.core.reminders` (before the due date, on it,
weekly while overdue; a daily digest per owner). Delivery here:

1. **Claim**: insert a :class:`SentReminder` row (``sending``) under the unique (key, channel) constraint,
   in its own transaction, and commit. A second worker's insert fails: it skips. A restart finds the row.
2. **Send** outside any transaction (no lock is held while SMTP or a webhook is slow).
3. **Record**: ``sent``; or ``failed`` with the error and a ``next_attempt_at`` (1, 2, 4… minutes, at most
   6 hours). A later tick claims a failed row back with a conditional UPDATE (``failed`` → ``sending``: only
   one worker wins) and resends the stored payload. After ``MAX_ATTEMPTS`` the row is ``gave_up``.

A process killed between 1 and 3 leaves a ``sending`` row that is never resent: at-most-once is chosen over
at-least-once (a duplicate reminder trains people to ignore reminders; a lost one is visible in the log
and on the board, where the item is still overdue). See docs/actions.md.

Days are the owner's: "due today", "overdue", the digest's day (its key) and its hour are counted in the
owner account's time zone; an item without an owner account (a team webhook) uses the server's zone.
"""

from __future__ import annotations

import logging
import os
import smtplib
import socket
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from hotwash.core.errors import HotwashError
from hotwash.core.reminders import (
    MAX_ATTEMPTS,
    Reminder,
    ReminderItem,
    day_in,
    digest_key,
    digest_slack_payload,
    digest_text,
    due_reminders,
    latest_day,
    reminder_subject,
    reminder_text,
    retry_after,
    slack_payload,
    superseded,
)
from hotwash.core.trackers.http import Transport, json_request, urllib_transport
from hotwash.web.accounts.selectors import zone_of
from hotwash.web.actions.models import ActionItem
from hotwash.web.actions.selectors import team_of
from hotwash.web.followthrough import conf
from hotwash.web.followthrough.models import SentReminder
from hotwash.web.followthrough.selectors import (
    digest_items,
    item_url,
    owner_may_see,
    reminder_candidates,
    sent_keys,
)

log = logging.getLogger("hotwash.reminders")
EMAIL, WEBHOOK = "email", "webhook"


class DeliveryFailed(HotwashError):
    """A webhook answered with an error status."""


@dataclass
class ReminderSummary:
    sent: int = 0
    failed: int = 0
    retried: int = 0
    gave_up: int = 0
    skipped: int = 0  # already claimed by this or another worker
    digests: int = 0
    errors: list[str] = field(default_factory=list)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:100]


def reminder_item(item: ActionItem) -> ReminderItem:
    """What a reminder says about the item; its context is the incident or the retrospective."""
    return ReminderItem(item.pk, item.action, item.owner, item.due_date, item_url(item),
                        item.source_label, item.status,  # type: ignore[arg-type]
                        "postmortem" if item.postmortem_id else "retrospective")


def _deliver(channel: str, payload: dict[str, Any], transport: Transport) -> None:
    if channel == EMAIL:
        send_mail(payload["subject"], payload["body"], settings.DEFAULT_FROM_EMAIL, [payload["to"]],
                  fail_silently=False)
        return
    request = json_request("POST", payload["url"], {}, payload["json"], timeout=10.0)
    response = transport(request)
    if not 200 <= response.status < 300:
        text = response.body.decode("utf-8", "replace").strip()[:200]
        raise DeliveryFailed(f"the webhook answered HTTP {response.status}: {text or 'no body'}")


def _claim(*, key: str, channel: str, item: ActionItem | None, recipient: str, payload: dict[str, Any],
           now: datetime, worker: str) -> SentReminder | None:
    """Insert the key (committed before sending); None when someone already has it."""
    try:
        with transaction.atomic():
            return SentReminder.objects.create(key=key, channel=channel, item=item, recipient=recipient[:300],
                                               payload=payload, claimed_at=now, worker=worker)
    except IntegrityError:
        return None


def _send_claimed(row: SentReminder, transport: Transport, summary: ReminderSummary, now: datetime) -> bool:
    try:
        _deliver(row.channel, row.payload, transport)
    except (OSError, smtplib.SMTPException, HotwashError, ValueError) as exc:
        message = f"{row.key} by {row.channel} to {row.recipient}: {exc}"
        gave_up = row.attempts >= MAX_ATTEMPTS
        SentReminder.objects.filter(pk=row.pk).update(
            status=SentReminder.GAVE_UP if gave_up else SentReminder.FAILED, last_error=str(exc)[:2000],
            next_attempt_at=None if gave_up else now + retry_after(row.attempts))
        log.warning("reminder not delivered (%s): %s", "gave up" if gave_up else "will retry", message)
        summary.errors.append(message)
        if gave_up:
            summary.gave_up += 1
        else:
            summary.failed += 1
        return False
    SentReminder.objects.filter(pk=row.pk).update(status=SentReminder.SENT, sent_at=timezone.now(),
                                                  last_error="", next_attempt_at=None)
    return True


def _messages(item: ActionItem, reminder: Reminder) -> list[tuple[str, str, dict[str, Any]]]:
    """(channel, recipient, payload) for each channel the owner can be reached on.

    An item of a restricted incident goes only to its owner account, and only while that account may see
    the incident: by e-mail and by the owner's own webhook, never to a team or catch-all channel.
    """
    out: list[tuple[str, str, dict[str, Any]]] = []
    data = reminder_item(item)
    user = item.owner_user
    restricted = item.postmortem_id is not None and item.postmortem.incident.restricted  # type: ignore[union-attr]
    if restricted and not owner_may_see(item):
        return out
    if user is not None and user.email:
        out.append((EMAIL, user.email, {"to": user.email, "subject": reminder_subject(reminder, data),
                                        "body": reminder_text(reminder, data)}))
    if restricted:
        url = conf.webhooks().get(f"user:{user.get_username()}".casefold(), "") if user is not None else ""
    else:
        url = conf.webhook_url(username=user.get_username() if user is not None else "", team=team_of(item))
    if url:
        out.append((WEBHOOK, url.split("/")[2], {"url": url, "json": slack_payload(reminder, data)}))
    return out


def send_due_reminders(*, now: datetime, transport: Transport, worker: str, summary: ReminderSummary) -> None:
    """Before, on and after the due date, on the owner's day: claim each owed key per channel, then send."""
    before = conf.reminder_before_days()
    items = list(reminder_candidates(today=latest_day(now), before_days=before))
    ids = [i.pk for i in items]
    sent = {EMAIL: sent_keys(item_ids=ids, channel=EMAIL), WEBHOOK: sent_keys(item_ids=ids, channel=WEBHOOK)}
    for item in items:
        today = day_in(now, zone_of(item.owner_user))  # no owner account: the server's zone
        owed = due_reminders(item.pk, item.due_date, item.status, today, (), before_days=before)
        for reminder in owed:
            for channel, recipient, payload in _messages(item, reminder):
                already = sent[channel].get(item.pk, set())
                if reminder.key in already or superseded(reminder, already):
                    continue
                row = _claim(key=reminder.key, channel=channel, item=item, recipient=recipient, payload=payload,
                             now=now, worker=worker)
                if row is None:
                    summary.skipped += 1
                elif _send_claimed(row, transport, summary, now):
                    summary.sent += 1


def send_digests(*, now: datetime, transport: Transport, worker: str, summary: ReminderSummary) -> None:
    """One digest per owner per day (the owner's day), after ``HOTWASH_DIGEST_HOUR`` (8) on the owner's clock."""
    hour = int(getattr(settings, "HOTWASH_DIGEST_HOUR", os.environ.get("HOTWASH_DIGEST_HOUR", 8)))
    if not conf.digest_enabled():
        return
    by_user: dict[int, list[ActionItem]] = defaultdict(list)
    for item in digest_items():
        if owner_may_see(item):  # an item of a restricted incident its owner may not see: left out
            by_user[item.owner_user_id].append(item)  # type: ignore[index]
    for items in by_user.values():
        user = items[0].owner_user
        assert user is not None
        local = now.astimezone(zone_of(user))
        if local.hour < hour:
            continue
        today = local.date()
        name = f"{user.first_name} {user.last_name}".strip() or user.get_username()
        key = digest_key(user.get_username(), today)
        data = [reminder_item(i) for i in items]
        channels: list[tuple[str, str, dict[str, Any]]] = []
        if user.email:
            channels.append((EMAIL, user.email, {
                "to": user.email, "subject": f"[hotwash] Your open action items ({len(items)})",
                "body": digest_text(name, today, data)}))
        url = conf.webhooks().get(f"user:{user.get_username()}".casefold(), "")
        if url:
            channels.append((WEBHOOK, url.split("/")[2], {"url": url, "json": digest_slack_payload(name, today, data)}))
        for channel, recipient, payload in channels:
            row = _claim(key=key, channel=channel, item=None, recipient=recipient, payload=payload, now=now,
                         worker=worker)
            if row is None:
                summary.skipped += 1
            elif _send_claimed(row, transport, summary, now):
                summary.digests += 1


def retry_failed(*, now: datetime, transport: Transport, worker: str, summary: ReminderSummary) -> None:
    """Resend failed reminders whose time has come; each is claimed back by exactly one worker."""
    due = list(SentReminder.objects.filter(status=SentReminder.FAILED, next_attempt_at__lte=now)
               .select_related("item").order_by("next_attempt_at", "id")[:200])
    for row in due:
        if row.item is not None and row.item.status not in ("open", "in_progress"):
            SentReminder.objects.filter(pk=row.pk, status=SentReminder.FAILED).update(
                status=SentReminder.GAVE_UP, last_error=f"{row.last_error} (the item is closed: not resent)")
            continue
        claimed = SentReminder.objects.filter(pk=row.pk, status=SentReminder.FAILED).update(
            status=SentReminder.SENDING, claimed_at=now, worker=worker, attempts=F("attempts") + 1)
        if claimed != 1:
            summary.skipped += 1
            continue
        row.refresh_from_db()
        if _send_claimed(row, transport, summary, now):
            summary.retried += 1


def reminders_run(*, now: datetime | None = None, transport: Transport = urllib_transport,
                  worker: str = "") -> ReminderSummary:
    """One pass: retries first, then today's reminders, then the digests."""
    now = now or timezone.now()
    worker = worker or worker_name()
    summary = ReminderSummary()
    retry_failed(now=now, transport=transport, worker=worker, summary=summary)
    send_due_reminders(now=now, transport=transport, worker=worker, summary=summary)
    send_digests(now=now, transport=transport, worker=worker, summary=summary)
    return summary
