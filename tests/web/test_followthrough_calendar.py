"""Calendars: a secret, rotatable iCalendar feed per user and per team, and single events as .ics."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from icalendar import Calendar

from hotwash.core.errors import PermissionDenied
from hotwash.web.accounts.services import profile_update
from hotwash.web.followthrough.services import calendar_feed_rotate, followups_schedule
from hotwash.web.postmortems.services import postmortem_facilitator_set

from .followthrough_support import item

pytestmark = pytest.mark.django_db


def _events(response) -> dict[str, dict[str, str]]:  # type: ignore[no-untyped-def]
    cal = Calendar.from_ical(response.content)
    return {str(e["UID"]): {"summary": str(e["SUMMARY"]), "start": e.decoded("DTSTART")}
            for e in cal.walk("VEVENT")}


@pytest.fixture
def scheduled(incident, alice, bob, carol):  # type: ignore[no-untyped-def]
    profile_update(user=bob, timezone_name="UTC", team="Payments")
    postmortem_facilitator_set(postmortem=incident.postmortem, facilitator=carol)
    return {
        "mine": item(incident, "Add a lag alert", owner="", owner_user=alice, due_date=date(2026, 12, 1)),
        "bobs": item(incident, "Add a pool limit check", owner="", owner_user=bob, due_date=date(2026, 12, 2)),
        "team": item(incident, "Add a runbook step to the pager", owner="Payments", due_date=date(2026, 12, 3)),
        "reviews": followups_schedule(postmortem=incident.postmortem, published_on=date(2026, 11, 30)),
    }


def test_a_users_feed_has_their_due_dates_and_the_reviews_they_own(client, scheduled, alice, carol):
    alice_feed = calendar_feed_rotate(user=alice)
    events = _events(client.get(reverse("calendar_feed", args=[alice_feed.secret])))
    assert [e["summary"] for e in events.values()] == ["Due: Add a lag alert"]
    assert events[f"action-{scheduled['mine'].pk}@127.0.0.1"]["start"] == date(2026, 12, 1)
    carol_events = _events(client.get(reverse("calendar_feed", args=[calendar_feed_rotate(user=carol).secret])))
    assert sorted(e["start"] for e in carol_events.values()) == [date(2026, 12, 7), date(2026, 12, 21),
                                                                  date(2027, 2, 8)]
    assert all("INC-" in e["summary"] for e in carol_events.values())


def test_a_team_feed_has_the_items_of_its_members_and_of_the_team_name(client, scheduled, bob):
    feed = calendar_feed_rotate(user=bob, team="Payments")
    response = client.get(reverse("calendar_feed", args=[feed.secret]))
    assert response["Content-Type"].startswith("text/calendar")
    assert sorted(e["summary"] for e in _events(response).values()) == [
        "Due: Add a pool limit check", "Due: Add a runbook step to the pager"]


def test_only_members_manage_a_team_feed(scheduled, alice):
    with pytest.raises(PermissionDenied):
        calendar_feed_rotate(user=alice, team="Payments")


def test_rotating_the_secret_revokes_the_old_url(client, scheduled, alice):
    old = calendar_feed_rotate(user=alice).secret
    new = calendar_feed_rotate(user=alice).secret
    assert old != new
    assert client.get(reverse("calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("calendar_feed", args=[new])).status_code == 200


def test_the_settings_page_creates_and_rotates_the_links(alice_client, scheduled, alice):
    html = alice_client.get(reverse("account_settings")).content.decode()
    assert "Your calendar" in html and "Create link" in html and "Set your team above" in html
    alice_client.post(reverse("calendar_rotate"), {"kind": "user"})
    first = alice.calendar_feeds.get().secret
    html = alice_client.get(reverse("account_settings")).content.decode()
    assert f"/calendar/{first}.ics" in html and "Rotate link" in html
    alice_client.post(reverse("calendar_rotate"), {"kind": "user", "rotate": "1"})
    assert alice.calendar_feeds.get().secret != first
    refused = alice_client.post(reverse("calendar_rotate"), {"kind": "team", "team": "Payments"}, follow=True)
    assert "only members of a team" in refused.content.decode()


def test_single_events_download_as_ics(alice_client, scheduled):
    action = alice_client.get(reverse("action_ics", args=[scheduled["mine"].pk]))
    assert action["Content-Disposition"] == f'attachment; filename="action-{scheduled["mine"].pk}.ics"'
    assert b"METHOD:PUBLISH" in action.content and b"DTSTART;VALUE=DATE:20261201" in action.content
    review = alice_client.get(reverse("followup_ics", args=[scheduled["reviews"][0].pk]))
    assert b"Immediate follow-up (within 1 week)" in review.content
    assert alice_client.get(reverse("action_ics", args=[999999])).status_code == 404


def test_a_booked_review_meeting_is_in_the_facilitators_feed_with_the_invitations_uid(client, scheduled, carol,
                                                                                       incident):
    from datetime import UTC, datetime

    from hotwash.web.reviews.services.review import meeting_schedule, review_ensure

    review = review_ensure(postmortem=incident.postmortem)
    meeting_schedule(review=review, at=datetime(2026, 12, 1, 14, 0, tzinfo=UTC), minutes=80, place="Room 4")
    events = _events(client.get(reverse("calendar_feed", args=[calendar_feed_rotate(user=carol).secret])))
    meeting = events[f"review-{review.pk}@127.0.0.1"]
    assert meeting["summary"].startswith("Postmortem review: INC-") and meeting["start"] == datetime(
        2026, 12, 1, 14, 0, tzinfo=UTC)
    assert sum(uid.startswith("followup-") for uid in events) == 3
