"""Kubernetes events from ``kubectl get events -o json`` / ``kubectl events -o json`` (an
EventList, a List of Events or one Event; ``--watch`` output of objects one after another, also
wrapped as ``{"type": "ADDED", "object": ...}``), core/v1 and events.k8s.io/v1 (``regarding``,
``note``, ``deprecated*`` fields). Time is ``coalesce(eventTime, series.lastObservedTime,
lastTimestamp, firstTimestamp, metadata.creationTimestamp)``; repeated events carry ``count`` /
``series.count``. The table and YAML outputs are refused with a hint (the table shows ages, not
times).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import tzinfo
from typing import IO, Any

from hotwash.core.model import Entry, EntryKind
from hotwash.core.timeline.base import Context, ReadReport, as_list, dig, load_json, text_of

NAME = "kubernetes"


_TABLE = re.compile(rb"^(NAMESPACE\s+)?LAST SEEN\s+TYPE\s+REASON\s+(OBJECT|KIND)", re.M)
_YAML = re.compile(rb"^\s*(?:- )?(?:involvedObject|regarding|reportingComponent|kind: (?:Event|EventList)\b)", re.M)


def detect(head: bytes) -> bool:
    if head.lstrip()[:1] in (b"{", b"["):
        return (b'"EventList"' in head or b'"involvedObject"' in head or b'"reportingComponent"' in head
                or b'"reportingController"' in head
                or (b'"kind"' in head and b'"Event"' in head and b'"reason"' in head))
    return bool(_TABLE.match(head.lstrip()) or _YAML.search(head) and b"apiVersion:" in head)


def event_entry(item: dict[str, Any], ctx: Context, where: str) -> Entry | None:
    ctx.report.read += 1
    series: dict[str, Any] = item["series"] if isinstance(item.get("series"), dict) else {}
    first = item.get("firstTimestamp") or item.get("deprecatedFirstTimestamp")
    when = (item.get("eventTime") or series.get("lastObservedTime") or item.get("lastTimestamp")
            or item.get("deprecatedLastTimestamp") or first or dig(item, "metadata", "creationTimestamp"))
    subject_doc = item.get("involvedObject") or item.get("regarding") or {}
    kind_name = text_of(dig(subject_doc, "kind")).lower()
    subject = "/".join(p for p in (text_of(dig(subject_doc, "namespace")), kind_name,
                                   text_of(dig(subject_doc, "name"))) if p)
    reason = text_of(item.get("reason"))
    message = text_of(item.get("message") or item.get("note")).strip()
    count = series.get("count") or item.get("count") or item.get("deprecatedCount") or 1
    etype = text_of(item.get("type")) or "Normal"
    text = f"{reason} {subject}: {message}".strip()
    if isinstance(count, int) and count > 1:
        text += f" (×{count}, first {first or '?'})"
    ident = text_of(dig(item, "metadata", "uid")) or text_of(dig(item, "metadata", "name")) or where
    component = text_of(dig(item, "source", "component") or dig(item, "deprecatedSource", "component")
                        or item.get("reportingComponent") or item.get("reportingController"))
    kind = EntryKind.DEPLOY if reason in _DEPLOY_REASONS else EntryKind.LOG
    if etype == "Warning":
        kind = EntryKind.ALERT
    return ctx.entry(when, where, text, f"{ident}:{count}", kind, actor=component,
                     extra={"reason": reason, "type": etype, "count": count, "object": subject,
                            "first_timestamp": text_of(first), "node": text_of(dig(item, "source", "host"))})


_DEPLOY_REASONS = {"ScalingReplicaSet", "SuccessfulCreate", "SuccessfulDelete", "Pulled", "Created", "Started",
                   "Killing", "SuccessfulRescale", "DeploymentRollback"}


def read(stream: IO[bytes], *, tz: tzinfo | None, name: str = "",
         report: ReadReport | None = None) -> Iterator[Entry]:
    ctx = Context(name, tz, report, NAME)
    start = stream.read(2048)
    stream.seek(0)
    if start.lstrip()[:1] not in (b"{", b"["):
        if _TABLE.match(start.lstrip()):
            raise ctx.fail("line 1", "kubectl's event table shows ages, not times; "
                                     "use kubectl get events -o json")
        raise ctx.fail("line 1", "Kubernetes events as YAML are not read; use kubectl get events -o json")
    doc = load_json(stream, ctx)
    docs = doc if isinstance(doc, list) else [doc]
    items: list[tuple[str, Any]] = []
    for number, part in enumerate(docs, 1):
        if isinstance(part, dict) and isinstance(part.get("object"), dict) and "type" in part:
            part = part["object"]  # kubectl get events -w -o json --output-watch-events
        if isinstance(part, dict) and isinstance(part.get("items"), list):
            items.extend((f"item {i}", it) for i, it in enumerate(as_list(part["items"]), 1))
        elif isinstance(part, dict) and ("reason" in part or "involvedObject" in part or "regarding" in part):
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
