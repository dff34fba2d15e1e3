"""When a review is needed: the policy from settings, the review kind, and the "needs review" queue."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from hotwash.core.errors import ValidationError
from hotwash.web.incidents.services import incident_create
from hotwash.web.postmortems.models import Postmortem
from hotwash.web.postmortems.services import postmortem_section_update
from hotwash.web.reviews.checks import check_review_policy
from hotwash.web.reviews.selectors.policy import policy_from_settings
from hotwash.web.reviews.selectors.queue import review_queue
from hotwash.web.reviews.services.review import review_ensure, review_kind_set

# Friday 2026-03-06: five business days later is Friday 2026-03-13
FRIDAY = datetime(2026, 3, 6, 9, 0, tzinfo=UTC)


def _incident(alice, title, severity="medium", minutes=10, escalated=False, tags=(), start=FRIDAY):  # type: ignore[no-untyped-def]
    return incident_create(user=alice, title=title, severity=severity, started_at=start,
                           resolved_at=start + timedelta(minutes=minutes), escalated=escalated, tags=list(tags))


def test_a_long_incident_needs_a_formal_postmortem_and_says_why(alice):
    incident = _incident(alice, "Slow checkout", minutes=45)
    review = review_ensure(postmortem=incident.postmortem)
    assert review.kind == "formal"
    assert any("45m, longer than 30m" in reason for reason in review.kind_reasons)


def test_a_short_low_incident_gets_a_short_note(alice):
    incident = _incident(alice, "Blip", severity="low", minutes=5, tags=["near-miss"])
    review = review_ensure(postmortem=incident.postmortem)
    assert review.kind == "short_note"
    assert review.kind_reasons[0] == "a near miss"


def test_an_escalated_incident_is_formal_even_when_short(alice):
    review = review_ensure(postmortem=_incident(alice, "Paged", severity="low", minutes=5,
                                                escalated=True).postmortem)
    assert review.kind == "formal"


def test_the_policy_is_read_from_settings(alice, settings):
    settings.HOTWASH_REVIEW_POLICY = '{"formal_after_minutes": 60, "formal_min_severity": "critical"}'
    review = review_ensure(postmortem=_incident(alice, "45 minutes", severity="high", minutes=45).postmortem)
    assert review.kind == "short_note"


def test_a_wrong_policy_setting_names_the_key(settings):
    settings.HOTWASH_REVIEW_POLICY = '{"meeting_deadlines": {"high": "soon"}}'
    with pytest.raises(ValidationError) as err:
        policy_from_settings(with_db_severities=False)
    assert err.value.field == "meeting_deadlines.high"
    problems = check_review_policy(None)
    assert problems and "meeting_deadlines.high" in problems[0].msg


def test_a_policy_that_is_not_json_is_refused(settings):
    settings.HOTWASH_REVIEW_POLICY = "{formal"
    with pytest.raises(ValidationError, match="not valid JSON"):
        policy_from_settings()


def test_choosing_the_kind_by_hand_sticks_until_set_back_to_auto(alice):
    incident = _incident(alice, "Slow checkout", minutes=45)
    review = review_ensure(postmortem=incident.postmortem)
    review_kind_set(review=review, kind="short_note")
    assert review_ensure(postmortem=incident.postmortem).kind == "short_note"
    review = review_kind_set(review=review, kind="auto")
    assert review.kind == "formal" and not review.kind_overridden
    with pytest.raises(ValidationError):
        review_kind_set(review=review, kind="lengthy")


def test_the_queue_lists_unstarted_postmortems_and_overdue_meetings_with_reasons(alice):
    untouched = _incident(alice, "Untouched", severity="high", minutes=45)
    started = _incident(alice, "Started in time", severity="high", minutes=45)
    postmortem_section_update(postmortem=started.postmortem, section="executive_summary", text="Draft.",
                              base_version=0, user=alice)
    published = _incident(alice, "Published", severity="high", minutes=45)
    # publishing has its own quality gate (another part); mark it published directly
    Postmortem.objects.filter(pk=published.postmortem.pk).update(status="published")

    # High: 5 business days from Friday 6 March is Friday 13 March
    on_time = {i.incident.title: i for i in review_queue(today=date(2026, 3, 13))}
    assert set(on_time) == {"Untouched"}
    assert on_time["Untouched"].reasons == ["postmortem not started"]
    assert on_time["Untouched"].due == date(2026, 3, 13)

    late = {i.incident.title: i for i in review_queue(today=date(2026, 3, 16))}
    assert set(late) == {"Untouched", "Started in time"}
    assert late["Started in time"].reasons == [
        "review meeting overdue since 2026-03-13 (5 business days for High)"]
    assert late["Untouched"].overdue and "postmortem not started" in late["Untouched"].reasons
    assert untouched.pk in {i.incident.pk for i in late.values()}


def test_a_held_meeting_takes_a_review_off_the_overdue_list(alice):
    from hotwash.web.reviews.services.meeting import meeting_advance

    incident = _incident(alice, "Reviewed", severity="critical", minutes=45)
    postmortem_section_update(postmortem=incident.postmortem, section="executive_summary", text="Draft.",
                              base_version=0, user=alice)
    assert [i.incident.title for i in review_queue(today=date(2026, 3, 20))] == ["Reviewed"]
    review = review_ensure(postmortem=incident.postmortem)
    meeting_advance(review=review, action="start")
    meeting_advance(review=review, action="end")
    assert review_queue(today=date(2026, 3, 20)) == []


def test_short_notes_are_listed_until_started_and_never_overdue(alice):
    _incident(alice, "Blip", severity="low", minutes=5)
    items = review_queue(today=date(2027, 1, 1))
    assert [(i.kind, i.reasons, i.overdue) for i in items] == [("short_note", ["short note not started"], False)]


def test_the_queue_page_shows_the_reasons_with_few_queries(alice_client, alice, django_assert_max_num_queries):
    for n in range(8):
        _incident(alice, f"Incident {n}", severity="high", minutes=45, tags=["x"],
                  start=datetime(2020, 1, 1, tzinfo=UTC))
    with django_assert_max_num_queries(10):
        response = alice_client.get(reverse("review_queue"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("postmortem not started") == 8
    assert "review meeting overdue since" in body
    assert "Needs review" in body


def test_the_queue_leaves_out_restricted_incidents_the_viewer_may_not_see(alice, bob):
    from hotwash.web.incidents.models import Incident

    secret = _incident(alice, "Secret", severity="high", minutes=45)
    Incident.objects.filter(pk=secret.pk).update(restricted=True)
    assert [i.incident.title for i in review_queue(today=date(2026, 3, 9), user=bob)] == []
    assert [i.incident.title for i in review_queue(today=date(2026, 3, 9), user=alice)] == ["Secret"]
