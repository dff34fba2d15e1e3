from __future__ import annotations

import pytest

from hotwash.core.errors import Conflict, ValidationError
from hotwash.web.postmortems.selectors import section_history
from hotwash.web.postmortems.services import postmortem_section_update, postmortem_status_set


def test_second_save_from_the_same_base_is_a_conflict_with_both_versions(incident, alice, bob):
    pm = incident.postmortem
    postmortem_section_update(postmortem=pm, section="executive_summary", text="Alice's summary",
                              base_version=0, user=alice)
    with pytest.raises(Conflict) as caught:
        postmortem_section_update(postmortem=pm, section="executive_summary", text="Bob's summary",
                                  base_version=0, user=bob)
    assert caught.value.current == "Alice's summary"
    assert caught.value.current_version == 1
    pm.refresh_from_db()
    assert pm.executive_summary == "Alice's summary"


def test_choosing_mine_after_a_conflict_replaces_and_is_recorded(incident, alice, bob):
    pm = incident.postmortem
    postmortem_section_update(postmortem=pm, section="what_went_well", text="A", base_version=0, user=alice)
    postmortem_section_update(postmortem=pm, section="what_went_well", text="B", base_version=0, user=bob,
                              force=True)
    pm.refresh_from_db()
    assert pm.what_went_well == "B"
    history = section_history(postmortem=pm, section="what_went_well")
    assert [h.revision.version for h in history] == [2, 1]
    assert history[0].revision.author == bob
    assert history[0].revision.note == "replaced a concurrent edit"
    assert ("+", "B") in history[0].diff and ("-", "A") in history[0].diff


def test_sections_have_independent_versions(incident, alice, bob):
    pm = incident.postmortem
    postmortem_section_update(postmortem=pm, section="what_went_well", text="A", base_version=0, user=alice)
    postmortem_section_update(postmortem=pm, section="what_went_wrong", text="B", base_version=0, user=bob)
    pm.refresh_from_db()
    assert pm.section_version("what_went_well") == 1
    assert pm.section_version("what_went_wrong") == 1


def test_a_published_postmortem_is_read_only(alice):
    from hotwash.web.demo import load_demo

    pm = load_demo().postmortem
    postmortem_status_set(postmortem=pm, status="in_review", user=alice)
    pm = postmortem_status_set(postmortem=pm, status="published", user=alice)
    with pytest.raises(ValidationError):
        postmortem_section_update(postmortem=pm, section="key_learnings", text="late", base_version=0, user=alice)


def test_status_cannot_skip_review(incident, alice):
    with pytest.raises(ValidationError) as caught:
        postmortem_status_set(postmortem=incident.postmortem, status="published", user=alice)
    assert "draft to published" in caught.value.message


def test_unknown_section_and_overlong_text_are_refused(incident, alice):
    with pytest.raises(ValidationError) as caught:
        postmortem_section_update(postmortem=incident.postmortem, section="gossip", text="x", base_version=0,
                                  user=alice)
    assert caught.value.field == "section"
    with pytest.raises(ValidationError) as caught:
        postmortem_section_update(postmortem=incident.postmortem, section="key_learnings", text="x" * 100_001,
                                  base_version=0, user=alice)
    assert caught.value.field == "key_learnings"
