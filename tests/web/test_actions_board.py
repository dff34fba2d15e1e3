"""Action items: default due dates from policy, owners, the board across postmortems, CSV, related items, API."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hotwash.core.errors import ValidationError
from hotwash.web.accounts.services import profile_update
from hotwash.web.actions.services import action_item_add, action_item_update

from .followthrough_support import incident_of, item

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen_today(monkeypatch):  # type: ignore[no-untyped-def]
    """Today is Monday 2026-03-09 for the policy and the board."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 3, 9))
    return date(2026, 3, 9)


def test_an_item_without_a_due_date_gets_the_policy_default_by_priority_and_severity(incident, frozen_today):
    # high severity, impact 3 effort 1 -> P1 -> 7 days; 2026-03-16 is a Monday
    p1 = action_item_add(postmortem=incident.postmortem, action="Add a canary stage", owner="Delivery",
                         impact=3, effort=1)
    assert p1.priority == "p1" and p1.due_date == date(2026, 3, 16)
    # P4 on a high incident -> 50 days -> 2026-04-28 (Tuesday)
    p4 = action_item_add(postmortem=incident.postmortem, action="Rewrite the deploy tool", owner="Delivery",
                         impact=1, effort=3)
    assert p4.priority == "p4" and p4.due_date == date(2026, 4, 28)


def test_the_due_date_policy_is_configurable_from_settings(incident, frozen_today, settings):
    settings.HOTWASH_DUE_POLICY = '{"days": {"high": {"p2": 3}}, "skip_weekends": false}'
    item_ = action_item_add(postmortem=incident.postmortem, action="Add a lag alert", owner="DB")
    assert item_.priority == "p2" and item_.due_date == date(2026, 3, 12)


def test_a_broken_due_date_policy_is_a_clear_error_and_fails_the_system_check(incident, settings):
    from hotwash.web.followthrough.checks import followthrough_settings

    settings.HOTWASH_DUE_POLICY = '{"days": {"high": {"p9": 3}}}'
    with pytest.raises(ValidationError) as exc:
        action_item_add(postmortem=incident.postmortem, action="Add a lag alert", owner="DB")
    assert exc.value.field == "HOTWASH_DUE_POLICY.days.high.p9"
    assert "HOTWASH_DUE_POLICY" in followthrough_settings(None)[0].msg


def test_an_explicit_due_date_is_kept(incident):
    assert item(incident, due_date=date(2026, 5, 1)).due_date == date(2026, 5, 1)


def test_an_owner_account_fills_the_owner_name_and_unknown_accounts_are_refused(incident, bob):
    with_user = item(incident, owner="", owner_user="bob")
    assert with_user.owner_user == bob and with_user.owner == "Bob Stone"
    with pytest.raises(ValidationError) as exc:
        item(incident, owner_user="nobody")
    assert exc.value.field == "owner_user"


@pytest.fixture
def board(alice, bob):  # type: ignore[no-untyped-def]
    profile_update(user=bob, timezone_name="UTC", team="Payments")
    first = incident_of(alice, "Checkout errors", started=datetime(2026, 1, 5, tzinfo=UTC))
    second = incident_of(alice, "Search latency", severity="medium", started=datetime(2026, 2, 5, tzinfo=UTC))
    return {
        "overdue": item(first, "Add a pool-size limit check in CI", owner="", owner_user=bob,
                        due_date=date(2026, 3, 1), impact=3, effort=1),
        "later": item(first, "Alert on connection saturation", owner="DB team", due_date=date(2026, 4, 1)),
        "done": action_item_update(item=item(second, "Cache warm-up job", owner="Search", due_date=date(2026, 2, 1)),
                                   data={"status": "done"}),
        "weak": item(second, "Remind engineers to be more careful with config", owner="Payments",
                     due_date=date(2026, 3, 30), impact=1, effort=3),
        "first": first, "second": second,
    }


def _titles(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [r["item"].action for r in response.context["rows"]]


def test_the_board_lists_open_items_of_every_postmortem_soonest_due_first(alice_client, board, frozen_today):
    response = alice_client.get(reverse("action_board"))
    assert response.status_code == 200
    assert _titles(response) == ["Add a pool-size limit check in CI", "Remind engineers to be more careful with config",
                                 "Alert on connection saturation"]
    html = response.content.decode()
    assert "overdue" in html and "Action items</a>" in html  # the nav link
    assert "asks people to be more careful" in html  # weak action warning on the board


@pytest.mark.parametrize(("query", "expected"), [
    ({"owner": "bob"}, ["Add a pool-size limit check in CI"]),
    ({"owner": "db team"}, ["Alert on connection saturation"]),
    ({"team": "payments"}, ["Add a pool-size limit check in CI", "Remind engineers to be more careful with config"]),
    ({"status": "done"}, ["Cache warm-up job"]),
    ({"status": "all", "sort": "-due"}, ["Alert on connection saturation", "Remind engineers to be more careful with config",
                                         "Add a pool-size limit check in CI", "Cache warm-up job"]),
    ({"priority": "p1"}, ["Add a pool-size limit check in CI"]),
    ({"overdue": "1"}, ["Add a pool-size limit check in CI"]),
    ({"sort": "priority"}, ["Add a pool-size limit check in CI", "Alert on connection saturation",
                            "Remind engineers to be more careful with config"]),
])
def test_the_board_filters_and_sorts(alice_client, board, frozen_today, query, expected):
    assert _titles(alice_client.get(reverse("action_board"), query)) == expected


def test_the_board_filters_by_incident_number_or_reference(alice_client, board):
    ref = board["second"].ref
    assert _titles(alice_client.get(reverse("action_board"), {"incident": ref})) == [
        "Remind engineers to be more careful with config"]


def test_a_bad_filter_is_explained_not_a_crash(alice_client, board):
    response = alice_client.get(reverse("action_board"), {"priority": "urgent"})
    assert response.status_code == 200 and "priority: one of p1, p2, p3, p4" in response.content.decode()


def test_the_board_query_count_does_not_grow_with_the_number_of_items(alice_client, alice, board):
    alice_client.get(reverse("action_board"))  # warm up sessions and content types
    with CaptureQueriesContext(connection) as few:
        alice_client.get(reverse("action_board"), {"status": "all"})
    more = incident_of(alice, "Another outage", services=["edge"])
    for n in range(12):
        item(more, f"Add rate limit number {n} to the edge", owner_user="bob")
    with CaptureQueriesContext(connection) as many:
        response = alice_client.get(reverse("action_board"), {"status": "all"})
    assert len(response.context["rows"]) == 16
    assert len(many) == len(few) <= 8, [q["sql"][:90] for q in many]


def test_postmortems_with_more_than_five_items_are_flagged_on_the_board(alice_client, alice):
    crowded = incident_of(alice, "Crowded review")
    for n in range(6):
        item(crowded, f"Add check number {n} to the pipeline")
    html = alice_client.get(reverse("action_board")).content.decode()
    assert "has 6 action items: the practice keeps the top 3–5" in html


def test_the_csv_export_uses_the_same_filters(alice_client, board, frozen_today):
    response = alice_client.get(reverse("action_board_csv"), {"team": "Payments"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["action"] for r in rows] == ["Add a pool-size limit check in CI",
                                           "Remind engineers to be more careful with config"]
    assert rows[0]["owner_user"] == "bob" and rows[0]["team"] == "Payments" and rows[0]["overdue"] == "yes"
    assert rows[0]["url"].endswith(f"#action-{board['overdue'].pk}")


def test_the_csv_export_neutralises_spreadsheet_formulas(alice_client, alice):
    item(incident_of(alice, "Injected"), "=HYPERLINK(\"http://evil\")", owner="@ops")
    rows = list(csv.DictReader(io.StringIO(alice_client.get(reverse("action_board_csv")).content.decode())))
    assert rows[0]["action"].startswith("'=") and rows[0]["owner"] == "'@ops"


def test_the_postmortem_page_shows_open_items_of_earlier_incidents_with_the_same_service(alice_client, alice):
    old = incident_of(alice, "Pool exhaustion in January", services=["payments-db"], tags=["database"],
                      started=datetime(2026, 1, 10, tzinfo=UTC))
    item(old, "Add a connection-pool limit check in CI", owner="DB team")
    closed = item(old, "Add dashboards for pool usage")
    action_item_update(item=closed, data={"status": "done"})
    unrelated = incident_of(alice, "DNS outage", services=["edge"], started=datetime(2026, 1, 12, tzinfo=UTC))
    item(unrelated, "Add a second DNS provider")
    new = incident_of(alice, "Pool exhaustion again", services=["payments-db"],
                      started=datetime(2026, 3, 1, tzinfo=UTC))
    html = alice_client.get(reverse("incident_detail", args=[new.pk])).content.decode()
    assert "Still open from related incidents" in html
    assert "Add a connection-pool limit check in CI" in html and "shares payments-db" in html
    assert "Add dashboards for pool usage" not in html and "Add a second DNS provider" not in html
    # the older incident does not list the newer one's items as "past"
    assert "Still open from related incidents" not in alice_client.get(
        reverse("incident_detail", args=[old.pk])).content.decode()


def test_the_api_lists_items_across_postmortems_with_filters(client, alice_token, board, frozen_today):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {alice_token}"}
    data = client.get("/api/v1/actions", {"overdue": "true"}, **auth).json()
    assert [d["action"] for d in data] == ["Add a pool-size limit check in CI"]
    assert data[0]["overdue"] is True and data[0]["owner_user"] == "bob" and data[0]["team"] == "Payments"
    owned = client.get("/api/v1/actions", {"owner": "Search", "status": "all"}, **auth).json()
    assert [d["status"] for d in owned] == ["done"]
    bad = client.get("/api/v1/actions", {"status": "finished"}, **auth)
    assert bad.status_code == 422 and bad.json()["field"] == "status"


def test_overdue_is_judged_on_the_viewers_day_on_the_board_and_through_an_api_token(
        client, alice, bob, monkeypatch):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from hotwash.web.accounts.services import api_token_create

    profile_update(user=bob, timezone_name="America/New_York")
    profile_update(user=alice, timezone_name="UTC")
    due = item(incident_of(alice, "Queue backlog"), "Alert on queue depth", owner="Payments",
               due_date=date(2026, 3, 9))
    # 9 March 23:00 in New York (bob): still due today; 10 March 03:00 in UTC (alice): overdue.
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 3, 10, 3, 0, tzinfo=UTC))
    for user, overdue in ((bob, False), (alice, True)):
        _, raw = api_token_create(user=user, name="tests")
        auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
        [row] = client.get("/api/v1/actions", **auth).json()
        assert (row["id"], row["overdue"]) == (due.pk, overdue), user.username
        filtered = client.get("/api/v1/actions", {"overdue": "true"}, **auth).json()
        assert len(filtered) == int(overdue), user.username
        client.force_login(user)
        page = client.get(reverse("action_board"), {"overdue": "1"}).content.decode()
        assert ("Alert on queue depth" in page) is overdue, user.username
