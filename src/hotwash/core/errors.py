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


class TrackerError(HotwashError):
    """An issue tracker (Jira, GitHub) could not be reached or refused a request.

    ``retryable`` is True when trying again later may succeed (network down, 5xx, rate limit);
    False when the request itself must change (bad credentials, unknown project, validation).
    """

    def __init__(self, message: str, *, retryable: bool, status: int | None = None,
                 tracker: str | None = None, retry_after: int | None = None) -> None:
        super().__init__(message, where=tracker)
        self.retryable = retryable
        self.status = status
        self.tracker = tracker
        self.retry_after = retry_after  # seconds, when the server said how long to wait
