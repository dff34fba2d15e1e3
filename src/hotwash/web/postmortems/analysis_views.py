"""Analysis views: 5 Whys, fishbone and visual timeline, document export and Markdown import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hotwash.core.errors import ValidationError
from hotwash.web.postmortems import analysis_services
from hotwash.web.postmortems.diagrams import fishbone_for, timeline_svg_for
from hotwash.web.postmortems.export import postmortem_export
from hotwash.web.postmortems.import_services import postmortem_import_markdown
from hotwash.web.postmortems.models import WhyChain
from hotwash.web.postmortems.page import back_to_page, plain_post, whys_context
from hotwash.web.shortcuts import postmortem_or_404


def _postmortem(pk: int):  # type: ignore[no-untyped-def]
    return postmortem_or_404(pk)


def _whys(request: HttpRequest, incident, postmortem, error: str | None = None) -> HttpResponse:  # type: ignore[no-untyped-def]
    """The 5 Whys block for HTMX; a form sent without JavaScript goes back to it on the page."""
    if plain_post(request):
        return back_to_page(request, incident, "block-whys", error=error or "")
    return render(request, "postmortems/_whys.html", {
        "incident": incident, "postmortem": postmortem, "error": error,
        "editable": postmortem.status != "published", **whys_context(postmortem)})


def _chain(postmortem, chain_id: int) -> WhyChain:  # type: ignore[no-untyped-def]
    chain: WhyChain | None = WhyChain.objects.filter(postmortem=postmortem, pk=chain_id).first()
    if chain is None:
        raise Http404("no such chain")
    return chain


@login_required
def whys_block(request: HttpRequest, pk: int) -> HttpResponse:
    incident, postmortem = _postmortem(pk)
    return _whys(request, incident, postmortem)


@login_required
@require_POST
def whys_action(request: HttpRequest, pk: int) -> HttpResponse:
    incident, postmortem = _postmortem(pk)
    action = request.POST.get("do", "")
    try:
        if action == "add_chain":
            analysis_services.why_chain_add(postmortem=postmortem, problem=request.POST.get("problem", ""))
        else:
            chain = _chain(postmortem, int(request.POST.get("chain", "0") or 0))
            if action == "answer":
                analysis_services.why_answer_add(chain=chain, answer=request.POST.get("answer", ""))
            elif action == "undo":
                analysis_services.why_answer_remove_last(chain=chain)
            elif action == "to_factor":
                analysis_services.why_chain_to_factor(chain=chain, category=request.POST.get("category", ""),
                                                      role=request.POST.get("role", "enabling"))
            elif action == "delete":
                analysis_services.why_chain_delete(chain=chain)
            else:
                raise ValidationError("unknown action", field="do")
    except ValidationError as exc:
        return _whys(request, incident, postmortem, error=exc.message)
    response = _whys(request, incident, postmortem)
    if action == "to_factor":
        response["HX-Trigger"] = "factors-changed"
    return response


@login_required
def fishbone(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    incident, postmortem = _postmortem(pk)
    svg = fishbone_for(postmortem)
    if fmt == "png":
        from hotwash.core.analysis.fishbone import svg_to_png

        response = HttpResponse(svg_to_png(svg), content_type="image/png")
    else:
        response = HttpResponse(svg, content_type="image/svg+xml")
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="{incident.ref.lower()}-fishbone.{fmt}"'
    return response


@login_required
def visual_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    incident, postmortem = _postmortem(pk)
    response = HttpResponse(timeline_svg_for(postmortem), content_type="image/svg+xml")
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="{incident.ref.lower()}-timeline.svg"'
    return response


@login_required
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    incident, postmortem = _postmortem(pk)
    try:
        rendered = postmortem_export(postmortem=postmortem, fmt=fmt)
    except ValidationError as exc:
        raise Http404(exc.message) from exc
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    disposition = "inline" if fmt == "html" and not request.GET.get("download") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{rendered.filename}"'
    return response


@login_required
def import_markdown(request: HttpRequest) -> HttpResponse:
    outcome = None
    error = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        text = request.POST.get("text", "")
        name = "pasted text"
        if upload is not None:
            name = upload.name or "upload.md"
            raw = upload.read(5 * 1024 * 1024 + 1)
            if len(raw) > 5 * 1024 * 1024:
                error = f"{name}: larger than 5 MB; is this a postmortem?"
            else:
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    error = f"{name}: not UTF-8 text (byte {exc.start})"
        if error is None:
            try:
                outcome = postmortem_import_markdown(text=text, user=request.user, source_name=name)
            except ValidationError as exc:
                error = str(exc)
        if outcome is not None and not outcome.unplaced and not outcome.warnings:
            messages.success(request, f"Imported {outcome.incident.ref} from {name}.")
            return redirect("incident_detail", pk=outcome.incident.pk)
    return render(request, "postmortems/import.html", {"outcome": outcome, "error": error, "nav": "import"})
