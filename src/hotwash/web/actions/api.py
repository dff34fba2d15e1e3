from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.responses import Status

from hotwash.web.actions import selectors, services
from hotwash.web.followthrough import services as follow_services
from hotwash.web.followthrough import trackers
from hotwash.web.followthrough.selectors import followup_get, verdicts_for
from hotwash.web.incidents.selectors import incident_get
from hotwash.web.postmortems.selectors import postmortem_for

router = Router(tags=["action items"])


class ActionIn(Schema):
    action: str = Field(..., max_length=2000)
    owner: str = ""
    owner_user: str | None = Field(None, description="A username or user id: reminders go to this account")
    due_date: date | None = None
    success_metric: str = ""
    impact: int = 2
    effort: int = 2
    type: str = "prevent"
    status: str = "open"
    wont_do_reason: str = ""
    external_link: str = ""


class ActionPatch(Schema):
    action: str | None = None
    owner: str | None = None
    owner_user: str | None = None
    due_date: date | None = None
    success_metric: str | None = None
    impact: int | None = None
    effort: int | None = None
    type: str | None = None
    status: str | None = None
    wont_do_reason: str | None = None
    external_link: str | None = None
    version: int | None = None


class ActionOut(Schema):
    id: int
    incident_id: int | None = Field(None, description="The incident of the postmortem; null for a retrospective's item")
    retrospective_id: int | None = Field(None, description="The team retrospective; null for a postmortem's item")
    source: str = Field("", description="INC-12 Title, or Payments retrospective of 2026-03-01")
    action: str
    owner: str
    due_date: date | None
    success_metric: str
    impact: int
    effort: int
    priority: str
    type: str
    status: str
    wont_do_reason: str
    external_link: str
    version: int
    owner_user: str | None = None
    team: str = ""
    overdue: bool = False
    tracker: str = ""
    tracker_key: str = ""
    tracker_state: str = Field("", description="'' · pending (retried on tick) · exporting · linked · failed")
    tracker_error: str = ""

    @staticmethod
    def resolve_incident_id(obj: Any) -> int | None:
        return int(obj.postmortem.incident_id) if obj.postmortem_id else None

    @staticmethod
    def resolve_source(obj: Any) -> str:
        return str(obj.source_label)

    @staticmethod
    def resolve_owner_user(obj: Any) -> str | None:
        return obj.owner_user.get_username() if obj.owner_user_id else None

    @staticmethod
    def resolve_team(obj: Any) -> str:
        return selectors.team_of(obj)

    @staticmethod
    def resolve_overdue(obj: Any) -> bool:
        return bool(obj.due_date and obj.due_date < timezone.localdate() and obj.status in selectors.ACTIVE)


class VerdictIn(Schema):
    verdict: str = Field(..., description="worked, partly or did_not (did_not reopens the item)")
    evidence_url: str = ""
    note: str = ""
    review_id: int | None = None


class VerdictOut(Schema):
    id: int
    action_id: int
    review_id: int | None
    verdict: str
    evidence_url: str
    note: str
    reopened: bool
    created_at: datetime
    created_by: str | None = None

    @staticmethod
    def resolve_created_by(obj: Any) -> str | None:
        return obj.created_by.get_username() if obj.created_by_id else None


class TrackerIn(Schema):
    tracker: str = Field(..., description="jira or github (configured in the environment)")


@router.get("/actions", response=list[ActionOut])
def board(request: HttpRequest, owner: str = "", team: str = "", status: str = "active", priority: str = "",
          overdue: bool = False, incident: str = "", sort: str = "due", source: str = "", limit: int = 500,
          offset: int = 0) -> Any:
    """Action items across all postmortems and retrospectives, with the board's filters (status: active, all
    or one status; source: incidents, retrospectives or empty for both)."""
    filters = selectors.board_filters({"owner": owner, "team": team, "status": status, "priority": priority,
                                       "overdue": "1" if overdue else "", "incident": incident, "sort": sort,
                                       "source": source})
    limit = max(1, min(limit, 1000))
    return list(selectors.action_board(filters=filters, user=request.user)[offset:offset + limit])


@router.get("/incidents/{incident_id}/actions", response=list[ActionOut])
def list_actions(request: HttpRequest, incident_id: int) -> Any:
    pm = postmortem_for(incident=incident_get(pk=incident_id, user=request.user))
    return list(selectors.action_items_for(postmortem_id=pm.pk).select_related("postmortem__incident", "owner_user__profile"))


@router.post("/incidents/{incident_id}/actions", response={201: ActionOut})
def add_action(request: HttpRequest, incident_id: int, payload: ActionIn) -> Any:
    data = payload.dict()
    action = data.pop("action")
    item = services.action_item_add(postmortem=postmortem_for(incident=incident_get(pk=incident_id, user=request.user)),
                                    action=action, **data)
    return Status(201, item)


@router.get("/actions/{action_id}/verdicts", response=list[VerdictOut])
def list_verdicts(request: HttpRequest, action_id: int) -> Any:
    return list(verdicts_for(action_id=selectors.action_item_get(pk=action_id).pk))


@router.post("/actions/{action_id}/verdicts", response={201: VerdictOut})
def add_verdict(request: HttpRequest, action_id: int, payload: VerdictIn) -> Any:
    """Did the done item work? ``did_not`` reopens it (status back to open)."""
    review = followup_get(pk=payload.review_id) if payload.review_id else None
    verdict = follow_services.verdict_record(action=selectors.action_item_get(pk=action_id), verdict=payload.verdict,
                                             evidence_url=payload.evidence_url, note=payload.note, review=review,
                                             user=request.user)
    return Status(201, verdict)


@router.post("/actions/{action_id}/tracker", response={201: ActionOut, 202: ActionOut})
def create_ticket(request: HttpRequest, action_id: int, payload: TrackerIn) -> Any:
    """Create the item's issue in Jira or GitHub: 201 when linked; 202 while pending (retried on each tick,
    ``tracker_error`` says why); a refusal that needs a person gives ``tracker_state: failed``."""
    item = trackers.tracker_export_request(item=selectors.action_item_get(pk=action_id), tracker=payload.tracker)
    item = trackers.tracker_export_run(item=item)
    return Status(201 if item.tracker_state == trackers.LINKED else 202, selectors.action_item_get(pk=item.pk))


@router.get("/actions/{action_id}", response=ActionOut)
def get_action(request: HttpRequest, action_id: int) -> Any:
    return selectors.action_item_get(pk=action_id)


@router.patch("/actions/{action_id}", response=ActionOut)
def patch_action(request: HttpRequest, action_id: int, payload: ActionPatch) -> Any:
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    return services.action_item_update(item=selectors.action_item_get(pk=action_id), data=data,
                                       base_version=version)


@router.delete("/actions/{action_id}", response={204: None})
def delete_action(request: HttpRequest, action_id: int) -> Any:
    services.action_item_delete(item=selectors.action_item_get(pk=action_id))
    return Status(204, None)
