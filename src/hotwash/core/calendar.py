"""iCalendar (RFC 5545) feeds, single events and meeting invitations, with the ``icalendar`` package.

Times are written in UTC (``...Z``); due dates are all-day events (``VALUE=DATE``, exclusive end).
UIDs are given by the caller and must stay stable (see :func:`event_uid`) so a subscribed calendar
updates an event instead of duplicating it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event, vCalAddress, vText

from hotwash.core.errors import ValidationError

PRODID = "-//hotwash//hotwash postmortems//EN"


@dataclass(frozen=True)
class CalEvent:
    uid: str
    summary: str
    start: datetime | date
    end: datetime | date | None = None
    description: str = ""
    url: str = ""
    all_day: bool = False
    location: str = ""
    sequence: int = 0
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Person:
    email: str
    name: str = ""


def event_uid(kind: str, object_id: int | str, domain: str) -> str:
    """A stable UID such as ``action-42@hotwash.example.org``."""
    if not domain or "@" in domain or not kind:
        raise ValidationError("a UID needs a kind and a domain without '@'", field="uid")
    return f"{kind}-{object_id}@{domain}"


def _utc(value: datetime, field: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError("times must be timezone-aware", field=field)
    return value.astimezone(UTC)


def _as_date(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _event(event: CalEvent, stamp: datetime) -> Event:
    if not event.uid.strip():
        raise ValidationError("an event needs a UID", field="uid")
    component = Event()
    component.add("uid", event.uid)
    component.add("dtstamp", _utc(stamp, "stamp"))
    component.add("summary", event.summary)
    if event.all_day:
        start = _as_date(event.start)
        end = _as_date(event.end) if event.end is not None else start + timedelta(days=1)
        if end <= start:
            end = start + timedelta(days=1)  # DTEND is exclusive: a one-day event ends the next day
        component.add("dtstart", start)
        component.add("dtend", end)
        component.add("transp", "TRANSPARENT")
    else:
        if not isinstance(event.start, datetime):
            raise ValidationError("a timed event needs a date and time; set all_day for a date",
                                  field="start")
        start_utc = _utc(event.start, "start")
        component.add("dtstart", start_utc)
        if event.end is not None:
            if not isinstance(event.end, datetime):
                raise ValidationError("a timed event ends at a date and time", field="end")
            end_utc = _utc(event.end, "end")
            if end_utc < start_utc:
                raise ValidationError("the event ends before it starts", field="end")
            component.add("dtend", end_utc)
    if event.description:
        component.add("description", event.description)
    if event.url:
        component.add("url", event.url)
    if event.location:
        component.add("location", event.location)
    if event.categories:
        component.add("categories", list(event.categories))
    if event.sequence:
        component.add("sequence", event.sequence)
    return component


def _calendar(name: str | None, method: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if name:
        cal.add("name", name)  # RFC 7986
        cal.add("x-wr-calname", name)  # what most clients read
    return cal


def _stamp(stamp: datetime | None) -> datetime:
    return stamp if stamp is not None else datetime.now(UTC)


def build_calendar(name: str, events: Sequence[CalEvent], *, stamp: datetime | None = None) -> bytes:
    """A subscribable feed (review meetings, follow-up reviews, due dates) as ``text/calendar`` bytes.

    ``stamp`` is the DTSTAMP of every event (pass the generation time, or a fixed one in tests).
    """
    cal = _calendar(name)
    when = _stamp(stamp)
    seen: set[str] = set()
    for event in events:
        if event.uid in seen:
            raise ValidationError(f"duplicate UID {event.uid!r}", field="uid")
        seen.add(event.uid)
        cal.add_component(_event(event, when))
    return bytes(cal.to_ical())


def single_event_ics(event: CalEvent, *, stamp: datetime | None = None) -> bytes:
    """One event as a downloadable ``.ics``."""
    cal = _calendar(None, "PUBLISH")
    cal.add_component(_event(event, _stamp(stamp)))
    return bytes(cal.to_ical())


def _address(person: Person, field: str) -> vCalAddress:
    email = person.email.strip()
    if "@" not in email or any(c in email for c in " <>\r\n"):
        raise ValidationError(f"not an e-mail address: {person.email!r}", field=field)
    address = vCalAddress(f"mailto:{email}")
    if person.name:
        address.params["CN"] = vText(person.name)
    return address


def meeting_invite_ics(event: CalEvent, organizer: Person, attendees: Sequence[Person], *,
                       agenda: str = "", stamp: datetime | None = None, cancel: bool = False) -> bytes:
    """An e-mail invitation (iTIP ``METHOD:REQUEST``) with ORGANIZER, ATTENDEEs and the agenda.

    Send it as ``text/calendar; method=REQUEST`` (or CANCEL). To update a meeting, resend with the
    same UID and a higher ``sequence``; ``cancel=True`` writes ``METHOD:CANCEL``/``STATUS:CANCELLED``.
    """
    if not isinstance(event.start, datetime) or event.all_day:
        raise ValidationError("a meeting invitation needs a start date and time", field="start")
    if event.end is None:
        raise ValidationError("a meeting invitation needs an end time", field="end")
    cal = _calendar(None, "CANCEL" if cancel else "REQUEST")
    description = "\n\n".join(part for part in (event.description.strip(), agenda.strip()) if part)
    component = _event(CalEvent(event.uid, event.summary, event.start, event.end, description, event.url,
                                False, event.location, event.sequence, event.categories),
                       _stamp(stamp))
    component.add("organizer", _address(organizer, "organizer"))
    seen: set[str] = set()
    for i, person in enumerate(attendees):
        if person.email.strip().casefold() in seen:
            continue
        seen.add(person.email.strip().casefold())
        address = _address(person, f"attendees.{i}")
        address.params["ROLE"] = vText("REQ-PARTICIPANT")
        address.params["PARTSTAT"] = vText("NEEDS-ACTION")
        address.params["RSVP"] = vText("TRUE")
        component.add("attendee", address)
    component.add("status", "CANCELLED" if cancel else "CONFIRMED")
    cal.add_component(component)
    return bytes(cal.to_ical())
