"""Text helpers shared by the Markdown renderer and parser.

Everything here comes in render/parse pairs that agree with each other, so that a rendered
document parses back to values that render to the same text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta, tzinfo
from datetime import timezone as dt_timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hotwash.core.errors import ValidationError

# Markers for what the template has no column for (see hotwash.core.document.markdown).
KEY_DECISION_MARK = "**Key decision:**"
WRONG_ASSUMPTION_MARK = "_(assumption later proved wrong)_"
TRIGGER_MARK = "(trigger)"
TAG_SEPARATOR = " \u00b7 "

# Characters XML 1.0 forbids; they would also confuse Markdown tables.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def clean(text: str) -> str:
    """Drop control characters that XML and Markdown cannot carry (tabs and newlines stay)."""
    return _CONTROL.sub("", text)


def split_lines(text: str) -> list[str]:
    """Lines of ``text`` using every line boundary Python knows (``\\r\\n``, ``\\u2028``...)."""
    return clean_lines(text.splitlines())


def clean_lines(lines: Iterable[str]) -> list[str]:
    return [clean(line) for line in lines]


def one_line(text: str) -> str:
    """The text on one line: lines stripped and joined by single spaces."""
    return " ".join(part.strip() for part in split_lines(text) if part.strip())


# --- table cells -----------------------------------------------------------------------------

_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


def cell_render(text: str) -> str:
    """A table cell: ``|`` escaped, lines joined with ``<br>``."""
    lines = [line.strip() for line in split_lines(_BR.sub("\n", text))]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "<br>".join(lines).replace("|", "\\|")


def cell_parse(raw: str) -> str:
    return _BR.sub("\n", raw.strip().replace("\\|", "|"))


def split_row(line: str) -> list[str] | None:
    """Cells of a Markdown table row (still escaped), or None when the line is not a row."""
    s = line.strip()
    if not s.startswith("|"):
        return None
    s = s[1:]
    cells: list[str] = []
    current: list[str] = []
    previous = ""
    for ch in s:
        # As in GitHub's tables: a pipe right after a backslash belongs to the cell.
        if ch == "|" and previous != "\\":
            cells.append("".join(current))
            current = []
        else:
            current.append(ch)
        previous = ch
    rest = "".join(current)
    if rest.strip():
        cells.append(rest)
    return cells


PLACEHOLDER_CELLS = ("", "...", "\u2026")


def is_placeholder_row(cells: Iterable[str]) -> bool:
    """A row with nothing but ``...`` (as in the template) or nothing at all."""
    return all(c.strip() in PLACEHOLDER_CELLS for c in cells)


_SEPARATOR_CELL = re.compile(r"^\s*:?-{1,}:?\s*$")


def is_separator_row(cells: list[str]) -> bool:
    return bool(cells) and all(_SEPARATOR_CELL.match(c) for c in cells)


# --- Markdown bodies -------------------------------------------------------------------------

_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_STRUCTURAL_HEADING = re.compile(r"^( {0,3})(#{1,2})([ \t]|$)")
HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")


def fence_states(lines: list[str]) -> Iterator[tuple[str, bool]]:
    """Each line with whether it is inside (or delimits) a fenced code block."""
    fence: str | None = None
    for line in lines:
        if fence is None:
            m = _FENCE_OPEN.match(line)
            if m and not (m.group(1)[0] == "`" and "`" in m.group(2)):
                fence = m.group(1)
                yield line, True
                continue
            yield line, False
        else:
            stripped = line.strip()
            if (
                len(line) - len(line.lstrip(" ")) <= 3
                and stripped
                and set(stripped) == {fence[0]}
                and len(stripped) >= len(fence)
            ):
                fence = None
            yield line, True


def open_fence_after(lines: list[str]) -> str | None:
    """The fence still open after ``lines``, if any."""
    fence: str | None = None
    for line, inside in fence_states(lines):
        if inside and fence is None:
            m = _FENCE_OPEN.match(line)
            fence = m.group(1) if m else None
        elif inside and fence is not None:
            stripped = line.strip()
            if stripped and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
                fence = None
    return fence


def body_render(text: str) -> list[str]:
    """Lines of a free Markdown section, safe to place between the document's headings.

    Blank lines at both ends are dropped, ``#``/``##`` headings outside code blocks are escaped
    (they would end the section) and an unclosed code fence is closed.
    """
    lines = [line.rstrip() for line in split_lines(text)]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    out: list[str] = []
    for line, inside in fence_states(lines):
        if not inside:
            line = _STRUCTURAL_HEADING.sub(lambda m: f"{m.group(1)}\\{m.group(2)}{m.group(3)}", line)
        out.append(line)
    still_open = open_fence_after(out)
    if still_open is not None:
        out.append(still_open)
    return out


def body_parse(lines: list[str]) -> str:
    lines = [line.rstrip() for line in lines]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


# --- time ------------------------------------------------------------------------------------


def zone(name: str) -> tzinfo:
    """The zone called ``name`` ("UTC" when empty); ValidationError when unknown."""
    if not name or name.upper() in ("UTC", "Z", "GMT"):
        return dt_timezone.utc
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(f"unknown time zone {name!r}", field="timezone") from exc


def aware(dt: datetime) -> datetime:
    """A naive datetime is read as UTC."""
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=dt_timezone.utc)


def local(dt: datetime, tz: tzinfo) -> datetime:
    return aware(dt).astimezone(tz)


def format_stamp(dt: datetime, tz: tzinfo, *, with_date: bool, with_seconds: bool = False) -> str:
    """``HH:MM`` or ``YYYY-MM-DD HH:MM`` in ``tz``; ``:SS`` added with ``with_seconds``."""
    loc = local(dt, tz)
    clock = "%H:%M:%S" if with_seconds else "%H:%M"
    return loc.strftime(f"%Y-%m-%d {clock}" if with_date else clock)


_STAMP = re.compile(
    r"""^\s*(?:(?P<date>\d{4}-\d{1,2}-\d{1,2})(?:[ T]+|,\s*))?
    (?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?
    \s*(?P<ampm>[ap]\.?m\.?)?
    \s*(?P<zone>Z|UTC|GMT|[+-]\d{2}:?\d{2}|[A-Za-z]+/[A-Za-z_/+-]+)?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


def parse_stamp(text: str, tz: tzinfo, default_day: date | None) -> tuple[datetime, bool] | None:
    """A time cell (``14:23``, ``2024-08-01 14:23``, ``14:23:05 UTC``...).

    Returns the aware datetime and whether the text carried its own date; None when the text
    is not a time, or has no date and there is no default day.
    """
    m = _STAMP.match(text)
    if not m:
        return None
    hour, minute = int(m.group("h")), int(m.group("m"))
    second = int(m.group("s") or 0)
    ampm = (m.group("ampm") or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    day: date | None
    if m.group("date"):
        day = parse_date(m.group("date"))
    else:
        day = default_day
    if day is None or hour > 23 or minute > 59 or second > 59:
        return None
    zone_text = m.group("zone")
    if zone_text:
        zt = zone_text.upper()
        if zt in ("Z", "UTC", "GMT"):
            tz = dt_timezone.utc
        elif zt[0] in "+-":
            digits = zt[1:].replace(":", "")
            offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
            tz = dt_timezone(offset if zt[0] == "+" else -offset)
        else:
            try:
                tz = zone(zone_text)
            except ValidationError:
                return None
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=tz), bool(m.group("date"))


_DATE_FORMATS = (
    "%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y", "%B %d, %Y", "%B %d %Y", "%b %d, %Y", "%b %d %Y",
    "%d %B %Y", "%d %b %Y", "%A, %B %d, %Y", "%a, %b %d, %Y", "%A %d %B %Y",
)


def parse_date(text: str) -> date | None:
    s = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.strip().rstrip("."))
    s = re.sub(r"\s+", " ", s)
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    m = re.match(r"^(\d{4}-\d{2}-\d{2})[T ]", s)
    if m:
        return parse_date(m.group(1))
    return None


_DURATION_PART = re.compile(
    r"(\d+(?:\.\d+)?)\s*(d|days?|h|hrs?|hours?|m|mins?|minutes?|s|secs?|seconds?)\b", re.IGNORECASE
)


def parse_duration(text: str) -> timedelta | None:
    """``1h 05m``, ``45m``, ``2d 3h``, ``90 minutes``, ``1:05`` (h:mm); None when unreadable."""
    s = text.strip()
    sign = 1
    if s.startswith("-"):
        sign, s = -1, s[1:].strip()
    if not s:
        return None
    m = re.fullmatch(r"(\d+):(\d{2})(?::(\d{2}))?", s)
    if m:
        total = timedelta(hours=int(m.group(1)), minutes=int(m.group(2)), seconds=int(m.group(3) or 0))
        return total * sign
    s = re.sub(r"\b(about|approx\.?|approximately|around|~)\s*", "", s, flags=re.IGNORECASE)
    parts = _DURATION_PART.findall(s)
    leftover = _DURATION_PART.sub("", s)
    if not parts or re.sub(r"[\s,and]+", "", leftover, flags=re.IGNORECASE):
        return None
    total = timedelta()
    for number, unit in parts:
        value = float(number)
        u = unit[0].lower()
        if u == "d":
            total += timedelta(days=value)
        elif u == "h":
            total += timedelta(hours=value)
        elif u == "m":
            total += timedelta(minutes=value)
        else:
            total += timedelta(seconds=value)
    return total * sign


def split_list(text: str) -> list[str]:
    """``a, b; c`` as items, without empties."""
    return [p.strip() for p in re.split(r"[,;]", text) if p.strip()]


def _escape(text: str, chars: str) -> str:
    out = text.replace("\\", "\\\\")
    for ch in chars:
        out = out.replace(ch, "\\" + ch)
    return out


def participants_render(people: Iterable[tuple[str, str, bool]]) -> str:
    """``Name (role, involved), Name`` with ``\\``, ``,`` and parentheses escaped in names
    (and ``\\`` and parentheses in roles), so that any name reads back as itself."""
    out: list[str] = []
    for name, role, involved in people:
        name, role = one_line(name), one_line(role)
        if not name:
            continue
        notes = [_escape(role, "()")] if role else []
        if involved:
            notes.append("involved")
        escaped = _escape(name, ",()")
        out.append(f"{escaped} ({', '.join(notes)})" if notes else escaped)
    return ", ".join(out)


def participants_parse(text: str) -> list[tuple[str, str, bool]]:
    """The inverse of :func:`participants_render`, tolerant of hand-written lists."""
    people: list[tuple[str, str, bool]] = []
    for part in _split_unescaped(text):
        tokens = _tokens(part)
        name_tokens, note_tokens = tokens, None
        if tokens and tokens[-1] == (")", False):
            depth = 0
            for i in range(len(tokens) - 1, -1, -1):
                if tokens[i] == (")", False):
                    depth += 1
                elif tokens[i] == ("(", False):
                    depth -= 1
                    if depth == 0:
                        inner = tokens[i + 1 : -1]
                        if i > 0 and "".join(c for c, _ in inner).strip():
                            name_tokens, note_tokens = tokens[:i], inner
                        break
        name = "".join(c for c, _ in name_tokens).strip()
        if note_tokens is None:
            people.append((name, "", False))
            continue
        notes = "".join(c for c, _ in note_tokens).strip()
        involved = re.search(r"(?:^|,)\s*involved$", notes)
        role = notes[: involved.start()].strip() if involved else notes
        people.append((name, role, involved is not None))
    return people


def _tokens(text: str) -> list[tuple[str, bool]]:
    """Characters with whether they were backslash-escaped."""
    out: list[tuple[str, bool]] = []
    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in "\\,()":
            out.append((text[i + 1], True))
            i += 2
        else:
            out.append((text[i], False))
            i += 1
    return out


def _split_unescaped(text: str) -> list[str]:
    """Split on commas that are neither escaped nor inside parentheses."""
    parts: list[str] = []
    depth = 0
    start = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in "\\,()":
            i += 2
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]
