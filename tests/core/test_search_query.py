"""The meaning of a library query, rendered for SQLite FTS5 and PostgreSQL to_tsquery."""

from __future__ import annotations

import re

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
