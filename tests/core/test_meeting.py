from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from hotwash.core.errors import ValidationError
from hotwash.core.meeting import (
    GROUND_RULES,
    PHASES,
    Agenda,
    PrepStep,
    Section,
    check_meeting_length,
    facilitator_warning,
    phase,
    phase_at,
    prep_progress,
    share_agenda_late,
    share_agenda_status,
    suggest_facilitators,
)


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def test_the_default_agenda_follows_the_practice() -> None:
    agenda = Agenda()
    assert [(s.phase.key, s.minutes) for s in agenda.slots] == [
        ("opening", 5), ("timeline", 30), ("systems", 25), ("learning", 15), ("closing", 5)]
    assert agenda.total_minutes == 80
    agenda.validate()


def test_phase_ranges_match_the_facilitation_guide() -> None:
    ranges = {p.key: (p.min_minutes, p.max_minutes) for p in PHASES}
    assert ranges == {"opening": (5, 5), "timeline": (25, 35), "systems": (20, 30),
                      "learning": (15, 20), "closing": (5, 5)}


def test_a_phase_outside_its_timebox_is_refused_naming_the_phase() -> None:
    with pytest.raises(ValidationError) as err:
        Agenda.with_minutes({"timeline": 40})
    assert err.value.field == "timeline"
    assert "25–35" in str(err.value)


def test_a_meeting_longer_than_ninety_minutes_is_refused() -> None:
    with pytest.raises(ValidationError) as err:
        Agenda.with_minutes({"timeline": 35, "systems": 30, "learning": 20})
    assert err.value.field == "total"
    assert "95" in str(err.value)


def test_a_shortened_agenda_within_the_bounds_is_accepted() -> None:
    agenda = Agenda().adjusted("timeline", 25).adjusted("systems", 20)
    assert agenda.total_minutes == 70


def test_an_unknown_phase_is_refused() -> None:
    with pytest.raises(ValidationError):
        Agenda.with_minutes({"coffee": 10})


def test_a_hand_built_agenda_shorter_than_an_hour_is_refused() -> None:
    slots = tuple(s for s in Agenda().slots if s.phase.key != "timeline")
    with pytest.raises(ValidationError) as err:
        Agenda(slots).validate()
    assert err.value.field == "total"


def test_phase_at_reports_the_running_phase_and_the_time_left() -> None:
    agenda = Agenda()
    assert (phase_at(agenda, minutes(0))[0].phase.key, phase_at(agenda, minutes(0))[1]) == ("opening", minutes(5))
    slot, left = phase_at(agenda, minutes(5))
    assert slot.phase.key == "timeline" and left == minutes(30)
    slot, left = phase_at(agenda, minutes(34.5))
    assert slot.phase.key == "timeline" and left == minutes(0.5)
    slot, left = phase_at(agenda, minutes(61))
    assert slot.phase.key == "learning" and left == minutes(14)


def test_after_the_end_the_closing_phase_runs_over() -> None:
    slot, left = phase_at(Agenda(), minutes(85))
    assert slot.phase.key == "closing"
    assert left == -minutes(5)


def test_a_negative_elapsed_time_is_refused() -> None:
    with pytest.raises(ValidationError):
        phase_at(Agenda(), -minutes(1))


def test_each_phase_edits_its_own_sections_of_the_postmortem() -> None:
    assert phase("timeline").sections == (Section.TIMELINE,)
    assert set(phase("systems").sections) == {Section.FACTORS, Section.WENT_WELL, Section.WENT_WRONG,
                                              Section.CONFUSING}
    assert phase("learning").sections == (Section.LEARNINGS, Section.ACTIONS)
    assert Section.FOLLOW_UP in phase("closing").sections


def test_the_timeline_prompts_are_the_neutral_questions_of_the_seeds() -> None:
    prompts = phase("timeline").prompts
    for question in ("What information did you have at that point?", "What would have made this decision easier?",
                     "How did you learn about this situation?", "What happened next?", "What surprised you?"):
        assert question in prompts


def test_no_prompt_asks_why_someone_did_something() -> None:
    for p in PHASES:
        for prompt in p.prompts:
            for blame in ("why did you", "who did", "who caused", "whose fault", "should have"):
                assert blame not in prompt.lower()


def test_systems_and_learning_prompts_cover_their_topics() -> None:
    systems = " ".join(phase("systems").prompts).lower()
    for topic in ("contributing factors", "decision points", "communication", "tool and process gaps",
                  "environmental"):
        assert topic in systems
    learning = " ".join(phase("learning").prompts).lower()
    assert "key insights" in learning and "most impact" in learning and "success metrics" in learning


def test_the_ground_rules_open_with_learning_not_blame() -> None:
    assert GROUND_RULES[0] == "We're here to learn, not blame."


def test_the_agenda_text_carries_timings_rules_and_the_draft_link() -> None:
    text = Agenda().as_text(draft_url="https://hotwash.example/p/7")
    assert " 35' Systems analysis (25 min)" in text
    assert "Ground rules:" in text and "https://hotwash.example/p/7" in text


MEETING = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)


@pytest.mark.parametrize(("hours_before", "status"), [(72, "early"), (48, "due"), (30, "due"), (24, "due"),
                                                      (23, "late"), (-1, "late")])
def test_sharing_the_agenda_is_due_24_to_48_hours_ahead(hours_before: int, status: str) -> None:
    now = MEETING - timedelta(hours=hours_before)
    assert share_agenda_status(MEETING, now) == status
    assert share_agenda_late(MEETING, now) is (status == "late")


def test_a_shared_agenda_is_never_late() -> None:
    now = MEETING - timedelta(hours=2)
    assert share_agenda_status(MEETING, now, shared_at=now - timedelta(hours=30)) == "done"
    assert not share_agenda_late(MEETING, now, shared_at=now)


def test_the_meeting_is_booked_for_sixty_to_ninety_minutes() -> None:
    check_meeting_length(MEETING, MEETING + minutes(60))
    check_meeting_length(MEETING, MEETING + minutes(90))
    with pytest.raises(ValidationError) as err:
        check_meeting_length(MEETING, MEETING + minutes(30))
    assert err.value.field == "end"


def test_the_prep_checklist_has_the_five_steps_of_the_seeds() -> None:
    assert [s.label for s in PrepStep] == ["Gather artifacts", "Draft the timeline", "Identify participants",
                                           "Book 60–90 minutes", "Share the agenda 24–48 h ahead"]
    done, left = prep_progress(["gather_artifacts", PrepStep.BOOK_MEETING])
    assert done == 2
    assert left == [PrepStep.DRAFT_TIMELINE, PrepStep.IDENTIFY_PARTICIPANTS, PrepStep.SHARE_AGENDA]


def test_facilitators_not_involved_and_least_recently_facilitated_come_first() -> None:
    roster = [
        (1, "Ana", datetime(2026, 10, 1, tzinfo=UTC)),
        (2, "Ben", None),
        (3, "Chen", datetime(2026, 6, 1, tzinfo=UTC)),
        (4, "Dara", None),
        (5, "Eli", datetime(2025, 1, 1, tzinfo=UTC)),
    ]
    order = suggest_facilitators(roster, involved_ids={4, 5})
    assert [s.name for s in order] == ["Ben", "Chen", "Ana", "Dara", "Eli"]
    assert [s.involved for s in order] == [False, False, False, True, True]


def test_string_user_ids_work_too() -> None:
    order = suggest_facilitators([("u1", "Ana", None), ("u2", "Ben", None)], {"u1"})
    assert order[0].user_id == "u2"


def test_choosing_an_involved_facilitator_warns() -> None:
    warning = facilitator_warning(4, {4, 5}, "Dara")
    assert warning is not None and warning.startswith("Dara was involved")
    assert facilitator_warning(2, {4, 5}) is None


def test_a_slot_reads_like_its_phase() -> None:
    slot, _ = phase_at(Agenda(), minutes(40))
    assert (slot.key, slot.title) == ("systems", "Systems analysis")
    assert slot.prompts == phase("systems").prompts and slot.sections == phase("systems").sections
    assert slot.goals[0].startswith("Contributing factors")


def test_retrospectives_without_an_incident_ask_went_well_improve_and_puzzling() -> None:
    from hotwash.core.meeting import RETROSPECTIVE_COLUMNS

    assert [key for key, _ in RETROSPECTIVE_COLUMNS] == ["went_well", "could_improve", "puzzling"]
