"""Action items as tracker issues (Jira, GitHub): create, link both ways, pull the status back.

States of ``ActionItem.tracker_state``: ``pending`` (asked; created on the next try, retried on every
tick while the tracker is unreachable), ``exporting`` (one worker is creating it right now), ``linked``
(the ticket exists: its key is in ``tracker_key``, its URL in ``external_link``; the ticket links back to
the item), ``failed`` (the tracker refused for a reason a person must fix: credentials, project, a
validation error; "Try again" sets it back to pending). Nothing is lost: the request stays until it works.

Claims are conditional UPDATEs, so two workers never create two tickets for one item; the HTTP call
happens outside any transaction. A crash during the call leaves ``exporting``; after ``STALE`` it is
pending again (a duplicate ticket is possible then, and preferred to a lost one).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hotwash.core.errors import TrackerError, ValidationError
from hotwash.core.model import ActionStatus
from hotwash.core.trackers import TicketDraft, Tracker, tracker_from_config
from hotwash.core.trackers.http import Transport, urllib_transport
from hotwash.web.actions.models import ActionItem
from hotwash.web.followthrough import conf
from hotwash.web.followthrough.selectors import item_url

log = logging.getLogger("hotwash.trackers")
PENDING, EXPORTING, LINKED, FAILED = "pending", "exporting", "linked", "failed"
STALE = timedelta(minutes=10)
MAX_ATTEMPTS = 50

# The transport used when none is passed (tests replace it with a ReplayTransport).
TRANSPORT: Transport = urllib_transport


@dataclass
class TrackerSummary:
    created: int = 0
    pending: int = 0
    failed: int = 0
    pulled: int = 0
    changed: int = 0
    errors: list[str] = field(default_factory=list)


def client(kind: str, transport: Transport | None = None) -> Tracker:
    return tracker_from_config(conf.tracker_config(kind), transport or TRANSPORT)


def draft_for(item: ActionItem) -> TicketDraft:
    lines = [item.action]
    if item.success_metric:
        lines += ["", f"Success metric: {item.success_metric}"]
    source = f"the postmortem of {item.source_label}" if item.postmortem_id else f"the {item.source_label}"
    lines += ["", f"Owner: {item.owner or '—'}", f"From {source}."]
    kind = "postmortem" if item.postmortem_id else "retrospective"
    return TicketDraft(title=item.action[:250], body="\n".join(lines), due=item.due_date,
                       labels=(kind, "action-item"), url=item_url(item))


@transaction.atomic
def tracker_export_request(*, item: ActionItem, tracker: str) -> ActionItem:
    """Ask for a ticket: the item becomes ``pending`` (the caller then runs :func:`tracker_export_run`)."""
    if tracker not in conf.TRACKERS:
        raise ValidationError("one of jira, github", field="tracker")
    if tracker not in conf.trackers_configured():
        raise ValidationError(f"the {tracker} integration is not configured (see docs/actions.md)", field="tracker")
    locked = ActionItem.objects.select_for_update().get(pk=item.pk)
    if locked.tracker_state in (LINKED, EXPORTING):
        raise ValidationError(f"already {'linked to ' + locked.tracker_key if locked.tracker_key else 'exporting'}",
                              field="tracker")
    locked.tracker, locked.tracker_state, locked.tracker_error = tracker, PENDING, ""
    locked.tracker_attempts = 0
    locked.save(update_fields=["tracker", "tracker_state", "tracker_error", "tracker_attempts", "updated_at"])
    return locked


def _claim(item_id: int, now: datetime) -> bool:
    stale = now - STALE
    return ActionItem.objects.filter(pk=item_id).filter(
        Q(tracker_state=PENDING) | Q(tracker_state=EXPORTING, tracker_claimed_at__lt=stale)).update(
        tracker_state=EXPORTING, tracker_claimed_at=now) == 1


def tracker_export_run(*, item: ActionItem, transport: Transport | None = None,
                       now: datetime | None = None) -> ActionItem:
    """Create the ticket of a pending item. On a retryable failure it stays pending with the error."""
    now = now or timezone.now()
    if not _claim(item.pk, now):
        return ActionItem.objects.get(pk=item.pk)
    fresh = ActionItem.objects.select_related("postmortem__incident", "retrospective").get(pk=item.pk)
    attempts = fresh.tracker_attempts + 1
    try:
        ref = client(fresh.tracker, transport).create(draft_for(fresh))
    except (TrackerError, ValidationError) as exc:
        retry = isinstance(exc, TrackerError) and exc.retryable and attempts < MAX_ATTEMPTS
        ActionItem.objects.filter(pk=fresh.pk, tracker_state=EXPORTING).update(
            tracker_state=PENDING if retry else FAILED, tracker_error=str(exc)[:2000], tracker_attempts=attempts)
        log.warning("ticket for action item %s not created (%s): %s", fresh.pk, "retry" if retry else "failed", exc)
        return ActionItem.objects.get(pk=fresh.pk)
    ActionItem.objects.filter(pk=fresh.pk).update(
        tracker_state=LINKED, tracker_key=ref.key, external_link=ref.url[:500], tracker_error="",
        tracker_attempts=attempts, tracker_status="", tracker_synced_at=now, updated_at=now)
    return ActionItem.objects.get(pk=fresh.pk)


def _apply_status(item: ActionItem, status: ActionStatus, label: str, reason: str, now: datetime) -> bool:
    """Follow the tracker when its state changed since the last pull; a hotwash reopen is kept otherwise."""
    seen = f"{label}|{status.value}"
    update: dict[str, object] = {"tracker_status": seen[:100], "tracker_synced_at": now, "tracker_error": ""}
    first_look_at_open_ticket = not item.tracker_status and status is ActionStatus.OPEN
    changed = item.tracker_status != seen and item.status != status.value and not first_look_at_open_ticket
    if changed:
        update["status"] = status.value
        update["version"] = item.version + 1
        update["updated_at"] = now
        update["completed_at"] = now if status is ActionStatus.DONE else None
        if status is ActionStatus.WONT_DO:
            update["wont_do_reason"] = (item.wont_do_reason or
                                        f"Closed in {item.tracker} ({item.tracker_key}){': ' + reason if reason else ''}")
    ActionItem.objects.filter(pk=item.pk).update(**update)
    return changed


def tracker_pull(*, now: datetime | None = None, transport: Transport | None = None,
                 summary: TrackerSummary | None = None) -> TrackerSummary:
    """Create pending tickets, then pull the status of every linked, still open item."""
    now = now or timezone.now()
    summary = summary or TrackerSummary()
    waiting = ActionItem.objects.filter(Q(tracker_state=PENDING) | Q(tracker_state=EXPORTING,
                                                                     tracker_claimed_at__lt=now - STALE))
    just_created: list[int] = []
    for item in waiting.order_by("id")[:100]:
        done = tracker_export_run(item=item, transport=transport, now=now)
        if done.tracker_state == LINKED:
            summary.created += 1
            just_created.append(done.pk)
        elif done.tracker_state == FAILED:
            summary.failed += 1
            summary.errors.append(f"action {item.pk}: {done.tracker_error}")
        else:
            summary.pending += 1
            summary.errors.append(f"action {item.pk}: {done.tracker_error}")
    linked = ActionItem.objects.filter(tracker_state=LINKED).exclude(tracker_key="").exclude(pk__in=just_created)
    clients: dict[str, Tracker] = {}
    for item in linked.exclude(status__in=[ActionStatus.DONE.value, ActionStatus.WONT_DO.value]).order_by("id"):
        try:
            if item.tracker not in clients:
                clients[item.tracker] = client(item.tracker, transport)
            ticket = clients[item.tracker].status(item.tracker_key)
        except (TrackerError, ValidationError) as exc:
            ActionItem.objects.filter(pk=item.pk).update(tracker_error=str(exc)[:2000])
            summary.errors.append(f"action {item.pk} ({item.tracker_key}): {exc}")
            continue
        summary.pulled += 1
        if _apply_status(item, ticket.status, ticket.label, ticket.reason, now):
            summary.changed += 1
    return summary
