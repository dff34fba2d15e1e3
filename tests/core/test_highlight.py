"""Excerpts and marks: where a search's words are, cut the same way for both databases."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from hotwash.core.highlight import MARK_END, MARK_START, excerpt, mark_html
from hotwash.core.search_query import parse_query


def shown(text: str) -> str:
    return text.replace(MARK_START, "[").replace(MARK_END, "]")


SUMMARY = "Clients failed the TLS handshake because the certificate expired at midnight."
BODY = ("filler words " * 40) + "Renewal of certificates was a manual task in a calendar. " + ("more words " * 40)


def test_words_with_the_same_stem_are_marked_in_the_summary_first():
    out = shown(excerpt([SUMMARY, BODY], parse_query("expires certificates")))
    assert out.startswith("Clients failed") and "[certificate] [expired]" in out


def test_a_second_fragment_shows_words_the_first_one_lacks():
    out = shown(excerpt([SUMMARY, BODY], parse_query("handshake calendar")))
    assert "[handshake]" in out and "[calendar]" in out and " … " in out
    assert "filler words filler words filler words filler words filler" not in out  # cut around the match


def test_the_last_word_matches_as_typed_and_a_phrase_marks_its_words():
    assert "[Renewal]" in shown(excerpt([SUMMARY, BODY], parse_query("renew")))
    assert "[TLS] [handshake]" in shown(excerpt([SUMMARY, BODY], parse_query('"tls handshake"')))


def test_without_a_match_in_the_text_the_summary_start_is_shown_unmarked():
    out = excerpt([SUMMARY, BODY], parse_query("gateway"))
    assert out.startswith("Clients failed") and MARK_START not in out


def test_accented_text_is_matched_folded():
    assert "[Café]" in shown(excerpt(["The Café service stalled."], parse_query("cafe service")))


def test_mark_html_marks_text_only_never_tags_attributes_or_references():
    html = ('<h2 title="certificate">Certificate expiry</h2><p>The certificate &amp; key '
            '<a href="/certificate">certificates</a></p><script>var certificate = 1;</script>')
    out, count = mark_html(html, parse_query("certificate"))
    assert count == 3
    assert '<h2 title="certificate">' in out and 'href="/certificate"' in out and "&amp;" in out
    assert '<mark class="hit" id="first-match">Certificate</mark>' in out
    assert "<script>var certificate = 1;</script>" in out


def test_mark_html_leaves_a_query_of_stop_words_alone():
    assert mark_html("<p>the and of</p>", parse_query("the of")) == ("<p>the and of</p>", 0)


@given(st.text(max_size=80), st.text(max_size=600))
def test_an_excerpt_is_pieces_of_the_document_with_balanced_marks(q, text):
    out = excerpt([text], parse_query(q))
    assert out.count(MARK_START) == out.count(MARK_END)
    flat = " ".join(text.split())
    for piece in out.replace(MARK_START, "").replace(MARK_END, "").split("…"):
        assert piece.strip() in flat
