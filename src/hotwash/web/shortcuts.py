"""View helpers shared by the apps: look a thing up or answer 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from hotwash.core.errors import NotFound
from hotwash.web.incidents.models import Incident
from hotwash.web.incidents.selectors import incident_get
from hotwash.web.postmortems.models import Postmortem
from hotwash.web.postmortems.selectors import postmortem_for


def incident_or_404(pk: int, user: Any = None) -> Incident:
    """The incident, if it exists and ``user`` may see it (restricted incidents are a 404)."""
    try:
        return incident_get(pk=pk, user=user)
    except NotFound as exc:
        raise Http404(str(exc)) from exc


def postmortem_or_404(pk: int, user: Any = None) -> tuple[Incident, Postmortem]:
    incident = incident_or_404(pk, user)
    try:
        return incident, postmortem_for(incident=incident)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
