"""Participants' input: private accounts (shared to the timeline only by their author), anonymous notes
and the anonymous survey after the meeting."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, tzinfo

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from hotwash.core.errors import NotFound, PermissionDenied, ValidationError
from hotwash.core.survey import answer_day, validate_answer
from hotwash.core.validate import FUTURE_SKEW, check_text
from hotwash.web.accounts.selectors import display_name
from hotwash.web.reviews.models import (
    AccountEntry,
    AnonymousNote,
    Review,
    SurveyAnswer,
    SurveyResponse,
    random_key,
)
from hotwash.web.reviews.selectors.review import is_participant, survey_open
from hotwash.web.timeline.models import TimelineEntry
from hotwash.web.timeline.services import timeline_entry_add


def _check_time(time: datetime) -> None:
    if not isinstance(time, datetime) or timezone.is_naive(time):
        raise ValidationError("a date and time is required", field="time")
    if time > timezone.now() + FUTURE_SKEW:
        raise ValidationError("the time is in the future", field="time")


def _clean_entry(saw: str, knew: str, did: str) -> tuple[str, str, str]:
    return (check_text(saw, field="saw", max_length=10_000, required=True).strip(),
            check_text(knew, field="knew", max_length=10_000).strip(),
            check_text(did, field="did", max_length=10_000).strip())


@transaction.atomic
def account_entry_add(*, review: Review, author: AbstractBaseUser, time: datetime, saw: str, knew: str = "",
                      did: str = "") -> AccountEntry:
    """Add a moment to the author's private account."""
    _check_time(time)
    saw, knew, did = _clean_entry(saw, knew, did)
    return AccountEntry.objects.create(review=review, author=author, time=time, saw=saw, knew=knew, did=did)


def _own(entry: AccountEntry, user: AbstractBaseUser) -> None:
    if entry.author_id != user.pk:
        raise PermissionDenied("only its author can change or share an account entry")


@transaction.atomic
def account_entry_update(*, entry: AccountEntry, user: AbstractBaseUser, time: datetime, saw: str,
                         knew: str = "", did: str = "") -> AccountEntry:
    _own(entry, user)
    if entry.shared_entry_id is not None:
        raise ValidationError("this entry is already on the timeline; edit it there", field="shared")
    _check_time(time)
    entry.time = time
    entry.saw, entry.knew, entry.did = _clean_entry(saw, knew, did)
    entry.save()
    return entry


@transaction.atomic
def account_entry_delete(*, entry: AccountEntry, user: AbstractBaseUser) -> None:
    _own(entry, user)
    entry.delete()


@transaction.atomic
def account_entry_share(*, entry: AccountEntry, user: AbstractBaseUser, attributed: bool) -> TimelineEntry:
    """The author's consent: copy the entry to the incident timeline, named or anonymously.

    Anonymously, the timeline entry has no actor and no ``created_by``.
    """
    _own(entry, user)
    if entry.shared_entry_id is not None:
        raise ValidationError("this entry is already on the timeline", field="shared")
    incident = entry.review.postmortem.incident
    timeline = timeline_entry_add(
        incident=incident, user=user if attributed else None, time=entry.time, event=entry.saw,
        information_available=entry.knew, decision_action=entry.did, source="account", kind="manual",
        actor=display_name(user) if attributed else "")  # type: ignore[arg-type]
    entry.shared_entry = timeline
    entry.shared_attributed = attributed
    entry.save(update_fields=["shared_entry", "shared_attributed"])
    return timeline


def account_entry_get(*, review: Review, pk: int | str) -> AccountEntry:
    entry = AccountEntry.objects.select_related("review__postmortem__incident").filter(
        review=review, pk=int(pk) if str(pk).isdigit() else -1).first()
    if entry is None:
        raise NotFound("no such account entry", field="entry")
    return entry


def _insert_with_random_key(model: type, **fields: object) -> None:
    """Insert with a random primary key, retrying the (unlikely) collision."""
    for _ in range(8):
        try:
            with transaction.atomic():
                model.objects.create(id=random_key(), **fields)  # type: ignore[attr-defined]
            return
        except IntegrityError:
            if "review" in fields and model is SurveyResponse and SurveyResponse.objects.filter(
                    review=fields["review"], user=fields["user"]).exists():
                raise
            continue
    raise ValidationError("could not store the answer; try again", field="id")


@transaction.atomic
def anonymous_note_add(*, review: Review, text: str, now: datetime | None = None,
                       tz: tzinfo | None = None) -> None:
    """An anonymous note for the facilitator: stored with the day only, no user."""
    text = check_text(text, field="text", max_length=5000, required=True).strip()
    day = answer_day(now or timezone.now(), tz or timezone.get_current_timezone())
    _insert_with_random_key(AnonymousNote, review=review, text=text, day=day)


@transaction.atomic
def survey_answer_submit(*, review: Review, user: AbstractBaseUser, scores: Mapping[str, object],
                         comment: str = "", now: datetime | None = None, tz: tzinfo | None = None) -> None:
    """Record that ``user`` answered (refusing a second answer) and, unlinkably, the answer itself."""
    if not is_participant(review, user):
        raise PermissionDenied("the survey is for the review's participants and facilitator")
    now = now or timezone.now()
    if not survey_open(review, now=now):
        when = (f" (booked for {timezone.localtime(review.meeting_at, tz):%Y-%m-%d %H:%M})"
                if review.meeting_at is not None else "; no meeting is booked yet")
        raise ValidationError(f"the survey opens when the meeting starts{when}", field="survey")
    clean = validate_answer(scores, comment)
    comment = check_text(comment, field="comment", max_length=5000).strip()
    if SurveyResponse.objects.filter(review=review, user=user).exists():
        raise ValidationError("you already answered this survey", field="survey")
    try:
        _insert_with_random_key(SurveyResponse, review=review, user=user)
    except IntegrityError:
        raise ValidationError("you already answered this survey", field="survey") from None
    day = answer_day(now, tz or timezone.get_current_timezone())
    _insert_with_random_key(SurveyAnswer, review=review, day=day, comment=comment,
                            **{key: clean.get(key) for key in ("blameless", "voice", "time")})
