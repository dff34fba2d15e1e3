"""Time parsing shared by the importers: ISO-ish strings, epochs of any unit, zones.

Everything returned is timezone-aware. A value without a zone takes the given zone (or UTC)
and is reported as *assumed*.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hotwash.core.errors import ImportFailed

EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=1)

_ISO = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ]+|(?=\d\d:))(\d{1,2}):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?"
    r"\s*(Z|z|UTC|GMT|[+-]\d\d:?\d\d|[+-]\d\d(?!\d))?(?:\s+\(?[A-Za-z][A-Za-z0-9+/_-]{1,30}\)?)?\s*$"
)
_DATE_ONLY = re.compile(r"^\s*(\d{4})-(\d\d)-(\d\d)\s*$")
_GO_ZERO_PREFIX = "0001-01-01"


class TimeError(ValueError):
    """A value that is not a readable time (the reader turns it into a skip or ImportFailed)."""


def zone(name: str | None) -> tzinfo | None:
    """``ZoneInfo`` for an IANA name (or ``UTC``/``Z``/``+02:00``); ImportFailed when unknown."""
    if name is None or name == "":
        return None
    if name.upper() in ("UTC", "Z", "GMT"):
        return UTC
    m = re.fullmatch(r"([+-])(\d\d):?(\d\d)", name)
    if m:
        from datetime import timezone

        delta = timedelta(hours=int(m.group(2)), minutes=int(m.group(3)))
        return timezone(-delta if m.group(1) == "-" else delta)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ImportFailed(f"unknown time zone {name!r} (use an IANA name such as Europe/Berlin)",
                           field="tz") from exc


def _offset(text: str) -> tzinfo:
    from datetime import timezone

    if text in ("Z", "z", "UTC", "GMT"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours = int(digits[:2])
    minutes = int(digits[2:4]) if len(digits) >= 4 else 0
    if hours > 23 or minutes > 59:
        raise TimeError(f"invalid UTC offset {text!r}")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def is_unset(value: object) -> bool:
    """True for an empty value or Go's zero time ``0001-01-01T00:00:00Z`` (meaning "unset")."""
    if value is None or value == "" or value == 0:
        return True
    return isinstance(value, str) and value.startswith(_GO_ZERO_PREFIX)


def attach(naive: datetime, tz: tzinfo | None) -> tuple[datetime, bool]:
    """Give a naive time the zone ``tz`` (UTC when None). Always *assumed*."""
    return naive.replace(tzinfo=tz or UTC), True


def parse_iso(text: str, tz: tzinfo | None = None) -> tuple[datetime, bool]:
    """RFC 3339 and its relatives: space separator, 0–9 fractional digits, ``+0200``, ``Z``,
    a trailing zone abbreviation (logrus ``-0400 EDT``), a missing ``T`` (``2021-03-1706:47``).

    Returns (aware time, assumed_zone).
    """
    if len(text) <= 32 and "T" in text:
        try:
            quick = datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            if quick.tzinfo is not None:
                return quick, False
            return attach(quick, tz)
    m = _ISO.match(text)
    if not m:
        d = _DATE_ONLY.match(text)
        if d:
            return attach(datetime(int(d.group(1)), int(d.group(2)), int(d.group(3))), tz)
        raise TimeError(f"not a time: {text[:40]!r}")
    year, month, day, hour, minute = (int(m.group(i)) for i in range(1, 6))
    second = int(m.group(6) or 0)
    frac = (m.group(7) or "")[:6].ljust(6, "0")
    try:
        naive = datetime(year, month, day, hour, minute, min(second, 59), int(frac))
    except ValueError as exc:
        raise TimeError(f"not a time: {text[:40]!r}") from exc
    if m.group(8):
        return naive.replace(tzinfo=_offset(m.group(8))), False
    return attach(naive, tz)


def parse_epoch(value: int | float | str | Decimal) -> datetime:
    """Unix time in s, ms, µs or ns, decided by magnitude (strings keep full precision)."""
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise TimeError(f"not an epoch time: {str(value)[:40]!r}") from exc
    magnitude = abs(number)
    if magnitude >= Decimal(10) ** 17:
        seconds = number / Decimal(10) ** 9
    elif magnitude >= Decimal(10) ** 14:
        seconds = number / Decimal(10) ** 6
    elif magnitude >= Decimal(10) ** 11:
        seconds = number / Decimal(10) ** 3
    else:
        seconds = number
    whole = int(seconds)
    micros = int((seconds - whole) * 1_000_000)
    try:
        return datetime.fromtimestamp(whole, UTC) + timedelta(microseconds=micros)
    except (OverflowError, OSError, ValueError) as exc:
        raise TimeError(f"epoch time out of range: {value!r}") from exc


def parse_any(value: object, tz: tzinfo | None = None) -> tuple[datetime, bool]:
    """An ISO string or an epoch number (or numeric string). Raises TimeError."""
    if isinstance(value, bool) or value is None:
        raise TimeError(f"not a time: {value!r}")
    if isinstance(value, int | float | Decimal):
        return parse_epoch(value), False
    if isinstance(value, str):
        stripped = value.strip()
        if re.fullmatch(r"-?\d+(\.\d+)?", stripped):
            return parse_epoch(stripped), False
        return parse_iso(stripped, tz)
    raise TimeError(f"not a time: {value!r}")


def check_range(moment: datetime, now: datetime | None = None) -> None:
    """Refuse times before 1990 or in the future (a day of clock skew is tolerated)."""
    if moment < EARLIEST:
        raise TimeError(f"time {moment.isoformat()} is before 1990")
    limit = (now or datetime.now(UTC)) + FUTURE_SLACK
    if moment > limit:
        raise TimeError(f"time {moment.isoformat()} is in the future")


def to_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def localize(naive: datetime, tz: tzinfo | None, previous: datetime | None = None) -> datetime:
    """Attach ``tz`` to a wall-clock time; in a repeated DST hour, prefer the later reading
    when the earlier one would make time run backwards."""
    zone_ = tz or UTC
    first = naive.replace(tzinfo=zone_, fold=0)
    if previous is not None and first < previous:
        second = naive.replace(tzinfo=zone_, fold=1)
        if second >= previous:
            return second
    return first


def rfc3339(moment: datetime) -> str:
    """``2024-05-01T12:00:00Z`` (UTC, with microseconds only when present)."""
    utc = moment.astimezone(UTC)
    text = utc.isoformat()
    return text.replace("+00:00", "Z")


def day_from_text(text: str) -> date | None:
    m = re.search(r"(\d{4})-(\d\d)-(\d\d)", text)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
