"""Who an invitation goes to."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from hotwash.core.calendar import Person
from hotwash.web.accounts.selectors import display_name
from hotwash.web.reviews.models import Review


def invitation_people(review: Review) -> tuple[list[Person], list[str]]:
    """Attendees with an e-mail address (participants linked to a user, and the facilitator), and the
    names that could not be invited."""
    people: list[Person] = []
    skipped: list[str] = []
    seen: set[str] = set()
    postmortem = review.postmortem
    users: list[Any] = []
    if postmortem.facilitator is not None:
        users.append(postmortem.facilitator)
    all_users = list(get_user_model().objects.filter(is_active=True))
    by_name = {u.get_username().casefold(): u for u in all_users}
    by_name.update({u.get_full_name().casefold(): u for u in all_users if u.get_full_name().strip()})
    for participant in postmortem.participants.select_related("user"):
        user = participant.user or by_name.get(participant.name.strip().casefold())
        if user is None or not user.email:
            skipped.append(participant.name)
        else:
            users.append(user)
    for user in users:
        if user.email and user.email.casefold() not in seen:
            seen.add(user.email.casefold())
            people.append(Person(user.email, display_name(user)))
    return people, skipped



def invitation_hint(review: Review) -> dict[str, Any]:
    people, skipped = invitation_people(review)
    return {"people": people, "skipped": skipped}
