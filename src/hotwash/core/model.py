"""Dataclasses and enums shared by all layers."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime, timedelta


class IncidentStatus(enum.StrEnum):
    INVESTIGATING = "investigating"
    MITIGATED = "mitigated"
    RESOLVED = "resolved"
    CLOSED = "closed"


class PostmortemStatus(enum.StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"


class EntryKind(enum.StrEnum):
    ALERT = "alert"
    DEPLOY = "deploy"
    CHAT = "chat"
    LOG = "log"
    STATUS = "status"
    MANUAL = "manual"


class FactorRole(enum.StrEnum):
    TRIGGER = "trigger"
    ENABLING = "enabling"


DEFAULT_FACTOR_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("technical", "Technical"),
    ("process", "Process"),
    ("communication", "Communication"),
    ("environmental", "Environmental"),
)


class ActionStatus(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    WONT_DO = "wont_do"


class ActionType(enum.StrEnum):
    PREVENT = "prevent"
    MITIGATE = "mitigate"
    DETECT = "detect"
    PROCESS = "process"


class Priority(enum.StrEnum):
    P1 = "p1"
    P2 = "p2"
    P3 = "p3"
    P4 = "p4"


@dataclass(frozen=True)
class SeverityLevel:
    key: str
    label: str
    description: str
    rank: int  # 1 is the most severe


DEFAULT_SEVERITIES: tuple[SeverityLevel, ...] = (
    SeverityLevel("critical", "Critical", "Full outage or data loss for many customers; all hands.", 1),
    SeverityLevel("high", "High", "Major feature unavailable or badly degraded for many customers.", 2),
    SeverityLevel("medium", "Medium", "Partial degradation or a minor feature down; workaround exists.", 3),
    SeverityLevel("low", "Low", "Little or no customer impact; internal or near miss.", 4),
)


def priority_from(impact: int, effort: int) -> Priority:
    """Priority from impact and effort, each 1 (low) to 3 (high).

    High impact and low effort first; low impact and high effort last.
    """
    if impact not in (1, 2, 3) or effort not in (1, 2, 3):
        raise ValueError("impact and effort are 1, 2 or 3")
    score = impact * 2 - effort  # 5 .. -1
    if score >= 4:
        return Priority.P1
    if score >= 2:
        return Priority.P2
    if score >= 1:
        return Priority.P3
    return Priority.P4


@dataclass(frozen=True)
class Durations:
    to_detect: timedelta | None
    to_mitigate: timedelta | None
    to_resolve: timedelta | None


def durations(started: datetime | None, detected: datetime | None, mitigated: datetime | None,
              resolved: datetime | None) -> Durations:
    """Time to detect, mitigate and resolve, each from the start of the incident."""

    def diff(end: datetime | None) -> timedelta | None:
        if started is None or end is None:
            return None
        return end - started

    return Durations(diff(detected), diff(mitigated), diff(resolved))


def format_duration(delta: timedelta | None) -> str:
    """``1h 05m``, ``45m``, ``2d 3h``; empty when unknown."""
    if delta is None:
        return ""
    total = int(delta.total_seconds())
    sign = "-" if total < 0 else ""
    total = abs(total)
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    if days:
        return f"{sign}{days}d {hours}h"
    if hours:
        return f"{sign}{hours}h {minutes:02d}m"
    if minutes:
        return f"{sign}{minutes}m"
    return f"{sign}{seconds}s"


@dataclass
class Entry:
    """One timeline event read from an artifact, before it is stored."""

    time: datetime  # timezone-aware
    text: str
    source: str  # the format/tool, e.g. "slack", "alertmanager"
    source_id: str  # stable id within the source, for de-duplication
    kind: EntryKind = EntryKind.MANUAL
    actor: str = ""
    link: str = ""
    assumed_zone: bool = False  # True when the source had no zone and one was assumed
    extra: dict[str, object] = field(default_factory=dict)
