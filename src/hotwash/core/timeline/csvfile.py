"""CSV (or TSV / semicolon-separated) with a time column and an event column; each row is one
entry. Headers are matched loosely: time / timestamp / date / datetime / when / "Time (UTC)" /
"Post Creation Time" …, or separate date and time columns; event / message / description /
text / summary / title / note / content …; optional actor / who / author / user, kind / type,
link / url. A zone named in the time header (``Time (UTC)``, ``Time (Europe/Berlin)``) is used;
otherwise naive times take ``--tz`` and are marked assumed. Times may be ISO, RFC 2822, epoch
(s/ms/µs/ns), Excel serial days, ``1 May 2024 10:00``, or numeric dates with slashes or dots
(day/month order decided from the file: a value over 12 settles it; a semicolon-separated file
is taken as day-first). A BOM, quoted multi-line cells and blank lines are fine.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, tzinfo
from typing import IO

from hotwash.core.errors import ImportFailed
from hotwash.core.model import Entry, EntryKind
from hotwash.core.timeline import times
from hotwash.core.timeline.base import Context, ReadReport

NAME = "csv"
TIME_COLUMNS = ("time", "timestamp", "date", "datetime", "when", "time (utc)", "occurred_at", "created_at",
                "date/time", "date time", "event time", "time utc", "timestamp (utc)", "start", "start time", "ts",
                "@timestamp")
TEXT_COLUMNS = ("event", "message", "text", "description", "summary", "what", "details", "title", "note",
                "notes", "content", "contents", "activity", "action", "update", "comment", "entry", "body", "post message",
                "log", "what happened", "event description", "msg")
ACTOR_COLUMNS = ("actor", "who", "author", "user", "person", "owner", "by", "user name", "username", "name",
                 "responder", "reporter")
KIND_COLUMNS = ("kind", "type", "category", "event type")
LINK_COLUMNS = ("link", "url", "permalink", "href")
_TIME_WORDS = re.compile(r"\b(timestamp|datetime|date|time|when|occurred|created|started|at)\b")
_NOT_TIME = re.compile(r"\b(zone|duration|elapsed|runtime|took|spent|to resolve|ttr|mttr)\b|timezone")
_TEXT_WORDS = re.compile(r"\b(event|message|description|text|summary|title|details?|notes?|content|activity|"
                         r"action|update|comment|entry|body)\b")
_KINDS = {"deployment": EntryKind.DEPLOY, "release": EntryKind.DEPLOY, "change": EntryKind.DEPLOY,
          "page": EntryKind.ALERT, "alerting": EntryKind.ALERT, "incident": EntryKind.ALERT, "monitor": EntryKind.ALERT,
          "message": EntryKind.CHAT, "slack": EntryKind.CHAT, "status update": EntryKind.STATUS,
          "statuspage": EntryKind.STATUS, "communication": EntryKind.STATUS, "note": EntryKind.MANUAL,
          "decision": EntryKind.MANUAL, "action": EntryKind.MANUAL}
_SLASHED = re.compile(r"^\s*(\d{1,2})([/.])(\d{1,2})\2(\d{2}|\d{4})(?:[ ,T]+(\d{1,2}):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?"
                      r"\s*([AaPp][Mm])?)?\s*(Z|UTC|GMT|[+-]\d\d:?\d\d)?\s*$")
_EXCEL = re.compile(r"^\s*([2-7]\d{4})(?:\.\d+)?\s*$")


def _norm(header: str) -> str:
    return " ".join(header.replace("\ufeff", "").strip().strip('"').lower().replace("_", " ").split())


def _delimiter(first: str) -> str:
    counts = {d: first.count(d) for d in (",", ";", "\t", "|")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _columns(header: list[str]) -> tuple[int | None, int | None, int | None]:
    """(time, text, separate-time) columns: exact names first, then names containing the words."""
    names = [_norm(h) for h in header]
    bare = [re.sub(r"\s*\(.*?\)\s*", " ", n).strip() for n in names]

    def exact(options: tuple[str, ...], skip: set[int]) -> int | None:
        for option in options:
            for i, n in enumerate(names):
                if i not in skip and (n == option or bare[i] == option):
                    return i
        return None

    time_col = exact(TIME_COLUMNS, set())
    if time_col is None:
        time_col = next((i for i, n in enumerate(bare) if _TIME_WORDS.search(n) and not _NOT_TIME.search(n)), None)
    clock = None
    day = next((i for i, n in enumerate(bare) if n == "date"), None)
    hours = next((i for i, n in enumerate(bare) if n in ("time", "time utc")), None)
    if day is not None and hours is not None:  # a date column and a time-of-day column
        time_col, clock = day, hours
    used = {i for i in (time_col, clock) if i is not None}
    text_col = exact(TEXT_COLUMNS, used)
    if text_col is None:
        text_col = next((i for i, n in enumerate(bare) if i not in used and _TEXT_WORDS.search(n)), None)
    return time_col, text_col, clock


def detect(head: bytes) -> bool:
    first = head.split(b"\n", 1)[0].decode("utf-8", "replace").lstrip("\ufeff").rstrip("\r")
    delimiter = _delimiter(first)
    if delimiter not in first:
        return False
    cells = next(csv.reader([first], delimiter=delimiter), [])
    if len(cells) < 2 or any(re.match(r"^\d{4}-\d\d-\d\d|^\d{9,}", c.strip()) for c in cells):
        return False  # a data row, not a header
    time_col, text_col, _ = _columns(cells)
    return time_col is not None and text_col is not None


def _pick(header: list[str], names: tuple[str, ...], skip: set[int]) -> int | None:
    lowered = [_norm(h) for h in header]
    for name in names:
        for i, h in enumerate(lowered):
            if i not in skip and h == name:
                return i
    return None


def _header_zone(header: str) -> tzinfo | None:
    m = re.search(r"\(([^)]+)\)|\b(utc|gmt)\b", header, re.I)
    if not m:
        return None
    try:
        return times.zone((m.group(1) or m.group(2)).strip())
    except ImportFailed:
        return None


class _Times:
    """Time cells: what ``times.parse_any`` reads, plus slashed/dotted dates and Excel serials."""

    def __init__(self, tz: tzinfo | None, day_first: bool | None) -> None:
        self.tz = tz
        self.day_first = day_first

    def parse(self, value: str) -> tuple[datetime, bool]:
        excel = _EXCEL.match(value)
        if excel:  # Excel serial days since 1899-12-30
            naive = datetime(1899, 12, 30) + timedelta(days=float(value))
            return times.attach(naive.replace(microsecond=0), self.tz)
        m = _SLASHED.match(value)
        if not m:
            return times.parse_any(value, self.tz)
        a, sep, b, year, hh, mi, ss, frac, ampm, zone_text = m.groups()
        day_first = sep == "." or (self.day_first if self.day_first is not None else int(a) > 12)
        day, month = (int(a), int(b)) if day_first else (int(b), int(a))
        hour = int(hh or 0)
        if ampm:
            hour = hour % 12 + (12 if ampm.lower() == "pm" else 0)
        full_year = int(year) + (2000 if len(year) == 2 else 0)
        try:
            naive = datetime(full_year, month, day, hour, int(mi or 0), int(ss or 0),
                             int((frac or "")[:6].ljust(6, "0")))
        except ValueError as exc:
            raise times.TimeError(f"not a date: {value[:40]!r}") from exc
        if zone_text:
            return times.parse_iso(naive.isoformat() + ("Z" if zone_text in ("UTC", "GMT") else zone_text))
        return times.attach(naive, self.tz)


def _day_first(sample: str, delimiter: str) -> bool | None:
    """The order of slashed dates in this file: settled by any value over 12, else by the delimiter."""
    firsts, seconds = [], []
    for m in re.finditer(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(?:\d{4}|\d{2})(?![\d/])", sample):
        firsts.append(int(m.group(1)))
        seconds.append(int(m.group(2)))
    if not firsts:
        return None
    if any(x > 12 for x in firsts):
        return True
    if any(x > 12 for x in seconds):
        return False
    return delimiter == ";"


def read(stream: IO[bytes], *, tz: tzinfo | None, name: str = "",
         report: ReadReport | None = None) -> Iterator[Entry]:
    ctx = Context(name, tz, report, NAME)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
    sample = text.read(65536)
    text.seek(0)
    delimiter = _delimiter(sample.split("\n", 1)[0])
    rows = csv.reader(text, delimiter=delimiter)
    header = next(rows, None)
    while header is not None and not any(cell.strip() for cell in header):
        header = next(rows, None)
    if not header:
        raise ctx.fail("line 1", "empty CSV")
    t_col, x_col, clock_col = _columns(header)
    if t_col is None or x_col is None:
        raise ctx.fail("line 1", "CSV needs a time column (time/timestamp/date) and an event column "
                                 "(event/message/text/description)")
    used = {i for i in (t_col, x_col, clock_col) if i is not None}
    a_col = _pick(header, ACTOR_COLUMNS, used)
    k_col = _pick(header, KIND_COLUMNS, used)
    l_col = _pick(header, LINK_COLUMNS, used)
    header_zone = _header_zone(header[t_col])
    day_first = _day_first(sample, delimiter)
    if day_first is not None:
        ctx.report.note(f"dates with slashes read as {'day/month' if day_first else 'month/day'}/year")
    parser = _Times(header_zone or tz, day_first)
    kinds = {k.value for k in EntryKind}
    ended = rows.line_num  # the line the previous record ended on (quoted cells can span lines)
    for row in rows:
        where = f"line {ended + 1}"
        ended = rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        ctx.report.read += 1
        if len(row) <= max(t_col, x_col):
            ctx.skip(where, "too few columns")
            continue
        stamp = row[t_col].strip()
        if clock_col is not None and clock_col < len(row) and row[clock_col].strip():
            stamp = f"{stamp} {row[clock_col].strip()}"
        if not stamp:
            ctx.skip(where, "no time")
            continue
        try:
            moment, assumed = parser.parse(stamp)
            times.check_range(moment, ctx.now)
        except times.TimeError as exc:
            ctx.skip(where, str(exc))
            continue
        kind_text = row[k_col].strip().lower() if k_col is not None and k_col < len(row) else ""
        kind = EntryKind(kind_text) if kind_text in kinds else _KINDS.get(kind_text, EntryKind.MANUAL)
        message = row[x_col].replace("\r\n", "\n").strip() or "(no text)"
        yield Entry(time=moment.astimezone(UTC), text=message, source=NAME,
                    source_id=f"row:{stamp}:{row[x_col][:60]}", kind=kind,
                    actor=row[a_col].strip() if a_col is not None and a_col < len(row) else "",
                    link=row[l_col].strip() if l_col is not None and l_col < len(row) else "",
                    assumed_zone=assumed and header_zone is None)
    text.detach()
