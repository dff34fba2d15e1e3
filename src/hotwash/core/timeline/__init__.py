"""Timeline from artifacts: one importer module per format, a registry, log summarising and
merging. Pure Python: no Django, no database, no printing.

Public API::

    read_any(path_or_stream, *, format=None, tz=None, report=None, ...) -> list[Entry]
    detect_format(head: bytes, filename: str) -> str | None
    FORMATS: dict[str, module]          # each with NAME, detect(head), read(stream, *, tz, name)
    merge(*sources) -> list[Entry]      # sorted, de-duplicated
    clip(entries, start, end, margin=timedelta(minutes=30)) -> list[Entry]
    ReadReport                          # counts read / skipped, reasons with locations
"""

from __future__ import annotations

from hotwash.core.timeline.base import ReadReport, Skip
from hotwash.core.timeline.merge import clip, merge
from hotwash.core.timeline.registry import FORMATS, detect_format, format_names, read_any, resolve_format
from hotwash.core.timeline.times import parse_any, rfc3339, zone

__all__ = ["FORMATS", "ReadReport", "Skip", "clip", "detect_format", "format_names", "merge", "parse_any",
           "read_any", "resolve_format", "rfc3339", "zone"]
