"""Syslog: RFC 3164 (``<PRI>Mmm dd HH:MM:SS host tag: msg``; on-disk files without PRI), which
has no year and no zone (the zone is assumed, the year inferred, Dec→Jan rollover and repeated
DST hours handled), and RFC 5424 (``<PRI>1 2003-10-11T22:14:15.003Z host app procid msgid
[sd] msg``, also without PRI/version). Summarised like every log.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, tzinfo
from typing import IO

from hotwash.core.model import Entry
from hotwash.core.timeline import times
from hotwash.core.timeline.base import Context, ReadReport
from hotwash.core.timeline.summarise import LogSummary, level_of
from hotwash.core.timeline.textlines import YearGuess, lines

NAME = "syslog"
MONTHS = {m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                                       "Nov", "Dec"), 1)}
_BSD = re.compile(r"^(?:<(\d{1,3})>)?([A-Z][a-z]{2}) ([ \d]\d) (\d\d):(\d\d):(\d\d)(?:\.\d+)? (.*)$")
_5424 = re.compile(r"^(?:<(\d{1,3})>\d{1,2} )?(\d{4}-\d\d-\d\dT\S+|-) (\S+) (\S+) (\S+) (\S+) "
                   r"((?:\[.*?\])+|-)?\s?(.*)$")
_HEAD = re.compile(rb"^(<\d{1,3}>)?([A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d |1 \d{4}-|\d{4}-\d\d-\d\dT\S+ \S+ \S+ \S+ \S+ )", re.M)


def detect(head: bytes) -> bool:
    lines_ = [ln for ln in head.split(b"\n")[:10] if ln.strip()]
    hits = sum(1 for ln in lines_ if _HEAD.match(ln))
    return bool(lines_) and hits >= max(1, (len(lines_) + 1) // 2)


def _words_level(message: str) -> int:
    lowered = message.lower()
    for word, _level in (("panic", 50), ("fatal", 50), ("error", 40), ("fail", 40), ("warn", 30)):
        if word in lowered:
            return level_of(word)
    return 20


def read(stream: IO[bytes], *, tz: tzinfo | None, name: str = "", report: ReadReport | None = None,
         year: int | None = None) -> Iterator[Entry]:
    ctx = Context(name, tz, report, NAME)
    summary = LogSummary(source=NAME, name=ctx.name)
    guess = YearGuess(ctx.now, year)
    previous: datetime | None = None
    for number, line in lines(stream):
        if not line.strip():
            continue
        ctx.report.read += 1
        where = f"line {number}"
        m5 = _5424.match(line)
        if m5 and m5.group(2) != "-" or (m5 and m5.group(1)):
            pri, stamp, host, app, _proc, _msgid, _sd, msg = m5.groups()
            if stamp == "-":
                ctx.skip(where, "no timestamp (NILVALUE)")
                continue
            parsed = ctx.time(stamp, where)
            if parsed is None:
                continue
            moment, assumed = parsed
            summary.assumed_zone |= assumed
            message = f"{app}: {msg.lstrip(chr(0xfeff)).removeprefix('BOM')}"
            level = level_of(int(pri) % 8) if pri else _words_level(msg)
            summary.record(moment, level, message, where)
            continue
        m = _BSD.match(line)
        if not m:
            ctx.skip(where, "not a syslog line")
            continue
        pri, month_name, day, hh, mm, ss, rest = m.groups()
        month = MONTHS.get(month_name)
        if month is None:
            ctx.skip(where, f"unknown month {month_name!r}")
            continue
        try:
            naive = datetime(guess(month), month, int(day), int(hh), int(mm), int(ss))
        except ValueError:
            ctx.skip(where, "invalid date")
            continue
        moment = times.localize(naive, tz, previous)
        try:
            times.check_range(moment, ctx.now)
        except times.TimeError as exc:
            ctx.skip(where, str(exc))
            continue
        previous = moment
        summary.assumed_zone = True
        level = level_of(int(pri) % 8) if pri else _words_level(rest)
        summary.record(moment, level, rest.split(" ", 1)[1] if " " in rest else rest, where)
    ctx.report.note("BSD syslog has no year or zone: year inferred, zone assumed")
    yield from summary.finish()
