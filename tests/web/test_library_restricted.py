"""A restricted incident is invisible to outsiders everywhere: UI, API, search, feed, recurrence."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from hotwash.web.accounts.services import api_token_create
from hotwash.web.library.services import incident_restriction_set

from .library_support import published

pytestmark = pytest.mark.django_db

SECRET = "Credential leak through a debug endpoint"


@pytest.fixture
def secret(alice):  # type: ignore[no-untyped-def]
    incident = published(alice, SECRET, summary="A debug endpoint exposed session tokens of the billing service.",
                         services=["billing"], tags=["security"])
    return incident_restriction_set(incident=incident, restricted=True)


@pytest.fixture
def public(alice):  # type: ignore[no-untyped-def]
    return published(alice, "Billing endpoint slow after a debug flag was left on",
                     summary="A debug flag made billing responses slow.", services=["billing"], tags=["security"],
                     minutes=30)


def _token(user) -> str:  # type: ignore[no-untyped-def]
    return api_token_create(user=user, name="t")[1]


def test_an_outsider_gets_404_on_every_page_of_a_restricted_incident(client, bob, secret):
    client.force_login(bob)
    for url in (reverse("incident_detail", args=[secret.pk]), reverse("incident_edit", args=[secret.pk]),
                reverse("timeline_block", args=[secret.pk]), reverse("actions_block", args=[secret.pk]),
                reverse("library_similar", args=[secret.pk]), reverse("permalink", args=[secret.pk]),
                reverse("library_export", args=[secret.pk, "md"]), reverse("library_access", args=[secret.pk])):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("section_save", args=[secret.pk, "executive_summary"]),
                       {"text": "x", "base_version": 0}).status_code == 404


def test_an_outsider_never_sees_it_in_lists_search_or_the_feed(client, bob, secret, public):
    client.force_login(bob)
    for url, params in ((reverse("incident_list"), {}), (reverse("library_index"), {}),
                        (reverse("library_index"), {"q": "debug"}), (reverse("library_feed"), {})):
        page = client.get(url, params)
        assert page.status_code == 200
        assert SECRET not in page.content.decode(), url
        assert public.title in page.content.decode() or url == reverse("incident_list")


def test_an_outsider_gets_404_through_the_api_and_no_trace_in_lists(client, bob, secret, public):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {_token(bob)}"}
    for path in (f"/api/v1/incidents/{secret.pk}", f"/api/v1/incidents/{secret.pk}/postmortem",
                 f"/api/v1/incidents/{secret.pk}/timeline", f"/api/v1/incidents/{secret.pk}/actions",
                 f"/api/v1/incidents/{secret.pk}/factors", f"/api/v1/incidents/{secret.pk}/similar",
                 f"/api/v1/postmortems/{secret.pk}/export"):
        assert client.get(path, **auth).status_code == 404, path
    item_id = secret.postmortem.actions.first().pk
    assert client.get(f"/api/v1/actions/{item_id}", **auth).status_code == 404
    assert client.patch(f"/api/v1/incidents/{secret.pk}", {"title": "x"}, content_type="application/json",
                        **auth).status_code == 404
    listed = client.get("/api/v1/incidents", **auth).json()
    assert secret.pk not in [i["id"] for i in listed]
    found = client.get("/api/v1/library/search", {"q": "debug"}, **auth).json()
    assert [r["id"] for r in found["results"]] == [public.pk]
    similar = client.get(f"/api/v1/incidents/{public.pk}/similar", **auth).json()
    assert secret.pk not in [s["id"] for s in similar]


def test_participants_creator_staff_and_allowed_groups_see_it(client, alice, bob, carol):
    secret = published(alice, SECRET, summary="A debug endpoint exposed session tokens.", services=["billing"],
                       participants=[("Bob Stone", "security engineer", bob, False)])
    incident_restriction_set(incident=secret, restricted=True)
    group = Group.objects.create(name="security")
    carol.groups.add(group)
    for user in (alice, bob):
        client.force_login(user)
        assert client.get(reverse("incident_detail", args=[secret.pk])).status_code == 200
    client.force_login(carol)
    assert client.get(reverse("incident_detail", args=[secret.pk])).status_code == 404
    incident_restriction_set(incident=secret, restricted=True, groups=["security"])
    assert client.get(reverse("incident_detail", args=[secret.pk])).status_code == 200
    found = client.get("/api/v1/library/search", {"q": "debug"},
                       HTTP_AUTHORIZATION=f"Bearer {_token(carol)}").json()
    assert [r["id"] for r in found["results"]] == [secret.pk]


def test_restricting_through_the_api_hides_it_at_once(client, alice, bob, public):
    response = client.put(f"/api/v1/incidents/{public.pk}/restriction", {"restricted": True},
                          content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {_token(alice)}")
    assert response.status_code == 200 and response.json()["restricted"] is True
    assert client.get(f"/api/v1/incidents/{public.pk}",
                      HTTP_AUTHORIZATION=f"Bearer {_token(bob)}").status_code == 404


def test_restricting_through_the_page_needs_no_group_and_refuses_an_unknown_one(alice_client, public):
    url = reverse("library_access", args=[public.pk])
    page = alice_client.post(url, {"restricted": "on", "groups": ["nope"]})
    assert page.status_code == 200 and "no group named" in page.content.decode()
    assert alice_client.post(url, {"restricted": "on"}).status_code == 302
    public.refresh_from_db()
    assert public.restricted


def test_the_similar_incidents_block_names_its_link_to_the_visibility_settings(alice_client, public):
    html = alice_client.get(reverse("library_similar", args=[public.pk])).content.decode()
    url = reverse("library_access", args=[public.pk])
    assert f'<a href="{url}">Who can see this incident</a>' in html
    assert ">Access</a>" not in html


def test_the_action_board_hides_items_of_restricted_incidents(client, db):
    """Outsiders do not see a restricted incident's action items on the board, its CSV or the API."""
    from datetime import UTC, datetime

    from hotwash.web.accounts.services import api_token_create, user_create
    from hotwash.web.actions.services import action_item_add
    from hotwash.web.incidents.services import incident_create
    from hotwash.web.library.services import incident_restriction_set

    owner = user_create(username="sec-owner", password="owner-password")
    outsider = user_create(username="outsider", password="outsider-password")
    incident = incident_create(user=owner, title="Credential leak", severity="critical",
                               started_at=datetime(2026, 1, 5, 10, 0, tzinfo=UTC))
    incident_restriction_set(incident=incident, restricted=True)
    action_item_add(postmortem=incident.postmortem, action="Rotate the leaked signing key", owner="Security")
    client.force_login(outsider)
    assert b"Rotate the leaked signing key" not in client.get("/actions/?status=all").content
    assert b"Rotate the leaked signing key" not in client.get("/actions/export.csv?status=all").content
    _, raw = api_token_create(user=outsider, name="t")
    body = client.get("/api/v1/actions?status=all", HTTP_AUTHORIZATION=f"Bearer {raw}").content
    assert b"Rotate the leaked signing key" not in body
    client.force_login(owner)
    assert b"Rotate the leaked signing key" in client.get("/actions/?status=all").content


def test_the_visibility_page_title_matches_its_heading(alice_client, public):
    html = alice_client.get(reverse("library_access", args=[public.pk])).content.decode()
    assert f"<title>Who can see {public.ref}" in html
