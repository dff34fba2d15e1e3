"""The review page (kind, facilitator, preparation, agenda, accounts, notes, survey), queue and roster."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hotwash.core.errors import HotwashError
from hotwash.core.meeting import GROUND_RULES
from hotwash.web.forms_util import local_datetime
from hotwash.web.postmortems.models import SECTIONS
from hotwash.web.reviews.selectors.invite import invitation_hint
from hotwash.web.reviews.selectors.policy import meeting_due, policy_from_settings
from hotwash.web.reviews.selectors.queue import review_queue
from hotwash.web.reviews.selectors.review import (
    SHORT_NOTE_SECTIONS,
    account_entries_visible,
    agenda_of,
    anonymous_notes,
    can_run_meeting,
    is_facilitator,
    is_participant,
    prep_checklist,
    review_decision_shown,
    survey_open,
)
from hotwash.web.reviews.selectors.roster import facilitator_suggestions, involved_user_ids, roster
from hotwash.web.reviews.selectors.surveys import has_answered, survey_count, survey_summary
from hotwash.web.reviews.services import review as services
from hotwash.web.reviews.views.common import draft_url, incident_or_404, review_for


def _back(pk: int, anchor: str = "") -> HttpResponse:
    from django.urls import reverse

    return redirect(reverse("review_page", args=[pk]) + (f"#{anchor}" if anchor else ""))


def review_context(request: HttpRequest, incident: Any, review: Any) -> dict[str, Any]:
    now = timezone.now()
    postmortem = review.postmortem
    due = meeting_due(incident, policy_from_settings())
    entries = list(account_entries_visible(review, request.user))
    facilitator = is_facilitator(review, request.user)
    summary = survey_summary(review)
    warning = None
    if postmortem.facilitator is not None:
        from hotwash.core.meeting import facilitator_warning
        from hotwash.web.accounts.selectors import display_name
        involved = involved_user_ids(postmortem, [postmortem.facilitator])
        warning = facilitator_warning(postmortem.facilitator_id, involved, display_name(postmortem.facilitator))
    return {
        "incident": incident, "review": review, "postmortem": postmortem, "nav": "reviews",
        "decision": review_decision_shown(review), "due": due,
        "overdue": review.kind == "formal" and due is not None and timezone.localdate() > due,
        "short_sections": [(key, SECTIONS[key]) for key in SHORT_NOTE_SECTIONS],
        "suggestions": facilitator_suggestions(postmortem), "facilitator_warning": warning,
        "prep": prep_checklist(review, now=now, deadline=due), "agenda": agenda_of(review),
        "ground_rules": GROUND_RULES, "invite": invitation_hint(review),
        "entries": entries, "own_entries": [e for e in entries if e.author_id == request.user.pk],
        "other_entries": [e for e in entries if e.author_id != request.user.pk],
        "is_facilitator": facilitator, "can_run": can_run_meeting(review, request.user),
        "notes": list(anonymous_notes(review)) if facilitator else [],
        "notes_count": anonymous_notes(review).count(),
        "survey": summary, "survey_count": survey_count(review),
        "answered": has_answered(review, request.user.pk), "may_answer": is_participant(review, request.user),
        "survey_open": survey_open(review, now=now),
        "users": list(get_user_model().objects.filter(is_active=True).order_by("username")),
        "now": now,
    }


@login_required
def review_page(request: HttpRequest, pk: int) -> HttpResponse:
    incident = incident_or_404(pk)
    review = review_for(incident)
    return render(request, "reviews/review.html", review_context(request, incident, review))


def _run(request: HttpRequest, pk: int, anchor: str, action: Any, ok: str = "") -> HttpResponse:
    incident = incident_or_404(pk)
    review = review_for(incident)
    try:
        result = action(incident, review)
    except HotwashError as exc:
        messages.error(request, f"{exc.field}: {exc.message}" if exc.field else exc.message)
    else:
        if isinstance(result, str) and result:
            messages.warning(request, result)
        elif ok:
            messages.success(request, ok)
    return _back(pk, anchor)


@login_required
@require_POST
def review_kind(request: HttpRequest, pk: int) -> HttpResponse:
    return _run(request, pk, "kind", lambda i, r: services.review_kind_set(review=r, kind=request.POST.get("kind", ""))
                and None, "Review kind saved.")


@login_required
@require_POST
def review_team(request: HttpRequest, pk: int) -> HttpResponse:
    return _run(request, pk, "survey", lambda i, r: services.review_team_set(review=r, team=request.POST.get(
        "team", "")) and None, "Team saved.")


@login_required
@require_POST
def review_facilitator(request: HttpRequest, pk: int) -> HttpResponse:
    raw = request.POST.get("facilitator", "")
    user = get_user_model().objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    return _run(request, pk, "facilitator", lambda i, r: services.facilitator_choose(review=r, user=user),
                "Facilitator chosen.")


@login_required
@require_POST
def prep_toggle(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    done = request.POST.get("done") == "1"
    return _run(request, pk, "prep", lambda i, r: services.prep_step_set(review=r, step=step, done=done,
                                                                        user=request.user))


@login_required
@require_POST
def meeting_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    def act(incident: Any, review: Any) -> None:
        at = local_datetime(request.POST.get("meeting_at"), field="meeting_at")
        try:
            minutes = int(request.POST.get("minutes", "") or review.meeting_minutes)
        except ValueError:
            from hotwash.core.errors import ValidationError
            raise ValidationError("a whole number of minutes", field="minutes") from None
        assert at is not None
        services.meeting_schedule(review=review, at=at, minutes=minutes, place=request.POST.get("place", ""),
                                  user=request.user)

    return _run(request, pk, "prep", act, "Meeting booked.")


@login_required
@require_POST
def agenda_save(request: HttpRequest, pk: int) -> HttpResponse:
    minutes = {k.removeprefix("m-"): v for k, v in request.POST.items() if k.startswith("m-")}
    return _run(request, pk, "agenda", lambda i, r: services.agenda_set(review=r, minutes=minutes) and None,
                "Agenda saved.")


@login_required
@require_POST
def invitations_send(request: HttpRequest, pk: int) -> HttpResponse:
    def act(incident: Any, review: Any) -> None:
        result = services.invitations_send(review=review, user=request.user,
                                           draft_url=draft_url(request, incident))
        note = f" Not invited (no linked user with an e-mail): {', '.join(result['skipped'])}." \
            if result["skipped"] else ""
        messages.success(request, f"Invitation sent to {', '.join(result['sent_to'])}.{note}")

    return _run(request, pk, "prep", act)


@login_required
def queue_page(request: HttpRequest) -> HttpResponse:
    try:
        items = review_queue(today=timezone.localdate(), user=request.user)
        error = ""
    except HotwashError as exc:
        items, error = [], str(exc)
    return render(request, "reviews/queue.html", {"items": items, "error": error, "nav": "reviews"})


@login_required
def roster_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            if request.POST.get("action") == "leave":
                services.facilitator_leave(user=request.user)
                messages.success(request, "You left the facilitator roster.")
            else:
                services.facilitator_join(user=request.user, note=request.POST.get("note", ""))
                messages.success(request, "You are on the facilitator roster. Thank you!")
        except HotwashError as exc:
            messages.error(request, exc.message)
        return redirect("facilitator_roster")
    rows = roster()
    mine = next((r for r in rows if r.facilitator.user_id == request.user.pk), None)
    return render(request, "reviews/roster.html", {"rows": rows, "mine": mine, "nav": "reviews"})
