"""Writes for a review: its kind, team, agenda, schedule, preparation, invitations and facilitator."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AbstractUser
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from hotwash.core.calendar import CalEvent, Person, meeting_invite_ics
from hotwash.core.errors import ValidationError
from hotwash.core.meeting import Agenda, PrepStep, check_meeting_length, facilitator_warning
from hotwash.core.validate import check_text
from hotwash.web.accounts.selectors import display_name
from hotwash.web.postmortems.models import Postmortem
from hotwash.web.postmortems.services import postmortem_facilitator_set
from hotwash.web.reviews.models import KIND_CHOICES, Facilitator, PrepCheck, Review
from hotwash.web.reviews.selectors.invite import invitation_people
from hotwash.web.reviews.selectors.policy import review_decision
from hotwash.web.reviews.selectors.review import agenda_of
from hotwash.web.reviews.selectors.roster import involved_user_ids


def _actor(user: AbstractBaseUser | None) -> AbstractBaseUser | None:
    return user if user is not None and user.is_authenticated else None


def review_ensure(*, postmortem: Postmortem) -> Review:
    """The postmortem's review, created on first use; the kind follows the policy unless chosen by hand."""
    incident = postmortem.incident
    decision = review_decision(incident)
    review = Review.objects.filter(postmortem=postmortem).first()
    if review is None:
        team = ""
        creator = incident.created_by
        if creator is not None:
            profile = getattr(creator, "profile", None)
            team = profile.team if profile is not None else ""
        with transaction.atomic():
            review, _ = Review.objects.get_or_create(postmortem=postmortem, defaults={
                "kind": decision.kind, "kind_reasons": list(decision.reasons), "team": team,
                "meeting_minutes": Agenda().total_minutes})
        return review
    if not review.kind_overridden and (review.kind != decision.kind
                                       or list(review.kind_reasons) != list(decision.reasons)):
        Review.objects.filter(pk=review.pk).update(kind=decision.kind, kind_reasons=list(decision.reasons))
        review.kind, review.kind_reasons = decision.kind, list(decision.reasons)
    return review


@transaction.atomic
def review_kind_set(*, review: Review, kind: str) -> Review:
    """Choose formal or short note by hand; ``auto`` goes back to the policy's decision."""
    if kind == "auto":
        review.kind_overridden = False
        review.save(update_fields=["kind_overridden", "updated_at"])
        return review_ensure(postmortem=review.postmortem)
    if kind not in dict(KIND_CHOICES):
        raise ValidationError("choose formal, short_note or auto", field="kind")
    review.kind = kind
    review.kind_overridden = True
    review.save(update_fields=["kind", "kind_overridden", "updated_at"])
    return review


@transaction.atomic
def review_team_set(*, review: Review, team: str) -> Review:
    review.team = check_text(team, field="team", max_length=100).strip()
    review.save(update_fields=["team", "updated_at"])
    return review


@transaction.atomic
def agenda_set(*, review: Review, minutes: Mapping[str, Any]) -> Agenda:
    """Adjust timeboxes (phase key -> minutes); each within its range and 60–90 in total."""
    clean: dict[str, int] = {}
    for key, value in minutes.items():
        try:
            clean[str(key)] = int(value)
        except (TypeError, ValueError):
            raise ValidationError("must be a whole number of minutes", field=str(key)) from None
    agenda = Agenda.with_minutes(clean)
    review.agenda_minutes = {slot.key: slot.minutes for slot in agenda.slots}
    review.save(update_fields=["agenda_minutes", "updated_at"])
    return agenda


def _mark(review: Review, step: PrepStep, user: AbstractBaseUser | None, when: datetime) -> None:
    PrepCheck.objects.get_or_create(review=review, step=step.value,
                                    defaults={"done_at": when, "done_by": _actor(user)})


@transaction.atomic
def prep_step_set(*, review: Review, step: str, done: bool, user: AbstractBaseUser | None) -> None:
    try:
        prep = PrepStep(step)
    except ValueError:
        raise ValidationError(f"unknown step; one of {', '.join(s.value for s in PrepStep)}",
                              field="step") from None
    if done:
        _mark(review, prep, user, timezone.now())
    else:
        PrepCheck.objects.filter(review=review, step=prep.value).delete()


@transaction.atomic
def meeting_schedule(*, review: Review, at: datetime, minutes: int, place: str = "",
                     user: AbstractBaseUser | None = None) -> Review:
    """Book the meeting (60–90 minutes); ticks "book 60–90 minutes" on the checklist."""
    if timezone.is_naive(at):
        raise ValidationError("the meeting time needs a time zone", field="meeting_at")
    check_meeting_length(at, at + timedelta(minutes=minutes))
    review.meeting_at = at
    review.meeting_minutes = minutes
    review.meeting_place = check_text(place, field="meeting_place", max_length=500).strip()
    review.save(update_fields=["meeting_at", "meeting_minutes", "meeting_place", "updated_at"])
    _mark(review, PrepStep.BOOK_MEETING, user, timezone.now())
    return review


@transaction.atomic
def invitations_send(*, review: Review, user: AbstractUser, draft_url: str) -> dict[str, Any]:
    """E-mail the invitation with the agenda, a link to the draft and an ``.ics`` (METHOD:REQUEST).

    Sending again sends an update (same UID, higher SEQUENCE). Ticks "share the agenda".
    """
    if review.meeting_at is None:
        raise ValidationError("book the meeting before sending invitations", field="meeting_at")
    people, skipped = invitation_people(review)
    if not people:
        raise ValidationError("nobody to invite: add participants linked to users with an e-mail address",
                              field="participants")
    incident = review.postmortem.incident
    agenda = agenda_of(review)
    review.invite_sequence += 1
    host = settings.BASE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "hotwash.local"
    summary = f"Postmortem review: {incident.ref} {incident.title}"
    event = CalEvent(uid=f"review-{review.pk}@{host}", summary=summary, start=review.meeting_at,
                     end=review.meeting_at + timedelta(minutes=review.meeting_minutes),
                     description=f"Blameless review of {incident.ref}. Draft: {draft_url}", url=draft_url,
                     location=review.meeting_place, sequence=review.invite_sequence)
    organizer_email = user.email or settings.DEFAULT_FROM_EMAIL.split("<")[-1].rstrip(">").strip()
    ics = meeting_invite_ics(event, Person(organizer_email, display_name(user)), people,
                             agenda=agenda.as_text(draft_url=draft_url), stamp=timezone.now())
    local = timezone.localtime(review.meeting_at)
    body = (f"You are invited to the blameless review of {incident.ref} {incident.title}.\n\n"
            f"When: {local:%Y-%m-%d %H:%M %Z}, {review.meeting_minutes} minutes\n"
            f"Where: {review.meeting_place or 'to be announced'}\n"
            f"Draft postmortem and timeline: {draft_url}\n"
            "Before the meeting, add your private account of what you saw, knew and did.\n\n"
            + agenda.as_text(draft_url=draft_url))
    message = EmailMessage(subject=("Updated: " if review.invite_sequence > 1 else "") + summary, body=body,
                           to=[p.email for p in people])
    message.attach("invite.ics", ics, "text/calendar; method=REQUEST")
    message.send()
    review.agenda_shared_at = timezone.now()
    review.save(update_fields=["invite_sequence", "agenda_shared_at", "updated_at"])
    _mark(review, PrepStep.SHARE_AGENDA, user, review.agenda_shared_at)
    return {"sent_to": [p.email for p in people], "skipped": skipped, "sequence": review.invite_sequence}


# --- facilitators --------------------------------------------------------------------------------

@transaction.atomic
def facilitator_join(*, user: AbstractBaseUser, note: str = "") -> Facilitator:
    """Opt in to the roster (or come back to it)."""
    row, _ = Facilitator.objects.get_or_create(user=user)
    row.active = True
    row.note = check_text(note, field="note", max_length=200).strip()
    row.save()
    return row


@transaction.atomic
def facilitator_leave(*, user: AbstractBaseUser) -> None:
    Facilitator.objects.filter(user=user).update(active=False)


def facilitator_choose(*, review: Review, user: AbstractUser | None) -> str | None:
    """Set the postmortem's facilitator; returns a warning when they were involved in the incident."""
    postmortem_facilitator_set(postmortem=review.postmortem, facilitator=user)
    if user is None:
        return None
    involved = involved_user_ids(review.postmortem, [user])
    return facilitator_warning(user.pk, involved, display_name(user))
