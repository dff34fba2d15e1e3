"""The postmortem page's forms sent by a browser without JavaScript (no HX-Request header): the answer is the
whole page, never a bare block, and an error is said on top of it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from hotwash.web.actions.models import ActionItem
from hotwash.web.actions.services import action_item_update
from hotwash.web.demo import load_demo
from hotwash.web.followthrough import trackers
from hotwash.web.followthrough.models import ActionVerdict
from hotwash.web.followthrough.services import followups_schedule
from hotwash.web.incidents.models import Incident
from hotwash.web.library.models import RecurrenceLink
from hotwash.web.postmortems.models import Amendment, LintWaiver, Participant, WhyChain
from hotwash.web.postmortems.quality import review_check
from hotwash.web.postmortems.services import postmortem_section_update, postmortem_status_set
from hotwash.web.timeline.models import TimelineEntry
from hotwash.web.timeline.services import timeline_entry_add, timeline_entry_update

from .conftest import T0
from .followthrough_support import item, replay
from .library_support import published, write


def test_a_form_sent_without_javascript_comes_back_to_its_block(alice_client, incident):
    response = alice_client.post(reverse("participant_add", args=[incident.pk]), {"name": "Bob Stone", "involved": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"/incidents/{incident.pk}/#block-people"
    assert Participant.objects.filter(name="Bob Stone", involved=True).exists()


def test_an_error_without_javascript_is_a_message_on_the_page(alice_client, incident):
    alice_client.post(reverse("participant_add", args=[incident.pk]), {"name": "Bob Stone"})
    response = alice_client.post(reverse("participant_add", args=[incident.pk]), {"name": "bob stone"}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain == [(f"/incidents/{incident.pk}/#block-people", 302)]
    assert '<div class="notice bad" role="alert">bob stone is already a participant</div>' in html
    assert "<h1>" in html and incident.title in html
    assert Participant.objects.count() == 1


def test_a_rejected_timeline_entry_without_javascript_keeps_what_was_typed(alice_client, incident):
    response = alice_client.post(reverse("timeline_add", args=[incident.pk]),
                                 {"time": "soon", "event": "Alert fired", "kind": "alert"})
    html = response.content.decode()
    assert response.status_code == 200 and "<title>" in html and "Facilitator and participants" in html  # the page
    assert "time:" in html and "is not a date and time" in html
    assert 'value="Alert fired"' in html  # the draft is still in the form
    assert not TimelineEntry.objects.exists()


def test_with_htmx_the_answer_is_still_the_block(alice_client, incident):
    response = alice_client.post(reverse("timeline_add", args=[incident.pk]),
                                 {"time": "2026-03-02T10:00", "event": "Alert fired", "kind": "alert"},
                                 headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<section class="card" id="block-timeline">')
    assert TimelineEntry.objects.get().time == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # alice is in Berlin


def test_the_forms_carry_their_address_and_csrf_token(incident, alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    html = client.get(reverse("incident_detail", args=[incident.pk])).content.decode()
    for name in ("participant_add", "facilitator_set", "factor_add", "followup_add", "timeline_add",
                 "timeline_import_preview", "action_add"):
        url = reverse(name, args=[incident.pk])
        assert f'method="post" action="{url}"' in html, name
    assert html.count('name="csrfmiddlewaretoken"') >= 7


def _page(client: Client, incident, query: str = "") -> str:  # type: ignore[no-untyped-def]
    return client.get(reverse("incident_detail", args=[incident.pk]) + query).content.decode()


def test_editing_a_section_without_javascript(alice_client, incident):
    page = _page(alice_client, incident)
    assert f'href="/incidents/{incident.pk}/?edit=what_went_well#section-what_went_well"' in page
    editing = _page(alice_client, incident, "?edit=what_went_well")
    save = reverse("section_save", args=[incident.pk, "what_went_well"])
    assert f'method="post" action="{save}"' in editing and editing.count('name="base_version"') == 1
    response = alice_client.post(save, {"text": "The rollback took two minutes.", "base_version": "0"})
    assert response["Location"] == f"/incidents/{incident.pk}/#section-what_went_well"
    incident.postmortem.refresh_from_db()
    assert incident.postmortem.what_went_well == "The rollback took two minutes."
    assert f'href="/incidents/{incident.pk}/?history=what_went_well#section-what_went_well"' in page
    history = _page(alice_client, incident, "?history=what_went_well")
    assert "Edit history" in history and '<span class="add">+ The rollback took two minutes.</span>' in history


def test_a_conflicting_section_edit_without_javascript_shows_both_versions_then_keeps_mine(alice_client, incident, bob):
    save = reverse("section_save", args=[incident.pk, "executive_summary"])
    postmortem_section_update(postmortem=incident.postmortem, section="executive_summary", text="Bob wrote this",
                              base_version=0, user=bob)
    response = alice_client.post(save, {"text": "Alice wrote that", "base_version": "0"})  # her page was older
    html = response.content.decode()
    assert response.status_code == 200 and "<title>" in html and "Facilitator and participants" in html
    assert "Your text is not saved yet" in html
    assert '<a href="#section-executive_summary">compare and choose</a>' in html  # on top: the answer is not scrolled
    assert '<pre data-version="mine">Alice wrote that</pre>' in html and '<pre data-version="theirs">Bob wrote this</pre>' in html
    assert f'method="post" action="{save}"' in html and 'name="resolution" value="mine"' in html
    assert f'href="/incidents/{incident.pk}/#section-executive_summary"' in html  # keep theirs: back to the page
    incident.postmortem.refresh_from_db()
    assert incident.postmortem.executive_summary == "Bob wrote this"
    kept = alice_client.post(save, {"text": "Alice wrote that", "base_version": "1", "resolution": "mine"})
    assert kept["Location"] == f"/incidents/{incident.pk}/#section-executive_summary"
    incident.postmortem.refresh_from_db()
    assert incident.postmortem.executive_summary == "Alice wrote that"


def test_amending_a_published_section_without_javascript(alice_client, alice):
    incident = published(alice, "Expired TLS certificate", summary="The certificate expired.")
    page = _page(alice_client, incident)
    assert "?edit=key_learnings" not in page and f'href="/incidents/{incident.pk}/?amend=key_learnings#section-key_learnings"' in page
    assert 'id="text-key_learnings"' not in _page(alice_client, incident, "?edit=key_learnings")  # published: no plain edit
    amend = reverse("amend_save", args=[incident.pk, "key_learnings"])
    assert f'method="post" action="{amend}"' in _page(alice_client, incident, "?amend=key_learnings")
    refused = alice_client.post(amend, {"text": "Renewal is automated now.", "reason": " "}).content.decode()
    assert "<title>" in refused and "reason" in refused and "Renewal is automated now.</textarea>" in refused
    assert '<a href="#section-key_learnings">Back to your text</a>' in refused
    assert not Amendment.objects.exists()
    response = alice_client.post(amend, {"text": "Renewal is automated now.", "reason": "Follow-up review"})
    assert response["Location"] == f"/incidents/{incident.pk}/#section-key_learnings"
    assert Amendment.objects.get().reason == "Follow-up review"


def test_editing_a_timeline_entry_without_javascript_and_its_conflict(alice_client, incident, alice):
    entry = timeline_entry_add(incident=incident, user=alice, time=T0, event="Alert fired")
    page = _page(alice_client, incident)
    assert f'href="/incidents/{incident.pk}/?entry={entry.pk}#entry-{entry.pk}"' in page
    update = reverse("timeline_update", args=[incident.pk, entry.pk])
    editing = _page(alice_client, incident, f"?entry={entry.pk}")
    assert f'method="post" action="{update}"' in editing and 'value="Alert fired"' in editing
    form = {"time": "2026-03-02T10:00", "event": "Latency alert fired", "kind": "alert", "version": str(entry.version)}
    timeline_entry_update(entry=entry, data={"event": "Alert fired (edited by Bob)"}, base_version=entry.version)
    html = alice_client.post(update, form).content.decode()  # her form carries the old version
    assert "<title>" in html and "re-apply your change" in html
    assert 'value="Alert fired (edited by Bob)"' in html  # the form now shows the saved version
    entry.refresh_from_db()
    assert entry.event == "Alert fired (edited by Bob)"
    response = alice_client.post(update, {**form, "version": str(entry.version)})
    assert response["Location"] == f"/incidents/{incident.pk}/#block-timeline"
    entry.refresh_from_db()
    assert entry.event == "Latency alert fired"


def test_editing_an_action_item_without_javascript(alice_client, incident):
    action = item(incident, "Add a lag alert")
    assert f'href="/incidents/{incident.pk}/?action={action.pk}#action-{action.pk}"' in _page(alice_client, incident)
    update = reverse("action_update", args=[incident.pk, action.pk])
    assert f'method="post" action="{update}"' in _page(alice_client, incident, f"?action={action.pk}")
    response = alice_client.post(update, {"action": "Add a replication lag alert", "version": str(action.version),
                                          "status": "open"})
    assert response["Location"] == f"/incidents/{incident.pk}/#block-actions"
    assert ActionItem.objects.get(pk=action.pk).action == "Add a replication lag alert"


def test_the_tracker_buttons_without_javascript(alice_client, incident, settings, monkeypatch):
    settings.HOTWASH_GITHUB_REPO, settings.HOTWASH_GITHUB_TOKEN = "acme/payments", "private_token_removed"
    settings.BASE_URL, settings.HOTWASH_WEBHOOKS = "https://hotwash.example", {}
    action = item(incident, "Add an alert when the payment queue depth stays above 1000 for 5 minutes",
                  due_date=date(2026, 12, 7), success_metric="Queue alerts page within 5 minutes")
    url = reverse("action_tracker", args=[incident.pk, action.pk])
    page = _page(alice_client, incident)
    assert f'method="post" action="{url}"' in page and 'name="tracker" value="github"' in page
    monkeypatch.setattr(trackers, "TRANSPORT", replay("web_github_create_open_closed.txt"))
    response = alice_client.post(url, {"tracker": "github"}, follow=True)
    assert response.redirect_chain == [(f"/incidents/{incident.pk}/#block-actions", 302)]
    assert "acme/payments#57" in response.content.decode()
    refused = alice_client.post(url, {"tracker": "trello"}, follow=True).content.decode()
    assert 'class="notice bad" role="alert">tracker:' in refused


def test_five_whys_without_javascript(alice_client, incident):
    url = reverse("whys_action", args=[incident.pk])
    page = _page(alice_client, incident)
    assert 'id="block-whys"' in page and f'method="post" action="{url}"' in page  # in the page, not loaded later
    response = alice_client.post(url, {"do": "add_chain", "problem": "Search returned errors for 50 minutes"})
    assert response["Location"] == f"/incidents/{incident.pk}/#block-whys"
    chain = WhyChain.objects.get()
    alice_client.post(url, {"do": "answer", "chain": chain.pk, "answer": "The engineer forgot to warm the cache"})
    alice_client.post(url, {"do": "answer", "chain": chain.pk, "answer": "The pipeline has no warm-up step"})
    html = _page(alice_client, incident)
    assert "Not yet at a system condition" not in html and "names a system condition" in html
    assert 'name="do" value="undo"' in html and 'name="do" value="delete"' in html
    alice_client.post(url, {"do": "undo", "chain": chain.pk})
    chain.refresh_from_db()
    assert chain.answers == ["The engineer forgot to warm the cache"]
    alice_client.post(url, {"do": "to_factor", "chain": chain.pk, "category": "process", "role": "enabling"})
    assert incident.postmortem.factors.get().description == "The engineer forgot to warm the cache"
    refused = alice_client.post(url, {"do": "add_chain", "problem": ""}, follow=True)
    assert refused.redirect_chain == [(f"/incidents/{incident.pk}/#block-whys", 302)]
    assert '<div class="notice bad" role="alert">' in refused.content.decode()
    alice_client.post(url, {"do": "delete", "chain": chain.pk})
    assert not WhyChain.objects.exists()


@pytest.fixture
def complete(db):  # type: ignore[no-untyped-def]
    incident = load_demo()
    pm = postmortem_status_set(postmortem=incident.postmortem, status="in_review", user=None)
    postmortem_section_update(postmortem=pm, section="what_went_wrong", text="The outage was caused by human error.",
                              base_version=pm.section_version("what_went_wrong"), user=None)
    return Incident.objects.get(pk=incident.pk)  # its postmortem as saved


def test_the_review_check_and_a_waiver_without_javascript(alice_client, complete):
    page = _page(alice_client, complete)
    assert f'href="/incidents/{complete.pk}/?check=1#review-check">Run the review check</a>' in page
    assert "<noscript>" in page and "Blocking:" not in page  # with JavaScript it is loaded after the page
    checked = _page(alice_client, complete, "?check=1")
    url = reverse("waiver_add", args=[complete.pk])
    assert "Blocking:" in checked and f'method="post" action="{url}"' in checked
    lf = next(f for f in review_check(complete.postmortem).language if f.blocking)
    response = alice_client.post(url, {"location": lf.location, "code": lf.finding.code, "span": lf.finding.text,
                                       "sentence": lf.finding.sentence, "reason": "Quoted verbatim"}, follow=True)
    assert response.redirect_chain == [(f"/incidents/{complete.pk}/?check=1#review-check", 302)]
    assert "Waived by alice" in response.content.decode()
    assert LintWaiver.objects.get().reason == "Quoted verbatim"


def test_follow_up_reviews_without_javascript(alice_client, incident, alice):
    review = followups_schedule(postmortem=incident.postmortem, published_on=date(2026, 3, 10))[1]
    done = action_item_update(item=item(incident, "Add a lag alert"), data={"status": "done"})
    page = _page(alice_client, incident)
    for name, args in (("followup_check", [review.pk]), ("followup_notes", [review.pk]),
                       ("followup_verdict", [review.pk, done.pk])):
        assert f'method="post" action="{reverse(name, args=args)}"' in page, name
    assert f'formaction="{reverse("followup_complete", args=[review.pk])}" name="done" value="1"' in page
    back = f"/incidents/{incident.pk}/#review-{review.pk}"
    assert alice_client.post(reverse("followup_check", args=[review.pk]), {"index": "0", "done": "1"})["Location"] == back
    assert alice_client.post(reverse("followup_notes", args=[review.pk]), {"notes": "Lag alerts fired twice."})["Location"] == back
    verdict = alice_client.post(reverse("followup_verdict", args=[review.pk, done.pk]),
                                {"verdict": "worked", "evidence_url": "https://grafana.example/d/lag"})
    assert verdict["Location"] == back
    assert alice_client.post(reverse("followup_complete", args=[review.pk]), {"done": "1"})["Location"] == back
    review.refresh_from_db()
    assert review.checklist[0]["done"] and review.notes == "Lag alerts fired twice." and review.completed_by == alice
    assert ActionVerdict.objects.get().verdict == "worked"
    refused = alice_client.post(reverse("followup_check", args=[review.pk]), {"index": "9", "done": "1"}, follow=True)
    assert "no checklist item 10" in refused.content.decode() and refused.redirect_chain == [(back, 302)]


def test_similar_incidents_without_javascript(alice_client, alice):
    earlier = published(alice, "Expired TLS certificate on the public API", services=["api-gateway"], tags=["tls"],
                        summary="The certificate of api.example.com expired; clients failed the TLS handshake.")
    from hotwash.web.incidents.services import incident_create

    incident = incident_create(user=alice, title="Mobile app cannot connect: certificate expired", severity="high",
                               started_at=T0, detected_at=T0 + timedelta(minutes=5), tags=["tls"])
    write(incident, alice, summary="The TLS certificate of the mobile API expired and the handshake failed.")
    similar = reverse("library_similar", args=[incident.pk])
    assert f'<noscript><p class="small"><a href="{similar}">Show similar incidents</a>' in _page(alice_client, incident)
    html = alice_client.get(similar).content.decode()
    decide = reverse("library_similar_decide", args=[incident.pk])
    assert "<title>" in html and earlier.title in html and f'method="post" action="{decide}"' in html
    response = alice_client.post(decide, {"earlier": earlier.pk, "state": "confirmed", "score": "0.5"}, follow=True)
    assert response.redirect_chain == [(similar, 302)] and "Confirmed recurrence" in response.content.decode()
    assert RecurrenceLink.objects.get().earlier_id == earlier.pk
