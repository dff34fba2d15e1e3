"""Facilitator, preparation checklist, invitations and the agenda of a review."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from hotwash.core.errors import ValidationError
from hotwash.web.postmortems.services import participant_add
from hotwash.web.reviews.models import Review
from hotwash.web.reviews.selectors.review import agenda_of, prep_checklist
from hotwash.web.reviews.selectors.roster import facilitator_suggestions, roster
from hotwash.web.reviews.services import review as services
from hotwash.web.reviews.services.review import review_ensure

MEETING = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)


@pytest.fixture
def review(incident) -> Review:  # type: ignore[no-untyped-def]
    return review_ensure(postmortem=incident.postmortem)


def test_suggestions_put_people_not_involved_first_then_least_recently_facilitated(alice, bob, carol, review,
                                                                                    incident):
    from hotwash.web.incidents.services import incident_create

    for user in (alice, bob, carol):
        services.facilitator_join(user=user)
    earlier = incident_create(user=alice, title="Earlier", severity="low", started_at=MEETING - timedelta(days=30))
    services.facilitator_choose(review=review_ensure(postmortem=earlier.postmortem), user=carol)
    participant_add(postmortem=incident.postmortem, name="Alice Ng", involved=True)  # by full name, no link
    names = [(s.name, s.involved) for s in facilitator_suggestions(incident.postmortem)]
    assert names == [("Bob Stone", False), ("Carol Diaz", False), ("Alice Ng", True)]
    last = {r.name: (r.last_facilitated is not None, r.count) for r in roster()}
    assert last["Carol Diaz"] == (True, 1) and last["Bob Stone"] == (False, 0)


def test_choosing_an_involved_facilitator_warns(alice, bob, review, incident):
    participant_add(postmortem=incident.postmortem, name="bob", involved=True, user=bob)
    warning = services.facilitator_choose(review=review, user=bob)
    assert warning is not None and "Bob Stone was involved in the incident" in warning
    assert services.facilitator_choose(review=review, user=alice) is None
    incident.postmortem.refresh_from_db()
    assert incident.postmortem.facilitator_id == alice.pk


def test_leaving_the_roster_removes_one_from_suggestions(alice, bob, incident):
    services.facilitator_join(user=alice)
    services.facilitator_join(user=bob)
    services.facilitator_leave(user=bob)
    assert [s.name for s in facilitator_suggestions(incident.postmortem)] == ["Alice Ng"]


def test_the_checklist_follows_the_meeting_time(review, alice):
    rows = {r.step.value: r.state for r in prep_checklist(review, now=MEETING - timedelta(days=5), deadline=None)}
    assert rows == {"gather_artifacts": "open", "draft_timeline": "open", "identify_participants": "open",
                    "book_meeting": "due", "share_agenda": "open"}
    services.meeting_schedule(review=review, at=MEETING, minutes=80, place="Room 4", user=alice)
    early = {r.step.value: r.state for r in prep_checklist(review, now=MEETING - timedelta(days=5), deadline=None)}
    assert early["book_meeting"] == "done" and early["share_agenda"] == "early"
    window = {r.step.value: r.state for r in prep_checklist(review, now=MEETING - timedelta(hours=30),
                                                             deadline=None)}
    assert window["share_agenda"] == "due" and window["gather_artifacts"] == "due"
    late = {r.step.value: r.state for r in prep_checklist(review, now=MEETING - timedelta(hours=3), deadline=None)}
    assert late["share_agenda"] == "late" and late["draft_timeline"] == "overdue"
    services.prep_step_set(review=review, step="draft_timeline", done=True, user=alice)
    done = {r.step.value: r for r in prep_checklist(review, now=MEETING - timedelta(hours=3), deadline=None)}
    assert done["draft_timeline"].state == "done" and done["draft_timeline"].done_by == "alice"
    with pytest.raises(ValidationError):
        services.prep_step_set(review=review, step="bake_cake", done=True, user=alice)


def test_a_meeting_is_booked_for_sixty_to_ninety_minutes(review, alice):
    with pytest.raises(ValidationError, match="60–90"):
        services.meeting_schedule(review=review, at=MEETING, minutes=45, user=alice)


def test_the_agenda_timeboxes_are_adjustable_within_the_practice(review):
    agenda = services.agenda_set(review=review, minutes={"timeline": "35", "systems": 30})
    assert agenda.total_minutes == 90
    review.refresh_from_db()
    assert agenda_of(review).total_minutes == 90
    with pytest.raises(ValidationError) as err:
        services.agenda_set(review=review, minutes={"timeline": 50})
    assert err.value.field == "timeline"


def test_invitations_carry_the_agenda_a_link_and_a_parseable_ics(settings, review, incident, alice, bob, carol):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    bob.email = "bob@example.com"
    bob.save()
    participant_add(postmortem=incident.postmortem, name="bob", user=bob)
    participant_add(postmortem=incident.postmortem, name="Dana from support", involved=False)
    services.facilitator_choose(review=review, user=carol)
    with pytest.raises(ValidationError, match="book the meeting"):
        services.invitations_send(review=review, user=alice, draft_url="https://hw.example/incidents/1/")
    services.meeting_schedule(review=review, at=MEETING, minutes=80, place="https://meet.example/abc", user=alice)
    result = services.invitations_send(review=review, user=alice, draft_url="https://hw.example/incidents/1/")
    assert result["sent_to"] == ["bob@example.com"]  # carol has no e-mail address
    assert "Dana from support" in result["skipped"]
    message = mail.outbox[0]
    assert message.to == ["bob@example.com"]
    assert "https://hw.example/incidents/1/" in message.body and "Timeline building" in message.body
    name, content, mimetype = message.attachments[0]
    assert name == "invite.ics" and mimetype.startswith("text/calendar")
    calendar = Calendar.from_ical(content)
    assert str(calendar["METHOD"]) == "REQUEST"
    event = next(iter(calendar.walk("VEVENT")))
    assert event.decoded("DTSTART") == MEETING
    assert event.decoded("DTEND") == MEETING + timedelta(minutes=80)
    assert "Ground rules" in str(event["DESCRIPTION"])
    assert str(event["LOCATION"]) == "https://meet.example/abc"
    assert [str(a) for a in [event["ATTENDEE"]]] == ["mailto:bob@example.com"]
    review.refresh_from_db()
    assert review.agenda_shared_at is not None
    states = {r.step.value: r.state for r in prep_checklist(review, now=MEETING - timedelta(hours=30),
                                                             deadline=None)}
    assert states["share_agenda"] == "done"
    # sending again is an update of the same event
    services.invitations_send(review=review, user=alice, draft_url="https://hw.example/incidents/1/")
    again = next(iter(Calendar.from_ical(mail.outbox[1].attachments[0][1]).walk("VEVENT")))
    assert again["UID"] == event["UID"] and int(again["SEQUENCE"]) == 2
    assert mail.outbox[1].subject.startswith("Updated:")


def test_the_review_page_shows_kind_suggestions_checklist_and_agenda(alice_client, alice, incident):
    services.facilitator_join(user=alice)
    response = alice_client.get(reverse("review_page", args=[incident.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-kind="formal"' in body and "severity High is at or above High" in body
    assert "Gather artifacts" in body and "Share the agenda 24–48 h ahead" in body
    assert "What information did you have at that point?" in body
    assert "We&#x27;re here to learn, not blame." in body or "We're here to learn, not blame." in body
    assert f'data-user="{alice.pk}"' in body


def test_the_forms_on_the_review_page_book_adjust_and_name_bad_input(alice_client, incident):
    url = reverse("review_schedule", args=[incident.pk])
    response = alice_client.post(url, {"meeting_at": "2026-03-10T15:00", "minutes": "80", "place": "Room 4"},
                                 follow=True)
    assert "Meeting booked." in response.content.decode()
    review = Review.objects.get(postmortem__incident=incident)
    assert review.meeting_at == datetime(2026, 3, 10, 14, 0, tzinfo=UTC)  # alice is in Berlin
    response = alice_client.post(reverse("review_agenda", args=[incident.pk]), {"m-timeline": "60"}, follow=True)
    assert "Timeline building takes 25–35 minutes, not 60" in response.content.decode()


def test_the_postmortem_page_shows_the_review_card(alice_client, incident):
    body = alice_client.get(reverse("incident_detail", args=[incident.pk])).content.decode()
    assert 'id="review-card"' in body and "Formal postmortem" in body
    assert reverse("review_page", args=[incident.pk]) in body


def test_the_review_page_warns_when_the_agenda_outgrows_the_booked_meeting(alice_client, alice, incident, review):
    services.meeting_schedule(review=review, at=MEETING, minutes=80, place="Room 4", user=alice)
    page = alice_client.get(reverse("review_page", args=[incident.pk])).content.decode()
    assert 'id="agenda-too-long"' not in page
    services.agenda_set(review=review, minutes={"timeline": 35, "systems": 25})  # 85 minutes
    page = alice_client.get(reverse("review_page", args=[incident.pk])).content.decode()
    assert "The agenda takes 85 minutes but the meeting is booked for 80" in page


def test_a_facilitator_booked_for_a_later_meeting_is_labelled_booked_not_last(alice_client, alice, carol, incident):
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from hotwash.web.incidents.services import incident_create

    services.facilitator_join(user=carol)
    other = review_ensure(postmortem=incident_create(user=alice, title="Other", severity="low",
                                                     started_at=MEETING).postmortem)
    services.facilitator_choose(review=other, user=carol)
    later = timezone.now() + timedelta(days=3)
    services.meeting_schedule(review=other, at=later, minutes=80, user=alice)
    page = alice_client.get(reverse("review_page", args=[incident.pk])).content.decode()
    assert f"booked to facilitate {later.astimezone(ZoneInfo('Europe/Berlin')):%Y-%m-%d}" in page  # alice's zone
