from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from hotwash.core.document.markdown import parse_markdown, render_markdown
from hotwash.core.errors import ValidationError

FIXTURES = Path(__file__).parents[2] / "fixtures" / "documents"


@pytest.fixture(scope="module")
def quirky():
    return parse_markdown((FIXTURES / "handwritten_quirks.md").read_text())


def test_a_postmortem_spelled_postmortem_with_a_dash_keeps_its_title(quirky):
    assert quirky.doc.title == "Search index outage overnight"


def test_header_fields_are_read_whatever_their_bold_case_or_alias(quirky):
    doc = quirky.doc
    assert doc.incident_date == date(2024, 3, 3)
    assert doc.facilitator == "Lee Park"
    assert [(p.name, p.role, p.involved) for p in doc.participants] == [
        ("Mira Stone", "on-call", True), ("Tom Ruiz", "", False)]
    assert doc.duration == timedelta(hours=2, minutes=10)


def test_the_templates_own_placeholders_are_skipped_with_a_warning(quirky):
    assert quirky.doc.severity == ""
    assert any("placeholder skipped: [Critical/High/Medium/Low]" in w for w in quirky.warnings)
    assert quirky.doc.follow_up.scheduled_for is None
    assert all("[List technical" not in f.description for f in quirky.doc.factors)


def test_a_timeline_with_a_source_column_and_a_midnight_crossing_is_read(quirky):
    rows = quirky.doc.timeline
    assert [r.time for r in rows] == [
        datetime(2024, 3, 3, 23, 40, tzinfo=UTC), datetime(2024, 3, 3, 23, 58, tzinfo=UTC),
        datetime(2024, 3, 4, 0, 12, tzinfo=UTC)]
    assert [r.source for r in rows] == ["cron", "alertmanager", "slack"]
    assert rows[1].information_available == "Disk at 91%"
    assert any("line 24: 00:12 is before the previous row" in w for w in quirky.warnings)


def test_factors_are_read_by_category_with_trigger_markers_and_continuation_lines(quirky):
    doc = quirky.doc
    assert doc.categories == [("technical", "Technical"), ("process", "Process"), ("vendor", "Vendor")]
    assert [(f.category, f.role, f.description) for f in doc.factors] == [
        ("technical", "trigger", "Re-index keeps the old and new index on the same disk"),
        ("technical", "enabling", "Disk alert threshold at 90% leaves less than 20 minutes of headroom"),
        ("process", "enabling", "No capacity review when the index grew 3x"),
        ("vendor", "enabling", "Managed disks cannot grow online"),
    ]


def test_lessons_learned_are_the_key_learnings(quirky):
    assert quirky.doc.key_learnings == [
        "Index size grew without anyone noticing",
        "The alert fired, but its text did not say what would happen next",
    ]


def test_action_items_come_from_the_table_and_from_a_checklist(quirky):
    actions = quirky.doc.actions
    assert [(a.action, a.owner, a.due_date, a.status) for a in actions] == [
        ("Move the new index to a scratch volume", "Mira Stone", date(2024, 3, 20), "in_progress"),
        ("Add disk growth forecast alert", "Tom Ruiz", None, "open"),
        ("Delete the stale index snapshot", "", None, "done"),
    ]


def test_what_could_not_be_placed_is_listed_with_line_numbers_in_order(quirky):
    assert quirky.unplaced == [
        "line 1: ---",
        "line 2: layout: postmortem",
        "line 3: ---",
        "line 13: **Owner**: Search team",
        "line 26: timeline row without a readable time: soon after | Old index deleted | Disk back to 40%",
        "line 28: Note: times from the chat export were rounded.",
        "line 55: ## Appendix: graphs\nSee the dashboard export.",
        "line 61: Bring the forecast numbers.",
    ]


def test_an_imported_postmortem_exports_in_the_template_and_imports_again_unchanged(quirky):
    exported = render_markdown(quirky.doc)
    again = parse_markdown(exported)
    assert again.unplaced == []
    assert render_markdown(again.doc) == exported


def test_crlf_line_endings_and_a_byte_order_mark_are_accepted():
    text = "\ufeff# Post-Mortem: Windows\r\n**Date**: 2024-01-02\r\n\r\n## What Went Well\r\n- It\r\n"
    doc = parse_markdown(text).doc
    assert (doc.title, doc.incident_date, doc.what_went_well) == ("Windows", date(2024, 1, 2), "- It")


def test_missing_sections_leave_defaults_and_the_import_says_the_zone_was_assumed():
    result = parse_markdown("# Post-Mortem: Short\n\n## Executive Summary\nIt broke.\n")
    assert result.doc.executive_summary == "It broke."
    assert result.doc.timezone == "UTC"
    assert [k for k, _ in result.doc.categories] == ["technical", "process", "communication", "environmental"]
    assert any("no time zone" in w for w in result.warnings)


def test_a_heading_inside_a_code_block_does_not_start_a_section():
    text = "# Post-Mortem: x\n\n## What Went Well\n```sh\n# restart\n## twice\n```\nafter\n"
    assert parse_markdown(text).doc.what_went_well == "```sh\n# restart\n## twice\n```\nafter"


def test_hh_mm_times_without_any_date_cannot_be_placed():
    text = "# Post-Mortem: x\n## Timeline\n| Time | Event |\n|--|--|\n| 10:00 | boom |\n"
    result = parse_markdown(text)
    assert result.doc.timeline == []
    assert result.unplaced == ["line 5: timeline row without a readable time: 10:00 | boom"]


def test_an_empty_file_is_a_validation_error_at_line_1():
    with pytest.raises(ValidationError) as info:
        parse_markdown("  \n\n")
    assert info.value.where == "line 1"


def test_text_that_is_not_a_postmortem_at_all_is_a_validation_error():
    with pytest.raises(ValidationError) as info:
        parse_markdown("Shopping list\n\n- milk\n- eggs\n")
    assert "not a postmortem" in str(info.value)


def test_a_document_without_title_but_with_template_sections_imports_with_a_warning():
    result = parse_markdown("## Key Learnings\n1. Alerts need runbooks\n")
    assert result.doc.key_learnings == ["Alerts need runbooks"]
    assert any("no '# Post-Mortem" in w for w in result.warnings)
