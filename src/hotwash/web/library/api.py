from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema
from ninja.responses import Status

from hotwash.core.errors import ValidationError
from hotwash.core.redact import RedactionOptions
from hotwash.web.incidents.selectors import incident_get
from hotwash.web.library import recurrence, selectors, services
from hotwash.web.library.export import ExportOptions, export_html, export_markdown

router = Router(tags=["library"])


class SearchHitOut(Schema):
    id: int
    ref: str
    title: str
    severity: str
    services: list[str]
    tags: list[str]
    published_at: datetime | None
    excerpt_html: str = Field(..., description="A highlighted excerpt; matches are in <mark>")
    url: str


class SearchOut(Schema):
    total: int
    total_capped: bool = Field(False, description="True when more than `total` match (searches count up to 1,000)")
    page: int
    pages: int
    results: list[SearchHitOut]


@router.get("/library/search", response=SearchOut)
def search(request: HttpRequest, q: str = "", service: str = "", severity: str = "", tag: str = "",
           category: str = "", team: str = "", since: str = "", until: str = "", sort: str = "relevance",
           page: int = 1) -> Any:
    """Published postmortems: all words must match, the last one as a prefix, "phrases" in quotes."""
    filters = selectors.library_filters({"q": q, "service": service, "severity": severity, "tag": tag,
                                         "category": category, "team": team, "since": since, "until": until,
                                         "sort": sort})
    result = selectors.library_search(user=request.user, filters=filters, page=page)
    return {"total": result.total, "total_capped": result.capped, "page": result.page, "pages": result.pages, "results": [{
        "id": i.incident.pk, "ref": i.incident.ref, "title": i.incident.title, "severity": i.incident.severity.key,
        "services": i.services, "tags": i.tags, "published_at": i.published_at, "excerpt_html": str(i.snippet),
        "url": f"/p/{i.incident.pk}"} for i in result.items]}


class ActionCountsOut(Schema):
    """Each action item counts once."""

    done: int = 0
    open: int = Field(0, description="Open or in progress")
    wont_do: int = 0
    did_not_work: int = Field(0, description="Reopened after a follow-up found that it did not work")


class SimilarOut(Schema):
    id: int
    ref: str
    title: str
    started_at: datetime
    score: float
    reasons: list[str]
    actions: ActionCountsOut
    decision: str


@router.get("/incidents/{incident_id}/similar", response=list[SimilarOut])
def similar(request: HttpRequest, incident_id: int, limit: int = 5) -> Any:
    incident = incident_get(pk=incident_id, user=request.user)
    items = recurrence.similar_incidents(incident=incident, user=request.user, limit=max(1, min(limit, 20)))
    return [{"id": s.incident.pk, "ref": s.incident.ref, "title": s.incident.title,
             "started_at": s.incident.started_at, "score": s.match.score, "reasons": s.match.reasons,
             "actions": s.actions.counts, "decision": s.state} for s in items]


class DecisionIn(Schema):
    earlier_id: int
    state: str = Field(..., description="confirmed or dismissed")


class RecurrenceOut(Schema):
    incident_id: int
    earlier_id: int
    state: str
    reasons: list[str]


@router.post("/incidents/{incident_id}/recurrences", response={201: RecurrenceOut})
def decide(request: HttpRequest, incident_id: int, payload: DecisionIn) -> Any:
    incident = incident_get(pk=incident_id, user=request.user)
    earlier = incident_get(pk=payload.earlier_id, user=request.user)
    link = services.recurrence_decide(incident=incident, earlier=earlier, state=payload.state, user=request.user)
    return Status(201, {"incident_id": link.incident_id, "earlier_id": link.earlier_id, "state": link.state,
                        "reasons": link.reasons})


class RecurrencesOut(Schema):
    count: int
    earlier: list[int]
    later: list[int]


@router.get("/incidents/{incident_id}/recurrences", response=RecurrencesOut)
def recurrences(request: HttpRequest, incident_id: int) -> Any:
    links = recurrence.recurrences_of(incident=incident_get(pk=incident_id, user=request.user), user=request.user)
    return {"count": links.count, "earlier": [link.earlier_id for link in links.earlier],
            "later": [link.incident_id for link in links.later]}


class RestrictionIn(Schema):
    restricted: bool
    groups: list[str] | None = None


class RestrictionOut(Schema):
    restricted: bool
    groups: list[str]


@router.put("/incidents/{incident_id}/restriction", response=RestrictionOut)
def restrict(request: HttpRequest, incident_id: int, payload: RestrictionIn) -> Any:
    incident = services.incident_restriction_set(incident=incident_get(pk=incident_id, user=request.user),
                                                 restricted=payload.restricted, groups=payload.groups)
    return {"restricted": incident.restricted, "groups": sorted(g.name for g in incident.allowed_groups.all())}


@router.get("/postmortems/{ref}/export", response={200: None})
def export(request: HttpRequest, ref: str, format: str = "md", redact: bool = True,
           mask: str = "emails,ips,hosts") -> Any:
    """A published postmortem as Markdown or HTML; redacted by default (names → roles, masks)."""
    incident = selectors.published_get(ref=ref, user=request.user)
    if redact:
        masks = {m.strip() for m in mask.split(",")}
        options = ExportOptions(redact_names=True, masks=RedactionOptions(
            mask_emails="emails" in masks, mask_ips="ips" in masks, mask_hosts="hosts" in masks,
            internal_domains=ExportOptions().masks.internal_domains))
    else:
        options = ExportOptions.none()
    if format == "md":
        return HttpResponse(export_markdown(incident, options), content_type="text/markdown; charset=utf-8")
    if format == "html":
        return HttpResponse(export_html(incident, options), content_type="text/html; charset=utf-8")
    raise ValidationError("md or html", field="format")
