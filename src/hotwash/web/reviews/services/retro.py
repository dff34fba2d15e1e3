"""Team retrospectives without an incident: went well, could improve, puzzling.

Their action items are the shared ``ActionItem`` (``hotwash.web.actions.services.action_item_add`` with
``retrospective=``): owners, the due-date policy, versions, reminders, calendars and trackers all apply."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from hotwash.core.errors import ValidationError
from hotwash.core.meeting import RETROSPECTIVE_COLUMNS
from hotwash.core.validate import check_text
from hotwash.web.reviews.models import RetroItem, Retrospective

COLUMNS = dict(RETROSPECTIVE_COLUMNS)


@transaction.atomic
def retrospective_create(*, team: str, held_on: date, user: AbstractBaseUser | None, title: str = "",
                         facilitator: AbstractBaseUser | None = None,
                         follow_up_on: date | None = None) -> Retrospective:
    team = check_text(team, field="team", max_length=100, required=True).strip()
    title = check_text(title, field="title", max_length=200).strip()
    if follow_up_on is not None and follow_up_on < held_on:
        raise ValidationError("the follow-up comes after the retrospective", field="follow_up_on")
    return Retrospective.objects.create(team=team, held_on=held_on, title=title, facilitator=facilitator,
                                        follow_up_on=follow_up_on,
                                        created_by=user if user and user.is_authenticated else None)


@transaction.atomic
def retro_item_add(*, retrospective: Retrospective, column: str, text: str) -> RetroItem:
    if column not in COLUMNS:
        raise ValidationError(f"unknown column; one of {', '.join(COLUMNS)}", field="column")
    text = check_text(text, field="text", max_length=5000, required=True).strip()
    return RetroItem.objects.create(retrospective=retrospective, column=column, text=text)


@transaction.atomic
def retro_item_delete(*, item: RetroItem) -> None:
    item.delete()
