"""Building published postmortems for the library tests, through the services."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hotwash.web.actions.services import action_item_add
from hotwash.web.incidents.services import incident_create
from hotwash.web.postmortems import analysis_services
from hotwash.web.postmortems.services import (
    participant_add,
    postmortem_section_update,
    postmortem_status_set,
)
from hotwash.web.timeline.services import timeline_entry_add

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SECTIONS = ("executive_summary", "what_went_well", "what_went_wrong", "what_was_confusing",
            "where_we_got_lucky", "key_learnings")


def write(incident, user, *, summary: str, details: str = "The runbook helped.", factor: str = "",
          event: str = "", actions: tuple[tuple[str, str], ...] = ()):  # type: ignore[no-untyped-def]
    pm = incident.postmortem
    for key in SECTIONS:
        text = summary if key == "executive_summary" else f"{details} ({key.replace('_', ' ')})"
        postmortem_section_update(postmortem=pm, section=key, text=text, base_version=0, user=user)
    timeline_entry_add(incident=incident, user=user, time=incident.started_at + timedelta(minutes=1),
                       event=event or f"Alert fired for {incident.title}")
    analysis_services.factor_add(postmortem=pm, category="technical", role="trigger",
                                 description=factor or f"A change to {incident.title.lower()}")
    for text, status in actions or (("Add a check that runs before every rollout", "open"),):
        item = action_item_add(postmortem=pm, action=text, owner="platform team",
                               due_date=date(2026, 6, 1), success_metric="No repeat within a quarter")
        if status != "open":
            from hotwash.web.actions.services import action_item_update

            action_item_update(item=item, data={"status": status, "wont_do_reason": "superseded"},
                               base_version=item.version)
    return pm


def published(user, title: str, *, summary: str, services=("edge",), tags=(), minutes: int = 0,  # type: ignore[no-untyped-def]
              participants=(), timezone_name: str = "UTC", **kwargs):
    """A published postmortem; ``participants``: (name, role, user, consent_to_name) tuples."""
    start = T0 - timedelta(days=400) + timedelta(minutes=minutes)
    incident = incident_create(user=user, title=title, severity="high", started_at=start, timezone_name=timezone_name,
                               detected_at=start + timedelta(minutes=3), mitigated_at=start + timedelta(minutes=20),
                               resolved_at=start + timedelta(minutes=40), services=list(services), tags=list(tags))
    pm = write(incident, user, summary=summary, **kwargs)
    for name, role, who, consent in participants:
        participant_add(postmortem=pm, name=name, role=role, user=who, consent_to_name=consent)
    postmortem_status_set(postmortem=pm, status="in_review", user=user)
    postmortem_status_set(postmortem=pm, status="published", user=user)
    incident.refresh_from_db()
    return incident
