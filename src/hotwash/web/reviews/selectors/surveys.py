"""Survey results: shown only once enough people answered; per team and month over time."""

from __future__ import annotations

from hotwash.core.survey import MIN_RESPONSES, Summary, SurveyAnswer, aggregate, aggregate_by_month
from hotwash.web.reviews.models import Review, SurveyResponse
from hotwash.web.reviews.models import SurveyAnswer as AnswerRow


def _core(row: AnswerRow) -> SurveyAnswer:
    return SurveyAnswer(scores=row.scores(), comment=row.comment, day=row.day)


def survey_summary(review: Review) -> Summary | None:
    """Per-question means and the comments, or None below three answers."""
    return aggregate([_core(a) for a in AnswerRow.objects.filter(review=review)], MIN_RESPONSES)


def survey_count(review: Review) -> int:
    return AnswerRow.objects.filter(review=review).count()


def has_answered(review: Review, user_id: int) -> bool:
    return SurveyResponse.objects.filter(review=review, user_id=user_id).exists()


def survey_teams() -> list[str]:
    names = (Review.objects.exclude(team="").filter(survey_answers__isnull=False)
             .values_list("team", flat=True).distinct())
    return sorted(set(names), key=str.casefold)


def team_trend(team: str) -> dict[str, Summary | None]:
    """Month (``2026-03``) -> summary of that team's answers, None for months with fewer than three."""
    rows = AnswerRow.objects.filter(review__team=team).only("day", "blameless", "voice", "time", "comment")
    return aggregate_by_month([_core(a) for a in rows], MIN_RESPONSES)
