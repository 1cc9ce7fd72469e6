"""Every question type is one object in definitions/, with an entry in every format's table."""

from __future__ import annotations

import pytest

from replydesk.definitions import TYPES, Question, QuestionType, value_type
from replydesk.documents.common.plain import PLAIN
from replydesk.documents.excel.cells import CELLS
from replydesk.documents.secretariat.report_docx import REPORT
from replydesk.documents.word.values import WORD
from replydesk.ui.editors import EDITORS

TABLES = {
    "definitions.types.TYPES": TYPES,
    "ui.editors.EDITORS": EDITORS,
    "documents.excel.cells.CELLS": CELLS,
    "documents.word.values.WORD": WORD,
    "documents.common.plain.PLAIN": PLAIN,
    "documents.secretariat.report_docx.REPORT": REPORT,
}


@pytest.mark.parametrize("qtype", list(QuestionType))
def test_every_type_has_an_entry_in_every_table(qtype):
    missing = [name for name, table in TABLES.items() if qtype not in table]
    assert not missing, f"{qtype.value} has no entry in {', '.join(missing)}"


def test_the_tables_name_no_type_that_does_not_exist():
    for name, table in TABLES.items():
        assert set(table) == set(QuestionType), name


def test_each_type_object_names_its_own_type():
    for qtype, obj in TYPES.items():
        assert obj.name is qtype


def test_yes_no_labels_are_spelt_once():
    yes_no = Question(key="q", prompt="?", type="yes_partly_no")
    assert value_type(yes_no).labelled(yes_no) == [("yes", "Yes"), ("partly", "Partly"), ("no", "No")]
    assert value_type(yes_no).text(yes_no, "partly") == "Partly"


def test_only_long_text_counts_words():
    assert [t.name for t in TYPES.values() if t.counts_words] == [QuestionType.LONG_TEXT]
    long = Question(key="q", prompt="?", type="long_text", word_limit=2)
    assert value_type(long).words_over(long, "- **one** two three") == 3
    assert value_type(long).words_over(long, "one two") is None


def test_each_type_has_words_a_person_knows_for_messages():
    """Messages name a question's kind in words ("a yes/no question"), never by its internal name."""
    spoken = {qtype: obj.spoken for qtype, obj in TYPES.items()}
    assert all(spoken.values()), [q.value for q, words in spoken.items() if not words]
    assert len(set(spoken.values())) == len(spoken)
    assert not [words for words in spoken.values() if "_" in words]  # no yes_no, long_text, …
