"""Importing uploaded artifacts into an incident's timeline: what the postmortem page's upload and
the JSON API (``POST /api/v1/incidents/{id}/timeline/import``) share.

``import_options`` checks the options (each error names its field), ``read_uploads`` reads the
uploaded files (zips expanded) into per-source results, ``import_preview`` describes what an
import would add, and ``import_sources`` adds it in one transaction.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta, tzinfo
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from hotwash.core.errors import ImportFailed, ValidationError
from hotwash.core.timeline import resolve_format, rfc3339, zone
from hotwash.web.incidents.models import Incident
from hotwash.web.timeline import reading, selectors, services
from hotwash.web.types import Actor

MAX_MARGIN_MINUTES = 7 * 24 * 60
SAMPLES_PER_SOURCE = 5


@dataclass(frozen=True)
class ImportOptions:
    format: str | None  # None: detect
    tz_name: str
    tz: tzinfo | None
    channels: frozenset[str]
    margin: timedelta


def import_options(*, incident: Incident, format: str = "", tz: str = "", channels: str = "",
                   margin: str | int | None = None) -> ImportOptions:
    """Checked import options; ValidationError names the field (``format``, ``tz``, ``margin``)."""
    fmt = (format or "").strip()
    fmt = "" if fmt == "auto" else fmt
    tz_name = (tz or "").strip() or incident.timezone
    try:
        minutes = 30 if margin in (None, "") else int(margin)
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"the margin is a number of minutes (0 to {MAX_MARGIN_MINUTES}), not {margin!r}",
                              field="margin") from exc
    if not 0 <= minutes <= MAX_MARGIN_MINUTES:
        raise ValidationError(f"the margin is a number of minutes (0 to {MAX_MARGIN_MINUTES})", field="margin")
    try:
        zone_ = zone(tz_name)
    except ImportFailed as exc:
        raise ValidationError(exc.message, field="tz") from exc
    if fmt:
        try:
            resolve_format(fmt)
        except ImportFailed as exc:
            raise ValidationError(exc.message, field="format") from exc
    names = frozenset(c.strip().lstrip("#") for c in (channels or "").split(",") if c.strip())
    return ImportOptions(format=fmt or None, tz_name=tz_name, tz=zone_, channels=names,
                         margin=timedelta(minutes=minutes))


def read_uploads(uploads: Sequence[UploadedFile], options: ImportOptions) -> tuple[list[reading.SourceRead], list[str]]:
    """Read uploaded files (zips expanded): one result per source, and the file names."""
    with tempfile.TemporaryDirectory(prefix="hotwash-import-") as tmp:
        work = Path(tmp)
        files: list[tuple[str, Path]] = []
        for number, upload in enumerate(uploads):
            name = Path(upload.name or "").name or f"file-{number + 1}"
            if hasattr(upload, "temporary_file_path"):
                files.append((name, Path(upload.temporary_file_path())))
                continue
            target = work / f"u{number}-{name}"
            with target.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            files.append((name, target))
        sources = reading.read_sources(files, workdir=work, format=options.format, tz=options.tz,
                                       channels=set(options.channels) or None, file_times=False)
    return sources, [name for name, _ in files]


def import_preview(*, incident: Incident, sources: list[reading.SourceRead],
                   options: ImportOptions) -> dict[str, Any]:
    """What an import would do, as JSON: per source its format, counts, time range, skipped records
    (where and why), errors and the first entries in the window; totals; the window. Adds nothing."""
    present = selectors.import_keys(incident=incident, entries=[e for s in sources for e in s.entries])
    rows = reading.split(sources, start=incident.started_at, end=incident.resolved_at, margin=options.margin,
                         present=present)
    out_sources = []
    for number, source in enumerate(sources):
        info = source.as_dict()
        info["samples"] = [
            {**reading.entry_to_json(entry, inside=inside, file=number),
             "present": bool(entry.source_id) and (entry.source[:50], entry.source_id[:300]) in present}
            for entry, inside, owner in rows if owner == number and inside][:SAMPLES_PER_SOURCE]
        out_sources.append(info)
    start = incident.started_at - options.margin
    end = incident.resolved_at + options.margin if incident.resolved_at else None
    errors = [s.error for s in sources if s.error]
    return {
        "incident": incident.ref,
        "window": {"start": rfc3339(start), "end": rfc3339(end) if end else None,
                   "margin_minutes": int(options.margin.total_seconds() // 60)},
        "options": {"format": options.format or "auto", "tz": options.tz_name, "channels": sorted(options.channels)},
        "sources": out_sources,
        "totals": {"new": sum(s.new for s in sources), "already_present": sum(s.present for s in sources),
                   "outside": sum(s.outside for s in sources), "duplicates": sum(s.duplicates for s in sources),
                   "skipped": sum(s.skipped for s in sources), "entries": len(rows)},
        "errors": errors,
        "can_import": not errors,
    }


@transaction.atomic
def import_sources(*, incident: Incident, user: Actor, sources: list[reading.SourceRead], options: ImportOptions,
                   include_outside: bool = False) -> dict[str, int]:
    """Add the entries of readable sources in one transaction: a source that could not be read
    means nothing is added (ImportFailed lists each file's error, with its line or record)."""
    failed = [s.error for s in sources if s.error]
    if failed:
        raise ImportFailed("nothing was added: " + "; ".join(failed) + ". Fix or leave out these files and try again.",
                           field="files")
    rows = reading.split(sources, start=incident.started_at, end=incident.resolved_at, margin=options.margin,
                         present=selectors.import_keys(incident=incident, entries=[e for s in sources for e in s.entries]))
    if len(rows) > services.MAX_BATCH_ENTRIES:
        raise ImportFailed(f"these files give {len(rows):,} entries; at most {services.MAX_BATCH_ENTRIES:,} are "
                           "imported at once (choose Slack channels or import fewer files)", field="files")
    chosen = [entry for entry, inside, _ in rows if inside or include_outside]
    result = services.timeline_import(incident=incident, entries=chosen, user=user)
    result["left_out"] = len(rows) - len(chosen)
    return result
