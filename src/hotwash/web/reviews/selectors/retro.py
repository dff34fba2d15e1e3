"""Reads for team retrospectives: the board, its shared action items (with their verdicts), and what is
still open from the team's earlier retrospectives."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, QuerySet

from hotwash.core.actions import ActionCheck, action_warnings
from hotwash.core.errors import NotFound
from hotwash.core.meeting import RETROSPECTIVE_COLUMNS
from hotwash.web.actions.models import ActionItem
from hotwash.web.actions.selectors import ACTIVE
from hotwash.web.followthrough.models import ActionVerdict
from hotwash.web.reviews.models import RetroItem, Retrospective, Review


def retrospective_list(*, team: str = "") -> QuerySet[Retrospective]:
    qs = Retrospective.objects.annotate(n_items=Count("items", distinct=True),
                                        n_actions=Count("actions", distinct=True))
    return qs.filter(team=team) if team else qs


def retrospective_get(*, pk: int | str) -> Retrospective:
    try:
        return Retrospective.objects.select_related("facilitator").get(pk=int(pk))
    except (Retrospective.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound(f"no retrospective {pk}", field="retrospective") from exc


def retrospective_board(retro: Retrospective) -> list[tuple[str, str, list[RetroItem]]]:
    items = list(retro.items.all())
    return [(key, label, [i for i in items if i.column == key]) for key, label in RETROSPECTIVE_COLUMNS]


def retro_action_get(*, retro: Retrospective, pk: int | str) -> ActionItem:
    """One action item of this retrospective (NotFound for an item of anything else)."""
    try:
        return ActionItem.objects.select_related("retrospective", "owner_user").get(pk=int(pk), retrospective=retro)
    except (ActionItem.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound(f"no action item {pk} in this retrospective", field="action") from exc


def retro_action_rows(retro: Retrospective) -> list[dict[str, Any]]:
    """The retrospective's items, each with its effectiveness verdicts (newest first)."""
    items = list(ActionItem.objects.filter(retrospective=retro).select_related("owner_user", "retrospective"))
    verdicts: dict[int, list[ActionVerdict]] = defaultdict(list)
    for verdict in ActionVerdict.objects.filter(action__in=items).select_related("created_by"):
        verdicts[verdict.action_id].append(verdict)
    return [{"item": i, "verdicts": verdicts[i.pk]} for i in items]


def retro_action_warnings(rows: list[dict[str, Any]]) -> list[str]:
    """More than five items, or an item without owner, date or metric (the core's checks)."""
    checks = [ActionCheck(title=r["item"].action, owner=r["item"].owner, due=r["item"].due_date,
                          success_metric=r["item"].success_metric)
              for r in rows if r["item"].status != "wont_do"]
    return action_warnings(checks)


def earlier_open_actions(retro: Retrospective, *, limit: int = 20) -> list[ActionItem]:
    """Open items of the same team's earlier retrospectives: looked at again at the next one."""
    return list(ActionItem.objects.filter(retrospective__team__iexact=retro.team,
                                          retrospective__held_on__lte=retro.held_on, status__in=ACTIVE)
                .exclude(retrospective=retro).select_related("retrospective")
                .order_by("due_date", "id")[:limit])


def team_names() -> list[str]:
    names = set(Retrospective.objects.values_list("team", flat=True))
    names |= set(Review.objects.exclude(team="").values_list("team", flat=True))
    return sorted(names, key=str.casefold)
