"""Library filters: label filters answered by the full-text index (facet tokens), kept current."""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hotwash.core.search_query import facet_token
from hotwash.web.accounts.services import profile_update
from hotwash.web.incidents.services import incident_update
from hotwash.web.library.models import SearchDocument
from hotwash.web.library.selectors import LibraryFilters, library_search
from hotwash.web.library.services import incident_restriction_set

from .library_support import T0, published

pytestmark = pytest.mark.django_db


def ids(**filters) -> list[int]:  # type: ignore[no-untyped-def]
    user = filters.pop("user")
    return sorted(i.incident.pk for i in library_search(user=user, filters=LibraryFilters(**filters)).items)


@pytest.fixture
def shelf(alice, bob):  # type: ignore[no-untyped-def]
    profile_update(user=alice, timezone_name="UTC", team="Payments")
    profile_update(user=bob, timezone_name="UTC", team="Edge")
    return {
        "pool": published(alice, "Checkout errors from connection pool exhaustion",
                          summary="The connection pool ran out after a configuration change.",
                          services=["checkout-api", "payments-db"], tags=["database"], minutes=1),
        "cert": published(bob, "TLS certificate expired on the gateway",
                          summary="The gateway certificate expired; a configuration change renewed it.",
                          services=["api-gateway"], tags=["tls"], minutes=60 * 24 * 40),
        "dns": published(alice, "DNS failures after a zone change", summary="A zone configuration change failed.",
                         services=["dns"], tags=["dns"], minutes=60 * 24 * 80,
                         participants=[("Bob Stone", "network engineer", bob, True)]),
    }


def test_each_label_filter_narrows_a_search_and_a_browse(alice, shelf):
    pool, cert, dns = shelf["pool"].pk, shelf["cert"].pk, shelf["dns"].pk
    assert ids(user=alice, q="configuration") == [pool, cert, dns]
    assert ids(user=alice, q="configuration", service="payments-db") == [pool]
    assert ids(user=alice, service="api-gateway") == [cert]
    assert ids(user=alice, q="change", tag="dns") == [dns]
    assert ids(user=alice, category="technical") == [pool, cert, dns]
    assert ids(user=alice, q="configuration", category="communication") == []
    assert ids(user=alice, severity="high", tag="tls") == [cert]
    assert ids(user=alice, severity="low") == []


def test_the_team_filter_takes_the_creator_and_participants_in_any_case(alice, shelf):
    pool, cert, dns = shelf["pool"].pk, shelf["cert"].pk, shelf["dns"].pk
    assert ids(user=alice, team="payments") == [pool, dns]
    assert ids(user=alice, q="change", team="EDGE") == [cert, dns]  # bob created cert, took part in dns


def test_dates_filter_on_the_incident_start(alice, shelf):
    start = (T0 - timedelta(days=400)).date()
    assert ids(user=alice, until=start + timedelta(days=1)) == [shelf["pool"].pk]
    assert ids(user=alice, q="configuration", since=start + timedelta(days=30)) == [shelf["cert"].pk,
                                                                                    shelf["dns"].pk]
    assert ids(user=alice, since=start + timedelta(days=30), until=start + timedelta(days=50)) == [shelf["cert"].pk]


def test_a_filtered_browse_counts_exactly(alice, shelf):
    found = library_search(user=alice, filters=LibraryFilters(category="technical"), page_size=2)
    assert found.total == 3 and found.pages == 2 and len(found.items) == 2
    assert [i.incident.pk for i in found.items] == [shelf["dns"].pk, shelf["cert"].pk]  # newest publication first


def test_no_typed_word_reaches_the_facet_tokens(alice, shelf):
    token = facet_token("service", "dns")
    assert ids(user=alice, q=token[2:]) == []  # the hash alone is not a word of any document
    assert ids(user=alice, q=token[2:6]) == []  # nor its beginning, typed as a prefix


def test_editing_an_incident_refreshes_its_title_and_filters(alice, shelf):
    pool = shelf["pool"]
    incident_update(incident=pool, user=alice, data={"title": "Checkout outage: pool exhausted",
                                                     "services": ["checkout-api", "ledger"], "severity": "critical"})
    assert ids(user=alice, service="ledger") == [pool.pk]
    assert ids(user=alice, service="payments-db") == []
    assert ids(user=alice, severity="critical") == [pool.pk]
    assert ids(user=alice, q="outage") == [pool.pk]


def test_a_team_change_reaches_the_filter(alice, bob, shelf):
    profile_update(user=bob, timezone_name="UTC", team="Platform")
    assert ids(user=alice, team="edge") == []
    assert ids(user=alice, team="platform") == [shelf["cert"].pk, shelf["dns"].pk]


def test_restricted_incidents_stay_out_of_filtered_searches_and_browses(alice, bob, carol, shelf):
    incident_restriction_set(incident=shelf["dns"], restricted=True)
    for filters in ({"category": "technical"}, {"q": "change", "team": "payments"}, {"tag": "dns"},
                    {"q": "configuration", "since": (T0 - timedelta(days=500)).date()}):
        assert shelf["dns"].pk not in ids(user=carol, **filters), filters
        assert shelf["dns"].pk in ids(user=alice, **filters), filters  # its creator
        assert shelf["dns"].pk in ids(user=bob, **filters), filters  # a participant


def test_the_migration_backfill_computes_the_copies_of_existing_rows(alice, bob, shelf):
    SearchDocument.objects.update(facets="", severity="", started_at=None)
    backfill = import_module("hotwash.web.library.migrations.0005_filters_in_the_index").backfill
    backfill(apps, SimpleNamespace(connection=connection))
    doc = SearchDocument.objects.get(pk=shelf["dns"].pk)
    tokens = doc.facets.split(" ")
    assert doc.severity == "high" and doc.started_at == shelf["dns"].started_at
    for kind, value in (("service", "dns"), ("tag", "dns"), ("category", "technical"), ("severity", "high"),
                        ("team", "payments"), ("team", "edge")):
        assert facet_token(kind, value) in tokens, (kind, value)


def test_a_results_page_costs_the_same_few_queries_for_any_number_of_results(alice_client, shelf):
    counts = []
    for params in ({"q": "configuration", "tag": "dns"}, {"q": "configuration"}):
        with CaptureQueriesContext(connection) as queries:
            page = alice_client.get(reverse("library_index"), params)
        assert page.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 22, counts  # one result or three: no query per result
    text = page.content.decode()
    assert all(shelf[k].title in text for k in shelf) and "#database" in text and "api-gateway" in text


def test_newest_first_orders_the_matches_by_publication(alice, shelf):
    from django.utils import timezone

    from hotwash.web.postmortems.models import Postmortem

    now = timezone.now()
    for key, days in (("pool", 1), ("cert", 3), ("dns", 2)):  # published in another order than started
        Postmortem.objects.filter(incident=shelf[key]).update(published_at=now - timedelta(days=days))
        SearchDocument.objects.filter(pk=shelf[key].pk).update(published_at=now - timedelta(days=days))
    found = library_search(user=alice, filters=LibraryFilters(q="configuration", sort="recent"))
    assert [i.incident.pk for i in found.items] == [shelf["pool"].pk, shelf["dns"].pk, shelf["cert"].pk]
    second = library_search(user=alice, filters=LibraryFilters(q="configuration", sort="recent"), page=2, page_size=2)
    assert [i.incident.pk for i in second.items] == [shelf["cert"].pk] and second.total == 3


def test_a_team_changed_in_the_django_admin_reaches_the_filter(client, alice, bob, shelf):
    from hotwash.web.accounts.models import Profile

    alice.is_staff = alice.is_superuser = True
    alice.save()
    client.force_login(alice)
    profile = Profile.objects.get(user=bob)
    url = reverse("admin:accounts_profile_change", args=[profile.pk])
    response = client.post(url, {"user": bob.pk, "timezone": "UTC", "team": "Platform"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Profile.objects.get(user=bob).team == "Platform"
    assert ids(user=alice, team="edge") == []
    assert ids(user=alice, team="platform") == [shelf["cert"].pk, shelf["dns"].pk]


def test_any_save_or_delete_of_a_profile_reaches_the_filter_and_a_saved_same_team_does_not_reindex(
        alice, bob, shelf):
    from hotwash.web.accounts.models import Profile

    profile = Profile.objects.get(user=bob)
    before = SearchDocument.objects.get(incident=shelf["cert"]).indexed_at
    profile.timezone = "Europe/Paris"
    profile.save()  # the team is unchanged: the rows stay as they are
    assert SearchDocument.objects.get(incident=shelf["cert"]).indexed_at == before
    profile.team = "Network"
    profile.save()
    assert ids(user=alice, team="network") == [shelf["cert"].pk, shelf["dns"].pk]
    profile.delete()
    assert ids(user=alice, team="network") == []
    assert ids(user=alice, team="payments") == [shelf["pool"].pk, shelf["dns"].pk]
