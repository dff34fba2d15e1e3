from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, TooManyFilesSent
from django.http import Http404, HttpRequest, HttpResponse, UnreadablePostError
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from hotwash.core.errors import Conflict, ImportFailed, NotFound, ValidationError
from hotwash.web.forms_util import checkbox, local_datetime
from hotwash.web.incidents.selectors import incident_get
from hotwash.web.postmortems.page import render_block
from hotwash.web.shortcuts import incident_or_404
from hotwash.web.timeline import import_services, reading, selectors, services
from hotwash.web.timeline.models import ImportBatch


def _incident(pk: int):  # type: ignore[no-untyped-def]
    return incident_or_404(pk)


def _posted(request: HttpRequest) -> dict[str, Any]:
    return {
        "time": local_datetime(request.POST.get("time"), field="time"),
        "event": request.POST.get("event", ""),
        "information_available": request.POST.get("information_available", ""),
        "decision_action": request.POST.get("decision_action", ""),
        "kind": request.POST.get("kind", "manual") or "manual",
        "key_decision": checkbox(request.POST.get("key_decision")),
        "wrong_assumption": checkbox(request.POST.get("wrong_assumption")),
        "hidden": checkbox(request.POST.get("hidden")),
    }


@login_required
def timeline_block(request: HttpRequest, pk: int) -> HttpResponse:
    editing = request.GET.get("edit", "")
    return render_block(request, _incident(pk), "timeline", editing_entry=int(editing) if editing.isdigit() else None)


@login_required
@require_POST
def timeline_add(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident(pk)
    draft = {k: request.POST.get(k, "") for k in ("event", "information_available", "decision_action", "kind")}
    try:
        data = _posted(request)
        services.timeline_entry_add(incident=incident, user=request.user, **data)
    except ValidationError as exc:
        return render_block(request, incident, "timeline", error=f"{exc.field or 'entry'}: {exc.message}",
                            draft=draft, add_open=True)
    return render_block(request, incident, "timeline", add_open=True)


@login_required
@require_POST
def timeline_update(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    incident = _incident(pk)
    try:
        entry = selectors.timeline_entry_get(incident=incident, pk=entry_id)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    try:
        version = int(request.POST.get("version") or entry.version)
        services.timeline_entry_update(entry=entry, data=_posted(request), base_version=version)
    except Conflict as exc:
        return render_block(request, incident, "timeline", editing_entry=entry.pk,
                            error=f"{exc.message}. The form now shows the saved version; re-apply your change.")
    except ValidationError as exc:
        return render_block(request, incident, "timeline", editing_entry=entry.pk,
                            error=f"{exc.field or 'entry'}: {exc.message}")
    return render_block(request, incident, "timeline")


@login_required
@require_POST
def timeline_delete(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    incident = _incident(pk)
    try:
        services.timeline_entry_delete(entry=selectors.timeline_entry_get(incident=incident, pk=entry_id))
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    except ValidationError as exc:
        return render_block(request, incident, "timeline", error=exc.message)
    return render_block(request, incident, "timeline")


# --- importing artifacts: upload → preview → confirm (docs/timeline.md, "Importing into an incident") ---

SAMPLES_PER_SOURCE = 5


def _visible_incident(request: HttpRequest, pk: int):  # type: ignore[no-untyped-def]
    try:
        return incident_get(pk=pk, user=request.user)
    except NotFound as exc:
        raise Http404(str(exc)) from exc


def _mb(size: int) -> str:
    if size >= (1 << 20):
        return f"{size / (1 << 20):,.0f} MB"
    return f"{size / 1024:,.0f} KB" if size >= 1024 else f"{size} bytes"


def _import_error(request: HttpRequest, incident: Any, message: str, **extra: Any) -> HttpResponse:
    # HTMX swaps only 2xx responses: the error is shown in the block, the status stays 200 for HTMX.
    status = 200 if getattr(request, "htmx", False) else 400
    return render_block(request, incident, "timeline", import_error=message, import_open=True, status=status,
                        **extra)


def preview_context(batch: ImportBatch) -> dict[str, Any]:
    """What the preview shows: per source its format, counts, time range, samples and skipped records."""
    present = selectors.import_keys(incident=batch.incident,
                                    entries=[reading.entry_from_json(r) for r in batch.entries if r.get("running")])
    sources: list[dict[str, Any]] = []
    for number, info in enumerate(batch.sources):
        rows = [r for r in batch.entries if r.get("file") == number]
        samples = []
        for row in [r for r in rows if r.get("inside")][:SAMPLES_PER_SOURCE]:
            samples.append({**row, "time": datetime.fromisoformat(row["time"].replace("Z", "+00:00")),
                            "present": (row["source"], row["source_id"]) in present})
        sources.append({**info, "samples": samples,
                        "first": datetime.fromisoformat(info["first"].replace("Z", "+00:00"))
                        if info.get("first") else None,
                        "last": datetime.fromisoformat(info["last"].replace("Z", "+00:00"))
                        if info.get("last") else None})
    inside = [r for r in batch.entries if r.get("inside")]
    new = sum(1 for r in inside if not (r["source_id"] and (r["source"], r["source_id"]) in present))
    margin = timedelta(minutes=int(batch.options.get("margin_minutes") or 0))
    incident = batch.incident
    return {"batch": batch, "sources": sources, "failed": [s for s in sources if s.get("error")],
            "window_start": incident.started_at - margin,
            "window_end": incident.resolved_at + margin if incident.resolved_at else None,
            "new": new, "present": len(inside) - new, "outside": len(batch.entries) - len(inside),
            "duplicates": sum(int(s.get("duplicates") or 0) for s in sources),
            "skipped": sum(int(s.get("skipped") or 0) for s in sources), "options": batch.options}


@csrf_exempt  # checked in _import_preview, after the size check (so an oversized body is never parsed)
@login_required
@require_POST
def timeline_import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _visible_incident(request, pk)
    limit = int(settings.HOTWASH_IMPORT_MAX_BYTES)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        return _import_error(request, incident, f"The upload is {_mb(length)}; the limit is {_mb(limit)} "
                             "(HOTWASH_IMPORT_MAX_MB). Import large logs with `hotwash timeline import` instead.")
    try:
        request.FILES  # noqa: B018  (parse the body here, where a refusal can be shown in the block)
    except TooManyFilesSent:
        return _import_error(request, incident, f"Too many files in one upload (at most "
                             f"{settings.DATA_UPLOAD_MAX_NUMBER_FILES}); put them in a zip.")
    except (RequestDataTooBig, UnreadablePostError):
        return _import_error(request, incident, "The upload could not be read completely; try again.")
    return _import_preview(request, incident)


@csrf_protect
def _import_preview(request: HttpRequest, incident: Any) -> HttpResponse:
    uploads = request.FILES.getlist("files")
    fmt = (request.POST.get("format") or "").strip()
    channels = {c.strip().lstrip("#") for c in (request.POST.get("channels") or "").split(",") if c.strip()}
    form = {"format": fmt if fmt and fmt != "auto" else "auto",
            "tz": (request.POST.get("tz") or "").strip() or incident.timezone,
            "channels": ", ".join(sorted(channels)), "margin": request.POST.get("margin", "30")}
    if not uploads:
        return _import_error(request, incident, "Choose one or more files to import.", import_form=form)
    try:
        options = import_services.import_options(incident=incident, format=fmt, tz=request.POST.get("tz") or "",
                                                 channels=request.POST.get("channels") or "",
                                                 margin=request.POST.get("margin") or None)
    except ValidationError as exc:
        message = exc.message[0].upper() + exc.message[1:] + "." if exc.field == "margin" else exc.message
        return _import_error(request, incident, message, import_form=form)
    total = sum(u.size or 0 for u in uploads)
    if total > int(settings.HOTWASH_IMPORT_MAX_BYTES):
        return _import_error(request, incident, f"The files add up to {_mb(total)}; the limit is "
                             f"{_mb(int(settings.HOTWASH_IMPORT_MAX_BYTES))}.", import_form=form)
    sources, names = import_services.read_uploads(uploads, options)
    try:
        batch = services.import_batch_create(
            incident=incident, user=request.user, sources=sources, margin=options.margin,
            options={"format": options.format or "auto", "tz": options.tz_name, "channels": sorted(options.channels),
                     "files": names})
    except (ValidationError, ImportFailed) as exc:
        return _import_error(request, incident, exc.message, import_form=form)
    return render_block(request, incident, "timeline", preview=preview_context(batch), import_form=form)


@login_required
@require_POST
def timeline_import_confirm(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    incident = _visible_incident(request, pk)
    try:
        batch = selectors.import_batch_get(incident=incident, token=token)
    except NotFound as exc:
        return _import_error(request, incident, exc.message)
    try:
        result = services.import_batch_confirm(batch=batch, user=request.user,
                                               include_outside=checkbox(request.POST.get("include_outside")))
    except (ValidationError, ImportFailed) as exc:
        batch.refresh_from_db()
        preview = preview_context(batch) if batch.status == ImportBatch.PENDING else None
        return _import_error(request, incident, exc.message, preview=preview)
    return render_block(request, incident, "timeline", import_result=result)


@login_required
@require_POST
def timeline_import_discard(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    incident = _visible_incident(request, pk)
    with contextlib.suppress(NotFound):  # already gone: nothing to discard
        services.import_batch_discard(batch=selectors.import_batch_get(incident=incident, token=token))
    return render_block(request, incident, "timeline")


# --- webhook alerts that matched no incident when they came: offered under the timeline ---


@login_required
@require_POST
def timeline_unmatched_attach(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _visible_incident(request, pk)
    ids = [int(v) for v in request.POST.getlist("alert") if v.isdigit()]
    try:
        result = services.unmatched_alerts_attach(incident=incident, ids=ids, user=request.user)
    except ValidationError as exc:
        return render_block(request, incident, "timeline", error=exc.message, unmatched_open=True)
    return render_block(request, incident, "timeline", unmatched_result=result)
