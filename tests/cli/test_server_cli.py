"""The database commands of the CLI, run in-process against the test database."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from hotwash.cli.main import _register, app
from hotwash.web.accounts.services import api_token_authenticate

_register()
runner = CliRunner()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_every_command_has_help():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("demo", "serve", "migrate", "createuser", "token"):
        assert command in result.output
    for command in (["demo"], ["serve"], ["createuser"], ["token", "create"]):
        helped = runner.invoke(app, [*command, "--help"])
        assert helped.exit_code == 0 and "Usage" in helped.output


def test_flags_do_not_look_like_options_taking_a_value():
    helped = runner.invoke(app, ["serve", "--help"], terminal_width=100)
    flag_line = next(line for line in helped.output.splitlines() if "--migrate" in line)
    assert "<bool>" not in flag_line and "Apply migrations" in flag_line


def test_createuser_then_token_create_gives_a_working_token(db):
    created = runner.invoke(app, ["createuser", "dana", "--password", "dana-password", "--timezone", "Asia/Tokyo"])
    assert created.exit_code == 0, created.output
    result = runner.invoke(app, ["token", "create", "dana", "--name", "ci"])
    assert result.exit_code == 0
    raw = result.output.strip()
    user = api_token_authenticate(raw=raw)
    assert user is not None and user.username == "dana"
    assert user.profile.timezone == "Asia/Tokyo"


def test_createuser_refuses_bad_input_with_exit_2(db):
    assert runner.invoke(app, ["createuser", "eve", "--password", "short"]).exit_code == 2
    runner.invoke(app, ["createuser", "eve", "--password", "long-enough-pw"])
    again = runner.invoke(app, ["createuser", "eve", "--password", "long-enough-pw"])
    assert again.exit_code == 2 and "already exists" in again.output
    zone = runner.invoke(app, ["createuser", "zed", "--password", "long-enough-pw", "--timezone", "Moon/Base"])
    assert zone.exit_code == 2 and "unknown time zone" in zone.output


def test_token_for_an_unknown_user_is_a_clear_error(db):
    result = runner.invoke(app, ["token", "create", "nobody"])
    assert result.exit_code == 2
    assert "no user named 'nobody'" in result.output


def test_demo_loads_a_complete_postmortem_once(db):
    first = runner.invoke(app, ["demo", "--no-serve"])
    assert first.exit_code == 0, first.output
    assert "Sign in as demo" in first.output
    from hotwash.web.demo import DEMO_TITLE
    from hotwash.web.incidents.models import Incident

    count = Incident.objects.count()
    runner.invoke(app, ["demo", "--no-serve"])
    assert Incident.objects.count() == count  # loading twice adds nothing
    incident = Incident.objects.get(title=DEMO_TITLE)
    pm = incident.postmortem
    assert pm.executive_summary and pm.key_learnings and pm.what_went_well
    assert incident.timeline.count() >= 5
    assert pm.factors.values("category").distinct().count() == 4
    assert pm.actions.count() >= 3 and all(a.owner and a.due_date and a.success_metric for a in pm.actions.all())
    assert pm.facilitator is not None and not pm.participants.get(user=pm.facilitator).involved
