"""Many sources → one timeline: sorted by time (stable), de-duplicated, clipped to a window.

De-duplication: an entry whose (source, source_id) was already seen is dropped (re-importing a
file adds nothing; an edited chat message keeps the edited text). A running entry
(``extra["occurrence"] == "last"``: a repeated Kubernetes event's last occurrence) is the
other way round: of several with one id (snapshots taken at different times), the latest is kept. The same alert reported by
two tools (Alertmanager and Grafana/PagerDuty/Opsgenie…) — same fingerprint or alert name, same
transition, start within a minute — is kept once, with the others named in
``extra["also_seen_in"]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from hotwash.core.model import Entry, EntryKind

ALERT_WINDOW = timedelta(minutes=1)
# GitHub push ids: ``push:<after sha>`` before ``push:<repo>:<ref>:<before12>..<after12>``
_OLD_PUSH = re.compile(r"^push:([0-9a-f]{40})$")
_NEW_PUSH = re.compile(r"^push:.*:[0-9a-f]*\.\.([0-9a-f]{12})$")
_ZERO_SHA = "0" * 12
# Kubernetes events: ``<uid>:<count>`` (one entry, at the last occurrence) before ``<uid>:first`` and
# ``<uid>:last``; the table's ``table:<digest>:<count>`` likewise
_OLD_EVENT = re.compile(r"^(.+):\d+$")
_NEW_EVENT = re.compile(r"^(.+):(?:first|last)$")


def _alias(pair: tuple[str, str], *, old: bool) -> tuple[str, str] | None:
    """The key an id in its earlier form (``old``) or its current form shares with the other, or None."""
    source, ident = pair
    if source == "github":
        m = (_OLD_PUSH if old else _NEW_PUSH).match(ident)
        if m is None or m.group(1).startswith(_ZERO_SHA):  # a deleted branch: no commit to tell pushes apart
            return None
        return ("github", f"push@{m.group(1)[:12]}")
    if source == "kubernetes":
        m = (_OLD_EVENT if old else _NEW_EVENT).match(ident)
        return None if m is None else ("kubernetes", f"event@{m.group(1)}")
    return None


class KnownIds(set[tuple[str, str]]):
    """``(source, source_id)`` pairs already in a timeline, for de-duplication; an id in the form an
    earlier version gave also counts as the current id of the same thing, so re-importing adds
    nothing: a GitHub push was ``push:<after sha>``; a Kubernetes event ``<uid>:<count>`` (one entry
    at its last occurrence, the first in its text) is both its ``<uid>:first`` and ``<uid>:last``."""

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()) -> None:
        super().__init__()
        for pair in pairs:
            self.add(pair)

    def add(self, pair: tuple[str, str]) -> None:
        super().add(pair)
        if alias := _alias(pair, old=True):
            super().add(alias)

    def __contains__(self, pair: object) -> bool:
        if super().__contains__(pair):
            return True
        if isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], str) and isinstance(pair[1], str):
            alias = _alias((pair[0], pair[1]), old=False)
            return alias is not None and super().__contains__(alias)
        return False


_RESOLVED = re.compile(r"(?i)\b(resolved?|closed?|recovered|ok)\b")
_ACK = re.compile(r"(?i)\back(nowledged?)?\b")


def transition(entry: Entry) -> str:
    given = entry.extra.get("transition")
    if isinstance(given, str) and given:
        lowered = given.lower()
        return "resolved" if lowered in ("resolved", "recovered", "ok", "close", "closed") else lowered
    head = entry.text[:60]
    if _ACK.search(head):
        return "acknowledged"
    return "resolved" if _RESOLVED.search(head) else "firing"


def _names(entry: Entry) -> set[str]:
    names = set()
    for key in ("fingerprint", "alertname", "alias"):
        value = entry.extra.get(key)
        if isinstance(value, str) and len(value) >= 4:
            names.add(value.lower())
    return names


def _same_alert(kept: Entry, other: Entry) -> bool:
    if kept.source == other.source or transition(kept) != transition(other):
        return False
    mine, theirs = _names(kept), _names(other)
    if mine & theirs:
        return True
    text = other.text.lower()
    if any(name in text for name in mine if not re.fullmatch(r"[0-9a-f]+", name)):
        return True
    text = kept.text.lower()
    return any(name in text for name in theirs if not re.fullmatch(r"[0-9a-f]+", name))


def is_running(entry: Entry) -> bool:
    """Whether a later entry with the same id replaces ``entry`` (a "last seen" entry)."""
    return entry.extra.get("occurrence") == "last"


def _latest_running(entries: list[Entry]) -> list[Entry]:
    """Of running entries with one (source, source_id), only the latest."""
    latest: dict[tuple[str, str], Entry] = {}
    for entry in entries:
        if is_running(entry):
            key = (entry.source, entry.source_id)
            if key not in latest or entry.time > latest[key].time:
                latest[key] = entry
    if not latest:
        return entries
    return [e for e in entries if not is_running(e) or latest[(e.source, e.source_id)] is e]


def merge(*sources: Iterable[Entry], alert_window: timedelta = ALERT_WINDOW) -> list[Entry]:
    """All entries of all sources in time order (UTC), without duplicates."""
    everything = [e for source in sources for e in source]
    for entry in everything:
        entry.time = entry.time.astimezone(UTC)
    everything = _latest_running(everything)
    everything.sort(key=lambda e: e.time)
    out: list[Entry] = []
    by_id: dict[tuple[str, str], Entry] = {}
    recent_alerts: list[Entry] = []
    for entry in everything:
        key = (entry.source, entry.source_id)
        if key in by_id:
            kept = by_id[key]
            if entry.extra.get("edited_at") and not kept.extra.get("edited_at"):
                kept.text, kept.extra["edited_at"] = entry.text, entry.extra["edited_at"]
            continue
        if entry.kind == EntryKind.ALERT:
            recent_alerts = [a for a in recent_alerts if entry.time - a.time <= alert_window]
            twin = next((a for a in recent_alerts if _same_alert(a, entry)), None)
            if twin is not None:
                seen = twin.extra.setdefault("also_seen_in", [])
                if isinstance(seen, list):
                    seen.append({"source": entry.source, "source_id": entry.source_id, "text": entry.text})
                by_id[key] = twin
                continue
            recent_alerts.append(entry)
        by_id[key] = entry
        out.append(entry)
    return out


def clip(entries: Iterable[Entry], start: datetime | None, end: datetime | None,
         margin: timedelta = timedelta(minutes=30)) -> list[Entry]:
    """The entries between ``start - margin`` and ``end + margin`` (an open end is unbounded)."""
    low = start - margin if start is not None else None
    high = end + margin if end is not None else None
    return [e for e in entries if (low is None or e.time >= low) and (high is None or e.time <= high)]
