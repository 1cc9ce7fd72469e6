"""Answer values: validating, parsing typed text, relevance and completion.

Values are plain JSON data (str, int, float, list, dict) so the store, the
command line and the Word/Excel files all agree on one representation.
``None`` means unanswered.  What each question type accepts is its type object's
business (``definitions.types``); the functions here ask it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from replydesk.definitions import expr
from replydesk.definitions.model import Column, Form, Question, Slot
from replydesk.definitions.types import (
    MAX_TABLE_ROWS,
    MAX_TEXT_CHARS,
    ValueProblem,
    check_text,
    is_empty,
    value_type,
)

__all__ = [
    "MAX_TABLE_ROWS", "MAX_TEXT_CHARS", "ValueProblem", "check_text", "completion", "is_answered", "is_empty",
    "parse_text", "relevant_slots", "same_answer", "validate",
]


def validate(question: Question | Column, value: Any) -> Any:
    """The stored form of ``value`` for ``question`` (or a table column), or ValueProblem saying why not."""
    return value_type(question).validate(question, value)


def parse_text(question: Question, text: str) -> Any:
    """Turn text typed on a command line (or read from a file) into a value."""
    return value_type(question).parse_text(question, text)


def is_answered(question: Question, value: Any) -> bool:
    """Whether the answer counts as given."""
    return value_type(question).is_complete(question, value)


def same_answer(question: Question, first: Any, second: Any) -> bool:
    """Whether two stored values are the same answer to ``question``."""
    return value_type(question).same(first, second)


def relevant_slots(form: Form, answers: Mapping[str, Any]) -> list[Slot]:
    """The slots whose relevance condition holds for these answers."""
    result = []
    for slot in form.slots:
        condition = slot.question.relevant
        if condition and not expr.parse(condition).evaluate(answers):
            continue
        result.append(slot)
    return result


def completion(form: Form, answers: Mapping[str, Any]) -> tuple[int, int]:
    """(answered, total) over the relevant slots."""
    slots = relevant_slots(form, answers)
    return sum(1 for s in slots if is_answered(s.question, answers.get(s.key))), len(slots)
