"""Kubernetes events from ``kubectl get events -o json`` / ``kubectl events -o json`` (an
EventList, a List of Events or one Event; ``--watch`` output of objects one after another, also
wrapped as ``{"type": "ADDED", "object": ...}``), core/v1 and events.k8s.io/v1 (``regarding``,
``note``, ``deprecated*`` fields). An event is timed at its first occurrence
(``firstTimestamp``, ``deprecatedFirstTimestamp``, ``eventTime``, else the last one or
``metadata.creationTimestamp``); one that repeated (``count`` / ``series.count`` > 1) is a
second entry at its last (``series.lastObservedTime``, ``lastTimestamp``,
``deprecatedLastTimestamp``). ``-o yaml`` (a ``List``, one Event, ``---``-separated documents from ``--watch``)
reads the same way. The default table (ages, not times) is read by ``kubectl_table`` when the
file's modification time is known, else refused with a hint to use ``-o json``/``-o yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, tzinfo
from typing import IO, Any

from hotwash.core.model import Entry, EntryKind
from hotwash.core.timeline import kubectl_table, times
from hotwash.core.timeline.base import Context, ReadReport, as_list, dig, load_json, text_of

NAME = "kubernetes"


_YAML = re.compile(rb"^\s*(?:- )?(?:involvedObject|regarding|reportingComponent|kind: (?:Event|EventList)\b)", re.M)


def detect(head: bytes) -> bool:
    if head.lstrip()[:1] in (b"{", b"["):
        return (b'"EventList"' in head or b'"involvedObject"' in head or b'"reportingComponent"' in head
                or b'"reportingController"' in head
                or (b'"kind"' in head and b'"Event"' in head and b'"reason"' in head))
    return kubectl_table.is_table(head) or bool(_YAML.search(head) and b"apiVersion:" in head)


def _time(doc: dict[str, Any], *keys: str) -> Any:
    """The first of ``keys`` set in ``doc`` (not null, empty or Go's zero time)."""
    return next((doc[k] for k in keys if not times.is_unset(doc.get(k))), None)


def event_entries(item: dict[str, Any], ctx: Context, where: str) -> list[Entry]:
    """The event at its first occurrence and, when it repeated, again at its last (see
    ``kubectl_table.occurrences``)."""
    ctx.report.read += 1
    series: dict[str, Any] = item["series"] if isinstance(item.get("series"), dict) else {}
    # a series' eventTime is its first occurrence; lastObservedTime its latest
    first = _time(item, "firstTimestamp", "deprecatedFirstTimestamp", "eventTime")
    last = _time(series, "lastObservedTime") or _time(item, "lastTimestamp", "deprecatedLastTimestamp")
    subject_doc = item.get("involvedObject") or item.get("regarding") or {}
    kind_name = text_of(dig(subject_doc, "kind")).lower()
    subject = "/".join(p for p in (text_of(dig(subject_doc, "namespace")), kind_name,
                                   text_of(dig(subject_doc, "name"))) if p)
    reason = text_of(item.get("reason"))
    message = text_of(item.get("message") or item.get("note")).strip()
    count = series.get("count") or item.get("count") or item.get("deprecatedCount") or 1
    count = count if isinstance(count, int) and not isinstance(count, bool) else 1
    etype = text_of(item.get("type")) or "Normal"
    text = f"{reason} {subject}: {message}".strip()
    ident = text_of(dig(item, "metadata", "uid")) or text_of(dig(item, "metadata", "name")) or where
    component = text_of(dig(item, "source", "component") or dig(item, "deprecatedSource", "component")
                        or item.get("reportingComponent") or item.get("reportingController"))
    kind = EntryKind.DEPLOY if reason in kubectl_table.DEPLOY_REASONS else EntryKind.LOG
    if etype == "Warning":
        kind = EntryKind.ALERT
    last_time = None
    if first and last:
        try:
            last_time = times.parse_any(last, ctx.tz)[0]
        except times.TimeError:
            ctx.report.note(f"{where}: last occurrence {last!r} is not a time; the first one kept")
    entry = ctx.entry(first or last or dig(item, "metadata", "creationTimestamp"), where, text, "", kind,
                      actor=component,
                      extra={"reason": reason, "type": etype, "count": count, "object": subject,
                             "first_timestamp": text_of(first), "node": text_of(dig(item, "source", "host"))})
    if entry is None:
        return []
    return kubectl_table.occurrences(entry, last_time, count, ident)


def read(stream: IO[bytes], *, tz: tzinfo | None, name: str = "", report: ReadReport | None = None,
         received: datetime | None = None) -> Iterator[Entry]:
    """``received`` (the file's modification time) dates the table output's ages."""
    ctx = Context(name, tz, report, NAME)
    start = stream.read(2048)
    stream.seek(0)
    if start.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] not in (b"{", b"["):
        if kubectl_table.is_table(start):
            yield from kubectl_table.read(stream, ctx, received)
            return
        doc: Any = load_yaml(stream, ctx)
    else:
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
        yield from event_entries(item, ctx, where)


def load_yaml(stream: IO[bytes], ctx: Context) -> Any:
    """``kubectl -o yaml``: one document, or several (``---``, ``--watch``) as a list. Times stay
    strings (kubectl quotes them; unquoted ones are not turned into naive datetimes)."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    raw = stream.read()
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise ctx.fail(f"byte {exc.start}", "not UTF-8 text") from exc
    try:
        docs = [d for d in yaml.load_all(text, Loader=Loader) if d is not None]  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "line 1"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ctx.fail(where, f"invalid YAML: {problem}") from exc
    if not docs:
        raise ctx.fail("line 1", "no Kubernetes events in this YAML")
    return docs[0] if len(docs) == 1 else docs
