from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_POST

from hotwash.core.errors import NotFound, ValidationError
from hotwash.core.highlight import mark_html
from hotwash.core.redact import RedactionOptions
from hotwash.core.search_query import parse_query
from hotwash.web.forms_util import checkbox
from hotwash.web.incidents.models import Incident
from hotwash.web.incidents.selectors import incident_get
from hotwash.web.library import recurrence, selectors, services
from hotwash.web.library.export import (
    ExportOptions,
    document_main,
    export_html,
    export_markdown,
    markdown_html,
)
from hotwash.web.library.models import FeedToken

FEED_SALT = "hotwash.library.feed"


def _incident(pk: int, user: object) -> Incident:
    try:
        return incident_get(pk=pk, user=user)
    except NotFound as exc:
        raise Http404(str(exc)) from exc


@login_required
def library_index(request: HttpRequest) -> HttpResponse:
    error = ""
    try:
        filters = selectors.library_filters(request.GET)
    except ValidationError as exc:
        error = f"{exc.field}: {exc.message}"
        filters = selectors.LibraryFilters(q=str(request.GET.get("q", ""))[:300])
    try:
        page_number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page_number = 1
    results = selectors.library_search(user=request.user, filters=filters, page=page_number)
    counts = recurrence.recurrence_counts([item.incident.pk for item in results.items])
    for item in results.items:
        item.recurrences = counts.get(item.incident.pk, 0)  # type: ignore[attr-defined]
    context = {"nav": "library", "results": results, "filters": filters, "error": error,
               "querystring": urlencode(filters.as_query()), **selectors.library_facets()}
    if request.htmx:  # type: ignore[attr-defined]
        response = render(request, "library/_results.html", context)
        # The address bar shows the search without the form's empty fields (a link worth sharing).
        query = context["querystring"]
        response["HX-Push-Url"] = reverse("library_index") + (f"?{query}" if query else "")
        return response
    return render(request, "library/index.html", context)


@login_required
def similar_block(request: HttpRequest, pk: int) -> HttpResponse:
    """The block the postmortem page loads with HTMX; opened as a link (no JavaScript), a page of its own."""
    incident = _incident(pk, request.user)
    return _similar(request, incident)


def _similar(request: HttpRequest, incident: Incident, error: str = "") -> HttpResponse:
    htmx = getattr(request, "htmx", False)
    if request.method == "POST" and not htmx:  # a decision sent without JavaScript: back to that page
        if error:
            messages.error(request, error)
        return redirect("library_similar", pk=incident.pk)
    items = recurrence.similar_incidents(incident=incident, user=request.user)
    links = recurrence.recurrences_of(incident=incident, user=request.user)
    dismissed = recurrence.dismissed_of(incident=incident, user=request.user)
    context = {"incident": incident, "similar": items, "links": links, "dismissed": dismissed, "error": error}
    return render(request, "library/_similar.html" if htmx else "library/similar.html", {"nav": "incidents", **context})


@login_required
@require_POST
def similar_decide(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident(pk, request.user)
    raw = request.POST.get("earlier", "")
    earlier = _incident(int(raw), request.user) if raw.isdigit() else None
    if earlier is None:
        raise Http404("no such incident")
    error = ""
    try:
        if request.POST.get("state") == "undo":
            services.recurrence_undo(incident=incident, earlier_id=earlier.pk)
        else:
            score = float(request.POST.get("score") or 0)
            services.recurrence_decide(incident=incident, earlier=earlier, state=request.POST.get("state", ""),
                                       user=request.user, score=score,
                                       reasons=request.POST.getlist("reason"))
    except (ValidationError, NotFound, ValueError) as exc:
        error = getattr(exc, "message", str(exc))
    return _similar(request, incident, error)


def _export_options(request: HttpRequest) -> ExportOptions:
    if request.GET.get("redact", "1") in ("0", "false", "no"):
        return ExportOptions.none()
    masks = set(request.GET.getlist("mask") or ["emails", "ips", "hosts"])
    base = ExportOptions()
    return ExportOptions(redact_names=True, masks=RedactionOptions(
        mask_emails="emails" in masks, mask_ips="ips" in masks, mask_hosts="hosts" in masks,
        internal_domains=base.masks.internal_domains))


@login_required
def permalink(request: HttpRequest, ref: str) -> HttpResponse:
    """The stable address of a published postmortem: the document, read-only, with export links."""
    try:
        incident = selectors.published_get(ref=ref, user=request.user)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    body = document_main(export_html(incident, ExportOptions.none()))
    q = str(request.GET.get("q", ""))[:300].strip()
    body, marked = mark_html(body, parse_query(q))  # opened from a search: its words are marked
    return render(request, "library/permalink.html", {
        "nav": "library", "incident": incident, "body": body, "q": q, "marked": marked,
        "links": recurrence.recurrences_of(incident=incident, user=request.user)})


@login_required
def export(request: HttpRequest, ref: str, fmt: str) -> HttpResponse:
    try:
        incident = selectors.published_get(ref=ref, user=request.user)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    options = _export_options(request)
    name = f"{incident.ref}{'-redacted' if options.redact_names else ''}"
    if fmt == "md":
        response = HttpResponse(export_markdown(incident, options), content_type="text/markdown; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{name}.md"'
        return response
    if fmt == "html":
        return HttpResponse(export_html(incident, options), content_type="text/html; charset=utf-8")
    raise Http404("md or html")


def feed_url_token(token: FeedToken) -> str:
    return signing.dumps([token.user_id, token.salt], salt=FEED_SALT, compress=True)


def atom_feed(request: HttpRequest) -> HttpResponse:
    """New publications. Auth: a signed-in session, or the per-user secret ``token`` in the URL.
    Restricted incidents never appear (a feed URL travels)."""
    user = request.user if request.user.is_authenticated else None
    raw = request.GET.get("token", "")
    if user is None and raw:
        try:
            user_id, salt = signing.loads(raw, salt=FEED_SALT)
            user = selectors.feed_user(user_id=int(user_id), salt=str(salt))
        except (signing.BadSignature, ValueError, TypeError):
            user = None
    if user is None:
        return HttpResponse("a feed token is required: see the library page", status=401,
                            content_type="text/plain")
    base = request.build_absolute_uri("/").rstrip("/")
    # Atom (RFC 4287) wants an author for the feed when its entries name none.
    feed = Atom1Feed(title="hotwash: new postmortems", link=base + reverse("library_index"),
                     description="Published postmortems", feed_url=request.build_absolute_uri(),
                     author_name="hotwash", language="en")
    for incident in selectors.feed_entries():
        pm = incident.postmortem
        link = base + reverse("permalink", args=[incident.pk])
        feed.add_item(title=f"{incident.ref} {incident.title}", link=link, unique_id=link,
                      description=markdown_html(pm.executive_summary or incident.customer_impact),
                      pubdate=pm.published_at, updateddate=pm.updated_at,
                      categories=[s.name for s in incident.services.all()] + [t.name for t in incident.tags.all()])
    return HttpResponse(feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8")


@login_required
def feed_settings(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.feed_token_rotate(user=request.user)
        return redirect("library_feed_settings")
    token = FeedToken.objects.filter(user=request.user).first()
    url = ""
    if token is not None:
        url = request.build_absolute_uri(reverse("library_feed")) + "?token=" + feed_url_token(token)
    return render(request, "library/feed.html", {"nav": "library", "feed_url": url})


@login_required
def access(request: HttpRequest, pk: int) -> HttpResponse:
    """Who can see an incident: restrict it to participants, creator, staff and named groups."""
    incident = _incident(pk, request.user)
    error = ""
    if request.method == "POST":
        try:
            services.incident_restriction_set(incident=incident, restricted=checkbox(request.POST.get("restricted")),
                                              groups=request.POST.getlist("groups"))
        except ValidationError as exc:
            error = exc.message
        else:
            return redirect("incident_detail", pk=incident.pk)
    return render(request, "library/access.html", {
        "incident": incident, "groups": Group.objects.order_by("name"), "error": error,
        "chosen": set(incident.allowed_groups.values_list("name", flat=True)),
        "participants": incident.postmortem.participants.select_related("user")})
