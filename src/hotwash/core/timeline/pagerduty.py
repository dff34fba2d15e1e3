"""PagerDuty: Webhooks v3 events (``{"event": {...}}``, one payload, a list or JSON lines; every
``event_type``), deprecated Webhooks V2 (``messages[].log_entries``) and V1
(``messages[].type`` + ``created_on``), REST responses (incident log entries, incidents, notes,
alerts; wrapped as the API returns them or as bare lists) and Events API v2 requests
(``event_action`` + ``payload.timestamp``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import tzinfo
from typing import IO, Any

from hotwash.core.model import Entry, EntryKind
from hotwash.core.timeline.base import Context, ReadReport, as_list, dig, load_json, obj, text_of

NAME = "pagerduty"
_V3 = re.compile(rb'"event_type"\s*:\s*"(incident|service|pagey)')
_REST = re.compile(rb'"(log_entries|incidents|incident|notes)"\s*:')


_V1 = re.compile(rb'"type"\s*:\s*"incident\.(trigger|acknowledge|resolve|assign|escalate|unacknowledge)"')
_EVENTS_V2 = re.compile(rb'"event_action"\s*:\s*"(trigger|acknowledge|resolve)"')


def detect(head: bytes) -> bool:
    if _V3.search(head) and b'"occurred_at"' in head:
        return True
    if b"pagerduty.com" in head and (_REST.search(head) or b'"messages"' in head or b'"alerts"' in head
                                     or re.search(rb'"type"\s*:\s*"incident"', head)):
        return True
    if _V1.search(head) and b'"created_on"' in head:
        return True
    if _EVENTS_V2.search(head) and b'"payload"' in head:
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
    "incident.custom_field_values.updated": "Custom fields updated", "incident.role.assigned": "Role assigned",
    "incident.service_updated": "Incident moved to another service",
    "incident.incident_type.changed": "Incident type changed", "incident.task.created": "Task created",
    "incident.task.updated": "Task updated", "incident.task.completed": "Task completed",
    "incident.workflow.started": "Workflow started", "incident.workflow.completed": "Workflow completed",
    "incident.action_invocation.created": "Automation action started",
    "incident.action_invocation.updated": "Automation action updated",
    "incident.action_invocation.terminated": "Automation action finished",
    "service.created": "Service created", "service.updated": "Service updated", "service.deleted": "Service deleted",
    "service.custom_field_values.updated": "Service custom fields updated",
}


def _who(ref: object) -> str:
    return text_of(dig(ref, "summary") or dig(ref, "name") or dig(ref, "email"))


def _value(value: object) -> str:
    """A custom field's value: multi-value fields are lists."""
    return ", ".join(text_of(v) for v in value) if isinstance(value, list) else text_of(value)


def _v3_detail(etype: str, data: dict[str, Any]) -> str:
    """What changed, from the ``event.data`` object of each event type."""
    detail = text_of(data.get("content") or data.get("message"))
    if etype == "incident.priority_updated":
        return detail or f"priority {_who(data.get('priority'))}".strip()
    if etype.startswith("incident.responder"):
        who = _who(data.get("user")) or _who(data.get("escalation_policy"))
        state = text_of(data.get("state"))
        return " — ".join(p for p in (f"{who} ({state})" if state else who, detail) if p)
    if etype.startswith("incident.task"):
        return " ".join(p for p in (text_of(data.get("name") or data.get("summary")),
                                    f"({text_of(data.get('status'))})" if data.get("status") else "") if p)
    if etype.startswith("incident.role"):
        roles = [f"{_who(r.get('role'))}: {_who(r.get('assignee')) or 'unassigned'}"
                 for r in as_list(data.get("incident_role_assignments")) if isinstance(r, dict)]
        return "; ".join(roles)
    if etype.startswith("incident.workflow"):
        return _who(data.get("incident_workflow"))
    if etype.startswith("incident.action_invocation"):
        return f"{_who(data.get('action'))} ({text_of(data.get('state'))})".strip()
    if etype == "incident.conference_bridge.updated":
        numbers = [text_of(n.get("number")) for n in as_list(data.get("conference_numbers")) if isinstance(n, dict)]
        return ", ".join([text_of(data.get("conference_url"))] + numbers).strip(", ")
    if etype.endswith("custom_field_values.updated"):
        return "; ".join(f"{text_of(f.get('display_name') or f.get('name'))}: {_value(f.get('value'))}"
                         for f in as_list(data.get("custom_fields")) if isinstance(f, dict))
    if etype in ("incident.reassigned", "incident.escalated", "incident.triggered"):
        assignees = [_who(a) for a in as_list(data.get("assignees"))]
        return f"assigned to {', '.join(a for a in assignees if a)}" if any(assignees) else detail
    return detail


def _v3(event: dict[str, Any], ctx: Context, where: str) -> Entry | None:
    ctx.report.read += 1
    etype = text_of(event.get("event_type"))
    if etype == "pagey.ping":
        ctx.skip(where, "test ping (pagey.ping), not an event")
        return None
    data = obj(event.get("data"))
    incident = obj(data.get("incident")) if data.get("type") != "incident" else data
    incident = incident or data
    title = text_of(incident.get("title") or incident.get("summary"))
    if etype.startswith("service."):
        title = text_of(data.get("summary") or data.get("name"))
    label = _V3_TEXT.get(etype, etype.replace(".", " ").replace("_", " ").capitalize())
    text = label
    detail = _v3_detail(etype, data)
    if title:
        number = incident.get("number")
        text += f": {'#' + str(number) + ' ' if number else ''}{title}"
    if detail and detail != title:
        text += f" — {detail}"
    if etype.startswith("incident.status_update"):
        kind = EntryKind.STATUS
    elif etype == "incident.annotated":
        kind = EntryKind.CHAT
    else:
        kind = EntryKind.ALERT
    link = text_of(incident.get("html_url") or data.get("html_url"))
    status = text_of(data.get("status")) if data.get("type") == "incident" else ""
    return ctx.entry(event.get("occurred_at"), where, text, text_of(event.get("id")) or f"{etype}@{where}",
                     kind, actor=_who(event.get("agent")), link=link,
                     extra={"event_type": etype, "incident_id": text_of(incident.get("id")), "status": status,
                            "transition": _TRANSITION.get(etype, ""), "service": _who(incident.get("service"))})


_TRANSITION = {"incident.triggered": "firing", "incident.acknowledged": "acknowledged",
               "incident.resolved": "resolved", "incident.reopened": "firing"}


_LOG_TRANSITION = {"trigger": "firing", "acknowledge": "acknowledged", "resolve": "resolved"}


def _log_entry(item: dict[str, Any], ctx: Context, where: str) -> Entry | None:
    ctx.report.read += 1
    etype = text_of(item.get("type")).replace("_reference", "").replace("_log_entry", "")
    summary = text_of(item.get("summary")) or etype
    incident = obj(item.get("incident"))
    title = _who(incident)
    detail = text_of(dig(item, "channel", "summary") or dig(item, "channel", "content")
                     or dig(item, "event_details", "description"))
    text = summary
    if title and title not in text:
        text += f" ({title})"
    if detail and detail not in text:
        text += f": {detail}"
    kind = EntryKind.CHAT if etype == "annotate" else EntryKind.ALERT
    return ctx.entry(item.get("created_at"), where, text, text_of(item.get("id")) or where, kind,
                     actor=_who(item.get("agent")), link=text_of(item.get("html_url")),
                     extra={"log_type": etype, "incident_id": text_of(incident.get("id")),
                            "channel": text_of(dig(item, "channel", "type")),
                            "transition": _LOG_TRANSITION.get(etype, "")})


def _v1(message: dict[str, Any], ctx: Context, where: str) -> Entry | None:
    """Webhooks V1: ``{"type": "incident.trigger", "data": {"incident": {...}}, "created_on": ...}``."""
    ctx.report.read += 1
    etype = text_of(message.get("type") or message.get("event"))
    incident = obj(dig(message, "data", "incident")) or obj(message.get("incident"))
    verb = etype.removeprefix("incident.").replace("_", " ")
    title = text_of(dig(incident, "trigger_summary_data", "subject") or incident.get("title")
                    or incident.get("summary"))
    number = incident.get("incident_number")
    text = f"Incident {verb}: {'#' + str(number) + ' ' if number else ''}{title}".strip().rstrip(":")
    who = _who(incident.get("last_status_change_by")) or _who(incident.get("resolved_by_user"))
    return ctx.entry(message.get("created_on"), where, text, text_of(message.get("id")) or f"{etype}@{where}",
                     EntryKind.ALERT, actor=who, link=text_of(incident.get("html_url")),
                     extra={"event_type": etype, "incident_id": text_of(incident.get("id")),
                            "transition": _LOG_TRANSITION.get(verb, "")})


def _incident(item: dict[str, Any], ctx: Context, where: str) -> Iterator[Entry]:
    ctx.report.read += 1
    title = text_of(item.get("title") or item.get("summary"))
    number = item.get("incident_number") or item.get("number")
    label = f"#{number} {title}" if number else title
    ident = text_of(item.get("id"))
    link = text_of(item.get("html_url"))
    extra: dict[str, object] = {"incident_id": ident, "status": text_of(item.get("status")),
                                "urgency": text_of(item.get("urgency")), "service": _who(item.get("service"))}
    if not item.get("created_at"):
        ctx.skip(where, "incident without created_at (a fragment, not an event)")
        return
    resolved_at = item.get("resolved_at")
    if not resolved_at and item.get("status") == "resolved":
        resolved_at = item.get("last_status_change_at")
    points = [(item.get("created_at"), "created_at", "Incident triggered", "firing", ""),
              (resolved_at, "resolved_at", "Incident resolved", "resolved",
               _who(item.get("last_status_change_by")) if item.get("status") == "resolved" else "")]
    for ack in as_list(item.get("acknowledgements")):
        if isinstance(ack, dict):
            points.append((ack.get("at"), f"ack:{ack.get('at')}", "Incident acknowledged", "acknowledged",
                           _who(ack.get("acknowledger"))))
    for when, key, verb, transition, actor in points:
        if when:
            entry = ctx.entry(when, where, f"{verb}: {label}", f"incident:{ident}:{key}", EntryKind.ALERT,
                              actor=actor, link=link, extra={**extra, "transition": transition})
            if entry is not None:
                yield entry


def _note(item: dict[str, Any], ctx: Context, where: str) -> Entry | None:
    ctx.report.read += 1
    return ctx.entry(item.get("created_at"), where, f"Note: {text_of(item.get('content'))}",
                     f"note:{item.get('id')}", EntryKind.CHAT, actor=_who(item.get("user")))


def _alert(item: dict[str, Any], ctx: Context, where: str) -> Entry | None:
    """A REST alert, at its ``created_at``: its ``status`` is where it stood when it was fetched, not
    what happened then (a resolved alert has no time of resolution here, so none is given)."""
    ctx.report.read += 1
    severity = text_of(item.get("severity"))
    service = text_of(dig(item, "service", "summary"))
    status = text_of(item.get("status"))
    text = f"Alert triggered: {'[' + severity + '] ' if severity else ''}{text_of(item.get('summary'))}"
    if service:
        text += f" ({service})"
    if status and status != "triggered":
        text += f" [{status} when exported]"
    return ctx.entry(item.get("created_at"), where, text, f"alert:{item.get('id')}", EntryKind.ALERT,
                     link=text_of(item.get("html_url")),
                     extra={"severity": severity, "alert_key": text_of(item.get("alert_key")), "status": status})


def _event_v2(item: dict[str, Any], ctx: Context, where: str) -> Entry | None:
    """An Events API v2 request (what a monitoring tool sends to PagerDuty)."""
    ctx.report.read += 1
    payload = obj(item.get("payload"))
    action = text_of(item.get("event_action"))
    summary = text_of(payload.get("summary")) or text_of(item.get("dedup_key"))
    severity = text_of(payload.get("severity"))
    text = f"Event {action}: {'[' + severity + '] ' if severity else ''}{summary}"
    if payload.get("source"):
        text += f" ({text_of(payload.get('source'))})"
    key = text_of(item.get("dedup_key"))
    when = payload.get("timestamp")
    if not when:
        ctx.skip(where, "Events API request without payload.timestamp")
        return None
    links = [text_of(link.get("href")) for link in as_list(item.get("links")) if isinstance(link, dict)]
    return ctx.entry(when, where, text, f"event:{key}:{action}:{when}", EntryKind.ALERT,
                     link=links[0] if links else "",
                     extra={"dedup_key": key, "severity": severity, "alias": key,
                            "transition": _LOG_TRANSITION.get(action, action)})


_Handler = Callable[[dict[str, Any], Context, str], Entry | None]
_WRAPPED: tuple[tuple[str, _Handler], ...] = (("log_entries", _log_entry), ("notes", _note), ("alerts", _alert))
_SINGLE: tuple[tuple[str, _Handler], ...] = (("log_entry", _log_entry), ("note", _note), ("alert", _alert))


def _item(item: dict[str, Any], ctx: Context, where: str) -> list[Entry] | None:
    """Entries of one top-level object, or None when it is nothing PagerDuty."""
    if isinstance(item.get("event"), dict):
        return [e for e in [_v3(item["event"], ctx, where)] if e]
    if "event_type" in item and "occurred_at" in item:
        return [e for e in [_v3(item, ctx, where)] if e]
    if "event_action" in item and isinstance(item.get("payload"), dict):
        return [e for e in [_event_v2(item, ctx, where)] if e]
    kind = text_of(item.get("type"))
    if kind.endswith("_log_entry"):
        return [e for e in [_log_entry(item, ctx, where)] if e]
    if kind == "incident":
        return list(_incident(item, ctx, where))
    if kind == "alert" and "created_at" in item:
        return [e for e in [_alert(item, ctx, where)] if e]
    if kind.startswith("incident.") and ("created_on" in item or "data" in item):
        return [e for e in [_v1(item, ctx, where)] if e]
    found: list[Entry | None] = []
    known = False
    for number, message in enumerate(as_list(item.get("messages")), 1):
        known = True
        if not isinstance(message, dict):
            continue
        logs = [log for log in as_list(message.get("log_entries")) if isinstance(log, dict)]
        if logs:
            found += [_log_entry(log, ctx, f"{where} message {number} log entry {sub}")
                      for sub, log in enumerate(logs, 1)]
        else:
            found.append(_v1(message, ctx, f"{where} message {number}"))
    for key, handler in _WRAPPED:
        if isinstance(item.get(key), list):
            known = True
            found += [handler(x, ctx, f"{key} {sub}") for sub, x in enumerate(item[key], 1) if isinstance(x, dict)]
    for key, handler in _SINGLE:
        if isinstance(item.get(key), dict):
            known = True
            found.append(handler(item[key], ctx, where))
    incidents = [i for i in as_list(item.get("incidents")) if isinstance(i, dict)]
    known = known or isinstance(item.get("incidents"), list)
    if isinstance(item.get("incident"), dict) and "created_at" in item["incident"]:
        incidents.append(item["incident"])
    for sub, incident in enumerate(incidents, 1):
        known = True
        found += list(_incident(incident, ctx, f"incident {sub}"))
    return [e for e in found if e] if known else None


def read(stream: IO[bytes], *, tz: tzinfo | None, name: str = "",
         report: ReadReport | None = None) -> Iterator[Entry]:
    ctx = Context(name, tz, report, NAME)
    doc = load_json(stream, ctx)
    docs = doc if isinstance(doc, list) else [doc]
    found = False
    for number, item in enumerate(docs, 1):
        where = f"record {number}"
        entries = _item(item, ctx, where) if isinstance(item, dict) else None
        if entries is None:
            ctx.skip(where, "not a PagerDuty event, log entry, incident, note or alert")
            continue
        found = True
        yield from entries
    if not found:
        if isinstance(doc, dict) and "occurred_at" not in doc and (
                dig(doc, "incident", "type") == "incident_reference" or text_of(doc.get("type")).startswith("service")):
            # the docs show each event's ``data`` on its own; it carries no time (``event.occurred_at`` does)
            raise ctx.fail("", f"this is the data of a Webhooks v3 event ({text_of(doc.get('type')) or 'unknown type'}) "
                               "without its envelope, so it has no time: import the whole payload "
                               '({"event": {"event_type", "occurred_at", "data": …}})')
        raise ctx.fail("", "no PagerDuty events, log entries, incidents, notes or alerts found")
