"""Error logs: Apache 2.2 (``[Sun Dec 04 04:47:44 2005] [error] [client 1.2.3.4] msg``) and 2.4
(``[Tue Jan 02 03:04:05.123456 2024] [core:error] [pid 1:tid 2] [client …] AH00124: msg``,
also ``[:error]``), nginx (``2024/05/01 12:00:00 [error] 123#0: *1 msg``) and PHP
(``[01-May-2024 10:00:00 UTC] PHP Fatal error: …``). Apache and nginx write local time without
a zone: it is assumed. Lines that continue a record (stack traces) are not counted as skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, tzinfo
from typing import IO

from hotwash.core.errors import ImportFailed
from hotwash.core.model import Entry
from hotwash.core.timeline import times
from hotwash.core.timeline.base import Context, ReadReport
from hotwash.core.timeline.summarise import LogSummary, level_of
from hotwash.core.timeline.textlines import lines

NAME = "errorlog"
_APACHE = re.compile(r"^\[\w{3} (\w{3}) +(\d{1,2}) (\d\d):(\d\d):(\d\d)(?:\.(\d+))? (\d{4})\] "
                     r"\[(?:[\w-]*:)?(\w+)\] (?:\[pid [^\]]*\] )?(.*)$")
_NGINX = re.compile(r"^(\d{4})/(\d\d)/(\d\d) (\d\d):(\d\d):(\d\d) \[(\w+)\] (?:\d+#\d+: )?(?:\*\d+ )?(.*)$")
_PHP = re.compile(r"^\[(\d\d)-(\w{3})-(\d{4}) (\d\d):(\d\d):(\d\d)(?: ([A-Za-z][\w/+-]*))?\] (?:PHP )?(.*)$")
_PHP_LEVEL = re.compile(r"(?i)^(fatal error|parse error|catchable fatal error|warning|notice|deprecated|"
                        r"strict standards|error)\b")
_HEAD = re.compile(rb"^(\[\w{3} \w{3} +\d{1,2} \d\d:\d\d:\d\d(\.\d+)? \d{4}\] \[|\d{4}/\d\d/\d\d \d\d:\d\d:\d\d \[\w+\]|"
                   rb"\[\d\d-\w{3}-\d{4} \d\d:\d\d:\d\d(?: [A-Za-z][\w/+-]*)?\] (?:PHP )?\w)", re.M)
_REFERER = re.compile(r", referer: \S*$")
MONTHS = {m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                                       "Nov", "Dec"), 1)}


def detect(head: bytes) -> bool:
    return bool(_HEAD.match(head))


def _php_level(message: str) -> str:
    m = _PHP_LEVEL.match(message)
    if not m:
        return "error"
    word = m.group(1).lower()
    return "fatal" if "fatal" in word or "parse" in word else "warn" if word in ("warning", "deprecated") else (
        "info" if word in ("notice", "strict standards") else "error")


def read(stream: IO[bytes], *, tz: tzinfo | None, name: str = "",
         report: ReadReport | None = None) -> Iterator[Entry]:
    ctx = Context(name, tz, report, NAME)
    summary = LogSummary(source=NAME, name=ctx.name)
    previous: datetime | None = None
    for number, line in lines(stream):
        if not line.strip():
            continue
        ctx.report.read += 1
        where = f"line {number}"
        zone: tzinfo | None = tz
        named = False  # only PHP names its zone (``[01-May-2024 10:00:00 Europe/Berlin]``)
        try:
            if (m := _APACHE.match(line)) is not None:
                mon, dd, hh, mi, ss, frac, yyyy, level, message = m.groups()
                naive = datetime(int(yyyy), MONTHS[mon], int(dd), int(hh), int(mi), int(ss),
                                 int((frac or "")[:6].ljust(6, "0")))
            elif (n := _NGINX.match(line)) is not None:
                yyyy, mo, dd, hh, mi, ss, level, message = n.groups()
                naive = datetime(int(yyyy), int(mo), int(dd), int(hh), int(mi), int(ss))
            elif (php := _PHP.match(line)) is not None:
                dd, mon, yyyy, hh, mi, ss, zone_name, message = php.groups()
                naive = datetime(int(yyyy), MONTHS[mon], int(dd), int(hh), int(mi), int(ss))
                level = _php_level(message)
                if zone_name:
                    zone, named = times.zone(zone_name), True
            else:
                if summary.lines:  # a continuation (stack trace …) of the record before
                    ctx.report.read -= 1
                    continue
                ctx.skip(where, "not an error log line")
                continue
        except (KeyError, ValueError, ImportFailed):
            ctx.skip(where, "invalid date or zone")
            continue
        moment = times.localize(naive, zone, previous)
        try:
            times.check_range(moment, ctx.now)
        except times.TimeError as exc:
            ctx.skip(where, str(exc))
            continue
        previous = moment
        summary.record(moment, level_of(level), _REFERER.sub("", message), where, assumed=not named)
    yield from summary.finish()
