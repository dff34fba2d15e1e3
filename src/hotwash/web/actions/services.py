"""Writes for action items."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from hotwash.core.errors import Conflict, ValidationError
from hotwash.core.model import ActionStatus, ActionType, priority_from
from hotwash.core.validate import check_text
from hotwash.web.actions.models import ActionItem
from hotwash.web.postmortems.models import Postmortem

if TYPE_CHECKING:
    from hotwash.web.reviews.models import Retrospective

FIELDS = ("action", "owner", "owner_user", "due_date", "success_metric", "impact", "effort", "type", "status",
          "wont_do_reason", "external_link")


def _owner_user(value: Any) -> Any:
    """A user, a user id or a username (empty: nobody)."""
    if value is None or value == "":
        return None
    User = get_user_model()
    if isinstance(value, User):
        return value
    text = str(value).strip()
    user = (User.objects.filter(pk=int(text)).first() if text.isdigit()
            else User.objects.filter(username__iexact=text).first())
    if user is None:
        raise ValidationError(f"no user {text!r}", field="owner_user")
    return user


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field, value in data.items():
        if field not in FIELDS:
            raise ValidationError(f"unknown field {field!r}", field=field)
        if field == "action":
            value = check_text(str(value or ""), field="action", max_length=2000, required=True).strip()
        elif field == "owner":
            value = check_text(str(value or ""), field="owner", max_length=100).strip()
        elif field == "owner_user":
            value = _owner_user(value)
        elif field in ("success_metric", "wont_do_reason"):
            value = check_text(str(value or ""), field=field, max_length=2000).strip()
        elif field == "due_date":
            if value is not None and not isinstance(value, date):
                raise ValidationError("not a date (use YYYY-MM-DD)", field="due_date")
        elif field in ("impact", "effort"):
            try:
                value = int(value)
            except (TypeError, ValueError) as exc:
                raise ValidationError("1 (low), 2 (medium) or 3 (high)", field=field) from exc
            if value not in (1, 2, 3):
                raise ValidationError("1 (low), 2 (medium) or 3 (high)", field=field)
        elif field == "type":
            try:
                value = ActionType(str(value)).value
            except ValueError as exc:
                raise ValidationError("one of prevent, mitigate, detect, process", field="type") from exc
        elif field == "status":
            try:
                value = ActionStatus(str(value)).value
            except ValueError as exc:
                raise ValidationError("one of open, in_progress, done, wont_do", field="status") from exc
        elif field == "external_link":
            value = check_text(str(value or ""), field=field, max_length=500).strip()
            if value and not value.startswith(("http://", "https://")):
                raise ValidationError("a link starts with http:// or https://", field=field)
        out[field] = value
    return out


def _apply(item: ActionItem, clean: dict[str, Any]) -> None:
    for field, value in clean.items():
        setattr(item, field, value)
    item.priority = priority_from(item.impact, item.effort).value
    if item.owner_user is not None and not item.owner:
        full = f"{item.owner_user.first_name} {item.owner_user.last_name}".strip()
        item.owner = (full or item.owner_user.get_username())[:100]
    if item.status == ActionStatus.WONT_DO.value and not item.wont_do_reason:
        raise ValidationError("say why this will not be done", field="wont_do_reason")
    if item.status == ActionStatus.DONE.value and item.completed_at is None:
        item.completed_at = timezone.now()
    if item.status != ActionStatus.DONE.value:
        item.completed_at = None


def default_due_date(*, priority: str, postmortem: Postmortem | None = None, today: date | None = None) -> date:
    """The policy's due date for a new item (``HOTWASH_DUE_POLICY``: by priority and incident severity).

    An item of a retrospective has no incident: the policy's ``*`` row (any severity) applies."""
    from hotwash.web.followthrough.conf import due_policy

    severity = postmortem.incident.severity.key if postmortem is not None and postmortem.incident_id else None
    return due_policy().default_due(priority, severity, today or timezone.localdate())


@transaction.atomic
def action_item_add(*, action: str, postmortem: Postmortem | None = None,
                    retrospective: Retrospective | None = None,
                    **fields: Any) -> ActionItem:
    """Add an item to a postmortem or to a team retrospective (exactly one).

    Without a due date it gets the policy's default (by priority, and the incident's severity if any)."""
    if (postmortem is None) == (retrospective is None):
        raise ValidationError("an action item belongs to a postmortem or to a retrospective", field="source")
    item = ActionItem(postmortem=postmortem, retrospective=retrospective)
    _apply(item, _clean({"action": action, **fields}))
    if item.due_date is None:
        item.due_date = default_due_date(priority=item.priority, postmortem=postmortem)
    item.save()
    return item


@transaction.atomic
def action_item_update(*, item: ActionItem, data: dict[str, Any], base_version: int | None = None) -> ActionItem:
    locked = ActionItem.objects.select_for_update().get(pk=item.pk)
    if base_version is not None and locked.version != base_version:
        raise Conflict("this action item was changed by someone else since you opened it", current=locked,
                       current_version=locked.version)
    _apply(locked, _clean(data))
    locked.version += 1
    locked.save()
    return locked


@transaction.atomic
def action_item_delete(*, item: ActionItem) -> None:
    item.delete()
