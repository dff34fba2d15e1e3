from __future__ import annotations

from datetime import date

import pytest

from hotwash.core.actions import ActionCheck, action_findings, action_warnings, weak_action
from hotwash.core.model import Priority, priority_from

WEAK = [
    "Be more careful when editing the load balancer config",
    "Engineers should take more care with migrations",
    "Retrain the on-call team on the failover runbook",
    "Schedule refresher training for operators",
    "Remind people to check the dashboard before deploys",
    "Send a reminder about the change freeze",
    "Double-check the DNS records by hand before each release",
    "Manually verify the backup before rotation",
    "Pay more attention to disk usage warnings",
    "Communicate better during incidents",
    "Improve communication between the teams",
    "Be vigilant about certificate expiry",
    "Make sure to follow the release checklist",
    "Follow the existing runbook",
]

STRONG = [
    "Add an alert when certificate expiry is under 14 days",
    "Automate the DNS record comparison in the release pipeline",
    "Block deploys when the migration lacks a down step",
    "Retrain the anomaly model on the last 90 days of traffic",
    "Add a status page update step to the incident channel bot",
    "Make the failover script idempotent",
    "Move the load balancer config into version control with review",
]


@pytest.mark.parametrize("text", WEAK)
def test_weak_actions_are_explained_and_point_to_a_system_change(text: str) -> None:
    why = weak_action(text)
    assert why is not None
    assert "Prefer" in why
    assert "system" in why


@pytest.mark.parametrize("text", STRONG)
def test_system_changes_are_not_weak(text: str) -> None:
    assert weak_action(text) is None


def test_the_explanation_quotes_the_weak_phrase() -> None:
    why = weak_action("Everyone must be more careful")
    assert why is not None and "“be more careful”" in why


def test_a_weak_phrase_next_to_a_concrete_mechanism_is_accepted() -> None:
    assert weak_action("Add an alert so on-call can pay attention to queue depth") is None


def _good(title: str = "Add an alert on queue depth") -> ActionCheck:
    return ActionCheck(title, owner="Team Payments", due=date(2026, 12, 1), success_metric="Alert within 1 min")


def test_a_complete_short_list_has_no_warnings() -> None:
    assert action_warnings([_good(), _good("Automate the failover")]) == []


def test_more_than_five_actions_warns_that_the_practice_keeps_the_top_three_to_five() -> None:
    warnings = action_warnings([_good() for _ in range(6)])
    assert len(warnings) == 1
    assert "6 action items" in warnings[0] and "top 3–5" in warnings[0]


def test_five_actions_are_fine() -> None:
    assert action_warnings([_good() for _ in range(5)]) == []


def test_missing_owner_date_and_metric_are_each_reported_for_the_right_item() -> None:
    findings = action_findings([_good(), ActionCheck("Add a canary stage")])
    assert [(f.code, f.index) for f in findings] == [("no_owner", 2), ("no_due", 2), ("no_metric", 2)]
    assert all("Action 2" in f.message for f in findings)


def test_a_blank_owner_counts_as_missing() -> None:
    findings = action_findings([ActionCheck("Add a canary stage", owner="  ", due=date(2026, 1, 1),
                                            success_metric="x")])
    assert [f.code for f in findings] == ["no_owner"]


def test_weak_items_appear_among_the_warnings() -> None:
    item = ActionCheck("Be more careful", owner="Ops", due=date(2026, 1, 1), success_metric="fewer errors")
    findings = action_findings([item])
    assert [f.code for f in findings] == ["weak"]


def test_long_titles_are_shortened_in_messages() -> None:
    findings = action_findings([ActionCheck("Add " + "x" * 100)])
    assert "…" in findings[0].message
    assert len(findings[0].message) < 140


def test_priority_is_reused_from_the_model() -> None:
    assert priority_from(3, 1) is Priority.P1
    assert priority_from(1, 3) is Priority.P4
