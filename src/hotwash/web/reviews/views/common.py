from __future__ import annotations

from django.http import Http404, HttpRequest

from hotwash.core.errors import NotFound
from hotwash.web.incidents.models import Incident
from hotwash.web.incidents.selectors import incident_get
from hotwash.web.postmortems.selectors import postmortem_for
from hotwash.web.reviews.models import Review
from hotwash.web.reviews.services.review import review_ensure


def incident_or_404(pk: int) -> Incident:
    try:
        return incident_get(pk=pk)
    except NotFound as exc:
        raise Http404(str(exc)) from exc


def review_for(incident: Incident) -> Review:
    try:
        postmortem = postmortem_for(incident=incident)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    return review_ensure(postmortem=postmortem)


def draft_url(request: HttpRequest, incident: Incident) -> str:
    from django.conf import settings
    from django.urls import reverse

    return f"{settings.BASE_URL}{reverse('incident_detail', args=[incident.pk])}"
