"""The postmortem page's forms sent by a browser without JavaScript (no HX-Request header): the answer is the
whole page, never a bare block, and an error is said on top of it."""

from __future__ import annotations

from datetime import UTC, datetime

from django.test import Client
from django.urls import reverse

from hotwash.web.postmortems.models import Participant
from hotwash.web.timeline.models import TimelineEntry


def test_a_form_sent_without_javascript_comes_back_to_its_block(alice_client, incident):
    response = alice_client.post(reverse("participant_add", args=[incident.pk]), {"name": "Bob Stone", "involved": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"/incidents/{incident.pk}/#block-people"
    assert Participant.objects.filter(name="Bob Stone", involved=True).exists()


def test_an_error_without_javascript_is_a_message_on_the_page(alice_client, incident):
    alice_client.post(reverse("participant_add", args=[incident.pk]), {"name": "Bob Stone"})
    response = alice_client.post(reverse("participant_add", args=[incident.pk]), {"name": "bob stone"}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain == [(f"/incidents/{incident.pk}/#block-people", 302)]
    assert '<div class="notice bad" role="alert">bob stone is already a participant</div>' in html
    assert "<h1>" in html and incident.title in html
    assert Participant.objects.count() == 1


def test_a_rejected_timeline_entry_without_javascript_keeps_what_was_typed(alice_client, incident):
    response = alice_client.post(reverse("timeline_add", args=[incident.pk]),
                                 {"time": "soon", "event": "Alert fired", "kind": "alert"})
    html = response.content.decode()
    assert response.status_code == 200 and "<title>" in html and "Facilitator and participants" in html  # the page
    assert "time:" in html and "is not a date and time" in html
    assert 'value="Alert fired"' in html  # the draft is still in the form
    assert not TimelineEntry.objects.exists()


def test_with_htmx_the_answer_is_still_the_block(alice_client, incident):
    response = alice_client.post(reverse("timeline_add", args=[incident.pk]),
                                 {"time": "2026-03-02T10:00", "event": "Alert fired", "kind": "alert"},
                                 headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<section class="card" id="block-timeline">')
    assert TimelineEntry.objects.get().time == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # alice is in Berlin


def test_the_forms_carry_their_address_and_csrf_token(incident, alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    html = client.get(reverse("incident_detail", args=[incident.pk])).content.decode()
    for name in ("participant_add", "facilitator_set", "factor_add", "followup_add", "timeline_add",
                 "timeline_import_preview", "action_add"):
        url = reverse(name, args=[incident.pk])
        assert f'method="post" action="{url}"' in html, name
    assert html.count('name="csrfmiddlewaretoken"') >= 7
