from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from hotwash.core.errors import Conflict, ValidationError
from hotwash.web.incidents.models import Incident
from hotwash.web.incidents.selectors import incident_list
from hotwash.web.incidents.services import incident_create, incident_update
from hotwash.web.postmortems.models import Postmortem

from .conftest import T0


def test_creating_an_incident_starts_its_postmortem_as_a_draft(alice):
    incident = incident_create(user=alice, title="Queue backlog", severity="medium", started_at=T0)
    assert incident.postmortem.status == "draft"
    assert incident.ref == f"INC-{incident.pk}"


def test_durations_are_derived_from_the_incident_times(incident):
    d = incident.durations
    assert d.to_detect == timedelta(minutes=4)
    assert d.to_mitigate == timedelta(minutes=30)
    assert d.to_resolve == timedelta(minutes=50)


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"resolved_at": T0 - timedelta(minutes=1)}, "resolved_at"),
    ({"detected_at": T0 - timedelta(seconds=1)}, "detected_at"),
    ({"mitigated_at": T0 + timedelta(hours=2), "resolved_at": T0 + timedelta(hours=1)}, "resolved_at"),
    ({"severity": "catastrophic"}, "severity"),
    ({"title": "x" * 201}, "title"),
    ({"title": "   "}, "title"),
    ({"started_at": datetime(2026, 3, 2, 9, 0)}, "started_at"),
    ({"started_at": datetime(1980, 1, 1, tzinfo=UTC)}, "started_at"),
    ({"timezone_name": "Mars/Olympus"}, "timezone"),
])
def test_bad_input_names_the_field_and_saves_nothing(alice, kwargs, field):
    args = {"user": alice, "title": "Bad one", "severity": "high", "started_at": T0, **kwargs}
    with pytest.raises(ValidationError) as caught:
        incident_create(**args)
    assert caught.value.field == field
    assert not Incident.objects.exists()
    assert not Postmortem.objects.exists()


def test_update_refuses_a_stale_version_and_keeps_the_first_save(incident, alice, bob):
    incident_update(incident=incident, user=alice, data={"title": "Alice's title"}, base_version=1)
    with pytest.raises(Conflict):
        incident_update(incident=incident, user=bob, data={"title": "Bob's title"}, base_version=1)
    incident.refresh_from_db()
    assert incident.title == "Alice's title"
    assert incident.version == 2


def test_update_checks_times_against_the_stored_ones(incident, alice):
    with pytest.raises(ValidationError) as caught:
        incident_update(incident=incident, user=alice, data={"started_at": T0 + timedelta(hours=3)})
    assert caught.value.field in {"detected_at", "mitigated_at", "resolved_at"}
    incident.refresh_from_db()
    assert incident.started_at == T0


def test_services_and_tags_are_shared_and_deduplicated(alice):
    a = incident_create(user=alice, title="A", severity="low", started_at=T0, services="api, API, db", tags=["X"])
    b = incident_create(user=alice, title="B", severity="low", started_at=T0, services=["db"])
    assert sorted(s.name for s in a.services.all()) == ["api", "db"]
    assert [t.name for t in a.tags.all()] == ["x"]
    assert a.services.get(name="db").pk == b.services.get().pk


def test_list_filters_by_status_severity_and_text(alice):
    incident_create(user=alice, title="Disk full on db-3", severity="critical", started_at=T0, status="resolved")
    incident_create(user=alice, title="Slow search", severity="low", started_at=T0, services=["search"])
    assert [i.title for i in incident_list(status="resolved")] == ["Disk full on db-3"]
    assert [i.title for i in incident_list(severity="low")] == ["Slow search"]
    assert [i.title for i in incident_list(q="disk")] == ["Disk full on db-3"]
    assert [i.title for i in incident_list(q="search")] == ["Slow search"]
