"""Opsgenie: alert webhooks (``action`` + ``alert`` with ``createdAt`` epoch ms and
``updatedAt`` epoch ns as 19-digit integers, or as strings in older payloads), REST API alerts
(``data``: one alert or a list, ISO times; acknowledgement and close times from
``report.ackTime`` / ``closeTime``, durations in ms), alert logs and notes (``offset`` epoch ns),
incident timelines (``eventTime``) and request status responses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta, tzinfo
from typing import IO, Any

from hotwash.core.model import Entry, EntryKind
from hotwash.core.timeline import times
from hotwash.core.timeline.base import Context, ReadReport, as_list, dig, load_json, obj, text_of

NAME = "opsgenie"
_WEBHOOK = re.compile(rb'"action"\s*:\s*"[A-Z][A-Za-z ]+"')


def detect(head: bytes) -> bool:
    if _WEBHOOK.search(head) and b'"alert"' in head:
        return True
    return b'"tinyId"' in head or (b'"requestId"' in head and b'"took"' in head)


_VERB = {"Create": "Alert created", "Close": "Alert closed", "Acknowledge": "Alert acknowledged",
         "AddNote": "Note added", "TakeOwnership": "Ownership taken", "AssignOwnership": "Alert assigned",
         "Escalate": "Alert escalated", "EscalateNext": "Alert escalated", "UnAcknowledge": "Alert unacknowledged",
         "Snooze": "Alert snoozed", "SnoozeEnded": "Snooze ended", "AddResponder": "Responder added",
         "AddTeam": "Team added", "AddRecipient": "Recipient added", "AddTags": "Tags added",
         "RemoveTags": "Tags removed", "Delete": "Alert deleted", "UpdatePriority": "Priority changed",
         "UpdateMessage": "Message changed", "UpdateDescription": "Description changed",
         "AddDetails": "Details added", "RemoveDetails": "Details removed"}
_TRANSITION = {"Create": "firing", "Close": "resolved", "Acknowledge": "acknowledged", "UnAcknowledge": "firing"}


def _verb(action: str) -> str:
    if action in _VERB:
        return _VERB[action]
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", action).strip()
    return f"Alert action: {words}" if words else "Alert updated"


def _webhook(doc: dict[str, Any], ctx: Context, where: str) -> Entry | None:
    ctx.report.read += 1
    action = text_of(doc.get("action"))
    alert = obj(doc.get("alert"))
    message = text_of(alert.get("message"))
    verb = _verb(action)
    text = f"{verb}: {message}" if message else verb
    if alert.get("note"):
        text += f" — {text_of(alert.get('note'))}"
    if action == "AssignOwnership" and alert.get("owner"):
        text += f" — to {text_of(alert.get('owner'))}"
    if action == "UpdatePriority" and alert.get("priority"):
        text += f" — {text_of(alert.get('oldPriority')) + ' → ' if alert.get('oldPriority') else ''}"
        text += text_of(alert.get("priority"))
    when = alert.get("createdAt") if action == "Create" else None
    when = when or alert.get("updatedAt") or alert.get("insertedAt") or alert.get("createdAt")
    ident = text_of(alert.get("alertId")) or text_of(alert.get("alias"))
    actor = text_of(alert.get("userFullName") or alert.get("username") or alert.get("user"))
    return ctx.entry(when, where, text, f"{ident}:{action}:{when}", EntryKind.CHAT if action == "AddNote"
                     else EntryKind.ALERT, actor=actor,
                     extra={"action": action, "tiny_id": text_of(alert.get("tinyId")),
                            "priority": text_of(alert.get("priority")), "alias": text_of(alert.get("alias")),
                            "transition": _TRANSITION.get(action, action.lower()),
                            "integration": text_of(doc.get("integrationName") or dig(doc, "source", "name"))})


def _after(start: object, millis: object) -> object:
    """``createdAt`` plus a duration in ms (Opsgenie's report.ackTime / closeTime), as an ISO string."""
    try:
        moment, _ = times.parse_any(start)
        return (moment + timedelta(milliseconds=int(str(millis)))).isoformat()
    except (times.TimeError, ValueError):
        return None


def _rest(alert: dict[str, Any], ctx: Context, where: str) -> Iterator[Entry]:
    ctx.report.read += 1
    message = text_of(alert.get("message"))
    ident = text_of(alert.get("id"))
    label = "Incident" if "impactStartDate" in alert or "impactedServices" in alert else "Alert"
    extra: dict[str, object] = {"tiny_id": text_of(alert.get("tinyId")), "status": text_of(alert.get("status")),
                                "priority": text_of(alert.get("priority")), "count": alert.get("count"),
                                "source": text_of(alert.get("source")), "alias": text_of(alert.get("alias"))}
    created = ctx.entry(alert.get("createdAt"), where, f"{label} created: {message}", f"{ident}:created",
                        EntryKind.ALERT, extra={**extra, "transition": "firing"})
    if created:
        yield created
    report = obj(alert.get("report"))
    if alert.get("acknowledged") and report.get("ackTime") is not None:
        acked = ctx.entry(_after(alert.get("createdAt"), report["ackTime"]), where,
                          f"{label} acknowledged: {message}", f"{ident}:acknowledged", EntryKind.ALERT,
                          actor=text_of(report.get("acknowledgedBy")), extra={**extra, "transition": "acknowledged"})
        if acked:
            yield acked
    if alert.get("status") in ("closed", "resolved"):
        when = (_after(alert.get("createdAt"), report["closeTime"]) if report.get("closeTime") is not None
                else alert.get("updatedAt"))
        closed = ctx.entry(when, where, f"{label} {alert['status']}: {message}", f"{ident}:closed",
                           EntryKind.ALERT, actor=text_of(report.get("closedBy")),
                           extra={**extra, "transition": "resolved"})
        if closed:
            yield closed


def _log(item: dict[str, Any], ctx: Context, where: str) -> Entry | None:
    """An alert log line or note (``offset`` is epoch ns and the record's key)."""
    ctx.report.read += 1
    is_note = "note" in item
    text = text_of(item.get("note") if is_note else item.get("log"))
    when = item.get("createdAt") or item.get("offset")
    return ctx.entry(when, where, f"Note: {text}" if is_note else text,
                     f"{'note' if is_note else 'log'}:{item.get('offset') or when}",
                     EntryKind.CHAT if is_note or item.get("type") == "alertNote" else EntryKind.ALERT,
                     actor=text_of(item.get("owner")), extra={"type": text_of(item.get("type"))})


def _timeline(item: dict[str, Any], ctx: Context, where: str) -> Entry | None:
    """An incident timeline entry (``eventTime``; ``description`` or ``title`` objects)."""
    ctx.report.read += 1
    description = item.get("description")
    text = text_of(description.get("name") if isinstance(description, dict) else description)
    title = item.get("title")
    text = text or text_of(title.get("content") if isinstance(title, dict) else title) or text_of(item.get("type"))
    return ctx.entry(item.get("eventTime"), where, text, f"timeline:{item.get('id') or where}",
                     EntryKind.STATUS if item.get("group") == "status" else EntryKind.ALERT,
                     actor=text_of(dig(item, "actor", "name")), extra={"type": text_of(item.get("type"))})


def read(stream: IO[bytes], *, tz: tzinfo | None, name: str = "",
         report: ReadReport | None = None) -> Iterator[Entry]:
    ctx = Context(name, tz, report, NAME)
    doc = load_json(stream, ctx)
    docs = doc if isinstance(doc, list) else [doc]
    for number, item in enumerate(docs, 1):
        where = f"record {number}"
        if not isinstance(item, dict):
            ctx.skip(where, "not an object")
            continue
        if "action" in item and isinstance(item.get("alert"), dict):
            entry = _webhook(item, ctx, where)
            if entry:
                yield entry
            continue
        data = item.get("data") if "data" in item else item
        if isinstance(data, dict) and isinstance(data.get("entries"), list):  # incident timeline
            for sub, entry_doc in enumerate(data["entries"], 1):
                if isinstance(entry_doc, dict):
                    entry = _timeline(entry_doc, ctx, f"{where} entry {sub}")
                    if entry:
                        yield entry
            continue
        records = [data] if isinstance(data, dict) else as_list(data)
        logs = [r for r in records if isinstance(r, dict) and ("log" in r or "note" in r) and (
            "offset" in r or "createdAt" in r)]
        if logs:
            for sub, log in enumerate(logs, 1):
                entry = _log(log, ctx, f"{where} log {sub}")
                if entry:
                    yield entry
            continue
        alerts = [a for a in records if isinstance(a, dict) and "createdAt" in a]
        if not alerts and isinstance(data, dict) and data.get("processedAt"):
            ctx.report.read += 1
            entry = ctx.entry(data["processedAt"], where,
                              f"Request {text_of(data.get('action'))}: {text_of(data.get('status'))}",
                              text_of(item.get("requestId")) or where, EntryKind.ALERT,
                              extra={"alert_id": text_of(data.get("alertId")), "alias": text_of(data.get("alias"))})
            if entry:
                yield entry
            continue
        if not alerts:
            if isinstance(data, list) and not data:
                continue  # an empty page
            raise ctx.fail(where, "not an Opsgenie webhook or API alert response")
        for sub, alert in enumerate(alerts, 1):
            yield from _rest(alert, ctx, f"{where} alert {sub}")
