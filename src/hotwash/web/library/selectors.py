"""Reads for the library: browse and search published postmortems, permalinks, feed entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString

from hotwash.core.errors import NotFound, ValidationError
from hotwash.core.search_query import SearchQuery, parse_query
from hotwash.web.incidents.models import Incident, Service, SeverityLevel, Tag
from hotwash.web.incidents.selectors import incidents_visible_to
from hotwash.web.library import search
from hotwash.web.library.models import SearchDocument
from hotwash.web.postmortems.models import ContributingFactor, FactorCategory

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


def _filtered(qs: QuerySet[Incident], f: LibraryFilters) -> QuerySet[Incident]:
    # Each label filter is an id subquery on its own small, indexed table (no joins over incidents).
    if f.service:
        qs = qs.filter(pk__in=Incident.services.through.objects.filter(service__name=f.service)
                       .values("incident_id"))
    if f.severity:
        qs = qs.filter(severity_id__in=SeverityLevel.objects.filter(key=f.severity).values("pk"))
    if f.tag:
        qs = qs.filter(pk__in=Incident.tags.through.objects.filter(tag__name=f.tag).values("incident_id"))
    if f.category:
        qs = qs.filter(pk__in=ContributingFactor.objects.filter(category__key=f.category)
                       .values("postmortem__incident_id"))
    if f.team:
        qs = qs.filter(Q(created_by__profile__team__iexact=f.team)
                       | Q(postmortem__participants__user__profile__team__iexact=f.team))
    zone = timezone.get_current_timezone()
    if f.since:
        qs = qs.filter(started_at__gte=datetime.combine(f.since, time.min, zone))
    if f.until:
        qs = qs.filter(started_at__lt=datetime.combine(f.until + timedelta(days=1), time.min, zone))
    return qs


@dataclass
class LibraryItem:
    incident: Incident
    snippet: SafeString | str = ""
    rank: float | None = None


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


def _incidents_by_id(ids: list[int]) -> dict[int, Incident]:
    qs = (Incident.objects.filter(pk__in=ids).select_related("severity", "postmortem")
          .prefetch_related("services", "tags"))
    return {i.pk: i for i in qs}


def library_search(*, user: Any, filters: LibraryFilters, page: int = 1,
                   page_size: int = PAGE_SIZE) -> LibraryPage:
    """Published postmortems ``user`` may see, filtered; ranked and highlighted when there is a query."""
    page = max(1, page)
    query = parse_query(filters.q)
    if query.is_empty:  # browse: the index rows alone, newest first (one indexed scan)
        docs = SearchDocument.objects.exclude(incident_id__in=hidden_incident_ids(user))
        if filters.has_filters:
            # Driven by the filters' id list: SQLite would otherwise walk every published row of
            # the (published, published_at) index and test each one ("+" hides that index).
            docs = docs.filter(incident_id__in=_filtered(Incident.objects.all(), filters).values("pk"))
            if search.vendor() == "sqlite":
                docs = docs.extra(where=["+library_searchdocument.published"])  # noqa: S610 - constant SQL
            else:
                docs = docs.filter(published=True)
        else:
            docs = docs.filter(published__in=[True])
        total = docs.count()
        ids = list(docs.order_by("-published_at").values_list("incident_id", flat=True)
                   [(page - 1) * page_size: page * page_size])
        by_id = _incidents_by_id(ids)
        items = [LibraryItem(by_id[i]) for i in ids if i in by_id]
        return LibraryPage(items, total, page, max(1, -(-total // page_size)), query)
    include = None
    if filters.has_filters:
        sql, params = _filtered(Incident.objects.all(), filters).order_by().values("pk").query.sql_with_params()
        include = (sql, tuple(params))
    restriction = search.Restriction(published_only=True, exclude_ids=hidden_incident_ids(user), include_sql=include)
    if filters.sort == "recent":  # the ranked window's matches, newest publication first
        found = search.search_found(query, restriction, limit=search.RANK_WINDOW, ranked=False)
        docs = dict(SearchDocument.objects.filter(incident_id__in=[h.incident_id for h in found.hits])
                    .values_list("incident_id", "published_at"))
        floor = datetime.min.replace(tzinfo=timezone.get_current_timezone())
        hits = sorted(found.hits, key=lambda h: (docs.get(h.incident_id) or floor, h.incident_id), reverse=True)
        hits = hits[(page - 1) * page_size: page * page_size]
    else:
        found = search.search_found(query, restriction, limit=page_size, offset=(page - 1) * page_size)
        hits = found.hits
    total = found.total
    ids = [h.incident_id for h in hits]
    by_id = _incidents_by_id(ids)
    excerpts = search.snippets(query, ids)
    items = [LibraryItem(by_id[h.incident_id], excerpts.get(h.incident_id, ""), h.rank)
             for h in hits if h.incident_id in by_id]
    return LibraryPage(items, total, page, max(1, -(-total // page_size)), query, capped=found.capped)
    return LibraryPage(items, total, page, max(1, -(-total // page_size)), query)


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
