from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from hotwash.core.errors import ValidationError
from hotwash.core.survey import (
    QUESTIONS,
    SurveyAnswer,
    aggregate,
    aggregate_by_month,
    answer_day,
    validate_answer,
)


def answer(blameless: int, voice: int = 4, time: int = 4, comment: str = "", day: date | None = None
           ) -> SurveyAnswer:
    return SurveyAnswer({"blameless": blameless, "voice": voice, "time": time}, comment, day)


def test_the_three_questions_of_the_practice() -> None:
    assert [q.text for q in QUESTIONS] == ["Did this review feel blameless?",
                                           "Could you say everything you wanted to?",
                                           "Was the time well used?"]


def test_an_answer_has_no_field_for_who_or_when_beyond_the_day() -> None:
    names = {f.name for f in dataclasses.fields(SurveyAnswer)}
    assert names == {"scores", "comment", "day"}


def test_results_are_hidden_below_three_responses() -> None:
    assert aggregate([answer(5), answer(4)]) is None


def test_three_responses_show_means_distributions_and_comments() -> None:
    summary = aggregate([answer(5, comment="Felt safe"), answer(4), answer(2, voice=3, comment="Rushed end")])
    assert summary is not None
    assert summary.responses == 3
    assert summary.mean("blameless") == pytest.approx(11 / 3)
    assert summary.mean("voice") == pytest.approx(11 / 3)
    assert (summary.questions[0].mean_text(), summary.questions[0].rounded(2)) == ("3.7", 3.67)
    blameless = summary.questions[0]
    assert blameless.distribution == (0, 1, 0, 1, 1)
    assert summary.comments == ("Felt safe", "Rushed end")


def test_comments_are_sorted_so_their_order_reveals_nothing() -> None:
    summary = aggregate([answer(3, comment="zeta"), answer(3, comment="alpha"), answer(3, comment=" ")])
    assert summary is not None and summary.comments == ("alpha", "zeta")


def test_a_skipped_question_is_left_out_of_its_mean() -> None:
    answers = [SurveyAnswer({"blameless": 5}), SurveyAnswer({"blameless": 3}), SurveyAnswer({}, "only words")]
    summary = aggregate(answers)
    assert summary is not None
    assert summary.mean("blameless") == 4.0
    assert summary.questions[0].responses == 2
    assert summary.mean("time") is None


def test_the_threshold_is_configurable_but_at_least_one() -> None:
    assert aggregate([answer(5)], min_responses=1) is not None
    with pytest.raises(ValidationError):
        aggregate([answer(5)], min_responses=0)


def test_asking_for_an_unknown_question_mean_is_an_error() -> None:
    summary = aggregate([answer(1)] * 3)
    assert summary is not None
    with pytest.raises(ValidationError):
        summary.mean("coffee")


def test_answer_day_keeps_only_the_day() -> None:
    now = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)
    assert answer_day(now) == date(2026, 11, 20)
    assert answer_day(now, timezone(timedelta(hours=2))) == date(2026, 11, 21)


def test_valid_scores_are_accepted_including_form_strings() -> None:
    assert validate_answer({"blameless": "5", "voice": 1, "time": ""}) == {"blameless": 5, "voice": 1}


@pytest.mark.parametrize(("scores", "field"), [
    ({"blameless": 6}, "blameless"),
    ({"voice": 0}, "voice"),
    ({"time": "great"}, "time"),
    ({"time": True}, "time"),
    ({"mood": 3}, "mood"),
    ({}, "scores"),
])
def test_invalid_answers_name_the_question(scores: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as err:
        validate_answer(scores)
    assert err.value.field == field


def test_a_comment_alone_is_a_valid_answer() -> None:
    assert validate_answer({}, "The timeline helped") == {}


def test_results_are_aggregated_per_month_with_small_months_hidden() -> None:
    answers = [answer(5, day=date(2026, 10, d)) for d in (1, 2, 3)] + [answer(2, day=date(2026, 11, 4)),
                                                                       answer(2, day=None)]
    by_month = aggregate_by_month(answers)
    assert list(by_month) == ["2026-10", "2026-11"]
    october = by_month["2026-10"]
    assert october is not None and october.mean("blameless") == 5.0
    assert by_month["2026-11"] is None


def test_a_mean_is_rounded_once_from_the_scores_not_from_an_already_rounded_mean() -> None:
    # 50 / 13 = 3.846…: one rounding gives 3.8; rounding 3.85 (two decimals) again would give 3.9.
    summary = aggregate([answer(4)] * 11 + [answer(3)] * 2)
    assert summary is not None
    blameless = summary.questions[0]
    assert (blameless.total, blameless.responses) == (50, 13)
    assert blameless.mean_text() == "3.8"
    assert blameless.rounded(2) == 3.85


def test_halves_round_up_exactly_even_where_binary_floats_would_not() -> None:
    # 107 / 40 = 2.675, which round(…, 2) on a float makes 2.67; 9 / 4 = 2.25 shows as 2.3.
    assert aggregate([answer(3)] * 27 + [answer(2)] * 13, min_responses=1).questions[0].rounded(2) == 2.68
    quarter = aggregate([answer(2)] * 3 + [answer(3)], min_responses=1).questions[0]
    assert (quarter.mean_text(), quarter.mean_text(0), quarter.mean) == ("2.3", "2", 2.25)


def test_a_question_nobody_answered_has_no_mean_to_show() -> None:
    summary = aggregate([SurveyAnswer({"blameless": 5})] * 3)
    assert summary is not None
    time = summary.questions[2]
    assert (time.mean, time.rounded(2), time.mean_text()) == (None, None, "")
