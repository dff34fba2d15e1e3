"""Prometheus Alertmanager webhook payloads (``version`` "4"): one entry per alert firing and
one per alert resolved.

``endsAt`` of Go's zero time means "unset"; an old Alertmanager also sends a future
``endsAt`` on firing alerts, so only an alert whose own ``status`` is resolved gets a
resolved entry. The same alert is re-sent every repeat interval: its source id is built from
fingerprint (or labels) and ``startsAt`` so re-sends collapse when merged.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import tzinfo
from typing import IO, Any

from hotwash.core.model import Entry, EntryKind
from hotwash.core.timeline import times
from hotwash.core.timeline.base import Context, ReadReport, as_list, load_json, obj, text_of

NAME = "alertmanager"
_SHAPE = re.compile(rb'"(?:startsAt|startsat)"\s*:')


def detect(head: bytes) -> bool:
    return bool(_SHAPE.search(head)) and b'"alerts"' in head and b'"orgId"' not in head


def fingerprint(alert: dict[str, Any]) -> str:
    given = text_of(alert.get("fingerprint"))
    if given:
        return given
    labels = alert.get("labels") or {}
    canon = ",".join(f"{k}={labels[k]}" for k in sorted(labels)) if isinstance(labels, dict) else ""
    return hashlib.sha1(canon.encode()).hexdigest()[:16]


def describe(alert: dict[str, Any], common: dict[str, Any]) -> str:
    labels = obj(alert.get("labels"))
    notes = obj(alert.get("annotations"))
    name = text_of(labels.get("alertname")) or text_of(common.get("alertname")) or "alert"
    detail = ""
    for key in ("summary", "title", "message", "description"):
        if notes.get(key):
            detail = text_of(notes[key])
            break
    where = text_of(labels.get("instance") or labels.get("service") or labels.get("job"))
    text = name
    if where and where not in detail:
        text += f" ({where})"
    if detail:
        text += f": {detail}"
    return text


def alert_entries(doc: dict[str, Any], ctx: Context, where: str, source: str) -> Iterator[Entry]:
    common = obj(doc.get("commonLabels"))
    alerts = as_list(doc.get("alerts"))
    if not alerts:
        ctx.skip(where, "payload has no alerts")
    for number, alert in enumerate(alerts, 1):
        at = f"{where} alert {number}" if where else f"alert {number}"
        if not isinstance(alert, dict):
            ctx.skip(at, "alert is not an object")
            continue
        ctx.report.read += 1
        labels = obj(alert.get("labels"))
        fp = fingerprint(alert)
        starts = text_of(alert.get("startsAt"))
        status = text_of(alert.get("status")) or text_of(doc.get("status")) or "firing"
        text = describe(alert, common)
        extra: dict[str, object] = {
            "labels": labels, "fingerprint": fp, "alertname": text_of(labels.get("alertname")),
            "severity": text_of(labels.get("severity")), "status": status, "starts_at": starts,
        }
        link = text_of(alert.get("generatorURL")) or text_of(alert.get("panelURL"))
        severity = f"[{extra['severity']}] " if extra["severity"] else ""
        first = ctx.entry(starts, at, f"Alert firing: {severity}{text}", f"{fp}@{starts}:firing",
                          EntryKind.ALERT, link=link, extra={**extra, "transition": "firing"})
        if first is not None:
            yield first
        ends = alert.get("endsAt")
        if status == "resolved" and not times.is_unset(ends):
            yield from filter(None, [ctx.entry(
                ends, at, f"Alert resolved: {text}", f"{fp}@{starts}:resolved", EntryKind.ALERT,
                link=link, extra={**extra, "transition": "resolved"})])


def read(stream: IO[bytes], *, tz: tzinfo | None, name: str = "",
         report: ReadReport | None = None) -> Iterator[Entry]:
    ctx = Context(name, tz, report, NAME)
    doc = load_json(stream, ctx)
    payloads = doc if isinstance(doc, list) else [doc]
    for number, payload in enumerate(payloads, 1):
        where = f"record {number}" if len(payloads) > 1 else ""
        if not isinstance(payload, dict) or "alerts" not in payload:
            raise ctx.fail(where, "not an Alertmanager webhook payload (no 'alerts')")
        yield from alert_entries(payload, ctx, where, NAME)
