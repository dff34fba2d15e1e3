"""Reads for team retrospectives."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from hotwash.core.errors import NotFound
from hotwash.core.meeting import RETROSPECTIVE_COLUMNS
from hotwash.web.reviews.models import RetroItem, Retrospective


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


def team_names() -> list[str]:
    names = set(Retrospective.objects.values_list("team", flat=True))
    from hotwash.web.reviews.models import Review

    names |= set(Review.objects.exclude(team="").values_list("team", flat=True))
    return sorted(names, key=str.casefold)
