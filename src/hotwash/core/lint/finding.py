"""What the checker reports."""

from __future__ import annotations

import enum
from dataclasses import dataclass, fields
from typing import NamedTuple


class Severity(enum.StrEnum):
    ERROR = "error"  # blocks publishing until fixed or waived with a reason
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


class Hit(NamedTuple):
    """What a rule returns: an absolute span of the checked text, with optional overrides."""

    start: int
    end: int
    message: str | None = None
    suggestion: str | None = None
    replacement: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    name: str
    family: str
    severity: str  # "error" | "warning" | "info"
    line: int  # 1-based
    column: int  # 1-based, in characters
    start: int  # 0-based offset of the span in the checked text
    end: int
    text: str  # the flagged span
    sentence: str
    message: str
    why: str
    suggestion: str | None = None
    replacement: str | None = None  # a mechanical rewrite of text[start:end], when one exists
    end_line: int = 0
    end_column: int = 0  # 1-based column just past the span

    @property
    def blocking(self) -> bool:
        return self.severity == Severity.ERROR

    def to_dict(self) -> dict[str, object]:
        return {f: getattr(self, f) for f in _FIELDS}


_FIELDS = tuple(f.name for f in fields(Finding))
