"""Private accounts, anonymous notes and the survey."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hotwash.core.errors import HotwashError
from hotwash.core.survey import QUESTIONS, SCALE
from hotwash.web.forms_util import local_datetime
from hotwash.web.reviews.selectors.review import is_participant, survey_open
from hotwash.web.reviews.selectors.surveys import has_answered
from hotwash.web.reviews.services import participants as services
from hotwash.web.reviews.views.common import incident_or_404, review_for


def _back(pk: int, anchor: str) -> HttpResponse:
    return redirect(reverse("review_page", args=[pk]) + f"#{anchor}")


def _error(request: HttpRequest, exc: HotwashError) -> None:
    messages.error(request, f"{exc.field}: {exc.message}" if exc.field else exc.message)


@login_required
@require_POST
def account_add(request: HttpRequest, pk: int) -> HttpResponse:
    review = review_for(incident_or_404(pk))
    try:
        time = local_datetime(request.POST.get("time"), field="time")
        assert time is not None
        services.account_entry_add(review=review, author=request.user, time=time,
                                   saw=request.POST.get("saw", ""), knew=request.POST.get("knew", ""),
                                   did=request.POST.get("did", ""))
    except HotwashError as exc:
        _error(request, exc)
    return _back(pk, "accounts")


@login_required
@require_POST
def account_share(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    review = review_for(incident_or_404(pk))
    try:
        entry = services.account_entry_get(review=review, pk=entry_id)
        services.account_entry_share(entry=entry, user=request.user,
                                     attributed=request.POST.get("attributed") == "1")
        messages.success(request, "Added to the incident timeline.")
    except HotwashError as exc:
        _error(request, exc)
    return _back(pk, "accounts")


@login_required
@require_POST
def account_delete(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    review = review_for(incident_or_404(pk))
    try:
        services.account_entry_delete(entry=services.account_entry_get(review=review, pk=entry_id),
                                      user=request.user)
    except HotwashError as exc:
        _error(request, exc)
    return _back(pk, "accounts")


@login_required
@require_POST
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    review = review_for(incident_or_404(pk))
    try:
        services.anonymous_note_add(review=review, text=request.POST.get("text", ""))
        messages.success(request, "Your note was saved anonymously.")
    except HotwashError as exc:
        _error(request, exc)
    return _back(pk, "notes")


@login_required
def survey_page(request: HttpRequest, pk: int) -> HttpResponse:
    incident = incident_or_404(pk)
    review = review_for(incident)
    error = ""
    if request.method == "POST":
        try:
            services.survey_answer_submit(review=review, user=request.user,
                                          scores={q.key: request.POST.get(q.key, "") for q in QUESTIONS},
                                          comment=request.POST.get("comment", ""))
            messages.success(request, "Thank you. Your answer is stored without your name.")
            return _back(pk, "survey")
        except HotwashError as exc:
            error = exc.message
    return render(request, "reviews/survey.html", {
        "incident": incident, "review": review, "questions": QUESTIONS, "scale": SCALE, "error": error,
        "answered": has_answered(review, request.user.pk), "may_answer": is_participant(review, request.user),
        "open": survey_open(review, now=timezone.now()), "nav": "reviews"})
