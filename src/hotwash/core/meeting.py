"""Running the review meeting: agenda with timeboxes, ground rules, neutral prompts, preparation
checklist and facilitator suggestions. Wording from the facilitation guide of the practice.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from hotwash.core.errors import ValidationError

MEETING_MIN_MINUTES = 60
MEETING_MAX_MINUTES = 90

GROUND_RULES: tuple[str, ...] = (
    "We're here to learn, not blame.",
    "Everyone acted rationally with the information they had at the time.",
    "Ask what about the system made this possible, never who did this.",
    "“Human error” is never a root cause: ask why the system allowed it.",
    "Use “we” language instead of “you” language.",
    "No interruptions, no judgement; everyone's view is heard, nobody dominates.",
    "Understand the problem before rushing to solutions.",
)


class Section(enum.StrEnum):
    """Sections of the postmortem document a phase writes into."""

    SUMMARY = "summary"
    TIMELINE = "timeline"
    FACTORS = "factors"
    WENT_WELL = "went_well"
    WENT_WRONG = "went_wrong"
    CONFUSING = "confusing"
    LEARNINGS = "learnings"
    ACTIONS = "actions"
    FOLLOW_UP = "follow_up"


@dataclass(frozen=True)
class Phase:
    key: str
    title: str
    default_minutes: int
    min_minutes: int
    max_minutes: int
    goals: tuple[str, ...]
    prompts: tuple[str, ...]
    sections: tuple[Section, ...]  # what the meeting-mode page shows editable in place


NEUTRAL_QUESTIONS: tuple[str, ...] = (
    "What information did you have at that point?",
    "What were you thinking when you saw that?",
    "What would have made this decision easier?",
    "What were you hoping would happen?",
    "How did you learn about this situation?",
    "What happened next?",
    "What surprised you?",
)

PHASES: tuple[Phase, ...] = (
    Phase("opening", "Opening", 5, 5, 5,
          ("Reiterate blameless principles: “We're here to learn, not blame”",
           "Establish psychological safety: “Everyone acted rationally with the information they had”",
           "Review the agenda and expected outcomes"),
          ("Does everyone have the draft timeline and the agenda?",
           "What do we want to leave this meeting with?"),
          (Section.SUMMARY,)),
    Phase("timeline", "Timeline building", 30, 25, 35,
          ("Start with factual events in chronological order",
           "Ask “What happened next?” rather than “Why did you do that?”",
           "Capture what information each person had at each decision point",
           "Note assumptions that turned out to be incorrect",
           "Identify when and how people learned about the situation"),
          NEUTRAL_QUESTIONS,
          (Section.TIMELINE,)),
    Phase("systems", "Systems analysis", 25, 20, 30,
          ("Contributing factors by category: technical, process, communication, environmental",
           "Trigger versus enabling conditions",
           "What went well, what went wrong, what was confusing"),
          ("Contributing factors: what conditions enabled this incident?",
           "Decision points: what information would have changed decisions?",
           "Communication patterns: how did information flow? Where did it break down?",
           "Tool and process gaps: what tools or processes could have prevented this?",
           "Environmental factors: what pressures or constraints influenced actions?",
           "What went well that we want to keep?",
           "What was confusing?"),
          (Section.FACTORS, Section.WENT_WELL, Section.WENT_WRONG, Section.CONFUSING)),
    Phase("learning", "Learning and actions", 15, 15, 20,
          ("Key insights about the system",
           "Specific, time-bound improvements with owners",
           "Keep the top 3–5 actions"),
          ("Key insights: what did we learn about our system?",
           "Which actions will have the most impact?",
           "Who owns this, and by when?",
           "Success metrics: how will we know if our improvements work?"),
          (Section.LEARNINGS, Section.ACTIONS)),
    Phase("closing", "Closing", 5, 5, 5,
          ("Summarize key learnings and actions",
           "Schedule the follow-up review",
           "Thank participants for their honesty and vulnerability"),
          ("Did we capture the key learnings and who owns each action?",
           "When is the follow-up review?",
           "Is there anything anyone did not get to say?"),
          (Section.SUMMARY, Section.FOLLOW_UP)),
)

_BY_KEY = {phase.key: phase for phase in PHASES}


def phase(key: str) -> Phase:
    try:
        return _BY_KEY[key]
    except KeyError:
        raise ValidationError(f"unknown phase; expected one of {', '.join(_BY_KEY)}", field=key) from None


@dataclass(frozen=True)
class Slot:
    """A phase in an agenda with its minutes; reads like the phase (``slot.title``, ``slot.prompts``)."""

    phase: Phase
    minutes: int

    @property
    def key(self) -> str:
        return self.phase.key

    @property
    def title(self) -> str:
        return self.phase.title

    @property
    def prompts(self) -> tuple[str, ...]:
        return self.phase.prompts

    @property
    def goals(self) -> tuple[str, ...]:
        return self.phase.goals

    @property
    def sections(self) -> tuple[Section, ...]:
        return self.phase.sections


@dataclass(frozen=True)
class Agenda:
    slots: tuple[Slot, ...] = field(
        default_factory=lambda: tuple(Slot(p, p.default_minutes) for p in PHASES))

    @classmethod
    def with_minutes(cls, minutes: Mapping[str, int]) -> Agenda:
        """The default agenda with some phases adjusted, validated."""
        for key in minutes:
            phase(key)
        agenda = cls(tuple(Slot(p, minutes.get(p.key, p.default_minutes)) for p in PHASES))
        agenda.validate()
        return agenda

    @property
    def total_minutes(self) -> int:
        return sum(slot.minutes for slot in self.slots)

    def validate(self) -> None:
        """Each phase within its timebox and the whole meeting 60–90 minutes, else ValidationError."""
        for slot in self.slots:
            p = slot.phase
            if isinstance(slot.minutes, bool) or not isinstance(slot.minutes, int):
                raise ValidationError("must be a whole number of minutes", field=p.key)
            if not p.min_minutes <= slot.minutes <= p.max_minutes:
                span = (f"{p.min_minutes}" if p.min_minutes == p.max_minutes
                        else f"{p.min_minutes}–{p.max_minutes}")
                raise ValidationError(f"{p.title} takes {span} minutes, not {slot.minutes}", field=p.key)
        if not MEETING_MIN_MINUTES <= self.total_minutes <= MEETING_MAX_MINUTES:
            raise ValidationError(
                f"the meeting takes {MEETING_MIN_MINUTES}–{MEETING_MAX_MINUTES} minutes, "
                f"not {self.total_minutes}", field="total")

    def adjusted(self, key: str, minutes: int) -> Agenda:
        phase(key)
        agenda = Agenda(tuple(replace(s, minutes=minutes) if s.phase.key == key else s for s in self.slots))
        agenda.validate()
        return agenda

    def starts(self) -> list[tuple[Slot, timedelta]]:
        """Each slot with its offset from the start of the meeting."""
        out: list[tuple[Slot, timedelta]] = []
        offset = timedelta()
        for slot in self.slots:
            out.append((slot, offset))
            offset += timedelta(minutes=slot.minutes)
        return out

    def as_text(self, *, draft_url: str = "") -> str:
        """Plain-text agenda for an invitation (the DESCRIPTION of the .ics, the e-mail body)."""
        lines = [f"Blameless postmortem review — {self.total_minutes} minutes", ""]
        for slot, offset in self.starts():
            start = int(offset.total_seconds() // 60)
            lines.append(f"{start:>3}' {slot.phase.title} ({slot.minutes} min)")
            lines.extend(f"      - {goal}" for goal in slot.phase.goals)
        lines += ["", "Ground rules:"] + [f"- {rule}" for rule in GROUND_RULES]
        if draft_url:
            lines += ["", f"Draft postmortem and timeline: {draft_url}"]
        return "\n".join(lines) + "\n"


def phase_at(agenda: Agenda, elapsed: timedelta) -> tuple[Slot, timedelta]:
    """The slot running ``elapsed`` after the start, and the time left in it.

    Past the end of the agenda the last slot is returned with a negative remaining time (overrun).
    """
    if elapsed < timedelta():
        raise ValidationError("the meeting has not started", field="elapsed")
    if not agenda.slots:
        raise ValidationError("the agenda is empty", field="agenda")
    end = timedelta()
    for slot in agenda.slots:
        end += timedelta(minutes=slot.minutes)
        if elapsed < end:
            return slot, end - elapsed
    return agenda.slots[-1], end - elapsed


# Regular team retrospectives without an incident use the same board and follow-ups.
RETROSPECTIVE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("went_well", "What went well?"),
    ("could_improve", "What could be improved?"),
    ("puzzling", "What is puzzling?"),
)


# --- preparation ---------------------------------------------------------------------------------

class PrepStep(enum.StrEnum):
    GATHER_ARTIFACTS = "gather_artifacts"
    DRAFT_TIMELINE = "draft_timeline"
    IDENTIFY_PARTICIPANTS = "identify_participants"
    BOOK_MEETING = "book_meeting"
    SHARE_AGENDA = "share_agenda"

    @property
    def label(self) -> str:
        return _PREP_LABELS[self][0]

    @property
    def detail(self) -> str:
        return _PREP_LABELS[self][1]


_PREP_LABELS: dict[PrepStep, tuple[str, str]] = {
    PrepStep.GATHER_ARTIFACTS: ("Gather artifacts", "Logs, metrics, communications, deployment records."),
    PrepStep.DRAFT_TIMELINE: ("Draft the timeline", "A chronological sequence of events to correct together."),
    PrepStep.IDENTIFY_PARTICIPANTS: ("Identify participants",
                                     "Everyone who was involved or affected, and a facilitator who was not."),
    PrepStep.BOOK_MEETING: ("Book 60–90 minutes", "Schedule the meeting and a comfortable room or call."),
    PrepStep.SHARE_AGENDA: ("Share the agenda 24–48 h ahead",
                            "Send the agenda, the template and the artifacts to participants."),
}

SHARE_AGENDA_EARLIEST = timedelta(hours=48)
SHARE_AGENDA_LATEST = timedelta(hours=24)


def share_agenda_status(meeting_at: datetime, now: datetime, shared_at: datetime | None = None) -> str:
    """``done``, ``early`` (more than 48 h ahead), ``due`` (24–48 h ahead) or ``late``."""
    if shared_at is not None:
        return "done"
    left = meeting_at - now
    if left > SHARE_AGENDA_EARLIEST:
        return "early"
    if left >= SHARE_AGENDA_LATEST:
        return "due"
    return "late"


def share_agenda_late(meeting_at: datetime, now: datetime, shared_at: datetime | None = None) -> bool:
    """True when the agenda is not shared and the meeting is less than 24 hours away."""
    return share_agenda_status(meeting_at, now, shared_at) == "late"


def check_meeting_length(start: datetime, end: datetime) -> None:
    """A review meeting is booked for 60–90 minutes."""
    minutes = (end - start).total_seconds() / 60
    if not MEETING_MIN_MINUTES <= minutes <= MEETING_MAX_MINUTES:
        raise ValidationError(f"book {MEETING_MIN_MINUTES}–{MEETING_MAX_MINUTES} minutes, not "
                              f"{minutes:g}", field="end")


def prep_progress(done: Iterable[PrepStep | str]) -> tuple[int, list[PrepStep]]:
    """How many steps are done, and the steps still open in order."""
    finished = {PrepStep(step) for step in done}
    return len(finished), [step for step in PrepStep if step not in finished]


# --- facilitator ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class FacilitatorSuggestion:
    user_id: Hashable
    name: str
    last_facilitated: datetime | None
    involved: bool


def suggest_facilitators(roster: Sequence[tuple[Hashable, str, datetime | None]],
                         involved_ids: AbstractSet[Hashable]) -> list[FacilitatorSuggestion]:
    """The roster ordered for choosing: not involved first, then never facilitated, then least recently.

    Involved people stay in the list (last) so a small team can still pick, with a warning.
    """
    suggestions = [FacilitatorSuggestion(uid, name, last, uid in involved_ids) for uid, name, last in roster]

    def order(s: FacilitatorSuggestion) -> tuple[bool, bool, float, str]:
        stamp = s.last_facilitated.timestamp() if s.last_facilitated is not None else 0.0
        return (s.involved, s.last_facilitated is not None, stamp, s.name.casefold())

    return sorted(suggestions, key=order)


def facilitator_warning(chosen_id: Hashable, involved_ids: AbstractSet[Hashable],
                        name: str = "") -> str | None:
    """A warning when the chosen facilitator was involved in the incident."""
    if chosen_id not in involved_ids:
        return None
    who = name or "The chosen facilitator"
    return (f"{who} was involved in the incident. A facilitator who was not involved keeps the "
            "discussion neutral and lets them take part as a participant; consider someone else.")
