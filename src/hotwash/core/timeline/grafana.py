"""Grafana: unified-alerting webhooks (``version`` "1", Alertmanager-shaped alerts with
``orgId``/``state``/``title``), legacy alert webhooks (``ruleId``/``evalMatches``, no time:
the receipt time is used) and annotations (HTTP API list, ``time``/``timeEnd`` in epoch ms;
Graphite-style ``when`` in epoch seconds).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, tzinfo
from typing import IO, Any

from hotwash.core.model import Entry, EntryKind
from hotwash.core.timeline import alertmanager
from hotwash.core.timeline.base import Context, ReadReport, as_list, load_json, text_of

NAME = "grafana"


def detect(head: bytes) -> bool:
    if b'"alerts"' in head and b'"orgId"' in head:
        return True
    if b'"ruleId"' in head and b'"state"' in head:
        return True
    stripped = head.lstrip()
    return stripped.startswith(b"[") and b'"dashboardUID"' in head or (
        b'"panelId"' in head and b'"time"' in head and b'"text"' in head)


def _annotation(item: dict[str, Any], number: int, ctx: Context) -> Iterator[Entry]:
    where = f"record {number}"
    ctx.report.read += 1
    tags = [text_of(t) for t in as_list(item.get("tags"))]
    text = text_of(item.get("text") or item.get("what") or item.get("data")) or "annotation"
    if tags:
        text += f" [{', '.join(tags)}]"
    start = item.get("time", item.get("when"))
    if "when" in item and "time" not in item:
        start = int(item["when"]) if str(item["when"]).isdigit() else item["when"]
    ident = text_of(item.get("id")) or f"{start}:{number}"
    actor = text_of(item.get("login") or item.get("email"))
    kind = EntryKind.DEPLOY if any("deploy" in t.lower() for t in tags) else EntryKind.ALERT
    extra: dict[str, object] = {"tags": tags, "dashboard": text_of(item.get("dashboardUID"))}
    entry = ctx.entry(start, where, text, f"annotation:{ident}", kind, actor=actor, extra=extra)
    if entry is not None:
        yield entry
    end = item.get("timeEnd")
    if end and end != start:
        closing = ctx.entry(end, where, f"End of: {text}", f"annotation:{ident}:end", kind, actor=actor,
                            extra=extra)
        if closing is not None:
            yield closing


def _legacy(doc: dict[str, Any], ctx: Context, received: datetime | None) -> Iterator[Entry]:
    ctx.report.read += 1
    if received is None:
        raise ctx.fail("", "legacy Grafana alert has no time of its own; give the time it was received")
    ctx.report.note("legacy Grafana alert: time is when the payload was received (file time)")
    state = text_of(doc.get("state"))
    title = text_of(doc.get("title")) or text_of(doc.get("ruleName"))
    message = text_of(doc.get("message"))
    text = f"Grafana alert {state}: {title}" + (f": {message}" if message else "")
    yield Entry(time=received.astimezone(UTC), text=text, source=NAME,
                source_id=f"rule:{doc.get('ruleId')}:{state}:{int(received.timestamp())}",
                kind=EntryKind.ALERT, link=text_of(doc.get("ruleUrl")), assumed_zone=False,
                extra={"state": state, "rule": text_of(doc.get("ruleName")), "time_from": "received"})


def read(stream: IO[bytes], *, tz: tzinfo | None, name: str = "", report: ReadReport | None = None,
         received: datetime | None = None) -> Iterator[Entry]:
    ctx = Context(name, tz, report, NAME)
    doc = load_json(stream, ctx)
    if isinstance(doc, list):
        for number, item in enumerate(doc, 1):
            if isinstance(item, dict) and "alerts" in item:
                yield from alertmanager.alert_entries(item, ctx, f"record {number}", NAME)
            elif isinstance(item, dict):
                yield from _annotation(item, number, ctx)
            else:
                ctx.skip(f"record {number}", "not an object")
        return
    if not isinstance(doc, dict):
        raise ctx.fail("", "not a Grafana payload")
    if "alerts" in doc:
        yield from alertmanager.alert_entries(doc, ctx, "", NAME)
    elif "ruleId" in doc or "evalMatches" in doc:
        yield from _legacy(doc, ctx, received)
    elif "time" in doc or "when" in doc:
        yield from _annotation(doc, 1, ctx)
    else:
        raise ctx.fail("", "not a Grafana alert webhook or annotation")
