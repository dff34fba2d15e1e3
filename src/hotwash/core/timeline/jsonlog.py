"""JSON-lines application logs: ECS (``@timestamp``), zap (``ts`` epoch float), logrus
(``time`` with offset and zone abbreviation), structlog (``timestamp``, ``event``), bunyan
(``time`` + numeric ``level``), pino (``time`` epoch ms + numeric level), Rust tracing
(``fields.message``), OTLP JSON (``resourceLogs``), and lines behind a ``name |`` prefix.

Logs are summarised (see ``summarise``). Small files are parsed line by line. Large files take
a fast path: per-minute line counts are sampled from raw bytes (the first and last line of each
block of ``BLOCK`` bytes, bisected where the minute changes) and only lines that a byte-level
pattern marks as interesting (a warning-or-worse level, a restart or deploy word) are parsed as
JSON. A file is read in chunks with ``pread`` into one reused buffer; newlines are counted with
numpy once a file is large enough to repay its import (``NUMPY_MIN``), a block at a time into a
small reused mask, else with ``bytes.count``; a marked line's number comes from the same count (the
block is counted up to each marked line), so every byte is counted once.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import pickle
import re
import signal
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import IO, Any, Protocol

from hotwash.core.model import Entry
from hotwash.core.timeline import times
from hotwash.core.timeline.base import Context, ReadReport, dig, text_of
from hotwash.core.timeline.summarise import INFO, WARN, LogSummary, level_of, readable, template

try:  # orjson parses the interesting lines faster; the standard library does the same job
    import orjson

    _loads: Callable[[bytes | bytearray], Any] = orjson.loads
    _JSONError: tuple[type[Exception], ...] = (orjson.JSONDecodeError, ValueError)
except ImportError:  # pragma: no cover
    _loads = json.loads
    _JSONError = (ValueError,)

_hs: Any
try:  # Hyperscan (SIMD multi-pattern) scans a gigabyte fastest; then RE2; Python's re is the fallback
    import hyperscan as _hs
except ImportError:  # pragma: no cover
    _hs = None

NAME = "jsonlog"
TIME_KEYS = ("@timestamp", "timestamp", "time", "ts", "t", "date", "datetime", "eventTime", "timeUnixNano",
             "logged_at", "asctime", "Timestamp", "TimeStamp", "@t", "timeMillis", "instant", "time_iso8601",
             "time_local", "receiveTimestamp", "EventTime", "created")
LEVEL_KEYS = ("level", "lvl", "severity", "log.level", "levelname", "loglevel", "severityText", "@level", "Level",
              "@l", "log_level", "Severity", "priority")
MESSAGE_KEYS = ("message", "msg", "event", "MESSAGE", "text", "body", "log", "Message", "@m", "short_message",
                "textPayload", "jsonPayload.message", "line", "@mt", "full_message")
FAST_THRESHOLD = 8 << 20
CHUNK = 8 << 20
BLOCK = 256 << 10  # minute sampling: the first and last line of each block of about this size
SAMPLE = 64 << 10  # the head sample that decides the time key and whether lines have a level
PARALLEL_MIN = 64 << 20
NUMPY_MIN = 192 << 20  # from this many bytes on, newlines are counted with numpy (its import costs ~0.1 s)
WORKERS: int | None = None  # processes for large files; None: ``default_workers`` (the CLI sets it)
CPU_SINCE: CpuSample | None = None  # an earlier ``cpu_sample`` (the CLI's start): the idle CPUs are measured from it

# The keys a level is found under (each also a plain literal for Hyperscan below).
_LEVEL_KEYS_B = (b"level", b"lvl", b"severity", b"log.level", b"levelname", b"loglevel", b"log_level",
                 b"severityText", b"@level", b"@l")
_LEVEL_KEY = rb'"(?:' + b"|".join(re.escape(k) for k in _LEVEL_KEYS_B) + rb')"'
_HAS_LEVEL = re.compile(_LEVEL_KEY + rb"\s*:")  # do the lines carry a level at all (on the head sample)
_LEVEL_PATTERN = (
    _LEVEL_KEY + rb'[ \t]*:[ \t]*'
    rb'(?:"(?:warn|err|fatal|crit|panic|alert|emerg|severe|dpanic|wrn|eror|ftl|[wefc]")|[456]0\b|[0-4]\b(?!\.))')
_WORDS_PATTERN = (
    rb"\b(?:starting|started|listening on|shutting down|shutdown|stopping|stopped|received signal|"
    rb"signal received|sigterm|sigint|sigkill|sighup|restarting|restarted|exited with|deployed|deploying|"
    rb"rolled out|rolling out|rollout|version v?\d|upgraded to|migrated to)\b"
)
_ERROR_WORDS = rb"\b(?:error|exception|traceback|fatal|panic|failed)\b"
# The same as plain literals for Hyperscan's literal matcher (much faster than the regexes); the
# summariser re-checks every hit, so a literal that over-matches costs only a parse.
_LEVEL_LITERALS = [b'"' + key + b'"' + sep + value for key in _LEVEL_KEYS_B for sep in (b":", b": ")
                   for value in (b'"warn', b'"err', b'"fatal', b'"crit', b'"panic', b'"alert', b'"emerg',
                                 b'"severe', b'"dpanic', b'"wrn', b'"eror', b'"ftl', b'"w"', b'"e"', b'"f"',
                                 b'"c"')]
_LEVEL_LITERALS += [b'"' + key + b'"' + sep + number for key in _LEVEL_KEYS_B for sep in (b":", b": ")
                    for number in (b"40", b"50", b"60")]
# syslog severities 0 (emerg) … 4 (warning), as GELF's "level" carries them
_LEVEL_LITERALS += [b'"' + key + b'"' + sep + bytes([digit]) + end for key in _LEVEL_KEYS_B
                    for sep in (b":", b": ") for digit in b"01234" for end in (b",", b"}", b" ")]
_WORD_LITERALS = [b"starting", b"started", b"listening on", b"shutting down", b"shutdown", b"stopping",
                  b"stopped", b"received signal", b"signal received", b"sigterm", b"sigint", b"sigkill",
                  b"sighup", b"restarting", b"restarted", b"exited with", b"deployed", b"deploying",
                  b"rolled out", b"rolling out", b"rollout", b"upgraded to", b"migrated to"]
_WORD_LITERALS += [b"version " + bytes([c]) for c in b"v0123456789"]
_ERROR_LITERALS = [b"error", b"exception", b"traceback", b"fatal", b"panic", b"failed"]

class _Unknown:
    """Not worked out yet (a minute may be None: a line without a readable time)."""


_UNKNOWN = _Unknown()
_Scannable = bytes | bytearray | memoryview
_Buffer = bytes | bytearray  # a chunk: bytes from a stream, or the reused read buffer of a file
_Count = Callable[[int, int], int]  # newlines in [a, b) of the current chunk
_NUMPY: list[Any] = []


def _numpy_module() -> Any:
    """numpy when it can be imported (imported once, on first use), else None."""
    if not _NUMPY:
        saved = os.environ.get("OPENBLAS_NUM_THREADS")
        os.environ["OPENBLAS_NUM_THREADS"] = "1"  # no BLAS thread pool: only comparisons and counts are used
        numpy: Any
        try:
            numpy = importlib.import_module("numpy")
        except ImportError:  # pragma: no cover
            numpy = None
        finally:
            if saved is None:
                del os.environ["OPENBLAS_NUM_THREADS"]
            else:
                os.environ["OPENBLAS_NUM_THREADS"] = saved
        _NUMPY.append(numpy)
    return _NUMPY[0]


def detect(head: bytes) -> bool:
    lines = [ln for ln in head.split(b"\n")[:5] if ln.strip()]
    if not lines:
        return False
    good = 0
    for line in lines[:-1] or lines:
        start = line.find(b"{")
        if 0 <= start < 80 and line.rstrip().endswith(b"}"):
            good += 1
    return good >= max(1, len(lines[:-1] or lines) - 1) and any(
        re.search(rb'"(%s)"\s*:' % re.escape(k.encode()), head) for k in TIME_KEYS + ("resourceLogs",))


# keys of alert and event payloads (a templated Datadog webhook may also have "timestamp" + "message")
_PAYLOAD_KEYS = ("alert_transition", "alert_id", "alert_title", "event_type", "alerts", "event_action", "incident",
                 "alert", "deployment", "pusher")
_LOG_MESSAGE_KEYS = ("message", "msg", "@m", "@mt", "short_message", "textPayload", "log", "MESSAGE")


def looks_like_log(head: bytes) -> bool:
    """JSON lines whose objects carry a log time and a level or message: an application log,
    whatever its messages mention (the registry asks this before the vendor formats, so a log
    line that names Datadog or GitHub is still a log)."""
    lines = [ln for ln in head.split(b"\n")[:6] if ln.strip()][:5]
    if len(lines) > 1 and not head.endswith(b"\n") and len(head) >= 4096:
        lines = lines[:-1]  # the last line may be cut off
    if not lines:
        return False
    hits = 0
    for line in lines:
        start = line.find(b"{")
        if not 0 <= start < 80:
            return False
        try:
            obj = _loads(line[start:])
        except _JSONError:
            continue
        if not isinstance(obj, dict):
            return False
        if any(k in obj for k in _PAYLOAD_KEYS):
            continue
        timed = any(k in obj for k in TIME_KEYS if k not in ("date", "created", "t"))
        if timed and (any(k in obj for k in LEVEL_KEYS if k != "priority") or any(k in obj for k in _LOG_MESSAGE_KEYS)):
            hits += 1
    return hits >= max(1, len(lines) - 1)


def scanner(patterns: list[bytes], literals: list[bytes]) -> Callable[[_Scannable], list[int]]:
    """A function giving the offsets (in order) where any of ``patterns`` (or, with Hyperscan,
    the equivalent ``literals``) matches, ignoring case."""
    if _hs is not None:
        expressions = [re.escape(literal) for literal in literals]
        database = _hs.Database()
        database.compile(expressions=expressions, ids=list(range(len(expressions))), elements=len(expressions),
                         flags=[_hs.HS_FLAG_CASELESS] * len(expressions))

        def scan_hs(data: _Scannable) -> list[int]:
            hits: list[int] = []
            database.scan(data, match_event_handler=lambda _i, _f, to, _fl, _c: hits.append(to - 1))
            hits.sort()
            return hits
        return scan_hs
    joined = b"|".join(patterns)
    _re2: Any
    try:
        _re2 = importlib.import_module("re2")
    except ImportError:  # pragma: no cover
        _re2 = None
    if _re2 is not None:
        options = _re2.Options()
        options.case_sensitive = False
        compiled = _re2.compile(joined, options)
    else:  # pragma: no cover
        compiled = re.compile(joined, re.IGNORECASE)

    def scan_re(data: _Scannable) -> list[int]:
        return [m.start() for m in compiled.finditer(data)]
    return scan_re


def _object(line: bytes | bytearray) -> Any:
    start = line.find(b"{")
    if start < 0:
        raise ValueError("no JSON object on this line")
    return _loads(line[start:] if start else line)


def _field(obj: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        if key in obj:
            return obj[key]
        if "." in key:
            value = dig(obj, *key.split("."))
            if value is not None:
                return value
    return None


def _message(obj: dict[str, Any]) -> str:
    value = _field(obj, MESSAGE_KEYS)
    if value is None:
        value = dig(obj, "fields", "message") or dig(obj, "@fields", "msg") or dig(obj, "@fields", "message")
    if isinstance(value, dict):
        value = value.get("stringValue") or json.dumps(value)[:300]
    return text_of(value)


def _time(value: object) -> object:
    """log4j2's ``instant`` object ``{"epochSecond", "nanoOfSecond"}`` as epoch ns; others as they are."""
    if isinstance(value, dict) and "epochSecond" in value:
        return int(value["epochSecond"]) * 1_000_000_000 + int(value.get("nanoOfSecond") or 0)
    if isinstance(value, dict) and "$date" in value:  # MongoDB extended JSON
        return _time(value["$date"])
    return value


def _http_level(obj: dict[str, Any]) -> str | None:
    """JSON access logs have no level: a 5xx status is an error."""
    status = obj.get("status") or obj.get("status_code") or obj.get("response_code") or dig(obj, "http", "response",
                                                                                            "status_code")
    try:
        code = int(str(status))
    except ValueError:
        return None
    return "error" if code >= 500 else None


def _records(obj: Any) -> Iterator[tuple[object, object, str]]:
    """(time, level, message) of each record in one parsed line (OTLP lines hold several)."""
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    if isinstance(obj.get("_source"), dict):  # an Elasticsearch / OpenSearch hit
        obj = obj["_source"]
    if "resourceLogs" in obj:
        for resource in obj.get("resourceLogs") or []:
            for scope in dig(resource, "scopeLogs") or []:
                for rec in dig(scope, "logRecords") or []:
                    level = rec.get("severityText") or rec.get("severityNumber")
                    if isinstance(level, int):
                        level = "error" if level >= 17 else "warn" if level >= 13 else "info"
                    yield rec.get("timeUnixNano") or rec.get("observedTimeUnixNano"), level, _message(rec)
        return
    level = _field(obj, LEVEL_KEYS)
    if level is None:
        level = dig(obj, "@fields", "lvl") or dig(obj, "log", "level") or _http_level(obj)
    if level is None and ("@x" in obj or "exception" in obj and obj["exception"]):  # Serilog: an exception
        level = "error"
    message = _message(obj)
    if not message and isinstance(obj.get("request"), str):  # JSON access log
        message = f"{text_of(obj.get('status'))} {obj['request']}".strip()
    if "@mt" in obj and "@m" not in obj:  # Serilog: render the message template
        message = _TEMPLATE_HOLE.sub(lambda m: text_of(obj.get(m.group(1), m.group(0))), message)
    if level is None:  # no level field (docker json-file, plain stdout): the words say it
        words = _WORDS_LEVEL.search(message[:300])
        level = _WORD_TO_LEVEL.get(words.group(1).lower(), "error") if words else None
    cause = _cause(obj)
    if cause and cause not in message:
        message = f"{message}: {cause}" if message else cause
    yield _time(_field(obj, TIME_KEYS)), level, message


_WORD_TO_LEVEL = {"panic": "fatal", "fatal": "fatal", "critical": "fatal", "warn": "warn", "warning": "warn"}
_TEMPLATE_HOLE = re.compile(r"\{[@$]?(\w+)(?:[,:][^}]*)?\}")
_WORDS_LEVEL = re.compile(r"(?i)\b(panic|fatal|critical|error|exception|traceback|failed|warn(?:ing)?)\b")


_CAUSE_KEYS = frozenset(("error", "err", "exception", "exc_info", "@x", "thrown"))  # the first step of each key below


def _cause(obj: dict[str, Any]) -> str:
    """The error attached to a record (zap ``error``, pino ``err``, ECS ``error.message``), first line."""
    if _CAUSE_KEYS.isdisjoint(obj):  # most records: nothing to look at (the same result, faster)
        return ""
    for key in ("error", "err", "error.message", "exception", "exc_info", "@x", "thrown"):
        value = obj.get(key) if "." not in key else dig(obj, *key.split("."))
        if isinstance(value, dict):
            value = value.get("message") or value.get("localizedMessage") or value.get("msg")
        if isinstance(value, str) and value.strip():
            first = value.strip().splitlines()[0]
            return first[:200] if not first.startswith("Traceback") else value.strip().splitlines()[-1][:200]
    return ""


class _Sink(Protocol):
    """Where the fast path puts what it finds: the ``LogSummary`` itself, or (in a worker
    process) a ``_Recorder`` that keeps the same calls, in order, for the parent to replay."""

    assumed_zone: bool

    def count(self, minute: int, lines: int = 1) -> None: ...

    def record(self, time: datetime, level: int, message: str, where: str, *, counted: bool = False,
               assumed: bool = False) -> None: ...


def _json_problem(exc: Exception, raw: bytes | bytearray) -> str:
    """``unexpected end of data (column 63)``: the parser's message with the column in the line
    (not orjson's "line 1 column … (char …)", which counts from the object's opening brace)."""
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} (column {exc.colno + max(raw.find(b'{'), 0)})"[:80]
    return str(exc)[:80]


class _Lines:
    def __init__(self, ctx: Context, summary: _Sink) -> None:
        self.ctx = ctx
        self.summary = summary
        self.levels: dict[object, int] = {}  # level_of of the level values seen (a handful)

    def level(self, value: object) -> int:
        if not isinstance(value, str | int) or isinstance(value, bool):
            return level_of(value)
        found = self.levels.get(value)
        if found is None:
            if len(self.levels) > 256:
                self.levels.clear()
            found = self.levels[value] = level_of(value)
        return found

    def line(self, raw: bytes | bytearray, number: int, *, counted: bool) -> None:
        where = f"line {number}"
        try:
            obj = _object(raw)
            records = list(_records(obj))
        except _JSONError as exc:
            self.ctx.skip(where, f"invalid JSON: {_json_problem(exc, raw)}")
            return
        for when, level, message in records:
            parsed = self.ctx.time(when, where)
            if parsed is None:
                continue
            moment, assumed = parsed
            self.summary.record(moment, self.level(level), message, where, counted=counted, assumed=assumed)


def read(stream: IO[bytes], *, tz: tzinfo | None, name: str = "", report: ReadReport | None = None,
         fast_threshold: int | None = None, progress: Callable[[int], None] | None = None,
         chunk: int | None = None, workers: int | None = None, parallel_min: int | None = None) -> Iterator[Entry]:
    """Summarise a JSON-lines log. Files of ``parallel_min`` bytes or more are split over
    ``workers`` processes (default ``WORKERS``, else ``default_workers()``); the result is
    the same. Unset sizes take the module's ``FAST_THRESHOLD``, ``CHUNK`` and ``PARALLEL_MIN``."""
    fast_threshold = FAST_THRESHOLD if fast_threshold is None else fast_threshold
    chunk = CHUNK if chunk is None else chunk
    parallel_min = PARALLEL_MIN if parallel_min is None else parallel_min
    workers = WORKERS if workers is None else workers
    started = (CPU_SINCE or cpu_sample()) if workers is None else None  # idle CPUs: from here to the plan
    ctx = Context(name, tz, report, NAME)
    summary = LogSummary(source=NAME, name=ctx.name)
    lines = _Lines(ctx, summary)
    origin = stream.tell()
    head = stream.read(fast_threshold)
    if len(head) < fast_threshold:
        for number, raw in enumerate(head.splitlines(), 1):
            if raw.strip():
                ctx.report.read += 1
                lines.line(raw, number, counted=False)
        if progress:
            progress(len(head))
    else:
        scan = _Scan(head, ctx, chunk)
        summary._highest = INFO  # the unparsed lines are the quiet ones
        regular = _regular_file(stream)
        if regular is not None and regular[1] - origin >= NUMPY_MIN:
            scan.use_numpy()  # before any worker is forked: they all count the same way
        plan = _plan(stream, origin, len(head), chunk, workers, parallel_min, idle_cpus(started))
        _forget_cpu_sample()  # a later large file measures its own window
        if plan is not None:
            _parallel(plan, head, scan, summary, lines, progress)
        elif regular is not None:
            scan.run(_file_chunks(regular[0], origin, origin + len(head), None, chunk), summary, lines, progress)
        else:
            scan.run(_stream_chunks(head, stream, chunk), summary, lines, progress)
    if summary.dropped:
        ctx.report.note(f"{summary.dropped:,} further notable log events were not kept (cap reached)")
    yield from summary.finish()


def _time_key(sample: bytes) -> bytes:
    counts: dict[str, int] = {}
    for raw in sample.split(b"\n")[:200]:
        try:
            obj = _object(raw)
        except ValueError:
            continue
        if isinstance(obj, dict):
            for key in TIME_KEYS:
                if key in obj:
                    counts[key] = counts.get(key, 0) + 1
                    break
    return max(counts, key=lambda k: counts[k]).encode() if counts else b"time"


class _Scan:
    """The fast path over one run of complete chunks: per-minute counts sampled from raw bytes,
    JSON parsing only for the lines the byte scanner marks. Chunks end at the last newline
    before each multiple of ``chunk`` bytes after the head, so a range that starts at one of
    those cuts is read in exactly the chunks a single pass would use."""

    def __init__(self, head: bytes, ctx: Context, chunk: int) -> None:
        key = _time_key(head[:SAMPLE])
        has_level = _HAS_LEVEL.search(head[:SAMPLE])
        self.interesting = scanner([_LEVEL_PATTERN, _WORDS_PATTERN] + ([] if has_level else [_ERROR_WORDS]),
                                   _LEVEL_LITERALS + _WORD_LITERALS + ([] if has_level else _ERROR_LITERALS))
        self.time_re = re.compile(rb'"' + re.escape(key) + rb'"\s*:\s*"?([^",}\n]+)')
        self.cache: dict[bytes, int | None] = {}
        self.tz = ctx.tz
        self.chunk = chunk
        self.numpy: Any = None
        self.newlines: Any = None
        self.assumed = False  # a counted line's time had no zone (seen once per distinct minute and zone)

    def minute(self, chunk: _Buffer, pos: int) -> int | None:
        """Minute of the line that starts at or after ``pos``."""
        newline = chunk.find(b"\n", pos)
        m = self.time_re.search(chunk, pos, newline if newline >= 0 else len(chunk))
        if not m:
            return None
        value = m.group(1)
        if value[4:5] == b"-" and len(value) >= 16:  # ISO: one cache slot per minute and zone
            value = value[:16] + b":00" + value[19:].lstrip(b".,0123456789")
        elif value[:10].isdigit():  # epoch s/ms/us/ns: the first ten digits are the seconds
            return int(value[:10]) // 60
        cache = self.cache
        found = cache.get(value, -1)
        if found != -1:
            return found
        if len(cache) > 4096:
            cache.clear()
        try:
            moment, assumed = times.parse_any(value.decode("ascii", "replace"), self.tz)
            cache[value] = int(moment.timestamp()) // 60
            if assumed:  # a zone-less time among the counted lines: rate spikes carry the flag
                self.assumed = True
        except times.TimeError:
            cache[value] = None
        return cache[value]

    def count_range(self, summary: _Sink, chunk: _Buffer, a: int, b: int, count: _Count, depth: int = 0,
                    n: int | None = None, first: int | None | _Unknown = _UNKNOWN,
                    last: int | None | _Unknown = _UNKNOWN) -> int:
        """Count the lines starting in [a, b) into their minutes (a is a line start); ``n``, and
        the minutes of the first and the last line, when the caller already knows them."""
        if n is None:
            n = count(a, b)
        if n == 0:
            return 0
        if isinstance(first, _Unknown):
            first = self.minute(chunk, a)
        if isinstance(last, _Unknown):
            previous = chunk.rfind(b"\n", a, b - 1)
            last = self.minute(chunk, previous + 1 if previous >= 0 else a)
        if first is not None and first == last:
            summary.count(first, n)
            return n
        if n == 1 or depth > 24:
            known = first if first is not None else last
            if known is not None:
                summary.count(known, n)
            return n
        mid = chunk.find(b"\n", (a + b) // 2, b - 1)
        if mid < 0:
            mid = chunk.find(b"\n", a, b - 1)
        left = count(a, mid + 1)  # the halves share the outer first and last line
        return (self.count_range(summary, chunk, a, mid + 1, count, depth + 1, left, first, _UNKNOWN)
                + self.count_range(summary, chunk, mid + 1, b, count, depth + 1, n - left, _UNKNOWN, last))

    def counter(self, body: _Buffer, end: int) -> Callable[[int, int], _Count]:
        """For a block ``[a, b)`` of ``body[:end]``: a function giving the number of newlines in
        ``body[x:y]`` (``a <= x <= y <= b``). With numpy, the block's newline mask is made when
        the block is reached, in a small reused array: it stays in the CPU cache while the block
        is counted (a mask of the whole chunk went out to memory and was read back)."""
        if self.numpy is None:
            def count(x: int, y: int) -> int:
                return body.count(b"\n", x, y)
            return lambda _a, _b: count
        np = self.numpy
        data = np.frombuffer(body, dtype=np.uint8, count=end)
        equal, count_nonzero = np.equal, np.count_nonzero

        def block(a: int, b: int) -> _Count:
            width = b - a
            if len(self.newlines) < width:
                self.newlines = np.empty(max(width, 2 * BLOCK), dtype=bool)
            marks = equal(data[a:b], 10, out=self.newlines[:width])
            return lambda x, y: int(count_nonzero(marks[x - a:y - a]))
        return block

    def use_numpy(self) -> None:
        """Count newlines with numpy from now on (the same numbers, several times faster)."""
        if self.numpy is None and _numpy_module() is not None:
            self.numpy = _numpy_module()
            self.newlines = self.numpy.empty(0, dtype=bool)

    def process(self, body: _Buffer, end: int, summary: _Sink, lines: _Lines, line_base: int) -> int:
        """The complete lines in ``body[:end]`` (``end`` follows a newline; what follows it is
        not looked at); returns their number."""
        with memoryview(body) as view, view[:end] as part:
            hits = self.interesting(part)
        marked: list[tuple[int, int]] = []  # the (start, end) of each marked line, in order
        last_end = -1
        for hit in hits:
            pos = hit
            if pos >= last_end:
                last_end = body.find(b"\n", pos)
                marked.append((body.rfind(b"\n", 0, pos) + 1, last_end))
        marked.append((end, end))  # a sentinel
        numbers: list[int] = []  # the line number (in this chunk) of each marked line
        counter = self.counter(body, end)
        minute = self.minute
        a = 0
        total = 0
        i = 0
        while a < end:  # blocks of about BLOCK bytes; a block within one minute is counted at once
            b = body.find(b"\n", min(a + BLOCK, end) - 1, end) + 1 or end
            count = counter(a, b)
            n = 0
            cursor = a
            while marked[i][0] < b:  # count up to each marked line: its number, at no extra cost
                start = marked[i][0]
                n += count(cursor, start)
                numbers.append(total + n + 1)
                cursor = start
                i += 1
            n += count(cursor, b)
            if n:
                previous = body.rfind(b"\n", a, b - 1)
                first, last = minute(body, a), minute(body, previous + 1 if previous >= 0 else a)
                if first is not None and first == last:
                    summary.count(first, n)
                else:
                    self.count_range(summary, body, a, b, count, 0, n, first, last)
                total += n
            a = b
        if self.assumed and not summary.assumed_zone:
            summary.assumed_zone = True
        for (start, stop), number in zip(marked, numbers, strict=False):
            lines.line(body[start:stop], line_base + number, counted=True)
        return total

    def run(self, chunks: Iterator[tuple[_Buffer, int]], summary: _Sink, lines: _Lines,
            progress: Callable[[int], None] | None, line_base: int = 0) -> int:
        """Process ``(body, end)`` chunks in order; returns ``line_base`` plus the lines counted."""
        done = 0
        for body, end in chunks:
            if done >= NUMPY_MIN:
                self.use_numpy()
            total = self.process(body, end, summary, lines, line_base)
            lines.ctx.report.read += total
            line_base += total
            done += end
            if progress:
                progress(done)
        return line_base


def _stream_chunks(head: bytes, stream: IO[bytes], size: int) -> Iterator[tuple[bytes, int]]:
    """``head`` then reads of ``size`` bytes, cut after the last newline of each (the rest carried)."""
    carry = b""
    data = head
    while True:
        if not data:
            if carry.strip():
                yield carry + b"\n", len(carry) + 1
            return
        chunk = carry + data if carry else data
        cut = chunk.rfind(b"\n") + 1
        carry = chunk[cut:]
        if cut:
            yield chunk, cut
        data = stream.read(size)


def _file_chunks(fd: int, pos: int, read_end: int, end: int | None, size: int) -> Iterator[tuple[_Buffer, int]]:
    """The same chunks as ``_stream_chunks`` over the bytes [pos, end) of a file whose reads end
    at ``read_end`` + k × ``size``, read with ``pread`` from the last cut (no copying of the carry)
    into one reused buffer: a chunk is valid until the next is asked for, and only up to its end
    (what follows is the carry, read again at the start of the next chunk). Not a memory map: a
    log truncated while it is read (logrotate's copytruncate) must end the read, not crash it."""
    buffer = bytearray(size + (1 << 20))  # a chunk and its carry (a line longer than 1 MB grows it)
    carry = 0
    while True:
        limit = read_end if end is None else min(read_end, end)
        want = max(0, limit - pos)
        if want > len(buffer):  # a long carry (a line longer than 1 MB, or than a chunk)
            buffer = bytearray(want + (1 << 20))
        got = _pread_into(fd, buffer, want, pos)
        if got <= carry:  # nothing new: the end of the range or of the file
            rest = bytes(buffer[:got])
            if rest.strip():
                yield rest + b"\n", len(rest) + 1
            return
        cut = buffer.rfind(b"\n", 0, got) + 1
        if cut:
            yield buffer, cut
            pos += cut
        carry = got - cut
        read_end += size


def _pread_into(fd: int, buffer: bytearray, size: int, pos: int) -> int:
    """Read up to ``size`` bytes at ``pos`` into the start of ``buffer``; the number read."""
    if size <= 0:
        return 0
    with memoryview(buffer) as view, view[:size] as target:
        if hasattr(os, "preadv"):
            return os.preadv(fd, [target], pos)
        data = os.pread(fd, size, pos)  # pragma: no cover (platforms without preadv)
        target[:len(data)] = data
        return len(data)


def _regular_file(stream: IO[bytes]) -> tuple[int, int] | None:
    """The descriptor and size of ``stream`` when it is a plain regular file (not gzip, not a pipe)."""
    if not isinstance(stream, io.BufferedReader | io.FileIO):
        return None
    try:
        fd = stream.fileno()
        info = os.fstat(fd)
    except (OSError, ValueError):
        return None
    return (fd, info.st_size) if stat.S_ISREG(info.st_mode) else None


# -- parallel ------------------------------------------------------------------------------------
# A large regular file is cut into ranges at chunk cuts (see ``_Scan``). The parent reads the
# first range into the summary itself; each further range is read by a forked child into a
# ``_Recorder``: the same summary calls, in the same order, with line numbers relative to the
# range. The parent replays them in file order with the line numbers shifted, so the summary
# (and the report) end up exactly as after a single pass.

_Op = list[Any]


class _Recorder:
    def __init__(self, ops: list[_Op]) -> None:
        self.ops = ops
        self._assumed = False

    @property
    def assumed_zone(self) -> bool:
        return self._assumed

    @assumed_zone.setter
    def assumed_zone(self, value: bool) -> None:  # kept in order with the counts, replayed as ["z"]
        if value and not self._assumed:
            self.ops.append(["z"])
        self._assumed = value

    def count(self, minute: int, lines: int = 1) -> None:
        last = self.ops[-1] if self.ops else None
        if last is not None and last[0] == "c" and last[1] == minute:  # same as two calls in a row
            last[2] += lines
        else:
            self.ops.append(["c", minute, lines])

    def record(self, time: datetime, level: int, message: str, where: str, *, counted: bool = False,
               assumed: bool = False) -> None:
        key = template(readable(message)) if level >= WARN else None  # the summary's costliest step
        self.ops.append(["r", int(where[5:]), time, level, message, assumed, counted, key])


class _RecordingContext(Context):
    def __init__(self, parent: Context, ops: list[_Op]) -> None:
        super().__init__(parent.name, parent.tz, ReadReport(), parent.source)
        self.now = parent.now  # the same "future time" check as the parent
        self.ops = ops

    def skip(self, where: str, reason: str) -> None:
        self.ops.append(["s", int(where[5:]), reason])


@dataclass(frozen=True)
class _Range:
    start: int
    first_end: int  # the end of its first read (the next chunk cut)
    end: int | None  # None: to the end of the file


@dataclass(frozen=True)
class _Plan:
    fd: int
    origin: int
    size: int
    first_end: int  # the end of the parent's range
    children: list[_Range]


def default_workers(idle: float | None = None) -> int:
    """One process per idle CPU, at most 4. ``idle``: the CPUs found idle (besides this process)
    just before, see ``cpu_sample``; without it, the usable CPUs minus the 1-minute load average.
    A worker only pays off on a CPU nobody else is using: on a busy machine the fork, the
    replay and the competition for memory cost more than a second process gains."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if idle is not None:  # this process uses one CPU; a worker per other CPU idle ≥ 3/4 of the time
        return max(1, min(4, cpus, 1 + int(idle + 0.25)))
    try:
        busy = round(os.getloadavg()[0])
    except (AttributeError, OSError):  # pragma: no cover (no load average on this platform)
        busy = 0
    return max(1, min(4, cpus - busy))


def _forget_cpu_sample() -> None:
    global CPU_SINCE
    CPU_SINCE = None


IDLE_WINDOW = 0.05  # seconds: a shorter sample of the CPU counters says too little


@dataclass(frozen=True)
class CpuSample:
    at: float  # time.monotonic()
    idle: int  # idle + iowait time of all CPUs, in clock ticks (/proc/stat)
    total: int


def cpu_sample() -> CpuSample | None:
    """The machine's CPU time counters now (Linux ``/proc/stat``), or None where there are none."""
    try:
        with open("/proc/stat", "rb") as f:
            fields = f.readline().split()
        if fields[:1] != [b"cpu"]:
            return None
        ticks = [int(x) for x in fields[1:9]]
    except (OSError, ValueError):
        return None
    return CpuSample(time.monotonic(), ticks[3] + ticks[4], sum(ticks))


def idle_cpus(since: CpuSample | None, now: CpuSample | None = None) -> float | None:
    """How many CPUs were idle, on average, between two samples (None: unknown, or too short a
    window). The 1-minute load average lags: a machine shared with bursty jobs (test suites)
    often has a CPU idle right now at a load of 4 on 2 CPUs, or none at a load of 1."""
    now = now or cpu_sample()
    if since is None or now is None or now.at - since.at < IDLE_WINDOW or now.total <= since.total:
        return None
    cpus = os.cpu_count() or 1  # /proc/stat counts every CPU of the machine
    return cpus * (now.idle - since.idle) / (now.total - since.total)


def _last_newline(fd: int, low: int, high: int) -> int | None:
    """The offset just after the last newline in [low, high), or None."""
    pos = high
    while pos > low:
        step = max(low, pos - SAMPLE)
        found = os.pread(fd, pos - step, step).rfind(b"\n")
        if found >= 0:
            return step + found + 1
        pos = step
    return None


def _plan(stream: IO[bytes], origin: int, head_len: int, chunk: int, workers: int | None,
          parallel_min: int, idle: float | None = None) -> _Plan | None:
    """Where to cut a large regular file for parallel reading, or None to read it in one pass."""
    regular = _regular_file(stream)
    if regular is None or not hasattr(os, "fork"):
        return None
    fd, size = regular
    if size - origin < parallel_min:
        return None
    n = workers if workers is not None else default_workers(idle)
    grid = origin + head_len  # chunk k's read ends at grid + k * chunk
    cuts: list[tuple[int, int]] = []  # (cut offset, end of the read after it)
    previous_k = 0
    for i in range(1, n):
        k = round((i * (size - origin) / n - head_len) / chunk)
        read_end = grid + k * chunk
        if k <= previous_k or read_end >= size:
            continue
        cut = _last_newline(fd, read_end - chunk, read_end)
        if cut is None:  # a line longer than a chunk: keep it simple
            return None
        cuts.append((cut, read_end + chunk))
        previous_k = k
    if not cuts:
        return None
    children = [_Range(cut, min(read_end, size), cuts[j + 1][0] if j + 1 < len(cuts) else None)
                for j, (cut, read_end) in enumerate(cuts)]
    return _Plan(fd, origin, size, cuts[0][0], children)


def _child(plan: _Plan, part: _Range, scan: _Scan, ctx: Context) -> tuple[int, list[_Op]]:
    ops: list[_Op] = []
    recorder = _Recorder(ops)
    lines = _Lines(_RecordingContext(ctx, ops), recorder)
    total = scan.run(_file_chunks(plan.fd, part.start, part.first_end, part.end, scan.chunk), recorder, lines,
                     None)
    return total, ops


def _fork(plan: _Plan, part: _Range, scan: _Scan, ctx: Context) -> tuple[int, int]:
    """Start a child reading ``part``; returns its pid and the pipe its result comes on."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover (runs in the child; its result is checked by the parent)
        try:
            os.close(r)
            try:
                payload = pickle.dumps(("ok", _child(plan, part, scan, ctx)), pickle.HIGHEST_PROTOCOL)
            except BaseException as exc:  # noqa: BLE001 - reported to the parent
                payload = pickle.dumps(("error", f"{type(exc).__name__}: {exc}"))
            with os.fdopen(w, "wb") as out:
                out.write(payload)
        finally:
            os._exit(0)
    os.close(w)
    return pid, r


def _parallel(plan: _Plan, head: bytes, scan: _Scan, summary: LogSummary, lines: _Lines,
              progress: Callable[[int], None] | None) -> None:
    ctx = lines.ctx
    started = [_fork(plan, part, scan, ctx) for part in plan.children]
    waiting = dict(started)
    try:
        line_base = scan.run(_file_chunks(plan.fd, plan.origin, plan.origin + len(head), plan.first_end, scan.chunk),
                             summary, lines, progress)
        for pid, r in started:
            with os.fdopen(r, "rb") as pipe:
                payload = pipe.read()
            os.waitpid(pid, 0)
            del waiting[pid]
            outcome: tuple[str, Any] = pickle.loads(payload) if payload else ("error", "the worker process died")
            status, result = outcome
            if status != "ok":
                raise RuntimeError(f"parallel log reader failed: {result}")
            total, ops = result
            _replay(ops, line_base, summary, ctx)
            ctx.report.read += total
            line_base += total
        if progress:
            progress(plan.size)
    finally:
        for pid, r in waiting.items():
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            with contextlib.suppress(OSError):
                os.close(r)


def _replay(ops: list[_Op], line_base: int, summary: LogSummary, ctx: Context) -> None:
    for op in ops:
        if op[0] == "c":
            summary.count(op[1], op[2])
        elif op[0] == "r":
            _, number, moment, level, message, assumed, counted, key = op
            summary.record(moment, level, message, f"line {number + line_base}", counted=counted, key=key,
                           assumed=assumed)
        elif op[0] == "z":  # the child counted lines whose zone was assumed
            summary.assumed_zone = True
        else:
            ctx.skip(f"line {op[1] + line_base}", op[2])
