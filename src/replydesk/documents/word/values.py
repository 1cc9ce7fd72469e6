"""Typed answers as the words a reader sees in Word, and those words read back.

The export writes labels ("Partially implemented", "Yes", "1 March 2023"), never
internal values; reading a reviewed copy maps the words back through the same
rules, so an unchanged answer reads back equal to what was exported.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from replydesk.definitions.model import Column, Question, QuestionType
from replydesk.definitions.values import ValueProblem, validate

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
YES_NO_LABELS = {"yes": "Yes", "no": "No", "partly": "Partly"}


def format_date(iso: str) -> str:
    """``2023-03-01`` as ``1 March 2023`` (English month names whatever the locale)."""
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def parse_date(text: str) -> str:
    """``1 March 2023``, ``01.03.2023`` (day first, as in Europe) or ``2023-03-01`` as ISO; else unchanged."""
    text = " ".join(text.split())
    numeric = re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", text)
    if numeric:
        try:
            return dt.date(int(numeric[3]), int(numeric[2]), int(numeric[1])).isoformat()
        except ValueError:
            return text
    match = re.fullmatch(r"(\d{1,2})\.? ([A-Za-z]+),? (\d{4})", text)
    if match:
        month = next((i for i, name in enumerate(MONTHS, 1) if name.casefold().startswith(match[2].casefold()[:3])),
                     None)
        if month:
            try:
                return dt.date(int(match[3]), month, int(match[1])).isoformat()
            except ValueError:
                return text
    return text


def format_number(value: Any) -> str:
    """Digits as a reader writes them: never Python's exponent form (``1e-05``), which reads back as no number."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f")  # the shortest digits that are this float, written out
    return str(value)


def scalar_text(column: Column | Question, value: Any) -> str:
    """One scalar value (a question's or a table cell's) as text."""
    if value is None:
        return ""
    qtype = column.type
    if qtype in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE):
        labels = {c.value: c.label for c in column.choices}
        items = value if isinstance(value, list) else [value]
        return "; ".join(labels.get(str(item), str(item)) for item in items)
    if qtype in (QuestionType.YES_NO, QuestionType.YES_PARTLY_NO):
        return YES_NO_LABELS.get(str(value), str(value))
    if qtype is QuestionType.DATE:
        return format_date(str(value))
    if qtype in (QuestionType.INTEGER, QuestionType.DECIMAL):
        return format_number(value)
    return str(value)


def read_scalar(column: Column | Question, text: str) -> Any:
    """Text from a Word paragraph or cell as a validated value (ValueProblem if it does not fit)."""
    text = text.strip()
    if text == "":
        return None
    if column.type is QuestionType.DATE:
        text = parse_date(text)
    if column.type is QuestionType.MULTIPLE_CHOICE:
        items = [item.strip() for item in re.split(r"[;\n]", text) if item.strip()]
        return validate(_as_question(column), items)
    return validate(_as_question(column), text)


def read_choices(question: Question, lines: list[str]) -> Any:
    """A multiple-choice answer from its bullet lines (or one line joined by semicolons)."""
    items = [item.strip() for line in lines for item in line.split(";") if item.strip()]
    return validate(question, items) if items else None


def _as_question(column: Column | Question) -> Question:
    if isinstance(column, Question):
        return column
    return Question.model_validate({"key": column.key, "prompt": column.label, "type": column.type,
                                    "choices": column.choices, "min": column.min, "max": column.max})


__all__ = ["ValueProblem", "format_date", "parse_date", "read_choices", "read_scalar", "scalar_text"]
