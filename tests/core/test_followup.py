from __future__ import annotations

from datetime import date

import pytest

from hotwash.core.followup import (
    Effectiveness,
    FollowupStage,
    followup_state,
    plan_followups,
    summarize_verdicts,
    verdict_reopens,
)

PUBLISHED = date(2026, 11, 2)


def test_publishing_schedules_three_reviews_in_order() -> None:
    plans = plan_followups(PUBLISHED)
    assert [p.stage for p in plans] == [FollowupStage.IMMEDIATE, FollowupStage.SHORT_TERM,
                                        FollowupStage.LONG_TERM]
    assert [p.due for p in plans] == [date(2026, 11, 9), date(2026, 11, 23), date(2027, 1, 11)]


def test_the_reviews_fall_within_the_windows_of_the_practice() -> None:
    immediate, short, long = plan_followups(PUBLISHED)
    assert (immediate.due - PUBLISHED).days <= 7
    assert 14 <= (short.due - PUBLISHED).days <= 28
    assert 60 <= (long.due - PUBLISHED).days <= 92


def test_the_first_review_checks_publication_backlog_leadership_and_related_teams() -> None:
    checklist = " ".join(plan_followups(PUBLISHED)[0].checklist).lower()
    for words in ("document publication", "backlog", "brief leadership", "related team"):
        assert words in checklist


def test_the_second_review_checks_progress_effectiveness_insights_and_process() -> None:
    checklist = " ".join(plan_followups(PUBLISHED)[1].checklist).lower()
    for words in ("progress", "effectiveness", "new learnings", "process refinement"):
        assert words in checklist


def test_the_third_review_checks_impact_patterns_sharing_and_runbooks() -> None:
    checklist = " ".join(plan_followups(PUBLISHED)[2].checklist).lower()
    for words in ("impact", "pattern", "knowledge sharing", "runbooks"):
        assert words in checklist


def test_each_plan_gets_its_own_checklist_list() -> None:
    first, second = plan_followups(PUBLISHED), plan_followups(PUBLISHED)
    first[0].checklist.append("extra")
    assert "extra" not in second[0].checklist
    assert len(second[0].checklist) == 4


def test_only_did_not_reopens_the_question() -> None:
    assert verdict_reopens("did_not")
    assert not verdict_reopens(Effectiveness.WORKED)
    assert not verdict_reopens(Effectiveness.PARTLY)
    with pytest.raises(ValueError):
        verdict_reopens("maybe")


def test_verdicts_have_readable_labels() -> None:
    assert [e.label for e in Effectiveness] == ["Worked", "Partly worked", "Did not work"]


def test_verdicts_are_summarised_with_unjudged_items_counted() -> None:
    summary = summarize_verdicts(["worked", Effectiveness.WORKED, "partly", "did_not", None, ""])
    assert (summary.worked, summary.partly, summary.did_not, summary.unjudged) == (2, 1, 1, 2)
    assert summary.judged == 4


@pytest.mark.parametrize(("today", "completed", "state"), [
    (date(2026, 11, 1), None, "scheduled"),
    (date(2026, 11, 6), None, "due"),
    (date(2026, 11, 9), None, "due"),
    (date(2026, 11, 10), None, "overdue"),
    (date(2026, 11, 10), date(2026, 11, 8), "done"),
])
def test_followup_state(today: date, completed: date | None, state: str) -> None:
    assert followup_state(date(2026, 11, 9), completed, today) == state
