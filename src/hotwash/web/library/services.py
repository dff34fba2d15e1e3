"""Writes for the library: the search index, recurrence decisions, restriction, feed tokens.

Index maintenance is explicit: ``postmortem_status_set`` calls
:func:`library_postmortem_published` when a postmortem is published; code that changes a published
postmortem (amendments) calls :func:`incident_index`, ``incident_update`` calls
:func:`incident_index_refresh`; ``hotwash library reindex`` rebuilds it all. The one signal
(:mod:`hotwash.web.library.signals`) calls :func:`library_team_changed` when a profile's team
changes anywhere, the Django admin included.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q

from hotwash.core.errors import NotFound, ValidationError
from hotwash.web.incidents.models import Incident
from hotwash.web.library.documents import search_document_fields
from hotwash.web.library.models import FeedToken, RecurrenceLink, RecurrenceState, SearchDocument
from hotwash.web.postmortems.models import Postmortem


@transaction.atomic
def incident_index(*, incident: Incident) -> SearchDocument:
    """Create or refresh the search row of ``incident`` (drafts too: they feed recurrence)."""
    fields = search_document_fields(incident)
    doc, _ = SearchDocument.objects.update_or_create(incident=incident, defaults=fields)
    return doc


def incident_index_refresh(*, incident: Incident) -> None:
    """Refresh the search row of ``incident`` if it has one (an edited title, service, tag,
    severity or start time must reach the library's text and filters)."""
    if SearchDocument.objects.filter(incident=incident).exists():
        incident_index(incident=incident)


def library_postmortem_published(*, postmortem: Postmortem) -> None:
    """Called once a postmortem is published: it enters the library."""
    incident_index(incident=postmortem.incident)


def library_reindex(*, incident_ids: Iterable[int] | None = None,
                    progress: Callable[[int], None] | None = None) -> int:
    """Rebuild the rows of the given incidents (default: every incident); returns how many."""
    qs = Incident.objects.order_by("pk").prefetch_related("services", "tags")
    if incident_ids is not None:
        qs = qs.filter(pk__in=list(incident_ids))
    count = 0
    for incident in qs.iterator(chunk_size=200):
        incident_index(incident=incident)
        count += 1
        if progress is not None:
            progress(count)
    return count


def library_team_changed(*, user: Any) -> int:
    """Refresh the rows of the incidents ``user`` created or took part in (their team is a filter)."""
    ids = set(SearchDocument.objects.filter(
        Q(incident__created_by=user) | Q(incident__postmortem__participants__user=user))
        .values_list("incident_id", flat=True))
    return library_reindex(incident_ids=ids) if ids else 0


@transaction.atomic
def recurrence_decide(*, incident: Incident, earlier: Incident, state: str, user: Any = None,
                      score: float = 0.0, reasons: list[str] | None = None) -> RecurrenceLink:
    """A team confirms (``confirmed``) or dismisses (``dismissed``) a suggested match."""
    if state not in RecurrenceState.values:
        raise ValidationError(f"one of {', '.join(RecurrenceState.values)}", field="state")
    if incident.pk == earlier.pk:
        raise ValidationError("an incident cannot recur as itself", field="earlier")
    link, _ = RecurrenceLink.objects.update_or_create(
        incident=incident, earlier=earlier,
        defaults={"state": state, "score": score, "reasons": list(reasons or [])[:8],
                  "decided_by": user if user is not None and user.is_authenticated else None})
    return link


@transaction.atomic
def recurrence_undo(*, incident: Incident, earlier_id: int) -> None:
    deleted, _ = RecurrenceLink.objects.filter(incident=incident, earlier_id=earlier_id).delete()
    if not deleted:
        raise NotFound("no decision to undo", field="earlier")


@transaction.atomic
def incident_restriction_set(*, incident: Incident, restricted: bool,
                             groups: Iterable[str] | None = None) -> Incident:
    """Restrict an incident to its participants, creator, staff and the named groups (or lift it)."""
    incident.restricted = restricted
    incident.save(update_fields=["restricted", "updated_at"])
    if groups is not None:
        names = [g.strip() for g in groups if g.strip()]
        found = list(Group.objects.filter(name__in=names))
        missing = sorted(set(names) - {g.name for g in found})
        if missing:
            raise ValidationError(f"no group named {missing[0]!r}", field="groups")
        incident.allowed_groups.set(found)
    return incident


@transaction.atomic
def feed_token_rotate(*, user: Any) -> FeedToken:
    """A new secret for the user's feed URL; the old URL stops working."""
    token, _ = FeedToken.objects.update_or_create(user=user, defaults={"salt": secrets.token_hex(8)})
    return token
