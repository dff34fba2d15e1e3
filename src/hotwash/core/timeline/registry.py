"""Which importer reads a file: ``FORMATS`` (name → module), ``detect_format`` and ``read_any``."""

from __future__ import annotations

import gzip
import io
import os
import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from types import ModuleType
from typing import IO, Any

from hotwash.core.errors import ImportFailed
from hotwash.core.model import Entry
from hotwash.core.timeline import (
    access,
    alertmanager,
    csvfile,
    datadog,
    discord,
    errorlog,
    github,
    gitlog,
    grafana,
    journald,
    jsonlog,
    kubernetes,
    mattermost,
    opsgenie,
    pagerduty,
    slack,
    statuspage,
    syslog,
    teams,
    textlog,
    zoom,
)
from hotwash.core.timeline.base import ReadReport

HEAD_BYTES = 64 * 1024

# Most specific first: the first module whose detect() accepts the head wins.
_ORDER: tuple[ModuleType, ...] = (
    slack, grafana, alertmanager, pagerduty, opsgenie, statuspage, kubernetes, github, datadog, discord,
    teams, mattermost, journald, jsonlog, zoom, gitlog, access, errorlog, syslog, csvfile, textlog,
)
FORMATS: dict[str, ModuleType] = {m.NAME: m for m in _ORDER}
ALIASES = {"k8s": "kubernetes", "git": "gitlog", "json": "jsonlog", "jsonl": "jsonlog", "nginx": "access",
           "apache": "access", "log": "textlog", "text": "textlog", "msteams": "teams", "am": "alertmanager",
           "prometheus": "alertmanager", "pd": "pagerduty", "journal": "journald"}


def format_names() -> list[str]:
    return sorted(FORMATS)


def resolve_format(name: str) -> ModuleType:
    key = ALIASES.get(name.lower(), name.lower())
    if key not in FORMATS:
        raise ImportFailed(f"unknown format {name!r}; choose one of: {', '.join(format_names())}", field="format")
    return FORMATS[key]


def detect_format(head: bytes, filename: str = "") -> str | None:
    """The name of the format of a file from its first bytes (and name), or None."""
    lowered = filename.lower()
    if head.startswith(b"PK\x03\x04") or lowered.endswith(".zip"):
        return slack.NAME
    if lowered.endswith(".csv") and csvfile.detect(head):
        return csvfile.NAME
    if jsonlog.looks_like_log(head):  # before the vendors: a log line may mention their words
        return jsonlog.NAME
    for module in _ORDER:
        try:
            if module.detect(head):
                return str(module.NAME)
        except (ValueError, IndexError):  # a detector that cannot judge this head
            continue
    return None


def _zip_format(stream: IO[bytes]) -> str | None:
    """A zip that is not a Slack export: a Mattermost bulk export (``import.jsonl``)."""
    import zipfile

    start = stream.tell()
    try:
        names = zipfile.ZipFile(stream).namelist()
    except (zipfile.BadZipFile, OSError, EOFError):
        return None
    finally:
        stream.seek(start)
    if any(re.search(r"(?:^|/)[^/]+/\d{4}-\d\d-\d\d\.json$", n) for n in names):
        return None
    return mattermost.NAME if any(n.endswith(".jsonl") for n in names) else None


def _open(path: Path) -> IO[bytes]:
    stream: IO[bytes] = path.open("rb")
    if stream.read(2) == b"\x1f\x8b":
        stream.close()
        return gzip.GzipFile(path, "rb")  # type: ignore[return-value]
    stream.seek(0)
    return stream


def read_any(source: str | os.PathLike[str] | IO[bytes], *, format: str | None = None,
             tz: tzinfo | None = None, name: str | None = None, report: ReadReport | None = None,
             channels: set[str] | None = None, day: date | None = None, year: int | None = None,
             progress: Callable[[int], None] | None = None) -> list[Entry]:
    """Read one artifact (a path, a Slack export folder, or a binary stream) into entries.

    The format is detected unless named. ``report`` (when given) is filled with what was read
    and skipped. Raises ImportFailed naming the file when nothing can be read.
    """
    report = report if report is not None else ReadReport()
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        label = name or path.name
        report.name = label
        if not path.exists():
            raise ImportFailed("no such file", where=label)
        if path.is_dir():
            module = resolve_format(format) if format else slack
            if module is not slack:
                raise ImportFailed(f"{module.NAME} cannot read a folder", where=label)
            report.format = slack.NAME
            return _finish(slack.read_path(path, tz=tz, name=label, report=report, channels=channels),
                           report, label)
        report.bytes_total = path.stat().st_size
        received = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        with _open(path) as stream:
            return _read_stream(stream, format=format, tz=tz, label=label, report=report, channels=channels,
                                day=day, year=year, progress=progress, received=received)
    label = name or getattr(source, "name", "") or "<input>"
    report.name = str(label)
    stream = source if source.seekable() else io.BytesIO(source.read())
    return _read_stream(stream, format=format, tz=tz, label=str(label), report=report, channels=channels,
                        day=day, year=year, progress=progress, received=None)


def _read_stream(stream: IO[bytes], *, format: str | None, tz: tzinfo | None, label: str, report: ReadReport,
                 channels: set[str] | None, day: date | None, year: int | None,
                 progress: Callable[[int], None] | None, received: datetime | None) -> list[Entry]:
    start = stream.tell()
    head = stream.read(HEAD_BYTES)
    stream.seek(start)
    if not head.strip():
        raise ImportFailed("the file is empty", where=label)
    if format:
        module = resolve_format(format)
    else:
        detected = detect_format(head, label)
        if detected == slack.NAME and head.startswith(b"PK\x03\x04"):
            detected = _zip_format(stream) or detected
        if detected is None:
            raise ImportFailed("could not recognise the format; name it with --format "
                               f"({', '.join(format_names())})", where=label)
        module = FORMATS[detected]
    report.format = str(module.NAME)
    kwargs: dict[str, Any] = {"tz": tz, "name": label, "report": report}
    if module is slack:
        kwargs["channels"] = channels
    elif module is zoom:
        kwargs["day"] = day
    elif module in (syslog, textlog):
        kwargs["year"] = year
    elif module is grafana:
        kwargs["received"] = received
    elif module is jsonlog:
        kwargs["progress"] = progress
    return _finish(module.read(stream, **kwargs), report, label)


def _finish(entries: Iterator[Entry], report: ReadReport, label: str) -> list[Entry]:
    try:
        out = list(entries)
    except ImportFailed:
        raise
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ImportFailed(f"could not read this file as {report.format}: {exc}", where=label) from exc
    for entry in out:
        report.saw(entry)
    if not out and report.skipped:
        first = report.skips[0]
        raise ImportFailed(f"nothing readable ({report.skipped:,} records skipped; first: {first.reason})",
                           where=f"{label}:{first.where}")
    return out
