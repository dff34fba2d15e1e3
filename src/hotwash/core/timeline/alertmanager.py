"""Prometheus Alertmanager webhook payloads (``version`` "4"): one entry per alert firing and
one per alert resolved. Also read: a list of payloads (or JSON lines of them), the Alertmanager
API (``/api/v2/alerts`` list with ``status.state``, ``/api/v2/alerts/groups``, v1
``{"status": "success", "data": [...]}``, ``amtool -o json``) and Prometheus' own
``/api/v1/alerts`` (``activeAt``).

``endsAt`` of Go's zero time means "unset"; an old Alertmanager also sends a future
``endsAt`` on firing alerts, so only an alert whose own ``status`` is resolved gets a
resolved entry, at its ``endsAt``. A resolved alert whose ``endsAt`` is unset (other senders
of this format do that) has no time of resolution in the payload, which carries no
notification time either: received by the webhook receiver it is resolved at the time of
receipt; read from a file it gets no resolved entry (none is invented) and its firing entry
says it was resolved at an unknown time. The same alert is re-sent every repeat interval: its source id is built from
fingerprint (or labels) and ``startsAt`` so re-sends collapse when merged.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import datetime, tzinfo
from typing import IO, Any

from hotwash.core.model import Entry, EntryKind
from hotwash.core.timeline import times
from hotwash.core.timeline.base import Context, ReadReport, as_list, dig, load_json, obj, text_of

NAME = "alertmanager"
_SHAPE = re.compile(rb'"(?:startsAt|startsat)"\s*:')
_API = re.compile(rb'"(?:fingerprint|receivers|generatorURL)"\s*:')
_PROMETHEUS = re.compile(rb'"activeAt"\s*:')


def detect(head: bytes) -> bool:
    if b'"orgId"' in head:  # Grafana
        return False
    if _SHAPE.search(head):
        return b'"alerts"' in head or (b'"labels"' in head and bool(_API.search(head)))
    return bool(_PROMETHEUS.search(head)) and b'"alerts"' in head and b'"labels"' in head


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


def _status(alert: dict[str, Any], doc: dict[str, Any]) -> str:
    given = alert.get("status")
    if isinstance(given, dict):  # API v2: {"state": "active" | "suppressed" | "unprocessed", ...}
        state = text_of(given.get("state"))
        return "resolved" if state == "resolved" else "firing"
    state = text_of(given) or text_of(alert.get("state")) or text_of(doc.get("status")) or "firing"
    return "resolved" if state in ("resolved", "inactive", "ok") else "firing"


def alert_entries(doc: dict[str, Any], ctx: Context, where: str, source: str,
                  received: datetime | None = None) -> Iterator[Entry]:
    """The entries of one webhook payload; ``received``: when a webhook receiver got it."""
    common = obj(doc.get("commonLabels"))
    alerts = as_list(doc.get("alerts"))
    if not alerts:
        ctx.skip(where or "payload", "payload has no alerts")
    for number, alert in enumerate(alerts, 1):
        at = f"{where} alert {number}" if where else f"alert {number}"
        if not isinstance(alert, dict):
            ctx.skip(at, "alert is not an object")
            continue
        yield from one_alert(alert, doc, common, ctx, at, received)


_UNKNOWN_END = "resolved at a time not in the payload (endsAt unset)"


def one_alert(alert: dict[str, Any], doc: dict[str, Any], common: dict[str, Any], ctx: Context,
              at: str, received: datetime | None = None) -> Iterator[Entry]:
    ctx.report.read += 1
    labels = obj(alert.get("labels"))
    fp = fingerprint(alert)
    starts = text_of(alert.get("startsAt") or alert.get("activeAt"))
    status = _status(alert, doc)
    text = describe(alert, common)
    extra: dict[str, object] = {
        "labels": labels, "fingerprint": fp, "alertname": text_of(labels.get("alertname")),
        "severity": text_of(labels.get("severity")), "status": status, "starts_at": starts,
    }
    silenced = dig(alert, "status", "silencedBy") or dig(alert, "status", "inhibitedBy")
    if silenced:
        extra["silenced"] = True
    link = text_of(alert.get("generatorURL")) or text_of(alert.get("panelURL")) or text_of(
        alert.get("dashboardURL"))
    severity = f"[{extra['severity']}] " if extra["severity"] else ""
    ends = alert.get("endsAt")
    end_unknown = status == "resolved" and times.is_unset(ends)
    firing_text = f"Alert firing: {severity}{text}"
    if end_unknown and received is None:
        firing_text += f" [{_UNKNOWN_END}]"
        extra["resolved_at"] = "unknown"
        ctx.report.note(f"a resolved alert without endsAt has no resolved entry: {_UNKNOWN_END}")
    first = ctx.entry(starts, at, firing_text, f"{fp}@{starts}:firing",
                      EntryKind.ALERT, link=link, extra={**extra, "transition": "firing"})
    if first is not None:
        yield first
    if status != "resolved":
        return
    resolved_text, resolved_extra = f"Alert resolved: {text}", {**extra, "transition": "resolved"}
    if end_unknown:
        if received is None:
            return
        ends = received.isoformat()  # the receiver got it when it was sent: the best time there is
        resolved_text += " [no end time in the payload: when the webhook was received]"
        resolved_extra["time_from"] = "received"
    resolved = ctx.entry(ends, at, resolved_text, f"{fp}@{starts}:resolved", EntryKind.ALERT,
                         link=link, extra=resolved_extra)
    if resolved is not None:
        yield resolved


def _units(doc: Any) -> list[tuple[str, dict[str, Any], bool]]:
    """(where, object, is_payload): webhook payloads / alert groups hold ``alerts``; API lists
    hold the alerts themselves."""
    if isinstance(doc, dict) and "alerts" not in doc and "data" in doc:
        data = doc["data"]  # API v1 / Prometheus: {"status": "success", "data": [...] | {"alerts": [...]}}
        doc = data.get("alerts") if isinstance(data, dict) else data
    items = doc if isinstance(doc, list) else [doc]
    out = []
    for number, item in enumerate(items, 1):
        where = f"record {number}" if len(items) > 1 else ""
        if isinstance(item, dict) and isinstance(item.get("alerts"), list):
            out.append((where, item, True))
        elif isinstance(item, dict) and ("startsAt" in item or "activeAt" in item) and "labels" in item:
            out.append((where, item, False))
        else:
            out.append((where or "record 1", item, False))
    return out


def read(stream: IO[bytes], *, tz: tzinfo | None, name: str = "",
         report: ReadReport | None = None, received: datetime | None = None) -> Iterator[Entry]:
    """``received``: when a webhook receiver got the payload (a file has no such time)."""
    ctx = Context(name, tz, report, NAME)
    doc = load_json(stream, ctx)
    units = _units(doc)
    if not any(isinstance(u, dict) and ("alerts" in u or "labels" in u) for _w, u, _p in units):
        raise ctx.fail("", "not an Alertmanager webhook payload or alert list (no 'alerts')")
    seen: set[str] = set()
    for where, unit, is_payload in units:
        if is_payload:
            found = alert_entries(unit, ctx, where, NAME, received)
        elif isinstance(unit, dict) and "labels" in unit:
            found = one_alert(unit, {}, {}, ctx, where or "alert 1", received)
        else:
            ctx.skip(where, "not an Alertmanager payload or alert")
            continue
        for entry in found:
            if entry.source_id in seen:  # re-sent every repeat_interval
                ctx.report.note("alerts re-sent in later notifications were counted once")
                continue
            seen.add(entry.source_id)
            yield entry
