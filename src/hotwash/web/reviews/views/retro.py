"""Team retrospectives: the list, the three columns, and their shared action items.

The action items are ``ActionItem`` rows written by the actions services (owners, due-date policy,
versions with a conflict on a stale edit, reminders, trackers, effectiveness verdicts). Every form
posts normally and also carries ``hx-post``: with HTMX the block swaps in place, without JavaScript
the page reloads (a stale edit then reopens the form on the saved version with the message).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hotwash.core.errors import Conflict, HotwashError, NotFound
from hotwash.core.model import ActionStatus, ActionType
from hotwash.web.accounts.selectors import user_list
from hotwash.web.actions import services as action_services
from hotwash.web.actions.models import ActionItem
from hotwash.web.followthrough import services as follow_services
from hotwash.web.followthrough import trackers
from hotwash.web.forms_util import form_date
from hotwash.web.reviews.models import Retrospective
from hotwash.web.reviews.selectors.retro import (
    earlier_open_actions,
    retro_action_get,
    retro_action_rows,
    retro_action_warnings,
    retrospective_board,
    retrospective_get,
    retrospective_list,
    team_names,
)
from hotwash.web.reviews.services import retro as services

FIELDS = ("action", "owner", "owner_user", "success_metric", "impact", "effort", "type", "status", "external_link",
          "wont_do_reason")


def _retro(retro_id: int) -> Retrospective:
    try:
        return retrospective_get(pk=retro_id)
    except NotFound as exc:
        raise Http404(str(exc)) from exc


def _message(exc: HotwashError) -> str:
    return f"{exc.field}: {exc.message}" if exc.field else exc.message


def _block_context(retro: Retrospective, **extra: Any) -> dict[str, Any]:
    rows = retro_action_rows(retro)
    today = timezone.localdate()
    return {"retro": retro, "rows": rows, "action_warnings": retro_action_warnings(rows),
            "follow_up_due": retro.follow_up_on is not None and retro.follow_up_on <= today,
            "users": list(user_list()), "levels": [(1, "Low"), (2, "Medium"), (3, "High")],
            "action_types": [t.value for t in ActionType],
            "action_statuses": [(s.value, s.value.replace("_", " ").title()) for s in ActionStatus],
            "draft": {"impact": 2, "effort": 2}, **extra}


def _block(request: HttpRequest, retro: Retrospective, *, status: int = 200, **extra: Any) -> HttpResponse:
    return render(request, "reviews/_retro_actions.html", _block_context(retro, **extra), status=status)


def _back(retro: Retrospective, *, edit: int | None = None) -> HttpResponse:
    url = reverse("retro_detail", args=[retro.pk])
    return redirect(f"{url}?edit={edit}#action-{edit}" if edit else f"{url}#retro-actions")


@login_required
def retro_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            held_on = form_date(request.POST.get("held_on"), field="held_on")
            if held_on is None:
                raise NotFound("choose the date of the retrospective", field="held_on")
            facilitator_id = request.POST.get("facilitator", "")
            facilitator = user_list().filter(pk=int(facilitator_id)).first() if facilitator_id.isdigit() else None
            if facilitator_id and facilitator is None:
                raise NotFound("no such user", field="facilitator")
            retro = services.retrospective_create(
                team=request.POST.get("team", ""), held_on=held_on, user=request.user,
                title=request.POST.get("title", ""), facilitator=facilitator,
                follow_up_on=form_date(request.POST.get("follow_up_on"), field="follow_up_on"))
            return redirect("retro_detail", retro_id=retro.pk)
        except HotwashError as exc:
            messages.error(request, _message(exc))
        return redirect("retro_list")
    team = request.GET.get("team", "")
    return render(request, "reviews/retro_list.html", {
        "retros": retrospective_list(team=team).select_related("facilitator")[:200], "team": team,
        "teams": team_names(), "users": list(user_list()), "nav": "retros"})


@login_required
def retro_detail(request: HttpRequest, retro_id: int) -> HttpResponse:
    retro = _retro(retro_id)
    editing = request.GET.get("edit", "")
    return render(request, "reviews/retro_detail.html", {
        "board": retrospective_board(retro), "earlier": earlier_open_actions(retro), "nav": "retros",
        "today": timezone.localdate(),
        **_block_context(retro, editing=int(editing) if editing.isdigit() else None)})


@login_required
@require_POST
def retro_change(request: HttpRequest, retro_id: int, what: str) -> HttpResponse:
    """Add or remove a card of the three columns."""
    retro = _retro(retro_id)
    post = request.POST
    try:
        if what == "item":
            services.retro_item_add(retrospective=retro, column=post.get("column", ""), text=post.get("text", ""))
        elif what == "item-delete":
            item = retro.items.filter(pk=int(post.get("item", "0") or 0)).first()
            if item is None:
                raise NotFound("no such item", field="item")
            services.retro_item_delete(item=item)
        else:
            raise Http404("unknown change")
    except (HotwashError, ValueError) as exc:
        messages.error(request, _message(exc) if isinstance(exc, HotwashError) else "no such item")
    return redirect("retro_detail", retro_id=retro.pk)


@login_required
def retro_actions_block(request: HttpRequest, retro_id: int) -> HttpResponse:
    editing = request.GET.get("edit", "")
    return _block(request, _retro(retro_id), editing=int(editing) if editing.isdigit() else None)


def _posted(request: HttpRequest) -> dict[str, Any]:
    data: dict[str, Any] = {f: request.POST.get(f, "") for f in FIELDS if f in request.POST}
    if "due_date" in request.POST:
        data["due_date"] = form_date(request.POST.get("due_date"), field="due_date")
    return data


def _item(retro: Retrospective, item_id: int) -> ActionItem:
    try:
        return retro_action_get(retro=retro, pk=item_id)
    except NotFound as exc:
        raise Http404(str(exc)) from exc


def _done(request: HttpRequest, retro: Retrospective, *, error: str = "", edit: int | None = None,
          **extra: Any) -> HttpResponse:
    """The block (HTMX) or a redirect back to the page (no JavaScript), with the error if any."""
    if getattr(request, "htmx", False):
        return _block(request, retro, error=error, editing=edit, **extra)
    if error:
        messages.error(request, error)
    return _back(retro, edit=edit)


@login_required
@require_POST
def retro_action_add(request: HttpRequest, retro_id: int) -> HttpResponse:
    retro = _retro(retro_id)
    try:
        data = _posted(request)
        action = data.pop("action", "")
        action_services.action_item_add(retrospective=retro, action=action, **data)
    except HotwashError as exc:
        draft = {f: request.POST.get(f, "") for f in FIELDS}
        return _done(request, retro, error=_message(exc), draft=draft, add_open=True)
    return _done(request, retro)


@login_required
@require_POST
def retro_action_update(request: HttpRequest, retro_id: int, item_id: int) -> HttpResponse:
    """Save the edit form, or a quick status change (Mark done / Reopen), against the version shown."""
    retro = _retro(retro_id)
    item = _item(retro, item_id)
    quick = "action" not in request.POST
    try:
        version = int(request.POST.get("version") or item.version)
        action_services.action_item_update(item=item, data=_posted(request), base_version=version)
    except Conflict as exc:
        return _done(request, retro, edit=item.pk,
                     error=f"{exc.message}. The form now shows the saved version; re-apply your change.")
    except (HotwashError, ValueError) as exc:
        return _done(request, retro, edit=None if quick else item.pk,
                     error=_message(exc) if isinstance(exc, HotwashError) else "version: not a number")
    return _done(request, retro)


@login_required
@require_POST
def retro_action_delete(request: HttpRequest, retro_id: int, item_id: int) -> HttpResponse:
    retro = _retro(retro_id)
    action_services.action_item_delete(item=_item(retro, item_id))
    return _done(request, retro)


@login_required
@require_POST
def retro_action_verdict(request: HttpRequest, retro_id: int, item_id: int) -> HttpResponse:
    """Did the done item work? "Did not" reopens it (the same check as a postmortem's follow-up review)."""
    retro = _retro(retro_id)
    item = _item(retro, item_id)
    try:
        follow_services.verdict_record(action=item, verdict=request.POST.get("verdict", ""),
                                       evidence_url=request.POST.get("evidence_url", ""),
                                       note=request.POST.get("note", ""), user=request.user)
    except HotwashError as exc:
        return _done(request, retro, error=_message(exc), verdict_item=item.pk)
    return _done(request, retro)


@login_required
@require_POST
def retro_action_tracker(request: HttpRequest, retro_id: int, item_id: int) -> HttpResponse:
    """Create the item's ticket in Jira or GitHub (pending with the reason shown when that fails)."""
    retro = _retro(retro_id)
    item = _item(retro, item_id)
    try:
        trackers.tracker_export_request(item=item, tracker=request.POST.get("tracker", ""))
    except HotwashError as exc:
        return _done(request, retro, error=_message(exc))
    trackers.tracker_export_run(item=item)
    return _done(request, retro)
