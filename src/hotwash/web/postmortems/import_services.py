"""Import a Markdown postmortem written in the template's structure (one transaction)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time

from django.contrib.auth import get_user_model
from django.db import transaction

from hotwash.core.document.markdown import parse_markdown
from hotwash.core.errors import ValidationError
from hotwash.core.model import Entry, EntryKind
from hotwash.web.actions.services import action_item_add
from hotwash.web.incidents.models import Incident, SeverityLevel
from hotwash.web.incidents.services import incident_create
from hotwash.web.postmortems import analysis_services, services
from hotwash.web.postmortems.document import learnings_text
from hotwash.web.postmortems.models import FactorCategory
from hotwash.web.timeline.services import timeline_import
from hotwash.web.types import Actor


@dataclass
class ImportOutcome:
    incident: Incident
    unplaced: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _severity(label: str, warnings: list[str]) -> SeverityLevel:
    wanted = label.strip().lower()
    for level in SeverityLevel.objects.all():
        if wanted in (level.key, level.label.lower()):
            return level
    fallback = SeverityLevel.objects.order_by("-rank").first()
    if fallback is None:
        raise ValidationError("no severity levels are configured", field="severity")
    warnings.append(f"severity {label!r} is not a configured level; set to {fallback.label}" if label
                    else f"no severity given; set to {fallback.label}")
    return fallback


@transaction.atomic
def postmortem_import_markdown(*, text: str, user: Actor, source_name: str = "postmortem.md") -> ImportOutcome:
    """Create an incident with its postmortem from Markdown; lists what could not be placed."""
    if not text.strip():
        raise ValidationError("the file is empty", field="file", where=source_name)
    result = parse_markdown(text)
    doc = result.doc
    warnings = list(result.warnings)
    unplaced = list(result.unplaced)
    if not doc.title.strip():
        raise ValidationError("no '# Post-Mortem: Title' heading found", field="title", where=source_name)
    import zoneinfo

    try:
        tz = zoneinfo.ZoneInfo(doc.timezone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        warnings.append(f"unknown time zone {doc.timezone!r}; used UTC")
        tz = zoneinfo.ZoneInfo("UTC")
    started = doc.started
    if started is None and doc.timeline:
        started = min(row.time for row in doc.timeline)
    if started is None and doc.incident_date is not None:
        started = datetime.combine(doc.incident_date, time(0, 0), tzinfo=tz)
        warnings.append("no start time; used the start of the incident date")
    if started is None:
        raise ValidationError("no date, start time or timeline: cannot place the incident in time",
                              field="date", where=source_name)
    resolved = doc.resolved
    if resolved is None and doc.duration is not None:
        resolved = started + doc.duration
    incident = incident_create(
        user=user, title=doc.title[:200], severity=_severity(doc.severity, warnings), started_at=started,
        detected_at=doc.detected, mitigated_at=doc.mitigated, resolved_at=resolved,
        status="resolved" if resolved else "investigating", timezone_name=str(tz), services=doc.services,
        tags=doc.tags, customer_impact=doc.impact)
    postmortem = incident.postmortem
    sections = {"executive_summary": doc.executive_summary, "what_went_well": doc.what_went_well,
                "what_went_wrong": doc.what_went_wrong, "what_was_confusing": doc.what_was_confusing,
                "where_we_got_lucky": doc.where_we_got_lucky, "key_learnings": learnings_text(doc.key_learnings)}
    for key, value in sections.items():
        if value.strip():
            postmortem = services.postmortem_section_update(postmortem=postmortem, section=key, text=value,
                                                            base_version=0, user=user, note="imported from Markdown")
    User = get_user_model()
    if doc.facilitator:
        first = doc.facilitator.split()[0]
        match = (User.objects.filter(username__iexact=doc.facilitator).first()
                 or User.objects.filter(first_name__iexact=first,
                                        last_name__iexact=" ".join(doc.facilitator.split()[1:])).first())
        if match:
            services.postmortem_facilitator_set(postmortem=postmortem, facilitator=match)
        else:
            warnings.append(f"facilitator {doc.facilitator!r} has no account; recorded as a participant")
            services.participant_add(postmortem=postmortem, name=doc.facilitator, role="facilitator",
                                     involved=False)
    for person in doc.participants:
        if postmortem.participants.filter(name__iexact=person.name).exists():
            continue
        services.participant_add(postmortem=postmortem, name=person.name[:100], role=person.role[:100],
                                 involved=person.involved)
    entries = [Entry(time=row.time, text=row.event, source=(row.source or "manual")[:50], source_id=f"md-row-{n}",
                     kind=EntryKind(row.kind) if row.kind in EntryKind._value2member_map_ else EntryKind.MANUAL)
               for n, row in enumerate(doc.timeline, start=1)]
    timeline_import(incident=incident, entries=entries, user=user)
    for n, row in enumerate(doc.timeline, start=1):
        incident.timeline.filter(source_id=f"md-row-{n}").update(
            information_available=row.information_available, decision_action=row.decision_action,
            key_decision=row.key_decision, wrong_assumption=row.wrong_assumption)
    known = set(FactorCategory.objects.values_list("key", flat=True))
    for key, label in doc.categories:
        if key not in known and any(f.category == key for f in doc.factors):
            FactorCategory.objects.create(key=key[:40], label=label[:60])
            known.add(key)
    for factor in doc.factors:
        analysis_services.factor_add(postmortem=postmortem, category=factor.category, role=factor.role,
                                     description=factor.description)
    impact_effort = {"p1": (3, 1), "p2": (2, 2), "p3": (1, 1), "p4": (1, 3)}
    for action_row in doc.actions:
        impact, effort = impact_effort.get(action_row.priority, (2, 2))
        action_item_add(postmortem=postmortem, action=action_row.action, owner=action_row.owner[:100],
                        due_date=action_row.due_date, impact=impact, effort=effort,
                        success_metric=action_row.success_metric,
                        status=action_row.status if action_row.status in ("open", "in_progress", "done") else "open",
                        wont_do_reason="")
    if doc.follow_up.scheduled_for:
        analysis_services.followup_add(postmortem=postmortem, scheduled_for=doc.follow_up.scheduled_for,
                                       focus=doc.follow_up.focus)
    return ImportOutcome(incident=Incident.objects.get(pk=incident.pk), unplaced=unplaced, warnings=warnings)
