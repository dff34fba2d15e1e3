"""Reminders and digests of items of restricted incidents: only to an owner account that may see the
incident (e-mail, the owner's own webhook), never to a team or catch-all channel."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from django.core import mail

from hotwash.core.trackers.http import HttpRequest, HttpResponse
from hotwash.web.accounts.services import profile_update
from hotwash.web.followthrough.models import SentReminder
from hotwash.web.followthrough.reminders import reminders_run
from hotwash.web.library.services import incident_restriction_set
from hotwash.web.postmortems.services import participant_add

from .followthrough_support import incident_of, item

pytestmark = pytest.mark.django_db

DUE = date(2026, 3, 20)
TEAM_HOOK = "https://hooks.slack.com/services/T000/B000/team-payments"
ALL_HOOK = "https://hooks.slack.com/services/T000/B000/everyone"
BOB_HOOK = "https://hooks.slack.com/services/T000/B000/bob"
SECRET_TITLE = "Session tokens exposed through a debug endpoint"


class Hooks:
    """The webhook server (Slack) answering 200 to everything; records what was posted where."""

    def __init__(self) -> None:
        self.posted: list[tuple[str, dict]] = []  # type: ignore[type-arg]

    def __call__(self, request: HttpRequest) -> HttpResponse:
        self.posted.append((request.url, json.loads(request.body or b"{}")))
        return HttpResponse(200, {}, b"ok")


@pytest.fixture(autouse=True)
def _channels(settings):  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.HOTWASH_WEBHOOKS = {"team:Payments": TEAM_HOOK, "*": ALL_HOOK}
    settings.HOTWASH_DIGEST = False
    settings.TIME_ZONE = "UTC"


@pytest.fixture
def secret(alice, bob):  # type: ignore[no-untyped-def]
    bob.email = "bob@example.com"
    bob.save()
    profile_update(user=bob, timezone_name="UTC", team="Payments")
    incident = incident_of(alice, SECRET_TITLE)
    return incident_restriction_set(incident=incident, restricted=True)


def _at(hour: int = 6) -> datetime:
    return datetime(DUE.year, DUE.month, DUE.day, hour, 0, tzinfo=UTC)


def test_a_restricted_item_owned_by_a_team_name_goes_to_no_channel(secret, incident):
    item(secret, "Rotate the leaked signing key", owner="Payments", due_date=DUE)
    control = item(incident, "Add a pool limit check", owner="Payments", due_date=DUE)
    hooks = Hooks()
    assert reminders_run(now=_at(), transport=hooks).sent == 1
    assert [url for url, _ in hooks.posted] == [TEAM_HOOK]
    assert "Add a pool limit check" in hooks.posted[0][1]["text"]
    assert list(SentReminder.objects.values_list("item_id", flat=True)) == [control.pk]


def test_an_owner_who_may_not_see_the_incident_gets_nothing_until_they_may(secret, bob):
    owned = item(secret, "Rotate the leaked signing key", owner="", owner_user=bob, due_date=DUE)
    hooks = Hooks()
    assert reminders_run(now=_at(), transport=hooks).sent == 0
    assert mail.outbox == [] and hooks.posted == [] and not SentReminder.objects.exists()
    participant_add(postmortem=secret.postmortem, name="Bob Stone", role="security engineer", user=bob)
    assert reminders_run(now=_at(7), transport=hooks).sent == 1  # the e-mail only: no team or catch-all hook
    assert [m.to for m in mail.outbox] == [["bob@example.com"]]
    assert f"#action-{owned.pk}" in mail.outbox[0].body
    assert hooks.posted == []


def test_the_owners_own_webhook_gets_a_restricted_item_they_may_see(secret, bob, settings):
    settings.HOTWASH_WEBHOOKS = {"team:Payments": TEAM_HOOK, "*": ALL_HOOK, "user:bob": BOB_HOOK}
    participant_add(postmortem=secret.postmortem, name="Bob Stone", role="security engineer", user=bob)
    item(secret, "Rotate the leaked signing key", owner="", owner_user=bob, due_date=DUE)
    hooks = Hooks()
    assert reminders_run(now=_at(), transport=hooks).sent == 2
    assert [url for url, _ in hooks.posted] == [BOB_HOOK]


def test_the_digest_leaves_out_restricted_items_the_owner_may_not_see(secret, incident, alice, bob, settings):
    settings.HOTWASH_DIGEST = True
    settings.HOTWASH_WEBHOOKS = {}
    item(secret, "Rotate the leaked signing key", owner="", owner_user=bob, due_date=date(2026, 4, 30))
    item(secret, "Audit every debug endpoint", owner="", owner_user=alice, due_date=date(2026, 4, 30))
    item(incident, "Add a pool limit check", owner="", owner_user=bob, due_date=date(2026, 4, 30))
    assert reminders_run(now=_at(9)).digests == 2
    by_person = {m.to[0]: m.body for m in mail.outbox}
    assert "Add a pool limit check" in by_person["bob@example.com"]
    assert "signing key" not in by_person["bob@example.com"] and SECRET_TITLE not in by_person["bob@example.com"]
    assert "Audit every debug endpoint" in by_person["alice@example.com"]  # alice created the incident
