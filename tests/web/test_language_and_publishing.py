from __future__ import annotations

import json

import pytest
from django.urls import reverse

from hotwash.core.errors import ValidationError
from hotwash.web.demo import load_demo
from hotwash.web.postmortems.models import Amendment
from hotwash.web.postmortems.quality import review_check
from hotwash.web.postmortems.services import (
    lint_waiver_add,
    postmortem_amend,
    postmortem_section_update,
    postmortem_status_set,
)


@pytest.fixture
def complete(db):  # type: ignore[no-untyped-def]
    """The demo incident: a complete postmortem that passes the review check."""
    from hotwash.web.incidents.models import Incident

    incident = load_demo()
    postmortem_status_set(postmortem=incident.postmortem, status="in_review", user=None)
    return Incident.objects.get(pk=incident.pk)


def test_the_demo_postmortem_is_ready_to_publish(complete):
    check = review_check(complete.postmortem)
    assert check.ready, [p.message for p in check.blocking]


def test_an_empty_postmortem_lists_what_is_missing_and_cannot_be_published(incident, alice):
    pm = incident.postmortem
    postmortem_status_set(postmortem=pm, status="in_review", user=alice)
    messages = [p.message for p in review_check(pm).blocking]
    assert "Executive summary is empty." in messages
    assert "The timeline has no events." in messages
    assert "There are no action items." in messages
    with pytest.raises(ValidationError) as caught:
        postmortem_status_set(postmortem=pm, status="published", user=alice)
    assert "not ready to publish" in caught.value.message
    pm.refresh_from_db()
    assert pm.status == "in_review"


def test_the_review_check_lists_blocking_items_first_then_warnings_each_in_the_order_found(alice_client, incident):
    problems = review_check(incident.postmortem).problems
    flags = [p.blocking for p in problems]
    assert True in flags and False in flags
    assert flags == sorted(flags, reverse=True), [(p.blocking, p.message) for p in problems]
    messages = [p.message for p in problems]
    # blocking in the order found: a required section, then the timeline, then the action items
    assert (messages.index("Executive summary is empty.") < messages.index("The timeline has no events.")
            < messages.index("There are no action items."))
    # warnings in the order found: an optional section before the facilitator
    assert messages.index("What went wrong is empty.") < messages.index("No facilitator is named.")
    html = alice_client.get(reverse("incident_detail", args=[incident.pk]) + "?check=1").content.decode()
    block = html[html.index('id="review-check"'):]
    block = block[:block.index("</ul>")]
    assert block.rindex("<strong>Blocking:</strong>") < block.index("Warning:")
    assert block.index("There are no action items.") < block.index("No facilitator is named.")


def test_blocking_language_blocks_publishing_until_fixed_or_waived(complete):
    pm = postmortem_status_set(postmortem=complete.postmortem, status="draft", user=None)
    pm = postmortem_section_update(postmortem=pm, section="what_went_wrong", base_version=pm.section_version(
        "what_went_wrong"), text="Marco forgot to run the migration.", user=None)
    pm = postmortem_status_set(postmortem=pm, status="in_review", user=None)
    check = review_check(pm)
    blocking = [lf for lf in check.language if lf.blocking]
    assert blocking and blocking[0].location == "section:what_went_wrong"
    with pytest.raises(ValidationError):
        postmortem_status_set(postmortem=pm, status="published", user=None)
    finding = blocking[0]
    with pytest.raises(ValidationError) as caught:
        lint_waiver_add(postmortem=pm, location=finding.location, code=finding.finding.code, span=finding.finding.text,
                        sentence=finding.finding.sentence, reason="ok", user=None)
    assert caught.value.field == "reason"
    for lf in blocking:
        lint_waiver_add(postmortem=pm, location=lf.location, code=lf.finding.code, span=lf.finding.text,
                        sentence=lf.finding.sentence, reason="Marco asked for this sentence to stay as written",
                        user=None)
    published = postmortem_status_set(postmortem=pm, status="published", user=None)
    assert published.status == "published" and published.published_at is not None


def test_a_published_postmortem_changes_only_through_a_recorded_amendment(complete, alice):
    pm = postmortem_status_set(postmortem=complete.postmortem, status="published", user=alice)
    with pytest.raises(ValidationError):
        postmortem_section_update(postmortem=pm, section="key_learnings", text="x", base_version=1, user=alice)
    pm = postmortem_amend(postmortem=pm, section="key_learnings", text="1. Pools are a shared budget.",
                          reason="Merged two learnings after the follow-up review", user=alice)
    assert pm.key_learnings == "1. Pools are a shared budget."
    amendment = Amendment.objects.get()
    assert amendment.author == alice and amendment.before.startswith("1. Connection pool")
    assert pm.revisions.filter(section="key_learnings").first().note.startswith("amendment:")


def test_live_lint_partial_marks_the_span_and_offers_a_mechanical_fix(alice_client, incident):
    response = alice_client.post(reverse("lint_text", args=[incident.pk]), {
        "text": "We should have alerted sooner. The on-call simply restarted the pod.", "target": "text-x"})
    html = response.content.decode()
    assert "<mark>" in html and "BL0" in html
    assert "data-apply" in html  # "simply" can be removed mechanically


def test_live_lint_reports_clean_text(alice_client, incident):
    html = alice_client.post(reverse("lint_text", args=[incident.pk]), {
        "text": "The health check failed to detect the stuck worker."}).content.decode()
    assert "No blame, hindsight or judgement language found." in html


def test_waiving_from_the_page_records_the_reason(alice_client, complete):
    pm = postmortem_status_set(postmortem=complete.postmortem, status="draft", user=None)
    pm = postmortem_section_update(postmortem=pm, section="what_went_wrong", base_version=pm.section_version(
        "what_went_wrong"), text="The outage was caused by human error.", user=None)
    check = review_check(pm)
    lf = next(f for f in check.language if f.blocking)
    html = alice_client.post(reverse("waiver_add", args=[complete.pk]), {
        "location": lf.location, "code": lf.finding.code, "span": lf.finding.text, "sentence": lf.finding.sentence,
        "reason": "Quoted from the vendor's report, kept verbatim"}, headers={"HX-Request": "true"}).content.decode()
    assert "Waived by alice" in html


def test_the_api_lints_arbitrary_text(client, alice_token):
    response = client.post("/api/v1/lint", data=json.dumps({"text": "Dana broke the build.", "names": ["Dana"]}),
                           content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {alice_token}")
    body = response.json()
    assert response.status_code == 200
    assert body["blocking"] >= 1 and body["findings"][0]["text"]
