"""Atlassian Statuspage: public API v2 (``incidents.json``, ``summary.json``,
``scheduled-maintenances.json``), the management API (a bare list of incidents or one
incident), and webhooks (``incident`` with ``incident_updates``; ``component_update``). Each
update becomes an entry at its ``display_at`` (the time shown to readers; ``created_at`` kept in
extra) with the component changes it made; times carry the page's offset and are converted to UTC.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import tzinfo
from typing import IO, Any

from hotwash.core.model import Entry, EntryKind
from hotwash.core.timeline.base import Context, ReadReport, as_list, dig, load_json, text_of

NAME = "statuspage"


def detect(head: bytes) -> bool:
    return b'"incident_updates"' in head or (b'"page"' in head and b'"time_zone"' in head) or (
        b'"component_update"' in head) or (b'"scheduled_maintenances"' in head and b'"page"' in head)


def _components(update: dict[str, Any]) -> str:
    changes = []
    for component in as_list(update.get("affected_components")):
        if isinstance(component, dict) and component.get("new_status"):
            old, new = text_of(component.get("old_status")), text_of(component.get("new_status"))
            change = f"{old.replace('_', ' ')} → {new.replace('_', ' ')}" if old and old != new else new.replace("_", " ")
            changes.append(f"{text_of(component.get('name'))}: {change}")
    return f" ({'; '.join(changes)})" if changes else ""


def _incident(item: dict[str, Any], ctx: Context, where: str, page: str) -> Iterator[Entry]:
    title = text_of(item.get("name"))
    ident = text_of(item.get("id"))
    link = text_of(item.get("shortlink"))
    updates = [u for u in as_list(item.get("incident_updates")) if isinstance(u, dict)]
    if not updates:
        ctx.report.read += 1
        entry = ctx.entry(item.get("created_at"), where, f"Status page incident opened: {title}",
                          f"{ident}:created", EntryKind.STATUS, link=link, extra={"page": page})
        if entry:
            yield entry
    for number, update in enumerate(reversed(updates), 1):
        ctx.report.read += 1
        status = text_of(update.get("status"))
        body = text_of(update.get("body"))
        when = update.get("display_at") or update.get("created_at")
        text = f"Status page ({status}): {title}" + (f" — {body}" if body else "") + _components(update)
        entry = ctx.entry(when, f"{where} update {number}", text,
                          f"{ident}:{update.get('id')}", EntryKind.STATUS, link=link,
                          extra={"page": page, "status": status, "impact": text_of(item.get("impact")),
                                 "created_at": text_of(update.get("created_at"))})
        if entry:
            yield entry


def read(stream: IO[bytes], *, tz: tzinfo | None, name: str = "",
         report: ReadReport | None = None) -> Iterator[Entry]:
    ctx = Context(name, tz, report, NAME)
    doc = load_json(stream, ctx)
    if isinstance(doc, list):  # management API: GET /pages/{id}/incidents
        doc = {"incidents": doc}
    if isinstance(doc, dict) and "incident_updates" in doc:  # management API: one incident
        doc = {"incident": doc}
    if not isinstance(doc, dict):
        raise ctx.fail("", "not a Statuspage document")
    page = text_of(dig(doc, "page", "name"))
    items = as_list(doc.get("incidents")) + as_list(doc.get("scheduled_maintenances"))
    if isinstance(doc.get("incident"), dict):
        items.append(doc["incident"])
    if isinstance(doc.get("component_update"), dict):
        update = doc["component_update"]
        ctx.report.read += 1
        component = text_of(dig(doc, "component", "name"))
        entry = ctx.entry(update.get("created_at"), "component_update",
                          f"Component {component}: {update.get('old_status')} → {update.get('new_status')}",
                          f"component:{update.get('id')}", EntryKind.STATUS, extra={"page": page})
        if entry:
            yield entry
    elif not items and not ("incidents" in doc or "scheduled_maintenances" in doc):
        raise ctx.fail("", "no Statuspage incidents or updates in this document")
    for number, item in enumerate(items, 1):
        if isinstance(item, dict):
            yield from _incident(item, ctx, f"incident {number}", page)
