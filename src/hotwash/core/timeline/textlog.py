"""Other text logs whose lines start with a time, possibly behind a short prefix: ISO or
``YYYY-MM-DD HH:MM:SS[.fff]`` (OpenStack, zap console, log4j/logback/Python patterns, Kubernetes
CRI ``… stdout F …``, docker compose ``name | …``), Go's standard ``log`` (``2024/05/01 10:00:00``),
dates with a month name (Tomcat ``01-May-2024 10:00:00.123``, ``May 1, 2024 10:00:00 AM``),
a zone after the time (``… 10:00:00 UTC``), logfmt (``time=… level=… msg=…``), glog
(``E0517 15:04:22.619632``, no year), epoch-ms prefixes. Levels come from a level field or word.
Summarised like every log; lines without a time continue the record before (stack traces).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime, tzinfo
from typing import IO

from hotwash.core.model import Entry
from hotwash.core.timeline import times
from hotwash.core.timeline.base import Context, ReadReport
from hotwash.core.timeline.summarise import INFO, LogSummary, level_of
from hotwash.core.timeline.textlines import YearGuess, lines

NAME = "textlog"
_ISO = re.compile(r"(\d{4}[-/]\d\d[-/]\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?: ?(?:Z|[+-]\d\d:?\d\d\b)| (?:UTC|GMT)\b)?)")
_WORDED = re.compile(r"^\[?((?:\d{1,2}[- ][A-Z][a-z]{2}[- ]\d{4}|[A-Z][a-z]{2} \d{1,2},? \d{4}),? \d{1,2}:\d\d:\d\d"
                     r"(?:[.,]\d+)?(?: [AP]M)?(?: (?:UTC|GMT|[+-]\d{4}))?)\]?")
_LOGFMT = re.compile(r'(\w[\w.]*)=("(?:[^"\\]|\\.)*"|\S+)')
# glog/klog/abseil: ``E1207 10:11:12.123456   12 file.go:42] msg``; glog ≥ 0.7 adds the year (``E20241207``)
_GLOG = re.compile(r"^([IWEFD])(\d{4})?(\d\d)(\d\d) (\d\d):(\d\d):(\d\d)\.(\d+)\s+(?:\S+\s+)?\S+:\d+\]\s?(.*)$")
_EPOCH = re.compile(r"^(\d{10}(?:\d{3})?(?:\.\d+)?)\s+(.*)$")
_LEVEL = re.compile(r"\b(TRACE|DEBUG|INFO|NOTICE|WARN(?:ING)?|ERROR|ERR|CRIT(?:ICAL)?|FATAL|PANIC|SEVERE)\b",
                    re.I)
_HEAD = re.compile(rb"^(.{0,80}?\d{4}[-/]\d\d[-/]\d\d[T ]\d\d:\d\d:\d\d|[IWEFD](?:\d{4})?\d{4} \d\d:\d\d:\d\d\.|\d{10,13}(?:\.\d+)? |"
                   rb"\[?\d{1,2}[- ][A-Z][a-z]{2}[- ]\d{4},? \d{1,2}:\d\d:\d\d|\[?[A-Z][a-z]{2} \d{1,2},? \d{4},? \d{1,2}:\d\d|"
                   rb"(\w+=\S+ )+)", re.M)
_CRI = re.compile(r"^(?:stdout|stderr) [FP] ")  # Kubernetes container log files
_GLOG_LEVEL = {"D": 10, "I": 20, "W": 30, "E": 40, "F": 50}
# zap's console encoder: ``TIME\tLEVEL\t[LOGGER\t][CALLER\t]MESSAGE[\t{json fields}]``
_ZAP = re.compile(r"^\t(debug|info|warn|error|dpanic|panic|fatal)\t(.*)$", re.I)
_CALLER = re.compile(r"^[\w./@-]+\.\w+:\d+$")  # internal/queue_sender.go:128


def _zap(rest: str) -> tuple[str, str] | None:
    """(level, readable message) of a zap console line's remainder, or None when it is not one:
    the caller dropped, the JSON fields reduced to their ``error``."""
    m = _ZAP.match(rest)
    if m is None:
        return None
    parts = m.group(2).split("\t")
    fields = parts.pop() if len(parts) > 1 and parts[-1].startswith("{") else ""
    words = [p.strip() for p in parts if p.strip() and not _CALLER.match(p.strip())]
    message = " ".join(words) or fields
    if fields:
        try:
            error = json.loads(fields).get("error")
        except (ValueError, AttributeError):
            error = None
        if isinstance(error, str) and error.strip():
            message = f"{message.rstrip('.')}: {error.strip().splitlines()[0][:200]}"
    return m.group(1), message


def detect(head: bytes) -> bool:
    lines_ = [ln for ln in head.split(b"\n")[:10] if ln.strip()]
    return bool(lines_) and sum(1 for ln in lines_ if _HEAD.match(ln)) >= max(1, len(lines_) // 3)


def _level(line: str, fields: dict[str, str]) -> int:
    for key in ("level", "lvl", "severity", "loglevel"):
        if key in fields:
            return level_of(fields[key].strip('"'))
    m = _LEVEL.search(line[:200])
    return level_of(m.group(1)) if m else INFO


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
        fields = {k: v for k, v in _LOGFMT.findall(line)} if "=" in line else {}
        stamp = fields.get("time") or fields.get("ts") or fields.get("timestamp")
        message = (fields.get("msg") or fields.get("message") or "").strip('"')
        if stamp:
            parsed = ctx.time(stamp.strip('"'), where)
        elif (g := _GLOG.match(line)) is not None:
            lv, yyyy, mo, dd, hh, mi, ss, frac, message = g.groups()
            try:
                naive = datetime(int(yyyy) if yyyy else guess(int(mo), int(dd)), int(mo), int(dd), int(hh), int(mi), int(ss), int(frac[:6].ljust(6, "0")))
            except ValueError:
                ctx.skip(where, "invalid date")
                continue
            moment = times.localize(naive, tz, previous)
            previous = moment
            try:
                times.check_range(moment, ctx.now)
            except times.TimeError as exc:
                ctx.skip(where, str(exc))
                continue
            summary.record(moment, _GLOG_LEVEL[lv], message, where, assumed=True)
            continue
        elif (e := _EPOCH.match(line)) is not None:
            parsed = ctx.time(e.group(1), where)
            message = e.group(2)
        elif (w := _WORDED.match(line)) is not None:
            parsed = ctx.time(w.group(1), where)
            message = line[w.end():].strip(" -|:")
        else:
            m = _ISO.search(line[:120])
            if not m:
                if summary.lines:  # a continuation line (stack trace …) of the previous record
                    ctx.report.read -= 1
                    continue
                ctx.skip(where, "no time at the start of the line")
                continue
            parsed = ctx.time(m.group(1).replace(",", ".").replace("/", "-"), where)
            zap = _zap(line[m.end():]) if not message and line[m.end():m.end() + 1] == "\t" else None
            if zap is not None:
                fields, message = {"level": zap[0]}, zap[1]
            message = message or _CRI.sub("", line[m.end():].strip(" -|:"))
        if parsed is None:
            continue
        moment, assumed = parsed
        if assumed and tz is not None:  # the zone's repeated DST hour: keep lines written in order in order
            moment = times.localize(moment.replace(tzinfo=None), tz, previous)
        if assumed:
            previous = moment
        summary.record(moment, _level(line, fields), message or line, where, assumed=assumed)
    yield from summary.finish()
