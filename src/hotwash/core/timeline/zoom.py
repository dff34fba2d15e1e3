"""Zoom saved meeting chat (``meeting_saved_chat.txt``): ``HH:MM:SS\\t From  Name : text``,
also ``From Name to Name(Privately)`` and ``From Name to Everyone``. Times have no date and no
zone: the meeting's day comes from ``day`` (or a ``YYYY-MM-DD`` in the file's path) and the
zone is assumed. Lines without a time continue the previous message.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import IO

from hotwash.core.model import Entry, EntryKind
from hotwash.core.timeline import times
from hotwash.core.timeline.base import Context, ReadReport

NAME = "zoom"
_LINE = re.compile(r"^(\d{1,2}):(\d\d):(\d\d)\s+From\s+(.+?)(?:\s+to\s+(.+?))?\s*:\s?(.*)$")
_HEAD = re.compile(rb"^\d{1,2}:\d\d:\d\d\s+From\s{1,2}\S", re.M)


def detect(head: bytes) -> bool:
    return bool(_HEAD.match(head.lstrip(b"\xef\xbb\xbf")))


def read(stream: IO[bytes], *, tz: tzinfo | None, name: str = "", report: ReadReport | None = None,
         day: date | None = None) -> Iterator[Entry]:
    ctx = Context(name, tz, report, NAME)
    day = day or times.day_from_text(name)
    if day is None:
        raise ctx.fail("", "Zoom chat times have no date; give the meeting's date (--date YYYY-MM-DD)")
    pending: dict[str, object] | None = None
    previous: datetime | None = None
    offset = timedelta(0)

    def finish(item: dict[str, object]) -> Entry | None:
        moment = item["time"]
        assert isinstance(moment, datetime)
        try:
            times.check_range(moment, ctx.now)
        except times.TimeError as exc:
            ctx.skip(str(item["where"]), str(exc))
            return None
        extra: dict[str, object] = {}
        text = str(item["text"]).strip()
        if item["to"]:
            to = str(item["to"])
            extra["to"] = to
            extra["private"] = private = "privately" in to.lower()
            if private:  # said in the text: a direct message reads differently from one to everyone
                text = f"(privately to {re.sub(r'(?i)[(]privately[)]$', '', to).strip()}) {text}"
        return Entry(time=moment.astimezone(UTC), text=text, source=NAME,
                     source_id=f"{day.isoformat()}:{item['where']}", kind=EntryKind.CHAT,
                     actor=str(item["actor"]), assumed_zone=True, extra=extra)

    data = stream.read().decode("utf-8-sig", "replace").replace("\r\n", "\n").replace("\r", "\n")
    for number, line in enumerate(data.split("\n"), 1):
        m = _LINE.match(line)
        if not m:
            if pending is not None and line.strip():
                pending["text"] = f"{pending['text']}\n{line.strip()}"
            continue
        ctx.report.read += 1
        if pending is not None:
            entry = finish(pending)
            if entry:
                yield entry
        hour, minute, second = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if hour > 23 or minute > 59 or second > 59:
            ctx.skip(f"line {number}", "invalid time")
            pending = None
            continue
        naive = datetime.combine(day, time(hour, minute, second)) + offset
        moment = times.localize(naive, tz)
        if previous is not None and moment < previous - timedelta(hours=12):
            offset += timedelta(days=1)  # the meeting ran past midnight
            moment = times.localize(naive + timedelta(days=1), tz)
        previous = moment
        pending = {"time": moment, "where": f"line {number}", "actor": m.group(4).strip(),
                   "to": (m.group(5) or "").strip(), "text": m.group(6)}
    if pending is not None:
        entry = finish(pending)
        if entry:
            yield entry
