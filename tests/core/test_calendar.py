from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from icalendar import Calendar

from hotwash.core.calendar import (
    CalEvent,
    Person,
    build_calendar,
    event_uid,
    meeting_invite_ics,
    single_event_ics,
)
from hotwash.core.errors import ValidationError

STAMP = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
BERLIN = timezone(timedelta(hours=1))
MEETING = CalEvent(
    uid="meeting-7@hotwash.example",
    summary="Postmortem review: checkout outage",
    start=datetime(2026, 11, 20, 15, 0, tzinfo=BERLIN),
    end=datetime(2026, 11, 20, 16, 20, tzinfo=BERLIN),
    description="Draft: https://hotwash.example/p/7",
    url="https://hotwash.example/p/7",
)
DUE = CalEvent(uid="action-42@hotwash.example", summary="Due: Add an alert on queue depth",
               start=date(2026, 11, 27), all_day=True, url="https://hotwash.example/actions/42")


def parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def test_a_feed_has_the_required_calendar_properties() -> None:
    data = build_calendar("Team Payments", [MEETING, DUE], stamp=STAMP)
    text = data.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert "VERSION:2.0\r\n" in text
    assert "PRODID:-//hotwash//hotwash postmortems//EN\r\n" in text
    assert "X-WR-CALNAME:Team Payments\r\n" in text
    cal = parse(data)
    assert len(cal.walk("VEVENT")) == 2


def test_timed_events_are_written_in_utc() -> None:
    text = build_calendar("x", [MEETING], stamp=STAMP).decode()
    assert "DTSTART:20261120T140000Z\r\n" in text
    assert "DTEND:20261120T152000Z\r\n" in text
    assert "DTSTAMP:20261101T090000Z\r\n" in text


def test_due_dates_are_all_day_events_ending_the_next_day() -> None:
    text = build_calendar("x", [DUE], stamp=STAMP).decode()
    assert "DTSTART;VALUE=DATE:20261127\r\n" in text
    assert "DTEND;VALUE=DATE:20261128\r\n" in text
    assert "TRANSP:TRANSPARENT\r\n" in text


def test_a_datetime_given_for_an_all_day_event_uses_its_date() -> None:
    event = CalEvent("f-1@h", "Follow-up", datetime(2026, 12, 1, 23, 0, tzinfo=UTC), all_day=True)
    assert "DTSTART;VALUE=DATE:20261201" in build_calendar("x", [event], stamp=STAMP).decode()


def test_the_same_input_gives_the_same_bytes_so_uids_are_stable() -> None:
    assert build_calendar("x", [MEETING, DUE], stamp=STAMP) == build_calendar("x", [MEETING, DUE], stamp=STAMP)
    cal = parse(build_calendar("x", [MEETING, DUE], stamp=STAMP))
    assert [str(e["UID"]) for e in cal.walk("VEVENT")] == ["meeting-7@hotwash.example",
                                                           "action-42@hotwash.example"]


def test_special_characters_and_long_lines_survive_a_round_trip() -> None:
    summary = "Review; retry, backoff\\ and a very long title " + "x" * 120
    cal = parse(build_calendar("x", [CalEvent("u@h", summary, date(2026, 1, 2), all_day=True)], stamp=STAMP))
    assert str(cal.walk("VEVENT")[0]["SUMMARY"]) == summary
    assert all(len(line) <= 75 for line in build_calendar("x", [CalEvent("u@h", summary, date(2026, 1, 2),
                                                                       all_day=True)], stamp=STAMP).split(b"\r\n"))


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValidationError) as err:
        build_calendar("x", [CalEvent("u@h", "s", datetime(2026, 1, 1, 10, 0))], stamp=STAMP)
    assert err.value.field == "start"


def test_a_timed_event_needs_a_datetime_and_must_not_end_before_it_starts() -> None:
    with pytest.raises(ValidationError):
        build_calendar("x", [CalEvent("u@h", "s", date(2026, 1, 1))], stamp=STAMP)
    start = datetime(2026, 1, 1, 10, 0, tzinfo=UTC)
    with pytest.raises(ValidationError) as err:
        build_calendar("x", [CalEvent("u@h", "s", start, start - timedelta(hours=1))], stamp=STAMP)
    assert err.value.field == "end"


def test_duplicate_or_empty_uids_are_refused() -> None:
    with pytest.raises(ValidationError):
        build_calendar("x", [DUE, DUE], stamp=STAMP)
    with pytest.raises(ValidationError):
        build_calendar("x", [CalEvent(" ", "s", date(2026, 1, 1), all_day=True)], stamp=STAMP)


def test_a_single_event_download_is_a_calendar_with_one_event() -> None:
    text = single_event_ics(DUE, stamp=STAMP).decode()
    assert "METHOD:PUBLISH\r\n" in text
    assert text.count("BEGIN:VEVENT") == 1
    assert "URL:https://hotwash.example/actions/42\r\n" in text


def test_uids_are_built_from_kind_id_and_domain() -> None:
    assert event_uid("action", 42, "hotwash.example") == "action-42@hotwash.example"
    with pytest.raises(ValidationError):
        event_uid("action", 42, "a@b")


def test_a_meeting_invitation_carries_method_organizer_attendees_and_agenda() -> None:
    data = meeting_invite_ics(
        MEETING, Person("facilitator@example.com", "Fran Facilitator"),
        [Person("ana@example.com", "Ana"), Person("ben@example.com"), Person("ANA@example.com", "Ana again")],
        agenda="0' Opening (5 min)\n5' Timeline building (30 min)", stamp=STAMP)
    text = data.decode()
    assert "METHOD:REQUEST\r\n" in text
    cal = parse(data)
    [event] = cal.walk("VEVENT")
    assert str(event["ORGANIZER"]) == "mailto:facilitator@example.com"
    assert event["ORGANIZER"].params["CN"] == "Fran Facilitator"
    attendees = event["ATTENDEE"]
    assert [str(a) for a in attendees] == ["mailto:ana@example.com", "mailto:ben@example.com"]
    assert attendees[0].params["RSVP"] == "TRUE" and attendees[0].params["ROLE"] == "REQ-PARTICIPANT"
    description = str(event["DESCRIPTION"])
    assert description.startswith("Draft: https://hotwash.example/p/7\n\n0' Opening (5 min)")
    assert str(event["STATUS"]) == "CONFIRMED"


def test_a_cancellation_uses_method_cancel() -> None:
    text = meeting_invite_ics(MEETING, Person("f@example.com"), [Person("a@example.com")], stamp=STAMP,
                              cancel=True).decode()
    assert "METHOD:CANCEL\r\n" in text and "STATUS:CANCELLED\r\n" in text


def test_an_invitation_needs_a_timed_meeting_and_valid_addresses() -> None:
    with pytest.raises(ValidationError):
        meeting_invite_ics(DUE, Person("f@example.com"), [], stamp=STAMP)
    with pytest.raises(ValidationError) as err:
        meeting_invite_ics(MEETING, Person("f@example.com"), [Person("not an address")], stamp=STAMP)
    assert err.value.field == "attendees.0"
    no_end = CalEvent("m@h", "s", MEETING.start)
    with pytest.raises(ValidationError):
        meeting_invite_ics(no_end, Person("f@example.com"), [], stamp=STAMP)
