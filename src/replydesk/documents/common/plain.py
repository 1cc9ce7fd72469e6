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
from typing import Any

from replydesk.definitions.model import Column, Question, QuestionType
from replydesk.definitions.values import is_empty
from replydesk.documents.common import lists

CellValue = str | int | float | dt.date | None

YES_NO_LABELS = {"yes": "Yes", "partly": "Partly", "no": "No"}
#: Excel keeps 15 significant digits; numbers beyond that travel as text so none is lost.
_EXACT_DIGITS = 15


def to_cell(question: Question | Column, value: Any) -> CellValue:
    """What the cell shows for a stored value (text not yet escaped for XML).

    A long text shows its stored Markdown, list lines as "• " / "1) " (``lists.to_plain``), so that
    ``excel.values.from_cell`` reads it back exactly.
    """
    if value is None:
        return None
    qtype = question.type
    if qtype is QuestionType.LONG_TEXT:
        return lists.to_plain(str(value))
    if qtype is QuestionType.SINGLE_CHOICE:
        return _label(question, value)
    if qtype is QuestionType.MULTIPLE_CHOICE:
        return "\n".join(_label(question, item) for item in value)
    if qtype in (QuestionType.YES_NO, QuestionType.YES_PARTLY_NO):
        return YES_NO_LABELS.get(value, str(value))
    if qtype is QuestionType.INTEGER and isinstance(value, int):
        return value if abs(value) < 10**_EXACT_DIGITS else str(value)
    if qtype is QuestionType.DECIMAL and isinstance(value, int | float):
        return value if float(f"{value:.{_EXACT_DIGITS}g}") == value else repr(value)
    if qtype is QuestionType.DATE:
        try:
            return dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            return str(value)
    return value if isinstance(value, str) else str(value)


def plain_answer(question: Question, value: Any) -> str:
    """An answer as readable plain text: labels for choices, one line per table row."""
    if is_empty(value):
        return ""
    if question.type is not QuestionType.TABLE:
        shown = to_cell(question, value)
        return shown.isoformat() if isinstance(shown, dt.date) else str(shown)
    labels = {row.value: row.label for row in question.rows}
    lines = []
    for row in value:
        cells = []
        for column in question.columns:
            shown = to_cell(column, row.get(column.key))
            if shown is not None:
                text = shown.isoformat() if isinstance(shown, dt.date) else str(shown)
                cells.append(f"{column.label}: {text}")
        lead = f"{labels.get(row.get('row'), row.get('row'))} — " if row.get("row") else ""
        lines.append(lead + "; ".join(cells))
    return "\n".join(lines)


def _label(question: Question | Column, value: str) -> str:
    return next((c.label for c in question.choices if c.value == value), str(value))
