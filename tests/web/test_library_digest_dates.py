"""The digest's days: "this week in past incidents" across New Year and 29 February, in the digest's zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from typer.testing import CliRunner

from hotwash.cli.main import _register, app
from hotwash.core.errors import ValidationError
from hotwash.web.library.digest import digest_build, digest_text

from .library_support import T0, published

pytestmark = pytest.mark.django_db

BASE = T0 - timedelta(days=400)  # where library_support.published() starts counting minutes


def on(alice, title: str, when: datetime):  # type: ignore[no-untyped-def]
    return published(alice, title, summary=f"{title}.", minutes=int((when - BASE).total_seconds() // 60))


def past(until: datetime) -> list[str]:
    return [i.title for i in digest_build(until=until, since=until - timedelta(days=7)).past_weeks]


def test_the_window_of_last_year_crossing_new_year_is_checked(alice, settings):
    settings.HOTWASH_DIGEST_TIME_ZONE = "UTC"
    on(alice, "First incident on New Year's Day", datetime(2026, 1, 1, 9, tzinfo=UTC))
    # 30 December 2026: the 2025 window is 27 December 2025 to 2 January 2026
    assert past(datetime(2026, 12, 30, 12, tzinfo=UTC)) == ["First incident on New Year's Day"]
    assert past(datetime(2026, 12, 26, 12, tzinfo=UTC)) == []  # 23..29 December 2025: before it


def test_an_incident_of_the_current_week_is_not_past_across_new_year(alice, settings):
    settings.HOTWASH_DIGEST_TIME_ZONE = "UTC"
    on(alice, "A year and a day ago", datetime(2025, 1, 1, 9, tzinfo=UTC))
    on(alice, "Two days ago, last year", datetime(2025, 12, 31, 22, tzinfo=UTC))
    assert past(datetime(2026, 1, 2, 12, tzinfo=UTC)) == ["A year and a day ago"]


def test_29_february_counts_as_28_and_is_found_from_a_leap_day(alice, settings):
    settings.HOTWASH_DIGEST_TIME_ZONE = "UTC"
    on(alice, "On the leap day", datetime(2024, 2, 29, 9, tzinfo=UTC))
    on(alice, "Early March", datetime(2025, 3, 2, 9, tzinfo=UTC))
    on(alice, "Too late in March", datetime(2025, 3, 4, 9, tzinfo=UTC))
    # 29 February 2028: 2025's window is around 28 February (25 February to 3 March)
    assert past(datetime(2028, 2, 29, 12, tzinfo=UTC)) == ["Early March", "On the leap day"]
    assert past(datetime(2025, 3, 1, 12, tzinfo=UTC)) == ["On the leap day"]  # 2024: 26 Feb..4 Mar


def test_the_digest_counts_days_in_its_own_zone(alice, settings):
    # 20:00 UTC on 5 March 2026 is already 6 March in Auckland (UTC+13)
    until = datetime(2026, 3, 5, 20, tzinfo=UTC)
    on(alice, "Auckland's window only", datetime(2025, 3, 9, 5, tzinfo=UTC))  # 9 March, 18:00 in Auckland
    on(alice, "UTC's window only", datetime(2025, 3, 2, 5, tzinfo=UTC))  # 2 March, 18:00 in Auckland
    settings.HOTWASH_DIGEST_TIME_ZONE = "UTC"
    assert past(until) == ["UTC's window only"]
    settings.HOTWASH_DIGEST_TIME_ZONE = "Pacific/Auckland"
    assert past(until) == ["Auckland's window only"]
    text = digest_text(digest_build(until=until, since=until - timedelta(days=7)))
    assert text.startswith("hotwash learning digest: 2026-02-27 to 2026-03-06")


def test_the_zone_defaults_to_the_server_zone_and_an_unknown_one_is_a_clear_error(alice, settings):
    from django.conf import settings as live

    assert live.HOTWASH_DIGEST_TIME_ZONE == live.TIME_ZONE  # the environment sets neither in the tests
    settings.HOTWASH_DIGEST_TIME_ZONE = "Mars/Olympus_Mons"
    with pytest.raises(ValidationError) as caught:
        digest_build(until=T0)
    assert caught.value.field == "HOTWASH_DIGEST_TIME_ZONE" and "Mars/Olympus_Mons" in str(caught.value)
    with pytest.raises(SystemCheckError, match=r"hotwash\.E301.*HOTWASH_DIGEST_TIME_ZONE"):
        call_command("check")
    _register()
    result = CliRunner().invoke(app, ["digest"])
    assert result.exit_code == 2
    assert "HOTWASH_DIGEST_TIME_ZONE" in result.output and "Mars/Olympus_Mons" in result.output
