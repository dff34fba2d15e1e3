from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hotwash.core.errors import Conflict, ValidationError
from hotwash.web.forms_util import checkbox, form_date
from hotwash.web.postmortems import analysis_services, selectors, services
from hotwash.web.postmortems.models import SECTIONS
from hotwash.web.postmortems.page import (
    back_to_page,
    plain_post,
    render_block,
    render_page,
    section_context,
)
from hotwash.web.postmortems.quality import review_check
from hotwash.web.shortcuts import incident_or_404


def _incident(pk: int):  # type: ignore[no-untyped-def]
    return incident_or_404(pk)


def _section_key(section: str) -> str:
    if section not in SECTIONS:
        raise Http404("no such section")
    return section


def _digits(raw: str) -> int | None:
    return int(raw) if raw.isdigit() else None


@login_required
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The postmortem page. Without JavaScript its in-place editors are asked for in the address:
    ?edit=<section>, ?amend=<section>, ?history=<section>, ?entry=<timeline entry>, ?action=<action item>, ?check=1 (the review
    check, which JavaScript loads after the page)."""
    incident = _incident(pk)
    extra: dict[str, Any] = {"editing_entry": _digits(request.GET.get("entry", "")),
                             "editing_action": _digits(request.GET.get("action", ""))}
    postmortem = selectors.postmortem_for(incident=incident)
    mode = "amend" if postmortem.status == "published" else "edit"
    if request.GET.get(mode, "") in SECTIONS:
        extra["section_state"] = {"key": request.GET[mode], "mode": mode}
    elif request.GET.get("history", "") in SECTIONS:
        key = request.GET["history"]
        extra["section_state"] = {"key": key, "history": selectors.section_history(postmortem=postmortem, section=key),
                                  "show_history": True}
    if request.GET.get("check"):
        extra["check"] = review_check(postmortem)
    return render_page(request, incident, **extra)


def _render_section(request: HttpRequest, incident, section: str, **state: Any) -> HttpResponse:  # type: ignore[no-untyped-def]
    """The section's block for HTMX; without JavaScript back to the page, or the page with the section in
    its mode (an error, a conflict) when there is one."""
    if plain_post(request):
        if not state:
            return back_to_page(request, incident, f"section-{section}")
        return render_page(request, incident, section_state={"key": section, **state})
    postmortem = selectors.postmortem_for(incident=incident)
    return render(request, "postmortems/_section.html", {
        "incident": incident, "postmortem": postmortem, "editable": postmortem.status != "published",
        "section": section_context(postmortem, section, **state)})


@login_required
def section_view(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    return _render_section(request, _incident(pk), _section_key(section))


@login_required
def section_edit(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    return _render_section(request, _incident(pk), _section_key(section), mode="edit")


@login_required
@require_POST
def section_save(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    incident = _incident(pk)
    section = _section_key(section)
    text = request.POST.get("text", "")
    try:
        base_version = int(request.POST.get("base_version", "0"))
    except ValueError:
        base_version = -1
    try:
        services.postmortem_section_update(postmortem=selectors.postmortem_for(incident=incident),
                                           section=section, text=text, base_version=base_version,
                                           user=request.user, force=checkbox(request.POST.get("force")),
                                           note=("kept this version over a concurrent edit"
                                                 if request.POST.get("resolution") == "mine" else ""))
    except Conflict as exc:
        return _render_section(request, incident, section, mode="conflict", mine=text.replace("\r\n", "\n"),
                               conflict_message=exc.message)
    except ValidationError as exc:
        return _render_section(request, incident, section, mode="edit", error=exc.message,
                               text=text.replace("\r\n", "\n"))
    return _render_section(request, incident, section)


@login_required
def section_history(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    incident = _incident(pk)
    items = selectors.section_history(postmortem=selectors.postmortem_for(incident=incident),
                                      section=_section_key(section))
    return render(request, "postmortems/_history.html", {"items": items})


@login_required
@require_POST
def postmortem_status(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident(pk)
    try:
        services.postmortem_status_set(postmortem=selectors.postmortem_for(incident=incident),
                                       status=request.POST.get("status", ""), user=request.user)
    except ValidationError as exc:
        messages.error(request, exc.message)
    return redirect("incident_detail", pk=incident.pk)


@login_required
@require_POST
def facilitator_set(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident(pk)
    raw = request.POST.get("facilitator", "")
    user = get_user_model().objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    try:
        services.postmortem_facilitator_set(postmortem=selectors.postmortem_for(incident=incident),
                                            facilitator=user)
    except ValidationError as exc:
        return render_block(request, incident, "people", error=exc.message)
    return render_block(request, incident, "people")


@login_required
@require_POST
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident(pk)
    name = request.POST.get("name", "")
    User = get_user_model()
    user = User.objects.filter(username__iexact=name.strip()).first()
    try:
        services.participant_add(postmortem=selectors.postmortem_for(incident=incident), name=name,
                                 role=request.POST.get("role", ""), involved=checkbox(request.POST.get("involved")),
                                 user=user)
    except ValidationError as exc:
        return render_block(request, incident, "people", error=exc.message)
    return render_block(request, incident, "people")


@login_required
@require_POST
def participant_remove(request: HttpRequest, pk: int, participant_id: int) -> HttpResponse:
    incident = _incident(pk)
    participant = selectors.postmortem_for(incident=incident).participants.filter(pk=participant_id).first()
    if participant is None:
        raise Http404("no such participant")
    try:
        services.participant_remove(participant=participant)
    except ValidationError as exc:
        return render_block(request, incident, "people", error=exc.message)
    return render_block(request, incident, "people")


@login_required
@require_POST
def factor_add(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident(pk)
    try:
        analysis_services.factor_add(postmortem=selectors.postmortem_for(incident=incident),
                                     category=request.POST.get("category", ""),
                                     role=request.POST.get("role", "enabling"),
                                     description=request.POST.get("description", ""),
                                     timeline_entries=[int(i) for i in request.POST.getlist("entries") if i.isdigit()])
    except ValidationError as exc:
        return render_block(request, incident, "factors", error=exc.message)
    return render_block(request, incident, "factors")


@login_required
@require_POST
def factor_delete(request: HttpRequest, pk: int, factor_id: int) -> HttpResponse:
    incident = _incident(pk)
    factor = selectors.postmortem_for(incident=incident).factors.filter(pk=factor_id).first()
    if factor is None:
        raise Http404("no such factor")
    try:
        analysis_services.factor_delete(factor=factor)
    except ValidationError as exc:
        return render_block(request, incident, "factors", error=exc.message)
    return render_block(request, incident, "factors")


@login_required
@require_POST
def followup_add(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident(pk)
    try:
        when = form_date(request.POST.get("scheduled_for"), field="scheduled_for")
        if when is None:
            raise ValidationError("choose a date for the follow-up review", field="scheduled_for")
        analysis_services.followup_add(postmortem=selectors.postmortem_for(incident=incident), scheduled_for=when,
                                       focus=request.POST.get("focus", ""))
    except ValidationError as exc:
        return render_block(request, incident, "followups", error=exc.message)
    return render_block(request, incident, "followups")
