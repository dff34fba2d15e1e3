"""The table ``kubectl get events`` / ``kubectl events`` print by default (and with ``-o wide``,
``-A``, old kubectl's ``FIRST SEEN  COUNT  NAME  KIND …`` layout).

The table shows ages (``5m``, ``2m30s``, ``3h4m``, ``12d``, ``19s (x4 over 2m)``), not times, so a
time needs the moment kubectl ran: the file's modification time (``kubectl get events > events.txt``
writes the file when it runs). Without one (an upload, a stream) the table is refused with a hint to
use ``-o json`` or ``-o yaml``. Ages are rounded by kubectl (to the minute from 10 minutes, to the
hour from 8 hours, to the day from 8 days), so each entry keeps its age and the precision in ``extra``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import IO

from hotwash.core.model import Entry, EntryKind
from hotwash.core.timeline.base import Context

HEADER = re.compile(r"^(NAMESPACE\s+)?LAST SEEN\s+(?:FIRST SEEN\s+)?(?:COUNT\s+)?(?:NAME\s+)?TYPE\s+REASON"
                    r"|^(NAMESPACE\s+)?LAST SEEN\s+FIRST SEEN\s+COUNT\s+NAME\s+KIND")
COLUMNS = ("NAMESPACE", "LAST SEEN", "FIRST SEEN", "COUNT", "NAME", "KIND", "SUBOBJECT", "TYPE", "REASON",
           "OBJECT", "SOURCE", "MESSAGE")
_AGE = re.compile(r"^(?:(\d+)y)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")
_REPEATS = re.compile(r"^(\S+)\s+\(x(\d+) over (\S+)\)$")
DEPLOY_REASONS = {"ScalingReplicaSet", "SuccessfulCreate", "SuccessfulDelete", "Pulled", "Created", "Started",
                  "Killing", "SuccessfulRescale", "DeploymentRollback"}
REFUSAL = ("kubectl's event table shows ages, not times, and this input has no time of its own to count "
           "them back from; use kubectl get events -o json (or -o yaml)")


def occurrences(first: Entry, last: datetime | None, count: int, ident: str) -> list[Entry]:
    """A repeated event as the timeline needs it: ``first`` (made at its first occurrence) with the
    id ``<ident>:first``, and, when it repeated (``count`` > 1) until a later ``last`` time, a second
    entry there (``… (last seen, ×N since 10:00:00 UTC)``, id ``<ident>:last``,
    ``extra["occurrence"] = "last"``: a later snapshot of the same event replaces it in a merge)."""
    first.source_id = f"{ident}:first"
    first.extra["occurrence"] = "first"
    if count <= 1 or last is None or last <= first.time:
        if count > 1:
            first.text += f" (×{count})"
        return [first]
    last = last.astimezone(UTC)
    since = first.time.astimezone(UTC)
    shown = since.strftime("%H:%M:%S" if since.date() == last.date() else "%Y-%m-%d %H:%M:%S")
    again = replace(first, time=last, text=f"{first.text} (last seen, ×{count} since {shown} UTC)",
                    source_id=f"{ident}:last", extra={**first.extra, "occurrence": "last",
                                                      "first_seen": since.isoformat()})
    first.extra["last_seen"] = last.isoformat()
    return [first, again]


def is_table(head: bytes) -> bool:
    first = head.lstrip(b"\xef\xbb\xbf\r\n").split(b"\n", 1)[0].decode("utf-8", "replace")
    return bool(HEADER.match(first))


def age(text: str) -> timedelta | None:
    """``2m30s`` → 150 s; ``<unknown>``/``<invalid>`` → None."""
    m = _AGE.match(text.strip())
    if not m or not any(m.groups()):
        return None
    years, days, hours, minutes, seconds = (int(g or 0) for g in m.groups())
    return timedelta(days=365 * years + days, hours=hours, minutes=minutes, seconds=seconds)


def precision(text: str) -> timedelta:
    """How far kubectl rounded an age (``HumanDuration``): exact seconds below 10 minutes, minutes
    below 8 hours, hours below 8 days, then days."""
    ago = age(text) or timedelta(0)
    if ago < timedelta(minutes=10):
        return timedelta(seconds=1)
    if ago < timedelta(hours=8):
        return timedelta(minutes=1)
    return timedelta(hours=1) if ago < timedelta(days=8) else timedelta(days=1)


def _spans(header: str) -> list[tuple[str, int]]:
    spans = []
    for name in COLUMNS:
        m = re.search(rf"(?:^|(?<=\s)){re.escape(name)}(?=\s|$)", header)
        if m:
            spans.append((name, m.start()))
    return sorted(spans, key=lambda s: s[1])


def _cells(line: str, spans: list[tuple[str, int]]) -> dict[str, str]:
    cells = {}
    for i, (name, start) in enumerate(spans):
        end = spans[i + 1][1] if i + 1 < len(spans) else None
        cells[name] = line[start:end].strip()
    return cells


def read(stream: IO[bytes], ctx: Context, received: datetime | None) -> Iterator[Entry]:
    if received is None:
        raise ctx.fail("line 1", REFUSAL)
    received = received.replace(microsecond=0)  # ages are whole seconds at best
    text = stream.read().decode("utf-8", "replace").removeprefix("\ufeff")
    ctx.report.note("kubectl event table: times are ages counted back from the file's modification time "
                    f"({received:%Y-%m-%d %H:%M:%S} UTC), rounded as kubectl shows them")
    spans: list[tuple[str, int]] = []
    pending: tuple[str, dict[str, str]] | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if not line.strip():
            continue
        if HEADER.match(line):  # --watch prints the header again
            if pending:
                yield from _entry(*pending, ctx, received)
                pending = None
            spans = _spans(line)
            continue
        if not spans:
            raise ctx.fail(f"line {number}", "no kubectl event table header (LAST SEEN  TYPE  REASON …) above")
        cells = _cells(line, spans)
        if pending and not _starts_row(cells):  # a message printed over several lines
            pending[1]["MESSAGE"] = f"{pending[1].get('MESSAGE', '')} {line.strip()}"
            continue
        if pending:
            yield from _entry(*pending, ctx, received)
        pending = (f"line {number}", cells)
    if pending:
        yield from _entry(*pending, ctx, received)
    if not spans:
        raise ctx.fail("line 1", "no kubectl event table header")


def _starts_row(cells: dict[str, str]) -> bool:
    seen = cells.get("LAST SEEN", "").split(" ")[0]
    return seen.startswith("<") or age(seen) is not None or cells.get("TYPE") in ("Normal", "Warning")


def _entry(where: str, cells: dict[str, str], ctx: Context, received: datetime) -> Iterator[Entry]:
    ctx.report.read += 1
    seen = cells.get("LAST SEEN", "")
    count_text = cells.get("COUNT", "")
    first_seen = cells.get("FIRST SEEN", "")
    repeats = _REPEATS.match(seen)
    if repeats:
        seen, count_text, first_seen = repeats.group(1), repeats.group(2), repeats.group(3)
    ago = age(seen)
    if ago is None:
        ctx.skip(where, f"no time: LAST SEEN is {seen or 'empty'!r}")
        return
    count = int(count_text) if count_text.isdigit() else 1
    first_ago = age(first_seen.split(" ")[0]) if first_seen else None
    if first_ago is None or first_ago < ago:
        first_ago = ago  # no FIRST SEEN (one occurrence), or one rounded below LAST SEEN
    # old kubectl: KIND + NAME, the event's name (the object's name and a hex suffix)
    old_name = re.sub(r"\.[0-9a-f]{8,}$", "", cells.get("NAME", ""))
    obj = cells.get("OBJECT") or "/".join(p for p in (cells.get("KIND", "").lower(), old_name) if p)
    namespace = cells.get("NAMESPACE", "")
    subject = f"{namespace}/{obj}" if namespace else obj
    reason = cells.get("REASON", "")
    message = cells.get("MESSAGE", "")
    etype = cells.get("TYPE") or "Normal"
    text = f"{reason} {subject}: {message}".strip()
    digest = hashlib.sha1(f"{subject}\x00{reason}\x00{message}".encode()).hexdigest()[:16]
    kind = EntryKind.ALERT if etype == "Warning" else EntryKind.DEPLOY if reason in DEPLOY_REASONS else EntryKind.LOG
    shown_first = first_seen.split(" ")[0] if first_seen and first_ago != ago else seen
    entry = ctx.entry((received - first_ago).isoformat(), where, text, "", kind,
                      actor=cells.get("SOURCE", ""),
                      extra={"reason": reason, "type": etype, "count": count, "object": subject,
                             "age": shown_first, "age_precision_s": int(precision(shown_first).total_seconds()),
                             "time_from": "age before the file's modification time"})
    if entry:
        for one in occurrences(entry, received - ago, count, f"table:{digest}"):
            if one.extra["occurrence"] == "last":
                one.extra.update(age=seen, age_precision_s=int(precision(seen).total_seconds()))
            yield one
