"""Answers as plain values: what a spreadsheet cell holds and what a line of a report reads.

``to_cell`` is the plain value of one stored answer (choice labels, "Yes"/"No", numbers
as numbers, dates as dates, long text with "• " / "1) " list lines); ``plain_answer`` is
the same as one readable string, a table as one line per row.  The Excel return writes
``to_cell`` into its answer cells, and the secretariat's compilations and the Word cycle
comparison show ``plain_answer``, so they live here, below both ``word`` and ``excel``.
Reading a cell back (``from_cell``) is the Excel return's business: ``excel.values``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from replydesk.definitions.model import Column, Question, QuestionType
from replydesk.definitions.types import is_empty, value_type
from replydesk.documents.common import lists

CellValue = str | int | float | dt.date | None
Spec = Question | Column

#: Excel keeps 15 significant digits; numbers beyond that travel as text so none is lost.
_EXACT_DIGITS = 15


def _text(spec: Spec, value: Any) -> CellValue:
    return value if isinstance(value, str) else str(value)


def _long_text(spec: Spec, value: Any) -> CellValue:
    return lists.to_plain(str(value))


def _labels(spec: Spec, value: Any) -> CellValue:
    """Choice labels, one per line; yes/no answers as "Yes", "Partly", "No"."""
    labels = dict(value_type(spec).labelled(spec))
    items = value if isinstance(value, list) else [value]
    return "\n".join(labels.get(str(item), str(item)) for item in items)


def _integer(spec: Spec, value: Any) -> CellValue:
    if not isinstance(value, int):
        return str(value)
    return value if abs(value) < 10**_EXACT_DIGITS else str(value)


def _decimal(spec: Spec, value: Any) -> CellValue:
    if not isinstance(value, int | float):
        return str(value)
    return value if float(f"{value:.{_EXACT_DIGITS}g}") == value else repr(value)


def _date(spec: Spec, value: Any) -> CellValue:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value)


def _table(spec: Spec, value: Any) -> CellValue:
    """One line per row: "row label — Column: value; Column: value"."""
    question: Any = spec
    labels = {row.value: row.label for row in question.rows}
    lines = []
    for row in value:
        cells = []
        for column in question.columns:
            shown = to_cell(column, row.get(column.key))
            if shown is not None:
                cells.append(f"{column.label}: {_as_text(shown)}")
        lead = f"{labels.get(row.get('row'), row.get('row'))} — " if row.get("row") else ""
        lines.append(lead + "; ".join(cells))
    return "\n".join(lines)


#: The plain value of an answer, by type: what the secretariat's compilations, the Word cycle
#: comparison and (unless ``excel.cells`` says otherwise) the Excel return show.
PLAIN: dict[QuestionType, Callable[[Spec, Any], CellValue]] = {
    QuestionType.LONG_TEXT: _long_text,
    QuestionType.SHORT_TEXT: _text,
    QuestionType.SINGLE_CHOICE: _labels,
    QuestionType.MULTIPLE_CHOICE: _labels,
    QuestionType.YES_NO: _labels,
    QuestionType.YES_PARTLY_NO: _labels,
    QuestionType.INTEGER: _integer,
    QuestionType.DECIMAL: _decimal,
    QuestionType.DATE: _date,
    QuestionType.URL: _text,
    QuestionType.TABLE: _table,
    QuestionType.PERCENTAGE: lambda spec, value: value_type(spec).text(spec, value),
}


def to_cell(question: Spec, value: Any) -> CellValue:
    """What the cell shows for a stored value (text not yet escaped for XML)."""
    if value is None:
        return None
    return PLAIN[question.type](question, value)


def plain_answer(question: Question, value: Any) -> str:
    """An answer as readable plain text: labels for choices, one line per table row."""
    if is_empty(value):
        return ""
    return _as_text(to_cell(question, value))


def _as_text(shown: CellValue) -> str:
    return shown.isoformat() if isinstance(shown, dt.date) else str(shown)
