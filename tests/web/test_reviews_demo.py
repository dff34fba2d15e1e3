"""The demo fills the pages of running a review: accounts, a note, survey results, a retrospective."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hotwash.core.lint.engine import check
from hotwash.web.actions.models import ActionItem
from hotwash.web.demo import DEMO_TITLE, load_demo
from hotwash.web.followthrough.demo import EARLIER_TITLE
from hotwash.web.incidents.models import Incident
from hotwash.web.reviews.models import AccountEntry, AnonymousNote, RetroItem, Retrospective, SurveyAnswer
from hotwash.web.reviews.selectors.surveys import survey_summary, team_trend
from hotwash.web.timeline.models import TimelineEntry

pytestmark = pytest.mark.django_db
NAMES = ("Marco Silva", "Dana Okafor", "Priya Raman", "Demo User")


def _counts() -> dict[str, int]:
    return {"answers": SurveyAnswer.objects.count(), "accounts": AccountEntry.objects.count(),
            "notes": AnonymousNote.objects.count(), "retros": Retrospective.objects.count(),
            "retro_items": RetroItem.objects.count(),
            "retro_actions": ActionItem.objects.filter(retrospective__isnull=False).count(),
            "timeline": TimelineEntry.objects.count(), "incidents": Incident.objects.count()}


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    load_demo()
    return {"main": Incident.objects.get(title=DEMO_TITLE), "earlier": Incident.objects.get(title=EARLIER_TITLE)}


def _as(username: str) -> Client:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_loading_the_demo_twice_adds_nothing(demo):
    first = _counts()
    assert first["answers"] == 3 and first["accounts"] == 5 and first["notes"] == 1
    assert first["retros"] == 1 and first["retro_actions"] == 2
    load_demo()
    assert _counts() == first


def test_the_earlier_review_was_held_and_its_survey_results_show(demo):
    review = demo["earlier"].postmortem.review
    assert review.meeting_ended_at is not None and len(review.phase_log) == 5
    summary = survey_summary(review)
    assert summary is not None and summary.responses == 3 and len(summary.comments) == 3
    page = _as("demo").get(reverse("review_page", args=[demo["earlier"].pk])).content.decode()
    assert "3 answers" in page and "<strong>4.7</strong> / 5" in page and "Answer the survey" in page
    trend = team_trend("Payments")
    assert [s.responses for s in trend.values() if s is not None] == [3]
    assert "<strong>4.7</strong>" in _as("demo").get(reverse("survey_trends") + "?team=Payments").content.decode()


def test_the_main_review_has_two_private_accounts_one_shared_and_an_anonymous_note(demo):
    review = demo["main"].postmortem.review
    entries = AccountEntry.objects.filter(review=review)
    assert sorted({e.author.username for e in entries}) == ["dana", "marco"]
    shared = [e for e in entries if e.shared_entry_id]
    assert len(shared) == 1 and shared[0].shared_attributed and shared[0].author.username == "marco"
    assert TimelineEntry.objects.get(pk=shared[0].shared_entry_id).actor == "Marco Silva"
    facilitator = _as("priya").get(reverse("review_page", args=[demo["main"].pk])).content.decode()
    assert "Participants' accounts" in facilitator and "Dana Okafor" in facilitator
    assert "The pool change passed code review." in facilitator
    outsider = _as("demo").get(reverse("review_page", args=[demo["main"].pk])).content.decode()
    assert "The pool change passed code review." not in outsider and "Nobody had connected" not in outsider
    assert "1 so far" in outsider and "The survey opens when the meeting starts" in outsider


def test_the_retrospective_has_three_columns_and_two_shared_items_one_done(demo):
    retro = Retrospective.objects.get()
    assert {i.column for i in retro.items.all()} == {"went_well", "could_improve", "puzzling"}
    assert sorted(retro.actions.values_list("status", flat=True)) == ["done", "open"]
    page = _as("demo").get(reverse("retro_detail", args=[retro.pk])).content.decode()
    assert "Link the batch job runbook from its pager alert" in page and "Did it work?" in page
    board = _as("demo").get(reverse("action_board") + "?status=all").content.decode()
    assert "Add a release-notes template for config-only changes" in board


def test_no_demo_text_of_the_reviews_has_a_blocking_language_finding(demo):
    texts = [t for e in AccountEntry.objects.all() for t in (e.saw, e.knew, e.did)]
    texts += list(AnonymousNote.objects.values_list("text", flat=True))
    texts += list(SurveyAnswer.objects.values_list("comment", flat=True))
    texts += list(RetroItem.objects.values_list("text", flat=True))
    texts += [f"{a.action}. {a.success_metric}" for a in ActionItem.objects.filter(retrospective__isnull=False)]
    pm = demo["earlier"].postmortem
    texts += [pm.executive_summary, pm.key_learnings]
    assert len([t for t in texts if t]) >= 25
    blocking = [(f.code, f.text, t) for t in texts for f in check(t, names=NAMES) if f.severity == "error"]
    assert blocking == []


def test_the_suggestions_say_who_facilitated_which_review(demo):
    held_on = demo["earlier"].postmortem.review.meeting_at.date().isoformat()
    main = _as("priya").get(reverse("review_page", args=[demo["main"].pk])).content.decode()
    marco = main[main.index("Marco Silva", main.index('id="suggestions"')):][:200]
    assert f"last facilitated {held_on}" in marco and "involved" in marco
    earlier = _as("priya").get(reverse("review_page", args=[demo["earlier"].pk])).content.decode()
    suggestions = earlier[earlier.index('id="suggestions"'):]
    assert "Marco Silva\n      <span class=\"muted\">· never facilitated another review" in suggestions
    assert "booked to facilitate" in suggestions


def test_the_demo_meeting_is_booked_in_working_hours_of_the_team(demo):
    from zoneinfo import ZoneInfo

    at = demo["main"].postmortem.review.meeting_at.astimezone(ZoneInfo("Europe/Berlin"))
    assert (at.hour, at.minute) == (10, 0) and at.weekday() < 5
