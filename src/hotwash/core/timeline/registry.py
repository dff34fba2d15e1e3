"""Which importer reads a file: ``FORMATS`` (name → module), ``detect_format`` and ``read_any``."""

from __future__ import annotations

import csv
import gzip
import importlib
import io
import json
import os
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from types import ModuleType
from typing import IO, Any

from hotwash.core.errors import ImportFailed
from hotwash.core.model import Entry
from hotwash.core.timeline.base import ReadReport

HEAD_BYTES = 64 * 1024

# Most specific first: the first module whose detect() accepts the head wins. Modules are
# imported on first use (detection imports them in this order and stops at the first that
# accepts), so reading one JSON log does not load the twenty other importers.
ORDER: tuple[str, ...] = (
    "slack", "grafana", "alertmanager", "pagerduty", "opsgenie", "statuspage", "kubernetes", "github", "datadog",
    "discord", "teams", "mattermost", "journald", "jsonlog", "zoom", "gitlog", "access", "errorlog", "syslog",
    "csvfile", "textlog",
)
# The format names (each module's NAME) in the same order; a test checks they agree.
NAMES: tuple[str, ...] = (
    "slack", "grafana", "alertmanager", "pagerduty", "opsgenie", "statuspage", "kubernetes", "github", "datadog",
    "discord", "teams", "mattermost", "journald", "jsonlog", "zoom", "gitlog", "access", "errorlog", "syslog",
    "csv", "textlog",
)


def _load(module_name: str) -> ModuleType:
    return importlib.import_module(f"hotwash.core.timeline.{module_name}")


class _Formats(Mapping[str, ModuleType]):
    """Format name → importer module, imported when first looked up."""

    def __init__(self) -> None:
        self._modules = dict(zip(NAMES, ORDER, strict=True))

    def __getitem__(self, name: str) -> ModuleType:
        return _load(self._modules[name])

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __len__(self) -> int:
        return len(self._modules)

    def __contains__(self, name: object) -> bool:
        return name in self._modules


FORMATS: Mapping[str, ModuleType] = _Formats()
ALIASES = {"k8s": "kubernetes", "git": "gitlog", "json": "jsonlog", "jsonl": "jsonlog", "nginx": "access",
           "apache": "access", "log": "textlog", "text": "textlog", "msteams": "teams", "am": "alertmanager",
           "prometheus": "alertmanager", "pd": "pagerduty", "journal": "journald"}


def format_names() -> list[str]:
    return sorted(NAMES)


def resolve_format(name: str) -> ModuleType:
    key = ALIASES.get(name.lower(), name.lower())
    if key not in FORMATS:
        raise ImportFailed(f"unknown format {name!r}; choose one of: {', '.join(format_names())}", field="format")
    return FORMATS[key]


def detect_format(head: bytes, filename: str = "") -> str | None:
    """The name of the format of a file from its first bytes (and name), or None."""
    lowered = filename.lower()
    if head.startswith(b"PK\x03\x04") or lowered.endswith(".zip"):
        return "slack"
    if lowered.endswith(".csv") and FORMATS["csv"].detect(head):
        return "csv"
    if FORMATS["jsonlog"].looks_like_log(head):  # before the vendors: a log line may mention their words
        return "jsonlog"
    for module_name in ORDER:
        module = _load(module_name)
        try:
            if module.detect(head):
                return str(module.NAME)
        except (ValueError, IndexError, csv.Error):  # a detector that cannot judge this head (binary …)
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
    return "mattermost" if any(n.endswith(".jsonl") for n in names) else None


def _open(path: Path) -> IO[bytes]:
    stream: IO[bytes] = path.open("rb")
    if not stream.seekable():  # a pipe (/dev/stdin, <(...)): read it once into memory
        with stream:
            stream = io.BytesIO(stream.read())
    if stream.read(2) == b"\x1f\x8b":
        if isinstance(stream, io.BytesIO):
            stream.seek(0)
            return gzip.GzipFile(fileobj=stream, mode="rb")  # type: ignore[return-value]
        stream.close()
        return gzip.GzipFile(path, "rb")  # type: ignore[return-value]
    stream.seek(0)
    return stream


def read_any(source: str | os.PathLike[str] | IO[bytes], *, format: str | None = None,
             tz: tzinfo | None = None, name: str | None = None, report: ReadReport | None = None,
             channels: set[str] | None = None, day: date | None = None, year: int | None = None,
             progress: Callable[[int], None] | None = None, file_time: bool = True) -> list[Entry]:
    """Read one artifact (a path, a Slack export folder, or a binary stream) into entries.

    The format is detected unless named. ``report`` (when given) is filled with what was read
    and skipped. Raises ImportFailed naming the file when nothing can be read. ``file_time=False``
    says a path's modification time is not when the artifact was made (an upload, a file taken out
    of a zip): kubectl's event table, which needs it, is then refused.
    """
    report = report if report is not None else ReadReport()
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        label = name or path.name
        report.name = label
        if not path.exists():
            raise ImportFailed("no such file", where=label)
        if path.is_dir():
            module = resolve_format(format) if format else FORMATS["slack"]
            hint = f"; to read the files in it, name them ({label}/*)"
            if module.NAME != "slack":
                raise ImportFailed(f"{module.NAME} cannot read a folder{hint}", where=label)
            report.format = module.NAME
            try:
                return _finish(module.read_path(path, tz=tz, name=label, report=report, channels=channels),
                               report, label)
            except ImportFailed as exc:
                if format or "no channel day files" not in exc.message:
                    raise
                raise ImportFailed("a folder is read as a Slack export, but this one has no channel day files "
                                   f"(channel/YYYY-MM-DD.json){hint}", where=exc.where) from exc
        try:
            info = path.stat()
            report.bytes_total = info.st_size
            received = datetime.fromtimestamp(info.st_mtime, UTC)
            with _open(path) as stream:
                return _read_stream(stream, format=format, tz=tz, label=label, report=report, channels=channels,
                                    day=day, year=year, progress=progress, received=received,
                                    file_time=file_time)
        except EOFError as exc:  # gzip: the compressed stream ends early
            raise ImportFailed("the compressed file is truncated", where=label) from exc
        except OSError as exc:  # permissions, a broken gzip header, an I/O error
            raise ImportFailed(f"cannot read this file: {exc.strerror or exc}", where=label) from exc
    label = name or getattr(source, "name", "") or "<input>"
    report.name = str(label)
    stream = source if source.seekable() else io.BytesIO(source.read())
    return _read_stream(stream, format=format, tz=tz, label=str(label), report=report, channels=channels,
                        day=day, year=year, progress=progress, received=None)


def _read_stream(stream: IO[bytes], *, format: str | None, tz: tzinfo | None, label: str, report: ReadReport,
                 channels: set[str] | None, day: date | None, year: int | None,
                 progress: Callable[[int], None] | None, received: datetime | None,
                 file_time: bool = False) -> list[Entry]:
    start = stream.tell()
    head = stream.read(HEAD_BYTES)
    stream.seek(start)
    if head.startswith((_BOM_UTF8, b"\xff\xfe", b"\xfe\xff")):
        with _plain_utf8(stream, head, label) as plain:
            return _read_stream(plain, format=format, tz=tz, label=label, report=report, channels=channels,
                                day=day, year=year, progress=progress, received=received, file_time=file_time)
    if not head.strip():
        raise ImportFailed("the file is empty", where=label)
    if format:
        module = resolve_format(format)
    else:
        detected = detect_format(head, label)
        if detected == "slack" and head.startswith(b"PK\x03\x04"):
            detected = _zip_format(stream) or detected
        if detected is None:
            _refuse_broken_json(stream, head, label)
            _refuse_empty(head, label)
            if b"\x00" in head[:4096]:
                raise ImportFailed("a binary file, not a text, JSON, gzip or zip export; if it is one, name its "
                                   f"format with --format ({', '.join(format_names())})", where=label)
            raise ImportFailed("could not recognise the format; name it with --format "
                               f"({', '.join(format_names())})", where=label)
        module = FORMATS[detected]
    report.format = str(module.NAME)
    kwargs: dict[str, Any] = {"tz": tz, "name": label, "report": report}
    name = module.NAME
    if name == "slack":
        kwargs["channels"] = channels
    elif name == "zoom":
        kwargs["day"] = day
    elif name in ("syslog", "textlog"):
        kwargs["year"] = year
    elif name in ("grafana", "kubernetes"):
        kwargs["received"] = received if file_time else None
    elif name == "jsonlog":
        kwargs["progress"] = progress
    return _finish(module.read(stream, **kwargs), report, label)


_BOM_UTF8 = b"\xef\xbb\xbf"


def _plain_utf8(stream: IO[bytes], head: bytes, label: str) -> IO[bytes]:
    """The stream without its byte order mark, as UTF-8 (Windows tools write a UTF-8 BOM; PowerShell
    5's ``>`` writes UTF-16): a temporary file, so every reader (and the log fast path) sees plain
    bytes from offset 0."""
    import codecs
    import shutil
    import tempfile

    out = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the caller's with)
    if head.startswith(_BOM_UTF8):
        stream.read(3)
        shutil.copyfileobj(stream, out, 1 << 20)
    else:
        encoding = "utf-16-le" if head.startswith(b"\xff\xfe") else "utf-16-be"
        stream.read(2)
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        try:
            while chunk := stream.read(1 << 20):
                out.write(decoder.decode(chunk).encode("utf-8"))
            out.write(decoder.decode(b"", final=True).encode("utf-8"))
        except UnicodeDecodeError as exc:
            out.close()
            raise ImportFailed(f"not valid {encoding.upper()} text (it starts with a UTF-16 byte order mark)",
                               where=label) from exc
    out.seek(0)
    return out


JSON_CHECK_BYTES = 16 << 20


def _refuse_broken_json(stream: IO[bytes], head: bytes, label: str) -> None:
    """When a file that no format recognised looks like JSON but is not valid JSON (a truncated
    download, a vendor sample with comments), say where it breaks instead of "unrecognised"."""
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] not in (b"{", b"["):
        return
    start = stream.tell()
    raw = stream.read(JSON_CHECK_BYTES + 1)
    stream.seek(start)
    if len(raw) > JSON_CHECK_BYTES:
        return
    text = raw.decode("utf-8", "replace").removeprefix("\ufeff")
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        if not exc.msg.startswith("Extra data"):
            problem = ("the JSON ends early (a truncated file?)" if exc.pos >= len(text.rstrip())
                       else f"invalid JSON: {exc.msg} (column {exc.colno})")
            raise ImportFailed(f"{problem}; no format could be recognised",
                               where=f"{label}:line {exc.lineno}") from exc
        for number, line in enumerate(text.splitlines(), 1):  # JSON lines: the first bad one
            if not line.strip():
                continue
            try:
                json.loads(line)
            except json.JSONDecodeError as inner:
                raise ImportFailed(f"invalid JSON: {inner.msg} (column {inner.colno}); no format could be "
                                   "recognised", where=f"{label}:line {number}") from inner


_EMPTY_YAML_LIST = re.compile(rb"^items: \[\]\s*$", re.M)


def _refuse_empty(head: bytes, label: str) -> None:
    """An export that holds no records (``kubectl get events -o json`` after the events expired,
    a webhook with ``"alerts": []``, ``[]``): say so instead of "unrecognised"."""
    if len(head) < HEAD_BYTES:
        text = head.decode("utf-8", "replace").strip()
        if text.startswith("No resources found"):
            raise ImportFailed(f"kubectl found nothing to export ({text.splitlines()[0]})", where=label)
        try:
            doc = json.loads(text)
        except ValueError:
            doc = None
        lists = [doc] if isinstance(doc, list) else [v for v in doc.values() if isinstance(v, list)] \
            if isinstance(doc, dict) else []
        if lists and not any(lists):
            key = "" if isinstance(doc, list) else next(k for k, v in doc.items() if isinstance(v, list))
            raise ImportFailed(f"no records: the file holds only an empty list{f' ({key!r})' if key else ''}",
                               where=label)
    if _EMPTY_YAML_LIST.search(head) and b"kind: List" in head:
        raise ImportFailed("no records: the file holds only an empty list ('items')", where=label)


def _finish(entries: Iterator[Entry], report: ReadReport, label: str) -> list[Entry]:
    try:
        out = list(entries)
    except ImportFailed:
        raise
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError, IndexError, csv.Error) as exc:
        raise ImportFailed(f"could not read this file as {report.format}: {exc}", where=label) from exc
    for entry in out:
        report.saw(entry)
    if not out and report.skipped:
        first = report.skips[0]
        raise ImportFailed(f"nothing readable ({report.skipped:,} records skipped; first: {first.reason})",
                           where=f"{label}:{first.where}")
    return out
