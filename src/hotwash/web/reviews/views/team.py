"""Team pages: survey results over time, and retrospectives without an incident."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hotwash.core.errors import HotwashError, NotFound
from hotwash.core.survey import MIN_RESPONSES, QUESTIONS
from hotwash.web.forms_util import form_date
from hotwash.web.reviews.models import Retrospective
from hotwash.web.reviews.selectors.retro import (
    retrospective_board,
    retrospective_get,
    retrospective_list,
    team_names,
)
from hotwash.web.reviews.selectors.surveys import survey_teams, team_trend
from hotwash.web.reviews.services import retro as services


@login_required
def survey_trends(request: HttpRequest) -> HttpResponse:
    teams = survey_teams()
    team = request.GET.get("team", "") or (teams[0] if teams else "")
    months = team_trend(team) if team else {}
    rows = [(month, summary) for month, summary in months.items()]
    return render(request, "reviews/trends.html", {"teams": teams, "team": team, "rows": rows,
                                                   "questions": QUESTIONS, "min_responses": MIN_RESPONSES,
                                                   "nav": "reviews"})


@login_required
def retro_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            held_on = form_date(request.POST.get("held_on"), field="held_on")
            if held_on is None:
                raise NotFound("choose the date of the retrospective", field="held_on")
            retro = services.retrospective_create(
                team=request.POST.get("team", ""), held_on=held_on, user=request.user,
                title=request.POST.get("title", ""),
                follow_up_on=form_date(request.POST.get("follow_up_on"), field="follow_up_on"))
            return redirect("retro_detail", retro_id=retro.pk)
        except HotwashError as exc:
            messages.error(request, f"{exc.field}: {exc.message}" if exc.field else exc.message)
        return redirect("retro_list")
    team = request.GET.get("team", "")
    return render(request, "reviews/retro_list.html", {
        "retros": retrospective_list(team=team)[:200], "team": team, "teams": team_names(), "nav": "retros"})


def _retro(retro_id: int) -> Retrospective:
    try:
        return retrospective_get(pk=retro_id)
    except NotFound as exc:
        raise Http404(str(exc)) from exc


@login_required
def retro_detail(request: HttpRequest, retro_id: int) -> HttpResponse:
    retro = _retro(retro_id)
    return render(request, "reviews/retro_detail.html", {
        "retro": retro, "board": retrospective_board(retro), "actions": list(retro.actions.all()),
        "users": get_user_model().objects.filter(is_active=True).order_by("username"), "nav": "retros"})


@login_required
@require_POST
def retro_change(request: HttpRequest, retro_id: int, what: str) -> HttpResponse:
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
        elif what == "action":
            services.retro_action_add(retrospective=retro, action=post.get("action", ""),
                                      owner=post.get("owner", ""),
                                      due_date=form_date(post.get("due_date"), field="due_date"),
                                      success_metric=post.get("success_metric", ""))
        elif what == "action-done":
            action = retro.actions.filter(pk=int(post.get("action_id", "0") or 0)).first()
            if action is None:
                raise NotFound("no such action", field="action")
            services.retro_action_done(item=action, done=post.get("done") == "1")
        else:
            raise Http404("unknown change")
    except (HotwashError, ValueError) as exc:
        messages.error(request, str(exc))
    return redirect("retro_detail", retro_id=retro.pk)
