"""What each question type accepts, and the message when it does not."""

from __future__ import annotations

import pytest

from replydesk.definitions.model import Question
from replydesk.definitions.values import MAX_TEXT_CHARS, ValueProblem, completion, parse_text, validate


def question(**fields) -> Question:
    return Question.model_validate({"key": "q", "prompt": "?", **fields})


def test_long_text_is_kept_exactly():
    text = "  Línea 1\r\n\tשלום 👩‍👩‍👧 e\u0301\u200f\n\n1. one\n- two  "
    assert parse_text(question(type="long_text"), text) == text


def test_text_with_lone_surrogate_or_beyond_the_limit_is_refused():
    with pytest.raises(ValueProblem, match="lone surrogate"):
        parse_text(question(type="long_text"), "ok \ud800 no")
    with pytest.raises(ValueProblem, match="limit"):
        parse_text(question(type="long_text"), "x" * (MAX_TEXT_CHARS + 1))


def test_short_text_is_one_line():
    with pytest.raises(ValueProblem, match="one line"):
        parse_text(question(type="short_text"), "a\nb")


def test_numbers_respect_their_range():
    q = question(type="integer", min=0, max=5)
    assert parse_text(q, " 4 ") == 4
    with pytest.raises(ValueProblem, match="above the maximum 5"):
        parse_text(q, "6")
    with pytest.raises(ValueProblem, match="not a whole number"):
        parse_text(q, "4.5")
    assert parse_text(question(type="decimal"), "3,25") == 3.25


def test_choices_accept_value_or_label():
    q = question(type="single_choice", choices=[{"value": "in_progress", "label": "in progress"}, "implemented"])
    assert parse_text(q, "In progress") == "in_progress"
    with pytest.raises(ValueProblem, match="not one of"):
        parse_text(q, "done")
    multi = question(type="multiple_choice", choices=["hotline", "helpline", "police"])
    assert parse_text(multi, "police, hotline") == ["hotline", "police"]
    assert parse_text(multi, '["helpline"]') == ["helpline"]


def test_yes_no_dates_and_urls():
    assert parse_text(question(type="yes_no"), "Yes") == "yes"
    assert parse_text(question(type="yes_partly_no"), "partly") == "partly"
    with pytest.raises(ValueProblem):
        parse_text(question(type="yes_no"), "maybe")
    assert parse_text(question(type="date"), "2023-03-01") == "2023-03-01"
    assert parse_text(question(type="date"), "31/12/2023") == "2023-12-31"
    assert parse_text(question(type="date"), "1/3/2023") == "2023-03-01"  # ambiguous: day first on the command line
    with pytest.raises(ValueProblem, match="YYYY-MM-DD"):
        parse_text(question(type="date"), "3112")
    with pytest.raises(ValueProblem, match="web address"):
        parse_text(question(type="url"), "not a link")


def test_tables_are_lists_of_typed_rows():
    q = question(type="table", columns=[{"key": "name", "label": "Name"},
                                        {"key": "members", "label": "Members", "type": "integer", "min": 0}])
    assert parse_text(q, '[{"name": "Hotline", "members": "3"}]') == [{"name": "Hotline", "members": 3}]
    with pytest.raises(ValueProblem, match="row 1, column “Members”"):
        validate(q, [{"name": "x", "members": -1}])
    with pytest.raises(ValueProblem, match="unknown column"):
        validate(q, [{"colour": "red"}])
    with pytest.raises(ValueProblem, match="JSON"):
        parse_text(q, "not json")


def test_completion_counts_only_relevant_questions():
    from replydesk.definitions.loader import load_form_text

    form = load_form_text(
        """
format: 1
id: tiny
version: "1"
title: Tiny
period: {default_year: 2020}
participants: [{name: DENMARK}]
groups:
  - key: s
    questions:
      - {key: strategy, type: yes_no, prompt: "Strategy?"}
      - {key: year, type: integer, prompt: "Since?", relevant: 's.strategy == "yes"'}
""",
        "tiny.yaml",
    )
    assert completion(form, {}) == (0, 1)
    assert completion(form, {"s.strategy": "no"}) == (1, 1)
    assert completion(form, {"s.strategy": "yes"}) == (1, 2)
    assert completion(form, {"s.strategy": "yes", "s.year": 2019}) == (2, 2)


def test_dates_are_read_as_people_type_them():
    from replydesk.definitions.types import long_date, parse_date, value_type

    for typed in ("2023-12-31", "31/12/2023", "31.12.2023", "31-12-2023", "12/31/2023", "2023/12/31",
                  "31 December 2023", "December 31, 2023", "31 Dec 2023"):
        assert parse_date(typed).isoformat() == "2023-12-31", typed
        assert parse_date(typed, day_first=False).isoformat() == "2023-12-31", typed  # a day above 12 settles it
    assert parse_date("03/04/2023").isoformat() == "2023-04-03"
    assert parse_date("03/04/2023", day_first=False).isoformat() == "2023-03-04"
    date = value_type(question(type="date"))
    assert date.parse_typed("03.04.2023", day_first=False) == "2023-03-04"
    assert long_date("2023-02-01") == "1 February 2023"
    for wrong in ("3112", "31/04/2023", "2023-13-01", "31/12/23"):
        with pytest.raises(ValueProblem):
            parse_date(wrong)
