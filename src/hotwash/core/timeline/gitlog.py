"""``git log`` output: default/medium, ``--pretty=fuller`` (commit date used), ``--pretty=raw``,
``--pretty=email`` / ``format-patch``, any ``--date=`` (default, iso, iso-strict, rfc, raw, unix,
local and short: no offset, so the zone is assumed), ``--stat``, ``-p``, ``--graph``,
``--decorate``, and one-line ``--format``s that carry a date (``%H%x09%aI%x09%cI…``,
``%H %at %ct …``, ``%h %ad %s``, ``%h|%an|%ad|%s`` …). ``--oneline``, ``--pretty=short|full`` and
``--date=relative`` carry no usable date and are refused (or the commit skipped) with that reason.
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
_GRAPH = rb"[*|\\/_ .-]*"
_COMMIT = re.compile(rb"^" + _GRAPH + rb"commit [0-9a-f]{7,40}\b", re.M)
_PATCH = re.compile(rb"^From [0-9a-f]{40} Mon Sep 17 00:00:00 2001\r?$", re.M)
_TSV = re.compile(rb"^[0-9a-f]{7,40}\t[^\n]*\d{4}-\d\d-\d\d", re.M)
_EPOCH = re.compile(rb"^[0-9a-f]{7,40}[ \t|,;]+\d{9,10}[ \t|,;]", re.M)
_ONELINE = re.compile(rb"^[0-9a-f]{7,12} (\(.*?\) )?\S", re.M)
_GRAPH_PREFIX = re.compile(r"^[*|\\/_ .-]*?(?=commit [0-9a-f]{7,40}\b)")

_RAW = re.compile(r"(\d{9,11}) ([+-])(\d\d)(\d\d)")
_DEFAULT = re.compile(r"\w{3} (\w{3}) +(\d{1,2}) (\d\d:\d\d:\d\d) (\d{4})(?: ([+-]\d{4}))?")


def detect(head: bytes) -> bool:
    if _COMMIT.match(head.lstrip(b"\n")) or _PATCH.match(head) or _TSV.match(head) or _EPOCH.match(head):
        return True
    lines = [ln.decode("utf-8", "replace") for ln in head.split(b"\n")[:6] if ln.strip()]
    shas = [ln for ln in lines if re.match(r"[0-9a-f]{7,40}\b", ln)]
    if not lines or len(shas) < max(1, len(lines) - 1):
        return False
    if not any(re.match(r"[0-9]*[a-f]", ln) for ln in shas):  # digits only: epoch-prefixed log lines
        return False
    dated = sum(1 for ln in shas if _DATE_IN_LINE.search(ln, 7))
    return dated >= len(shas) - 1 or bool(_ONELINE.match(head))


def parse_git_date(text: str, tz: tzinfo | None = None) -> tuple[datetime, bool]:
    """Any date git prints, and whether its zone is assumed: ``Sat Aug 22 23:04:18 2026 +0900``,
    ISO (``2026-08-22 23:04:18 +0900``, strict), ``1787407458 +0900`` (raw), ``1787407458`` (unix),
    RFC 2822, ``--date=local`` (no offset) and ``--date=short`` (a day)."""
    text = text.strip()
    m = _RAW.fullmatch(text)
    if m:
        offset = timedelta(hours=int(m.group(3)), minutes=int(m.group(4)))
        zone = timezone(-offset if m.group(2) == "-" else offset)
        return datetime.fromtimestamp(int(m.group(1)), UTC).astimezone(zone), False
    if re.fullmatch(r"\d{9,11}", text):
        return datetime.fromtimestamp(int(text), UTC), False
    m = _DEFAULT.fullmatch(text)
    if m:
        naive = datetime.strptime(f"{m.group(1)} {m.group(2)} {m.group(3)} {m.group(4)}", "%b %d %H:%M:%S %Y")
        if m.group(5):
            sign = -1 if m.group(5)[0] == "-" else 1
            offset = timedelta(hours=int(m.group(5)[1:3]), minutes=int(m.group(5)[3:5]))
            return naive.replace(tzinfo=timezone(sign * offset)), False
        return times.attach(naive, tz)
    if re.match(r"\d{4}-", text):
        return times.parse_iso(re.sub(r" ([+-]\d\d:?\d\d)$", r"\1", text), tz)
    if re.search(r"\b(ago|yesterday|today)\b", text):
        raise times.TimeError(f"relative date {text[:40]!r} (use --date=iso)")
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError) as exc:
        raise times.TimeError(f"not a git date: {text[:40]!r}") from exc
    return (moment, False) if moment.tzinfo is not None else times.attach(moment, tz)


def _entry(ctx: Context, where: str, sha: str, when: str, author: str, subject: str,
           extra: dict[str, object]) -> Entry | None:
    ctx.report.read += 1
    try:
        moment, assumed = parse_git_date(when, ctx.tz)
        times.check_range(moment, ctx.now)
    except times.TimeError as exc:
        ctx.skip(where, str(exc))
        return None
    merge = subject.startswith("Merge ")
    return Entry(time=moment.astimezone(UTC), text=f"Commit {sha[:9]}: {subject}", source=NAME,
                 source_id=sha, kind=EntryKind.DEPLOY, actor=author, assumed_zone=assumed,
                 extra={**extra, "sha": sha, "merge": merge, "offset": moment.strftime("%z")})


def _who(value: str) -> str:
    return re.sub(r"\s*<[^>]*>$", "", value.strip())


def _medium(lines: Iterator[tuple[int, str]], ctx: Context) -> Iterator[Entry]:
    """The multi-line formats: ``commit <sha>`` (or ``From <sha> …`` of format-patch), headers, body."""
    sha = ""
    start = 0
    header: dict[str, str] = {}
    body: list[str] = []
    graph = 0

    def flush() -> Entry | None:
        if not sha:
            return None
        when = (header.get("commitdate") or header.get("committer-raw") or header.get("date")
                or header.get("authordate") or header.get("author-raw"))
        author = _who(header.get("author", "")) or _who(header.get("from", ""))
        subject = next((b.strip() for b in body if b.strip()), "") or header.get("subject", "")
        subject = re.sub(r"^\[PATCH[^\]]*\]\s*", "", subject)
        if not when:
            ctx.report.read += 1
            ctx.skip(f"line {start}", "commit without a date (use --pretty=medium or fuller, or --date=iso)")
            return None
        extra: dict[str, object] = {"author_date": header.get("authordate") or header.get("author-raw")
                                    or header.get("date", "")}
        return _entry(ctx, f"line {start}", sha, when, author, subject, extra)

    for number, raw_line in lines:
        line = raw_line
        m = _GRAPH_PREFIX.match(line)
        if m is not None:  # --graph draws its lanes in front of every line
            graph = len(m.group(0))
            line = line[graph:]
        elif graph and re.fullmatch(r"[*|\\/_ .-]*", line[:graph]):
            line = line[graph:]
        if m is not None:
            entry = flush()
            if entry:
                yield entry
            sha = line.split()[1]
            start, header, body = number, {}, []
            continue
        patch = re.match(r"From ([0-9a-f]{40}) Mon Sep 17 00:00:00 2001$", line)
        if patch:
            entry = flush()
            if entry:
                yield entry
            sha, start, header, body = patch.group(1), number, {}, []
            continue
        h = re.match(r"(Author|AuthorDate|Commit|CommitDate|Date|Merge|From|Subject):\s+(.*)$", line)
        if h and not body:
            header[h.group(1).lower()] = h.group(2)
            continue
        r = re.match(r"(author|committer) (.*?) (\d{9,11} [+-]\d{4})$", line)
        if r and not body:  # --pretty=raw
            header[r.group(1)] = r.group(2)
            header[f"{r.group(1)}-raw"] = r.group(3)
            continue
        if line.startswith("    "):
            body.append(line[4:])
    entry = flush()
    if entry:
        yield entry


_DATE_IN_LINE = re.compile(
    r"(?P<iso>\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?: ?(?:Z|[+-]\d\d:?\d\d))?)?)"
    r"|(?P<raw>\b\d{9,11}(?: [+-]\d{4})?\b)"
    r"|(?P<words>(?:\w{3},? )?(?:\w{3} +\d{1,2} \d\d:\d\d:\d\d \d{4}|\d{1,2} \w{3} \d{4} \d\d:\d\d:\d\d)"
    r"(?: [+-]\d{4})?)")


def _one_line(line: str, ctx: Context, where: str) -> Entry | None:
    """``--format`` one-liners: a sha first, a date somewhere, the rest author and subject."""
    m = re.match(r"([0-9a-f]{7,40})\b", line)
    if not m:
        ctx.report.read += 1
        ctx.skip(where, "not a git log line")
        return None
    sha, rest = m.group(1), line[m.end():]
    separator = next((s for s in ("\t", "|", ";") if s in rest), "")
    if separator:
        fields = [f.strip() for f in rest.split(separator)]
        fields = [f for f in fields if f]
        dated = [(i, f) for i, f in enumerate(fields) if _DATE_IN_LINE.fullmatch(f)]
        if dated:
            index, when = dated[-1] if len(dated) > 1 else dated[0]  # %aI %cI: the commit date is the later
            others = [f for i, f in enumerate(fields) if not any(i == d for d, _ in dated)]
            subject = others[-1] if others else ""
            author = _who(others[0]) if len(others) > 1 else ""
            dates: dict[str, object] = {"author_date": dated[0][1]} if len(dated) > 1 else {}
            return _entry(ctx, where, sha, when, author, subject, dates)
    d = _DATE_IN_LINE.search(rest)
    if not d:
        ctx.report.read += 1
        ctx.skip(where, "no date on this line (use --format='%H %cI %an %s')")
        return None
    when = d.group(0)
    tail = rest[d.end():]
    second = _DATE_IN_LINE.match(tail.lstrip(" "))  # "%at %ct": author then commit time
    extra: dict[str, object] = {}
    if second and second.group("raw") and d.group("raw"):
        extra["author_date"] = when
        when = second.group(0)
        tail = tail.lstrip(" ")[second.end():]
    tail = tail.strip(" -:|,")
    author, _, subject = tail.partition("|") if "|" in tail else ("", "", tail)
    if not subject and rest[:d.start()].strip(" -:|,"):
        subject = tail
        author = rest[:d.start()].strip(" -:|,")
    return _entry(ctx, where, sha, when, _who(author), subject.strip() or tail, extra)


def read(stream: IO[bytes], *, tz: tzinfo | None, name: str = "",
         report: ReadReport | None = None) -> Iterator[Entry]:
    ctx = Context(name, tz, report, NAME)
    lines = ((n, raw.decode("utf-8", "replace").rstrip("\r\n")) for n, raw in enumerate(stream, 1))
    first = next(((n, t) for n, t in lines if t.strip()), None)
    if first is None:
        return
    if _GRAPH_PREFIX.match(first[1]) or re.match(r"From [0-9a-f]{40} ", first[1]):
        yield from _medium(chain([first], lines), ctx)
        return
    if not _DATE_IN_LINE.search(first[1][7:]) and _ONELINE.match(first[1].encode()):
        raise ctx.fail(f"line {first[0]}", "git log --oneline has no dates; use "
                                           "git log --format='%H%x09%aI%x09%cI%x09%an%x09%s'")
    for number, line in chain([first], lines):
        if line.strip():
            entry = _one_line(line, ctx, f"line {number}")
            if entry:
                yield entry
