"""Helpers for line-oriented text logs: decoding, a year for dates without one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import IO


def lines(stream: IO[bytes]) -> Iterator[tuple[int, str]]:
    """(line number, text) with the newline and a leading BOM removed; bad bytes replaced."""
    for number, raw in enumerate(stream, 1):
        text = raw.decode("utf-8", "replace").rstrip("\r\n")
        if number == 1:
            text = text.lstrip("\ufeff")
        yield number, text


class YearGuess:
    """BSD syslog and glog omit the year: start from the reference year (the previous year
    when the first date lies ahead of the reference — more than a day, for zones ahead of UTC),
    step a year on a Dec→Jan rollover."""

    def __init__(self, reference: datetime | None = None, year: int | None = None) -> None:
        self.reference = reference or datetime.now(UTC)
        self.year = year
        self.month = 0

    def _ahead(self, month: int, day: int) -> bool:
        """Whether ``month``/``day`` of the reference year lies more than a day after the reference."""
        limit = self.reference + timedelta(days=1)
        return limit.year == self.reference.year and (month, day) > (limit.month, limit.day)

    def __call__(self, month: int, day: int = 1) -> int:
        if self.year is None:
            self.year = self.reference.year - (1 if self._ahead(month, day) else 0)
        elif month < self.month and self.month - month >= 6 and (
                self.year + 1 < self.reference.year
                or (self.year + 1 == self.reference.year and not self._ahead(month, day))):
            self.year += 1  # Dec → Jan, unless that would put the line in the future
        self.month = month
        return self.year
