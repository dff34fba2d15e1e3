from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from hotwash.web.incidents.selectors import incident_get
from hotwash.web.timeline import selectors, services

router = Router(tags=["timeline"])


class EntryIn(Schema):
    time: datetime = Field(..., description="RFC 3339 with an offset, e.g. 2024-08-01T14:23:00Z")
    event: str = Field(..., max_length=10_000)
    information_available: str = ""
    decision_action: str = ""
    kind: str = "manual"
    source: str = "manual"
    actor: str = ""
    link: str = ""
    key_decision: bool = False
    wrong_assumption: bool = False


class EntryPatch(Schema):
    time: datetime | None = None
    event: str | None = None
    information_available: str | None = None
    decision_action: str | None = None
    kind: str | None = None
    actor: str | None = None
    link: str | None = None
    key_decision: bool | None = None
    wrong_assumption: bool | None = None
    hidden: bool | None = None
    version: int | None = None


class EntryOut(Schema):
    id: int
    time: datetime
    event: str
    information_available: str
    decision_action: str
    kind: str
    source: str
    source_id: str
    actor: str
    link: str
    key_decision: bool
    wrong_assumption: bool
    assumed_zone: bool
    hidden: bool
    version: int


@router.get("/incidents/{incident_id}/timeline", response=list[EntryOut])
def list_entries(request: HttpRequest, incident_id: int, include_hidden: bool = True) -> Any:
    return list(selectors.timeline_for(incident=incident_get(pk=incident_id, user=request.user), include_hidden=include_hidden))


@router.post("/incidents/{incident_id}/timeline", response={201: EntryOut})
def add_entry(request: HttpRequest, incident_id: int, payload: EntryIn) -> Any:
    data = payload.dict()
    entry = services.timeline_entry_add(incident=incident_get(pk=incident_id, user=request.user), user=request.user, **data)
    return Status(201, entry)


@router.get("/incidents/{incident_id}/timeline/{entry_id}", response=EntryOut)
def get_entry(request: HttpRequest, incident_id: int, entry_id: int) -> Any:
    return selectors.timeline_entry_get(incident=incident_get(pk=incident_id, user=request.user), pk=entry_id)


@router.patch("/incidents/{incident_id}/timeline/{entry_id}", response=EntryOut)
def patch_entry(request: HttpRequest, incident_id: int, entry_id: int, payload: EntryPatch) -> Any:
    entry = selectors.timeline_entry_get(incident=incident_get(pk=incident_id, user=request.user), pk=entry_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    return services.timeline_entry_update(entry=entry, data=data, base_version=version)


@router.delete("/incidents/{incident_id}/timeline/{entry_id}", response={204: None})
def delete_entry(request: HttpRequest, incident_id: int, entry_id: int) -> Any:
    services.timeline_entry_delete(entry=selectors.timeline_entry_get(incident=incident_get(pk=incident_id, user=request.user),
                                                                      pk=entry_id))
    return Status(204, None)
