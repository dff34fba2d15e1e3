"""hotwash actions list, tick and worker, run in-process against the test database."""

from __future__ import annotations

import csv
import io
import json
import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from typer.testing import CliRunner

from hotwash.cli.main import _register, app
from hotwash.web.accounts.services import user_create
from hotwash.web.actions.services import action_item_add
from hotwash.web.incidents.services import incident_create, severity_defaults_ensure

_register()
runner = CliRunner()
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _settings(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.HOTWASH_WEBHOOKS = {}
    settings.HOTWASH_DIGEST = False


@pytest.fixture
def items(db):  # type: ignore[no-untyped-def]
    severity_defaults_ensure()
    dana = user_create(username="dana", password="dana-password", email="dana@example.com")
    t0 = datetime(2026, 1, 5, 9, tzinfo=UTC)
    incident = incident_create(user=dana, title="Checkout errors", severity="high", started_at=t0,
                               resolved_at=t0 + timedelta(hours=1))
    pm = incident.postmortem
    today = date.today()
    return [
        action_item_add(postmortem=pm, action="Add a pool-size check in CI", owner_user=dana,
                        due_date=today - timedelta(days=3), success_metric="CI fails on a bad config"),
        action_item_add(postmortem=pm, action="Alert on connection saturation", owner="DB team",
                        due_date=today + timedelta(days=20), success_metric="Pages within 2 minutes"),
    ]


def test_actions_list_as_a_table(items):
    result = runner.invoke(app, ["actions", "list"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Add a pool-size check" in result.output and "overdue" in result.output and "2 items." in result.output


def test_actions_list_overdue_as_json_exits_1_when_something_is_overdue(items):
    result = runner.invoke(app, ["actions", "list", "--overdue", "--format", "json"])
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    assert [r["action"] for r in rows] == ["Add a pool-size check in CI"] and rows[0]["owner_user"] == "dana"


def test_actions_list_by_owner_as_csv(items):
    result = runner.invoke(app, ["actions", "list", "--owner", "DB team", "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["action"] for r in rows] == ["Alert on connection saturation"] and rows[0]["overdue"] == "False"


def test_actions_list_includes_retrospective_items_and_filters_by_source(items):
    from hotwash.web.reviews.services.retro import retrospective_create

    retro = retrospective_create(team="Payments", held_on=date(2026, 3, 1), user=None)
    action_item_add(retrospective=retro, action="Move the batch job off 03:00", owner="Payments",
                    due_date=date.today() + timedelta(days=5))
    rows = json.loads(runner.invoke(app, ["actions", "list", "--format", "json"]).stdout)
    by_action = {r["action"]: r for r in rows}
    assert by_action["Move the batch job off 03:00"]["from"] == "Retro 2026-03-01"
    assert by_action["Move the batch job off 03:00"]["incident"] == ""
    assert by_action["Alert on connection saturation"]["from"].startswith("INC-")
    only = json.loads(runner.invoke(app, ["actions", "list", "--from", "retrospectives", "--format", "json"]).stdout)
    assert [r["action"] for r in only] == ["Move the batch job off 03:00"]
    assert f"/retrospectives/{retro.pk}/#action-" in only[0]["url"]
    bad = runner.invoke(app, ["actions", "list", "--from", "meetings"])
    assert bad.exit_code == 2 and "--from" in bad.output


def test_a_bad_option_is_a_usage_error(items):
    assert runner.invoke(app, ["actions", "list", "--status", "finished"]).exit_code == 2
    assert runner.invoke(app, ["actions", "list", "--format", "xml"]).exit_code == 2


def test_tick_sends_the_overdue_reminder_once_and_prints_a_summary(items):
    from django.core import mail

    first = runner.invoke(app, ["tick"])
    second = runner.invoke(app, ["tick"])
    assert first.exit_code == 0 and "reminders: 1 sent" in first.output
    assert "reminders: 0 sent" in second.output
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["dana@example.com"]
    assert "learning digest: off" in first.output  # no digest recipients configured


def test_tick_sends_the_learning_digest_once_and_says_so(items, settings):
    from django.core import mail

    settings.HOTWASH_DIGEST_EMAILS = ["learning@example.com"]
    first = runner.invoke(app, ["tick"])
    second = runner.invoke(app, ["tick"])
    assert first.exit_code == 0 and "sent (email:1)" in first.output, first.output
    assert "learning digest: not due before" in second.output
    assert [m.to for m in mail.outbox if m.subject.startswith("hotwash learning digest")] == [
        ["learning@example.com"]]


@pytest.mark.django_db(transaction=True)
def test_the_worker_loop_ticks_until_told_to_stop(items):
    from hotwash.web.followthrough.tick import run_worker

    stop = threading.Event()
    seen = []

    def on_tick(summary):  # type: ignore[no-untyped-def]
        seen.append(summary.reminders.sent)
        if len(seen) == 2:
            stop.set()

    assert run_worker(interval=0.01, stop=stop, on_tick=on_tick, max_ticks=10) == 2
    assert seen == [1, 0]


def test_every_command_has_help():
    for command in (["actions", "list"], ["tick"], ["worker"]):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output
