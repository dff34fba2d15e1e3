from __future__ import annotations

from django.db.models import QuerySet

from hotwash.core.errors import NotFound
from hotwash.web.actions.models import ActionItem


def action_item_get(*, pk: int | str) -> ActionItem:
    try:
        return ActionItem.objects.select_related("postmortem__incident").get(pk=int(pk))
    except (ActionItem.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound(f"no action item {pk}", field="action") from exc


def action_items_for(*, postmortem_id: int) -> QuerySet[ActionItem]:
    return ActionItem.objects.filter(postmortem_id=postmortem_id)
