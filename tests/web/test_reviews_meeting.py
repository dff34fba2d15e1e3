"""Meeting mode: the server keeps the phase and its clock; followers poll a cheap fragment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from hotwash.core.errors import ValidationError
from hotwash.web.reviews.selectors.review import meeting_state, phase_targets
from hotwash.web.reviews.services.meeting import meeting_advance
from hotwash.web.reviews.services.review import agenda_set, facilitator_choose, review_ensure

T = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)


@pytest.fixture
def review(incident):  # type: ignore[no-untyped-def]
    return review_ensure(postmortem=incident.postmortem)


def test_phases_advance_and_every_reader_sees_the_same_clock(review):
    assert meeting_state(review, now=T).status == "not_started"
    review = meeting_advance(review=review, action="start", now=T)
    state = meeting_state(review, now=T + timedelta(minutes=2))
    assert (state.status, state.slot.key, state.remaining) == ("running", "opening", timedelta(minutes=3))
    review = meeting_advance(review=review, action="next", now=T + timedelta(minutes=6))
    state = meeting_state(review, now=T + timedelta(minutes=40))
    assert state.slot.key == "timeline" and state.overrun and state.remaining_text == "+4:00 over"
    review = meeting_advance(review=review, action="previous", now=T + timedelta(minutes=41))
    assert meeting_state(review, now=T + timedelta(minutes=41)).slot.key == "opening"
    assert [p["phase"] for p in review.phase_log] == ["opening", "timeline"]
    assert review.state_version == 3


def test_moving_past_the_ends_is_refused(review):
    with pytest.raises(ValidationError, match="start the meeting first"):
        meeting_advance(review=review, action="next")
    review = meeting_advance(review=review, action="start", now=T)
    with pytest.raises(ValidationError, match="first phase"):
        meeting_advance(review=review, action="previous")
    for _ in range(4):
        review = meeting_advance(review=review, action="next")
    with pytest.raises(ValidationError, match="last phase"):
        meeting_advance(review=review, action="next")
    review = meeting_advance(review=review, action="end")
    assert meeting_state(review, now=T).status == "ended" and review.meeting_held


def test_an_adjusted_agenda_sets_the_phase_clock(review):
    agenda_set(review=review, minutes={"timeline": 35})
    review = meeting_advance(review=review, action="start", now=T)
    review = meeting_advance(review=review, action="next", now=T)
    assert meeting_state(review, now=T).remaining == timedelta(minutes=35)


def test_each_phase_edits_the_matching_part_of_the_postmortem(review):
    from hotwash.core.meeting import Agenda

    targets = {slot.key: phase_targets(slot) for slot in Agenda().slots}
    assert targets["timeline"] == [("block", "timeline")]
    assert ("block", "factors") in targets["systems"] and ("section", "what_went_well") in targets["systems"]
    assert targets["learning"] == [("section", "key_learnings"), ("block", "actions")]


def test_meeting_mode_shows_the_phase_prompts_and_the_section_in_place(alice_client, incident, review):
    alice_client.post(reverse("meeting_control", args=[incident.pk, "start"]))
    alice_client.post(reverse("meeting_control", args=[incident.pk, "next"]))
    body = alice_client.get(reverse("meeting_mode", args=[incident.pk])).content.decode()
    assert "Timeline building" in body and "What information did you have at that point?" in body
    assert 'id="block-timeline"' in body and "data-ends-at=" in body
    assert 'id="meeting-controls"' in body


def test_only_the_facilitator_runs_the_meeting(client, incident, review, bob, carol):
    facilitator_choose(review=review, user=carol)
    client.force_login(bob)
    response = client.post(reverse("meeting_control", args=[incident.pk, "start"]))
    assert response.status_code == 302 and response["Location"].endswith("/meeting/follow/")
    review.refresh_from_db()
    assert review.current_phase == ""
    assert client.get(reverse("meeting_mode", args=[incident.pk]))["Location"].endswith("/meeting/follow/")


def test_the_follower_fragment_is_cheap_and_polls_itself(client, incident, review, bob,
                                                         django_assert_max_num_queries):
    meeting_advance(review=review, action="start")
    client.force_login(bob)
    # session, user, profile (time zone), the guard of restricted incidents, the review
    with django_assert_max_num_queries(5):
        response = client.get(reverse("meeting_state", args=[incident.pk]))
    body = response.content.decode()
    assert 'data-phase="opening"' in body and 'hx-trigger="every 3s"' in body
    follow = client.get(reverse("meeting_follow", args=[incident.pk])).content.decode()
    assert 'hx-get="{}"'.format(reverse("meeting_state", args=[incident.pk])) in follow
    assert "data-ends-at" in follow and "setInterval" in follow


def test_the_phase_clock_pauses_and_resumes_and_a_new_phase_starts_running(review):
    review = meeting_advance(review=review, action="start", now=T)
    review = meeting_advance(review=review, action="pause", now=T + timedelta(minutes=1))
    paused = meeting_state(review, now=T + timedelta(minutes=10))
    assert paused.paused and paused.remaining == timedelta(minutes=4) and paused.ends_at is None
    with pytest.raises(ValidationError, match="already paused"):
        meeting_advance(review=review, action="pause", now=T + timedelta(minutes=10))
    review = meeting_advance(review=review, action="resume", now=T + timedelta(minutes=10))
    running = meeting_state(review, now=T + timedelta(minutes=11))
    assert not running.paused and running.remaining == timedelta(minutes=3)
    assert running.ends_at == T + timedelta(minutes=14)  # 5 minutes of phase + 9 paused
    with pytest.raises(ValidationError, match="not paused"):
        meeting_advance(review=review, action="resume")
    review = meeting_advance(review=review, action="pause", now=T + timedelta(minutes=12))
    review = meeting_advance(review=review, action="next", now=T + timedelta(minutes=13))
    assert review.phase_log[-1]["paused_seconds"] == 600
    fresh = meeting_state(review, now=T + timedelta(minutes=13))
    assert not fresh.paused and fresh.remaining == timedelta(minutes=30)


def test_controls_swap_the_live_part_with_htmx_and_reload_without_it(alice_client, incident, review):
    hx = {"HTTP_HX_REQUEST": "true"}
    swapped = alice_client.post(reverse("meeting_control", args=[incident.pk, "start"]), **hx)
    body = swapped.content.decode()
    assert swapped.status_code == 200 and body.lstrip().startswith('<div id="meeting-live"')
    assert "<html" not in body and 'data-phase="opening"' in body
    assert 'hx-post="{}"'.format(reverse("meeting_control", args=[incident.pk, "next"])) in body
    assert 'action="{}"'.format(reverse("meeting_control", args=[incident.pk, "next"])) in body  # no-JS fallback
    assert "Pause clock" in body and 'id="section-executive_summary"' in body  # the notes of the phase
    paused = alice_client.post(reverse("meeting_control", args=[incident.pk, "pause"]), **hx).content.decode()
    assert "Resume clock" in paused and "clock paused" in paused and "data-ends-at" not in paused
    refused = alice_client.post(reverse("meeting_control", args=[incident.pk, "previous"]), **hx).content.decode()
    assert "this is the first phase" in refused and 'id="meeting-live"' in refused
    plain = alice_client.post(reverse("meeting_control", args=[incident.pk, "resume"]))
    assert plain.status_code == 302 and plain["Location"].endswith("/meeting/")
    review.refresh_from_db()
    assert review.paused_at is None and review.state_version == 3


def test_a_follower_posting_a_control_with_htmx_is_sent_to_the_follower_view(client, incident, review, bob, carol):
    facilitator_choose(review=review, user=carol)
    client.force_login(bob)
    response = client.post(reverse("meeting_control", args=[incident.pk, "start"]), HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"].endswith("/meeting/follow/")
