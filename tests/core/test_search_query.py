"""The meaning of a library query, rendered for SQLite FTS5 and PostgreSQL to_tsquery."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotwash.core.search_query import parse_query, to_fts5, to_tsquery


def test_all_words_must_match_and_the_last_is_a_prefix():
    q = parse_query("database fail")
    assert to_fts5(q) == '"database" AND "fail"*'
    assert to_tsquery(q) == "'database' & 'fail':*"


def test_a_phrase_in_quotes_keeps_its_words_together():
    q = parse_query('"connection pool" exhausted')
    assert to_fts5(q) == '"connection pool" AND "exhausted"*'
    assert to_tsquery(q) == "('connection' <-> 'pool') & 'exhausted':*"


def test_stop_words_punctuation_and_case_are_ignored_the_same_way_for_both():
    q = parse_query("The Payments-DB and the DNS")
    assert q.terms == ("payments", "db") and q.prefix == "dns"
    assert parse_query("the of and").is_empty


def test_accents_are_folded():
    assert parse_query("Café").prefix == "cafe"


@given(st.text(max_size=120))
def test_any_input_gives_a_query_made_only_of_safe_tokens(text):
    q = parse_query(text)
    fts, ts = to_fts5(q), to_tsquery(q)
    assert re.fullmatch(r'(?:"[^\W_]+(?: [^\W_]+)*"\*?(?: AND )?)*', fts)
    assert "\\" not in ts and ";" not in ts
    assert len(q.terms) + len(q.phrases) <= 12


def test_facet_tokens_are_stable_distinct_and_marked():
    from hotwash.core.search_query import FACET_MARK, facet_token

    a = facet_token("service", "checkout-api")
    assert a == facet_token("service", "checkout-api") and a.startswith(FACET_MARK)
    assert a != facet_token("tag", "checkout-api") and a != facet_token("service", "checkout")
    assert facet_token("tag", "x") != facet_token("team", "x")  # same initial, different kind
    with pytest.raises(ValueError):
        facet_token("colour", "red")


def test_facets_text_lists_each_token_once_and_teams_in_any_case():
    from hotwash.core.search_query import facet_token, facets_text

    text = facets_text(services=["dns", "dns"], tags=["tls"], categories=["technical"], severity="high",
                       teams=["Payments", " payments ", ""])
    tokens = text.split(" ")
    assert len(tokens) == 5 and facet_token("team", "payments") in tokens
    assert facets_text() == ""


@given(st.text(max_size=200))
def test_no_typed_word_or_prefix_can_reach_a_facet_token(text):
    from hotwash.core.search_query import FACET_MARK, words

    q = parse_query(text)
    assert all(FACET_MARK not in w for w in words(text))
    assert FACET_MARK not in to_fts5(q) and FACET_MARK not in to_tsquery(q)
