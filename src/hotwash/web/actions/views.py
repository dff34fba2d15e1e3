from __future__ import annotations

import csv
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hotwash.core.actions import weak_action
from hotwash.core.calendar import single_event_ics
from hotwash.core.errors import Conflict, NotFound, ValidationError
from hotwash.core.model import Priority
from hotwash.web.actions import selectors, services
from hotwash.web.actions.models import ActionItem
from hotwash.web.followthrough import trackers
from hotwash.web.followthrough.selectors import action_event, item_url
from hotwash.web.forms_util import form_date
from hotwash.web.postmortems.page import render_block
from hotwash.web.postmortems.selectors import postmortem_for
from hotwash.web.shortcuts import incident_or_404

FIELDS = ("action", "owner", "owner_user", "success_metric", "impact", "effort", "type", "status", "external_link",
          "wont_do_reason")


def _incident(pk: int):  # type: ignore[no-untyped-def]
    return incident_or_404(pk)


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
    return render_block(request, _incident(pk), "actions", editing_action=int(editing) if editing.isdigit() else None)


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
        return render_block(request, incident, "actions", editing_action=item.pk,
                            error=f"{exc.message}. The form now shows the saved version; re-apply your change.")
    except ValidationError as exc:
        return render_block(request, incident, "actions", editing_action=item.pk,
                            error=f"{exc.field or 'action'}: {exc.message}")
    return render_block(request, incident, "actions")


@login_required
@require_POST
def action_delete(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    incident = _incident(pk)
    services.action_item_delete(item=_item(incident, item_id))
    return render_block(request, incident, "actions")


# --- the board across postmortems, its CSV export, single events and tracker export ---

BOARD_PAGE = 100
CSV_COLUMNS = ("id", "incident", "incident_title", "retrospective", "action", "owner", "owner_user", "team", "due_date", "overdue",
               "priority", "impact", "effort", "type", "status", "wont_do_reason", "success_metric",
               "external_link", "tracker_key", "url")


def _filters(request: HttpRequest) -> tuple[selectors.BoardFilters, str]:
    try:
        return selectors.board_filters(request.GET), ""
    except ValidationError as exc:
        return selectors.BoardFilters(), f"{exc.field}: {exc.message}"


def _rows(items: Any, today: date) -> list[dict[str, Any]]:
    return [{"item": i, "team": selectors.team_of(i), "weak": weak_action(i.action),
             "overdue": i.due_date is not None and i.due_date < today and i.status in selectors.ACTIVE}
            for i in items]


@login_required
def action_board(request: HttpRequest) -> HttpResponse:
    filters, error = _filters(request)
    today = timezone.localdate()
    page = Paginator(selectors.action_board(filters=filters, today=today, user=request.user), BOARD_PAGE).get_page(request.GET.get("page"))
    query = filters.as_query()
    # an empty page of a board that has items says "none match"; an empty board says where items come from
    board_empty = not page.paginator.count and not selectors.action_board(
        filters=selectors.BoardFilters(status="all"), today=today, user=request.user).exists()
    return render(request, "actions/board.html", {
        "board_empty": board_empty,
        "nav": "actions", "filters": filters, "error": error, "page": page, "rows": _rows(page.object_list, today),
        "crowded": selectors.crowded_lists(user=request.user), "query": urlencode(query),
        "statuses": selectors.STATUS_CHOICES, "priorities": [p.value for p in Priority], "sources": selectors.SOURCES,
        "sorts": list(selectors.SORT_LABELS.items()), "today": today,
    })


def _csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    # a cell starting with = + - @ is a formula in a spreadsheet: neutralise it (CSV injection)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
def action_board_csv(request: HttpRequest) -> HttpResponse:
    filters, error = _filters(request)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    today = timezone.localdate()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="action-items-{today.isoformat()}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for row in _rows(selectors.action_board(filters=filters, today=today, user=request.user).iterator(chunk_size=500), today):
        item = row["item"]
        incident = item.incident
        writer.writerow([_csv_cell(v) for v in (
            item.pk, incident.ref if incident else "", incident.title if incident else "",
            item.source_label if incident is None else "", item.action, item.owner,
            item.owner_user.get_username() if item.owner_user else "", row["team"],
            item.due_date.isoformat() if item.due_date else "", "yes" if row["overdue"] else "",
            item.priority, item.impact, item.effort, item.type, item.status, item.wont_do_reason,
            item.success_metric, item.external_link, item.tracker_key, item_url(item))])
    return response


@login_required
def action_ics(request: HttpRequest, item_id: int) -> HttpResponse:
    try:
        item = selectors.action_item_get(pk=item_id, user=request.user)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    if item.due_date is None:
        raise Http404("this action item has no due date")
    response = HttpResponse(single_event_ics(action_event(item)), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="action-{item.pk}.ics"'
    return response


@login_required
@require_POST
def action_tracker(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    """Create a ticket for the item in Jira or GitHub; a failure leaves it pending with the reason shown."""
    incident = _incident(pk)
    item = _item(incident, item_id)
    try:
        trackers.tracker_export_request(item=item, tracker=request.POST.get("tracker", ""))
    except ValidationError as exc:
        return render_block(request, incident, "actions", error=f"{exc.field or 'tracker'}: {exc.message}")
    trackers.tracker_export_run(item=item)
    return render_block(request, incident, "actions")
