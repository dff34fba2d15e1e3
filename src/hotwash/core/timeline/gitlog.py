"""``git log`` output: default/medium, ``--pretty=fuller`` (commit date used), any ``--date=``
(default, iso, iso-strict, raw, rfc), ``--stat``, TSV ``%H%x09%aI%x09%cI…`` and epoch
``%H %at %ct …``. ``--oneline`` carries no date and is refused with that reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from itertools import chain
from typing import IO

from hotwash.core.model import Entry, EntryKind
from hotwash.core.timeline import times
from hotwash.core.timeline.base import Context, ReadReport

NAME = "gitlog"
_COMMIT = re.compile(rb"^commit [0-9a-f]{7,40}\b", re.M)
_TSV = re.compile(rb"^[0-9a-f]{7,40}\t\d{4}-\d\d-\d\dT", re.M)
_EPOCH = re.compile(rb"^[0-9a-f]{7,40} \d{9,10} ", re.M)
_ISO_LINE = re.compile(rb"^[0-9a-f]{7,40} \d{4}-\d\d-\d\dT\S+ ", re.M)
_ONELINE = re.compile(rb"^[0-9a-f]{7,12} (\(.*?\) )?\S", re.M)


def detect(head: bytes) -> bool:
    return bool(_COMMIT.match(head) or _TSV.match(head) or _EPOCH.match(head) or _ISO_LINE.match(head)
                or _ONELINE.match(head))


def parse_git_date(text: str) -> datetime:
    """Any date git prints: ``Sat Aug 22 23:04:18 2026 +0900``, ISO, ``1787407458 +0900``, RFC 2822."""
    text = text.strip()
    m = re.fullmatch(r"(\d{9,11}) ([+-])(\d\d)(\d\d)", text)
    if m:
        offset = timedelta(hours=int(m.group(3)), minutes=int(m.group(4)))
        zone = timezone(-offset if m.group(2) == "-" else offset)
        return datetime.fromtimestamp(int(m.group(1)), UTC).astimezone(zone)
    m = re.fullmatch(r"\w{3} (\w{3}) +(\d{1,2}) (\d\d:\d\d:\d\d) (\d{4}) ([+-]\d{4})", text)
    if m:
        return datetime.strptime(f"{m.group(1)} {m.group(2)} {m.group(3)} {m.group(4)} {m.group(5)}",
                                 "%b %d %H:%M:%S %Y %z")
    if re.match(r"\d{4}-", text):
        moment, assumed = times.parse_iso(text.replace(" +", "+").replace(" -", "-"))
        if not assumed:
            return moment
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError) as exc:
        raise times.TimeError(f"not a git date: {text[:40]!r}") from exc


def _entry(ctx: Context, where: str, sha: str, when: str, author: str, subject: str,
           extra: dict[str, object]) -> Entry | None:
    ctx.report.read += 1
    try:
        moment = parse_git_date(when)
        times.check_range(moment, ctx.now)
    except times.TimeError as exc:
        ctx.skip(where, str(exc))
        return None
    merge = subject.startswith("Merge ")
    return Entry(time=moment.astimezone(UTC), text=f"Commit {sha[:9]}: {subject}", source=NAME,
                 source_id=sha, kind=EntryKind.DEPLOY, actor=author,
                 extra={**extra, "sha": sha, "merge": merge, "offset": moment.strftime("%z")})


def _medium(lines: Iterator[tuple[int, str]], ctx: Context) -> Iterator[Entry]:
    sha = ""
    start = 0
    header: dict[str, str] = {}
    body: list[str] = []

    def flush() -> Entry | None:
        if not sha:
            return None
        when = header.get("commitdate") or header.get("date") or header.get("authordate")
        author = header.get("author", "")
        author = re.sub(r"\s*<[^>]*>$", "", author)
        subject = next((b.strip() for b in body if b.strip()), "")
        if not when:
            ctx.report.read += 1
            ctx.skip(f"line {start}", "commit without a date")
            return None
        extra: dict[str, object] = {"author_date": header.get("authordate") or header.get("date", "")}
        return _entry(ctx, f"line {start}", sha, when, author, subject, extra)

    for number, line in lines:
        if line.startswith("commit ") and re.match(r"commit [0-9a-f]{7,40}", line):
            entry = flush()
            if entry:
                yield entry
            sha = line.split()[1]
            start = number
            header = {}
            body = []
            continue
        m = re.match(r"(Author|AuthorDate|Commit|CommitDate|Date|Merge):\s+(.*)$", line)
        if m and not body:
            header[m.group(1).lower()] = m.group(2)
        elif line.startswith("    "):
            body.append(line[4:])
    entry = flush()
    if entry:
        yield entry


def read(stream: IO[bytes], *, tz: tzinfo | None, name: str = "",
         report: ReadReport | None = None) -> Iterator[Entry]:
    ctx = Context(name, tz, report, NAME)
    lines = ((n, raw.decode("utf-8", "replace").rstrip("\r\n")) for n, raw in enumerate(stream, 1))
    first = next(lines, None)
    if first is None:
        return
    if re.match(r"commit [0-9a-f]{7,40}", first[1]):
        yield from _medium(chain([first], lines), ctx)
        return
    for number, line in chain([first], lines):
        if not line.strip():
            continue
        where = f"line {number}"
        if "\t" in line:
            parts = line.split("\t")
            if len(parts) >= 3 and re.match(r"\d{4}-", parts[1]):
                commit_date = parts[2] if re.match(r"\d{4}-", parts[2]) else parts[1]
                author = re.sub(r"\s*<[^>]*>$", "", parts[3]) if len(parts) > 4 else ""
                entry = _entry(ctx, where, parts[0], commit_date, author, parts[-1],
                               {"author_date": parts[1]})
                if entry:
                    yield entry
                continue
        m = re.match(r"([0-9a-f]{7,40}) (\d{9,11}) (\d{9,11}) ([^|]*)\|?(.*)$", line)
        if m:
            entry = _entry(ctx, where, m.group(1), f"{m.group(3)} +0000", m.group(4).strip(), m.group(5),
                           {"author_date": m.group(2)})
            if entry:
                yield entry
            continue
        m = re.match(r"([0-9a-f]{7,40}) (\d{4}-\d\d-\d\dT\S+) (.*)$", line)
        if m:
            entry = _entry(ctx, where, m.group(1), m.group(2), "", m.group(3), {})
            if entry:
                yield entry
            continue
        if re.match(r"[0-9a-f]{7,12} ", line):
            raise ctx.fail(where, "git log --oneline has no dates; use "
                                  "git log --format='%H%x09%aI%x09%cI%x09%an%x09%s'")
        ctx.report.read += 1
        ctx.skip(where, "not a git log line")
