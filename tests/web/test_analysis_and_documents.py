from __future__ import annotations

import json

import pytest
from django.urls import reverse
from typer.testing import CliRunner

from hotwash.cli.main import _register, app
from hotwash.core.errors import ValidationError
from hotwash.web.demo import load_demo
from hotwash.web.incidents.models import Incident
from hotwash.web.postmortems.export import postmortem_export
from hotwash.web.postmortems.import_services import postmortem_import_markdown

_register()


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    return Incident.objects.get(pk=load_demo().pk)


def _md(incident: Incident) -> str:
    return postmortem_export(postmortem=Incident.objects.get(pk=incident.pk).postmortem, fmt="md").content.decode()


def test_markdown_export_follows_the_template(demo):
    md = _md(demo)
    lines = md.splitlines()
    assert lines[0] == f"# Post-Mortem: {demo.title}"
    for heading in ("## Executive Summary", "## Timeline of Events", "## Contributing Factors",
                    "### Technical Factors", "### Process Factors", "### Communication Factors",
                    "### Environmental Factors", "## What Went Well", "## Key Learnings", "## Action Items",
                    "## Follow-Up Review"):
        assert heading in lines, heading
    assert "| Time | Event | Information Available | Decision/Action Taken |" in lines
    assert "| Action | Owner | Due Date | Success Metric |" in lines


def test_export_then_import_then_export_gives_the_same_markdown(demo, alice):
    first = _md(demo)
    outcome = postmortem_import_markdown(text=first, user=alice)
    assert outcome.incident.pk != demo.pk
    assert _md(outcome.incident) == first


def test_seconds_of_timeline_entries_survive_export_and_import(alice):
    from datetime import UTC, datetime

    from hotwash.web.incidents.services import incident_create
    from hotwash.web.timeline.services import timeline_entry_add

    t0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    incident = incident_create(user=alice, title="Queue backlog", severity="high", started_at=t0,
                               resolved_at=t0.replace(hour=10), timezone_name="Europe/Berlin")
    timeline_entry_add(incident=incident, user=alice, time=t0.replace(minute=4, second=17), event="Alert fired")
    timeline_entry_add(incident=incident, user=alice, time=t0.replace(minute=5), event="On-call paged")
    first = _md(incident)
    assert "| 10:04:17 | Alert fired " in first and "| 10:05:00 | On-call paged " in first
    outcome = postmortem_import_markdown(text=first, user=alice)
    assert list(outcome.incident.timeline.order_by("time").values_list("time", flat=True)) == [
        t0.replace(minute=4, second=17), t0.replace(minute=5)]
    assert _md(outcome.incident) == first


def test_the_document_date_is_the_incidents_own_day_not_the_utc_one(alice):
    from datetime import UTC, datetime, timedelta

    from hotwash.web.incidents.services import incident_create
    from hotwash.web.timeline.services import timeline_entry_add

    t0 = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)  # 00:30 on 2 March in Berlin
    incident = incident_create(user=alice, title="Midnight batch", severity="high", started_at=t0,
                               resolved_at=t0 + timedelta(minutes=50), timezone_name="Europe/Berlin")
    timeline_entry_add(incident=incident, user=alice, time=t0 + timedelta(minutes=5), event="Batch failed")
    md = _md(incident)
    assert "**Date**: 2026-03-02  " in md
    assert "| 00:35 | Batch failed " in md  # the incident's day: no date needed on the row
    outcome = postmortem_import_markdown(text=md, user=alice)
    assert _md(outcome.incident) == md


def test_a_file_outside_the_template_imports_what_it_can_and_lists_the_rest(alice):
    text = ("# Post-Mortem: Disk filled on db-2\n**Date**: 2025-05-04\n**Severity**: Medium\n\n"
            "## Executive Summary\nThe WAL volume filled.\n\n## Weather report\nSunny.\n")
    outcome = postmortem_import_markdown(text=text, user=alice)
    assert outcome.incident.title == "Disk filled on db-2"
    assert outcome.incident.postmortem.executive_summary == "The WAL volume filled."
    assert any("Sunny" in item or "Weather" in item for item in outcome.unplaced)


def test_an_unusable_file_imports_nothing(alice):
    before = Incident.objects.count()
    for text in ("", "just some notes\nwithout a title\n"):
        with pytest.raises(ValidationError):
            postmortem_import_markdown(text=text, user=alice)
    assert Incident.objects.count() == before


def test_html_and_pdf_exports(alice_client, demo):
    html = alice_client.get(reverse("postmortem_export", args=[demo.pk, "html"])).content.decode()
    assert demo.title in html and "data:image/svg+xml;base64," in html and "Executive Summary" in html
    pdf = alice_client.get(reverse("postmortem_export", args=[demo.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_fishbone_and_visual_timeline_downloads(alice_client, demo):
    svg = alice_client.get(reverse("fishbone", args=[demo.pk, "svg"]) + "?download=1")
    assert svg["Content-Type"] == "image/svg+xml" and "attachment" in svg["Content-Disposition"]
    assert b"pool" in svg.content
    png = alice_client.get(reverse("fishbone", args=[demo.pk, "png"]))
    assert png.content.startswith(b"\x89PNG")
    timeline = alice_client.get(reverse("visual_timeline", args=[demo.pk]))
    assert timeline.content.lstrip().startswith((b"<svg", b"<?xml"))


def test_five_whys_flag_a_person_and_turn_a_conclusion_into_a_factor(alice_client, incident):
    url = reverse("whys_action", args=[incident.pk])
    alice_client.post(url, {"do": "add_chain", "problem": "Search returned errors for 50 minutes"})
    chain = incident.postmortem.why_chains.get()
    html = alice_client.post(url, {"do": "answer", "chain": chain.pk,
                                   "answer": "The engineer forgot to warm the cache"}, headers={"HX-Request": "true"}).content.decode()
    assert "Not yet at a system condition" in html
    assert "reasonable at the time" in html or "would have caught" in html
    html = alice_client.post(url, {"do": "answer", "chain": chain.pk,
                                   "answer": "The deploy pipeline has no cache warm-up step"}, headers={"HX-Request": "true"}).content.decode()
    assert "names a system condition" in html
    alice_client.post(url, {"do": "to_factor", "chain": chain.pk, "category": "process", "role": "enabling"})
    factor = incident.postmortem.factors.get()
    assert factor.description == "The deploy pipeline has no cache warm-up step"
    assert factor.category.key == "process"


def test_factors_link_to_timeline_entries(alice_client, incident, alice):
    from datetime import timedelta

    from hotwash.web.timeline.services import timeline_entry_add

    from .conftest import T0

    entry = timeline_entry_add(incident=incident, user=alice, time=T0 + timedelta(minutes=5), event="Cache cold")
    alice_client.post(reverse("factor_add", args=[incident.pk]), {
        "category": "technical", "role": "trigger", "description": "Cold cache after deploy", "entries": [entry.pk]})
    assert list(incident.postmortem.factors.get().timeline_entries.all()) == [entry]


def test_api_export_and_import(client, alice_token, demo):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {alice_token}"}
    md = client.get(f"/api/v1/incidents/{demo.pk}/export?format=md", **auth).content.decode()
    created = client.post("/api/v1/import", data=json.dumps({"markdown": md}), content_type="application/json",
                          **auth)
    assert created.status_code == 201 and created.json()["ref"].startswith("INC-")
    bad = client.post("/api/v1/import", data=json.dumps({"markdown": ""}), content_type="application/json", **auth)
    assert bad.status_code == 422 and "error" in bad.json()


def test_cli_export_and_import(demo, tmp_path):
    runner = CliRunner()
    out = tmp_path / "pm.md"
    result = runner.invoke(app, ["export", f"INC-{demo.pk}", "--format", "md", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("# Post-Mortem:")
    imported = runner.invoke(app, ["import", str(out)])
    assert imported.exit_code == 0 and "Imported INC-" in imported.output
    assert runner.invoke(app, ["export", "INC-99999"]).exit_code == 2
    assert runner.invoke(app, ["import", str(tmp_path / "missing.md")]).exit_code == 2
    pdf = tmp_path / "pm.pdf"
    assert runner.invoke(app, ["export", str(demo.pk), "-f", "pdf", "-o", str(pdf)]).exit_code == 0
    assert pdf.read_bytes().startswith(b"%PDF")
