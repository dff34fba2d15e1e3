"""Opsgenie: alert webhooks (``action`` + ``alert`` with ``createdAt`` epoch ms and
``updatedAt`` epoch ns as 19-digit integers) and REST API alerts (``data``: one alert or a
list, ISO times).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import tzinfo
from typing import IO, Any

from hotwash.core.model import Entry, EntryKind
from hotwash.core.timeline.base import Context, ReadReport, as_list, dig, load_json, obj, text_of

NAME = "opsgenie"
_WEBHOOK = re.compile(rb'"action"\s*:\s*"[A-Z][A-Za-z]+"')


def detect(head: bytes) -> bool:
    if _WEBHOOK.search(head) and b'"alert"' in head:
        return True
    return b'"tinyId"' in head or (b'"requestId"' in head and b'"took"' in head)


_VERB = {"Create": "Alert created", "Close": "Alert closed", "Acknowledge": "Alert acknowledged",
         "AddNote": "Note added", "TakeOwnership": "Ownership taken", "AssignOwnership": "Alert assigned",
         "Escalate": "Alert escalated", "UnAcknowledge": "Alert unacknowledged", "Snooze": "Alert snoozed",
         "AddResponder": "Responder added", "AddTags": "Tags added"}


def _webhook(doc: dict[str, Any], ctx: Context, where: str) -> Entry | None:
    ctx.report.read += 1
    action = text_of(doc.get("action"))
    alert = obj(doc.get("alert"))
    message = text_of(alert.get("message"))
    verb = _VERB.get(action, action)
    text = f"{verb}: {message}" if message else verb
    if action == "AddNote" and alert.get("note"):
        text += f" — {text_of(alert.get('note'))}"
    when = alert.get("createdAt") if action == "Create" else None
    when = when or alert.get("updatedAt") or alert.get("insertedAt") or alert.get("createdAt")
    ident = text_of(alert.get("alertId")) or text_of(alert.get("alias"))
    return ctx.entry(when, where, text, f"{ident}:{action}:{when}", EntryKind.ALERT,
                     actor=text_of(alert.get("username")),
                     extra={"action": action, "tiny_id": text_of(alert.get("tinyId")),
                            "priority": text_of(alert.get("priority")), "alias": text_of(alert.get("alias")),
                            "integration": text_of(doc.get("integrationName") or dig(doc, "source", "name"))})


def _rest(alert: dict[str, Any], ctx: Context, where: str) -> Iterator[Entry]:
    ctx.report.read += 1
    message = text_of(alert.get("message"))
    ident = text_of(alert.get("id"))
    extra: dict[str, object] = {"tiny_id": text_of(alert.get("tinyId")), "status": text_of(alert.get("status")),
                                "priority": text_of(alert.get("priority")), "count": alert.get("count"),
                                "source": text_of(alert.get("source"))}
    created = ctx.entry(alert.get("createdAt"), where, f"Alert created: {message}", f"{ident}:created",
                        EntryKind.ALERT, extra=extra)
    if created:
        yield created
    if alert.get("status") == "closed" and alert.get("updatedAt"):
        closed = ctx.entry(alert.get("updatedAt"), where, f"Alert closed: {message}", f"{ident}:closed",
                           EntryKind.ALERT, actor=text_of(dig(alert, "report", "closedBy")), extra=extra)
        if closed:
            yield closed


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
        data = item.get("data")
        alerts = [data] if isinstance(data, dict) else as_list(data)
        alerts = [a for a in alerts if isinstance(a, dict) and "createdAt" in a]
        if not alerts and isinstance(data, dict) and data.get("processedAt"):
            ctx.report.read += 1
            entry = ctx.entry(data["processedAt"], where,
                              f"Request {text_of(data.get('action'))}: {text_of(data.get('status'))}",
                              text_of(item.get("requestId")) or where, EntryKind.ALERT,
                              extra={"alert_id": text_of(data.get("alertId"))})
            if entry:
                yield entry
            continue
        if not alerts:
            raise ctx.fail(where, "not an Opsgenie webhook or API alert response")
        for sub, alert in enumerate(alerts, 1):
            yield from _rest(alert, ctx, f"{where} alert {sub}")
