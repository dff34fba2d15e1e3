from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hotwash.core.document.model import (
    ActionRow,
    Factor,
    FollowUp,
    Participant,
    PostmortemDoc,
    TimelineRow,
)

BERLIN = ZoneInfo("Europe/Berlin")


def at(hour: int, minute: int, day: int = 1) -> datetime:
    return datetime(2024, 8, day, hour, minute, tzinfo=BERLIN)


def build_sample_doc() -> PostmortemDoc:
    return PostmortemDoc(
        title="Checkout errors after the 14:20 release",
        incident_date=date(2024, 8, 1),
        facilitator="Priya Raman",
        participants=[
            Participant("Priya Raman", "facilitator"),
            Participant("Alex Chen", "on-call SRE", involved=True),
            Participant("Sam Okafor", "payments", involved=True),
            Participant("Jordan Blake"),
        ],
        severity="High",
        duration=timedelta(hours=1, minutes=5),
        started=at(14, 20),
        detected=at(14, 23),
        mitigated=at(14, 50),
        resolved=at(15, 25),
        timezone="Europe/Berlin",
        executive_summary=(
            "A configuration change shipped with the 14:20 release made the payment client time out.\n"
            "Checkout failed for 15% of customers for an hour; rolling back restored service."
        ),
        impact="About 1,200 failed checkouts; no data loss.",
        timeline=[
            TimelineRow(at(14, 23), "Alert fired for high error rate", "Error rate at 15%",
                        "Team began investigation", source="alertmanager", kind="alert"),
            TimelineRow(at(14, 25), "Checked recent deployments", "Release went out at 14:20",
                        "Suspected new deployment", source="slack", kind="chat", key_decision=True),
            TimelineRow(at(14, 31), "Rolled back the web tier | only the web tier",
                        "Dashboards still showed errors\nfrom the API tier", "Kept the API release",
                        wrong_assumption=True),
            TimelineRow(at(14, 50), "Rolled back the API tier", "", "Error rate dropped to 0.2%",
                        source="github", kind="deploy", key_decision=True),
        ],
        factors=[
            Factor("technical", "trigger", "Payment client timeout lowered from 30s to 3s in the release"),
            Factor("technical", "enabling", "No canary stage for configuration changes"),
            Factor("process", "enabling", "Deployment checklist does not cover configuration diffs"),
            Factor("communication", "enabling", "The config change was announced in a channel on-call does not read"),
        ],
        what_went_well="- Alert fired within 3 minutes\n- Rollback took 4 minutes once decided",
        what_went_wrong="- The first rollback missed the API tier",
        what_was_confusing="- Two dashboards showed different error rates",
        where_we_got_lucky="- The incident happened outside the evening peak",
        key_learnings=[
            "Configuration changes carry as much risk as code changes",
            "Rollback runbooks must name every tier",
        ],
        actions=[
            ActionRow("Implement better monitoring for payment timeouts", "Team A", date(2024, 8, 15),
                      "Alert fires within 30 seconds", priority="p1", status="in_progress"),
            ActionRow("Update deployment checklist", "Team B", date(2024, 8, 10), "Zero missed checklist items"),
        ],
        follow_up=FollowUp(date(2024, 8, 29),
                           "Review action item progress and measure improvement effectiveness"),
        services=["checkout", "payments-api"],
        tags=["config", "rollback"],
    )


@pytest.fixture
def sample_doc() -> PostmortemDoc:
    return build_sample_doc()
