"""Relevance conditions: a tiny language, evaluated without eval."""

from __future__ import annotations

import pytest

from replydesk.definitions.expr import ExpressionError, parse

ANSWERS = {"a.yes": "yes", "a.count": 12, "a.multi": ["hotline", "helpline"], "a.rows": [{"x": 1}, {"x": 2}],
           "a.empty": ""}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('a.yes == "yes"', True),
        ("a.yes != 'yes'", False),
        ("a.count > 10 and a.count <= 12", True),
        ("not a.count > 20", True),
        ('"hotline" in a.multi', True),
        ('"police" in a.multi or a.count == 3', False),
        ("count(a.rows) == 2", True),
        ("answered(a.empty)", False),
        ("answered(a.yes) and (a.count >= 12 or false)", True),
        ('a.yes in ["yes", "partly"]', True),
        ("a.missing > 3", False),
        ('a.count == "12"', False),
        ("a.missing == null", True),
    ],
)
def test_conditions_evaluate(source, expected):
    assert parse(source).evaluate(ANSWERS) is expected


def test_keys_read_by_a_condition():
    assert parse('a.yes == "yes" and count(a.rows) > 0').keys() == {"a.yes", "a.rows"}


@pytest.mark.parametrize(
    "source",
    ["__import__('os').system('true')", "a.yes ==", "(a.yes", "a.yes = 'x'", "open(a.b)", "a.b; c", "A.B"],
)
def test_anything_else_is_refused_with_a_position(source):
    with pytest.raises(ExpressionError) as caught:
        parse(source)
    assert "column" in str(caught.value) or "unknown function" in str(caught.value)
