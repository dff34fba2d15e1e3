from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotwash.core.document.markdown import parse_markdown, render_markdown
from hotwash.core.document.model import (
    ActionRow,
    Factor,
    FollowUp,
    Participant,
    PostmortemDoc,
    TimelineRow,
)
from hotwash.core.model import ActionStatus, EntryKind

# Pieces that have a meaning somewhere in the document, mixed into ordinary text.
TRICKY = [
    "|", "\\", "\\|", "<br>", "<sub>x</sub>", "(trigger)", "[trigger]", "*(enabling)*", "## Heading",
    "# Title", "```", "~~~", "**Key decision:**", "_(assumption later proved wrong)_", "1. ", "- ",
    "**Focus**: x", "**Date**: 2024-01-01", "| a | b |", "(involved)", ", ", "; ", "·", " · ", "p1",
    "in_progress", "\n", "\r\n", "\u2028", "\t", "  ", "...", "14:23", "Post-Mortem:", "### Technical Factors",
]

fragment = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
    st.sampled_from(TRICKY),
)
text = st.lists(fragment, max_size=5).map("".join)
short = st.lists(fragment, max_size=3).map("".join)
zones = st.sampled_from(["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"])
moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2035, 12, 31),
                       timezones=st.just(UTC))
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31))


@st.composite
def docs(draw: st.DrawFn) -> PostmortemDoc:
    day = draw(st.one_of(st.none(), dates))
    tz = draw(zones)

    def same_day_moment() -> datetime:
        # Often on the incident date, so that the short ``HH:MM`` form is exercised too.
        if day is not None and draw(st.booleans()):
            t = draw(st.times())
            return datetime.combine(day, t, tzinfo=ZoneInfo(tz)).astimezone(UTC)
        return draw(moments)

    categories = draw(st.one_of(
        st.just([("technical", "Technical"), ("process", "Process"), ("communication", "Communication"),
                 ("environmental", "Environmental")]),
        st.lists(st.tuples(short, short), max_size=4),
    ))
    keys = [k for k, _ in categories] + ["other-key"]
    return PostmortemDoc(
        title=draw(short),
        incident_date=day,
        facilitator=draw(short),
        participants=draw(st.lists(st.builds(Participant, short, short, st.booleans()), max_size=4)),
        severity=draw(st.one_of(st.sampled_from(["Critical", "High", "Medium", "Low"]), short)),
        duration=draw(st.one_of(st.none(), st.timedeltas(min_value=timedelta(days=-3), max_value=timedelta(days=40)))),
        started=draw(st.one_of(st.none(), st.builds(same_day_moment))),
        detected=draw(st.one_of(st.none(), moments)),
        mitigated=draw(st.one_of(st.none(), moments)),
        resolved=draw(st.one_of(st.none(), st.builds(same_day_moment))),
        timezone=tz,
        executive_summary=draw(text),
        impact=draw(text),
        timeline=draw(st.lists(st.builds(
            TimelineRow, st.builds(same_day_moment), text, text, text, short,
            st.sampled_from([k.value for k in EntryKind]), st.booleans(), st.booleans(),
        ), max_size=5)),
        factors=draw(st.lists(st.builds(Factor, st.sampled_from(keys), st.sampled_from(["trigger", "enabling"]),
                                        text), max_size=6)),
        categories=categories,
        what_went_well=draw(text),
        what_went_wrong=draw(text),
        what_was_confusing=draw(text),
        where_we_got_lucky=draw(text),
        key_learnings=draw(st.lists(text, max_size=4)),
        actions=draw(st.lists(st.builds(
            ActionRow, text, short, st.one_of(st.none(), dates), text,
            st.sampled_from(["", "p1", "p2", "P3", "p4", "high"]), st.sampled_from([s.value for s in ActionStatus]),
        ), max_size=4)),
        follow_up=FollowUp(draw(st.one_of(st.none(), dates)), draw(short)),
        services=draw(st.lists(short, max_size=3)),
        tags=draw(st.lists(short, max_size=3)),
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(docs())
def test_export_import_export_gives_the_same_markdown(doc: PostmortemDoc) -> None:
    first = render_markdown(doc)
    result = parse_markdown(first)
    assert render_markdown(result.doc) == first
    assert result.unplaced == []
    # No time loses its seconds on the way (the wall clock in the document's zone, to the second).
    tz = ZoneInfo(doc.timezone)
    rows = sorted(doc.timeline, key=lambda r: r.time)
    assert [_clock(r.time, tz) for r in result.doc.timeline] == [_clock(r.time, tz) for r in rows]
    for name in ("started", "detected", "mitigated", "resolved"):
        before, after = getattr(doc, name), getattr(result.doc, name)
        assert (after and _clock(after, tz)) == (before and _clock(before, tz)), name


def _clock(moment: datetime, tz: ZoneInfo) -> datetime:
    return moment.astimezone(tz).replace(tzinfo=None, microsecond=0)


def test_times_with_seconds_survive_the_round_trip_exactly(sample_doc):
    sample_doc.timeline[1].time += timedelta(seconds=41)
    sample_doc.detected += timedelta(seconds=5)
    back = parse_markdown(render_markdown(sample_doc)).doc
    assert [r.time for r in back.timeline] == [r.time for r in sample_doc.timeline]
    assert back.timeline[1].time.second == 41 and back.detected == sample_doc.detected
    assert render_markdown(back) == render_markdown(sample_doc)


def test_the_import_reads_times_with_and_without_seconds():
    text = ("# Post-Mortem: Mixed\n**Date**: 2024-08-01  \n**Time zone**: UTC\n\n## Timeline of Events\n"
            "| Time | Event | Information Available | Decision/Action Taken |\n|---|---|---|---|\n"
            "| 14:23 | Alert fired | | |\n| 14:23:05 | Paged on-call | | |\n")
    doc = parse_markdown(text).doc
    assert [r.time for r in doc.timeline] == [datetime(2024, 8, 1, 14, 23, tzinfo=UTC),
                                             datetime(2024, 8, 1, 14, 23, 5, tzinfo=UTC)]


def test_the_sample_document_survives_the_round_trip_field_by_field(sample_doc):
    back = parse_markdown(render_markdown(sample_doc))
    doc = back.doc
    assert back.unplaced == [] and back.warnings == []
    assert doc.title == sample_doc.title
    assert doc.participants == sample_doc.participants
    assert doc.timeline == sample_doc.timeline
    assert doc.factors == sample_doc.factors
    assert doc.categories == sample_doc.categories
    assert doc.actions == sample_doc.actions
    assert doc.follow_up == sample_doc.follow_up
    assert (doc.started, doc.detected, doc.mitigated, doc.resolved) == (
        sample_doc.started, sample_doc.detected, sample_doc.mitigated, sample_doc.resolved)
    assert doc.executive_summary == sample_doc.executive_summary
    assert doc.key_learnings == sample_doc.key_learnings
    assert (doc.services, doc.tags, doc.impact) == (sample_doc.services, sample_doc.tags, sample_doc.impact)


@pytest.mark.parametrize("doc", [
    PostmortemDoc(title="", categories=[]),
    PostmortemDoc(title="x", participants=[Participant("()"), Participant(","), Participant("0", ",0")]),
    PostmortemDoc(title="x", actions=[ActionRow(""), ActionRow("a<sub>p1</sub>"), ActionRow("", success_metric="0\x1e\x1b")]),
    PostmortemDoc(title="x", incident_date=date(2000, 1, 1), timeline=[
        TimelineRow(datetime(2000, 1, 1, tzinfo=UTC), "<sub></sub>", decision_action="**Key decision:**0"),
        TimelineRow(datetime(2000, 1, 1, tzinfo=UTC), "0<sub>x</sub>", "<BR>"),
        TimelineRow(datetime(2000, 1, 1, tzinfo=UTC), "0\r<sub>0</sub>"),
    ]),
    PostmortemDoc(title="x", resolved=datetime(2000, 1, 1, tzinfo=UTC)),
], ids=["no-categories", "odd-names", "odd-actions", "odd-cells", "date-from-resolved"])
def test_edge_cases_found_by_hypothesis_round_trip(doc: PostmortemDoc) -> None:
    first = render_markdown(doc)
    assert render_markdown(parse_markdown(first).doc) == first
