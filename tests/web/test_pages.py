from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from hotwash.web.incidents.models import Incident
from hotwash.web.postmortems.models import SECTIONS
from hotwash.web.timeline.models import TimelineEntry
from hotwash.web.timeline.services import timeline_entry_add

from .conftest import T0


def test_pages_need_a_sign_in(client, incident):
    response = client.get(reverse("incident_detail", args=[incident.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_sign_in_with_a_password_reaches_the_incident_list(client, alice, incident):
    response = client.post(reverse("login"), {"username": "alice", "password": "alice-password"}, follow=True)
    assert response.status_code == 200
    assert b"Search latency spike" in response.content


def test_incident_list_uses_a_fixed_number_of_queries(alice_client, alice, django_assert_max_num_queries):
    from hotwash.web.incidents.services import incident_create

    for n in range(12):
        incident_create(user=alice, title=f"Incident {n}", severity="low", started_at=T0, services=["a", "b"],
                        tags=["t"])
    with django_assert_max_num_queries(10):
        response = alice_client.get(reverse("incident_list"))
    assert response.content.count(b"Incident ") >= 12


def test_creating_an_incident_through_the_form(alice_client):
    response = alice_client.post(reverse("incident_create"), {
        "title": "Payments timeouts", "severity": "critical", "status": "investigating",
        "started_at": "2026-03-02T10:00", "resolved_at": "2026-03-02T11:30", "services": "payments",
        "tags": "", "timezone": "Europe/Berlin", "customer_impact": "",
    })
    assert response.status_code == 302
    incident = Incident.objects.get(title="Payments timeouts")
    # alice's zone is Europe/Berlin (UTC+1 in March): the form's times are hers
    assert incident.started_at.utcoffset() == timedelta(0)
    assert incident.started_at.hour == 9


def test_the_form_names_the_field_when_resolved_is_before_started(alice_client):
    response = alice_client.post(reverse("incident_create"), {
        "title": "Backwards", "severity": "high", "status": "resolved", "started_at": "2026-03-02T10:00",
        "resolved_at": "2026-03-02T09:00", "timezone": "UTC",
    })
    assert response.status_code == 200
    assert b"resolved is before the incident started" in response.content
    assert not Incident.objects.filter(title="Backwards").exists()


def test_the_form_rejects_garbage_times_and_unknown_zones(alice_client):
    response = alice_client.post(reverse("incident_create"), {
        "title": "Bad", "severity": "high", "status": "resolved", "started_at": "yesterday-ish",
        "timezone": "Nowhere/Land",
    })
    assert b"Enter a date and time" in response.content
    assert b"Unknown time zone" in response.content
    assert not Incident.objects.exists()


def test_postmortem_page_shows_every_section_of_the_template(alice_client, incident):
    response = alice_client.get(reverse("incident_detail", args=[incident.pk]))
    html = response.content.decode()
    for label in [*SECTIONS.values(), "Timeline of events", "Contributing factors", "Action items",
                  "Follow-up review", "Facilitator and participants"]:
        assert label in html, label
    for category in ("Technical factors", "Process factors", "Communication factors", "Environmental factors"):
        assert category in html


def test_timeline_entries_are_sorted_and_shown_in_the_viewers_zone(alice_client, incident, alice):
    for minutes, text in [(30, "third"), (0, "first"), (10, "second")]:
        alice_client.post(reverse("timeline_add", args=[incident.pk]), {
            "time": (T0 + timedelta(hours=1, minutes=minutes)).strftime("%Y-%m-%dT%H:%M"), "event": text,
            "kind": "manual"}, HTTP_HX_REQUEST="true")
    html = alice_client.get(reverse("timeline_block", args=[incident.pk])).content.decode()
    assert html.index("first") < html.index("second") < html.index("third")
    # posted as 10:00 Berlin time = 09:00 UTC, and displayed back as 10:00 for alice
    assert TimelineEntry.objects.get(event="first").time == T0
    assert "2026-03-02 10:00" in html


def test_timeline_add_with_a_bad_time_reports_the_field_and_adds_nothing(alice_client, incident):
    response = alice_client.post(reverse("timeline_add", args=[incident.pk]), {"time": "soon", "event": "x"})
    assert b"time:" in response.content and b"is not a date and time" in response.content
    assert not TimelineEntry.objects.exists()


def test_timeline_entry_edit_and_delete_inline(alice_client, incident, alice):
    entry = timeline_entry_add(incident=incident, user=alice, time=T0, event="Alert fired")
    alice_client.post(reverse("timeline_update", args=[incident.pk, entry.pk]), {
        "time": "2026-03-02T10:05", "event": "Alert fired for error rate", "key_decision": "1",
        "version": str(entry.version)})
    entry.refresh_from_db()
    assert entry.event == "Alert fired for error rate" and entry.key_decision and entry.version == 2
    alice_client.post(reverse("timeline_delete", args=[incident.pk, entry.pk]))
    assert not TimelineEntry.objects.exists()


def test_section_edit_conflict_is_shown_with_both_versions(client, incident, alice, bob):
    url = reverse("section_save", args=[incident.pk, "executive_summary"])
    client.force_login(alice)
    client.post(url, {"text": "Alice wrote this", "base_version": "0"})
    client.force_login(bob)
    response = client.post(url, {"text": "Bob wrote that", "base_version": "0"})
    html = response.content.decode()
    assert "Your text is not saved yet" in html
    assert "Alice wrote this" in html and "Bob wrote that" in html
    assert "Use mine" in html and "Keep theirs" in html
    incident.postmortem.refresh_from_db()
    assert incident.postmortem.executive_summary == "Alice wrote this"


def test_markdown_in_sections_is_rendered_and_sanitised(alice_client, incident):
    url = reverse("section_save", args=[incident.pk, "what_went_well"])
    html = alice_client.post(url, {"text": "**fast** rollback <script>alert(1)</script>",
                                   "base_version": "0"}, headers={"HX-Request": "true"}).content.decode()
    assert "<strong>fast</strong>" in html
    assert "<script>" not in html


def test_factors_participants_actions_and_followups_are_added_inline(alice_client, incident):
    pk = incident.pk
    alice_client.post(reverse("factor_add", args=[pk]), {"category": "process", "role": "trigger",
                                                        "description": "No canary for config changes"})
    alice_client.post(reverse("participant_add", args=[pk]), {"name": "Bob Stone", "role": "on-call",
                                                             "involved": "1"})
    alice_client.post(reverse("action_add", args=[pk]), {"action": "Add a canary stage", "owner": "Delivery",
                                                        "due_date": "2026-04-01", "success_metric": "100%",
                                                        "impact": "3", "effort": "1", "type": "prevent",
                                                        "status": "open"})
    alice_client.post(reverse("followup_add", args=[pk]), {"scheduled_for": "2026-03-23", "focus": "Progress"})
    html = alice_client.get(reverse("incident_detail", args=[pk])).content.decode()
    for text in ("No canary for config changes", "Bob Stone", "Add a canary stage", "2026-03-23"):
        assert text in html
    pm = incident.postmortem
    assert pm.factors.get().role == "trigger"
    assert pm.actions.get().priority == "p1"


def test_weak_action_items_get_a_warning(alice_client, incident):
    html = alice_client.post(reverse("action_add", args=[incident.pk]), {
        "action": "Remind engineers to be more careful", "impact": "2", "effort": "2", "type": "process",
        "status": "open"}, headers={"HX-Request": "true"}).content.decode()
    assert "has no owner" in html
    assert "careful" in html and "Prefer" in html


def test_unknown_incident_is_a_404_page(alice_client):
    response = alice_client.get("/incidents/99999/")
    assert response.status_code == 404
    assert b"Not found" in response.content


def test_every_page_links_the_svg_icon_and_favicon_ico_leads_to_it(client, alice_client):
    page = alice_client.get(reverse("incident_list")).content.decode()
    assert '<link rel="icon" href="/static/hotwash/favicon.svg" type="image/svg+xml">' in page
    assert 'rel="icon"' in client.get(reverse("login")).content.decode()  # signed out too
    moved = client.get("/favicon.ico")
    assert moved.status_code == 301 and moved["Location"] == "/static/hotwash/favicon.svg"
    icon = client.get(moved["Location"])
    assert icon.status_code == 200 and icon["Content-Type"].startswith("image/svg+xml")
    body = b"".join(icon.streaming_content) if icon.streaming else icon.content
    assert body.startswith(b"<svg") and b"<title>hotwash</title>" in body


def test_a_new_incident_starts_in_the_viewers_zone(alice_client):
    html = alice_client.get(reverse("incident_create")).content.decode()
    assert "Times are in your zone, <strong>Europe/Berlin</strong>" in html
    assert 'name="timezone" value="Europe/Berlin"' in html  # the incident's zone too, not UTC
