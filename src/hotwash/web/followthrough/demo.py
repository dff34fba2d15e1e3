"""Demo data for follow-through: an earlier related incident with open and overdue items, reviews, a verdict."""

from __future__ import annotations

from datetime import datetime, timedelta
from datetime import timezone as dt_timezone
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from hotwash.web.actions.services import action_item_add, action_item_update
from hotwash.web.followthrough.services import followups_schedule, verdict_record
from hotwash.web.incidents.models import Incident
from hotwash.web.incidents.services import incident_create

EARLIER_TITLE = "Payment retries exhausted the payments-db connection limit"


def load_followthrough_demo(incident: Incident) -> None:
    """Once: an earlier incident on payments-db whose items are still open (one overdue), its three follow-up
    reviews with a recorded verdict, and owner accounts on the main incident's items (for reminders)."""
    if Incident.objects.filter(title=EARLIER_TITLE).exists():
        return
    User = get_user_model()
    demo, marco = User.objects.get(username="demo"), User.objects.filter(username="marco").first()
    today = timezone.localdate()
    t0 = datetime.combine(today - timedelta(days=60), datetime.min.time(), tzinfo=dt_timezone.utc)
    earlier = incident_create(user=demo, title=EARLIER_TITLE, severity="medium", status="resolved", started_at=t0,
                              detected_at=t0 + timedelta(minutes=6), mitigated_at=t0 + timedelta(minutes=25),
                              resolved_at=t0 + timedelta(minutes=40), services=["payments-db"], tags=["database"])
    pm = earlier.postmortem
    items: list[Any] = [
        action_item_add(postmortem=pm, action="Add a per-service connection quota to payments-db",
                        owner="", owner_user=marco, due_date=today - timedelta(days=9),
                        success_metric="No service can hold more than 150 connections", impact=3, effort=2),
        action_item_add(postmortem=pm, action="Add a dashboard of connections against the limit per database",
                        owner="SRE", due_date=today + timedelta(days=2),
                        success_metric="On-call finds saturation within 2 minutes in a game day", impact=2, effort=1),
        action_item_add(postmortem=pm, action="Cap payment retries with exponential backoff",
                        owner="Payments team", due_date=today - timedelta(days=20),
                        success_metric="Retry storms stay under 2× normal traffic", impact=3, effort=1),
    ]
    action_item_update(item=items[2], data={"status": "done"})
    reviews = followups_schedule(postmortem=pm, published_on=today - timedelta(days=45))
    verdict_record(action=items[2], verdict="partly", review=reviews[1], user=demo,
                   evidence_url="https://grafana.example/d/payments-retries",
                   note="Retries stayed under 3× normal in the last load test; the 2× goal was not met.")
    for item in incident.postmortem.actions.filter(owner="SRE"):
        action_item_update(item=item, data={"owner_user": marco})
