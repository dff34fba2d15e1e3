from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from hotwash.web.incidents import selectors, services
from hotwash.web.incidents.models import Incident

router = Router(tags=["incidents"])


class SeverityOut(Schema):
    key: str
    label: str
    description: str
    rank: int


class IncidentIn(Schema):
    title: str = Field(..., max_length=200)
    severity: str
    started_at: datetime
    detected_at: datetime | None = None
    mitigated_at: datetime | None = None
    resolved_at: datetime | None = None
    status: str = "investigating"
    timezone: str = "UTC"
    services: list[str] = []
    tags: list[str] = []
    customer_impact: str = ""
    escalated: bool = False


class IncidentPatch(Schema):
    title: str | None = Field(None, max_length=200)
    severity: str | None = None
    started_at: datetime | None = None
    detected_at: datetime | None = None
    mitigated_at: datetime | None = None
    resolved_at: datetime | None = None
    status: str | None = None
    timezone: str | None = None
    services: list[str] | None = None
    tags: list[str] | None = None
    customer_impact: str | None = None
    escalated: bool | None = None
    version: int | None = Field(None, description="The version you read; a 409 tells you it changed since.")


class IncidentOut(Schema):
    id: int
    ref: str
    title: str
    severity: str
    status: str
    started_at: datetime
    detected_at: datetime | None
    mitigated_at: datetime | None
    resolved_at: datetime | None
    timezone: str
    services: list[str]
    tags: list[str]
    customer_impact: str
    escalated: bool
    time_to_detect_seconds: float | None
    time_to_mitigate_seconds: float | None
    time_to_resolve_seconds: float | None
    postmortem_status: str | None
    version: int


def incident_out(incident: Incident) -> dict[str, Any]:
    d = incident.durations
    pm = getattr(incident, "postmortem", None)
    return {
        "id": incident.pk, "ref": incident.ref, "title": incident.title, "severity": incident.severity.key,
        "status": incident.status, "started_at": incident.started_at, "detected_at": incident.detected_at,
        "mitigated_at": incident.mitigated_at, "resolved_at": incident.resolved_at, "timezone": incident.timezone,
        "services": [s.name for s in incident.services.all()], "tags": [t.name for t in incident.tags.all()],
        "customer_impact": incident.customer_impact, "escalated": incident.escalated,
        "time_to_detect_seconds": d.to_detect.total_seconds() if d.to_detect is not None else None,
        "time_to_mitigate_seconds": d.to_mitigate.total_seconds() if d.to_mitigate is not None else None,
        "time_to_resolve_seconds": d.to_resolve.total_seconds() if d.to_resolve is not None else None,
        "postmortem_status": pm.status if pm else None, "version": incident.version,
    }


@router.get("/severities", response=list[SeverityOut])
def severities(request: HttpRequest) -> Any:
    return list(selectors.severity_list())


@router.get("/incidents", response=list[IncidentOut])
def list_incidents(request: HttpRequest, status: str = "", severity: str = "", q: str = "",
                   limit: int = 100, offset: int = 0) -> Any:
    limit = max(1, min(limit, 500))
    qs = selectors.incident_list(status=status, severity=severity, q=q, user=request.user)[offset:offset + limit]
    return [incident_out(i) for i in qs]


@router.post("/incidents", response={201: IncidentOut})
def create_incident(request: HttpRequest, payload: IncidentIn) -> Any:
    data = payload.dict()
    incident = services.incident_create(user=request.user, timezone_name=data.pop("timezone"), **data)
    return Status(201, incident_out(incident))


@router.get("/incidents/{incident_id}", response=IncidentOut)
def get_incident(request: HttpRequest, incident_id: int) -> Any:
    return incident_out(selectors.incident_get(pk=incident_id, user=request.user))


@router.patch("/incidents/{incident_id}", response=IncidentOut)
def patch_incident(request: HttpRequest, incident_id: int, payload: IncidentPatch) -> Any:
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    incident = services.incident_update(incident=selectors.incident_get(pk=incident_id, user=request.user), user=request.user,
                                        data=data, base_version=version)
    return incident_out(incident)


@router.delete("/incidents/{incident_id}", response={204: None})
def delete_incident(request: HttpRequest, incident_id: int) -> Any:
    services.incident_delete(incident=selectors.incident_get(pk=incident_id, user=request.user))
    return Status(204, None)
