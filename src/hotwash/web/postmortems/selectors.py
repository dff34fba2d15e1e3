"""Reads for the postmortem page."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.db.models import QuerySet

from hotwash.core.errors import NotFound
from hotwash.web.incidents.models import Incident
from hotwash.web.postmortems.models import (
    SECTIONS,
    ContributingFactor,
    FactorCategory,
    Postmortem,
    SectionRevision,
)


def postmortem_for(*, incident: Incident) -> Postmortem:
    postmortem = Postmortem.objects.select_related("facilitator").filter(incident=incident).first()
    if postmortem is None:  # incidents are created with their postmortem; this guards hand-made rows
        raise NotFound(f"{incident.ref} has no postmortem", field="postmortem")
    return postmortem


def factor_categories() -> QuerySet[FactorCategory]:
    return FactorCategory.objects.all()


def factors_by_category(*, postmortem: Postmortem) -> list[tuple[FactorCategory, list[ContributingFactor]]]:
    factors = list(ContributingFactor.objects.filter(postmortem=postmortem).select_related("category")
                   .prefetch_related("timeline_entries"))
    out = []
    for category in FactorCategory.objects.all():
        out.append((category, [f for f in factors if f.category_id == category.id]))
    return out


@dataclass
class HistoryItem:
    revision: SectionRevision
    diff: list[tuple[str, str]]  # (op, line) where op is "+", "-" or " "


def section_history(*, postmortem: Postmortem, section: str, limit: int = 20) -> list[HistoryItem]:
    if section not in SECTIONS:
        return []
    revisions = list(SectionRevision.objects.filter(postmortem=postmortem, section=section)
                     .select_related("author").order_by("-version")[: limit + 1])
    items = []
    for index, rev in enumerate(revisions[:limit]):
        before = revisions[index + 1].text if index + 1 < len(revisions) else ""
        diff = []
        for line in difflib.ndiff(before.splitlines(), rev.text.splitlines()):
            op = line[:1]
            if op in "+- ":
                diff.append((op, line[2:]))
        items.append(HistoryItem(rev, [d for d in diff if d[0] != " "] or [(" ", "(no text change)")]))
    return items
