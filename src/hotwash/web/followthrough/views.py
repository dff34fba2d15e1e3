"""Follow-up reviews (checklist, notes, completion, verdicts) as HTMX partials; calendar feeds and events."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from hotwash.core.calendar import build_calendar, single_event_ics
from hotwash.core.errors import HotwashError, NotFound
from hotwash.web.actions.models import ActionItem
from hotwash.web.followthrough import selectors, services
from hotwash.web.postmortems.models import FollowUpReview


def _review(review_id: int, request: HttpRequest) -> FollowUpReview:
    try:
        return selectors.followup_get(pk=review_id, user=request.user)
    except NotFound as exc:
        raise Http404(str(exc)) from exc


def _render(request: HttpRequest, review_id: int, **extra: Any) -> HttpResponse:
    """The review's block for HTMX; a form sent without JavaScript goes back to it on the postmortem page
    (an error as a message there)."""
    review = _review(review_id, request)
    if request.method == "POST" and not getattr(request, "htmx", False):
        if extra.get("error"):
            messages.error(request, extra["error"])
        return redirect(reverse("incident_detail", args=[review.postmortem.incident_id]) + f"#review-{review.pk}")
    return render(request, "followthrough/_review.html",
                  {"f": review, "incident": review.postmortem.incident, **extra})


def _error(exc: HotwashError) -> str:
    return f"{exc.field}: {exc.message}" if exc.field else exc.message


@login_required
def review_block(request: HttpRequest, review_id: int) -> HttpResponse:
    return _render(request, review_id)


@login_required
@require_POST
def review_check(request: HttpRequest, review_id: int) -> HttpResponse:
    try:
        services.followup_check(review=_review(review_id, request), index=int(request.POST.get("index", "-1")),
                                done=request.POST.get("done") == "1")
    except (HotwashError, ValueError) as exc:
        return _render(request, review_id, error=_error(exc) if isinstance(exc, HotwashError) else "bad index")
    return _render(request, review_id)


@login_required
@require_POST
def review_notes(request: HttpRequest, review_id: int) -> HttpResponse:
    try:
        services.followup_notes_set(review=_review(review_id, request), notes=request.POST.get("notes", ""))
    except HotwashError as exc:
        return _render(request, review_id, error=_error(exc))
    return _render(request, review_id)


@login_required
@require_POST
def review_complete(request: HttpRequest, review_id: int) -> HttpResponse:
    try:
        services.followup_complete(review=_review(review_id, request), user=request.user,
                                   done=request.POST.get("done", "1") == "1", notes=request.POST.get("notes"))
    except HotwashError as exc:
        return _render(request, review_id, error=_error(exc))
    return _render(request, review_id)


@login_required
@require_POST
def review_verdict(request: HttpRequest, review_id: int, item_id: int) -> HttpResponse:
    review = _review(review_id, request)
    item = ActionItem.objects.filter(pk=item_id, postmortem_id=review.postmortem_id).first()
    if item is None:
        raise Http404("no such action item in this postmortem")
    try:
        verdict = services.verdict_record(action=item, verdict=request.POST.get("verdict", ""), review=review,
                                          evidence_url=request.POST.get("evidence_url", ""),
                                          note=request.POST.get("note", ""), user=request.user)
    except HotwashError as exc:
        return _render(request, review_id, error=_error(exc), verdict_item=item.pk)
    response = _render(request, review_id)
    if verdict.reopened:  # the item's row and the other reviews change too: reload the page
        response["HX-Refresh"] = "true"
    return response


@login_required
def review_ics(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _review(review_id, request)
    response = HttpResponse(single_event_ics(selectors.review_event(review)),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="review-{review.pk}.ics"'
    return response


@require_GET
@never_cache
def calendar_feed(request: HttpRequest, secret: str) -> HttpResponse:
    """The subscribable feed; the secret in the URL is the only credential (rotate it to revoke)."""
    try:
        feed = selectors.feed_by_secret(secret=secret)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    if feed.team:
        events, name = selectors.calendar_events(team=feed.team), f"hotwash: team {feed.team}"
    else:
        assert feed.user is not None
        events, name = selectors.calendar_events(user=feed.user), f"hotwash: {feed.user.get_username()}"
    services.calendar_feed_fetched(feed=feed)
    response = HttpResponse(build_calendar(name, events), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="hotwash.ics"'
    return response


@login_required
@require_POST
def calendar_rotate(request: HttpRequest) -> HttpResponse:
    team = request.POST.get("team", "") if request.POST.get("kind") == "team" else ""
    try:
        services.calendar_feed_rotate(user=request.user, team=team)
        messages.success(request, "Calendar link ready. Subscribe to it in your calendar app; an older link "
                                  "no longer works." if request.POST.get("rotate") else "Calendar link ready.")
    except HotwashError as exc:
        messages.error(request, exc.message)
    return redirect("account_settings")
