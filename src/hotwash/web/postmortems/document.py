"""The postmortem as a :class:`hotwash.core.document.PostmortemDoc`, for export (reads only)."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hotwash.core.document.model import (
    ActionRow,
    Factor,
    FollowUp,
    Participant,
    PostmortemDoc,
    TimelineRow,
)
from hotwash.web.postmortems.models import FactorCategory, Postmortem

_ITEM = re.compile(r"^\s*(?:\d+[.)]|[-*+])\s+(.*)$")


def learnings_list(text: str) -> list[str]:
    """Numbered or bulleted lines become items; other text is one item per paragraph."""
    items: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line for line in block.splitlines() if line.strip()]
        if lines and all(_ITEM.match(line) or line.startswith((" ", "\t")) for line in lines):
            for line in lines:
                match = _ITEM.match(line)
                if match:
                    items.append(match.group(1).strip())
                elif items:
                    items[-1] += " " + line.strip()
        elif lines:
            items.append(" ".join(line.strip() for line in lines))
    return items


def learnings_text(items: list[str]) -> str:
    return "\n".join(f"{n}. {item}" for n, item in enumerate(items, start=1))


def local_day(moment: datetime | None, zone_name: str) -> date | None:
    """The day of ``moment`` in the zone called ``zone_name`` (UTC when unknown)."""
    if moment is None:
        return None
    try:
        zone = ZoneInfo(zone_name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return moment.astimezone(zone).date()


def postmortem_document(postmortem: Postmortem) -> PostmortemDoc:
    incident = postmortem.incident
    facilitator = postmortem.facilitator
    followup = postmortem.followups.order_by("scheduled_for").first()
    return PostmortemDoc(
        title=incident.title,
        incident_date=local_day(incident.started_at, incident.timezone),  # the day where it happened
        facilitator=(facilitator.get_full_name() or facilitator.username) if facilitator else "",
        participants=[Participant(p.name, p.role, p.involved) for p in postmortem.participants.all()],
        severity=incident.severity.label,
        started=incident.started_at, detected=incident.detected_at, mitigated=incident.mitigated_at,
        resolved=incident.resolved_at, timezone=incident.timezone,
        executive_summary=postmortem.executive_summary,
        timeline=[TimelineRow(time=e.time, event=e.event, information_available=e.information_available,
                              decision_action=e.decision_action, source=e.source, kind=e.kind,
                              key_decision=e.key_decision, wrong_assumption=e.wrong_assumption)
                  for e in incident.timeline.filter(hidden=False).order_by("time", "id")],
        factors=[Factor(f.category.key, f.role, f.description)
                 for f in postmortem.factors.select_related("category")],
        categories=[(c.key, c.label) for c in FactorCategory.objects.all()],
        what_went_well=postmortem.what_went_well, what_went_wrong=postmortem.what_went_wrong,
        what_was_confusing=postmortem.what_was_confusing, where_we_got_lucky=postmortem.where_we_got_lucky,
        key_learnings=learnings_list(postmortem.key_learnings),
        actions=[ActionRow(a.action, a.owner, a.due_date, a.success_metric, a.priority, a.status)
                 for a in postmortem.actions.all()],
        follow_up=FollowUp(followup.scheduled_for, followup.focus) if followup else FollowUp(),
        services=[s.name for s in incident.services.all()], tags=[t.name for t in incident.tags.all()],
        impact=incident.customer_impact,
    )
