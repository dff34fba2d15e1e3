"""Grafana: unified-alerting webhooks (``version`` "1", Alertmanager-shaped alerts with
``orgId``/``state``/``title``), legacy alert webhooks (``ruleId``/``evalMatches``, no time:
the webhook's receipt time, or a file's modification time; refused without either) and annotations (HTTP API list, ``time``/``timeEnd`` in epoch ms;
Graphite-style ``when`` in epoch seconds).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, tzinfo
from typing import IO, Any

from hotwash.core.model import Entry, EntryKind
from hotwash.core.timeline import alertmanager
from hotwash.core.timeline.base import Context, ReadReport, as_list, load_json, text_of

NAME = "grafana"


_UNIFIED = re.compile(rb'"(?:orgId|silenceURL|dashboardURL|panelURL|valueString)"\s*:|"version"\s*:\s*"1"')
_ANNOTATION = re.compile(rb'"(?:dashboardUID|dashboardId|panelId|alertId|newState|timeEnd)"\s*:')
_DEPLOY = re.compile(r"(?i)\b(deploy\w*|release[ds]?|rollout|rolled out)\b")


def detect(head: bytes) -> bool:
    if b'"alerts"' in head and _UNIFIED.search(head):
        return True
    if b'"ruleId"' in head and (b'"state"' in head or b'"evalMatches"' in head):
        return True
    if _ANNOTATION.search(head) and re.search(rb'"time"\s*:\s*\d', head):
        return True
    return bool(re.search(rb'"when"\s*:\s*"?\d{9,10}', head)) and b'"what"' in head


def _annotation(item: dict[str, Any], number: int, ctx: Context) -> Iterator[Entry]:
    where = f"record {number}"
    ctx.report.read += 1
    tags = [text_of(t) for t in as_list(item.get("tags"))]
    text = text_of(item.get("text") or item.get("what"))
    if not text and isinstance(item.get("data"), str):
        text = item["data"]
    new_state = text_of(item.get("newState"))
    alert_name = text_of(item.get("alertName"))
    is_alert = bool(new_state or alert_name or item.get("alertId"))
    if is_alert:
        change = f"{text_of(item.get('prevState')) or '?'} → {new_state}" if new_state else ""
        head = f"Grafana alert {alert_name or '#' + text_of(item.get('alertId'))}"
        text = ": ".join(p for p in (f"{head} {change}".strip(), text) if p)
    text = text or "annotation"
    if tags:
        text += f" [{', '.join(tags)}]"
    start = item.get("time", item.get("when"))
    if "when" in item and "time" not in item:
        start = int(item["when"]) if str(item["when"]).isdigit() else item["when"]
    ident = text_of(item.get("id")) or f"{start}:{number}"
    actor = text_of(item.get("login") or item.get("email") or item.get("userName"))
    if is_alert:
        kind = EntryKind.ALERT
    elif any(_DEPLOY.search(t) for t in tags) or _DEPLOY.search(text):
        kind = EntryKind.DEPLOY
    else:
        kind = EntryKind.MANUAL
    extra: dict[str, object] = {"tags": tags, "dashboard": text_of(item.get("dashboardUID"))}
    if new_state:
        extra.update(state=new_state, previous_state=text_of(item.get("prevState")), alertname=alert_name,
                     transition="resolved" if new_state.lower() in ("normal", "ok") else new_state.lower())
    entry = ctx.entry(start, where, text, f"annotation:{ident}", kind, actor=actor, extra=extra)
    if entry is not None:
        yield entry
    end = item.get("timeEnd")
    if end and end != start:
        closing = ctx.entry(end, where, f"End of: {text}", f"annotation:{ident}:end", kind, actor=actor,
                            extra=extra)
        if closing is not None:
            yield closing


_RECEIVED_AS = {
    "file": ("file_time", "the file's modification time"),
    "receipt": ("received", "when the webhook was received"),
}


def _legacy(doc: dict[str, Any], ctx: Context, received: datetime | None, received_as: str) -> Iterator[Entry]:
    ctx.report.read += 1
    if received is None:
        raise ctx.fail("", "a legacy Grafana alert (ruleName, state, evalMatches) carries no time of its own, and "
                           "an upload, a zip member or a pipe has no file time to stand in for it: add the alert "
                           "by hand with the time it fired, or let Grafana post it to the webhook receiver "
                           "(/hooks/grafana), which times it on receipt")
    time_from, words = _RECEIVED_AS[received_as]
    ctx.report.note(f"legacy Grafana alert: no time in the payload, timed at {words}")
    state = text_of(doc.get("state"))
    title = text_of(doc.get("title")) or text_of(doc.get("ruleName"))
    message = text_of(doc.get("message"))
    text = f"Grafana alert {state}: {title}" + (f": {message}" if message else "")
    matches = [f"{text_of(m.get('metric'))}={m.get('value')}" for m in as_list(doc.get("evalMatches"))
               if isinstance(m, dict) and m.get("metric")]
    if matches:
        text += f" ({', '.join(matches[:5])})"
    text += f" [no time in the payload: {words}]"
    yield Entry(time=received.astimezone(UTC), text=text, source=NAME,
                source_id=f"rule:{doc.get('ruleId')}:{state}:{int(received.timestamp())}",
                kind=EntryKind.ALERT, link=text_of(doc.get("ruleUrl")), assumed_zone=False,
                extra={"state": state, "rule": text_of(doc.get("ruleName")), "time_from": time_from,
                       "alertname": text_of(doc.get("ruleName")),
                       "transition": "resolved" if state == "ok" else "firing"})


def read(stream: IO[bytes], *, tz: tzinfo | None, name: str = "", report: ReadReport | None = None,
         received: datetime | None = None, received_as: str = "file") -> Iterator[Entry]:
    """``received``: the time a legacy alert (which has none) is given; ``received_as``: what that
    time is, ``"file"`` (the file's modification time) or ``"receipt"`` (a webhook's arrival)."""
    if received_as not in _RECEIVED_AS:
        raise ValueError(f"received_as must be one of {sorted(_RECEIVED_AS)}")
    ctx = Context(name, tz, report, NAME)
    receipt = received if received_as == "receipt" else None  # a file's time is no alert's end
    doc = load_json(stream, ctx)
    if isinstance(doc, list):
        for number, item in enumerate(doc, 1):
            if isinstance(item, dict) and "alerts" in item:
                yield from alertmanager.alert_entries(item, ctx, f"record {number}", NAME, receipt)
            elif isinstance(item, dict) and ("ruleId" in item or "evalMatches" in item):
                yield from _legacy(item, ctx, received, received_as)
            elif isinstance(item, dict):
                yield from _annotation(item, number, ctx)
            else:
                ctx.skip(f"record {number}", "not an object")
        return
    if not isinstance(doc, dict):
        raise ctx.fail("", "not a Grafana payload")
    if "alerts" in doc:
        yield from alertmanager.alert_entries(doc, ctx, "", NAME, receipt)
    elif "ruleId" in doc or "evalMatches" in doc:
        yield from _legacy(doc, ctx, received, received_as)
    elif "time" in doc or "when" in doc:
        yield from _annotation(doc, 1, ctx)
    else:
        raise ctx.fail("", "not a Grafana alert webhook or annotation")
