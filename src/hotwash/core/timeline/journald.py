"""systemd journal as ``journalctl -o json`` (one object per line), ``-o json-seq`` (RS
before each), ``-o json-pretty`` (objects one after another) or ``-o export`` (``KEY=value``
lines, binary fields length-prefixed, records separated by a blank line). Time is
``_SOURCE_REALTIME_TIMESTAMP`` (when the program logged) else ``__REALTIME_TIMESTAMP`` (when
journald received it), epoch µs as strings; ``PRIORITY`` 0–7; ``MESSAGE`` may be a byte array,
several values or null. The text outputs (``short``, ``short-iso``, ``short-precise``) are syslog.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import tzinfo
from typing import IO, Any

from hotwash.core.model import Entry
from hotwash.core.timeline.base import Context, ReadReport, load_json, text_of
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
    when = record.get("_SOURCE_REALTIME_TIMESTAMP") or record.get("__REALTIME_TIMESTAMP")
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
    stripped = start_text.lstrip(b" \t\r\n\x1e")
    if stripped.startswith((b"{", b"[")):
        first_line = stripped.split(b"\n", 1)[0].strip()
        if stripped.startswith(b"[") or not first_line.endswith(b"}"):  # one document or json-pretty
            docs = load_json(stream, ctx)
            for number, record in enumerate(docs if isinstance(docs, list) else [docs], 1):
                if isinstance(record, dict):
                    _record(record, ctx, summary, f"record {number}")
        else:
            for number, raw in enumerate(stream, 1):
                raw = raw.strip(b" \t\r\n\x1e")
                if not raw:
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
        _export(stream, ctx, summary)
    yield from summary.finish()


MAX_FIELD = 256 << 20


def _export(stream: IO[bytes], ctx: Context, summary: LogSummary) -> None:
    """``journalctl -o export``: a field without ``=`` is followed by a little-endian 64-bit
    length and that many bytes (binary or multi-line values)."""
    current: dict[str, Any] = {}
    number, start = 0, 1
    while True:
        line = stream.readline()
        if not line:
            break
        number += 1
        line = line.rstrip(b"\n").removesuffix(b"\r")  # CRLF: a copy through a Windows tool
        if not line:
            if current:
                _record(current, ctx, summary, f"line {start}")
            current, start = {}, number + 1
            continue
        key, sep, value = line.partition(b"=")
        if sep:
            current[key.decode("ascii", "replace")] = value.decode("utf-8", "replace")
            continue
        size = stream.read(8)
        if len(size) < 8:
            ctx.skip(f"line {number}", "truncated binary field")
            break
        length = int.from_bytes(size, "little")
        data = stream.read(length) if length <= MAX_FIELD else b""
        if len(data) != length:
            raise ctx.fail(f"line {number}", f"binary field {key[:40].decode('ascii', 'replace')!r} claims {length:,} "
                                             "bytes, more than the file holds (a damaged export?)")
        if stream.read(1) == b"\r":  # the newline after the data (CRLF)
            stream.read(1)
        number += data.count(b"\n") + 1
        current[key.decode("ascii", "replace")] = data.decode("utf-8", "replace")
    if current:
        _record(current, ctx, summary, f"line {start}")
