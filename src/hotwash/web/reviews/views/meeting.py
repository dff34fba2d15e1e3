"""Meeting mode for the facilitator, and the follower view that updates without reloading.

The facilitator's controls (start, previous, next, pause, resume, end) are plain forms that also carry
``hx-post``: with HTMX the live part of the page (controls, clock, prompts and the notes of the phase)
is swapped in place; without JavaScript the form posts and the page reloads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_POST

from hotwash.core.errors import HotwashError
from hotwash.core.meeting import GROUND_RULES
from hotwash.web.postmortems.page import page_context, section_context
from hotwash.web.reviews.models import Review
from hotwash.web.reviews.selectors.review import can_run_meeting, meeting_state, phase_targets
from hotwash.web.reviews.services.meeting import meeting_advance
from hotwash.web.reviews.views.common import incident_or_404, review_for


def _state_context(review: Review) -> dict[str, Any]:
    now = timezone.now()
    state = meeting_state(review, now=now)
    return {"review": review, "state": state, "now_ms": int(now.timestamp() * 1000),
            "ends_ms": int(state.ends_at.timestamp() * 1000) if state.ends_at else None,
            "ground_rules": GROUND_RULES}


def _meeting_context(request: HttpRequest, incident: Any, review: Review, **extra: Any) -> dict[str, Any]:
    pk = incident.pk
    context = page_context(request, incident, nav="reviews", **_state_context(review), **extra)
    targets = []
    for kind, key in phase_targets(context["state"].slot):
        if kind == "section":
            targets.append({"kind": kind, "key": key, "section": section_context(context["postmortem"], key)})
        else:
            targets.append({"kind": kind, "key": key})
    context["targets"] = targets
    titles = {slot.key: slot.title for slot in context["state"].agenda.slots}
    context["phase_rows"] = [
        {"title": titles.get(p.get("phase", ""), p.get("phase", "")), "started": parse_datetime(p.get("started", "")),
         "ended": parse_datetime(p.get("ended", "")), "paused_seconds": p.get("paused_seconds", 0)}
        for p in review.phase_log or []]
    context["follow_url"] = request.build_absolute_uri(f"/incidents/{pk}/meeting/follow/")
    return context


@login_required
def meeting_mode(request: HttpRequest, pk: int) -> HttpResponse:
    incident = incident_or_404(pk)
    review = review_for(incident)
    if not can_run_meeting(review, request.user):
        messages.info(request, "The facilitator runs the meeting; you are following along.")
        return redirect("meeting_follow", pk=pk)
    return render(request, "reviews/meeting.html", _meeting_context(request, incident, review))


@login_required
@require_POST
def meeting_control(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    incident = incident_or_404(pk)
    review = review_for(incident)
    htmx = bool(getattr(request, "htmx", False))
    if not can_run_meeting(review, request.user):
        messages.error(request, "Only the facilitator runs the meeting.")
        if htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("meeting_follow", args=[pk])
            return response
        return redirect("meeting_follow", pk=pk)
    error = ""
    try:
        review = meeting_advance(review=review, action=action)
    except HotwashError as exc:
        error = exc.message
        if not htmx:
            messages.error(request, exc.message)
    if not htmx:
        return redirect("meeting_mode", pk=pk)
    return render(request, "reviews/_meeting_live.html", _meeting_context(request, incident, review, error=error))


@login_required
def meeting_follow(request: HttpRequest, pk: int) -> HttpResponse:
    incident = incident_or_404(pk)
    review = review_for(incident)
    return render(request, "reviews/follow.html", {"incident": incident, "nav": "reviews",
                                                   **_state_context(review)})


@login_required
def meeting_state_fragment(request: HttpRequest, pk: int) -> HttpResponse:
    """The polled fragment: one query for the review's live state (plus the session's)."""
    review = Review.objects.filter(postmortem__incident_id=pk).only(
        "id", "agenda_minutes", "current_phase", "phase_started_at", "meeting_started_at", "meeting_ended_at",
        "paused_at", "paused_seconds", "state_version").first()
    if review is None:
        return HttpResponse("", status=404)
    return render(request, "reviews/_state.html", {"incident_pk": pk, **_state_context(review)})
