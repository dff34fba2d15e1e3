"""The checker finds blame in narration, with positions, explanations and suggestions."""

from __future__ import annotations

from hotwash.core.lint import Finding, check


def codes(text: str, **kw: object) -> list[str]:
    return [f.code for f in check(text, **kw)]  # type: ignore[arg-type]


def test_a_named_person_breaking_the_build_is_flagged_with_its_position():
    text = "# Timeline\n\nAt 10:02 the deploy started.\nBob broke the build.\n"
    [f] = check(text)
    assert f.code == "BL001" and f.severity == "error" and f.family == "attribution"
    assert (f.line, f.column) == (4, 1)
    assert text[f.start:f.end] == f.text == "Bob broke"
    assert f.sentence == "Bob broke the build."
    assert f.why and f.suggestion and f.message


def test_a_system_as_subject_is_not_flagged():
    for text in ("The health check failed to detect the deadlock.", "Requests failed to complete.",
                 "The error rate reached 40% and 500 errors were returned.", "We should add an alert on lag.",
                 "We are not here to assign fault."):
        assert codes(text) == [], text


def test_code_blocks_inline_code_block_quotes_and_quotations_are_not_the_authors_words():
    text = ("```\nBob broke the build\n```\n\n"
            "    Dave forgot to renew it\n\n"
            "> 10:14 <carol> Dave broke prod again\n\n"
            "The ticket said \"Sam broke prod\" and the bot logged `Ops neglected to renew`.\n\n"
            "The customer wrote “the on-call ignored the page” in the survey.\n")
    assert check(text) == []


def test_narration_after_a_block_quote_is_checked():
    text = "> Dave broke prod\n\nDave broke prod.\n"
    [f] = check(text)
    assert f.line == 3


def test_names_given_by_the_caller_strengthen_detection_of_people():
    text = "Zorblax skipped the canary stage."
    assert codes(text) == []
    assert codes(text, names=["Zorblax"]) == ["BL004"]


def test_the_replacement_of_a_minimizing_word_is_a_mechanical_deletion():
    text = "He just restarted the primary."
    [f] = check(text)
    assert f.code == "BL040" and f.replacement == ""
    assert text[: f.start] + f.replacement + text[f.end:] == "He restarted the primary."


def test_a_judgement_adjective_before_a_noun_can_be_deleted_in_one_click():
    text = "It was a careless change to the firewall."
    [f] = [f for f in check(text) if f.code == "BL020"]
    assert text[: f.start] + (f.replacement or "") + text[f.end:] == "It was a change to the firewall."


def test_findings_serialise_to_plain_dicts():
    [f] = check("Alice's mistake cost us an hour.")
    d = f.to_dict()
    assert d["code"] == "BL003" and d["line"] == 1 and isinstance(d["start"], int)
    assert set(d) >= {"code", "name", "family", "severity", "line", "column", "start", "end", "text", "sentence",
                      "message", "why", "suggestion", "replacement"}
    assert isinstance(f, Finding)


def test_columns_and_offsets_are_in_characters_not_bytes():
    text = "Café ☕ opened.\nBob broke the build.\n"
    [f] = check(text)
    assert (f.line, f.column) == (2, 1) and text[f.start:f.end] == "Bob broke"


def test_empty_and_whitespace_text_has_no_findings():
    assert check("") == [] and check("\n\n   \n") == []


def test_front_matter_headings_lists_and_tables_are_handled():
    text = ("---\ntitle: Bob broke it\n---\n\n# Bob broke the build\n\n- Ops neglected the renewal\n\n"
            "| when | what |\n| --- | --- |\n| 10:02 | Sam broke prod |\n")
    found = check(text, names=["Sam"])
    assert [f.line for f in found] == [5, 7, 11]


def test_sentences_are_split_so_one_sentence_does_not_lend_its_subject_to_the_next():
    assert codes("Bob restarted the service. The cache forgot its state.") == []


def test_findings_come_in_document_order():
    found = check("You should have checked. Bob broke the build. Why did you push on Friday?")
    assert [f.start for f in found] == sorted(f.start for f in found)
