"""The web test cast: alice writes postmortems, bob edits at the same time, carol facilitates."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from hotwash.web.accounts.services import api_token_create, user_create
from hotwash.web.incidents.services import incident_create

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True, scope="session")
def _database_is_the_expected_one(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """With HOTWASH_EXPECT_POSTGRES=1 the suite must really run on PostgreSQL, not fall back."""
    if os.environ.get("HOTWASH_EXPECT_POSTGRES") == "1":
        with django_db_blocker.unblock():
            assert connection.vendor == "postgresql", f"expected PostgreSQL, got {connection.vendor}"


@pytest.fixture(autouse=True)
def _seeded(request):  # type: ignore[no-untyped-def]
    """Seeded rows (severities, categories) survive a flush by an earlier transactional test."""
    if "db" in request.fixturenames or "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db" if "transactional_db" in request.fixturenames else "db")
        from hotwash.web.incidents.services import severity_defaults_ensure
        from hotwash.web.postmortems.analysis_services import factor_categories_ensure

        severity_defaults_ensure()
        factor_categories_ensure()


@pytest.fixture
def alice(db):  # type: ignore[no-untyped-def]
    return user_create(username="alice", password="alice-password", first_name="Alice", last_name="Ng",
                       email="alice@example.com", timezone_name="Europe/Berlin")


@pytest.fixture
def bob(db):  # type: ignore[no-untyped-def]
    return user_create(username="bob", password="bob-password", first_name="Bob", last_name="Stone",
                       timezone_name="America/New_York")


@pytest.fixture
def carol(db):  # type: ignore[no-untyped-def]
    return user_create(username="carol", password="carol-password", first_name="Carol", last_name="Diaz")


@pytest.fixture
def incident(alice):  # type: ignore[no-untyped-def]
    return incident_create(user=alice, title="Search latency spike", severity="high", started_at=T0,
                           detected_at=T0 + timedelta(minutes=4), mitigated_at=T0 + timedelta(minutes=30),
                           resolved_at=T0 + timedelta(minutes=50), services=["search-api"], tags=["latency"])


@pytest.fixture
def alice_client(client, alice):  # type: ignore[no-untyped-def]
    client.force_login(alice)
    return client


@pytest.fixture
def alice_token(alice):  # type: ignore[no-untyped-def]
    _, raw = api_token_create(user=alice, name="tests")
    return raw


@pytest.fixture(autouse=True)
def _fast_passwords(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
