from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from hotwash.core.errors import Conflict, ValidationError
from hotwash.core.model import IncidentStatus
from hotwash.web.incidents import selectors, services
from hotwash.web.incidents.forms import IncidentForm
from hotwash.web.incidents.models import Incident


@login_required
def incident_list(request: HttpRequest) -> HttpResponse:
    filters = {key: request.GET.get(key, "").strip() for key in ("q", "status", "severity")}
    severities = list(selectors.severity_list())
    # a value the menus do not offer (an old link, a typo) is no filter: the list and the menus agree
    if filters["status"] not in {s.value for s in IncidentStatus}:
        filters["status"] = ""
    if filters["severity"] not in {s.key for s in severities}:
        filters["severity"] = ""
    qs = selectors.incident_list(**filters, user=request.user)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "incidents/list.html", {
        "nav": "incidents", "incidents": page.object_list, "page": page, "filters": filters,
        "statuses": [(s.value, s.value.title()) for s in IncidentStatus],
        "severities": severities,
        "querystring": urlencode({k: v for k, v in filters.items() if v}),
    })


def _form_data(form: IncidentForm) -> dict[str, object]:
    data = dict(form.cleaned_data)
    data["severity"] = data["severity"]
    return data


@login_required
def incident_create(request: HttpRequest) -> HttpResponse:
    # the incident's own zone starts as the viewer's (their profile, else their browser's, else UTC)
    form = IncidentForm(request.POST or None, initial={"timezone": timezone.get_current_timezone_name()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            incident = services.incident_create(
                user=request.user, title=data["title"], severity=data["severity"], status=data["status"],
                started_at=data["started_at"], detected_at=data["detected_at"],
                mitigated_at=data["mitigated_at"], resolved_at=data["resolved_at"],
                timezone_name=data["timezone"], services=data["services"], tags=data["tags"],
                customer_impact=data["customer_impact"], escalated=data["escalated"])
        except ValidationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("incident_detail", pk=incident.pk)
    return render(request, "incidents/form.html", {"form": form, "nav": "new", "version": ""})


def _initial(incident: Incident) -> dict[str, object]:
    return {
        "title": incident.title, "severity": incident.severity.key, "status": incident.status,
        "escalated": incident.escalated, "started_at": incident.started_at, "detected_at": incident.detected_at,
        "mitigated_at": incident.mitigated_at, "resolved_at": incident.resolved_at,
        "services": ", ".join(s.name for s in incident.services.all()),
        "tags": ", ".join(t.name for t in incident.tags.all()), "timezone": incident.timezone,
        "customer_impact": incident.customer_impact,
    }


def _differences(mine: dict[str, object], theirs: dict[str, object]) -> list[dict[str, object]]:
    """Fields where the saved version differs from what this user submitted."""
    out = []
    for field, their_value in theirs.items():
        my_value = mine.get(field)
        if field == "severity" and my_value is not None:
            my_value = my_value.key  # type: ignore[attr-defined]
        if (my_value or "") != (their_value or ""):
            out.append({"field": IncidentForm.base_fields[field].label or field.replace("_", " ").title(),
                        "mine": my_value, "theirs": their_value})
    return out or [{"field": "(no field differs)", "mine": "", "theirs": ""}]


@login_required
def incident_edit(request: HttpRequest, pk: int) -> HttpResponse:
    incident = selectors.incident_get(pk=pk, user=request.user)
    conflict: list[dict[str, object]] = []
    if request.method == "POST":
        form = IncidentForm(request.POST)
        if form.is_valid():
            try:
                base = int(request.POST.get("version") or incident.version)
                services.incident_update(incident=incident, user=request.user, data=form.cleaned_data,
                                         base_version=base)
            except Conflict:
                incident.refresh_from_db()
                conflict = _differences(form.cleaned_data, _initial(incident))
            except ValidationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                return redirect("incident_detail", pk=incident.pk)
    else:
        form = IncidentForm(initial=_initial(incident))
    return render(request, "incidents/form.html", {"form": form, "incident": incident, "conflict": conflict,
                                                   "version": incident.version})
