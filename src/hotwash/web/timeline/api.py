from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFilesSent
from django.http import HttpRequest, UnreadablePostError
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from hotwash.core.errors import ImportFailed, ValidationError
from hotwash.web.incidents.selectors import incident_get
from hotwash.web.timeline import import_services, selectors, services

router = Router(tags=["timeline"])


class EntryIn(Schema):
    time: datetime = Field(..., description="RFC 3339 with an offset, e.g. 2024-08-01T14:23:00Z")
    event: str = Field(..., max_length=10_000)
    information_available: str = ""
    decision_action: str = ""
    kind: str = "manual"
    source: str = "manual"
    actor: str = ""
    link: str = ""
    key_decision: bool = False
    wrong_assumption: bool = False


class EntryPatch(Schema):
    time: datetime | None = None
    event: str | None = None
    information_available: str | None = None
    decision_action: str | None = None
    kind: str | None = None
    actor: str | None = None
    link: str | None = None
    key_decision: bool | None = None
    wrong_assumption: bool | None = None
    hidden: bool | None = None
    version: int | None = None


class EntryOut(Schema):
    id: int
    time: datetime
    event: str
    information_available: str
    decision_action: str
    kind: str
    source: str
    source_id: str
    actor: str
    link: str
    key_decision: bool
    wrong_assumption: bool
    assumed_zone: bool
    hidden: bool
    version: int


@router.get("/incidents/{incident_id}/timeline", response=list[EntryOut])
def list_entries(request: HttpRequest, incident_id: int, include_hidden: bool = True) -> Any:
    return list(selectors.timeline_for(incident=incident_get(pk=incident_id, user=request.user), include_hidden=include_hidden))


@router.post("/incidents/{incident_id}/timeline", response={201: EntryOut})
def add_entry(request: HttpRequest, incident_id: int, payload: EntryIn) -> Any:
    data = payload.dict()
    entry = services.timeline_entry_add(incident=incident_get(pk=incident_id, user=request.user), user=request.user, **data)
    return Status(201, entry)


# --- importing artifact files (docs/api.md, "Importing artifacts"); before the
# /timeline/{entry_id} routes, which would otherwise take "import" for an entry id ---

_TRUE, _FALSE = ("1", "true", "yes", "on"), ("", "0", "false", "no", "off")
_IMPORT_FORM = {
    "multipart/form-data": {"schema": {
        "type": "object", "required": ["files"],
        "properties": {
            "files": {"type": "array", "items": {"type": "string", "format": "binary"},
                      "description": "Artifacts: logs, payloads, CSV, Slack export zips, zips of several files."},
            "dry_run": {"type": "boolean", "default": False, "description": "Preview only: add nothing."},
            "format": {"type": "string", "default": "auto", "description": "Format of every file (default: detect)."},
            "tz": {"type": "string", "description": "Zone for sources without one (default: the incident's)."},
            "margin": {"type": "integer", "default": 30, "description": "Minutes kept around the incident."},
            "channels": {"type": "string", "description": "Slack: comma-separated channel names."},
            "include_outside": {"type": "boolean", "default": False,
                                "description": "Also add the entries outside the incident window."},
        }}}}


def _flag(request: HttpRequest, name: str) -> bool:
    value = (request.POST.get(name) or "").strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValidationError(f"{name} is true or false, not {value!r}", field=name)


@router.post("/incidents/{incident_id}/timeline/import", response={200: dict[str, Any], 201: dict[str, Any],
                                                                    422: dict[str, Any]},
             openapi_extra={"requestBody": {"required": True, "content": _IMPORT_FORM}},
             summary="Import artifact files into the timeline (or preview with dry_run)")
def import_files(request: HttpRequest, incident_id: int) -> Any:
    """Multipart upload of artifact files. ``dry_run=true``: 200 with what would be added per
    source (counts, time range, samples, skipped records, errors). Otherwise the entries are
    added in one transaction (201); an unreadable file means nothing is added (422 naming the
    file and line, with the per-source report)."""
    incident = incident_get(pk=incident_id, user=request.user)
    limit = int(settings.HOTWASH_IMPORT_MAX_BYTES)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        raise HttpError(413, f"the upload is {length:,} bytes; the limit is {limit:,} (HOTWASH_IMPORT_MAX_MB); "
                             "import large logs with `hotwash timeline import`")
    try:
        uploads = request.FILES.getlist("files")
    except TooManyFilesSent as exc:
        raise HttpError(400, f"too many files in one upload (at most {settings.DATA_UPLOAD_MAX_NUMBER_FILES}); "
                             "put them in a zip") from exc
    except (RequestDataTooBig, UnreadablePostError) as exc:
        raise HttpError(400, "the upload could not be read completely; try again") from exc
    if not uploads:
        raise ValidationError("send one or more files as multipart/form-data field 'files'", field="files")
    dry_run, include_outside = _flag(request, "dry_run"), _flag(request, "include_outside")
    options = import_services.import_options(incident=incident, format=request.POST.get("format") or "",
                                             tz=request.POST.get("tz") or "",
                                             channels=request.POST.get("channels") or "",
                                             margin=request.POST.get("margin") or None)
    sources, _names = import_services.read_uploads(uploads, options)
    preview = import_services.import_preview(incident=incident, sources=sources, options=options)
    if dry_run:
        return Status(200, {"dry_run": True, **preview})
    try:
        result = import_services.import_sources(incident=incident, user=request.user, sources=sources,
                                                options=options, include_outside=include_outside)
    except ImportFailed as exc:
        return Status(422, {"error": exc.message, "field": exc.field, **preview})
    return Status(201, {"dry_run": False, **result, **preview})


@router.get("/incidents/{incident_id}/timeline/{entry_id}", response=EntryOut)
def get_entry(request: HttpRequest, incident_id: int, entry_id: int) -> Any:
    return selectors.timeline_entry_get(incident=incident_get(pk=incident_id, user=request.user), pk=entry_id)


@router.patch("/incidents/{incident_id}/timeline/{entry_id}", response=EntryOut)
def patch_entry(request: HttpRequest, incident_id: int, entry_id: int, payload: EntryPatch) -> Any:
    entry = selectors.timeline_entry_get(incident=incident_get(pk=incident_id, user=request.user), pk=entry_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    return services.timeline_entry_update(entry=entry, data=data, base_version=version)


@router.delete("/incidents/{incident_id}/timeline/{entry_id}", response={204: None})
def delete_entry(request: HttpRequest, incident_id: int, entry_id: int) -> Any:
    services.timeline_entry_delete(entry=selectors.timeline_entry_get(incident=incident_get(pk=incident_id, user=request.user),
                                                                      pk=entry_id))
    return Status(204, None)

