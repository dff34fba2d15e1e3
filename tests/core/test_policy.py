from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotwash.core.errors import ValidationError
from hotwash.core.model import Priority, SeverityLevel
from hotwash.core.policy import (
    Deadline,
    DueDatePolicy,
    IncidentFacts,
    ReviewPolicy,
    add_business_days,
)

POLICY = ReviewPolicy()
FRIDAY = date(2026, 11, 20)
MONDAY = date(2026, 11, 23)


def test_an_escalated_incident_needs_a_formal_postmortem() -> None:
    decision = POLICY.review_kind(IncidentFacts(severity="low", escalated=True, duration=timedelta(minutes=5)))
    assert decision.kind == "formal"
    assert decision.reasons == ("the incident was escalated",)


def test_an_incident_longer_than_thirty_minutes_needs_a_formal_postmortem() -> None:
    decision = POLICY.review_kind(IncidentFacts(severity="low", duration=timedelta(minutes=31)))
    assert decision.kind == "formal"
    assert "31m" in decision.reasons[0] and "30m" in decision.reasons[0]


def test_exactly_thirty_minutes_is_not_longer_than_thirty() -> None:
    decision = POLICY.review_kind(IncidentFacts(severity="low", duration=timedelta(minutes=30)))
    assert decision.kind == "short_note"


def test_high_severity_is_at_or_above_the_default_threshold() -> None:
    decision = POLICY.review_kind(IncidentFacts(severity="high", duration=timedelta(minutes=3)))
    assert decision.kind == "formal"
    assert decision.reasons == ("severity High is at or above High",)


def test_critical_counts_too_and_all_reasons_are_listed() -> None:
    decision = POLICY.review_kind(IncidentFacts(severity="critical", escalated=True,
                                                duration=timedelta(hours=2)))
    assert decision.kind == "formal"
    assert len(decision.reasons) == 3


def test_a_short_low_severity_incident_gets_a_short_note_with_reasons() -> None:
    decision = POLICY.review_kind(IncidentFacts(severity="medium", duration=timedelta(minutes=10),
                                                near_miss=True))
    assert decision.kind == "short_note"
    assert decision.reasons[0] == "a near miss"
    assert "severity Medium is below High" in decision.reasons


def test_unknown_duration_and_severity_do_not_make_a_review_formal() -> None:
    decision = POLICY.review_kind(IncidentFacts())
    assert decision.kind == "short_note"
    assert "duration unknown" in decision.reasons and "no severity set" in decision.reasons


def test_the_severity_threshold_is_configurable() -> None:
    policy = ReviewPolicy.from_mapping({"formal_min_severity": "medium"})
    assert policy.review_kind(IncidentFacts(severity="medium")).kind == "formal"


def test_criteria_can_be_switched_off() -> None:
    policy = ReviewPolicy.from_mapping({"formal_if_escalated": False, "formal_after_minutes": None,
                                        "formal_min_severity": None})
    facts = IncidentFacts(severity="critical", escalated=True, duration=timedelta(hours=9))
    assert policy.review_kind(facts).kind == "short_note"


def test_an_unknown_severity_in_the_facts_is_a_validation_error() -> None:
    with pytest.raises(ValidationError) as err:
        POLICY.review_kind(IncidentFacts(severity="sev0"))
    assert err.value.field == "severity"


def test_critical_meeting_is_due_three_calendar_days_after_resolution() -> None:
    resolved = datetime(2026, 11, 20, 23, 0, tzinfo=UTC)  # a Friday
    assert POLICY.meeting_due(resolved, "critical") == date(2026, 11, 23)


def test_high_meeting_is_due_five_business_days_later_skipping_the_weekend() -> None:
    assert POLICY.meeting_due(FRIDAY, "high") == date(2026, 11, 27)


def test_medium_meeting_is_due_ten_business_days_later() -> None:
    assert POLICY.meeting_due(MONDAY, "medium") == date(2026, 12, 7)


def test_low_severity_and_unset_severity_have_no_meeting_deadline() -> None:
    assert POLICY.meeting_due(FRIDAY, "low") is None
    assert POLICY.meeting_due(FRIDAY, None) is None


def test_a_meeting_is_overdue_only_after_its_due_day() -> None:
    assert not POLICY.meeting_overdue(FRIDAY, "high", date(2026, 11, 27))
    assert POLICY.meeting_overdue(FRIDAY, "high", date(2026, 11, 28))


def test_business_days_from_a_saturday_start_on_monday() -> None:
    assert add_business_days(date(2026, 11, 21), 1) == MONDAY
    assert add_business_days(FRIDAY, 0) == FRIDAY


@pytest.mark.parametrize(("value", "expected"), [
    ("3 days", Deadline(3)),
    ("5 business days", Deadline(5, business=True)),
    ("5bd", Deadline(5, business=True)),
    (2, Deadline(2)),
    ({"days": 4, "business": True}, Deadline(4, business=True)),
    (None, None),
])
def test_meeting_deadlines_are_read_from_several_spellings(value: object, expected: Deadline | None) -> None:
    policy = ReviewPolicy.from_mapping({"meeting_deadlines": {"high": value}})
    assert policy.meeting_deadlines["high"] == expected
    assert policy.meeting_deadlines["critical"] == Deadline(3)


@pytest.mark.parametrize(("data", "field"), [
    ({"formal_after_minutes": "thirty"}, "formal_after_minutes"),
    ({"formal_after_minutes": -1}, "formal_after_minutes"),
    ({"formal_if_escalated": "yes"}, "formal_if_escalated"),
    ({"formal_min_severity": "sev1"}, "formal_min_severity"),
    ({"meeting_deadlines": {"high": "soon"}}, "meeting_deadlines.high"),
    ({"meeting_deadlines": {"urgent": 3}}, "meeting_deadlines.urgent"),
    ({"meeting_deadlines": {"high": {"days": -2}}}, "meeting_deadlines.high.days"),
    ({"meeting_deadlines": []}, "meeting_deadlines"),
    ({"deadline": 3}, "deadline"),
])
def test_invalid_review_settings_name_the_key(data: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as err:
        ReviewPolicy.from_mapping(data)
    assert err.value.field == field


def test_custom_severity_levels_are_supported() -> None:
    levels = (SeverityLevel("sev1", "SEV1", "", 1), SeverityLevel("sev2", "SEV2", "", 2))
    policy = ReviewPolicy.from_mapping({"formal_min_severity": "sev1",
                                        "meeting_deadlines": {"sev1": "2 days"}}, severities=levels)
    assert policy.review_kind(IncidentFacts(severity="sev2")).kind == "short_note"
    assert policy.meeting_due(FRIDAY, "sev1") == date(2026, 11, 22)
    assert policy.meeting_due(FRIDAY, "sev2") is None


DUE = DueDatePolicy()


def test_a_p1_action_on_a_critical_incident_is_due_in_seven_days() -> None:
    assert DUE.default_due(Priority.P1, "critical", MONDAY) == MONDAY + timedelta(days=7)


@pytest.mark.parametrize(("priority", "days"), [("p1", 7), ("p2", 14), ("p3", 30), ("p4", 60)])
def test_default_days_by_priority_for_medium_incidents(priority: str, days: int) -> None:
    assert DUE.days_for(priority, "medium") == days


def test_critical_and_high_incidents_get_shorter_deadlines_than_medium() -> None:
    for priority in ("p2", "p3", "p4"):
        assert DUE.days_for(priority, "critical") < DUE.days_for(priority, "high") < DUE.days_for(priority, "medium")


def test_no_severity_uses_the_default_row() -> None:
    assert DUE.days_for("p3", None) == 30


def test_a_due_date_on_a_weekend_moves_to_monday() -> None:
    # 2026-11-23 (Mon) + 12 days = Saturday 2026-12-05 -> Monday 2026-12-07
    assert DUE.default_due("p2", "high", MONDAY) == date(2026, 12, 7)
    assert DueDatePolicy.from_mapping({"skip_weekends": False}).default_due("p2", "high", MONDAY) == date(2026, 12, 5)


def test_one_number_can_be_overridden_alone() -> None:
    policy = DueDatePolicy.from_mapping({"days": {"critical": {"P2": 5}}})
    assert policy.days_for("p2", "critical") == 5
    assert policy.days_for("p3", "critical") == 21


@pytest.mark.parametrize(("data", "field"), [
    ({"days": {"critical": {"p9": 5}}}, "days.critical.p9"),
    ({"days": {"critical": {"p1": 0}}}, "days.critical.p1"),
    ({"days": {"urgent": {"p1": 3}}}, "days.urgent"),
    ({"days": {"high": 3}}, "days.high"),
    ({"skip_weekends": "no"}, "skip_weekends"),
    ({"weekends": True}, "weekends"),
])
def test_invalid_due_date_settings_name_the_key(data: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as err:
        DueDatePolicy.from_mapping(data)
    assert err.value.field == field


def test_an_unknown_priority_is_a_validation_error() -> None:
    with pytest.raises(ValidationError):
        DUE.default_due("urgent", "high", MONDAY)


def test_a_custom_scale_without_high_defaults_to_its_second_most_severe_level() -> None:
    levels = (SeverityLevel("sev2", "SEV2", "", 2), SeverityLevel("sev1", "SEV1", "", 1),
              SeverityLevel("sev3", "SEV3", "", 3))
    policy = ReviewPolicy.from_mapping({}, severities=levels)
    assert policy.formal_min_severity == "sev2"
    assert policy.review_kind(IncidentFacts(severity="sev3")).kind == "short_note"


@given(start=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 1, 1)), n=st.integers(0, 60))
def test_business_days_land_on_a_weekday_with_exactly_n_weekdays_in_between(start: date, n: int) -> None:
    end = add_business_days(start, n)
    weekdays = sum(1 for i in range(1, (end - start).days + 1) if (start + timedelta(days=i)).weekday() < 5)
    assert weekdays == n
    if n:
        assert end.weekday() < 5
