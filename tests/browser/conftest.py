"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser)."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# Playwright's sync API keeps an event loop in this thread; the ORM calls in tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("HOTWASH_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def _request_threads_finish(timeout: float = 10.0) -> None:
    """Wait for the live server's request threads. Chromium keeps idle connections open
    (keep-alive); each holds a server thread that, when the connection closes, closes the
    thread's database connection, which for in-memory SQLite is the test's own and may only be
    touched from another thread while the live server runs. A thread still waiting when the
    live server stops fails there (``DatabaseWrapper objects created in a thread can only be
    used in that same thread``)."""
    deadline = time.monotonic() + timeout
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(max(0.0, deadline - time.monotonic()))


@pytest.fixture(scope="session")
def browser(live_server):  # type: ignore[no-untyped-def]
    # Asking for the live server first starts it first, so it stops last: after the browser has
    # closed its connections and the server's threads for them have finished.
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("HOTWASH_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield instance
        instance.close()
    _request_threads_finish()


@pytest.fixture(autouse=True)
def _contexts_closed(request):  # type: ignore[no-untyped-def]
    """After each browser test: its contexts closed (a test that fails, or forgets, leaves them
    open with polling pages and idle connections) and the server's threads for them finished."""
    yield
    if "browser" not in request.fixturenames:
        return
    instance = request.getfixturevalue("browser")
    for context in instance.contexts:
        context.close()
    _request_threads_finish()


@pytest.fixture
def shot():  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name: str) -> Path:  # type: ignore[no-untyped-def]
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture(autouse=True)
def _fast_passwords(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sign_in(page, base: str, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
