"""Logs contribute notable events, not every line.

A ``LogSummary`` is fed log records (or, on the fast path, only the interesting ones plus
per-minute line counts) and emits: the first occurrence and count of each error signature
(numbers, ids, hex and uuids normalised into a template), level changes (the first WARN or
ERROR after quieter lines), rate spikes (a minute well above the running baseline), restarts
and deploy markers. Memory stays flat: signatures live in an LRU of bounded size, minute
counts are flushed as time moves on, and the number of entries kept is capped.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from hotwash.core.model import Entry, EntryKind

DEBUG, INFO, WARN, ERROR, FATAL = 10, 20, 30, 40, 50
LEVEL_NAMES = {DEBUG: "DEBUG", INFO: "INFO", WARN: "WARN", ERROR: "ERROR", FATAL: "FATAL"}
_WORD_LEVELS = {
    "trace": DEBUG, "debug": DEBUG, "verbose": DEBUG, "info": INFO, "information": INFO, "notice": INFO,
    "warn": WARN, "warning": WARN, "err": ERROR, "error": ERROR, "fail": ERROR, "critical": FATAL,
    "crit": FATAL, "fatal": FATAL, "panic": FATAL, "emerg": FATAL, "emergency": FATAL, "alert": FATAL,
    "severe": ERROR, "dpanic": FATAL,
    # short forms: Serilog/.NET (``WRN``, ``FTL``), klog/glog/logcat letters (``I``, ``W``, ``E``, ``F``)
    "trc": DEBUG, "vrb": DEBUG, "dbg": DEBUG, "inf": INFO, "wrn": WARN, "eror": ERROR,
    "ftl": FATAL, "crt": FATAL, "emr": FATAL, "alrt": FATAL, "warnings": WARN, "errors": ERROR,
    "t": DEBUG, "v": DEBUG, "d": DEBUG, "i": INFO, "n": INFO, "w": WARN, "e": ERROR, "c": FATAL, "f": FATAL,
    # java.util.logging
    "config": INFO, "fine": DEBUG, "finer": DEBUG, "finest": DEBUG,
}
_SYSLOG_LEVELS = {0: FATAL, 1: FATAL, 2: FATAL, 3: ERROR, 4: WARN, 5: INFO, 6: INFO, 7: DEBUG}

_NORMALISE = [
    (re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"), "<uuid>"),
    # host names (``rhost=n219076184117.netvigator.com``) and user names (``invalid user webmaster``,
    # ``user=root``): the same failure from many hosts or for many users is one signature
    (re.compile(r"(?i)\b(?:(?:[a-z0-9-]+\.)+(?:com|net|org|edu|gov|mil|int|io|info|biz)|(?:[a-z0-9-]+\.){2,}[a-z]{2})"
                r"\b(?!\.\w)"), "<host>"),
    (re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b"), "<ip>"),
    (re.compile(r"(?i)\b(user(?:name)?[ =]|login=)(?![<\s])[^\s;,]+"), r"\1<user>"),
    (re.compile(r"\b(?:0x)?(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{6,}\b"), "<hex>"),
    (re.compile(r"\d+(?:\.\d+)?"), "<n>"),
    (re.compile(r"(['\"]).{0,80}?\1"), "<str>"),
]
RESTART = re.compile(
    r"(?i)\b(starting|started|listening on|shutting down|shutdown|stopping|stopped|received signal|"
    r"signal received|sig(?:term|int|kill|hup)|restarting|restarted|booting|exited with)\b")
DEPLOY = re.compile(r"(?i)\b(deployed|deploying|rolled out|rolling out|rollout|release v?\d|"
                    r"version v?\d[\w.-]*|upgraded to|migrat(?:ed|ing) to)\b")
# What service managers say when they start or stop something: systemd (``systemd[1]: Started
# nginx.service - …``, ``Starting Daily Cleanup...``, ``nginx.service: Stopped …`` as journald's
# ``unit: message``), the kubelet (``Started container web``, ``Stopping container web``). These are
# restart markers at any level; other restart words only from INFO-or-higher lines (a debug line
# saying "Started observing beach" is chatter, not a restart). Deploy markers: INFO-or-higher only.
_UNIT = r"[\w@.:-]+\.(?:service|socket|scope|target|mount|timer|slice)"
_VERB = r"(?:Started|Starting|Stopped|Stopping|Restarting|Reloading|Reloaded)"
SERVICE_MANAGER = re.compile(
    rf"\bsystemd(?:\[\d+\])?: {_VERB}\b"  # syslog: systemd[1]: Started Session 1 of user root.
    rf"|^{_UNIT}: {_VERB}\b"  # journald's "unit: message": init.scope: Starting Daily Cleanup...
    rf"|(?:^|: ){_VERB} {_UNIT}\b"  # Started nginx.service - A high performance web server
    r"|(?:^|: )(?:Started|Stopping|Killing) container \S+")  # the kubelet
_MARKER = re.compile(RESTART.pattern + "|" + DEPLOY.pattern.removeprefix("(?i)"))  # neither: one search
# Every alternative of RESTART and DEPLOY contains one of these words: lower-case ASCII text
# without any of them cannot be a marker, and this (case-sensitive) search is several times faster.
_MARKER_HINT = re.compile(r"start|listening on|shut|stop|sig|booting|exited with|deploy|roll|release|version|"
                          r"upgraded to|migrat")


def is_marker(message: str) -> bool:
    """Whether ``message`` is a restart or deploy marker (``_MARKER`` matches)."""
    if message.isascii() and _MARKER_HINT.search(message.lower()) is None:
        return False
    return _MARKER.search(message) is not None


_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")  # terminal colours (``\x1b[0;32m``) left in log messages


def readable(message: str) -> str:
    """The message without terminal escape sequences, stripped."""
    if "\x1b" in message:
        message = _ANSI.sub("", message)
    return message.strip()


_TEMPLATES: dict[str, str] = {}  # message → template: logs repeat messages; the regexes are the cost
_TEMPLATES_MAX = 8192


def template(message: str) -> str:
    """``timeout after 532ms calling 10.0.0.7`` → ``timeout after <n>ms calling <ip>``."""
    found = _TEMPLATES.get(message)
    if found is None:
        if len(_TEMPLATES) >= _TEMPLATES_MAX:
            _TEMPLATES.clear()
        found = _TEMPLATES[message] = _template(message)
    return found


def _template(message: str) -> str:
    """The ``_NORMALISE`` substitutions in order; one is skipped when the text lacks a character
    every match of its pattern needs (the same result: a search that cannot match costs a pass)."""
    text = message[:300]
    uuid, host, ip, user, hexa, number, quoted = _NORMALISE
    if text.count("-") >= 4:  # a uuid has four hyphens
        text = uuid[0].sub(uuid[1], text)
    if "." in text:  # host names and IPv4 addresses have dots
        text = host[0].sub(host[1], text)
        if "." in text:
            text = ip[0].sub(ip[1], text)
    # case-insensitive "user"/"login=": non-ASCII text may match it through Unicode case folding
    if not text.isascii() or "user" in (lower := text.lower()) or "login=" in lower:
        text = user[0].sub(user[1], text)
    text = hexa[0].sub(hexa[1], text)
    text = number[0].sub(number[1], text)
    if "'" in text or '"' in text:
        text = quoted[0].sub(quoted[1], text)
    return " ".join(text.split())


# A level word opening a message (``ERROR [http-nio-8080] …``, ``[WARN] …``, ``WARNING: …``) and the
# spellings that only repeat the level an entry names: ``First ERROR: ERROR …`` says it twice, while a
# word of its own (``SEVERE``, ``CRITICAL``) is kept: ``First ERROR: SEVERE …``.
# An upper-case word, or one set off by brackets or a colon: ``Error connecting to db`` keeps its word.
_OPENING_LEVEL = re.compile(r"\[([A-Za-z]+)\]:?\s+|\(([A-Za-z]+)\):?\s+|<([A-Za-z]+)>:?\s+|([A-Za-z]+):\s+"
                            r"|([A-Z]+)(?:\s+-(?=\s)|\s*\|)?\s+")
_SPELLINGS = {"DEBUG": {"debug"}, "INFO": {"info"}, "WARN": {"warn", "warning"}, "ERROR": {"error", "err"},
              "FATAL": {"fatal"}}


def without_level(message: str, name: str) -> str:
    """``message`` without an opening level word that only repeats the level ``name``."""
    m = _OPENING_LEVEL.match(message)
    if m is None or m.end() == len(message) or (
            next(word for word in m.groups() if word).lower() not in _SPELLINGS.get(name, ())):
        return message
    return message[m.end():]


def level_of(value: object) -> int:
    """A level from words (``warning``, ``ERR``, ``WRN``), letters (``E``, ``W``), bunyan/pino numbers
    (10–60), Cloud Logging numbers (100–800) or syslog severities 0–7."""
    if isinstance(value, bool) or value is None:
        return INFO
    if isinstance(value, int | float):
        number = int(value)
        if number >= 100 and number % 100 == 0:  # Google Cloud Logging: 100 DEBUG … 500 ERROR … 800 EMERGENCY
            return {100: DEBUG, 200: INFO, 300: INFO, 400: WARN, 500: ERROR}.get(number, FATAL)
        if number >= 10:  # bunyan / pino: 10 trace … 60 fatal (OTLP severityNumber: jsonlog maps it)
            return {10: DEBUG, 20: DEBUG, 30: INFO, 40: WARN, 50: ERROR, 60: FATAL}.get(number - number % 10, FATAL)
        return _SYSLOG_LEVELS.get(number, INFO)  # syslog severity 0 emerg … 7 debug (GELF, journald)
    text = str(value).strip().lower()
    if text.isdigit():
        return _SYSLOG_LEVELS.get(int(text), INFO) if len(text) == 1 else level_of(int(text))
    text = text.rstrip("0123456789")
    return _WORD_LEVELS.get(text, INFO)


@dataclass
class _Signature:
    level: int
    first: datetime
    last: datetime
    message: str
    where: str
    count: int = 1
    assumed: bool = False  # the zone of the first occurrence's time was assumed


@dataclass
class LogSummary:
    """Feed it records; ``finish()`` yields the notable entries in time order."""

    source: str
    name: str
    # Whether any line's zone was assumed so far: rate spikes (counted over many lines) carry it.
    # Every other entry carries the flag of the line its time came from (``record(assumed=…)``).
    assumed_zone: bool = False
    max_signatures: int = 2000
    max_entries: int = 5000
    spike_factor: float = 4.0
    spike_minimum: int = 60
    lines: int = 0
    _signatures: OrderedDict[str, _Signature] = field(default_factory=OrderedDict)
    _evicted: list[Entry] = field(default_factory=list)
    _events: list[Entry] = field(default_factory=list)
    _highest: int = 0
    _below: int = 0
    _minutes: dict[int, int] = field(default_factory=dict)
    _latest_minute: int = 0
    _baseline: float = 0.0
    _baseline_minutes: int = 0
    _last_flushed: int | None = None
    _spike: list[int] | None = None  # [start minute, peak count, peak minute, minutes]
    dropped: int = 0

    # -- rates -------------------------------------------------------------------------------
    def count(self, minute: int, lines: int = 1) -> None:
        """``lines`` lines fell in the minute ``minute`` (Unix time // 60)."""
        self.lines += lines
        self._minutes[minute] = self._minutes.get(minute, 0) + lines
        if minute > self._latest_minute:
            self._latest_minute = minute
            if len(self._minutes) > 30:
                self._flush(minute - 10)

    def _flush(self, upto: int | None) -> None:
        for minute in sorted(m for m in self._minutes if upto is None or m < upto):
            if self._last_flushed is not None and minute < self._last_flushed:
                self._minutes.pop(minute)  # arrived too late to judge; already counted in lines
                continue
            if self._last_flushed is not None:
                gap = minute - self._last_flushed - 1
                for _ in range(min(gap, 30)):
                    self._observe(self._last_flushed + 1, 0)
            self._observe(minute, self._minutes.pop(minute))
            self._last_flushed = minute

    def _observe(self, minute: int, count: int) -> None:
        warm = self._baseline_minutes >= 5
        threshold = max(self._baseline * self.spike_factor, self._baseline + self.spike_minimum)
        if warm and count >= threshold:
            if self._spike is None:
                self._spike = [minute, count, minute, 1]
            else:
                self._spike[3] += 1
                if count > self._spike[1]:
                    self._spike[1], self._spike[2] = count, minute
            return  # a spike does not raise the baseline
        if self._spike is not None:
            self._close_spike()
        self._baseline = count if self._baseline_minutes == 0 else self._baseline * 0.9 + count * 0.1
        self._baseline_minutes += 1

    def _close_spike(self) -> None:
        assert self._spike is not None
        start, peak, peak_minute, minutes = self._spike
        self._spike = None
        text = (f"Log rate spike: {peak:,} lines/min at peak ({minutes} min, baseline ~{self._baseline:,.0f}/min)")
        self._add(Entry(time=datetime.fromtimestamp(start * 60, UTC), text=text, source=self.source,
                        source_id=f"{self.name}:spike:{start}", kind=EntryKind.LOG,
                        assumed_zone=self.assumed_zone,
                        extra={"type": "rate_spike", "peak": peak, "minutes": minutes,
                               "peak_at": datetime.fromtimestamp(peak_minute * 60, UTC).isoformat(),
                               "baseline": round(self._baseline, 1), "file": self.name}))

    # -- records -----------------------------------------------------------------------------
    def record(self, time: datetime, level: int, message: str, where: str, *, counted: bool = False,
               key: str | None = None, assumed: bool = False) -> None:
        """One log record worth looking at. ``counted``: its minute was already counted; ``key``:
        ``template(readable(message))`` when already known (worked out in a worker process);
        ``assumed``: the line had no zone (its time took an assumed one)."""
        if not counted:
            self.count(int(time.timestamp()) // 60)
        if assumed:
            self.assumed_zone = True
        message = readable(message)
        if level > self._highest and level >= WARN:
            if self._highest:
                name = LEVEL_NAMES.get(level, str(level))
                quieter = LEVEL_NAMES.get(self._highest, "")
                self._add(self._entry(time, f"First {name} after only {quieter} and below: "
                                      f"{without_level(message, name)[:200]}",
                                      f"{where}:level", {"type": "level_change", "level": name, "after": quieter},
                                      assumed=assumed))
            self._highest = level
        elif not self._highest:
            self._highest = max(level, INFO)
        if level >= ERROR:
            self._signature(time, level, message, where, key, assumed)
        marker = is_marker(message)
        if marker and RESTART.search(message) and (level >= INFO or SERVICE_MANAGER.search(message)):
            shown = without_level(message, LEVEL_NAMES.get(level, str(level)))
            self._add(self._entry(time, f"Restart marker: {shown[:200]}", f"{where}:restart",
                                  {"type": "restart"}, assumed=assumed))
        elif marker and level >= INFO and DEPLOY.search(message):  # "deploying watcher" at DEBUG is chatter
            shown = without_level(message, LEVEL_NAMES.get(level, str(level)))
            self._add(self._entry(time, f"Deploy marker: {shown[:200]}", f"{where}:deploy",
                                  {"type": "deploy"}, EntryKind.DEPLOY, assumed=assumed))
        elif level == WARN:
            self._signature(time, level, message, where, key, assumed)

    def _signature(self, time: datetime, level: int, message: str, where: str, key: str | None = None,
                   assumed: bool = False) -> None:
        key = template(message) if key is None else key
        found = self._signatures.get(key)
        if found is not None:
            found.count += 1
            found.last = max(found.last, time)
            if time < found.first:
                found.first, found.message, found.where, found.assumed = time, message, where, assumed
            self._signatures.move_to_end(key)
            return
        self._signatures[key] = _Signature(level, time, time, message, where, assumed=assumed)
        if len(self._signatures) > self.max_signatures:
            old_key, old = self._signatures.popitem(last=False)
            self._evicted.append(self._signature_entry(old_key, old))
            if len(self._evicted) > self.max_entries:
                self._evicted.pop()
                self.dropped += 1

    def _signature_entry(self, key: str, sig: _Signature) -> Entry:
        name = LEVEL_NAMES.get(sig.level, str(sig.level))
        text = f"First {name}: {without_level(sig.message, name)[:300]}"
        if sig.count > 1:
            last = sig.last.astimezone(UTC)
            same_day = last.date() == sig.first.astimezone(UTC).date()
            text += f" (×{sig.count:,} until {last.strftime('%H:%M:%S' if same_day else '%Y-%m-%d %H:%M:%S')} UTC)"
        return self._entry(sig.first, text, f"{sig.where}:signature",
                           {"type": "error_signature", "signature": key, "count": sig.count,
                            "level": name, "last_seen": sig.last.isoformat()},
                           EntryKind.LOG, assumed=sig.assumed)

    def _entry(self, time: datetime, text: str, source_id: str, extra: dict[str, object],
               kind: EntryKind = EntryKind.LOG, *, assumed: bool) -> Entry:
        return Entry(time=time.astimezone(UTC), text=text, source=self.source, source_id=f"{self.name}:{source_id}",
                     kind=kind, assumed_zone=assumed, extra={**extra, "file": self.name})

    def _add(self, entry: Entry) -> None:
        if len(self._events) < self.max_entries:
            self._events.append(entry)
        else:
            self.dropped += 1

    def finish(self) -> Iterator[Entry]:
        self._flush(None)
        if self._spike is not None:
            self._close_spike()
        signatures = self._evicted + [self._signature_entry(k, s) for k, s in self._signatures.items()]
        out = _merge_level_changes(self._events, signatures)
        out.sort(key=lambda e: e.time)
        yield from out


def _merge_level_changes(events: list[Entry], signatures: list[Entry]) -> list[Entry]:
    """A level change on the line that is also its signature's first occurrence is one entry, not
    two at the same time with the same message: the signature's (``First ERROR: …`` with its
    count), marked ``extra["level_change"]`` with the quieter level it followed."""
    changes = {e.source_id.removesuffix(":level"): e for e in events if e.extra.get("type") == "level_change"}
    if not changes:
        return events + signatures
    merged: set[str] = set()
    out: list[Entry] = []
    for sig in signatures:
        change = changes.get(sig.source_id.removesuffix(":signature"))
        if change is not None and change.time == sig.time:
            merged.add(change.source_id)
            sig = replace(sig, extra={**sig.extra, "level_change": True, "after": change.extra.get("after", "")})
        out.append(sig)
    return [e for e in events if e.source_id not in merged] + out
