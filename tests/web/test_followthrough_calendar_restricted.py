"""Calendar feeds and restricted incidents: a team feed never carries one; a user's feed carries only
those the user may see, and then the date and link without titles or text."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from icalendar import Calendar

from hotwash.web.accounts.services import profile_update, user_create
from hotwash.web.followthrough.services import calendar_feed_rotate, followups_schedule
from hotwash.web.library.services import incident_restriction_set
from hotwash.web.postmortems.services import participant_add, postmortem_facilitator_set
from hotwash.web.reviews.services.review import meeting_schedule, review_ensure, review_team_set

from .followthrough_support import incident_of, item

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Session tokens exposed through a debug endpoint"
SECRET_TEXTS = (SECRET_TITLE, "Rotate the leaked signing key", "Audit every debug endpoint",
                "Add a secret scanner to CI", "Room 7", "Carol's scanner check")


def _feed(client, secret: str) -> tuple[dict[str, str], str]:  # type: ignore[no-untyped-def]
    """The feed through HTTP: {uid: summary} and the unfolded text of the whole calendar."""
    response = client.get(reverse("calendar_feed", args=[secret]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = {str(e["UID"]): str(e["SUMMARY"]) for e in cal.walk("VEVENT")}
    return events, response.content.decode().replace("\r\n ", "")


@pytest.fixture
def world(alice, bob, carol, incident):  # type: ignore[no-untyped-def]
    """A public incident (``incident``) and a restricted one, with items owned across the Payments team."""
    profile_update(user=bob, timezone_name="UTC", team="Payments")
    profile_update(user=alice, timezone_name="UTC", team="Payments")
    Group.objects.create(name="security").user_set.add(carol)
    secret = incident_of(alice, SECRET_TITLE)
    participant_add(postmortem=secret.postmortem, name="Alice Ng", role="security engineer", user=alice)
    postmortem_facilitator_set(postmortem=secret.postmortem, facilitator=bob)
    incident_restriction_set(incident=secret, restricted=True, groups=["security"])
    rows = {
        "alice_secret": item(secret, "Rotate the leaked signing key", owner="", owner_user=alice,
                             due_date=date(2026, 12, 1)),
        "bob_secret": item(secret, "Audit every debug endpoint", owner="", owner_user=bob,
                           due_date=date(2026, 12, 2)),
        "team_secret": item(secret, "Add a secret scanner to CI", owner="Payments", due_date=date(2026, 12, 3)),
        "carol_secret": item(secret, "Carol's scanner check", owner="", owner_user=carol,
                             due_date=date(2026, 12, 4)),
        "bob_public": item(incident, "Add a pool limit check", owner="", owner_user=bob,
                           due_date=date(2026, 12, 2)),
        "team_public": item(incident, "Add a runbook step to the pager", owner="Payments",
                            due_date=date(2026, 12, 3)),
    }
    rows["secret_reviews"] = followups_schedule(postmortem=secret.postmortem, published_on=date(2026, 11, 30))
    review = review_team_set(review=review_ensure(postmortem=secret.postmortem), team="Payments")
    meeting_schedule(review=review, at=datetime(2026, 12, 1, 14, 0, tzinfo=UTC), minutes=80, place="Room 7")
    rows["meeting"], rows["secret"] = review, secret
    return rows


def test_a_team_feed_never_carries_a_restricted_incident(client, world, bob):
    events, text = _feed(client, calendar_feed_rotate(user=bob, team="Payments").secret)
    assert sorted(events.values()) == ["Due: Add a pool limit check", "Due: Add a runbook step to the pager"]
    assert f"review-{world['meeting'].pk}@127.0.0.1" not in events
    for leaked in (*SECRET_TEXTS, "restricted incident", world["secret"].ref):
        assert leaked not in text


def test_a_users_feed_leaves_out_restricted_items_the_user_may_not_see(client, world, bob):
    events, text = _feed(client, calendar_feed_rotate(user=bob).secret)
    assert events == {f"action-{world['bob_public'].pk}@127.0.0.1": "Due: Add a pool limit check"}
    for leaked in SECRET_TEXTS:
        assert leaked not in text


def test_a_participant_gets_the_date_and_link_but_no_titles_or_text(client, world, alice):
    events, text = _feed(client, calendar_feed_rotate(user=alice).secret)
    assert events == {f"action-{world['alice_secret'].pk}@127.0.0.1": "Due: action item (restricted incident)",
                      f"review-{world['meeting'].pk}@127.0.0.1": "Postmortem review (restricted incident)"}
    assert f"/incidents/{world['secret'].pk}/#action-{world['alice_secret'].pk}" in text
    assert "DTSTART;VALUE=DATE:20261201" in text and "DTSTART:20261201T140000Z" in text
    for leaked in SECRET_TEXTS:
        assert leaked not in text


def test_a_member_of_an_allowed_group_sees_their_restricted_item_without_details(client, world, carol):
    secret = calendar_feed_rotate(user=carol).secret
    events, _ = _feed(client, secret)
    assert events == {f"action-{world['carol_secret'].pk}@127.0.0.1": "Due: action item (restricted incident)"}
    incident_restriction_set(incident=world["secret"], restricted=True, groups=[])
    assert _feed(client, secret)[0] == {}


def test_lifting_the_restriction_puts_everything_back_in_full(client, world, bob):
    incident_restriction_set(incident=world["secret"], restricted=False)
    events, text = _feed(client, calendar_feed_rotate(user=bob, team="Payments").secret)
    assert "Due: Add a secret scanner to CI" in events.values()
    assert "Due: Audit every debug endpoint" in events.values()
    assert f"Postmortem review: {world['secret'].ref} {SECRET_TITLE}" in events.values()
    assert sum(uid.startswith("followup-") for uid in events) == 3  # bob facilitates: his team's reviews
    assert "Room 7" in text


def test_staff_see_restricted_items_in_their_own_feed_still_without_details(client, world):
    boss = user_create(username="boss", password="boss-password", is_staff=True)
    late = item(world["secret"], "Rotate the leaked signing key again", owner="", owner_user=boss,
                due_date=date(2026, 12, 9))
    events, text = _feed(client, calendar_feed_rotate(user=boss).secret)
    assert events == {f"action-{late.pk}@127.0.0.1": "Due: action item (restricted incident)"}
    assert "leaked signing key" not in text


def test_the_settings_page_says_how_restricted_incidents_show(alice_client):
    html = alice_client.get(reverse("account_settings")).content.decode()
    assert "Restricted incidents never appear in a team calendar" in html
