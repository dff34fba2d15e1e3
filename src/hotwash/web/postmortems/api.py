from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from hotwash.core.errors import NotFound, ValidationError
from hotwash.web.incidents.selectors import incident_get
from hotwash.web.postmortems import analysis_services, selectors, services
from hotwash.web.postmortems.models import SECTIONS, ContributingFactor, Postmortem

router = Router(tags=["postmortems"])


class SectionOut(Schema):
    text: str
    version: int


class ParticipantOut(Schema):
    id: int
    name: str
    role: str
    involved: bool


class PostmortemOut(Schema):
    incident_id: int
    status: str
    facilitator: str | None
    published_at: datetime | None
    sections: dict[str, SectionOut]
    participants: list[ParticipantOut]


class SectionIn(Schema):
    text: str = Field(..., max_length=100_000)
    base_version: int = Field(..., description="The version you edited; 409 if it changed since")
    force: bool = Field(False, description="Replace a concurrent edit after seeing it")


class PostmortemPatch(Schema):
    status: str | None = None
    facilitator: str | None = Field(None, description="username, or empty to clear")


class ParticipantIn(Schema):
    name: str = Field(..., max_length=100)
    role: str = ""
    involved: bool = True


class FactorIn(Schema):
    category: str
    description: str = Field(..., max_length=5000)
    role: str = "enabling"
    timeline_entries: list[int] = []


class FactorPatch(Schema):
    category: str | None = None
    description: str | None = None
    role: str | None = None
    timeline_entries: list[int] | None = None


class FactorOut(Schema):
    id: int
    category: str
    role: str
    description: str
    timeline_entries: list[int]


class FollowUpIn(Schema):
    scheduled_for: date
    focus: str = ""
    notes: str = ""


class FollowUpOut(Schema):
    id: int
    scheduled_for: date
    stage: str
    focus: str
    notes: str


def postmortem_out(pm: Postmortem) -> dict[str, Any]:
    return {
        "incident_id": pm.incident_id, "status": pm.status,
        "facilitator": pm.facilitator.username if pm.facilitator else None, "published_at": pm.published_at,
        "sections": {k: {"text": getattr(pm, k), "version": pm.section_version(k)} for k in SECTIONS},
        "participants": list(pm.participants.all()),
    }


def factor_out(f: ContributingFactor) -> dict[str, Any]:
    return {"id": f.pk, "category": f.category.key, "role": f.role, "description": f.description,
            "timeline_entries": [e.pk for e in f.timeline_entries.all()]}


def _pm(incident_id: int) -> Postmortem:
    return selectors.postmortem_for(incident=incident_get(pk=incident_id))


def _factor(factor_id: int) -> ContributingFactor:
    factor = ContributingFactor.objects.select_related("postmortem", "category").filter(pk=factor_id).first()
    if factor is None:
        raise NotFound(f"no factor {factor_id}")
    return factor


@router.get("/incidents/{incident_id}/postmortem", response=PostmortemOut)
def get_postmortem(request: HttpRequest, incident_id: int) -> Any:
    return postmortem_out(_pm(incident_id))


@router.patch("/incidents/{incident_id}/postmortem", response=PostmortemOut)
def patch_postmortem(request: HttpRequest, incident_id: int, payload: PostmortemPatch) -> Any:
    pm = _pm(incident_id)
    data = payload.dict(exclude_unset=True)
    if "facilitator" in data:
        name = (data["facilitator"] or "").strip()
        user = get_user_model().objects.filter(username=name).first() if name else None
        if name and user is None:
            raise ValidationError(f"no user {name!r}", field="facilitator")
        pm = services.postmortem_facilitator_set(postmortem=pm, facilitator=user)
    if data.get("status"):
        pm = services.postmortem_status_set(postmortem=pm, status=data["status"], user=request.user)
    return postmortem_out(pm)


@router.put("/incidents/{incident_id}/postmortem/sections/{section}", response=SectionOut)
def put_section(request: HttpRequest, incident_id: int, section: str, payload: SectionIn) -> Any:
    pm = services.postmortem_section_update(postmortem=_pm(incident_id), section=section, text=payload.text,
                                            base_version=payload.base_version, user=request.user,
                                            force=payload.force)
    return {"text": getattr(pm, section), "version": pm.section_version(section)}


@router.post("/incidents/{incident_id}/participants", response={201: ParticipantOut})
def add_participant(request: HttpRequest, incident_id: int, payload: ParticipantIn) -> Any:
    user = get_user_model().objects.filter(username__iexact=payload.name.strip()).first()
    participant = services.participant_add(postmortem=_pm(incident_id), name=payload.name, role=payload.role,
                                           involved=payload.involved, user=user)
    return Status(201, participant)


@router.get("/incidents/{incident_id}/factors", response=list[FactorOut])
def list_factors(request: HttpRequest, incident_id: int) -> Any:
    pm = _pm(incident_id)
    return [factor_out(f) for f in pm.factors.select_related("category").prefetch_related("timeline_entries")]


@router.post("/incidents/{incident_id}/factors", response={201: FactorOut})
def add_factor(request: HttpRequest, incident_id: int, payload: FactorIn) -> Any:
    factor = analysis_services.factor_add(postmortem=_pm(incident_id), **payload.dict())
    return Status(201, factor_out(factor))


@router.patch("/factors/{factor_id}", response=FactorOut)
def patch_factor(request: HttpRequest, factor_id: int, payload: FactorPatch) -> Any:
    factor = analysis_services.factor_update(factor=_factor(factor_id), data=payload.dict(exclude_unset=True))
    return factor_out(factor)


@router.delete("/factors/{factor_id}", response={204: None})
def delete_factor(request: HttpRequest, factor_id: int) -> Any:
    analysis_services.factor_delete(factor=_factor(factor_id))
    return Status(204, None)


@router.get("/incidents/{incident_id}/followups", response=list[FollowUpOut])
def list_followups(request: HttpRequest, incident_id: int) -> Any:
    return list(_pm(incident_id).followups.all())


@router.post("/incidents/{incident_id}/followups", response={201: FollowUpOut})
def add_followup(request: HttpRequest, incident_id: int, payload: FollowUpIn) -> Any:
    return Status(201, analysis_services.followup_add(postmortem=_pm(incident_id), **payload.dict()))


class ImportIn(Schema):
    markdown: str = Field(..., max_length=5_000_000)


class ImportOut(Schema):
    incident_id: int
    ref: str
    unplaced: list[str]
    warnings: list[str]


@router.get("/incidents/{incident_id}/export", response={200: None})
def export_postmortem(request: HttpRequest, incident_id: int, format: str = "md") -> Any:
    """The postmortem in the template's structure: ``format`` is md, html or pdf."""
    from django.http import HttpResponse

    from hotwash.web.postmortems.export import postmortem_export

    rendered = postmortem_export(postmortem=_pm(incident_id), fmt=format)
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
    return response


@router.post("/import", response={201: ImportOut})
def import_postmortem(request: HttpRequest, payload: ImportIn) -> Any:
    """Create an incident and its postmortem from Markdown in the template's structure."""
    from hotwash.web.postmortems.import_services import postmortem_import_markdown

    outcome = postmortem_import_markdown(text=payload.markdown, user=request.user, source_name="request body")
    return Status(201, {"incident_id": outcome.incident.pk, "ref": outcome.incident.ref,
                        "unplaced": outcome.unplaced, "warnings": outcome.warnings})
