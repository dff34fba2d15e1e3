"""CSV with a time column and an event column (header names detected: time / timestamp /
date / datetime / when, and event / message / text / description / summary; optional
actor / who / author, kind / type, link / url / source). Each row is one entry.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import tzinfo
from typing import IO

from hotwash.core.model import Entry, EntryKind
from hotwash.core.timeline.base import Context, ReadReport

NAME = "csv"
TIME_COLUMNS = ("time", "timestamp", "date", "datetime", "when", "time (utc)", "occurred_at", "created_at")
TEXT_COLUMNS = ("event", "message", "text", "description", "summary", "what", "details")
ACTOR_COLUMNS = ("actor", "who", "author", "user", "person")
KIND_COLUMNS = ("kind", "type", "category")
LINK_COLUMNS = ("link", "url")


def detect(head: bytes) -> bool:
    first = head.split(b"\n", 1)[0].decode("utf-8", "replace").lower().lstrip("\ufeff")
    if "," not in first and ";" not in first and "\t" not in first:
        return False
    cells = [c.strip().strip('"') for c in re.split(r"[,;\t]", first)]
    return any(c in TIME_COLUMNS for c in cells) and any(c in TEXT_COLUMNS for c in cells)


def _pick(header: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [h.strip().lower() for h in header]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    return None


def read(stream: IO[bytes], *, tz: tzinfo | None, name: str = "",
         report: ReadReport | None = None) -> Iterator[Entry]:
    ctx = Context(name, tz, report, NAME)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
    sample = text.read(4096)
    text.seek(0)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = csv.reader(text, dialect)
    header = next(rows, None)
    if not header:
        raise ctx.fail("line 1", "empty CSV")
    t_col, x_col = _pick(header, TIME_COLUMNS), _pick(header, TEXT_COLUMNS)
    if t_col is None or x_col is None:
        raise ctx.fail("line 1", "CSV needs a time column (time/timestamp/date) and an event column "
                                 "(event/message/text/description)")
    a_col, k_col, l_col = _pick(header, ACTOR_COLUMNS), _pick(header, KIND_COLUMNS), _pick(header, LINK_COLUMNS)
    kinds = {k.value for k in EntryKind}
    for number, row in enumerate(rows, 2):
        if not any(cell.strip() for cell in row):
            continue
        ctx.report.read += 1
        where = f"line {number}"
        if len(row) <= max(t_col, x_col):
            ctx.skip(where, "too few columns")
            continue
        kind_text = row[k_col].strip().lower() if k_col is not None and k_col < len(row) else ""
        entry = ctx.entry(row[t_col].strip(), where, row[x_col], f"row:{row[t_col].strip()}:{row[x_col][:60]}",
                          EntryKind(kind_text) if kind_text in kinds else EntryKind.MANUAL,
                          actor=row[a_col].strip() if a_col is not None and a_col < len(row) else "",
                          link=row[l_col].strip() if l_col is not None and l_col < len(row) else "")
        if entry:
            yield entry
    text.detach()
