from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from hotwash.web.actions import selectors, services
from hotwash.web.incidents.selectors import incident_get
from hotwash.web.postmortems.selectors import postmortem_for

router = Router(tags=["action items"])


class ActionIn(Schema):
    action: str = Field(..., max_length=2000)
    owner: str = ""
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
    incident_id: int
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

    @staticmethod
    def resolve_incident_id(obj: Any) -> int:
        return int(obj.postmortem.incident_id)


@router.get("/incidents/{incident_id}/actions", response=list[ActionOut])
def list_actions(request: HttpRequest, incident_id: int) -> Any:
    pm = postmortem_for(incident=incident_get(pk=incident_id))
    return list(selectors.action_items_for(postmortem_id=pm.pk).select_related("postmortem"))


@router.post("/incidents/{incident_id}/actions", response={201: ActionOut})
def add_action(request: HttpRequest, incident_id: int, payload: ActionIn) -> Any:
    data = payload.dict()
    action = data.pop("action")
    item = services.action_item_add(postmortem=postmortem_for(incident=incident_get(pk=incident_id)),
                                    action=action, **data)
    return Status(201, item)


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
