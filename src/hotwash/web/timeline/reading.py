"""Reading artifacts for an import into an incident: files and zips → per-source results, merged.

No Django here (the CLI and the web preview share it). A zip that is a Slack export is read as
one Slack source; any other zip is unpacked into a work folder and each member is read on its
own (``bundle.zip/app.log``). The entries of all sources are merged (sorted, de-duplicated)
and split into those inside the incident window (plus a margin) and those outside.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path, PurePosixPath
from typing import Any

from hotwash.core.errors import ImportFailed
from hotwash.core.model import Entry, EntryKind
from hotwash.core.timeline import ReadReport, merge, read_any, rfc3339
from hotwash.core.timeline.merge import is_running

DEFAULT_MARGIN = timedelta(minutes=30)
MAX_UNPACKED = 4 << 30  # bytes a zip may expand to, all members together
MAX_MEMBERS = 500
_SLACK_DAY = re.compile(r"(?:^|/)[^/]+/\d{4}-\d\d-\d\d\.json$")
_IGNORABLE = ("could not recognise the format", "the file is empty", "a binary file", "no records",
              "kubectl found nothing")
_SLACK_TOP = {"users.json", "channels.json", "groups.json", "mpims.json", "dms.json", "org_users.json"}


@dataclass
class SourceRead:
    """What reading one file (or one zip member) gave: counts, skipped records, entries, or an error."""

    name: str
    format: str = ""
    read: int = 0
    skipped: int = 0
    skips: list[tuple[str, str]] = field(default_factory=list)
    reasons: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    error: str = ""
    ignored: str = ""  # a zip member left out (not a recognised format, empty): does not block the import
    first: datetime | None = None
    last: datetime | None = None
    # filled by ``split``: what happens to the entries of this source
    duplicates: int = 0  # the same event seen in another source of this import
    outside: int = 0
    present: int = 0
    new: int = 0

    @classmethod
    def from_report(cls, name: str, report: ReadReport, entries: list[Entry]) -> SourceRead:
        return cls(name=name, format=report.format, read=report.read, skipped=report.skipped,
                   skips=[(s.where, s.reason) for s in report.skips], reasons=dict(report.reasons),
                   notes=list(report.notes), entries=entries, first=report.first, last=report.last)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready summary (without the entries) for the stored preview."""
        return {"name": self.name, "format": self.format, "read": self.read, "skipped": self.skipped,
                "skips": [list(s) for s in self.skips[:20]], "reasons": self.reasons, "notes": self.notes,
                "entries": len(self.entries), "error": self.error, "ignored": self.ignored,
                "first": rfc3339(self.first) if self.first else None,
                "last": rfc3339(self.last) if self.last else None, "duplicates": self.duplicates,
                "outside": self.outside, "present": self.present, "new": self.new}


def _is_slack_export(names: Sequence[str]) -> bool:
    return any(_SLACK_DAY.search(n) for n in names) or any(PurePosixPath(n).name in _SLACK_TOP and
                                                          n.count("/") <= 1 for n in names)


def _wanted_member(info: zipfile.ZipInfo) -> bool:
    parts = PurePosixPath(info.filename).parts
    return (not info.is_dir() and info.file_size > 0 and "__MACOSX" not in parts
            and not any(p.startswith(".") for p in parts))


def expand(name: str, path: Path, workdir: Path, *, format: str | None = None,
           depth: int = 0) -> list[tuple[str, Path]]:
    """The readable units of one file: itself, or each member of a zip that is not a Slack export.

    Raises ImportFailed naming the file for a truncated or damaged zip and for a zip that would
    expand beyond ``MAX_UNPACKED`` bytes or ``MAX_MEMBERS`` files.
    """
    if path.is_dir():  # an unpacked Slack export
        return [(name, path)]
    with path.open("rb") as stream:
        head = stream.read(4)
    if head != b"PK\x03\x04" and not name.lower().endswith(".zip"):
        return [(name, path)]
    if format and format.lower() == "slack":
        return [(name, path)]
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ImportFailed(f"not a readable zip file: truncated or damaged ({exc})", where=name) from exc
    with archive:
        infos = archive.infolist()
        if _is_slack_export([i.filename for i in infos]):
            return [(name, path)]
        members = [i for i in infos if _wanted_member(i)]
        if not members:
            raise ImportFailed("the zip holds no files", where=name)
        if len(members) > MAX_MEMBERS:
            raise ImportFailed(f"the zip holds {len(members):,} files; at most {MAX_MEMBERS} are read", where=name)
        if sum(i.file_size for i in members) > MAX_UNPACKED:
            raise ImportFailed(f"the zip would expand to more than {MAX_UNPACKED >> 30} GB", where=name)
        out: list[tuple[str, Path]] = []
        for number, info in enumerate(members, 1):
            label = f"{name}/{info.filename}"
            target = workdir / f"z{depth}-{number}-{PurePosixPath(info.filename).name}"
            try:
                with archive.open(info) as src, target.open("wb") as dst:
                    _copy_limited(src, dst, info.file_size, label)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise ImportFailed(f"not a readable zip member: truncated or damaged ({exc})", where=label) from exc
            if depth < 1:
                out.extend(expand(label, target, workdir, format=format, depth=depth + 1))
            else:
                out.append((label, target))
        return out


def _copy_limited(src: Any, dst: Any, declared: int, label: str) -> None:
    written = 0
    while chunk := src.read(1 << 20):
        written += len(chunk)
        if written > declared + (1 << 20):
            raise ImportFailed("zip member larger than its header says", where=label)
        dst.write(chunk)


def read_sources(files: Iterable[tuple[str, Path]], *, workdir: Path, format: str | None = None,
                 tz: tzinfo | None = None, channels: set[str] | None = None,
                 progress: Callable[[str, Path], Callable[[int], None] | None] | None = None,
                 file_times: bool = True) -> list[SourceRead]:
    """Read every file (zips expanded); a file that cannot be read gets ``error`` set, the others go on.

    ``file_times``: the files' modification times are when they were made (files named on the
    command line), not when they were uploaded; members taken out of a zip never have one.

    ``progress(label, path)`` may return a callback that receives the bytes read so far (large logs).
    """
    out: list[SourceRead] = []
    for name, path in files:
        try:
            units = expand(name, path, workdir, format=format)
        except ImportFailed as exc:
            out.append(SourceRead(name=name, error=str(exc)))
            continue
        for label, unit in units:
            report = ReadReport(name=label)
            try:
                entries = read_any(unit, format=format, tz=tz, name=label, report=report, channels=channels,
                                   progress=progress(label, unit) if progress else None,
                                   file_time=file_times and label == name)
            except ImportFailed as exc:
                if label != name and not format and exc.message.startswith(_IGNORABLE):
                    # one member of a zip of many: a README or a picture does not block the others
                    out.append(SourceRead(name=label, ignored=exc.message.split(";")[0]))
                    continue
                message = str(exc) if (exc.where or "").startswith(label) else f"{label}: {exc}"
                out.append(SourceRead(name=label, format=report.format, error=message))
                continue
            out.append(SourceRead.from_report(label, report, entries))
    return out


def in_window(moment: datetime, start: datetime | None, end: datetime | None, margin: timedelta) -> bool:
    return ((start is None or moment >= start - margin) and (end is None or moment <= end + margin))


def split(sources: list[SourceRead], *, start: datetime | None, end: datetime | None,
          margin: timedelta = DEFAULT_MARGIN, present: set[tuple[str, str]] | None = None,
          clip: bool = True) -> list[tuple[Entry, bool, int]]:
    """Merge the readable sources: each kept entry, whether it is inside the window, its source's index.

    Fills each source's ``duplicates``, ``outside``, ``present`` (already in the incident) and ``new``.
    """
    present = present or set()
    owner: dict[int, SourceRead] = {}
    index: dict[int, int] = {}
    for number, source in enumerate(sources):
        index[id(source)] = number
        for entry in source.entries:
            owner[id(entry)] = source
        source.duplicates = source.outside = source.present = source.new = 0
    merged = merge(*(s.entries for s in sources if not s.error))
    kept_per_source: dict[int, int] = {}
    out: list[tuple[Entry, bool, int]] = []
    for entry in merged:
        source = owner[id(entry)]
        kept_per_source[id(source)] = kept_per_source.get(id(source), 0) + 1
        inside = not clip or in_window(entry.time, start, end, margin)
        if not inside:
            source.outside += 1
        elif entry.source_id and (entry.source[:50], entry.source_id[:300]) in present:
            source.present += 1
        else:
            source.new += 1
        out.append((entry, inside, index[id(source)]))
    for source in sources:
        source.duplicates = len(source.entries) - kept_per_source.get(id(source), 0)
    return out


def entry_to_json(entry: Entry, *, inside: bool = True, file: int = 0) -> dict[str, Any]:
    return {"time": rfc3339(entry.time), "text": entry.text, "source": entry.source, "source_id": entry.source_id,
            "kind": entry.kind.value, "actor": entry.actor, "link": entry.link, "assumed_zone": entry.assumed_zone,
            "inside": inside, "file": file, "running": is_running(entry)}


def entry_from_json(data: dict[str, Any]) -> Entry:
    time = datetime.fromisoformat(str(data["time"]).replace("Z", "+00:00")).astimezone(UTC)
    return Entry(time=time, text=str(data["text"]), source=str(data["source"]), source_id=str(data["source_id"]),
                 kind=EntryKind(str(data.get("kind") or "manual")), actor=str(data.get("actor") or ""),
                 link=str(data.get("link") or ""), assumed_zone=bool(data.get("assumed_zone")),
                 extra={"occurrence": "last"} if data.get("running") else {})
