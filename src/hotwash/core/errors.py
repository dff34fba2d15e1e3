"""The one error type of each domain.

Adapters (forms, API, CLI) turn these into a form error, a JSON ``{"error": ...}`` with a
4xx status, or a CLI message with a non-zero exit code.
"""

from __future__ import annotations


class HotwashError(Exception):
    """Base of every domain error. ``field`` names what was wrong, when one thing was."""

    def __init__(self, message: str, *, field: str | None = None, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.where = where

    def __str__(self) -> str:
        prefix = ""
        if self.where:
            prefix = f"{self.where}: "
        if self.field:
            prefix += f"{self.field}: "
        return f"{prefix}{self.message}"


class ValidationError(HotwashError):
    """Input that does not make sense (a time before another, an unknown severity...)."""


class NotFound(HotwashError):
    """The thing asked for does not exist (or is not visible to the asker)."""


class Conflict(HotwashError):
    """Someone else changed the thing since it was read: the caller must choose."""

    def __init__(self, message: str, *, field: str | None = None, current: object = None,
                 current_version: int | None = None) -> None:
        super().__init__(message, field=field)
        self.current = current
        self.current_version = current_version


class PermissionDenied(HotwashError):
    """The actor may not do this."""


class LintError(HotwashError):
    """The language checker could not read or check an input."""


class ImportFailed(HotwashError):
    """An artifact could not be read. ``where`` names the file and the line or record."""
