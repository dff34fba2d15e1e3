"""Kubernetes events from ``kubectl get events -o json`` (an EventList, a List of Events or
one Event; also ``-o json`` lines). Time is
``coalesce(eventTime, lastTimestamp, firstTimestamp, metadata.creationTimestamp)``; repeated
events carry ``count`` / ``series.count``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import tzinfo
from typing import IO, Any

from hotwash.core.model import Entry, EntryKind
from hotwash.core.timeline.base import Context, ReadReport, as_list, dig, load_json, text_of

NAME = "kubernetes"


def detect(head: bytes) -> bool:
    return (b'"EventList"' in head or b'"involvedObject"' in head or b'"reportingComponent"' in head
            or (b'"kind"' in head and b'"Event"' in head and b'"reason"' in head))


def event_entry(item: dict[str, Any], ctx: Context, where: str) -> Entry | None:
    ctx.report.read += 1
    when = (item.get("eventTime") or item.get("lastTimestamp") or item.get("firstTimestamp")
            or dig(item, "metadata", "creationTimestamp") or dig(item, "series", "lastObservedTime"))
    obj = item.get("involvedObject") or item.get("regarding") or {}
    subject = "/".join(p for p in (text_of(dig(obj, "namespace")), f"{text_of(dig(obj, 'kind')).lower()}",
                                   text_of(dig(obj, "name"))) if p)
    reason = text_of(item.get("reason"))
    message = text_of(item.get("message") or item.get("note"))
    count = item.get("count") or dig(item, "series", "count") or 1
    etype = text_of(item.get("type")) or "Normal"
    text = f"{reason} {subject}: {message}".strip()
    if isinstance(count, int) and count > 1:
        text += f" (×{count}, first {item.get('firstTimestamp') or '?'})"
    ident = text_of(dig(item, "metadata", "uid")) or text_of(dig(item, "metadata", "name")) or where
    component = text_of(dig(item, "source", "component") or item.get("reportingComponent")
                        or item.get("reportingController"))
    kind = EntryKind.DEPLOY if reason in ("ScalingReplicaSet", "SuccessfulCreate", "Pulled", "Created",
                                          "Started", "Killing") else EntryKind.LOG
    if etype == "Warning":
        kind = EntryKind.ALERT
    return ctx.entry(when, where, text, f"{ident}:{count}", kind, actor=component,
                     extra={"reason": reason, "type": etype, "count": count, "object": subject,
                            "first_timestamp": text_of(item.get("firstTimestamp"))})


def read(stream: IO[bytes], *, tz: tzinfo | None, name: str = "",
         report: ReadReport | None = None) -> Iterator[Entry]:
    ctx = Context(name, tz, report, NAME)
    doc = load_json(stream, ctx)
    docs = doc if isinstance(doc, list) else [doc]
    items: list[tuple[str, Any]] = []
    for number, part in enumerate(docs, 1):
        if isinstance(part, dict) and isinstance(part.get("items"), list):
            items.extend((f"item {i}", it) for i, it in enumerate(as_list(part["items"]), 1))
        elif isinstance(part, dict) and ("reason" in part or "involvedObject" in part):
            items.append((f"record {number}", part))
        else:
            raise ctx.fail(f"record {number}", "not a Kubernetes Event or EventList")
    for where, item in items:
        if not isinstance(item, dict):
            ctx.skip(where, "not an object")
            continue
        entry = event_entry(item, ctx, where)
        if entry:
            yield entry
