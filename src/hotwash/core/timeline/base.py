"""What every importer shares: the read report, a reading context, JSON document loading."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import IO, Any, Protocol

from hotwash.core.errors import ImportFailed
from hotwash.core.model import Entry, EntryKind
from hotwash.core.timeline import times

MAX_KEPT_SKIPS = 50


@dataclass(frozen=True)
class Skip:
    """One record that could not be read: where (``line 17`` / ``record 3``) and why."""

    where: str
    reason: str


@dataclass
class ReadReport:
    """What reading one file did: records read, records skipped and why, entries produced.

    Filled by the readers and by ``read_any``; shown by the CLI and the web preview.
    """

    name: str = ""
    format: str = ""
    read: int = 0
    skipped: int = 0
    entries: int = 0
    skips: list[Skip] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    bytes_total: int = 0
    first: datetime | None = None
    last: datetime | None = None

    def skip(self, where: str, reason: str) -> None:
        self.skipped += 1
        self.reasons[reason.split(":")[0]] += 1
        if len(self.skips) < MAX_KEPT_SKIPS:
            self.skips.append(Skip(where, reason))

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def saw(self, entry: Entry) -> None:
        self.entries += 1
        if self.first is None or entry.time < self.first:
            self.first = entry.time
        if self.last is None or entry.time > self.last:
            self.last = entry.time

    def summary(self, limit: int = 3) -> str:
        """``app.log: read 1,204, skipped 3: line 17: invalid JSON; …``"""
        text = f"{self.name}: " if self.name else ""
        text += f"read {self.read:,}"
        if self.entries != self.read:
            text += f" → {self.entries:,} entries"
        if self.skipped:
            text += f", skipped {self.skipped:,}: "
            text += "; ".join(f"{s.where}: {s.reason}" for s in self.skips[:limit])
            if self.skipped > limit:
                text += f"; … ({self.skipped - limit:,} more)"
        return text


class Reader(Protocol):
    NAME: str

    def detect(self, head: bytes) -> bool: ...

    def read(self, stream: IO[bytes], *, tz: tzinfo | None, name: str = "",
             report: ReadReport | None = None) -> Iterator[Entry]: ...


class Context:
    """Per-file reading state: the name for messages, the assumed zone, the report."""

    def __init__(self, name: str, tz: tzinfo | None, report: ReadReport | None, source: str) -> None:
        self.name = name or "<input>"
        self.tz = tz
        self.report = report if report is not None else ReadReport(name=self.name, format=source)
        self.source = source
        self.now = datetime.now(UTC)

    def fail(self, where: str, reason: str) -> ImportFailed:
        return ImportFailed(reason, where=f"{self.name}:{where}" if where else self.name)

    def skip(self, where: str, reason: str) -> None:
        self.report.skip(where, reason)

    def time(self, value: object, where: str) -> tuple[datetime, bool] | None:
        """Parse and range-check a time; on failure record a skip and return None."""
        if times.is_unset(value):
            self.skip(where, "no time")
            return None
        try:
            moment, assumed = times.parse_any(value, self.tz)
            times.check_range(moment, self.now)
        except times.TimeError as exc:
            self.skip(where, str(exc))
            return None
        return moment, assumed

    def entry(self, value: object, where: str, text: str, source_id: str, kind: EntryKind, *,
              actor: str = "", link: str = "", extra: dict[str, object] | None = None,
              source: str | None = None) -> Entry | None:
        parsed = self.time(value, where)
        if parsed is None:
            return None
        moment, assumed = parsed
        return Entry(time=moment.astimezone(UTC), text=text.strip() or "(no text)",
                     source=source or self.source, source_id=source_id, kind=kind, actor=actor,
                     link=link, assumed_zone=assumed, extra=extra or {})


def load_json(stream: IO[bytes], ctx: Context) -> Any:
    """Parse a whole (small) JSON document; ImportFailed names the line on a syntax error.

    Several JSON values in a row (JSON lines, pretty-printed objects one after another as
    ``kubectl --watch`` or ``journalctl -o json-pretty`` print them, RFC 7464 JSON text
    sequences) come back as a list.
    """
    raw = stream.read()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ctx.fail(f"byte {exc.start}", "not UTF-8 text") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg.startswith("Extra data") or text.lstrip().startswith("\x1e"):
            return _json_values(text, ctx)
        raise ctx.fail(f"line {exc.lineno}", f"invalid JSON: {exc.msg} (column {exc.colno})") from exc


_SEPARATORS = " \t\r\n\x1e,"


def _json_values(text: str, ctx: Context) -> list[Any]:
    """JSON values one after another, separated by whitespace (or RS / commas)."""
    decoder = json.JSONDecoder()
    values: list[Any] = []
    pos, end = 0, len(text)
    one_per_line = False  # JSON lines (the first value on one line): a broken line is skipped
    while True:
        while pos < end and text[pos] in _SEPARATORS:
            pos += 1
        if pos >= end:
            return values
        start = pos
        try:
            value, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            if not one_per_line:
                raise ctx.fail(f"line {exc.lineno}", f"invalid JSON: {exc.msg} (column {exc.colno})") from exc
            # JSON lines with a broken line: report it, read on from the next line
            ctx.skip(f"line {text.count(chr(10), 0, pos) + 1}", f"invalid JSON: {exc.msg}")
            following = text.find("\n", pos)
            pos = end if following < 0 else following
            continue
        if not values:
            one_per_line = "\n" not in text[start:pos]
        values.append(value)


def text_of(value: object) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def dig(obj: object, *path: str) -> Any:
    """``dig(d, "a", "b")`` is ``d["a"]["b"]`` or None when any step is missing."""
    for key in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def as_list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def obj(value: object) -> dict[str, Any]:
    """``value`` when it is a JSON object, else an empty dict."""
    return value if isinstance(value, dict) else {}
