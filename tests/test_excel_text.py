"""The pure text transforms behind the return workbook: exact inverses, for any string."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from replydesk.documents.common import lists
from replydesk.documents.excel import cell_text

ANY_CHAR = st.characters(blacklist_categories=("Cs",))  # every code point Python can encode as UTF-8
TRICKY = st.sampled_from([
    "=SUM(A1:A3)", "+1", "-2", "@x", "#N/A", "- ", "-", "* ", "1. ", "1) ", "123456789. ", "1234567890) ", "• ",
    "•", "\\", "\\\\", "  ", "\t", "\r\n", "\r", "\n", "\n\n", "_x000D_", "_x005F_", "_xABCD", "_x", "x005F_",
    "_X000d_", "\x00", "\x01", "\x0b", "\x1f", "\x7f", "\x85", "\u2028", "\ufffe", "\uffff", "مرحبا", "שלום\u200f",
    "🎉", "👩‍👩‍👧‍👦", "🇩🇰", "e\u0301", "**bold**", "[a](http://x.y)",
])
TEXTS = st.lists(st.one_of(st.text(ANY_CHAR, max_size=12), TRICKY), max_size=25).map("".join)
XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\r\ufffe\uffff]")


@settings(max_examples=400)
@given(TEXTS)
@example("_x0041_")
@example("_xABCD\r")
@example("_x005F_x0041_")
def test_cell_encoding_is_exactly_reversible_and_xml_safe(text):
    encoded = cell_text.encode(text)
    assert cell_text.decode(encoded) == text
    assert not XML_FORBIDDEN.search(encoded)


def test_encoding_matches_what_excel_writes():
    assert cell_text.encode("a\rb") == "a_x000D_b"
    assert cell_text.encode("\x01") == "_x0001_"
    assert cell_text.encode("_x0041_") == "_x005F_x0041_"
    assert cell_text.encode("plain_text x_1") == "plain_text x_1"
    assert cell_text.decode("_x000d_") == "\r"  # Excel accepts either case of hex digits


@settings(max_examples=200)
@given(TEXTS, st.integers(min_value=8, max_value=60))
def test_split_pieces_fit_and_join_back(text, limit):
    pieces = cell_text.split(text, limit)
    assert "".join(pieces) == text
    assert all(cell_text.cell_length(cell_text.encode(piece)) <= limit for piece in pieces)
    assert all(pieces) or pieces == [text]


def test_split_counts_utf16_units_and_prefers_line_breaks():
    assert cell_text.split("🎉" * 3, 4) == ["🎉🎉", "🎉"]
    text = "a first line\n" + "x" * 20
    assert cell_text.split(text, 25) == ["a first line\n", "x" * 20]
    long = ("Denmark has contributed professionally. " * 2600)[:100_000]
    pieces = cell_text.split(long)
    assert len(pieces) == 4 and "".join(pieces) == long and all(p.endswith(" ") for p in pieces[:-1])


@settings(max_examples=400)
@given(TEXTS)
@example("1) one\n2) two")
@example("• not a bullet\n\\ backslash\n  - nested\n  3. three")
def test_lists_read_back_as_the_same_markdown(text):
    assert lists.to_markdown(lists.to_plain(text)) == text


def test_lists_show_as_a_spreadsheet_user_types_them():
    stored = "Intro\n\n- one\n- two\n  - nested\n\n1. first\n2. second"
    shown = "Intro\n\n• one\n• two\n  • nested\n\n1) first\n2) second"
    assert lists.to_plain(stored) == shown
    assert lists.to_markdown(shown) == stored
    assert lists.to_plain("1) stored paren\n• stored bullet") == "\\1) stored paren\n\\• stored bullet"
