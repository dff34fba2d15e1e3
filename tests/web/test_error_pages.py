"""Error pages a user can meet: they look like hotwash, say what happened, and give nothing away."""

from __future__ import annotations

from django.test import Client


def test_an_unknown_address_does_not_list_the_routes(alice_client):
    response = alice_client.get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<title>Not found · hotwash</title>" in html and "There is nothing at this address." in html
    assert "URLPattern" not in html and "incident_detail" not in html  # Django's resolver lists every route it tried


def test_a_missing_incident_says_which(alice_client):
    response = alice_client.get("/incidents/99999/")
    assert response.status_code == 404 and "no incident 99999" in response.content.decode()


def test_an_expired_form_is_explained(alice):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "alice", "password": "alice-password"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "<title>Form expired · hotwash</title>" in html and "nothing was saved" in html
    assert "CSRF verification failed" not in html  # not Django's developer wording
