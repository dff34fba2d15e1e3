"""Datadog events: API v1 (``date_happened`` epoch s, ``id_str``), API v2 (``data[]``,
``attributes.timestamp`` ISO), monitor webhooks (user-templated; ``date`` /
``last_updated`` as epoch-ms strings) and EventBridge partner events (``time`` ISO).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import tzinfo
from typing import IO, Any

from hotwash.core.model import Entry, EntryKind
from hotwash.core.timeline.base import Context, ReadReport, as_list, dig, load_json, obj, text_of

NAME = "datadog"


def detect(head: bytes) -> bool:
    return (b"datadoghq" in head or b'"date_happened"' in head or b"Datadog" in head
            or (b'"alert_transition"' in head) or bool(re.search(rb'"event_type"\s*:\s*"\w+_monitor"', head)))


def _transition(title: str, hint: str) -> str:
    if hint:
        return hint
    m = re.match(r"\[(\w+)\]", title)
    return m.group(1) if m else ""


def _v1(event: dict[str, Any], ctx: Context, where: str) -> Entry | None:
    ctx.report.read += 1
    title = text_of(event.get("title"))
    body = text_of(event.get("text"))
    text = title + (f": {body}" if body and body not in title else "")
    ident = text_of(event.get("id_str")) or text_of(event.get("id"))
    return ctx.entry(event.get("date_happened"), where, text, f"event:{ident}", EntryKind.ALERT,
                     link=text_of(event.get("url")),
                     extra={"tags": as_list(event.get("tags")), "alert_type": text_of(event.get("alert_type"))})


def _v2(item: dict[str, Any], ctx: Context, where: str) -> Entry | None:
    ctx.report.read += 1
    attrs = obj(item.get("attributes"))
    inner = obj(attrs.get("attributes"))
    title = text_of(inner.get("title") or attrs.get("title"))
    message = text_of(attrs.get("message"))
    text = title + (f": {message}" if message and message != title else "")
    when = attrs.get("timestamp") or inner.get("timestamp")
    return ctx.entry(when, where, text, f"event:{item.get('id')}", EntryKind.ALERT,
                     extra={"tags": as_list(attrs.get("tags")), "status": text_of(inner.get("status"))})


def _webhook(doc: dict[str, Any], ctx: Context, where: str) -> Entry | None:
    ctx.report.read += 1
    title = text_of(doc.get("title") or doc.get("alert_title") or doc.get("event_title"))
    transition = _transition(title, text_of(doc.get("alert_transition") or doc.get("transition")))
    detail = text_of(doc.get("alert_status") or doc.get("message") or doc.get("body"))
    text = title + (f": {detail}" if detail and detail not in title else "")
    when = doc.get("date") or doc.get("last_updated") or doc.get("timestamp")
    ident = text_of(doc.get("id") or doc.get("event_id") or doc.get("alert_id"))
    tags = doc.get("tags")
    return ctx.entry(when, where, text, f"webhook:{ident}:{when}", EntryKind.ALERT,
                     link=text_of(doc.get("event_url") or doc.get("link")),
                     extra={"transition": transition, "tags": tags.split(",") if isinstance(tags, str) else tags,
                            "alert_id": text_of(doc.get("alert_id"))})


def _eventbridge(doc: dict[str, Any], ctx: Context, where: str) -> Entry | None:
    ctx.report.read += 1
    detail = obj(doc.get("detail"))
    monitor = dig(detail, "meta", "monitor") or {}
    transition = text_of(dig(detail, "meta", "transition", "trans_name"))
    text = f"Monitor {transition or 'event'}: {text_of(dig(monitor, 'name')) or text_of(doc.get('detail-type'))}"
    return ctx.entry(doc.get("time"), where, text, f"eventbridge:{doc.get('id')}", EntryKind.ALERT,
                     extra={"transition": transition, "monitor_id": dig(monitor, "id")})


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
        entries: list[Entry | None] = []
        if isinstance(item.get("event"), dict):
            entries.append(_v1(item["event"], ctx, where))
        elif "date_happened" in item:
            entries.append(_v1(item, ctx, where))
        elif isinstance(item.get("events"), list):
            entries.extend(_v1(e, ctx, f"{where} event {i}") for i, e in enumerate(item["events"], 1))
        elif isinstance(item.get("data"), list):
            entries.extend(_v2(e, ctx, f"{where} event {i}") for i, e in enumerate(item["data"], 1)
                           if isinstance(e, dict))
        elif "detail-type" in item:
            entries.append(_eventbridge(item, ctx, where))
        elif any(k in item for k in ("date", "last_updated", "alert_transition", "event_type")):
            entries.append(_webhook(item, ctx, where))
        else:
            raise ctx.fail(where, "not a Datadog event, event list or webhook payload")
        yield from (e for e in entries if e is not None)
