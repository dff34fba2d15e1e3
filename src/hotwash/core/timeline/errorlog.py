"""Apache error logs (``[Sun Dec 04 04:47:44 2005] [error] msg``, no zone) and nginx error
logs (``2024/05/01 12:00:00 [error] 123#0: *1 msg``, local time). The zone is assumed.
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
from hotwash.core.timeline.textlines import lines

NAME = "errorlog"
_APACHE = re.compile(r"^\[\w{3} (\w{3}) +(\d{1,2}) (\d\d):(\d\d):(\d\d)(?:\.\d+)? (\d{4})\] \[(?:\w+:)?(\w+)\] (.*)$")
_NGINX = re.compile(r"^(\d{4})/(\d\d)/(\d\d) (\d\d):(\d\d):(\d\d) \[(\w+)\] (?:\d+#\d+: )?(?:\*\d+ )?(.*)$")
_HEAD = re.compile(rb"^(\[\w{3} \w{3} +\d{1,2} \d\d:\d\d:\d\d(\.\d+)? \d{4}\] \[|\d{4}/\d\d/\d\d \d\d:\d\d:\d\d \[\w+\])",
                   re.M)
MONTHS = {m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                                       "Nov", "Dec"), 1)}


def detect(head: bytes) -> bool:
    return bool(_HEAD.match(head))


def read(stream: IO[bytes], *, tz: tzinfo | None, name: str = "",
         report: ReadReport | None = None) -> Iterator[Entry]:
    ctx = Context(name, tz, report, NAME)
    summary = LogSummary(source=NAME, name=ctx.name, assumed_zone=True)
    previous: datetime | None = None
    for number, line in lines(stream):
        if not line.strip():
            continue
        ctx.report.read += 1
        where = f"line {number}"
        m = _APACHE.match(line)
        try:
            if m:
                mon, dd, hh, mi, ss, yyyy, level, message = m.groups()
                naive = datetime(int(yyyy), MONTHS[mon], int(dd), int(hh), int(mi), int(ss))
            else:
                n = _NGINX.match(line)
                if not n:
                    ctx.skip(where, "not an error log line")
                    continue
                yyyy, mo, dd, hh, mi, ss, level, message = n.groups()
                naive = datetime(int(yyyy), int(mo), int(dd), int(hh), int(mi), int(ss))
        except (KeyError, ValueError):
            ctx.skip(where, "invalid date")
            continue
        moment = times.localize(naive, tz, previous)
        try:
            times.check_range(moment, ctx.now)
        except times.TimeError as exc:
            ctx.skip(where, str(exc))
            continue
        previous = moment
        summary.record(moment, level_of(level), message, where)
    yield from summary.finish()
