"""The Excel cell of each question type: what is written, how it is read back, how it is checked.

``CELLS`` has one entry per ``QuestionType``.  Writing starts from the plain value
(``common.plain.to_cell``: choice labels, "Yes" / "No", numbers as numbers, dates as dates,
long text with "• " / "1) " list lines); reading accepts the same and validates with the
type object, so the store gets exactly what the app's own editor would have saved.  A
table question has its own sheet (``export`` and ``read`` handle it); its entry gives the
column width and data validation of nothing, since it is never one cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl.cell.rich_text import CellRichText
from openpyxl.worksheet.datavalidation import DataValidation

from replydesk.definitions.model import Column, Question, QuestionType
from replydesk.definitions.types import ValueProblem, value_type
from replydesk.documents.common import lists
from replydesk.documents.common.plain import CellValue, to_cell
from replydesk.documents.excel import rich

Spec = Question | Column
#: Excel's "Text" number format: what is typed into such a cell stays the characters typed
#: (Excel and LibreOffice would otherwise read ``007`` as 7, ``50%`` as 0.5 and ``1/2`` as a date).
TEXT = "@"
#: Makes a data validation for a spec's cells, given the range of a drop-down list's labels.
Validation = Callable[[Spec, Callable[[list[str]], str]], DataValidation | None]


def _validated(spec: Spec, raw: Any) -> Any:
    return value_type(spec).validate(spec, raw)


def _text(spec: Spec, raw: Any) -> Any:
    return value_type(spec).validate(spec, as_text(raw))


def _long_text(spec: Spec, raw: Any) -> Any:
    if isinstance(raw, CellRichText):  # bold and italics written (or added) in Excel: the same Markdown
        return value_type(spec).validate(spec, rich.from_rich(raw))
    return value_type(spec).validate(spec, lists.to_markdown(as_text(raw)))


def _choice_items(spec: Spec, raw: Any) -> Any:
    """One choice per line; a line that is no choice may list several separated by ";"."""
    known = {name.casefold() for c in spec.choices for name in (c.value, c.label)}
    items: list[str] = []
    for line in as_text(raw).splitlines():
        line = line.strip()
        if not line:
            continue
        if line.casefold() in known or ";" not in line:
            items.append(line)
        else:
            items.extend(part.strip() for part in line.split(";") if part.strip())
    return value_type(spec).validate(spec, items) if items else None


def _own_sheet(spec: Spec, raw: Any) -> Any:
    raise ValueProblem("a table is read from its own sheet, not from one cell")


def as_text(raw: Any) -> str:
    """Text of a cell that Excel may have turned into a number or a date; a text's line ends kept as written
    (CR and CRLF come back from the export's own ``_x000D_``; the import reads an edited cell as shown)."""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat(sep=" ")
    if isinstance(raw, dt.date):
        return raw.isoformat()
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


def _drop_down(spec: Spec, range_for: Callable[[list[str]], str]) -> DataValidation | None:
    labels = drop_down(spec)
    return DataValidation(type="list", formula1=range_for(labels), allow_blank=True,
                          showErrorMessage=True, errorTitle="Not one of the choices",
                          error="Choose one of the answers in the drop-down list.")


def _choices_prompt(spec: Spec, range_for: Callable[[list[str]], str]) -> DataValidation | None:
    prompt = "\n".join(c.label for c in spec.choices)
    return DataValidation(allow_blank=True, showInputMessage=True, promptTitle="One or more, one per line",
                          prompt=prompt[:250])


def numbers(kind: str, *, scale: float = 1.0) -> Validation:
    """Excel's own check of a number's range (``whole`` or ``decimal``); ``scale`` turns bounds into cell values."""

    def validation(spec: Spec, range_for: Callable[[list[str]], str]) -> DataValidation | None:
        low, high = spec.min, spec.max
        if low is None and high is None:
            return None
        fmt = "{:g}".format
        cell = lambda number: fmt(number * scale)  # noqa: E731
        if low is not None and high is not None:
            operator, first, second, text = "between", cell(low), cell(high), f"from {fmt(low)} to {fmt(high)}"
        elif low is not None:
            operator, first, second, text = "greaterThanOrEqual", cell(low), None, f"of at least {fmt(low)}"
        else:
            operator, first, second, text = "lessThanOrEqual", cell(high), None, f"of at most {fmt(high)}"
        noun = "A whole number" if kind == "whole" else "A number"
        return DataValidation(type=kind, operator=operator, formula1=first, formula2=second, allow_blank=True,
                              showErrorMessage=True, errorTitle="Out of range", error=f"{noun} {text}, please.")

    return validation


@dataclass(frozen=True)
class ExcelCell:
    """How one question type lives in a cell of the return workbook."""

    #: The cell's value for a stored (non-empty) value.
    write: Callable[[Spec, Any], CellValue] = to_cell
    #: The stored value for a cell's content (not empty); ValueProblem says what is wrong.
    read: Callable[[Spec, Any], Any] = _validated
    #: Excel's number format for the cell, when the value alone does not say how to show it; ``TEXT``
    #: for an answer that is text, set on every answer cell of the type (empty ones too, where people type).
    number_format: str | None = None
    #: Width of a table sheet's column of this type, in characters.
    width: float = 26
    #: Lines the answer row of the Reply sheet shows at least.
    lines: int = 1
    #: Offers the type's labelled answers in a drop-down (one list shared by every cell that offers it).
    drop_down: bool = False
    #: The data validation of a cell of its own (bounds, a prompt), if any.
    validation: Validation | None = None


CELLS: dict[QuestionType, ExcelCell] = {
    QuestionType.LONG_TEXT: ExcelCell(read=_long_text, number_format=TEXT, width=60, lines=2),
    QuestionType.SHORT_TEXT: ExcelCell(read=_text, number_format=TEXT, width=32),
    QuestionType.SINGLE_CHOICE: ExcelCell(number_format=TEXT, drop_down=True),
    QuestionType.MULTIPLE_CHOICE: ExcelCell(read=_choice_items, number_format=TEXT, validation=_choices_prompt),
    QuestionType.YES_NO: ExcelCell(number_format=TEXT, drop_down=True),
    QuestionType.YES_PARTLY_NO: ExcelCell(number_format=TEXT, drop_down=True),
    QuestionType.INTEGER: ExcelCell(width=12, validation=numbers("whole")),
    QuestionType.DECIMAL: ExcelCell(width=12, validation=numbers("decimal")),
    QuestionType.DATE: ExcelCell(width=13),
    QuestionType.URL: ExcelCell(read=_text, number_format=TEXT, width=40),
    QuestionType.TABLE: ExcelCell(read=_own_sheet),
    QuestionType.PERCENTAGE: ExcelCell(write=lambda spec, value: _percent_cell(value), read=lambda spec, raw:
                                       _read_percent(spec, raw), number_format="0.00%", width=12,
                                       validation=numbers("decimal", scale=0.01)),
}


def _percent_cell(value: Any) -> CellValue:
    """A percentage as Excel stores one: 50 % is the number 0.5, shown through the cell's "0.00%" format."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return float(Decimal(repr(value)) / 100)


def _read_percent(spec: Spec, raw: Any) -> Any:
    """A percentage cell back to the number of percent (0.5 -> 50); text such as "12.5 %" as typed."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        raw = float(Decimal(repr(raw)) * 100)
    return value_type(spec).validate(spec, raw)


def cell_of(spec: Spec | QuestionType) -> ExcelCell:
    return CELLS[spec if isinstance(spec, QuestionType) else spec.type]


def drop_down(spec: Spec) -> list[str]:
    """The labels a drop-down offers for this question, or [] if it takes free input."""
    if not cell_of(spec).drop_down:
        return []
    return [label for _, label in value_type(spec).labelled(spec)]


def write(spec: Spec, value: Any) -> CellValue:
    """The cell's value for a stored value (None for no answer)."""
    return None if value is None else cell_of(spec).write(spec, value)


def read(spec: Spec, raw: Any) -> Any:
    """The stored value for what a cell holds; ValueProblem says what is wrong."""
    if raw is None or raw == "":
        return None
    return cell_of(spec).read(spec, raw)


def validation(spec: Spec, range_for: Callable[[list[str]], str]) -> DataValidation | None:
    """A fresh data validation for this question's cells (the caller adds cells and attaches it)."""
    entry = cell_of(spec)
    if entry.drop_down:
        return _drop_down(spec, range_for)
    return entry.validation(spec, range_for) if entry.validation else None
