"""The review policy from settings (``HOTWASH_REVIEW_POLICY``), over the severities in the database."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime

from django.conf import settings

from hotwash.core.errors import ValidationError
from hotwash.core.model import DEFAULT_SEVERITIES
from hotwash.core.model import SeverityLevel as CoreSeverity
from hotwash.core.policy import IncidentFacts, ReviewDecision, ReviewPolicy
from hotwash.web.incidents.models import Incident, SeverityLevel

NEAR_MISS_TAGS = frozenset({"near-miss", "near_miss", "nearmiss"})


def _raw_policy() -> Mapping[str, object]:
    raw = getattr(settings, "HOTWASH_REVIEW_POLICY", "") or {}
    if isinstance(raw, Mapping):
        return raw
    try:
        data = json.loads(str(raw))
    except json.JSONDecodeError as exc:
        raise ValidationError(f"not valid JSON ({exc.msg} at character {exc.pos})",
                              field="HOTWASH_REVIEW_POLICY") from None
    if not isinstance(data, dict):
        raise ValidationError("must be a JSON object", field="HOTWASH_REVIEW_POLICY")
    return data


def severities_from_db() -> tuple[CoreSeverity, ...]:
    rows = [CoreSeverity(s.key, s.label, s.description, s.rank) for s in SeverityLevel.objects.all()]
    return tuple(rows) or DEFAULT_SEVERITIES


def policy_from_settings(*, with_db_severities: bool = True) -> ReviewPolicy:
    """The policy; a wrong setting raises ValidationError naming the key."""
    raw = _raw_policy()
    severities = severities_from_db() if with_db_severities else DEFAULT_SEVERITIES
    return ReviewPolicy.from_mapping(raw, severities)


def incident_facts(incident: Incident, tag_names: set[str] | None = None) -> IncidentFacts:
    """What the policy looks at. A tag ``near-miss`` marks a near miss."""
    if tag_names is None:
        tag_names = {t.name for t in incident.tags.all()}
    end = incident.resolved_at or incident.mitigated_at
    duration = end - incident.started_at if end is not None and incident.started_at else None
    return IncidentFacts(severity=incident.severity.key, escalated=incident.escalated, duration=duration,
                         near_miss=bool(tag_names & NEAR_MISS_TAGS))


def review_decision(incident: Incident, policy: ReviewPolicy | None = None) -> ReviewDecision:
    return (policy or policy_from_settings()).review_kind(incident_facts(incident))


def meeting_due(incident: Incident, policy: ReviewPolicy | None = None) -> date | None:
    """By when the review meeting should happen: counted from the day resolved in the incident's zone."""
    if incident.resolved_at is None:
        return None
    import zoneinfo

    try:
        zone = zoneinfo.ZoneInfo(incident.timezone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    resolved: datetime = incident.resolved_at.astimezone(zone)
    return (policy or policy_from_settings()).meeting_due(resolved, incident.severity.key)
