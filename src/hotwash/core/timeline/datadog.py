"""Datadog events: API v1 (``events[]`` / ``event``, ``date_happened`` epoch s, ``id_str``), API
v2 (``data[]`` or one ``data``, ``attributes.timestamp`` ISO, nested epoch-ms timestamp),
monitor webhooks (user-templated; ``date`` / ``last_updated`` as epoch-ms strings, transition
from ``$ALERT_TRANSITION`` or a ``[Triggered]`` title prefix) and EventBridge partner events
(``time`` ISO). Deploy-like events (CI/CD sources, ``deploy`` tags) are kind deploy.
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
    return (b"datadoghq" in head or b'"date_happened"' in head
            or (b'"detail-type"' in head and b"datadog" in head.lower())
            or (b'"alert_transition"' in head) or bool(re.search(rb'"event_type"\s*:\s*"\w+_monitor"', head))
            or bool(re.search(rb'"type"\s*:\s*"event"', head) and b'"attributes"' in head
                    and re.search(rb'"(?:aggregation_key|evt|monitor_groups|source_type_name)"', head)))


_DEPLOY_SOURCES = {"jenkins", "github", "gitlab", "travis ci", "circleci", "deployment", "spinnaker", "argocd",
                   "argo cd", "octopus deploy", "bamboo", "teamcity", "harness", "change", "azure devops", "buildkite"}
_DEPLOY = re.compile(r"(?i)\b(deploy\w*|released?|rollout|rolled out|rollback)\b")
_TRANSITIONS = {"triggered": "firing", "re-triggered": "firing", "warn": "firing", "recovered": "resolved",
                "no data": "firing", "renotify": "firing"}


def _kind(source: str, tags: list[Any], title: str) -> EntryKind:
    if source.lower() in _DEPLOY_SOURCES or any(str(t).lower().startswith(("deploy", "release")) for t in tags):
        return EntryKind.DEPLOY
    return EntryKind.DEPLOY if _DEPLOY.search(title) and not title.startswith("[") else EntryKind.ALERT


def _absolute(url: str) -> str:
    return url if url.startswith("http") else ""


def _transition(title: str, hint: str) -> str:
    if hint:
        return _TRANSITIONS.get(hint.lower(), hint.lower())
    m = re.match(r"\[(\w[\w-]*(?: \w+)?)(?: on [^\]]*)?\]", title)
    return _TRANSITIONS.get(m.group(1).lower(), "") if m else ""


def _monitor_transition(value: object) -> str:
    kind = text_of(dig(value, "transition_type") if isinstance(value, dict) else value).lower()
    return "recovered" if "recover" in kind else "triggered" if kind else ""


def _v1(event: dict[str, Any], ctx: Context, where: str) -> Entry | None:
    ctx.report.read += 1
    title = text_of(event.get("title"))
    body = text_of(event.get("text"))
    if body.startswith("%%%"):  # Datadog's markdown marker
        body = body.strip("%").strip()
    text = title + (f": {body}" if body and body not in title else "")
    ident = text_of(event.get("id_str")) or text_of(event.get("id"))
    tags = as_list(event.get("tags"))
    source = text_of(event.get("source_type_name") or event.get("source"))
    return ctx.entry(event.get("date_happened"), where, text[:2000], f"event:{ident}", _kind(source, tags, title),
                     link=_absolute(text_of(event.get("url"))),
                     extra={"tags": tags, "alert_type": text_of(event.get("alert_type")), "source_type": source,
                            "transition": _transition(title, ""), "host": text_of(event.get("host"))})


def _v2(item: dict[str, Any], ctx: Context, where: str) -> Entry | None:
    ctx.report.read += 1
    attrs = obj(item.get("attributes"))
    inner = obj(attrs.get("attributes"))
    title = text_of(inner.get("title") or attrs.get("title"))
    message = text_of(attrs.get("message") or inner.get("text"))
    if message.startswith("%%%"):
        message = message.strip("%").strip()
    text = title + (f": {message}" if message and message != title else "")
    when = attrs.get("timestamp") or inner.get("timestamp")
    tags = as_list(attrs.get("tags"))
    source = text_of(dig(inner, "evt", "source") or inner.get("source_type_name"))
    monitor = obj(inner.get("monitor"))
    return ctx.entry(when, where, text[:2000], f"event:{item.get('id')}", _kind(source, tags, title),
                     extra={"tags": tags, "status": text_of(inner.get("status")),
                            "transition": _transition(title, _monitor_transition(monitor.get("transition"))),
                            "monitor_id": monitor.get("id") or inner.get("monitor_id")})


def _webhook(doc: dict[str, Any], ctx: Context, where: str) -> Entry | None:
    ctx.report.read += 1
    title = text_of(doc.get("title") or doc.get("alert_title") or doc.get("event_title"))
    transition = _transition(title, text_of(doc.get("alert_transition") or doc.get("transition")))
    detail = text_of(doc.get("alert_status") or doc.get("message") or doc.get("body"))
    if detail.startswith("%%%"):
        detail = detail.strip("%").strip()
    text = title + (f": {detail}" if detail and detail not in title else "")
    when = doc.get("date") or doc.get("last_updated") or doc.get("timestamp")
    ident = text_of(doc.get("id") or doc.get("event_id") or doc.get("alert_id"))
    tags = doc.get("tags")
    return ctx.entry(when, where, text[:2000], f"webhook:{ident}:{when}", EntryKind.ALERT,
                     actor=text_of(doc.get("creator")), link=text_of(doc.get("event_url") or doc.get("link")),
                     extra={"transition": transition, "tags": tags.split(",") if isinstance(tags, str) else tags,
                            "alert_id": text_of(doc.get("alert_id")), "alertname": text_of(doc.get("alert_title"))})


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
        elif isinstance(item.get("data"), dict) and "attributes" in item["data"]:
            entries.append(_v2(item["data"], ctx, where))
        elif "attributes" in item and item.get("type") == "event":
            entries.append(_v2(item, ctx, where))
        elif "detail-type" in item:
            entries.append(_eventbridge(item, ctx, where))
        elif any(k in item for k in ("date", "last_updated", "alert_transition", "event_type")):
            entries.append(_webhook(item, ctx, where))
        else:
            raise ctx.fail(where, "not a Datadog event, event list or webhook payload")
        yield from (e for e in entries if e is not None)
