"""Configurable policies: which incidents need a formal review, by when, and default due dates.

Each policy is a frozen dataclass whose defaults encode the practice; ``from_mapping`` builds one
from settings (a dict read from TOML/JSON/env) and raises :class:`ValidationError` naming the key.
See ``docs/policy.md``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal

from hotwash.core.errors import ValidationError
from hotwash.core.model import DEFAULT_SEVERITIES, Priority, SeverityLevel, format_duration

ReviewKind = Literal["formal", "short_note"]


def add_business_days(start: date, days: int) -> date:
    """``start`` plus ``days`` working days (Saturday and Sunday skipped)."""
    if days < 0:
        raise ValidationError("cannot count a negative number of business days", field="days")
    current = start
    left = days
    while left:
        current += timedelta(days=1)
        if current.weekday() < 5:
            left -= 1
    return current


def next_weekday(day: date) -> date:
    """``day`` itself on a weekday, else the following Monday."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


@dataclass(frozen=True)
class Deadline:
    """A number of calendar days, or of business days (Saturday and Sunday skipped)."""

    days: int
    business: bool = False

    def after(self, start: date) -> date:
        if self.business:
            return add_business_days(start, self.days)
        return start + timedelta(days=self.days)

    def describe(self) -> str:
        unit = "business day" if self.business else "calendar day"
        return f"{self.days} {unit}{'' if self.days == 1 else 's'}"


_DEADLINE_TEXT = re.compile(r"^\s*(\d+)\s*(bd|d|days?|calendar\s+days?|business\s+days?)?\s*$", re.I)


def _parse_deadline(value: object, key: str) -> Deadline | None:
    if value is None or value is False or value == "" or value == "none":
        return None
    if isinstance(value, bool):
        raise ValidationError("expected a number of days, a text like '5 business days', or null", field=key)
    if isinstance(value, int):
        if value < 0:
            raise ValidationError("days cannot be negative", field=key)
        return Deadline(value)
    if isinstance(value, str):
        match = _DEADLINE_TEXT.match(value)
        if not match:
            raise ValidationError(f"cannot read {value!r}: write e.g. '3 days' or '5 business days'", field=key)
        unit = (match.group(2) or "d").lower()
        return Deadline(int(match.group(1)), business=unit == "bd" or unit.startswith("business"))
    if isinstance(value, Mapping):
        unknown = set(value) - {"days", "business"}
        if unknown:
            raise ValidationError(f"unknown key {sorted(unknown)[0]!r}", field=key)
        days = value.get("days")
        business = value.get("business", False)
        if not isinstance(days, int) or isinstance(days, bool) or days < 0:
            raise ValidationError("'days' must be a whole number of days, 0 or more", field=f"{key}.days")
        if not isinstance(business, bool):
            raise ValidationError("'business' must be true or false", field=f"{key}.business")
        return Deadline(days, business)
    raise ValidationError("expected a number of days, a text like '5 business days', or null", field=key)


def _check_keys(data: Mapping[str, object], allowed: set[str], prefix: str = "") -> None:
    for key in data:
        if key not in allowed:
            raise ValidationError(f"unknown setting; expected one of {', '.join(sorted(allowed))}",
                                  field=f"{prefix}{key}")


def _severity_by_key(severities: Sequence[SeverityLevel], key: str, field_name: str) -> SeverityLevel:
    for level in severities:
        if level.key == key:
            return level
    known = ", ".join(level.key for level in severities)
    raise ValidationError(f"unknown severity {key!r}; known: {known}", field=field_name)


def _default_meeting_deadlines() -> dict[str, Deadline | None]:
    return {
        "critical": Deadline(3),
        "high": Deadline(5, business=True),
        "medium": Deadline(10, business=True),
        "low": None,
    }


@dataclass(frozen=True)
class IncidentFacts:
    """What the review policy looks at. ``severity`` is a severity key (``"high"``) or None."""

    severity: str | None = None
    escalated: bool = False
    duration: timedelta | None = None
    near_miss: bool = False


@dataclass(frozen=True)
class ReviewDecision:
    kind: ReviewKind
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ReviewPolicy:
    """Which incidents need a formal postmortem, and by when the review meeting should happen.

    Formal when any enabled criterion holds: escalated, lasted longer than ``formal_after_minutes``,
    or severity ranked at or above ``formal_min_severity``. Otherwise a short note. Setting a
    criterion to False/None disables it.
    """

    formal_if_escalated: bool = True
    formal_after_minutes: int | None = 30
    formal_min_severity: str | None = "high"
    meeting_deadlines: Mapping[str, Deadline | None] = field(default_factory=_default_meeting_deadlines)
    severities: tuple[SeverityLevel, ...] = DEFAULT_SEVERITIES

    def __post_init__(self) -> None:
        if self.formal_min_severity is not None:
            _severity_by_key(self.severities, self.formal_min_severity, "formal_min_severity")
        for key in self.meeting_deadlines:
            _severity_by_key(self.severities, key, f"meeting_deadlines.{key}")
        if self.formal_after_minutes is not None and self.formal_after_minutes < 0:
            raise ValidationError("cannot be negative", field="formal_after_minutes")

    @classmethod
    def from_mapping(cls, data: Mapping[str, object],
                     severities: Sequence[SeverityLevel] = DEFAULT_SEVERITIES) -> ReviewPolicy:
        """Build from settings; keys not given keep their defaults.

        ``{"formal_if_escalated": true, "formal_after_minutes": 30, "formal_min_severity": "high",
        "meeting_deadlines": {"critical": "3 days", "high": "5 business days", "low": null}}``
        """
        _check_keys(data, {"formal_if_escalated", "formal_after_minutes", "formal_min_severity",
                           "meeting_deadlines"})
        keys = [level.key for level in sorted(severities, key=lambda level: level.rank)]
        # "high" when it exists, else the second most severe level of a custom scale.
        default_min = "high" if "high" in keys else (keys[1] if len(keys) > 1 else keys[0] if keys else None)
        escalated = data.get("formal_if_escalated", True)
        if not isinstance(escalated, bool):
            raise ValidationError("must be true or false", field="formal_if_escalated")
        minutes = data.get("formal_after_minutes", 30)
        if minutes is not None and (not isinstance(minutes, int) or isinstance(minutes, bool) or minutes < 0):
            raise ValidationError("must be a whole number of minutes, 0 or more, or null",
                                  field="formal_after_minutes")
        min_severity = data.get("formal_min_severity", default_min)
        if min_severity is not None:
            if not isinstance(min_severity, str):
                raise ValidationError("must be a severity key or null", field="formal_min_severity")
            _severity_by_key(severities, min_severity, "formal_min_severity")
        deadlines = {k: v for k, v in _default_meeting_deadlines().items() if k in keys}
        raw = data.get("meeting_deadlines", {})
        if not isinstance(raw, Mapping):
            raise ValidationError("must map severity keys to deadlines", field="meeting_deadlines")
        for key, value in raw.items():
            name = f"meeting_deadlines.{key}"
            _severity_by_key(severities, str(key), name)
            deadlines[str(key)] = _parse_deadline(value, name)
        return cls(escalated, minutes, min_severity, deadlines, tuple(severities))

    def review_kind(self, facts: IncidentFacts) -> ReviewDecision:
        """Formal postmortem or short note, with the reasons in plain words."""
        formal: list[str] = []
        light: list[str] = []
        if self.formal_if_escalated:
            if facts.escalated:
                formal.append("the incident was escalated")
            else:
                light.append("not escalated")
        if self.formal_after_minutes is not None:
            limit = timedelta(minutes=self.formal_after_minutes)
            if facts.duration is None:
                light.append("duration unknown")
            elif facts.duration > limit:
                formal.append(f"it lasted {format_duration(facts.duration)}, longer than "
                              f"{format_duration(limit)}")
            else:
                light.append(f"lasted {format_duration(facts.duration)}, not longer than "
                             f"{format_duration(limit)}")
        if self.formal_min_severity is not None:
            threshold = _severity_by_key(self.severities, self.formal_min_severity, "formal_min_severity")
            if facts.severity is None:
                light.append("no severity set")
            else:
                level = _severity_by_key(self.severities, facts.severity, "severity")
                if level.rank <= threshold.rank:
                    formal.append(f"severity {level.label} is at or above {threshold.label}")
                else:
                    light.append(f"severity {level.label} is below {threshold.label}")
        if formal:
            return ReviewDecision("formal", tuple(formal))
        if facts.near_miss:
            light.insert(0, "a near miss")
        return ReviewDecision("short_note", tuple(light))

    def meeting_due(self, resolved_at: datetime | date, severity: str | None) -> date | None:
        """The date by which the review meeting should happen, or None when there is no deadline.

        Counted from the day of ``resolved_at`` in its own zone (convert to the team's zone first).
        """
        if severity is None:
            return None
        _severity_by_key(self.severities, severity, "severity")
        deadline = self.meeting_deadlines.get(severity)
        if deadline is None:
            return None
        start = resolved_at.date() if isinstance(resolved_at, datetime) else resolved_at
        return deadline.after(start)

    def meeting_overdue(self, resolved_at: datetime | date, severity: str | None, today: date) -> bool:
        due = self.meeting_due(resolved_at, severity)
        return due is not None and today > due


def _default_due_days() -> dict[str, dict[Priority, int]]:
    base = {Priority.P1: 7, Priority.P2: 14, Priority.P3: 30, Priority.P4: 60}
    return {
        "critical": {Priority.P1: 7, Priority.P2: 10, Priority.P3: 21, Priority.P4: 45},
        "high": {Priority.P1: 7, Priority.P2: 12, Priority.P3: 25, Priority.P4: 50},
        "medium": dict(base),
        "low": dict(base),
        "*": dict(base),
    }


@dataclass(frozen=True)
class DueDatePolicy:
    """Default due dates of action items by priority and incident severity.

    ``days[severity][priority]``; the ``"*"`` row applies to severities without their own row (and
    to incidents without a severity). With ``skip_weekends`` a date on Saturday/Sunday moves to Monday.
    """

    days: Mapping[str, Mapping[Priority, int]] = field(default_factory=_default_due_days)
    skip_weekends: bool = True

    def __post_init__(self) -> None:
        if "*" not in self.days:
            raise ValidationError("a '*' row is needed for other severities", field="days.*")
        for sev, row in self.days.items():
            missing = [p.value for p in Priority if p not in row]
            if missing:
                raise ValidationError(f"missing {', '.join(missing)}", field=f"days.{sev}")

    @classmethod
    def from_mapping(cls, data: Mapping[str, object],
                     severities: Sequence[SeverityLevel] = DEFAULT_SEVERITIES) -> DueDatePolicy:
        """``{"days": {"*": {"p1": 7, "p2": 14}, "critical": {"p2": 10}}, "skip_weekends": true}``.

        Rows are merged over the defaults, so one number can be changed alone.
        """
        _check_keys(data, {"days", "skip_weekends"})
        table = {sev: dict(row) for sev, row in _default_due_days().items()}
        raw = data.get("days", {})
        if not isinstance(raw, Mapping):
            raise ValidationError("must map severity keys (or '*') to days by priority", field="days")
        for sev, row in raw.items():
            sev_key = str(sev)
            if sev_key != "*":
                _severity_by_key(severities, sev_key, f"days.{sev_key}")
            if not isinstance(row, Mapping):
                raise ValidationError("must map priorities (p1..p4) to days", field=f"days.{sev_key}")
            target = table.setdefault(sev_key, dict(table["*"]))
            for pri, value in row.items():
                name = f"days.{sev_key}.{pri}"
                try:
                    priority = Priority(str(pri).lower())
                except ValueError:
                    raise ValidationError("unknown priority; expected p1, p2, p3 or p4", field=name) from None
                if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                    raise ValidationError("must be a whole number of days, 1 or more", field=name)
                target[priority] = value
        skip = data.get("skip_weekends", True)
        if not isinstance(skip, bool):
            raise ValidationError("must be true or false", field="skip_weekends")
        return cls(table, skip)

    def days_for(self, priority: Priority | str, severity: str | None) -> int:
        try:
            pri = Priority(priority)
        except ValueError:
            raise ValidationError(f"unknown priority {priority!r}", field="priority") from None
        row = self.days.get(severity or "*", self.days["*"])
        return row[pri]

    def default_due(self, priority: Priority | str, severity: str | None, from_date: date) -> date:
        """The default due date of an action item created on ``from_date``."""
        due = from_date + timedelta(days=self.days_for(priority, severity))
        return next_weekday(due) if self.skip_weekends else due

