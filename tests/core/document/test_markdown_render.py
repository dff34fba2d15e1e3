from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from hotwash.core.document.markdown import render_markdown
from hotwash.core.document.model import Factor, Participant, PostmortemDoc, TimelineRow
from hotwash.core.errors import ValidationError

FIXTURES = Path(__file__).parents[2] / "fixtures" / "documents"
TEMPLATE = (FIXTURES / "template.md").read_text()

# What the app adds to the template, each only where the template has no place for it.
EXTRA_STRUCTURE = {
    "**Time zone**:", "**Started**:", "**Detected**:", "**Mitigated**:", "**Resolved**:", "**Services**:",
    "**Tags**:", "## Impact", "## What Went Wrong", "## What Was Confusing", "## Where We Got Lucky",
}


def structure(markdown: str) -> list[str]:
    """Headings, bold field labels and table header rows, in order."""
    out = []
    for line in markdown.splitlines():
        line = line.rstrip()
        label = re.match(r"^(\*\*[^*]+\*\*:)", line)
        if line.startswith("#"):
            out.append(line if not line.startswith("# ") else "# Post-Mortem:")
        elif label:
            out.append(label.group(1))
        elif line.startswith(("| Time |", "| Action |", "|---")):
            out.append(line)
    return out


def test_the_markdown_follows_the_template_line_for_line_apart_from_the_documented_extras(sample_doc):
    rendered = [line for line in structure(render_markdown(sample_doc)) if line not in EXTRA_STRUCTURE]
    assert rendered == structure(TEMPLATE)


def test_the_header_block_has_hard_line_breaks_like_the_template(sample_doc):
    lines = render_markdown(sample_doc).splitlines()
    header = lines[1 : lines.index("")]
    assert header[0] == "**Date**: 2024-08-01  "
    assert header[4] == "**Duration**: 1h 05m  "
    assert all(line.endswith("  ") for line in header[:-1])
    assert not header[-1].endswith(" ")


def test_the_sample_document_renders_the_expected_sections(sample_doc):
    text = render_markdown(sample_doc)
    assert text.startswith("# Post-Mortem: Checkout errors after the 14:20 release\n")
    assert "**Participants**: Priya Raman (facilitator), Alex Chen (on-call SRE, involved)," in text
    assert "| 14:23 | Alert fired for high error rate <sub>alertmanager · alert</sub> | Error rate at 15% |" in text
    assert "- Payment client timeout lowered from 30s to 3s in the release (trigger)\n" in text
    assert "1. Configuration changes carry as much risk as code changes\n2. Rollback" in text
    assert "| Update deployment checklist | Team B | 2024-08-10 | Zero missed checklist items |" in text
    assert text.endswith("**Focus**: Review action item progress and measure improvement effectiveness\n")


def test_pipes_and_newlines_in_cells_cannot_break_the_table(sample_doc):
    text = render_markdown(sample_doc)
    row = next(line for line in text.splitlines() if line.startswith("| 14:31"))
    assert "Rolled back the web tier \\| only the web tier" in row
    assert "Dashboards still showed errors<br>from the API tier _(assumption later proved wrong)_" in row
    assert len(re.findall(r"(?<!\\)\|", row)) == 5


def test_key_decisions_and_wrong_assumptions_are_marked_in_the_timeline(sample_doc):
    text = render_markdown(sample_doc)
    assert "| **Key decision:** Suspected new deployment |" in text


def test_times_show_the_date_when_the_timeline_spans_several_days():
    tz = ZoneInfo("UTC")
    doc = PostmortemDoc(title="Overnight", timeline=[
        TimelineRow(datetime(2024, 3, 1, 23, 50, tzinfo=tz), "Disk filling"),
        TimelineRow(datetime(2024, 3, 2, 0, 10, tzinfo=tz), "Disk full"),
    ])
    text = render_markdown(doc)
    assert "| 2024-03-01 23:50 | Disk filling |" in text
    assert "| 2024-03-02 00:10 | Disk full |" in text


def test_times_are_shown_in_the_documents_zone():
    doc = PostmortemDoc(title="Zone", timezone="America/New_York",
                        started=datetime(2024, 8, 1, 18, 0, tzinfo=ZoneInfo("UTC")))
    assert "**Started**: 2024-08-01 14:00" in render_markdown(doc)


def test_timeline_rows_are_written_in_time_order():
    tz = ZoneInfo("UTC")
    doc = PostmortemDoc(title="Order", timeline=[
        TimelineRow(datetime(2024, 3, 1, 10, 5, tzinfo=tz), "second"),
        TimelineRow(datetime(2024, 3, 1, 10, 0, tzinfo=tz), "first"),
    ])
    text = render_markdown(doc)
    assert text.index("first") < text.index("second")


def test_the_duration_falls_back_to_resolved_minus_started():
    tz = ZoneInfo("UTC")
    doc = PostmortemDoc(title="x", started=datetime(2024, 1, 1, 10, 0, tzinfo=tz),
                        resolved=datetime(2024, 1, 1, 12, 30, tzinfo=tz))
    assert "**Duration**: 2h 30m  " in render_markdown(doc)
    doc.duration = timedelta(minutes=45)
    assert "**Duration**: 45m  " in render_markdown(doc)


def test_empty_optional_sections_are_left_out_and_template_sections_kept():
    text = render_markdown(PostmortemDoc(title="Empty"))
    assert "## What Went Well" in text and "## Key Learnings" in text
    assert "## What Went Wrong" not in text and "## Impact" not in text
    assert "### Environmental Factors" in text


def test_teams_can_add_categories_and_unknown_category_keys_still_render():
    doc = PostmortemDoc(title="x", factors=[Factor("vendor-risk", "enabling", "Single CDN provider")])
    doc.categories.append(("people", "Staffing"))
    text = render_markdown(doc)
    assert "### Staffing Factors\n\n### Vendor Risk Factors\n- Single CDN provider" in text


def test_a_description_that_looks_like_a_role_marker_is_escaped():
    doc = PostmortemDoc(title="x", factors=[Factor("technical", "enabling", "Retry loop (trigger)")])
    assert "- Retry loop \\(trigger)" in render_markdown(doc)


def test_headings_inside_free_sections_cannot_end_the_section():
    doc = PostmortemDoc(title="x", executive_summary="## Not a section\n```\n# a shell comment\n```")
    text = render_markdown(doc)
    assert "\\## Not a section\n```\n# a shell comment\n```" in text


def test_participants_without_a_name_are_left_out():
    doc = PostmortemDoc(title="x", participants=[Participant(""), Participant("Ana", involved=True)])
    assert "**Participants**: Ana (involved)  " in render_markdown(doc)


def test_an_unknown_time_zone_is_a_validation_error():
    with pytest.raises(ValidationError) as info:
        render_markdown(PostmortemDoc(title="x", timezone="Mars/Olympus"))
    assert info.value.field == "timezone"


def test_timeline_times_keep_their_seconds_on_every_row_when_any_row_has_them():
    tz = ZoneInfo("UTC")
    doc = PostmortemDoc(title="Seconds", timeline=[
        TimelineRow(datetime(2024, 3, 1, 10, 0, 0, tzinfo=tz), "Deploy started"),
        TimelineRow(datetime(2024, 3, 1, 10, 0, 42, tzinfo=tz), "First 502"),
    ])
    text = render_markdown(doc)
    assert "| 2024-03-01 10:00:00 | Deploy started |" in text
    assert "| 2024-03-01 10:00:42 | First 502 |" in text


def test_timeline_times_stay_hh_mm_when_no_row_has_seconds(sample_doc):
    text = render_markdown(sample_doc)
    assert "| 14:23 | Alert fired for high error rate" in text
    assert not re.search(r"^\| \d\d:\d\d:\d\d ", text, re.MULTILINE)


def test_header_times_keep_their_seconds_when_they_have_them():
    utc = ZoneInfo("UTC")
    doc = PostmortemDoc(title="Zone", timezone="Europe/Berlin",
                        started=datetime(2024, 8, 1, 12, 20, 30, tzinfo=utc),
                        detected=datetime(2024, 8, 1, 12, 23, tzinfo=utc))
    text = render_markdown(doc)
    assert "**Started**: 2024-08-01 14:20:30" in text
    assert "**Detected**: 2024-08-01 14:23\n" in text
