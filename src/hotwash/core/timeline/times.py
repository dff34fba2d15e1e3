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
    r"^\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[Tt ]+|(?=\d\d:))(\d{1,2}):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?"
    r"\s*(Z|z|UTC|GMT|[+-]\d\d:?\d\d|[+-]\d\d(?!\d))?(?:\s+\(?[A-Za-z][A-Za-z0-9+/_-]{1,30}\)?)?"
    r"(?:\s+m=[+-]?\d+(?:\.\d+)?)?\s*$"  # Go's time.String() adds the monotonic clock reading
)
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                       "nov", "dec"), 1)}
_CLOCK = r"(?P<h>\d{1,2}):(?P<mi>\d\d)(?::(?P<s>\d\d)(?:[.,](?P<f>\d+))?)?\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?"
_ZONE = r"(?P<zone>Z|UTC|GMT|[+-]\d\d:?\d\d|[A-Z]{2,5})?"
_WEEKDAY = r"(?:[A-Za-z]{3,9},?\s+)?"
# Dates with a month name: RFC 2822 / HTTP (``Tue, 02 Jan 2024 03:04:05 GMT``), access-log style
# (``02/Jan/2024:03:04:05 +0000``), ``Jan 2, 2024 3:04:05 PM``, ctime / ``date`` / git
# (``Tue Jan  2 03:04:05 [UTC] 2024 [+0100]``), ``02-Jan-2024 03:04:05`` (PHP).
_WORDY = [re.compile(r"^\s*" + pattern + r"\s*$") for pattern in (
    _WEEKDAY + r"(?P<d>\d{1,2})[ /-](?P<mon>[A-Za-z]{3,9})\.?[ /-](?P<y>\d{4})[ :T,]+" + _CLOCK + r"\s*" + _ZONE,
    _WEEKDAY + r"(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4}),?\s+(?:at\s+)?"
    + _CLOCK + r"\s*" + _ZONE,
    _WEEKDAY + r"(?P<mon>[A-Za-z]{3,9})\s+(?P<d>\d{1,2})\s+" + _CLOCK + r"\s+(?:(?P<zone1>[A-Z]{2,5})\s+)?"
    r"(?P<y>\d{4})(?:\s+" + _ZONE + ")?",
)]
_ABBREVIATIONS = {"UTC": 0, "GMT": 0, "Z": 0, "UT": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7,
                  "MDT": -6, "PST": -8, "PDT": -7, "CET": 1, "CEST": 2, "BST": 1, "IST": None, "JST": 9}
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
        worded = parse_words(text, tz) if re.search(r"[A-Za-z]{3}", text) else None
        if worded is not None:
            return worded
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


def parse_words(text: str, tz: tzinfo | None = None) -> tuple[datetime, bool] | None:
    """A date written with a month name (see ``_WORDY``), or None when ``text`` is not one."""
    for pattern in _WORDY:
        m = pattern.match(text)
        if m:
            break
    else:
        return None
    month = _MONTHS.get(m.group("mon")[:3].lower())
    if month is None:
        return None
    hour = int(m.group("h"))
    ampm = (m.group("ampm") or "").lower()[:1]
    if ampm and not 1 <= hour <= 12:
        return None
    if ampm == "p" and hour != 12:
        hour += 12
    elif ampm == "a" and hour == 12:
        hour = 0
    frac = (m.group("f") or "")[:6].ljust(6, "0")
    try:
        naive = datetime(int(m.group("y")), month, int(m.group("d")), hour, int(m.group("mi")),
                         min(int(m.group("s") or 0), 59), int(frac))
    except ValueError:
        return None
    names = m.groupdict()
    zone_text = names.get("zone") or names.get("zone1") or ""
    if not zone_text:
        return attach(naive, tz)
    if zone_text[0] in "+-Z" or zone_text in ("UTC", "GMT"):
        return naive.replace(tzinfo=_offset(zone_text)), False
    hours = _ABBREVIATIONS.get(zone_text)
    if hours is None:  # an abbreviation we cannot trust (IST, or unknown): the zone is assumed
        return attach(naive, tz)
    from datetime import timezone

    return naive.replace(tzinfo=timezone(timedelta(hours=hours))), False


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


_EPOCH_TEXT = re.compile(r"-?\d+(\.\d+)?")


def parse_any(value: object, tz: tzinfo | None = None) -> tuple[datetime, bool]:
    """An ISO string or an epoch number (or numeric string). Raises TimeError."""
    if isinstance(value, bool) or value is None:
        raise TimeError(f"not a time: {value!r}")
    if isinstance(value, int | float | Decimal):
        return parse_epoch(value), False
    if isinstance(value, str):
        stripped = value.strip()
        if _EPOCH_TEXT.fullmatch(stripped):
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
    when the earlier one would make time run backwards. Returned in UTC: two aware times with
    the same tzinfo compare (and subtract) by wall clock, ignoring ``fold``, so the repeated hour
    would otherwise sort before the hour it repeats wherever the result is compared."""
    zone_ = tz or UTC
    first = naive.replace(tzinfo=zone_, fold=0).astimezone(UTC)
    if previous is not None:
        before = previous.astimezone(UTC)
        if first < before:
            second = naive.replace(tzinfo=zone_, fold=1).astimezone(UTC)
            if second >= before:
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
