"""Reads for the library: browse and search published postmortems, permalinks, feed entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.safestring import SafeString

from hotwash.core.errors import NotFound, ValidationError
from hotwash.core.plaintext import markdown_plain
from hotwash.core.search_query import SearchQuery, facet_token, parse_query, team_key
from hotwash.web.incidents.models import Incident, Service, SeverityLevel, Tag
from hotwash.web.incidents.selectors import incidents_visible_to
from hotwash.web.library import search
from hotwash.web.library.models import SearchDocument
from hotwash.web.postmortems.models import FactorCategory

PAGE_SIZE = 20


def hidden_incident_ids(user: Any) -> list[int]:
    """Restricted incidents ``user`` may not see (few: the rest of the world is unrestricted)."""
    # "IN (true)" (not a bare boolean) and no ordering: both databases answer from the restricted index.
    restricted = list(Incident.objects.filter(restricted__in=[True]).order_by().values_list("pk", flat=True))
    if not restricted:
        return []
    visible = set(incidents_visible_to(user).filter(pk__in=restricted).values_list("pk", flat=True))
    return [pk for pk in restricted if pk not in visible]


@dataclass(frozen=True)
class LibraryFilters:
    q: str = ""
    service: str = ""
    severity: str = ""
    tag: str = ""
    category: str = ""
    team: str = ""
    since: date | None = None
    until: date | None = None
    sort: str = "relevance"  # relevance | recent

    @property
    def has_filters(self) -> bool:
        return bool(self.service or self.severity or self.tag or self.category or self.team
                    or self.since or self.until)

    def as_query(self) -> dict[str, str]:
        out = {"q": self.q, "service": self.service, "severity": self.severity, "tag": self.tag,
               "category": self.category, "team": self.team,
               "since": self.since.isoformat() if self.since else "",
               "until": self.until.isoformat() if self.until else "",
               "sort": self.sort if self.sort != "relevance" else ""}
        return {k: v for k, v in out.items() if v}


def _day(value: Any, name: str) -> date | None:
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValidationError("a date such as 2026-03-01", field=name) from exc


def library_filters(params: Any) -> LibraryFilters:
    """Filters from query parameters; a bad date raises :class:`ValidationError` naming it."""
    def text(name: str, limit: int = 100) -> str:
        return str(params.get(name) or "").strip()[:limit]

    sort = text("sort") or "relevance"
    if sort not in ("relevance", "recent"):
        raise ValidationError("relevance or recent", field="sort")
    return LibraryFilters(q=text("q", 300), service=text("service"), severity=text("severity"),
                          tag=text("tag").lower(), category=text("category"), team=text("team"),
                          since=_day(params.get("since"), "since"), until=_day(params.get("until"), "until"),
                          sort=sort)


def library_restriction(*, user: Any, filters: LibraryFilters) -> search.Restriction:
    """What a library page may show: published, visible to ``user``, passing the filters. Label
    and team filters become facet tokens for the full-text index; dates a range of the incident's
    start (local days, the last one included)."""
    facets = []
    if filters.service:
        facets.append(facet_token("service", filters.service))
    if filters.tag:
        facets.append(facet_token("tag", filters.tag))
    if filters.category:
        facets.append(facet_token("category", filters.category))
    if filters.severity:
        facets.append(facet_token("severity", filters.severity))
    if filters.team:
        facets.append(facet_token("team", team_key(filters.team)))
    zone = timezone.get_current_timezone()
    return search.Restriction(
        published_only=True, exclude_ids=hidden_incident_ids(user), facets=tuple(facets),
        started_from=datetime.combine(filters.since, time.min, zone) if filters.since else None,
        started_before=datetime.combine(filters.until + timedelta(days=1), time.min, zone) if filters.until else None)


@dataclass(frozen=True)
class SeverityRef:
    key: str
    label: str


@dataclass(frozen=True)
class IncidentRef:
    """What a result shows of its incident."""

    pk: int
    title: str
    severity: SeverityRef

    @property
    def ref(self) -> str:
        return f"INC-{self.pk}"


@dataclass
class LibraryItem:
    """One result, from the index row (no postmortem or label tables are read to show a page)."""

    incident: IncidentRef
    snippet: SafeString | str = ""
    rank: float | None = None
    services: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    summary: str = ""  # the start of the executive summary (shown when there is no excerpt)


@dataclass
class LibraryPage:
    items: list[LibraryItem]
    total: int
    page: int
    pages: int
    query: SearchQuery = field(default_factory=SearchQuery)
    capped: bool = False  # more than ``total`` match (a search counts up to search.COUNT_CAP)

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


SUMMARY_CHARS = 400


def _summary_line(text: str) -> str:
    """The start of a summary as plain words on one line (no Markdown syntax; the page cuts it at 40 words)."""
    return " ".join(markdown_plain(text).split())


def _items(ids: list[int]) -> dict[int, LibraryItem]:
    """The page's rows in one query (index row, incident title, severity); no model is loaded."""
    rows = (SearchDocument.objects.filter(incident_id__in=ids)
            .values_list("incident_id", "incident__title", "incident__severity__key", "incident__severity__label",
                         "services", "tags", "published_at")
            .annotate(summary_head=Substr("summary", 1, SUMMARY_CHARS)))
    out = {}
    for pk, title, key, label, services, tags, published_at, summary in rows:
        incident = IncidentRef(pk=pk, title=title, severity=SeverityRef(key=key or "", label=label or ""))
        out[pk] = LibraryItem(incident, services=list(services or []), tags=list(tags or []),
                              published_at=published_at, summary=_summary_line(summary or ""))
    return out


def library_search(*, user: Any, filters: LibraryFilters, page: int = 1,
                   page_size: int = PAGE_SIZE) -> LibraryPage:
    """Published postmortems ``user`` may see, filtered; ranked and highlighted when there is a query."""
    page = max(1, page)
    query = parse_query(filters.q)
    restriction = library_restriction(user=user, filters=filters)
    if query.is_empty:  # browse, newest publication first
        if filters.has_filters:
            found = search.browse_found(restriction, limit=page_size, offset=(page - 1) * page_size)
            ids, total = [h.incident_id for h in found.hits], found.total
        else:  # the index rows alone (one indexed scan)
            docs = SearchDocument.objects.exclude(incident_id__in=restriction.exclude_ids).filter(published__in=[True])
            total = docs.count()
            ids = list(docs.order_by("-published_at").values_list("incident_id", flat=True)
                       [(page - 1) * page_size: page * page_size])
        by_id = _items(ids)
        items = [by_id[i] for i in ids if i in by_id]
        return LibraryPage(items, total, page, max(1, -(-total // page_size)), query)
    if filters.sort == "recent":  # the ranked window's matches, newest publication first
        found = search.search_found(query, restriction, limit=search.RANK_WINDOW, ranked=False)
        hits = search.newest_published([h.incident_id for h in found.hits], limit=page_size,
                                       offset=(page - 1) * page_size)
    else:
        found = search.search_found(query, restriction, limit=page_size, offset=(page - 1) * page_size)
        hits = found.hits
    total = found.total
    ids = [h.incident_id for h in hits]
    by_id = _items(ids)
    excerpts = search.snippets(query, ids)
    items = []
    for h in hits:
        if h.incident_id in by_id:
            item = by_id[h.incident_id]
            item.snippet, item.rank = excerpts.get(h.incident_id, ""), h.rank
            items.append(item)
    return LibraryPage(items, total, page, max(1, -(-total // page_size)), query, capped=found.capped)


def library_facets() -> dict[str, Any]:
    """The choices of the filter form."""
    from hotwash.web.accounts.models import Profile

    return {
        "services": list(Service.objects.values_list("name", flat=True)),
        "tags": list(Tag.objects.values_list("name", flat=True)),
        "severities": list(SeverityLevel.objects.all()),
        "categories": list(FactorCategory.objects.all()),
        "teams": sorted(set(Profile.objects.exclude(team="").values_list("team", flat=True))),
    }


def published_get(*, ref: str, user: Any) -> Incident:
    """The published postmortem's incident behind a permalink (``12`` or ``INC-12``), if visible."""
    raw = str(ref).strip().upper().removeprefix("INC-")
    if not raw.isdigit():
        raise NotFound("no such postmortem", field="ref")
    incident = (incidents_visible_to(user).filter(pk=int(raw), postmortem__status="published")
                .select_related("severity", "postmortem").first())
    if incident is None:
        raise NotFound("no such postmortem", field="ref")
    return incident


def feed_entries(*, limit: int = 30) -> list[Incident]:
    """Newest publications for the Atom feed: never restricted incidents (a feed URL travels)."""
    return list(Incident.objects.filter(restricted=False, postmortem__status="published")
                .select_related("severity", "postmortem").prefetch_related("services", "tags")
                .order_by("-postmortem__published_at", "-pk")[:limit])


def feed_user(*, user_id: int, salt: str) -> Any:
    from hotwash.web.library.models import FeedToken

    token = FeedToken.objects.select_related("user").filter(user_id=user_id, salt=salt).first()
    if token is None or not token.user.is_active:
        return None
    return token.user


def user_by_pk(pk: int) -> Any:
    return get_user_model().objects.filter(pk=pk).first()
