"""The demo's library: earlier published postmortems that make search, look-alikes and the digest real."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hotwash.web.demo import load_demo
from hotwash.web.incidents.models import Incident
from hotwash.web.library.demo import DNS_EARLIER_TITLE, DNS_LATER_TITLE, LOOKALIKE_TITLE
from hotwash.web.library.digest import digest_build
from hotwash.web.library.models import RecurrenceLink
from hotwash.web.library.recurrence import similar_incidents
from hotwash.web.library.selectors import LibraryFilters, library_search
from hotwash.web.postmortems.quality import review_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():  # type: ignore[no-untyped-def]
    return load_demo()


def test_the_library_holds_six_published_postmortems_that_pass_the_review_check(demo):
    found = library_search(user=None, filters=LibraryFilters())
    assert found.total == 6
    for item in found.items:
        check = review_check(Incident.objects.get(pk=item.incident.pk).postmortem)
        assert not check.blocking and not [f for f in check.language if f.blocking], item.incident.title
    assert len({i.published_at.date() for i in found.items}) == 6  # published over time, not at load time
    assert library_search(user=None, filters=LibraryFilters(q="pool", service="payments-db")).total == 1


def test_the_demo_incident_finds_its_look_alike_with_two_items_never_done(demo):
    best = similar_incidents(incident=demo, user=None)[0]
    assert best.incident.title == LOOKALIKE_TITLE
    assert best.actions.counts == {"open": 2, "did_not_work": 1, "done": 1}
    assert "same services: checkout-api, payments-db" in best.match.reasons


def test_the_digest_has_a_new_publication_this_week_in_past_incidents_and_open_items_of_a_recurrence(demo):
    now = timezone.now()
    digest = digest_build(until=now, since=now - timedelta(days=7))
    assert [i.title for i in digest.published] == ["Order confirmation e-mails delayed by Kafka consumer lag"]
    assert "Search results went stale after the index rebuild stalled" in [i.title for i in digest.past_weeks]
    assert [a.action for a in digest.open_recurring] == [
        "Roll out resolver changes to one resolver first, then the rest"]
    assert RecurrenceLink.objects.get(incident__title=DNS_LATER_TITLE).earlier.title == DNS_EARLIER_TITLE


def test_loading_again_adds_nothing_and_an_older_demo_database_gets_the_library(demo):
    count = Incident.objects.count()
    load_demo()
    assert Incident.objects.count() == count
    Incident.objects.filter(title=LOOKALIKE_TITLE).delete()  # as if loaded before the library demo existed
    load_demo()
    assert Incident.objects.filter(title=LOOKALIKE_TITLE).count() == 1
