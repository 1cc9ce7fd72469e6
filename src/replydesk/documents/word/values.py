"""Typed answers as the words a reader sees in Word, and those words read back.

The export writes labels ("Partially implemented", "Yes", "1 March 2023"), never
internal values; reading a reviewed copy maps the words back through the same
rules, so an unchanged answer reads back equal to what was exported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from replydesk.definitions.model import Column, Question, QuestionType
from replydesk.definitions.types import format_number, value_type
from replydesk.definitions.values import ValueProblem, validate

Spec = Question | Column

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


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


def _text(spec: Spec, value: Any) -> str:
    """The type's own plain text: labels for choices and yes/no, numbers without exponents."""
    return value_type(spec).text(spec, value)


def _date_text(spec: Spec, value: Any) -> str:
    return format_date(str(value))


def _read(spec: Spec, text: str) -> Any:
    return value_type(spec).validate(spec, text)


def _read_date(spec: Spec, text: str) -> Any:
    return value_type(spec).validate(spec, parse_date(text))


def _read_items(spec: Spec, text: str) -> Any:
    items = [item.strip() for item in re.split(r"[;\n]", text) if item.strip()]
    return value_type(spec).validate(spec, items)


@dataclass(frozen=True)
class WordValue:
    """How one question type is printed in Word and read back from an edited copy."""

    #: How the answer is laid out: "line" (one Answer paragraph), "link" (one paragraph that is a
    #: link), "markdown" (paragraphs and lists), "bullets" (one bullet per item), "table" (a Word table).
    body: Literal["line", "link", "markdown", "bullets", "table"]
    #: One value (a question's or a table cell's) as the words a reader sees.
    text: Callable[[Spec, Any], str] = _text
    #: Those words back as a validated value (ValueProblem if they do not fit).
    read: Callable[[Spec, str], Any] = _read
    #: Share of a table's width a column of this type takes: 1 narrow, 2 normal, 3 wide.
    weight: int = 2
    #: Joins the paragraphs of an answer read back into one text.
    joiner: str = "\n"
    #: One line whose spacing Word does not keep: compared with its spaces collapsed.
    one_line: bool = False


WORD: dict[QuestionType, WordValue] = {
    QuestionType.LONG_TEXT: WordValue("markdown", weight=3),
    QuestionType.SHORT_TEXT: WordValue("line", joiner=" ", one_line=True),
    QuestionType.SINGLE_CHOICE: WordValue("line"),
    QuestionType.MULTIPLE_CHOICE: WordValue("bullets", read=_read_items, weight=3),
    QuestionType.YES_NO: WordValue("line", weight=1),
    QuestionType.YES_PARTLY_NO: WordValue("line", weight=1),
    QuestionType.INTEGER: WordValue("line", weight=1),
    QuestionType.DECIMAL: WordValue("line", weight=1),
    QuestionType.DATE: WordValue("line", text=_date_text, read=_read_date, weight=1),
    QuestionType.URL: WordValue("link", weight=3, one_line=True),
    QuestionType.TABLE: WordValue("table"),
    QuestionType.PERCENTAGE: WordValue("line", weight=1),
}


def word_value(spec: Spec | QuestionType) -> WordValue:
    return WORD[spec if isinstance(spec, QuestionType) else spec.type]


def scalar_text(column: Column | Question, value: Any) -> str:
    """One scalar value (a question's or a table cell's) as text."""
    if value is None:
        return ""
    return word_value(column).text(column, value)


def read_scalar(column: Column | Question, text: str) -> Any:
    """Text from a Word paragraph or cell as a validated value (ValueProblem if it does not fit)."""
    text = text.strip()
    if text == "":
        return None
    return word_value(column).read(column, text)


def read_choices(question: Question, lines: list[str]) -> Any:
    """A multiple-choice answer from its bullet lines (or one line joined by semicolons)."""
    items = [item.strip() for line in lines for item in line.split(";") if item.strip()]
    return validate(question, items) if items else None


__all__ = ["WORD", "ValueProblem", "WordValue", "format_date", "format_number", "parse_date", "read_choices",
           "read_scalar", "scalar_text", "word_value"]
