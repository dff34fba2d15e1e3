"""Language checking in the editor, the review-quality check, waivers and amendments."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from hotwash.core.errors import ValidationError
from hotwash.core.lint import check
from hotwash.web.postmortems import services
from hotwash.web.postmortems.models import SECTIONS
from hotwash.web.postmortems.page import back_to_page, plain_post, render_page, section_context
from hotwash.web.postmortems.quality import participant_names, review_check
from hotwash.web.shortcuts import postmortem_or_404

MAX_LIVE = 100_000


def _postmortem(request: HttpRequest, pk: int):  # type: ignore[no-untyped-def]
    return postmortem_or_404(pk, request.user)


@login_required
@require_POST
def lint_text(request: HttpRequest, pk: int) -> HttpResponse:
    """Findings for the text being typed (HTMX, debounced in the page)."""
    incident, postmortem = _postmortem(request, pk)
    text = request.POST.get("text", "")[:MAX_LIVE].replace("\r\n", "\n")
    target = request.POST.get("target", "")
    findings = check(text, names=participant_names(postmortem))
    return render(request, "postmortems/_lint.html", {"findings": findings, "target": target,
                                                     "incident": incident})


@login_required
def review_check_view(request: HttpRequest, pk: int) -> HttpResponse:
    incident, postmortem = _postmortem(request, pk)
    return render(request, "postmortems/_review_check.html", {
        "incident": incident, "postmortem": postmortem, "check": review_check(postmortem)})


@login_required
@require_POST
def waiver_add(request: HttpRequest, pk: int) -> HttpResponse:
    incident, postmortem = _postmortem(request, pk)
    error = None
    try:
        services.lint_waiver_add(postmortem=postmortem, location=request.POST.get("location", ""),
                                 code=request.POST.get("code", ""), span=request.POST.get("span", ""),
                                 sentence=request.POST.get("sentence", ""), reason=request.POST.get("reason", ""),
                                 user=request.user)
    except ValidationError as exc:
        error = exc.message
    if plain_post(request):
        return back_to_page(request, incident, "review-check", error=error or "", query="check=1")
    return render(request, "postmortems/_review_check.html", {
        "incident": incident, "postmortem": postmortem, "check": review_check(postmortem), "error": error})


def _amend_block(request: HttpRequest, incident, postmortem, section: str, **state) -> HttpResponse:  # type: ignore[no-untyped-def]
    if plain_post(request):
        if not state:
            return back_to_page(request, incident, f"section-{section}")
        return render_page(request, incident, section_state={"key": section, **state})
    return render(request, "postmortems/_section.html", {
        "incident": incident, "postmortem": postmortem, "editable": False,
        "section": section_context(postmortem, section, **state)})


@login_required
def amend_form(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    incident, postmortem = _postmortem(request, pk)
    if section not in SECTIONS:
        raise Http404("no such section")
    return _amend_block(request, incident, postmortem, section, mode="amend")


@login_required
@require_POST
def amend_save(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    incident, postmortem = _postmortem(request, pk)
    if section not in SECTIONS:
        raise Http404("no such section")
    try:
        postmortem = services.postmortem_amend(postmortem=postmortem, section=section,
                                               text=request.POST.get("text", ""),
                                               reason=request.POST.get("reason", ""), user=request.user)
    except ValidationError as exc:
        return _amend_block(request, incident, postmortem, section, mode="amend",
                            text=request.POST.get("text", ""), reason=request.POST.get("reason", ""),
                            error=f"{exc.field}: {exc.message}" if exc.field else exc.message)
    return _amend_block(request, incident, postmortem, section)
