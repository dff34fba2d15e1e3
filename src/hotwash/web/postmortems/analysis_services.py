"""Writes for the analysis part of a postmortem: contributing factors and follow-up reviews."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from hotwash.core.errors import ValidationError
from hotwash.core.model import FactorRole
from hotwash.core.validate import check_text
from hotwash.web.postmortems.models import (
    ContributingFactor,
    FactorCategory,
    FollowUpReview,
    Postmortem,
    WhyChain,
)
from hotwash.web.postmortems.services import ensure_editable
from hotwash.web.timeline.models import TimelineEntry


def factor_category_get(key: str) -> FactorCategory:
    category = FactorCategory.objects.filter(key=str(key).strip().lower()).first()
    if category is None:
        known = ", ".join(FactorCategory.objects.values_list("key", flat=True))
        raise ValidationError(f"unknown category {key!r} (known: {known})", field="category")
    return category


@transaction.atomic
def factor_category_add(*, label: str) -> FactorCategory:
    label = check_text(label, field="label", max_length=60, required=True).strip()
    key = slugify(label)[:40]
    if not key:
        raise ValidationError("the name needs letters or digits", field="label")
    if FactorCategory.objects.filter(key=key).exists():
        raise ValidationError(f"a category {label!r} already exists", field="label")
    return FactorCategory.objects.create(key=key, label=label)


def _role(value: str) -> str:
    try:
        return FactorRole(str(value)).value
    except ValueError as exc:
        raise ValidationError("role is 'trigger' or 'enabling'", field="role") from exc


def _entries(postmortem: Postmortem, ids: Iterable[int]) -> list[TimelineEntry]:
    ids = [int(i) for i in ids]
    found = list(TimelineEntry.objects.filter(incident_id=postmortem.incident_id, pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationError("a linked timeline entry is not part of this incident", field="timeline_entries")
    return found


@transaction.atomic
def factor_add(*, postmortem: Postmortem, category: str, description: str, role: str = "enabling",
               timeline_entries: Iterable[int] = ()) -> ContributingFactor:
    ensure_editable(postmortem)
    factor = ContributingFactor.objects.create(
        postmortem=postmortem, category=factor_category_get(category), role=_role(role),
        description=check_text(description, field="description", max_length=5000, required=True).strip())
    factor.timeline_entries.set(_entries(postmortem, timeline_entries))
    return factor


@transaction.atomic
def factor_update(*, factor: ContributingFactor, data: dict[str, Any]) -> ContributingFactor:
    ensure_editable(factor.postmortem)
    for field, value in data.items():
        if field == "category":
            factor.category = factor_category_get(value)
        elif field == "role":
            factor.role = _role(value)
        elif field == "description":
            factor.description = check_text(str(value), field="description", max_length=5000,
                                            required=True).strip()
        elif field == "timeline_entries":
            factor.timeline_entries.set(_entries(factor.postmortem, value))
        else:
            raise ValidationError(f"unknown field {field!r}", field=field)
    factor.save()
    return factor


@transaction.atomic
def factor_delete(*, factor: ContributingFactor) -> None:
    ensure_editable(factor.postmortem)
    factor.delete()


@transaction.atomic
def followup_add(*, postmortem: Postmortem, scheduled_for: date, focus: str = "", notes: str = "",
                 stage: str = "", checklist: list[str] | None = None) -> FollowUpReview:
    if not isinstance(scheduled_for, date):
        raise ValidationError("a date is required", field="scheduled_for")
    return FollowUpReview.objects.create(
        postmortem=postmortem, scheduled_for=scheduled_for, stage=stage,
        focus=check_text(focus, field="focus", max_length=2000),
        notes=check_text(notes, field="notes"),
        checklist=[{"text": item, "done": False} for item in (checklist or [])])


@transaction.atomic
def followup_update(*, followup: FollowUpReview, data: dict[str, Any]) -> FollowUpReview:
    for field, value in data.items():
        if field == "scheduled_for":
            if not isinstance(value, date):
                raise ValidationError("a date is required", field="scheduled_for")
            followup.scheduled_for = value
        elif field in ("focus", "notes"):
            setattr(followup, field, check_text(str(value or ""), field=field))
        else:
            raise ValidationError(f"unknown field {field!r}", field=field)
    followup.save()
    return followup


def factor_categories_ensure() -> None:
    """Create the four default categories when none exist (a fresh or flushed database)."""
    from hotwash.core.model import DEFAULT_FACTOR_CATEGORIES

    if FactorCategory.objects.exists():
        return
    for order, (key, label) in enumerate(DEFAULT_FACTOR_CATEGORIES, start=1):
        FactorCategory.objects.get_or_create(key=key, defaults={"label": label, "order": order * 10})


@transaction.atomic
def why_chain_add(*, postmortem: Postmortem, problem: str) -> WhyChain:
    ensure_editable(postmortem)
    problem = check_text(problem, field="problem", max_length=500, required=True).strip()
    return WhyChain.objects.create(postmortem=postmortem, problem=problem)


@transaction.atomic
def why_answer_add(*, chain: WhyChain, answer: str) -> WhyChain:
    ensure_editable(chain.postmortem)
    answer = check_text(answer, field="answer", max_length=1000, required=True).strip()
    if len(chain.answers) >= 10:
        raise ValidationError("a chain has at most 10 whys; start a new chain for another branch", field="answer")
    chain.answers = [*chain.answers, answer]
    chain.save(update_fields=["answers"])
    return chain


@transaction.atomic
def why_answer_remove_last(*, chain: WhyChain) -> WhyChain:
    ensure_editable(chain.postmortem)
    chain.answers = chain.answers[:-1]
    chain.save(update_fields=["answers"])
    return chain


@transaction.atomic
def why_chain_to_factor(*, chain: WhyChain, category: str, role: str = "enabling") -> ContributingFactor:
    """Turn the chain's conclusion (its last answer) into a contributing factor, in one step."""
    if not chain.answers:
        raise ValidationError("answer at least one why first", field="answer")
    factor = factor_add(postmortem=chain.postmortem, category=category, role=role, description=chain.answers[-1])
    chain.factor = factor
    chain.save(update_fields=["factor"])
    return factor


@transaction.atomic
def why_chain_delete(*, chain: WhyChain) -> None:
    ensure_editable(chain.postmortem)
    chain.delete()
