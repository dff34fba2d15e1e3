from __future__ import annotations

import pytest

from hotwash.core.analysis.whys import CONTINUE_PROMPTS, check_chain

START = ["Checkout failed for 15% of customers", "The payment client timed out"]


@pytest.mark.parametrize("last", [
    "Human error.",
    "Operator error during the deploy",
    "It was a simple mistake",
    "Carelessness",
    "The engineer fat-fingered the value",
])
def test_a_chain_ending_on_human_error_is_not_at_system_level(last):
    verdict = check_chain([*START, last])
    assert not verdict.at_system_level
    assert "human error" in (verdict.reason or "").lower()
    assert verdict.prompts == list(CONTINUE_PROMPTS)


@pytest.mark.parametrize("last", [
    "Engineers need to be more careful with config values",
    "People should pay more attention to the diff",
    "Retrain the on-call rotation",
    "He didn't follow the procedure",
    "The deployer failed to check the canary",
])
def test_a_chain_ending_on_a_remedy_for_a_person_is_not_at_system_level(last):
    verdict = check_chain([*START, last])
    assert not verdict.at_system_level
    assert "should have done" in (verdict.reason or "")


@pytest.mark.parametrize("last", [
    "Because of the on-call.",
    "It was pushed by the engineer",
    "They missed it",
    "She deployed on a Friday",
    "The new intern",
])
def test_a_chain_ending_on_a_pronoun_or_role_is_not_at_system_level(last):
    verdict = check_chain([*START, last])
    assert not verdict.at_system_level
    assert "ends on a person" in (verdict.reason or "")


def test_a_chain_ending_on_a_known_name_is_not_at_system_level():
    verdict = check_chain([*START, "The config was changed by Dana Whitfield"], names=["Dana Whitfield"])
    assert not verdict.at_system_level
    assert "Dana Whitfield" in (verdict.reason or "")
    assert check_chain([*START, "Dana pushed the config"], names=["Dana Whitfield"]).at_system_level is False


def test_the_prompts_ask_what_made_the_action_reasonable_and_what_would_have_caught_it():
    prompts = check_chain(["x", "human error"]).prompts
    assert "What made this action reasonable at the time?" in prompts
    assert any("caught it" in p for p in prompts)
    assert "What in the tools or process allowed this?" in prompts


@pytest.mark.parametrize("last", [
    "The deploy pipeline has no validation for timeout values",
    "Configuration changes skip the canary stage by design",
    "The runbook was ambiguous about which tier to roll back",
    "Alert thresholds leave less than 20 minutes of headroom",
])
def test_a_chain_ending_on_a_system_condition_passes(last):
    verdict = check_chain([*START, last])
    assert verdict.at_system_level
    assert verdict.reason is None
    assert verdict.prompts == []


def test_a_person_mentioned_next_to_a_missing_safeguard_still_passes():
    verdict = check_chain([*START, "The on-call had no alert for disk growth"])
    assert verdict.at_system_level


def test_a_short_chain_at_a_system_condition_passes_with_a_nudge_to_dig_deeper():
    verdict = check_chain(["The checklist has no step for config diffs"])
    assert verdict.at_system_level
    assert len(verdict.prompts) == 1 and "again" in verdict.prompts[0]


def test_an_empty_chain_asks_where_to_start():
    verdict = check_chain(["", "  "])
    assert not verdict.at_system_level
    assert verdict.prompts and "factual" in verdict.prompts[0]


def test_only_the_last_answer_decides():
    assert check_chain(["Human error", "The form accepts any value without confirmation"]).at_system_level
    assert not check_chain(["The form accepts any value", "Human error"]).at_system_level


def test_names_in_other_words_do_not_count():
    assert check_chain([*START, "The Dana-service queue has no back-pressure"], names=["Dan"]).at_system_level
