"""JSON API of follow-up reviews: list, tick the checklist, notes, complete."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from hotwash.web.followthrough import selectors, services

router = Router(tags=["follow-up reviews"])


class ChecklistItem(Schema):
    text: str
    done: bool


class ReviewOut(Schema):
    id: int
    incident_id: int
    stage: str
    title: str
    scheduled_for: date
    focus: str
    notes: str
    owner: str | None = None
    checklist: list[ChecklistItem]
    completed_at: datetime | None

    @staticmethod
    def resolve_incident_id(obj: Any) -> int:
        return int(obj.postmortem.incident_id)

    @staticmethod
    def resolve_owner(obj: Any) -> str | None:
        return obj.owner.get_username() if obj.owner_id else None


class ReviewPatch(Schema):
    notes: str | None = None
    check: int | None = None  # 0-based checklist index to tick
    uncheck: int | None = None
    completed: bool | None = None


@router.get("/followups/{review_id}", response=ReviewOut)
def get_review(request: HttpRequest, review_id: int) -> Any:
    return selectors.followup_get(pk=review_id)


@router.patch("/followups/{review_id}", response=ReviewOut)
def patch_review(request: HttpRequest, review_id: int, payload: ReviewPatch) -> Any:
    """Tick (``check``) or untick (``uncheck``) a checklist item, set notes, mark held (``completed``)."""
    review = selectors.followup_get(pk=review_id)
    if payload.check is not None:
        services.followup_check(review=review, index=payload.check, done=True)
    if payload.uncheck is not None:
        services.followup_check(review=review, index=payload.uncheck, done=False)
    if payload.notes is not None:
        services.followup_notes_set(review=review, notes=payload.notes)
    if payload.completed is not None:
        services.followup_complete(review=review, user=request.user, done=payload.completed)
    return selectors.followup_get(pk=review_id)
