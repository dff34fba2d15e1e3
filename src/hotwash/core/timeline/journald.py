"""systemd journal as ``journalctl -o json`` (one object per line) or ``-o export``
(``KEY=value`` lines, records separated by a blank line). Time is ``__REALTIME_TIMESTAMP``
(epoch µs as a string); ``PRIORITY`` 0–7; ``MESSAGE`` may be a byte array or null.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import tzinfo
from typing import IO, Any

from hotwash.core.model import Entry
from hotwash.core.timeline.base import Context, ReadReport, text_of
from hotwash.core.timeline.summarise import LogSummary, level_of

NAME = "journald"


def detect(head: bytes) -> bool:
    return b"__REALTIME_TIMESTAMP" in head or (b'"MESSAGE"' in head and b'"_' in head) or head.startswith(b"__CURSOR=")


def _message(value: object) -> str:
    if isinstance(value, list):
        if value and all(isinstance(v, int) for v in value):
            return bytes(v & 0xFF for v in value).decode("utf-8", "replace")
        return " / ".join(_message(v) for v in value)
    return text_of(value)


def _record(record: dict[str, Any], ctx: Context, summary: LogSummary, where: str) -> None:
    ctx.report.read += 1
    when = record.get("__REALTIME_TIMESTAMP") or record.get("_SOURCE_REALTIME_TIMESTAMP")
    if when is None:
        ctx.skip(where, "no __REALTIME_TIMESTAMP")
        return
    parsed = ctx.time(text_of(when), where)
    if parsed is None:
        return
    unit = text_of(record.get("SYSLOG_IDENTIFIER") or record.get("_SYSTEMD_UNIT") or record.get("_COMM"))
    message = _message(record.get("MESSAGE"))
    priority = record.get("PRIORITY")
    level = level_of(int(text_of(priority))) if text_of(priority).isdigit() else 20
    summary.record(parsed[0], level, f"{unit}: {message}" if unit else message, where)


def read(stream: IO[bytes], *, tz: tzinfo | None, name: str = "",
         report: ReadReport | None = None) -> Iterator[Entry]:
    ctx = Context(name, tz, report, NAME)
    summary = LogSummary(source=NAME, name=ctx.name)
    start_text = stream.read(4096)
    stream.seek(0)
    stripped = start_text.lstrip()
    if stripped.startswith((b"{", b"[")):
        first_line = stripped.split(b"\n", 1)[0].strip()
        data = stream.read() if stripped.startswith(b"[") or first_line == b"{" else None
        if data is not None:  # one pretty-printed document
            try:
                doc = json.loads(data)
            except json.JSONDecodeError as exc:
                raise ctx.fail(f"line {exc.lineno}", f"invalid JSON: {exc.msg}") from exc
            for number, record in enumerate(doc if isinstance(doc, list) else [doc], 1):
                if isinstance(record, dict):
                    _record(record, ctx, summary, f"record {number}")
        else:
            for number, raw in enumerate(stream, 1):
                if not raw.strip():
                    continue
                try:
                    record = json.loads(raw)
                except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                    ctx.report.read += 1
                    ctx.skip(f"line {number}", f"invalid JSON: {exc}")
                    continue
                if isinstance(record, dict):
                    _record(record, ctx, summary, f"line {number}")
    else:
        current: dict[str, Any] = {}
        start = 1
        for number, raw in enumerate(stream, 1):
            line = raw.rstrip(b"\n")
            if not line:
                if current:
                    _record(current, ctx, summary, f"line {start}")
                current, start = {}, number + 1
                continue
            key, sep, value = line.partition(b"=")
            if sep:
                current[key.decode("ascii", "replace")] = value.decode("utf-8", "replace")
        if current:
            _record(current, ctx, summary, f"line {start}")
    yield from summary.finish()
