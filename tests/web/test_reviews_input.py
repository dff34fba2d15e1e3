"""Private accounts, anonymous notes and the anonymous survey (retrospectives: test_reviews_retro.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.urls import reverse

from hotwash.core.errors import PermissionDenied, ValidationError
from hotwash.web.postmortems.services import participant_add
from hotwash.web.reviews.models import AnonymousNote, SurveyAnswer, SurveyResponse
from hotwash.web.reviews.selectors.review import account_entries_visible
from hotwash.web.reviews.selectors.surveys import survey_summary, team_trend
from hotwash.web.reviews.services import participants as services
from hotwash.web.reviews.services.review import facilitator_choose, review_ensure, review_team_set
from hotwash.web.timeline.models import TimelineEntry

from .conftest import T0


@pytest.fixture
def review(incident, carol):  # type: ignore[no-untyped-def]
    review = review_ensure(postmortem=incident.postmortem)
    facilitator_choose(review=review, user=carol)
    return review


def test_an_account_is_seen_by_its_author_and_the_facilitator_only(review, alice, bob, carol):
    services.account_entry_add(review=review, author=alice, time=T0 + timedelta(minutes=5),
                               saw="The p99 graph went red", knew="A deploy had just finished",
                               did="Opened the deploy log")
    services.account_entry_add(review=review, author=bob, time=T0, saw="A page about search")
    assert [e.saw for e in account_entries_visible(review, alice)] == ["The p99 graph went red"]
    assert [e.saw for e in account_entries_visible(review, bob)] == ["A page about search"]
    assert len(account_entries_visible(review, carol)) == 2


def test_an_account_entry_joins_the_timeline_only_when_its_author_shares_it(review, alice, bob, incident):
    entry = services.account_entry_add(review=review, author=alice, time=T0 + timedelta(minutes=5),
                                       saw="The p99 graph went red", knew="A deploy had just finished")
    assert not TimelineEntry.objects.filter(incident=incident).exists()
    with pytest.raises(PermissionDenied):
        services.account_entry_share(entry=entry, user=bob, attributed=True)
    shared = services.account_entry_share(entry=entry, user=alice, attributed=False)
    assert (shared.event, shared.information_available, shared.actor, shared.created_by_id) == (
        "The p99 graph went red", "A deploy had just finished", "", None)
    with pytest.raises(ValidationError, match="already on the timeline"):
        services.account_entry_share(entry=entry, user=alice, attributed=True)
    named = services.account_entry_add(review=review, author=alice, time=T0, saw="Got paged")
    assert services.account_entry_share(entry=named, user=alice, attributed=True).actor == "Alice Ng"


def test_sharing_from_the_page(alice_client, review, alice, incident):
    alice_client.post(reverse("account_add", args=[incident.pk]),
                      {"time": "2026-03-02T10:05", "saw": "Saw errors", "knew": "", "did": "Rolled back"})
    entry = account_entries_visible(review, alice).get()
    assert entry.time == datetime(2026, 3, 2, 9, 5, tzinfo=UTC)
    alice_client.post(reverse("account_share", args=[incident.pk, entry.pk]), {"attributed": "1"})
    assert TimelineEntry.objects.get(incident=incident).actor == "Alice Ng"


def test_anonymous_rows_have_no_user_and_no_time_finer_than_the_day():
    for model in (AnonymousNote, SurveyAnswer):
        names = {f.name for f in model._meta.get_fields()}
        assert not names & {"user", "author", "created_at", "created_by", "time_created"}
        assert all(f.get_internal_type() != "DateTimeField" for f in model._meta.concrete_fields)
    assert {f.name for f in SurveyResponse._meta.concrete_fields} == {"id", "review", "user"}


def test_answer_keys_are_random_so_their_order_reveals_nobody(review, incident, alice, bob, carol):
    for user in (alice, bob):
        participant_add(postmortem=incident.postmortem, name=user.username, user=user)
    for user in (alice, bob, carol):
        services.survey_answer_submit(review=review, user=user, scores={"blameless": 5}, comment="")
    answer_ids = list(SurveyAnswer.objects.values_list("id", flat=True))
    response_ids = list(SurveyResponse.objects.values_list("id", flat=True))
    assert len(set(answer_ids) & set(response_ids)) == 0
    assert all(i > 1000 for i in answer_ids + response_ids)  # not 1, 2, 3
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT rowid, id FROM reviews_surveyanswer")
            assert all(rowid == pk for rowid, pk in cursor.fetchall())  # the rowid is the random key


def test_the_survey_refuses_a_second_answer_and_outsiders(review, incident, alice, bob):
    participant_add(postmortem=incident.postmortem, name="alice", user=alice)
    services.survey_answer_submit(review=review, user=alice, scores={"blameless": "4", "voice": 5},
                                  comment="Felt safe")
    with pytest.raises(ValidationError, match="already answered"):
        services.survey_answer_submit(review=review, user=alice, scores={"blameless": 1})
    with pytest.raises(PermissionDenied):
        services.survey_answer_submit(review=review, user=bob, scores={"blameless": 1})
    with pytest.raises(ValidationError):
        services.survey_answer_submit(review=review, user=review.postmortem.facilitator, scores={"time": 9})
    answer = SurveyAnswer.objects.get()
    assert (answer.blameless, answer.voice, answer.time, answer.comment) == (4, 5, None, "Felt safe")


def test_results_show_only_from_three_answers(review, incident, alice, bob, carol, alice_client):
    for user in (alice, bob):
        participant_add(postmortem=incident.postmortem, name=user.username, user=user)
    services.survey_answer_submit(review=review, user=alice, scores={"blameless": 5}, comment="zeta")
    services.survey_answer_submit(review=review, user=bob, scores={"blameless": 4}, comment="alpha")
    assert survey_summary(review) is None
    assert "Results are shown once at least three people answered" in alice_client.get(
        reverse("review_page", args=[incident.pk])).content.decode()
    services.survey_answer_submit(review=review, user=carol, scores={"blameless": 3})
    summary = survey_summary(review)
    assert summary is not None and summary.mean("blameless") == 4.0 and summary.comments == ("alpha", "zeta")


def test_team_results_are_averaged_per_month(review, incident, alice, bob, carol, alice_client):
    review_team_set(review=review, team="Search")
    for user in (alice, bob):
        participant_add(postmortem=incident.postmortem, name=user.username, user=user)
    for user, score, day in ((alice, 5, datetime(2026, 3, 3, 12, tzinfo=UTC)),
                             (bob, 3, datetime(2026, 3, 9, 12, tzinfo=UTC)),
                             (carol, 4, datetime(2026, 4, 1, 12, tzinfo=UTC))):
        services.survey_answer_submit(review=review, user=user, scores={"blameless": score}, now=day, tz=UTC)
    trend = team_trend("Search")
    assert list(trend) == ["2026-03", "2026-04"] and trend["2026-03"] is None  # two answers only
    SurveyAnswer.objects.filter(day=date(2026, 4, 1)).update(day=date(2026, 3, 20))
    trend = team_trend("Search")
    assert trend["2026-03"] is not None and trend["2026-03"].mean("blameless") == 4.0
    body = alice_client.get(reverse("survey_trends") + "?team=Search").content.decode()
    assert 'data-month="2026-03"' in body and "4.0" in body


def test_anonymous_notes_keep_the_day_only(review, alice_client, incident, carol):
    from django.test import Client

    alice_client.post(reverse("note_add", args=[incident.pk]), {"text": "I felt rushed during the handover"})
    note = AnonymousNote.objects.get()
    assert note.text == "I felt rushed during the handover" and isinstance(note.day, date)
    client = Client()
    client.force_login(carol)  # the facilitator reads them
    assert "I felt rushed during the handover" in client.get(
        reverse("review_page", args=[incident.pk])).content.decode()
    assert "I felt rushed" not in alice_client.get(reverse("review_page", args=[incident.pk])).content.decode()


def test_the_survey_page_stores_an_answer_without_a_name(alice_client, alice, review, incident):
    participant_add(postmortem=incident.postmortem, name="alice", user=alice)
    response = alice_client.post(reverse("review_survey", args=[incident.pk]),
                                 {"blameless": "5", "voice": "4", "time": "", "comment": "Good pace"}, follow=True)
    assert "stored without your name" in response.content.decode()
    assert SurveyResponse.objects.filter(user=alice).exists() and SurveyAnswer.objects.count() == 1
    again = alice_client.get(reverse("review_survey", args=[incident.pk])).content.decode()
    assert "You answered this survey" in again
