"""Walking the review pages of the demo in Chromium: every page has something to show, nothing 404s."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hotwash.web.demo import DEMO_PASSWORD, DEMO_TITLE, load_demo
from hotwash.web.followthrough.demo import EARLIER_TITLE
from hotwash.web.incidents.models import Incident
from hotwash.web.incidents.services import severity_defaults_ensure
from hotwash.web.postmortems.analysis_services import factor_categories_ensure
from hotwash.web.reviews.models import Retrospective

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _watch(page, problems: list[str]) -> None:  # type: ignore[no-untyped-def]
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)


def test_the_demo_fills_every_review_page(browser, live_server, shot):
    severity_defaults_ensure()
    factor_categories_ensure()
    load_demo()
    main = Incident.objects.get(title=DEMO_TITLE)
    earlier = Incident.objects.get(title=EARLIER_TITLE)
    retro = Retrospective.objects.get()
    base = live_server.url
    problems: list[str] = []

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _watch(page, problems)
    sign_in(page, base, "priya", DEMO_PASSWORD)  # the facilitator of the main review

    page.goto(f"{base}/reviews/")
    expect(page.locator(f"tr[data-incident='{main.pk}']")).to_contain_text("booked")
    shot(page, "reviews-demo-01-needs-review")
    page.goto(f"{base}/reviews/facilitators/")
    expect(page.locator("body")).to_contain_text("Marco Silva")
    shot(page, "reviews-demo-02-facilitators")

    page.goto(f"{base}/incidents/{main.pk}/review/")
    accounts = page.locator("#accounts")
    expect(accounts).to_contain_text("Participants' accounts")
    expect(accounts).to_contain_text("Nobody had connected the new pool size to the connection limit yet.")
    expect(accounts.locator(".badge.ok")).to_have_count(1)  # one entry shared with its author's consent
    expect(page.locator("#notes")).to_contain_text("The pool change passed code review.")
    expect(page.locator("#survey")).to_contain_text("The survey opens when the meeting starts")
    expect(page.locator("link[rel=icon]")).to_have_attribute("href", "/static/hotwash/favicon.svg")
    shot(page, "reviews-demo-03-prepare-agenda-accounts")

    page.goto(f"{base}/incidents/{main.pk}/meeting/")
    page.click("button:has-text('Start the meeting')")
    page.click("button:has-text('Next phase')")
    expect(page.locator(".phase-title")).to_have_text("Timeline building")
    expect(page.locator("#block-timeline")).to_contain_text("Kept the release in place")  # the shared entry
    shot(page, "reviews-demo-04-meeting-mode")

    page.goto(f"{base}/incidents/{earlier.pk}/review/")
    survey = page.locator("#survey")
    expect(survey).to_contain_text("3 answers")
    expect(survey).to_contain_text("4.7 / 5")
    expect(survey).to_contain_text("Having the connection graphs on screen helped a lot.")
    shot(page, "reviews-demo-05-survey-results")

    page.goto(f"{base}/reviews/surveys/?team=Payments")
    expect(page.locator("#trend tbody tr")).to_have_count(1)
    expect(page.locator("#trend")).to_contain_text("4.7")
    shot(page, "reviews-demo-06-team-results")

    page.goto(f"{base}/retrospectives/")
    expect(page.locator("body")).to_contain_text("Sprint 42 retrospective")
    page.goto(f"{base}/retrospectives/{retro.pk}/")
    expect(page.locator("#col-puzzling")).to_contain_text("03:00 twice a month")
    expect(page.locator("#retro-follow-up")).to_be_visible()
    shot(page, "reviews-demo-07-retrospective")

    # demo took part in the earlier review and has not answered: the survey is there to try
    other_context = browser.new_context(viewport={"width": 1000, "height": 800})
    other = other_context.new_page()
    _watch(other, problems)
    sign_in(other, base, "demo", DEMO_PASSWORD)
    other.goto(f"{base}/incidents/{earlier.pk}/survey/")
    other.check("input[name=blameless][value='4']")
    other.click("button:has-text('Send anonymously')")
    expect(other.locator("#survey")).to_contain_text("4 answers")
    other.goto(f"{base}/incidents/{main.pk}/review/")
    expect(other.locator("#accounts")).not_to_contain_text("Participants' accounts")
    expect(other.locator("#notes")).not_to_contain_text("The pool change passed code review.")
    other_context.close()
    context.close()

    assert problems == []
