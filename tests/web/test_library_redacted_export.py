"""The redacted export reads right: a role once, the incident's own day, nothing named or hosted left."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hotwash.web.incidents.services import incident_create
from hotwash.web.library.export import export_html, export_markdown
from hotwash.web.postmortems.services import participant_add
from hotwash.web.timeline.services import timeline_entry_add

from .library_support import T0, published, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def late_evening(alice, bob):  # type: ignore[no-untyped-def]
    """Started 2025-01-26 12:00 UTC: already 27 January (01:00) in Auckland."""
    return published(alice, "Queue stalled after midnight", summary="Marco Silva restarted the consumers.",
                     minutes=180, timezone_name="Pacific/Auckland",
                     participants=[("Marco Silva", "on-call engineer", None, False),
                                   ("Bob Stone", "SRE", bob, True), ("Ana Lee", "", None, False)])


def test_a_participant_named_by_their_role_is_not_followed_by_the_role_again(late_evening):
    text = export_markdown(late_evening)
    assert ("**Participants**: the on-call engineer (involved), Bob Stone (SRE, involved), "
            "participant 2 (involved)") in text
    assert "(on-call engineer" not in text and "Marco" not in text and "Ana Lee" not in text
    html = export_html(late_evening)
    assert 'the on-call engineer <span class="tag">involved</span>' in html
    assert "on-call engineer, involved" not in html and 'Bob Stone <span class="tag">SRE, involved</span>' in html


def test_the_document_date_is_the_incidents_own_day(late_evening):
    assert late_evening.started_at == T0 - timedelta(days=400) + timedelta(minutes=180)
    assert "**Date**: 2025-01-27" in export_markdown(late_evening)
    assert "2025-01-27" in export_html(late_evening).split("Facilitator")[0]


def test_hosts_in_a_timeline_source_are_masked(alice):
    incident = incident_create(user=alice, title="Disk full on a log host", severity="high", started_at=T0)
    pm = write(incident, alice, summary="Logs filled the disk.")
    participant_add(postmortem=pm, name="Marco Silva", role="on-call engineer", consent_to_name=False)
    timeline_entry_add(incident=incident, user=alice, time=T0 + timedelta(minutes=5),
                       event="Marco Silva cleared old logs", source="syslog logs-1.prod.internal")
    text = export_markdown(incident)
    assert "logs-1.prod.internal" not in text and "syslog [host]" in text
    assert "the on-call engineer cleared old logs" in text


def test_internal_domains_come_from_the_environment(monkeypatch):
    import importlib

    from hotwash.web import settings as hotwash_settings

    monkeypatch.setenv("HOTWASH_INTERNAL_DOMAINS", "acme.net, corp.acme.com")
    try:
        assert importlib.reload(hotwash_settings).HOTWASH_INTERNAL_DOMAINS == ["acme.net", "corp.acme.com"]
    finally:
        monkeypatch.delenv("HOTWASH_INTERNAL_DOMAINS")
        importlib.reload(hotwash_settings)
