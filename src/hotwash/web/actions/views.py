from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from hotwash.core.errors import Conflict, NotFound, ValidationError
from hotwash.web.actions import services
from hotwash.web.actions.models import ActionItem
from hotwash.web.forms_util import form_date
from hotwash.web.incidents.selectors import incident_get
from hotwash.web.postmortems.page import render_block
from hotwash.web.postmortems.selectors import postmortem_for

FIELDS = ("action", "owner", "success_metric", "impact", "effort", "type", "status", "external_link",
          "wont_do_reason")


def _incident(pk: int):  # type: ignore[no-untyped-def]
    try:
        return incident_get(pk=pk)
    except NotFound as exc:
        raise Http404(str(exc)) from exc


def _posted(request: HttpRequest) -> dict[str, Any]:
    data: dict[str, Any] = {f: request.POST.get(f, "") for f in FIELDS if f in request.POST}
    data["due_date"] = form_date(request.POST.get("due_date"), field="due_date")
    return data


def _item(incident, item_id: int) -> ActionItem:  # type: ignore[no-untyped-def]
    item = ActionItem.objects.filter(pk=item_id, postmortem__incident=incident).first()
    if item is None:
        raise Http404("no such action item")
    return item


@login_required
def actions_block(request: HttpRequest, pk: int) -> HttpResponse:
    editing = request.GET.get("edit", "")
    return render_block(request, _incident(pk), "actions", editing=int(editing) if editing.isdigit() else None)


@login_required
@require_POST
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident(pk)
    try:
        data = _posted(request)
        action = data.pop("action", "")
        services.action_item_add(postmortem=postmortem_for(incident=incident), action=action, **data)
    except ValidationError as exc:
        draft = {f: request.POST.get(f, "") for f in FIELDS}
        return render_block(request, incident, "actions", error=f"{exc.field or 'action'}: {exc.message}",
                            draft=draft, add_open=True)
    return render_block(request, incident, "actions")


@login_required
@require_POST
def action_update(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    incident = _incident(pk)
    item = _item(incident, item_id)
    try:
        version = int(request.POST.get("version") or item.version)
        services.action_item_update(item=item, data=_posted(request), base_version=version)
    except Conflict as exc:
        return render_block(request, incident, "actions", editing=item.pk,
                            error=f"{exc.message}. The form now shows the saved version; re-apply your change.")
    except ValidationError as exc:
        return render_block(request, incident, "actions", editing=item.pk,
                            error=f"{exc.field or 'action'}: {exc.message}")
    return render_block(request, incident, "actions")


@login_required
@require_POST
def action_delete(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    incident = _incident(pk)
    services.action_item_delete(item=_item(incident, item_id))
    return render_block(request, incident, "actions")
