"""The checker's cheap tests decide exactly as the rules' caseless triggers do."""

from __future__ import annotations

import random
import re

import pytest

from hotwash.core.lint import LintConfig, active_rules
from hotwash.core.lint.grammar import Sentence
from hotwash.core.lint.prefilter import lowercase_pattern, lowered, trigger_search

RULES = active_rules(LintConfig(select=("BL", "BL051"), terms={"cowboy": None, "blast radius": None}))


def test_every_rule_trigger_gets_the_lowercase_search():
    # if a trigger stops qualifying, the checker is still right, only slower: say so here
    assert [r.code for r in RULES if lowercase_pattern(r.pattern) is None] == []


@pytest.mark.parametrize("source", [
    r"\bBob\b",             # an upper-case letter
    r"\x42ob",              # a character escape
    r"\N{LATIN SMALL LETTER B}ob",
    r"(?-i:bob)",           # an inline flag
    r"\bmıstake\b",         # dotless i: caseless "ı" matches "I" and "i"
    r"ſkipped",             # long s: caseless "ſ" matches "s"
])
def test_triggers_that_could_match_differently_keep_the_caseless_search(source):
    assert lowercase_pattern(re.compile(source, re.I)) is None


def test_a_pattern_without_re_i_or_with_other_flags_keeps_its_own_search():
    assert lowercase_pattern(re.compile("bob")) is None
    assert lowercase_pattern(re.compile("bob", re.I | re.M)) is None


def test_only_ascii_text_and_caseless_marks_are_lowercased():
    assert lowered("Bob’s “fix” — DONE") == "bob’s “fix” — done"
    for text in ("İstanbul", "ſkipped", "The \u212a unit", "Straße", "Éric forgot"):
        assert lowered(text) is None, text


WORDS = ("bob", "BOB", "Forgot", "to", "ShOuLd", "have", "HAD", "if", "only", "human", "Error", "the",
         "ROOT", "cause", "was", "you", "your", "Why", "didn't", "didn’t", "just", "clearly", "careless",
         "mistake", "MISTAKENLY", "nobody", "no-one", "caused", "by", "set", "off", "cowboy", "blast",
         "radius", "could", "Would", "might", "'ve", "sole", "single", "Is", "entirely", "The root-cause", "—", ",", ".", "?", "'", "’", "İ", "ſ", "ı", "\u212a", "é", "\u00a0", "\t", "2024")


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_the_fast_search_agrees_with_the_trigger_on_random_sentences(rule):
    rng = random.Random(rule.code)
    found = trigger_search(rule.pattern)
    agreed = matched = 0
    for _ in range(3000):
        sentence = rng.choice((" ", "")).join(rng.choice(WORDS) for _ in range(rng.randint(1, 12)))
        expected = rule.pattern.search(sentence) is not None
        assert found(sentence, lowered(sentence)) is expected, sentence
        agreed += 1
        matched += expected
    assert agreed == 3000 and matched > 0  # the sentences do reach the triggers


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_the_fast_search_agrees_with_the_trigger_on_every_rules_examples_in_any_case(rule):
    examples = [e for r in RULES for e in (*r.flags, *r.passes)]
    for e in examples:
        for text in (e, e.upper(), e.swapcase(), e.title(), e.replace("'", "’"), e.replace("i", "ı")):
            assert trigger_search(rule.pattern)(text, lowered(text)) is (rule.pattern.search(text) is not None)


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_a_rules_matches_are_the_caseless_triggers_matches(rule):
    rng = random.Random("matches" + rule.code)
    examples = [e for r in RULES for e in (*r.flags, *r.passes)]
    texts = [*examples, *(e.upper() for e in examples), *(e.replace("'", "’") for e in examples)]
    texts += [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 14))) for _ in range(2000)]
    spans = 0
    for text in texts:
        sentence = Sentence(text, text, 100)
        got = [(m.span(), m.group()) for m in rule.matches(sentence)]
        assert got == [(m.span(), m.group()) for m in rule.pattern.finditer(text)], text
        spans += len(got)
    assert spans > 0
