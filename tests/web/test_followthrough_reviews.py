"""Follow-up reviews: scheduled on publish, checklist, notes, completion, and effectiveness verdicts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hotwash.core.errors import ValidationError
from hotwash.web.actions.services import action_item_update
from hotwash.web.followthrough.models import ActionVerdict
from hotwash.web.followthrough.services import followups_schedule, verdict_record
from hotwash.web.postmortems import analysis_services
from hotwash.web.postmortems import services as pm
from hotwash.web.timeline.services import timeline_entry_add

from .conftest import T0
from .followthrough_support import item

pytestmark = pytest.mark.django_db

NEUTRAL = "The connection pool limit allowed more connections than the database accepts."


def _complete(incident, alice, carol):  # type: ignore[no-untyped-def]
    postmortem = incident.postmortem
    pm.postmortem_facilitator_set(postmortem=postmortem, facilitator=carol)
    for key in ("executive_summary", "what_went_well", "what_went_wrong", "what_was_confusing",
                "where_we_got_lucky", "key_learnings"):
        pm.postmortem_section_update(postmortem=postmortem, section=key, text=NEUTRAL, base_version=0, user=alice)
    entry = timeline_entry_add(incident=incident, user=alice, time=T0, event="Latency alert fired")
    analysis_services.factor_add(postmortem=postmortem, category="technical", role="trigger",
                                 description="The pool size was raised in a config-only release",
                                 timeline_entries=[entry.pk])
    item(incident, "Add a CI check that pool size × pods stays under the connection limit")
    pm.postmortem_status_set(postmortem=postmortem, status="in_review", user=alice)
    return pm.postmortem_status_set(postmortem=postmortem, status="published", user=alice)


def test_publishing_schedules_the_three_reviews_with_checklists_owned_by_the_facilitator(incident, alice, carol):
    published = _complete(incident, alice, carol)
    reviews = list(published.followups.order_by("scheduled_for"))
    today = timezone.localdate(published.published_at)
    assert [(r.stage, r.scheduled_for - today) for r in reviews] == [
        ("immediate", timedelta(days=7)), ("short_term", timedelta(days=21)), ("long_term", timedelta(days=70))]
    assert all(r.owner == carol and len(r.checklist) == 4 for r in reviews)
    assert reviews[0].checklist[1]["text"].startswith("Action item tracking")
    assert reviews[2].title == "Long-term follow-up (2–3 months)"


def test_scheduling_twice_adds_nothing(incident):
    first = followups_schedule(postmortem=incident.postmortem, published_on=date(2026, 3, 10))
    again = followups_schedule(postmortem=incident.postmortem, published_on=date(2026, 4, 10))
    assert [r.pk for r in again] == [r.pk for r in first] and incident.postmortem.followups.count() == 3


@pytest.fixture
def review(incident):  # type: ignore[no-untyped-def]
    return followups_schedule(postmortem=incident.postmortem, published_on=date(2026, 3, 10))[1]


def test_the_checklist_is_ticked_notes_saved_and_the_review_marked_held_in_place(alice_client, review, alice):
    html = alice_client.post(reverse("followup_check", args=[review.pk]), {"index": "0", "done": "1"}, headers={"HX-Request": "true"}).content.decode()
    assert f'id="review-{review.pk}"' in html and "1 of 4 done" in html
    alice_client.post(reverse("followup_notes", args=[review.pk]), {"notes": "Lag alerts fired twice, both real."}, headers={"HX-Request": "true"})
    html = alice_client.post(reverse("followup_complete", args=[review.pk]), {"done": "1"}, headers={"HX-Request": "true"}).content.decode()
    review.refresh_from_db()
    assert review.checklist[0]["done"] and not review.checklist[1]["done"]
    assert review.notes == "Lag alerts fired twice, both real."
    assert review.completed_by == alice and "held" in html and "Reopen review" in html
    bad = alice_client.post(reverse("followup_check", args=[review.pk]), {"index": "9", "done": "1"}, headers={"HX-Request": "true"})
    assert "no checklist item 10" in bad.content.decode()


def test_the_postmortem_page_shows_the_reviews_in_the_follow_up_block(alice_client, incident, review):
    html = alice_client.get(reverse("incident_detail", args=[incident.pk])).content.decode()
    assert "Short-term follow-up (2–4 weeks)" in html and f'id="review-{review.pk}"' in html
    assert "Effectiveness measurement: assess whether implemented changes are working" in html


def test_a_done_item_gets_a_verdict_with_evidence_and_did_not_reopens_it(incident, review, alice):
    fixed = action_item_update(item=item(incident, "Add a lag alert"), data={"status": "done"})
    worked = verdict_record(action=fixed, verdict="worked", evidence_url="https://grafana.example/d/lag",
                            review=review, user=alice)
    assert not worked.reopened
    failed = verdict_record(action=fixed, verdict="did_not", note="Lag reached 90 s on 2026-04-02 with no page",
                            review=review, user=alice)
    fixed.refresh_from_db()
    assert failed.reopened and fixed.status == "open" and fixed.completed_at is None
    assert [v.verdict for v in ActionVerdict.objects.filter(action=fixed)] == ["did_not", "worked"]


def test_a_verdict_needs_a_done_item_and_some_evidence(incident, review):
    open_item = item(incident)
    with pytest.raises(ValidationError, match="only a done action item"):
        verdict_record(action=open_item, verdict="worked", note="looks fine")
    done = action_item_update(item=item(incident, "Add a lag alert"), data={"status": "done"})
    with pytest.raises(ValidationError) as exc:
        verdict_record(action=done, verdict="worked")
    assert exc.value.field == "evidence_url"
    with pytest.raises(ValidationError) as exc:
        verdict_record(action=done, verdict="great", note="x")
    assert exc.value.field == "verdict"


def test_verdicts_are_recorded_from_the_review_block(alice_client, incident, review):
    done = action_item_update(item=item(incident, "Add a lag alert"), data={"status": "done"})
    url = reverse("followup_verdict", args=[review.pk, done.pk])
    html = alice_client.post(url, {"verdict": "did_not", "evidence_url": "https://grafana.example/d/lag"},
                             headers={"HX-Request": "true"}).content.decode()
    done.refresh_from_db()
    assert done.status == "open" and "Did not work (reopened)" in html
    assert "judge it again once it is done" in html
    refused = alice_client.post(url, {"verdict": "worked", "note": "no lag since"}, headers={"HX-Request": "true"}).content.decode()
    assert "status: only a done action item gets an effectiveness verdict" in refused


def test_verdicts_and_reviews_through_the_api(client, alice_token, incident, review):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {alice_token}", "content_type": "application/json"}
    done = action_item_update(item=item(incident, "Add a lag alert"), data={"status": "done"})
    created = client.post(f"/api/v1/actions/{done.pk}/verdicts", {"verdict": "partly", "review_id": review.pk,
                          "evidence_url": "https://grafana.example/d/lag"}, **auth)
    assert created.status_code == 201 and created.json()["verdict"] == "partly"
    listed = client.get(f"/api/v1/actions/{done.pk}/verdicts", **auth).json()
    assert [v["created_by"] for v in listed] == ["alice"]
    patched = client.patch(f"/api/v1/followups/{review.pk}", {"check": 1, "notes": "ok", "completed": True}, **auth)
    body = patched.json()
    assert body["checklist"][1]["done"] and body["notes"] == "ok" and body["completed_at"]
    assert client.patch(f"/api/v1/followups/{review.pk}", {"check": 7}, **auth).status_code == 422


def test_marking_a_review_held_keeps_the_notes_typed_in_the_same_box(alice_client, review):
    # The button sits in the notes form: its post carries the notes, which must not be dropped.
    alice_client.post(reverse("followup_complete", args=[review.pk]),
                      {"done": "1", "notes": "Typed, never saved on its own."}, headers={"HX-Request": "true"})
    review.refresh_from_db()
    assert review.completed_at is not None and review.notes == "Typed, never saved on its own."
    # Reopening without the box (e.g. from the API) leaves the notes alone.
    alice_client.post(reverse("followup_complete", args=[review.pk]), {"done": "0"}, headers={"HX-Request": "true"})
    review.refresh_from_db()
    assert review.completed_at is None and review.notes == "Typed, never saved on its own."
    too_long = alice_client.post(reverse("followup_complete", args=[review.pk]),
                                 {"done": "1", "notes": "x" * 20_001}, headers={"HX-Request": "true"}).content.decode()
    review.refresh_from_db()
    assert review.completed_at is None and "notes" in too_long
