"""Similar past incidents: found, explained, with the state of their fixes; confirmed both ways."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from hotwash.web.incidents.services import incident_create
from hotwash.web.library.recurrence import recurrences_of, similar_incidents
from hotwash.web.library.services import recurrence_decide

from .library_support import T0, published, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(alice):  # type: ignore[no-untyped-def]
    cert = published(alice, "Expired TLS certificate on the public API",
                     summary="The certificate of api.example.com expired; clients failed the TLS handshake.",
                     services=["api-gateway"], tags=["tls"], factor="Certificate renewal was manual",
                     actions=(("Automate certificate renewal", "done"), ("Alert 30 days before expiry", "open"),
                              ("Move to a managed certificate service", "wont_do")))
    dns = published(alice, "DNS outage after a zone file change",
                    summary="A malformed zone file broke name resolution for internal services.",
                    services=["dns"], tags=["dns"], minutes=10)
    return {"cert": cert, "dns": dns}


@pytest.fixture
def new_cert(alice):  # type: ignore[no-untyped-def]
    incident = incident_create(user=alice, title="Mobile app cannot connect: certificate expired", severity="high",
                               started_at=T0, detected_at=T0 + timedelta(minutes=5), services=["mobile-api"],
                               tags=["tls"])
    write(incident, alice, summary="The TLS certificate of the mobile API expired and the handshake failed.")
    return incident


def test_a_new_incident_surfaces_the_earlier_one_of_the_same_kind_first(alice, history, new_cert):
    found = similar_incidents(incident=new_cert, user=alice)
    assert found[0].incident.pk == history["cert"].pk
    reasons = " ".join(found[0].match.reasons)
    assert "certif" in reasons and "#tls" in reasons


def test_the_match_shows_the_state_of_the_earlier_action_items(alice, history, new_cert):
    match = similar_incidents(incident=new_cert, user=alice)[0]
    assert match.actions.counts == {"done": 1, "open": 1, "wont_do": 1}
    assert {a["status"] for a in match.actions.items} == {"done", "open", "wont_do"}


def test_a_later_incident_is_not_offered_as_a_past_one(alice, history, new_cert):
    found = similar_incidents(incident=history["cert"], user=alice)
    assert new_cert.pk not in [f.incident.pk for f in found]


def test_confirming_links_both_ways_and_dismissing_hides_the_suggestion(alice, history, new_cert):
    recurrence_decide(incident=new_cert, earlier=history["cert"], state="confirmed", user=alice)
    assert [link.earlier_id for link in recurrences_of(incident=new_cert, user=alice).earlier] == [history["cert"].pk]
    later = recurrences_of(incident=history["cert"], user=alice)
    assert [link.incident_id for link in later.later] == [new_cert.pk] and later.count == 1
    recurrence_decide(incident=new_cert, earlier=history["dns"], state="dismissed", user=alice)
    assert history["dns"].pk not in [f.incident.pk for f in similar_incidents(incident=new_cert, user=alice)]


def test_the_lazy_block_shows_matches_and_takes_a_decision(alice_client, history, new_cert):
    block = alice_client.get(reverse("library_similar", args=[new_cert.pk]))
    assert block.status_code == 200 and history["cert"].title in block.content.decode()
    decided = alice_client.post(reverse("library_similar_decide", args=[new_cert.pk]),
                                {"earlier": history["cert"].pk, "state": "confirmed", "score": "0.5"}, headers={"HX-Request": "true"})
    assert "Confirmed recurrence" in decided.content.decode()
    page = alice_client.get(reverse("incident_detail", args=[new_cert.pk]))
    assert reverse("library_similar", args=[new_cert.pk]) in page.content.decode()


def test_the_api_lists_similar_incidents_and_records_a_decision(client, alice_token, history, new_cert):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {alice_token}"}
    similar = client.get(f"/api/v1/incidents/{new_cert.pk}/similar", **auth).json()
    assert similar[0]["id"] == history["cert"].pk and similar[0]["actions"]["done"] == 1
    made = client.post(f"/api/v1/incidents/{new_cert.pk}/recurrences",
                       {"earlier_id": history["cert"].pk, "state": "confirmed"}, content_type="application/json", **auth)
    assert made.status_code == 201
    assert client.get(f"/api/v1/incidents/{history['cert'].pk}/recurrences", **auth).json()["later"] == [new_cert.pk]
    bad = client.post(f"/api/v1/incidents/{new_cert.pk}/recurrences",
                      {"earlier_id": history["cert"].pk, "state": "maybe"}, content_type="application/json", **auth)
    assert bad.status_code == 422


def test_a_fix_shown_not_to_work_counts_once_until_it_is_done_again(alice, history, new_cert):
    from hotwash.web.actions.services import action_item_update
    from hotwash.web.followthrough.services import verdict_record

    done = history["cert"].postmortem.actions.get(action="Automate certificate renewal")
    verdict_record(action=done, verdict="did_not", note="Renewal failed again in the next cycle.", user=alice)
    match = similar_incidents(incident=new_cert, user=alice)[0]
    assert match.actions.counts == {"did_not_work": 1, "open": 1, "wont_do": 1} and match.actions.total == 3
    states = {a["action"]: a["state"] for a in match.actions.items}
    assert states["Automate certificate renewal"] == "Reopened: did not work"
    assert states["Move to a managed certificate service"] == "Won't do"
    done.refresh_from_db()
    action_item_update(item=done, data={"status": "done"})  # a second attempt: done, awaiting a new verdict
    assert similar_incidents(incident=new_cert, user=alice)[0].actions.counts == {"done": 1, "open": 1, "wont_do": 1}
