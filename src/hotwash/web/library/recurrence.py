"""Reads for recurrence: similar earlier incidents with reasons and the state of their fixes.

Candidates: the full-text index's best matches for the incident's most frequent words, plus the
latest incidents on the same services or tags; :func:`hotwash.core.recurrence.rank_similar`
scores them. Only incidents the viewer may see take part.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models import Count, Q

from hotwash.core.model import ActionStatus
from hotwash.core.recurrence import IncidentText, Match, query_terms, rank_similar
from hotwash.web.actions.models import ActionItem
from hotwash.web.incidents.models import Incident
from hotwash.web.incidents.selectors import incidents_visible_to
from hotwash.web.library import search
from hotwash.web.library.documents import search_document_fields
from hotwash.web.library.models import RecurrenceLink, RecurrenceState, SearchDocument
from hotwash.web.library.selectors import hidden_incident_ids

TEXT_CANDIDATES = 40
LABEL_CANDIDATES = 40


def text_of(incident_id: int, fields: dict[str, Any]) -> IncidentText:
    return IncidentText(
        key=incident_id, title=fields.get("title", ""), summary=fields.get("summary", ""),
        details="\n".join(fields.get(k, "") for k in ("body", "timeline", "factors")),
        services=frozenset(fields.get("services") or ()), tags=frozenset(fields.get("tags") or ()),
        categories=frozenset(fields.get("categories") or ()))


def incident_text(incident: Incident) -> IncidentText:
    return text_of(incident.pk, search_document_fields(incident))


ACTION_STATES = {"done": "Done", "open": "Open", "in_progress": "In progress", "wont_do": "Won't do",
                 "did_not_work": "Reopened: did not work"}


@dataclass
class ActionSummary:
    # Each item counts once: done / open (or in progress) / wont_do / did_not_work (done, then
    # reopened because a follow-up found that it did not work, and not done again since).
    counts: dict[str, int] = field(default_factory=dict)
    items: list[dict[str, Any]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class SimilarItem:
    incident: Incident
    match: Match
    actions: ActionSummary
    state: str = ""  # "", confirmed or dismissed


def _verdicts_installed() -> bool:
    return apps.is_installed("hotwash.web.followthrough")


def action_summaries(incident_ids: list[int], *, per_incident: int = 4) -> dict[int, ActionSummary]:
    """Per incident: how many action items are done, open (or in progress), won't do, and shown
    not to work (reopened by a follow-up verdict of "did not work"), with the first few items."""
    out: dict[int, ActionSummary] = defaultdict(ActionSummary)
    if not incident_ids:
        return out
    did_not: set[int] = set()
    # The items of the incidents' postmortems only (an item without a postmortem belongs to none).
    items = ActionItem.objects.filter(postmortem__isnull=False, postmortem__incident_id__in=incident_ids)
    if _verdicts_installed():  # an item's latest verdict counts (a fix may work the second time)
        latest: dict[int, str] = {}
        for pk, verdict in (items.filter(verdicts__isnull=False).order_by("pk", "-verdicts__created_at", "-verdicts__id")
                            .values_list("pk", "verdicts__verdict")):
            latest.setdefault(pk, verdict)
        did_not = {pk for pk, verdict in latest.items() if verdict == "did_not"}
    rows = (items
            .values("pk", "postmortem__incident_id", "action", "status", "owner").order_by("priority", "id"))
    for row in rows:
        summary = out[row["postmortem__incident_id"]]
        status = row["status"]
        bucket = {ActionStatus.DONE.value: "done", ActionStatus.WONT_DO.value: "wont_do"}.get(status, "open")
        if bucket == "open" and row["pk"] in did_not:
            bucket = "did_not_work"
        summary.counts[bucket] = summary.counts.get(bucket, 0) + 1
        if len(summary.items) < per_incident:
            state = bucket if bucket == "did_not_work" else status
            summary.items.append({"action": row["action"], "status": status, "owner": row["owner"],
                                  "did_not_work": bucket == "did_not_work", "state": ACTION_STATES.get(state, state)})
    return out


def _same_labels(services: list[int], tags: list[int], exclude: list[int]) -> list[int]:
    """The latest incidents on any of the services or tags: two id subqueries on the small link
    tables (no join fan-out, no DISTINCT), the started_at index walked newest first, stopping
    after LABEL_CANDIDATES."""
    if connection.vendor == "sqlite":
        # "+id": SQLite otherwise unions the two id lists, reads every incident row of them and
        # sorts (~40 ms on 50,000 incidents); hiding the key makes it walk started_at (~10 ms).
        def listed(values: list[int]) -> str:
            return ", ".join(["%s"] * len(values)) or "NULL"

        links_s, links_t = Incident.services.through._meta.db_table, Incident.tags.through._meta.db_table
        sql = (f"SELECT id FROM {Incident._meta.db_table} WHERE (+id IN (SELECT incident_id FROM {links_s} "
               f"WHERE service_id IN ({listed(services)})) OR +id IN (SELECT incident_id FROM {links_t} "
               f"WHERE tag_id IN ({listed(tags)})))"
               + (f" AND id NOT IN ({listed(exclude)})" if exclude else "")
               + " ORDER BY started_at DESC LIMIT %s")
        with connection.cursor() as cursor:
            cursor.execute(sql, [*services, *tags, *exclude, LABEL_CANDIDATES])
            return [int(r[0]) for r in cursor.fetchall()]
    same = (Incident.objects.filter(
        Q(pk__in=Incident.services.through.objects.filter(service_id__in=services).values("incident_id"))
        | Q(pk__in=Incident.tags.through.objects.filter(tag_id__in=tags).values("incident_id")))
            .exclude(pk__in=exclude).order_by("-started_at").values_list("pk", flat=True))
    return list(same[:LABEL_CANDIDATES])


def _candidates(target: IncidentText, incident: Incident, hidden: list[int]) -> dict[int, IncidentText]:
    exclude = [*hidden, incident.pk]
    terms = query_terms(target)
    ids: list[int] = []
    if terms:
        hits, _ = search.search_ids(terms, search.Restriction(published_only=True, exclude_ids=exclude),  # type: ignore[arg-type]
                                    limit=TEXT_CANDIDATES, any_terms=True)
        ids = [h.incident_id for h in hits]
    services = list(incident.services.values_list("pk", flat=True))
    tags = list(incident.tags.values_list("pk", flat=True))
    if services or tags:
        ids += [pk for pk in _same_labels(services, tags, exclude) if pk not in ids]
    earlier = set(Incident.objects.filter(pk__in=ids, started_at__lte=incident.started_at)
                  .values_list("pk", flat=True))
    ids = [i for i in ids if i in earlier]
    docs = {d["incident_id"]: d for d in SearchDocument.objects.filter(incident_id__in=ids).values()}
    out: dict[int, IncidentText] = {}
    missing = [i for i in ids if i not in docs]
    for other in Incident.objects.filter(pk__in=missing).prefetch_related("services", "tags"):
        out[other.pk] = incident_text(other)
    for pk, fields in docs.items():
        out[pk] = text_of(pk, fields)
    return out


def similar_incidents(*, incident: Incident, user: Any, limit: int = 5) -> list[SimilarItem]:
    """Earlier incidents most like ``incident`` that ``user`` may see, best first; dismissed ones
    are left out, confirmed ones are marked."""
    target = incident_text(incident)
    decisions = dict(RecurrenceLink.objects.filter(incident=incident).values_list("earlier_id", "state"))
    dismissed = [pk for pk, state in decisions.items() if state == RecurrenceState.DISMISSED]
    hidden = hidden_incident_ids(user)
    pool = _candidates(target, incident, [*hidden, *dismissed])
    matches = rank_similar(target, list(pool.values()), limit=limit)
    ids = [int(m.key) for m in matches]  # type: ignore[call-overload]
    by_id = {i.pk: i for i in Incident.objects.filter(pk__in=ids).select_related("severity", "postmortem")}
    summaries = action_summaries(ids)
    return [SimilarItem(by_id[int(m.key)], m, summaries[int(m.key)], decisions.get(int(m.key), ""))  # type: ignore[call-overload]
            for m in matches if int(m.key) in by_id]  # type: ignore[call-overload]


@dataclass
class Recurrences:
    earlier: list[RecurrenceLink]  # this incident recurred from these
    later: list[RecurrenceLink]  # these recurred from this incident

    @property
    def count(self) -> int:
        return len(self.earlier) + len(self.later)


def recurrences_of(*, incident: Incident, user: Any) -> Recurrences:
    """Confirmed recurrence links both ways, only to incidents ``user`` may see."""
    visible = incidents_visible_to(user).values("pk")
    links = RecurrenceLink.objects.filter(state=RecurrenceState.CONFIRMED).select_related(
        "incident__severity", "earlier__severity", "incident__postmortem", "earlier__postmortem")
    earlier = list(links.filter(incident=incident, earlier__in=visible).order_by("-earlier__started_at"))
    later = list(links.filter(earlier=incident, incident__in=visible).order_by("-incident__started_at"))
    return Recurrences(earlier, later)


def dismissed_of(*, incident: Incident, user: Any) -> list[RecurrenceLink]:
    """Suggestions the team marked as not related (visible ones only), to be undone if wrong."""
    return list(RecurrenceLink.objects.filter(incident=incident, state=RecurrenceState.DISMISSED,
                                              earlier__in=incidents_visible_to(user).values("pk"))
                .select_related("earlier").order_by("-decided_at"))


def recurrence_counts(incident_ids: list[int]) -> Counter[int]:
    """How many confirmed recurrences each incident has (either direction)."""
    counts: Counter[int] = Counter()
    links = RecurrenceLink.objects.filter(state=RecurrenceState.CONFIRMED)
    for row in links.filter(incident_id__in=incident_ids).values("incident_id").annotate(n=Count("id")):
        counts[row["incident_id"]] += row["n"]
    for row in links.filter(earlier_id__in=incident_ids).values("earlier_id").annotate(n=Count("id")):
        counts[row["earlier_id"]] += row["n"]
    return counts
