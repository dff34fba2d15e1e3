"""JSON API of running a review: queue, review (kind, agenda, meeting, prep), meeting state, accounts,
anonymous notes and survey, facilitator roster, retrospectives. Routes name the incident ``incident_id``
so the guard of restricted incidents covers them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.responses import Status

from hotwash.core.errors import NotFound, PermissionDenied, ValidationError
from hotwash.web.actions import services as action_services
from hotwash.web.actions.api import ActionIn, ActionOut
from hotwash.web.incidents.selectors import incident_get
from hotwash.web.postmortems.selectors import postmortem_for
from hotwash.web.reviews.models import AccountEntry, Retrospective, Review
from hotwash.web.reviews.selectors.policy import meeting_due, policy_from_settings
from hotwash.web.reviews.selectors.queue import review_queue
from hotwash.web.reviews.selectors.retro import retrospective_board, retrospective_get, retrospective_list
from hotwash.web.reviews.selectors.review import (
    account_entries_visible,
    agenda_of,
    anonymous_notes,
    is_facilitator,
    meeting_state,
    prep_checklist,
    review_decision_shown,
)
from hotwash.web.reviews.selectors.roster import facilitator_suggestions, roster
from hotwash.web.reviews.selectors.surveys import survey_count, survey_summary, team_trend
from hotwash.web.reviews.services import participants as input_services
from hotwash.web.reviews.services import retro as retro_services
from hotwash.web.reviews.services import review as services
from hotwash.web.reviews.services.meeting import meeting_advance

router = Router(tags=["reviews"])


class QueueItemOut(Schema):
    incident_id: int
    ref: str
    title: str
    severity: str
    kind: str
    kind_reasons: list[str]
    reasons: list[str]
    meeting_due: date | None
    overdue: bool


class SlotOut(Schema):
    phase: str
    title: str
    minutes: int
    prompts: list[str]


class PrepOut(Schema):
    step: str
    label: str
    state: str
    done_at: datetime | None
    hint: str


class SuggestionOut(Schema):
    user_id: int
    name: str
    last_facilitated: datetime | None
    involved: bool


class ReviewOut(Schema):
    incident_id: int
    kind: str
    kind_reasons: list[str]
    kind_overridden: bool
    team: str
    facilitator: str | None
    meeting_at: datetime | None
    meeting_minutes: int
    meeting_place: str
    meeting_due: date | None
    agenda_shared_at: datetime | None
    agenda: list[SlotOut]
    agenda_total_minutes: int
    prep: list[PrepOut]
    suggestions: list[SuggestionOut]
    survey_answers: int


class ReviewPatch(Schema):
    kind: str | None = Field(None, description="formal, short_note, or auto (the policy decides)")
    team: str | None = None
    facilitator: str | None = Field(None, description="username, or empty to clear")
    meeting_at: datetime | None = None
    meeting_minutes: int | None = Field(None, ge=60, le=90)
    meeting_place: str | None = None
    agenda: dict[str, int] | None = Field(None, description="phase key -> minutes, e.g. {'timeline': 35}")


class PrepIn(Schema):
    done: bool = True


class InviteOut(Schema):
    sent_to: list[str]
    skipped: list[str]
    sequence: int


class MeetingOut(Schema):
    status: str
    phase: str | None
    phase_title: str | None
    phase_minutes: int | None
    phase_started_at: datetime | None
    remaining_seconds: int
    prompts: list[str]
    version: int
    paused: bool = Field(False, description="The phase clock is paused (remaining_seconds stands still)")


class AccountIn(Schema):
    time: datetime
    saw: str = Field(..., max_length=10_000)
    knew: str = ""
    did: str = ""


class AccountOut(Schema):
    id: int
    author: str
    time: datetime
    saw: str
    knew: str
    did: str
    shared: bool
    shared_attributed: bool


class ShareIn(Schema):
    attributed: bool = Field(..., description="true: named on the timeline; false: anonymous")


class NoteIn(Schema):
    text: str = Field(..., max_length=5000)


class SurveyIn(Schema):
    blameless: int | None = Field(None, ge=1, le=5)
    voice: int | None = Field(None, ge=1, le=5)
    time: int | None = Field(None, ge=1, le=5)
    comment: str = ""


class QuestionOut(Schema):
    key: str
    text: str
    responses: int
    mean: float | None
    distribution: list[int]


class SurveyOut(Schema):
    responses: int
    shown: bool
    questions: list[QuestionOut]
    comments: list[str]


class MonthOut(Schema):
    month: str
    shown: bool
    responses: int
    means: dict[str, float | None]


class RosterOut(Schema):
    username: str
    name: str
    active: bool
    last_facilitated: datetime | None
    count: int


class RetroIn(Schema):
    team: str = Field(..., max_length=100)
    held_on: date
    title: str = ""
    follow_up_on: date | None = None


class RetroItemIn(Schema):
    column: str = Field(..., description="went_well, could_improve or puzzling")
    text: str = Field(..., max_length=5000)


class RetroOut(Schema):
    id: int
    team: str
    held_on: date
    title: str
    follow_up_on: date | None
    columns: dict[str, list[str]]
    actions: list[ActionOut] = Field(..., description="The shared action items (PATCH them at /actions/{id})")


def _review(request: HttpRequest, incident_id: int) -> Review:
    incident = incident_get(pk=incident_id)
    return services.review_ensure(postmortem=postmortem_for(incident=incident))


def review_out(review: Review) -> dict[str, Any]:
    incident = review.postmortem.incident
    due = meeting_due(incident, policy_from_settings())
    decision = review_decision_shown(review)
    agenda = agenda_of(review)
    return {
        "incident_id": incident.pk, "kind": review.kind, "kind_reasons": list(decision.reasons),
        "kind_overridden": review.kind_overridden, "team": review.team,
        "facilitator": review.postmortem.facilitator.username if review.postmortem.facilitator else None,
        "meeting_at": review.meeting_at, "meeting_minutes": review.meeting_minutes,
        "meeting_place": review.meeting_place, "meeting_due": due, "agenda_shared_at": review.agenda_shared_at,
        "agenda": [{"phase": s.key, "title": s.title, "minutes": s.minutes, "prompts": list(s.prompts)}
                   for s in agenda.slots],
        "agenda_total_minutes": agenda.total_minutes,
        "prep": [{"step": r.step.value, "label": r.label, "state": r.state, "done_at": r.done_at, "hint": r.hint}
                 for r in prep_checklist(review, now=timezone.now(), deadline=due)],
        "suggestions": [{"user_id": s.user_id, "name": s.name, "last_facilitated": s.last_facilitated,
                         "involved": s.involved} for s in facilitator_suggestions(review.postmortem)],
        "survey_answers": survey_count(review),
    }


def meeting_out(review: Review) -> dict[str, Any]:
    state = meeting_state(review, now=timezone.now())
    running = state.status == "running" and state.slot is not None
    return {"status": state.status, "phase": state.slot.key if running else None,
            "phase_title": state.slot.title if running else None,
            "phase_minutes": state.slot.minutes if running else None,
            "phase_started_at": state.phase_started_at, "remaining_seconds": state.remaining_seconds if running else 0,
            "prompts": list(state.slot.prompts) if running else [], "version": state.version,
            "paused": state.paused}


def account_out(entry: AccountEntry) -> dict[str, Any]:
    return {"id": entry.pk, "author": entry.author.get_username(), "time": entry.time, "saw": entry.saw,
            "knew": entry.knew, "did": entry.did, "shared": entry.shared_entry_id is not None,
            "shared_attributed": entry.shared_attributed}


def retro_out(retro: Retrospective) -> dict[str, Any]:
    return {"id": retro.pk, "team": retro.team, "held_on": retro.held_on, "title": retro.title,
            "follow_up_on": retro.follow_up_on,
            "columns": {key: [i.text for i in items] for key, _, items in retrospective_board(retro)},
            "actions": list(retro.actions.all())}


@router.get("/reviews/queue", response=list[QueueItemOut])
def get_queue(request: HttpRequest) -> Any:
    """Incidents that need a review: postmortem not started, or meeting past its deadline."""
    return [{"incident_id": i.incident.pk, "ref": i.incident.ref, "title": i.incident.title,
             "severity": i.incident.severity.key, "kind": i.kind, "kind_reasons": list(i.kind_reasons),
             "reasons": i.reasons, "meeting_due": i.due, "overdue": i.overdue}
            for i in review_queue(today=timezone.localdate(), user=request.user)]


@router.get("/incidents/{incident_id}/review", response=ReviewOut)
def get_review(request: HttpRequest, incident_id: int) -> Any:
    return review_out(_review(request, incident_id))


@router.patch("/incidents/{incident_id}/review", response=ReviewOut)
def patch_review(request: HttpRequest, incident_id: int, payload: ReviewPatch) -> Any:
    review = _review(request, incident_id)
    data = payload.dict(exclude_unset=True)
    if data.get("kind"):
        review = services.review_kind_set(review=review, kind=data["kind"])
    if data.get("team") is not None:
        services.review_team_set(review=review, team=data["team"])
    if "facilitator" in data:
        name = (data["facilitator"] or "").strip()
        user = get_user_model().objects.filter(username=name).first() if name else None
        if name and user is None:
            raise ValidationError(f"no user {name!r}", field="facilitator")
        services.facilitator_choose(review=review, user=user)
    if data.get("agenda"):
        services.agenda_set(review=review, minutes=data["agenda"])
    if data.get("meeting_at") or "meeting_minutes" in data or "meeting_place" in data:
        at = data.get("meeting_at") or review.meeting_at
        if at is None:
            raise ValidationError("give meeting_at to book the meeting", field="meeting_at")
        services.meeting_schedule(review=review, at=at, minutes=data.get("meeting_minutes") or review.meeting_minutes,
                                  place=data.get("meeting_place", review.meeting_place), user=request.user)
    review.refresh_from_db()
    return review_out(review)


@router.post("/incidents/{incident_id}/review/prep/{step}", response=ReviewOut)
def post_prep(request: HttpRequest, incident_id: int, step: str, payload: PrepIn) -> Any:
    review = _review(request, incident_id)
    services.prep_step_set(review=review, step=step, done=payload.done, user=request.user)
    return review_out(review)


@router.post("/incidents/{incident_id}/review/invitations", response=InviteOut)
def post_invitations(request: HttpRequest, incident_id: int) -> Any:
    """E-mail the invitation (agenda, link to the draft, .ics with METHOD:REQUEST)."""
    from django.conf import settings

    review = _review(request, incident_id)
    return services.invitations_send(review=review, user=request.user,
                                     draft_url=f"{settings.BASE_URL}/incidents/{incident_id}/")


@router.get("/incidents/{incident_id}/meeting", response=MeetingOut)
def get_meeting(request: HttpRequest, incident_id: int) -> Any:
    return meeting_out(_review(request, incident_id))


@router.post("/incidents/{incident_id}/meeting/{action}", response=MeetingOut)
def post_meeting(request: HttpRequest, incident_id: int, action: str) -> Any:
    """``start``, ``next``, ``previous``, ``pause``, ``resume``, ``end`` or ``reset``: the facilitator's controls."""
    from hotwash.web.reviews.selectors.review import can_run_meeting

    review = _review(request, incident_id)
    if not can_run_meeting(review, request.user):
        raise PermissionDenied("only the facilitator runs the meeting")
    return meeting_out(meeting_advance(review=review, action=action))


@router.get("/incidents/{incident_id}/review/accounts", response=list[AccountOut])
def get_accounts(request: HttpRequest, incident_id: int) -> Any:
    """Your own account entries; the facilitator gets everyone's."""
    return [account_out(e) for e in account_entries_visible(_review(request, incident_id), request.user)]


@router.post("/incidents/{incident_id}/review/accounts", response={201: AccountOut})
def post_account(request: HttpRequest, incident_id: int, payload: AccountIn) -> Any:
    entry = input_services.account_entry_add(review=_review(request, incident_id), author=request.user,
                                             time=payload.time, saw=payload.saw, knew=payload.knew, did=payload.did)
    return Status(201, account_out(entry))


@router.post("/incidents/{incident_id}/review/accounts/{entry_id}/share", response=AccountOut)
def post_account_share(request: HttpRequest, incident_id: int, entry_id: int, payload: ShareIn) -> Any:
    review = _review(request, incident_id)
    entry = input_services.account_entry_get(review=review, pk=entry_id)
    if entry.author_id != request.user.pk and not is_facilitator(review, request.user):
        raise NotFound("no such account entry", field="entry")
    input_services.account_entry_share(entry=entry, user=request.user, attributed=payload.attributed)
    return account_out(entry)


@router.post("/incidents/{incident_id}/review/notes", response={201: dict})
def post_note(request: HttpRequest, incident_id: int, payload: NoteIn) -> Any:
    input_services.anonymous_note_add(review=_review(request, incident_id), text=payload.text)
    return Status(201, {"stored": True})


@router.get("/incidents/{incident_id}/review/notes", response=list[str])
def get_notes(request: HttpRequest, incident_id: int) -> Any:
    review = _review(request, incident_id)
    if not is_facilitator(review, request.user):
        raise PermissionDenied("anonymous notes are for the facilitator")
    return [n.text for n in anonymous_notes(review)]


@router.post("/incidents/{incident_id}/survey", response={201: dict})
def post_survey(request: HttpRequest, incident_id: int, payload: SurveyIn) -> Any:
    """Answer once, anonymously: the answer is stored without user and with the day only."""
    scores = {k: v for k, v in payload.dict().items() if k != "comment" and v is not None}
    input_services.survey_answer_submit(review=_review(request, incident_id), user=request.user, scores=scores,
                                        comment=payload.comment)
    return Status(201, {"stored": True})


@router.get("/incidents/{incident_id}/survey", response=SurveyOut)
def get_survey(request: HttpRequest, incident_id: int) -> Any:
    """Results, shown only from three answers (``shown`` false and no figures before)."""
    review = _review(request, incident_id)
    summary = survey_summary(review)
    if summary is None:
        return {"responses": survey_count(review), "shown": False, "questions": [], "comments": []}
    return {"responses": summary.responses, "shown": True, "comments": list(summary.comments),
            "questions": [{"key": q.question.key, "text": q.question.text, "responses": q.responses,
                           "mean": q.mean, "distribution": list(q.distribution)} for q in summary.questions]}


@router.get("/surveys/teams/{team}", response=list[MonthOut])
def get_team_trend(request: HttpRequest, team: str) -> Any:
    """Per-month averages of a team's survey answers; months under three answers are not shown."""
    out = []
    for month, summary in team_trend(team).items():
        if summary is None:
            out.append({"month": month, "shown": False, "responses": 0, "means": {}})
        else:
            out.append({"month": month, "shown": True, "responses": summary.responses,
                        "means": {q.question.key: q.mean for q in summary.questions}})
    return out


@router.get("/facilitators", response=list[RosterOut])
def get_roster(request: HttpRequest) -> Any:
    return [{"username": r.facilitator.user.get_username(), "name": r.name, "active": r.facilitator.active,
             "last_facilitated": r.last_facilitated, "count": r.count} for r in roster()]


@router.post("/facilitators/me", response={201: dict})
def join_roster(request: HttpRequest) -> Any:
    services.facilitator_join(user=request.user)
    return Status(201, {"active": True})


@router.delete("/facilitators/me", response={204: None})
def leave_roster(request: HttpRequest) -> Any:
    services.facilitator_leave(user=request.user)
    return Status(204, None)


@router.get("/retrospectives", response=list[RetroOut])
def get_retros(request: HttpRequest, team: str = "") -> Any:
    retros = retrospective_list(team=team).prefetch_related("items", "actions__owner_user__profile")[:200]
    return [retro_out(r) for r in retros]


@router.post("/retrospectives", response={201: RetroOut})
def post_retro(request: HttpRequest, payload: RetroIn) -> Any:
    retro = retro_services.retrospective_create(team=payload.team, held_on=payload.held_on, user=request.user,
                                                title=payload.title, follow_up_on=payload.follow_up_on)
    return Status(201, retro_out(retro))


@router.get("/retrospectives/{retro_id}", response=RetroOut)
def get_retro(request: HttpRequest, retro_id: int) -> Any:
    return retro_out(retrospective_get(pk=retro_id))


@router.post("/retrospectives/{retro_id}/items", response={201: RetroOut})
def post_retro_item(request: HttpRequest, retro_id: int, payload: RetroItemIn) -> Any:
    retro = retrospective_get(pk=retro_id)
    retro_services.retro_item_add(retrospective=retro, column=payload.column, text=payload.text)
    return Status(201, retro_out(retro))


@router.get("/retrospectives/{retro_id}/actions", response=list[ActionOut])
def get_retro_actions(request: HttpRequest, retro_id: int) -> Any:
    retro = retrospective_get(pk=retro_id)
    return list(retro.actions.select_related("retrospective", "owner_user__profile"))


@router.post("/retrospectives/{retro_id}/actions", response={201: ActionOut})
def post_retro_action(request: HttpRequest, retro_id: int, payload: ActionIn) -> Any:
    """Add a shared action item to the retrospective (the same fields as an incident's items)."""
    data = payload.dict()
    action = data.pop("action")
    item = action_services.action_item_add(retrospective=retrospective_get(pk=retro_id), action=action, **data)
    return Status(201, item)
