from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from hotwash.core.errors import Conflict, NotFound, ValidationError
from hotwash.web.forms_util import checkbox, local_datetime
from hotwash.web.incidents.selectors import incident_get
from hotwash.web.postmortems.page import render_block
from hotwash.web.timeline import selectors, services


def _incident(pk: int):  # type: ignore[no-untyped-def]
    try:
        return incident_get(pk=pk)
    except NotFound as exc:
        raise Http404(str(exc)) from exc


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
    return render_block(request, _incident(pk), "timeline", editing=int(editing) if editing.isdigit() else None)


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
        return render_block(request, incident, "timeline", editing=entry.pk,
                            error=f"{exc.message}. The form now shows the saved version; re-apply your change.")
    except ValidationError as exc:
        return render_block(request, incident, "timeline", editing=entry.pk,
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
