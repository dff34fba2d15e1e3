"""nginx / Apache access logs: common, combined, vhost_combined (``host:port`` first), extra
fields after the user agent (response times …), escaped quotes in the request, milliseconds in
the time and nginx's ``$time_iso8601`` in the brackets (``[10/Oct/2000:13:55:36 -0700]``,
``[2000-10-10T13:55:36-07:00]``).

Summarised: rate spikes over all requests, the first occurrence and count of each 5xx
(path numbers and ids normalised), and 5xx bursts (a minute with many server errors).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, tzinfo
from typing import IO

from hotwash.core.model import Entry, EntryKind
from hotwash.core.timeline.base import Context, ReadReport
from hotwash.core.timeline.summarise import ERROR, INFO, LogSummary, template
from hotwash.core.timeline.textlines import lines

NAME = "access"
_LINE = re.compile(r'^(\S+) .*?\[(?:(\d\d)/(\w{3})/(\d{4}):(\d\d):(\d\d):(\d\d)(?:\.\d+)? ([+-]\d{4})|'
                   r'(\d{4}-\d\d-\d\dT[^\]]+))\] "(\S+)? ?((?:[^"\\ ]|\\.)*)(?:[^"\\]|\\.)*" (\d{3}|-) (\S+)')
_HEAD = re.compile(rb'^\S+ (?:\S+ ){1,3}\[(?:\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d(?:\.\d+)? [+-]\d{4}|'
                   rb'\d{4}-\d\d-\d\dT[^\]]+)\] "', re.M)
MONTHS = {m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                                       "Nov", "Dec"), 1)}
BURST_MINIMUM = 10


def detect(head: bytes) -> bool:
    return bool(_HEAD.match(head))


def read(stream: IO[bytes], *, tz: tzinfo | None, name: str = "",
         report: ReadReport | None = None) -> Iterator[Entry]:
    ctx = Context(name, tz, report, NAME)
    summary = LogSummary(source=NAME, name=ctx.name)
    errors_by_minute: dict[int, list[object]] = {}
    bursts: list[Entry] = []

    def close_minutes(before: int | None) -> None:
        for minute in sorted(m for m in errors_by_minute if before is None or m < before - 2):
            count, total, where = errors_by_minute.pop(minute)
            assert isinstance(count, int) and isinstance(total, int)
            if count >= BURST_MINIMUM and len(bursts) < 1000:
                bursts.append(Entry(time=datetime.fromtimestamp(minute * 60, UTC),
                                    text=f"5xx burst: {count:,} server errors in one minute",
                                    source=NAME, source_id=f"{ctx.name}:{where}:burst", kind=EntryKind.LOG,
                                    extra={"type": "5xx_burst", "count": count, "file": ctx.name}))

    for number, line in lines(stream):
        if not line.strip():
            continue
        ctx.report.read += 1
        where = f"line {number}"
        m = _LINE.match(line)
        if not m:
            ctx.skip(where, "not an access log line")
            continue
        _client, dd, mon, yyyy, hh, mi, ss, offset, iso, method, path, status, _size = m.groups()
        stamp = iso or f"{yyyy}-{MONTHS.get(mon, 0):02d}-{dd}T{hh}:{mi}:{ss}{offset}"
        parsed = ctx.time(stamp, where)
        if parsed is None:
            continue
        moment = parsed[0]
        if parsed[1]:
            summary.assumed_zone = True
        code = int(status) if status.isdigit() else 0
        minute = int(moment.timestamp()) // 60
        if code >= 500:
            slot = errors_by_minute.setdefault(minute, [0, 0, where])
            slot[0] = int(str(slot[0])) + 1
            if len(errors_by_minute) > 10:
                close_minutes(minute)
            request = f"{method or ''} {path.split('?')[0]}"
            # the status stays in the signature: a 504 is not one more 502
            summary.record(moment, ERROR, f"HTTP {code} {request}", where, key=f"HTTP {code} {template(request)}",
                           assumed=parsed[1])
        else:
            summary.count(minute)
            if summary._highest == 0:
                summary._highest = INFO
    close_minutes(None)
    out = list(summary.finish()) + bursts
    out.sort(key=lambda e: e.time)
    yield from out
