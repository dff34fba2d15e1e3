"""Syslog: RFC 3164 (``<PRI>Mmm dd HH:MM:SS host tag[pid]: msg``; on-disk files without PRI;
``journalctl`` short / short-precise output), which has no year and no zone (the zone is
assumed, the year inferred, Dec→Jan rollover and repeated DST hours handled); the same with an
RFC 3339 time (rsyslog's high-precision file format, ``journalctl -o short-iso``); and RFC 5424
(``<PRI>1 2003-10-11T22:14:15.003Z host app procid msgid [sd] msg``, NILVALUEs, a BOM before
the message, octet-counted frames, also without PRI/version). Summarised like every log.
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
_ISO_TIME = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)"
_BSD = re.compile(r"^(?:<(\d{1,3})>)?([A-Z][a-z]{2}) ([ \d]\d)(?: (\d{4}))? (\d\d):(\d\d):(\d\d)(?:\.(\d+))? (.*)$")
_5424 = re.compile(r"^(?:<(\d{1,3})>\d{1,2} )?(" + _ISO_TIME + r"|-) (\S+) (\S+) (\S+) (\S+) "
                   r"((?:\[(?:[^\]\\]|\\.)*\])+|-)(?: (.*))?$")
_ISO_BSD = re.compile(r"^(?:<(\d{1,3})>)?(" + _ISO_TIME + r") (\S+) (.*)$")
_FRAME = re.compile(r"^\d{1,6} (?=<\d{1,3}>)")  # RFC 6587 octet counting
_MARKER = re.compile(r"^-- .* --$")  # journalctl: -- Boot 0dc8… --, -- Logs begin at … --
_HEAD = re.compile(
    rb"^(?:\d{1,6} )?(<\d{1,3}>)?(?:[A-Z][a-z]{2} [ \d]\d (?:\d{4} )?\d\d:\d\d:\d\d[ .]|1 \d{4}-|"
    rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\S* \S+ (?:\S+ \S+ \S+ (?:-|\[)|[^\s:\[]+(?:\[\d+\])?: ))", re.M)


def detect(head: bytes) -> bool:
    lines_ = [ln for ln in head.split(b"\n")[:10] if ln.strip() and not _MARKER.match(ln.decode("utf-8", "replace"))]
    hits = sum(1 for ln in lines_ if _HEAD.match(ln))
    return bool(lines_) and hits >= max(1, (len(lines_) + 1) // 2)


_WORDS = re.compile(r"(?i)\b(panic|fatal|emerg\w*|crit\w*|out of memory|segfault|error|errors|err|fail\w*|"
                    r"warn\w*)\b")
_WORD_LEVELS = {"panic": 50, "fatal": 50, "emerg": 50, "crit": 50, "out of memory": 40, "segfault": 40,
                "error": 40, "errors": 40, "err": 40, "fail": 40, "warn": 30}
_SD_LEVEL = re.compile(r'\b(?:level|severity|lvl)="([^"]{1,20})"')


def _words_level(message: str) -> int:
    """The level a message without PRI suggests: the worst whole word among panic/fatal/crit…,
    error/fail…, warn… (``req_error`` or ``'resp_error': 0`` inside a dump is no error)."""
    worst = 20
    for m in _WORDS.finditer(message[:500]):
        word = m.group(1).lower()
        level = _WORD_LEVELS.get(word) or next((v for k, v in _WORD_LEVELS.items() if word.startswith(k)), 20)
        worst = max(worst, level)
    return worst


def _level(pri: str | None, message: str, sd: str = "") -> int:
    if pri:
        return level_of(int(pri) % 8)
    found = _SD_LEVEL.search(sd) if sd and sd != "-" else None  # [meta level="INFO"] (VMware, NSX …)
    return level_of(found.group(1)) if found else _words_level(message)


def read(stream: IO[bytes], *, tz: tzinfo | None, name: str = "", report: ReadReport | None = None,
         year: int | None = None) -> Iterator[Entry]:
    ctx = Context(name, tz, report, NAME)
    summary = LogSummary(source=NAME, name=ctx.name)
    guess = YearGuess(ctx.now, year)
    previous: datetime | None = None
    bsd = False
    for number, line in lines(stream):
        if not line.strip() or _MARKER.match(line):
            continue
        ctx.report.read += 1
        where = f"line {number}"
        line = _FRAME.sub("", line)
        m5 = _5424.match(line)
        if m5 and not m5.group(1) and (m5.group(4).endswith(":") or not re.fullmatch(r"-|\d+", m5.group(5))):
            m5 = None  # no PRI/version and a BSD-style tag ("sshd[1]:"): not RFC 5424
        if m5 and (m5.group(1) or m5.group(2) != "-"):
            pri, stamp, _host, app, _proc, _msgid, _sd, msg = m5.groups()
            if stamp == "-":
                ctx.skip(where, "no timestamp (NILVALUE)")
                continue
            parsed = ctx.time(stamp, where)
            if parsed is None:
                continue
            msg = (msg or "").lstrip("\ufeff").removeprefix("BOM") or (_sd if _sd != "-" else "(no message)")
            message = f"{app}: {msg}" if app != "-" else msg
            summary.record(parsed[0], _level(pri, msg, _sd), message, where, assumed=parsed[1])
            continue
        iso = _ISO_BSD.match(line)
        if iso:
            pri, stamp, _host, rest = iso.groups()
            parsed = ctx.time(stamp, where)
            if parsed is None:
                continue
            summary.record(parsed[0], _level(pri, rest), rest, where, assumed=parsed[1])
            continue
        m = _BSD.match(line)
        if not m:
            ctx.skip(where, "not a syslog line")
            continue
        pri, month_name, day, year_text, hh, mm, ss, frac, rest = m.groups()
        month = MONTHS.get(month_name)
        if month is None:
            ctx.skip(where, f"unknown month {month_name!r}")
            continue
        try:
            naive = datetime(int(year_text) if year_text else guess(month, int(day)), month, int(day), int(hh), int(mm),
                             int(ss), int((frac or "")[:6].ljust(6, "0")))
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
        bsd = True
        summary.record(moment, _level(pri, rest), rest.split(" ", 1)[1] if " " in rest else rest, where,
                       assumed=True)
    if bsd:
        ctx.report.note("BSD syslog has no year or zone: year inferred, zone assumed")
    yield from summary.finish()
