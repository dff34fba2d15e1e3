"""Team retrospectives use the shared action items: the board, reminders, versions, verdicts, calendars."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from hotwash.core.errors import Conflict, ValidationError
from hotwash.web.accounts.services import api_token_create, profile_update
from hotwash.web.actions.models import ActionItem
from hotwash.web.actions.services import action_item_add, action_item_update
from hotwash.web.followthrough.models import ActionVerdict
from hotwash.web.followthrough.reminders import reminders_run
from hotwash.web.followthrough.selectors import calendar_events
from hotwash.web.followthrough.trackers import draft_for
from hotwash.web.library.services import incident_restriction_set
from hotwash.web.reviews.services.retro import retro_item_add, retrospective_create

from .followthrough_support import incident_of, item

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def retro(alice):  # type: ignore[no-untyped-def]
    return retrospective_create(team="Search", held_on=date(2026, 3, 1), user=alice, title="Sprint 9",
                                follow_up_on=date(2026, 3, 29))


def retro_item(retro, action: str = "Move the nightly batch job off 03:00", **fields):  # type: ignore[no-untyped-def]
    fields.setdefault("owner", "Search")
    fields.setdefault("due_date", date(2026, 3, 20))
    fields.setdefault("success_metric", "No 03:00 pages for a month")
    return action_item_add(retrospective=retro, action=action, **fields)


def _block_url(retro, name: str, item_=None) -> str:  # type: ignore[no-untyped-def]
    return reverse(name, args=[retro.pk, item_.pk] if item_ is not None else [retro.pk])


def test_a_retrospective_has_three_columns_and_shared_action_items(alice_client, retro):
    retro_item_add(retrospective=retro, column="went_well", text="On-call handovers")
    retro_item_add(retrospective=retro, column="puzzling", text="Why do alerts fire at 03:00?")
    with pytest.raises(ValidationError):
        retro_item_add(retrospective=retro, column="blame", text="x")
    shared = retro_item(retro)
    action_item_update(item=shared, data={"status": "done"})
    assert isinstance(shared, ActionItem) and shared.postmortem is None and list(retro.actions.all()) == [shared]
    body = alice_client.get(reverse("retro_detail", args=[retro.pk])).content.decode()
    assert "On-call handovers" in body and "Why do alerts fire at 03:00?" in body
    assert "<s>Move the nightly batch job off 03:00</s>" in body and "Did it work?" in body


def test_an_item_belongs_to_a_postmortem_or_a_retrospective_never_both_nor_neither(incident, retro):
    with pytest.raises(ValidationError) as exc:
        action_item_add(action="Nowhere", owner="x")
    assert exc.value.field == "source"
    with pytest.raises(ValidationError):
        action_item_add(postmortem=incident.postmortem, retrospective=retro, action="Both", owner="x")
    for kwargs in ({}, {"postmortem": incident.postmortem, "retrospective": retro}):
        with pytest.raises(IntegrityError), transaction.atomic():
            ActionItem.objects.create(action="Bypassing the service", **kwargs)


def test_a_retro_item_without_a_due_date_gets_the_policy_default_for_any_severity(retro, settings, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 3, 9))
    settings.HOTWASH_DUE_POLICY = '{"days": {"*": {"p2": 10}, "high": {"p2": 3}}, "skip_weekends": false}'
    added = action_item_add(retrospective=retro, action="Write down the handover template", owner="Search")
    assert added.priority == "p2" and added.due_date == date(2026, 3, 19)  # the "*" row, not "high"


def test_the_retro_page_adds_items_through_the_actions_services_with_and_without_htmx(alice_client, retro, bob):
    url = _block_url(retro, "retro_action_add")
    swapped = alice_client.post(url, {"action": "Add a runbook link to the batch alert", "owner": "",
                                      "owner_user": str(bob.pk), "impact": "3", "effort": "1"}, **HX)
    assert swapped.status_code == 200 and 'id="retro-actions"' in swapped.content.decode()
    added = retro.actions.get()
    assert added.owner == "Bob Stone" and added.owner_user == bob and added.priority == "p1" and added.due_date
    plain = alice_client.post(url, {"action": "Rotate the retro facilitator", "owner": "Search"})
    assert plain.status_code == 302 and plain["Location"].endswith(f"/retrospectives/{retro.pk}/#retro-actions")
    refused = alice_client.post(url, {"action": "", "owner": "Search"}, **HX).content.decode()
    assert "action:" in refused and retro.actions.count() == 2


def test_mark_done_and_reopen_from_the_retro_page(alice_client, retro):
    shared = retro_item(retro)
    url = _block_url(retro, "retro_action_update", shared)
    alice_client.post(url, {"status": "done", "version": shared.version}, **HX)
    shared.refresh_from_db()
    assert shared.status == "done" and shared.completed_at is not None and shared.version == 2
    alice_client.post(url, {"status": "open", "version": shared.version})
    shared.refresh_from_db()
    assert shared.status == "open" and shared.completed_at is None and shared.version == 3


def test_a_stale_edit_of_a_retro_item_is_a_conflict_not_an_overwrite(alice_client, retro, alice):
    shared = retro_item(retro)
    with pytest.raises(Conflict):
        action_item_update(item=shared, data={"owner": "Bob"}, base_version=0)
    url = _block_url(retro, "retro_action_update", shared)
    form = {"action": shared.action, "owner": "Search", "success_metric": "Fewer pages", "impact": "2",
            "effort": "2", "type": "process", "status": "open", "due_date": "2026-03-20", "version": "1"}
    assert alice_client.post(url, form, **HX).status_code == 200  # first save wins: version 2
    stale = alice_client.post(url, {**form, "success_metric": "Something else"}, **HX).content.decode()
    assert "changed by someone else" in stale and 'name="version" value="2"' in stale
    shared.refresh_from_db()
    assert shared.success_metric == "Fewer pages" and shared.version == 2
    # without JavaScript: back to the page with the form open on the saved version and the message
    plain = alice_client.post(url, {**form, "success_metric": "Something else"})
    assert plain.status_code == 302 and f"?edit={shared.pk}" in plain["Location"]
    page = alice_client.get(plain["Location"]).content.decode()
    assert "changed by someone else" in page and 'name="version" value="2"' in page
    # the API says 409 too
    _, raw = api_token_create(user=alice, name="t")
    conflict = alice_client.patch(f"/api/v1/actions/{shared.pk}", {"owner": "Bob", "version": 1},
                                  content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert conflict.status_code == 409 and conflict.json()["current_version"] == 2


def test_an_item_of_another_retrospective_is_not_found_through_this_one(alice_client, alice, retro):
    other = retrospective_create(team="Payments", held_on=date(2026, 3, 2), user=alice)
    foreign = retro_item(other)
    response = alice_client.post(_block_url(retro, "retro_action_delete", foreign))
    assert response.status_code == 404 and ActionItem.objects.filter(pk=foreign.pk).exists()


def test_the_board_shows_retro_items_next_to_incident_items(alice_client, alice, retro):
    retro_item(retro, "Move the nightly batch job off 03:00", owner="")
    item(incident_of(alice, "Checkout errors"), "Add a pool-size check in CI", owner="Payments")
    page = alice_client.get(reverse("action_board"))
    html = page.content.decode()
    assert [r["item"].action for r in page.context["rows"]] == ["Move the nightly batch job off 03:00",
                                                                 "Add a pool-size check in CI"]
    assert f'href="/retrospectives/{retro.pk}/#action-' in html and "Retrospective</a>" in html
    titles = {src: [r["item"].action for r in alice_client.get(reverse("action_board"), {"source": src})
                    .context["rows"]] for src in ("retrospectives", "incidents")}
    assert titles == {"retrospectives": ["Move the nightly batch job off 03:00"],
                      "incidents": ["Add a pool-size check in CI"]}
    # an item without an owner's team counts for the retrospective's team
    team = alice_client.get(reverse("action_board"), {"team": "search"}).context["rows"]
    assert [r["team"] for r in team] == ["Search"]
    rows = list(csv.DictReader(io.StringIO(alice_client.get(reverse("action_board_csv")).content.decode())))
    assert [(r["incident"], r["retrospective"]) for r in rows][0] == ("", "Search retrospective: Sprint 9 of 2026-03-01")
    assert rows[0]["url"].endswith(f"/retrospectives/{retro.pk}/#action-{retro.actions.get().pk}")
    sorted_by_incident = alice_client.get(reverse("action_board"), {"sort": "incident"}).context["rows"]
    assert [r["item"].postmortem_id is None for r in sorted_by_incident] == [False, True]  # retros last
    api = alice_client.get("/api/v1/actions", {"source": "retrospectives"}).json()
    assert [(a["incident_id"], a["retrospective_id"]) for a in api] == [(None, retro.pk)]


def test_retro_items_are_never_restricted_but_restricted_incidents_stay_hidden(client, alice, bob, retro):
    secret = incident_of(alice, "Credential leak")
    incident_restriction_set(incident=secret, restricted=True)
    item(secret, "Rotate the leaked signing key")
    shared = retro_item(retro)
    client.force_login(bob)
    html = client.get(reverse("action_board")).content.decode()
    assert shared.action in html and "Rotate the leaked signing key" not in html
    assert "Credential leak" not in html
    assert client.get(reverse("action_ics", args=[shared.pk])).status_code == 200
    hidden = secret.postmortem.actions.get()
    assert client.get(reverse("action_ics", args=[hidden.pk])).status_code == 404
    _, raw = api_token_create(user=bob, name="t")
    assert client.get(f"/api/v1/actions/{shared.pk}", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


def test_a_retro_item_is_reminded_like_any_item(retro, alice, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.HOTWASH_WEBHOOKS = {}
    settings.HOTWASH_DIGEST = False
    settings.TIME_ZONE = "UTC"
    shared = retro_item(retro, owner_user=alice, due_date=date(2026, 3, 20))
    assert reminders_run(now=datetime(2026, 3, 20, 6, tzinfo=UTC)).sent == 1
    assert reminders_run(now=datetime(2026, 3, 20, 7, tzinfo=UTC)).sent == 0
    message = mail.outbox[0]
    assert message.subject == "[hotwash] Due today: Move the nightly batch job off 03:00"
    assert "From the Search retrospective: Sprint 9 of 2026-03-01" in message.body
    assert f"/retrospectives/{retro.pk}/#action-{shared.pk}" in message.body


def test_a_retro_item_webhook_goes_to_the_retrospective_team(retro, settings):
    import json

    from .followthrough_support import HOOK, replay

    settings.TIME_ZONE = "UTC"
    settings.HOTWASH_DIGEST = False
    settings.HOTWASH_WEBHOOKS = {"team:Search": HOOK}
    retro_item(retro, owner="", due_date=date(2026, 3, 20))
    transport = replay("slack_ok.txt")
    assert reminders_run(now=datetime(2026, 3, 20, 6, tzinfo=UTC), transport=transport).sent == 1
    blocks = json.loads(transport.sent[0].body)["blocks"]
    assert "From the Search retrospective" in blocks[1]["elements"][0]["text"]


def test_calendars_carry_retro_items_and_the_follow_up_day(retro, alice, bob):
    profile_update(user=bob, timezone_name="UTC", team="Search")
    shared = retro_item(retro, owner="", owner_user=bob)
    team = calendar_events(team="Search", since=date(2026, 1, 1))
    by_uid = {e.uid.split("@")[0]: e for e in team}
    assert by_uid[f"action-{shared.pk}"].url.endswith(f"/retrospectives/{retro.pk}/#action-{shared.pk}")
    assert "From the Search retrospective" in by_uid[f"action-{shared.pk}"].description
    follow = by_uid[f"retro-followup-{retro.pk}"]
    assert follow.start == date(2026, 3, 29) and follow.summary == "Retrospective follow-up: Search"
    mine = {e.uid.split("@")[0] for e in calendar_events(user=alice, since=date(2026, 1, 1))}
    assert f"retro-followup-{retro.pk}" in mine  # alice created it (no facilitator chosen)


def test_a_ticket_for_a_retro_item_says_where_it_comes_from(retro):
    draft = draft_for(retro_item(retro))
    assert "From the Search retrospective: Sprint 9 of 2026-03-01." in draft.body
    assert draft.labels == ("retrospective", "action-item") and "/retrospectives/" in draft.url


def test_a_done_retro_item_gets_an_effectiveness_verdict_and_did_not_reopens_it(alice_client, retro):
    shared = retro_item(retro)
    url = _block_url(retro, "retro_action_verdict", shared)
    refused = alice_client.post(url, {"verdict": "worked", "note": "fewer pages"}, **HX).content.decode()
    assert "only a done action item" in refused
    action_item_update(item=shared, data={"status": "done"})
    no_evidence = alice_client.post(url, {"verdict": "worked"}, **HX).content.decode()
    assert "link the evidence" in no_evidence
    alice_client.post(url, {"verdict": "did_not", "note": "still paged twice at 03:00"}, **HX)
    shared.refresh_from_db()
    verdict = ActionVerdict.objects.get(action=shared)
    assert shared.status == "open" and verdict.reopened and verdict.review is None
    page = alice_client.get(reverse("retro_detail", args=[retro.pk])).content.decode()
    assert "Did not work (reopened)" in page and "still paged twice at 03:00" in page


def test_the_follow_up_day_asks_for_verdicts_on_the_page(alice_client, retro, monkeypatch):
    from django.utils import timezone

    retro_item(retro)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 3, 28))
    assert 'id="retro-follow-up"' not in alice_client.get(reverse("retro_detail", args=[retro.pk])).content.decode()
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 3, 29))
    assert 'id="retro-follow-up"' in alice_client.get(reverse("retro_detail", args=[retro.pk])).content.decode()


def test_the_next_retrospective_lists_what_is_still_open_from_earlier_ones(alice_client, alice, retro):
    still_open = retro_item(retro, "Move the nightly batch job off 03:00")
    action_item_update(item=retro_item(retro, "Write the handover template"), data={"status": "done"})
    other_team = retrospective_create(team="Payments", held_on=date(2026, 2, 1), user=alice)
    retro_item(other_team, "Payments-only item")
    later = retrospective_create(team="search", held_on=date(2026, 3, 15), user=alice)
    page = alice_client.get(reverse("retro_detail", args=[later.pk])).content.decode()
    assert "Still open from earlier retrospectives" in page
    assert f"/retrospectives/{retro.pk}/#action-{still_open.pk}" in page
    assert "Write the handover template" not in page and "Payments-only item" not in page


def test_the_retrospective_list_counts_shared_items(alice_client, retro):
    retro_item(retro)
    retro_item(retro, "Second item")
    page = alice_client.get(reverse("retro_list"))
    assert [r.n_actions for r in page.context["retros"]] == [2]


def test_retrospectives_through_the_api_use_the_action_item_fields(client, alice_token, bob):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {alice_token}"}
    retro = client.post("/api/v1/retrospectives", {"team": "Search", "held_on": "2026-03-01"},
                        content_type="application/json", **auth).json()
    created = client.post(f"/api/v1/retrospectives/{retro['id']}/actions",
                          {"action": "Move the job", "owner_user": "bob", "impact": 3, "effort": 1,
                           "type": "process", "due_date": "2026-03-20"}, content_type="application/json", **auth)
    assert created.status_code == 201
    body = created.json()
    assert body["owner_user"] == "bob" and body["priority"] == "p1" and body["version"] == 1
    listed = client.get(f"/api/v1/retrospectives/{retro['id']}/actions", **auth).json()
    assert [a["id"] for a in listed] == [body["id"]]
    done = client.patch(f"/api/v1/actions/{body['id']}", {"status": "done", "version": 1},
                        content_type="application/json", **auth).json()
    assert done["status"] == "done" and done["version"] == 2
    bad = client.post(f"/api/v1/retrospectives/{retro['id']}/actions", {"action": "x", "impact": 7},
                      content_type="application/json", **auth)
    assert bad.status_code == 422 and bad.json()["field"] == "impact"


def test_the_board_query_count_does_not_grow_with_retro_items(alice_client, alice, bob, retro):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    item(incident_of(alice, "Checkout errors"), "Add a pool-size check in CI")
    retro_item(retro)
    alice_client.get(reverse("action_board"))  # warm up sessions and content types
    with CaptureQueriesContext(connection) as few:
        alice_client.get(reverse("action_board"), {"status": "all"})
    other = retrospective_create(team="Payments", held_on=date(2026, 3, 2), user=alice)
    for n in range(8):
        retro_item(other if n % 2 else retro, f"Retro item number {n}", owner_user="bob" if n % 3 else "")
    with CaptureQueriesContext(connection) as many:
        response = alice_client.get(reverse("action_board"), {"status": "all"})
    assert len(response.context["rows"]) == 10
    assert len(many) == len(few) <= 9, [q["sql"][:90] for q in many]


def test_a_retrospective_is_created_with_a_facilitator_from_the_list_page(alice_client, carol):
    response = alice_client.post(reverse("retro_list"), {"team": "Payments", "held_on": "2026-03-05",
                                                         "follow_up_on": "2026-04-02", "facilitator": str(carol.pk)})
    assert response.status_code == 302 and "/retrospectives/" in response["Location"]
    page = alice_client.get(response["Location"]).content.decode()
    assert "facilitated by Carol Diaz" in page and "follow-up on 2026-04-02" in page
    refused = alice_client.post(reverse("retro_list"), {"team": "Payments", "held_on": "2026-03-05",
                                                        "follow_up_on": "2026-03-01"}, follow=True)
    assert "the follow-up comes after the retrospective" in refused.content.decode()
