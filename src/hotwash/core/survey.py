"""The anonymous survey after a review: did it feel blameless?

Anonymous by construction: an answer carries scores, free text and the day only (no user id, no
time finer than the day), and results are shown only once ``min_responses`` people answered.
Free-text comments are returned sorted, so their order does not reveal who answered when.

Means are kept exact (the sum and the count of the scores) and rounded once, half up, where they are
shown: :meth:`QuestionSummary.mean_text` for a page (one decimal), :meth:`QuestionSummary.rounded` for the
API (two). Rounding an already rounded mean again can move it (3.846 → 3.85 → 3.9 instead of 3.8).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from decimal import Decimal

from hotwash.core.errors import ValidationError

MIN_RESPONSES = 3
SCALE = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    low: str
    high: str


QUESTIONS: tuple[Question, ...] = (
    Question("blameless", "Did this review feel blameless?", "Not at all", "Completely"),
    Question("voice", "Could you say everything you wanted to?", "Not at all", "Everything"),
    Question("time", "Was the time well used?", "Wasted", "Very well used"),
)
_KEYS = tuple(q.key for q in QUESTIONS)


@dataclass(frozen=True)
class SurveyAnswer:
    """One anonymous answer. ``scores`` maps question keys to 1–5; a question may be skipped."""

    scores: Mapping[str, int]
    comment: str = ""
    day: date | None = None


def validate_answer(scores: Mapping[str, object], comment: str = "") -> dict[str, int]:
    """Checked scores (keys known, values 1–5), or ValidationError naming the question."""
    clean: dict[str, int] = {}
    for key, value in scores.items():
        if key not in _KEYS:
            raise ValidationError("unknown question", field=key)
        if value is None or value == "":
            continue
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValidationError("answer 1 to 5", field=key)
        try:
            number = int(value)
        except ValueError:
            raise ValidationError("answer 1 to 5", field=key) from None
        if number not in SCALE:
            raise ValidationError("answer 1 to 5", field=key)
        clean[key] = number
    if not clean and not comment.strip():
        raise ValidationError("answer at least one question or leave a comment", field="scores")
    if len(comment) > 5000:
        raise ValidationError("keep the comment under 5000 characters", field="comment")
    return clean


def answer_day(now: datetime, tz: tzinfo | None = None) -> date:
    """The only time stored with an answer: the day (in ``tz`` when given, else ``now``'s zone)."""
    return (now.astimezone(tz) if tz is not None else now).date()


@dataclass(frozen=True)
class QuestionSummary:
    question: Question
    responses: int
    total: int  # the sum of the scores: the mean is exactly total / responses
    distribution: tuple[int, ...]  # counts for 1..5

    @property
    def mean(self) -> float | None:
        """The unrounded mean, None when nobody answered the question."""
        return self.total / self.responses if self.responses else None

    def _exact(self, places: int) -> Decimal | None:
        """total / responses rounded half up to ``places`` decimals, in exact integer arithmetic."""
        if places < 0:
            raise ValidationError("cannot be negative", field="places")
        if not self.responses:
            return None
        quotient, remainder = divmod(self.total * 10 ** places, self.responses)
        if 2 * remainder >= self.responses:
            quotient += 1
        return Decimal(quotient).scaleb(-places)

    def rounded(self, places: int = 2) -> float | None:
        """The mean rounded once (half up) from the exact scores, e.g. for the API."""
        value = self._exact(places)
        return float(value) if value is not None else None

    def mean_text(self, places: int = 1) -> str:
        """The mean as shown on a page (``"3.8"``), rounded once, half up; empty when nobody answered."""
        value = self._exact(places)
        return "" if value is None else f"{value:.{places}f}"


@dataclass(frozen=True)
class Summary:
    responses: int
    questions: tuple[QuestionSummary, ...]
    comments: tuple[str, ...]

    def mean(self, key: str) -> float | None:
        for q in self.questions:
            if q.question.key == key:
                return q.mean
        raise ValidationError("unknown question", field=key)


def aggregate(answers: Sequence[SurveyAnswer], min_responses: int = MIN_RESPONSES) -> Summary | None:
    """Per-question means and distributions, or None while fewer than ``min_responses`` answered."""
    if min_responses < 1:
        raise ValidationError("must be at least 1", field="min_responses")
    if len(answers) < min_responses:
        return None
    per_question: list[QuestionSummary] = []
    for question in QUESTIONS:
        values = [a.scores[question.key] for a in answers if question.key in a.scores]
        counts = tuple(values.count(v) for v in SCALE)
        per_question.append(QuestionSummary(question, len(values), sum(values), counts))
    comments = tuple(sorted(a.comment.strip() for a in answers if a.comment.strip()))
    return Summary(len(answers), tuple(per_question), comments)


def aggregate_by_month(answers: Sequence[SurveyAnswer],
                       min_responses: int = MIN_RESPONSES) -> dict[str, Summary | None]:
    """Summaries per calendar month (``"2026-11"``), oldest first, for a team's trend over time.

    Months with too few answers map to None. Answers without a day are left out.
    """
    groups: dict[str, list[SurveyAnswer]] = defaultdict(list)
    for answer in answers:
        if answer.day is not None:
            groups[f"{answer.day.year:04d}-{answer.day.month:02d}"].append(answer)
    return {month: aggregate(groups[month], min_responses) for month in sorted(groups)}
