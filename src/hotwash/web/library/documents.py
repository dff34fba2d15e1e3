"""The text of an incident and its postmortem as the library indexes it (reads only)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from hotwash.core.model import PostmortemStatus
from hotwash.core.search_query import facets_text
from hotwash.web.incidents.models import Incident
from hotwash.web.library.search import clean_text
from hotwash.web.postmortems.models import SECTIONS, Participant, Postmortem

BODY_SECTIONS = [k for k in SECTIONS if k != "executive_summary"]


def _join(parts: Iterable[str]) -> str:
    return clean_text("\n".join(p.strip() for p in parts if p and p.strip()))


def _teams(incident: Incident) -> list[str]:
    """The teams of the incident's creator and of its participants with an account."""
    from hotwash.web.accounts.models import Profile

    users = set(Participant.objects.filter(postmortem__incident=incident, user__isnull=False)
                .values_list("user_id", flat=True))
    if incident.created_by_id:
        users.add(incident.created_by_id)
    return sorted(set(Profile.objects.filter(user_id__in=users).exclude(team="").values_list("team", flat=True)))


def search_document_fields(incident: Incident) -> dict[str, Any]:
    """The indexed text of one incident and its postmortem (a few queries)."""
    postmortem = Postmortem.objects.filter(incident=incident).first()
    services = sorted(s.name for s in incident.services.all())
    tags = sorted(t.name for t in incident.tags.all())
    timeline_rows = incident.timeline.filter(hidden=False).order_by("time", "id").values_list(
        "event", "information_available", "decision_action")
    factors: list[tuple[str, str]] = []
    category_keys: list[str] = []
    if postmortem is not None:
        rows = list(postmortem.factors.select_related("category").values_list("category__label", "description",
                                                                               "category__key"))
        factors = [(label, text) for label, text, _ in rows]
        category_keys = sorted({key for _, _, key in rows})
    categories = sorted({label for label, _ in factors})
    severity = incident.severity.key if incident.severity_id else ""
    teams = _teams(incident)
    published = postmortem is not None and postmortem.status == PostmortemStatus.PUBLISHED.value
    return {
        "title": clean_text(incident.title),
        "labels": _join([" ".join(services), " ".join(tags), " ".join(categories)]),
        "summary": _join([postmortem.executive_summary if postmortem else "", incident.customer_impact]),
        "body": _join(getattr(postmortem, key) for key in BODY_SECTIONS) if postmortem else "",
        "timeline": _join(" — ".join(x for x in row if x) for row in timeline_rows),
        "factors": _join(f"{label}: {text}" for label, text in factors),
        "services": services, "tags": tags, "categories": categories,
        "published": published, "published_at": postmortem.published_at if published and postmortem else None,
        "severity": severity, "started_at": incident.started_at,
        "facets": facets_text(services=services, tags=tags, categories=category_keys, severity=severity,
                              teams=teams),
    }
