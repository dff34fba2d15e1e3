"""PagerDuty: Webhooks v3 events (``{"event": {...}}``), deprecated Webhooks V2
(``messages[].log_entries``) and REST responses: incident log entries, incidents, notes,
alerts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import tzinfo
from typing import IO, Any

from hotwash.core.model import Entry, EntryKind
from hotwash.core.timeline.base import Context, ReadReport, as_list, dig, load_json, obj, text_of

NAME = "pagerduty"
_V3 = re.compile(rb'"event_type"\s*:\s*"(incident|service|pagey)')
_REST = re.compile(rb'"(log_entries|incidents|incident|notes)"\s*:')


def detect(head: bytes) -> bool:
    if _V3.search(head) and b'"occurred_at"' in head:
        return True
    if b"pagerduty.com" in head and (_REST.search(head) or b'"messages"' in head or b'"alerts"' in head):
        return True
    return b'_log_entry"' in head


_V3_TEXT = {
    "incident.triggered": "Incident triggered", "incident.acknowledged": "Incident acknowledged",
    "incident.unacknowledged": "Incident unacknowledged", "incident.resolved": "Incident resolved",
    "incident.reopened": "Incident reopened", "incident.escalated": "Incident escalated",
    "incident.reassigned": "Incident reassigned", "incident.delegated": "Incident delegated",
    "incident.priority_updated": "Incident priority updated", "incident.annotated": "Note added",
    "incident.status_update_published": "Status update published",
    "incident.responder.added": "Responder added", "incident.responder.replied": "Responder replied",
    "incident.conference_bridge.updated": "Conference bridge updated",
}


def _who(ref: object) -> str:
    return text_of(dig(ref, "summary") or dig(ref, "name") or dig(ref, "email"))


def _v3(event: dict[str, Any], ctx: Context, where: str) -> Entry | None:
    ctx.report.read += 1
    etype = text_of(event.get("event_type"))
    data = obj(event.get("data"))
    incident = obj(data.get("incident")) or data
    title = text_of(incident.get("title") or incident.get("summary"))
    label = _V3_TEXT.get(etype, etype.replace(".", " ").replace("_", " ").capitalize())
    text = label
    detail = text_of(data.get("content") or data.get("message"))
    if etype == "incident.priority_updated":
        detail = detail or f"priority {_who(data.get('priority'))}".strip()
    if title:
        number = incident.get("number")
        text += f": {'#' + str(number) + ' ' if number else ''}{title}"
    if detail:
        text += f" — {detail}"
    kind = EntryKind.STATUS if etype.startswith("incident.status_update") else EntryKind.ALERT
    link = text_of(incident.get("html_url") or data.get("html_url"))
    return ctx.entry(event.get("occurred_at"), where, text, text_of(event.get("id")) or f"{etype}@{where}",
                     kind, actor=_who(event.get("agent")), link=link,
                     extra={"event_type": etype, "incident_id": text_of(incident.get("id")),
                            "status": text_of(data.get("status"))})


def _log_entry(item: dict[str, Any], ctx: Context, where: str) -> Entry | None:
    ctx.report.read += 1
    etype = text_of(item.get("type")).replace("_reference", "").replace("_log_entry", "")
    summary = text_of(item.get("summary")) or etype
    incident = obj(item.get("incident"))
    title = _who(incident)
    detail = text_of(dig(item, "channel", "summary") or dig(item, "event_details", "description"))
    text = summary
    if title and title not in text:
        text += f" ({title})"
    if detail and detail not in text:
        text += f": {detail}"
    return ctx.entry(item.get("created_at"), where, text, text_of(item.get("id")) or where, EntryKind.ALERT,
                     actor=_who(item.get("agent")), link=text_of(item.get("html_url")),
                     extra={"log_type": etype, "incident_id": text_of(incident.get("id")),
                            "channel": text_of(dig(item, "channel", "type"))})


def _incident(item: dict[str, Any], ctx: Context, where: str) -> Iterator[Entry]:
    ctx.report.read += 1
    title = text_of(item.get("title") or item.get("summary"))
    number = item.get("incident_number")
    label = f"#{number} {title}" if number else title
    ident = text_of(item.get("id"))
    link = text_of(item.get("html_url"))
    extra: dict[str, object] = {"incident_id": ident, "status": text_of(item.get("status")),
                                "urgency": text_of(item.get("urgency"))}
    points = [("created_at", "Incident triggered"), ("resolved_at", "Incident resolved")]
    if not item.get("created_at"):
        ctx.skip(where, "incident without created_at (a fragment, not an event)")
        return
    for ack in as_list(item.get("acknowledgements")):
        if isinstance(ack, dict):
            entry = ctx.entry(ack.get("at"), where, f"Incident acknowledged: {label}",
                              f"incident:{ident}:ack:{ack.get('at')}", EntryKind.ALERT,
                              actor=_who(ack.get("acknowledger")), link=link, extra=extra)
            if entry is not None:
                yield entry
    for key, verb in points:
        if item.get(key):
            entry = ctx.entry(item[key], where, f"{verb}: {label}", f"incident:{ident}:{key}",
                              EntryKind.ALERT, link=link, extra=extra)
            if entry is not None:
                yield entry


def _note(item: dict[str, Any], ctx: Context, where: str) -> Entry | None:
    ctx.report.read += 1
    return ctx.entry(item.get("created_at"), where, f"Note: {text_of(item.get('content'))}",
                     f"note:{item.get('id')}", EntryKind.CHAT, actor=_who(item.get("user")))


def _alert(item: dict[str, Any], ctx: Context, where: str) -> Entry | None:
    ctx.report.read += 1
    text = f"Alert {text_of(item.get('status'))}: {text_of(item.get('summary'))}"
    return ctx.entry(item.get("created_at"), where, text, f"alert:{item.get('id')}", EntryKind.ALERT,
                     link=text_of(item.get("html_url")), extra={"severity": text_of(item.get("severity"))})


def read(stream: IO[bytes], *, tz: tzinfo | None, name: str = "",
         report: ReadReport | None = None) -> Iterator[Entry]:
    ctx = Context(name, tz, report, NAME)
    doc = load_json(stream, ctx)
    docs = doc if isinstance(doc, list) else [doc]
    found = False
    for number, item in enumerate(docs, 1):
        where = f"record {number}"
        if not isinstance(item, dict):
            ctx.skip(where, "not an object")
            continue
        if isinstance(item.get("event"), dict):
            found = True
            entry = _v3(item["event"], ctx, where)
            if entry:
                yield entry
        elif "event_type" in item and "occurred_at" in item:
            found = True
            entry = _v3(item, ctx, where)
            if entry:
                yield entry
        for message in as_list(item.get("messages")):
            found = True
            for sub, log in enumerate(as_list(dig(message, "log_entries")), 1):
                entry = _log_entry(log, ctx, f"{where} log entry {sub}")
                if entry:
                    yield entry
        for key, handler in (("log_entries", _log_entry), ("notes", _note), ("alerts", _alert)):
            for sub, log in enumerate(as_list(item.get(key)), 1):
                found = True
                entry = handler(log, ctx, f"{key} {sub}") if isinstance(log, dict) else None
                if entry:
                    yield entry
        if isinstance(item.get("log_entry"), dict):
            found = True
            entry = _log_entry(item["log_entry"], ctx, where)
            if entry:
                yield entry
        incidents = as_list(item.get("incidents"))
        if isinstance(item.get("incident"), dict):
            incidents.append(item["incident"])
        for sub, incident in enumerate(incidents, 1):
            found = True
            yield from _incident(incident, ctx, f"incident {sub}")
    if not found:
        raise ctx.fail("", "no PagerDuty events, log entries, incidents, notes or alerts found")
