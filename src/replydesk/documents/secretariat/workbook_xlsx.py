"""The consolidated workbook: coverage, one sheet per question, one sheet per country.

``Coverage`` is the participants × answer slots matrix (answered / empty / no return, in
colour, with totals); each question's sheet lists every country's answer in alphabetical
order; each country's sheet is that country's whole return.  Answers longer than a cell
continue on marked rows, as in the return workbook.

The workbook is write-only: each sheet is written row by row to a temporary file and closed
before the next, and each question's answers (or each country's) are read when its sheet is
written, so memory stays flat however many returns there are.  Column widths, frozen panes
and row heights are therefore set before the rows they apply to.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.cell.rich_text import CellRichText
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.hyperlink import Hyperlink

from replydesk import __version__
from replydesk.definitions.model import Question, Slot
from replydesk.definitions.types import QuestionType, value_type
from replydesk.documents.common.atomic import write_atomically
from replydesk.documents.common.plain import CellValue, plain_answer, to_cell
from replydesk.documents.excel import cell_text, rich, style
from replydesk.documents.excel.format import SheetNames
from replydesk.documents.excel.labels import prompt_text, section_text
from replydesk.documents.secretariat.consolidation import Consolidation, State, coverage

COVERAGE_SHEET = "Coverage"
_ANSWER_WIDTH = 100
_COVERAGE_HEADER = 5  # the row of column titles: coverage, then every question's and country's sheet
_HEADER = 4


def write_consolidated_workbook(consolidation: Consolidation, target: Path) -> Path:
    """Write the workbook atomically and return its path (ExportError if it cannot be written)."""
    return write_atomically(Path(target), lambda path: build_consolidated_workbook(consolidation).save(path))


def build_consolidated_workbook(consolidation: Consolidation, now: dt.datetime | None = None) -> Workbook:
    """The workbook with every sheet written (to temporary files) and closed, ready to save once."""
    form = consolidation.form
    workbook = Workbook(write_only=True)
    style.register(workbook)
    names = SheetNames([COVERAGE_SHEET])
    question_sheets = {slot.key: names.take(slot.key) for slot in form.slots}
    country_sheets = {r.country: names.take(r.country) for r in consolidation.returns}
    _coverage_sheet(_Rows(workbook, COVERAGE_SHEET, _COVERAGE_HEADER), consolidation, question_sheets,
                    country_sheets, now or dt.datetime.now(dt.UTC))
    for slot in form.slots:
        _question_sheet(_Rows(workbook, question_sheets[slot.key], _HEADER), consolidation, slot)
    for found in consolidation.returns:
        _country_sheet(_Rows(workbook, country_sheets[found.country], _HEADER), consolidation, found.country)
    workbook.properties.title = f"{form.title} – consolidated returns"
    workbook.properties.creator = f"Reply Desk {__version__}"
    return workbook


class _Rows:
    """One write-only sheet, appended to row by row: cells in named styles, links, row heights."""

    def __init__(self, workbook: Workbook, title: str, header: int):
        self.sheet: WriteOnlyWorksheet = workbook.create_sheet(title)
        self.row = 0
        style.print_setup(self.sheet, header)  # the sheet's properties lead its XML: set before the first row

    def cell(self, value: CellValue, style_name: str | None = None) -> Cell:
        return style.streamed(self.sheet, value, style_name)

    def link(self, cell: Cell, target_sheet: str) -> Cell:
        """``cell``, made a link to the top of another sheet of the workbook."""
        cell.row, cell.column = self.row + 1, 1  # a coordinate for the link; the row's place sets the real one
        cell.hyperlink = Hyperlink(ref="", location=f"{quote_sheetname(target_sheet)}!A1")
        return cell

    def widths(self, widths: dict[int, float]) -> None:
        for column, width in widths.items():
            self.sheet.column_dimensions[get_column_letter(column)].width = width

    def append(self, cells: list[Cell | None], fit: list[tuple[str, float]] | None = None,
               height: float | None = None) -> int:
        """Write the next row (a row's height must be known before it is written); return its number."""
        self.row += 1
        if fit:
            style.fit_row(self.sheet, self.row, fit)
        if height is not None:
            self.sheet.row_dimensions[self.row].height = height
        self.sheet.append(cells)
        return self.row

    def merge_across(self, row: int, columns: int) -> None:
        self.sheet.merged_cells.add(f"A{row}:{get_column_letter(columns)}{row}")

    def close(self) -> None:
        self.sheet.close()


def _coverage_sheet(out: _Rows, consolidation: Consolidation, question_sheets: dict[str, str],
                    country_sheets: dict[str, str], now: dt.datetime) -> None:
    matrix = coverage(consolidation)
    form = consolidation.form
    header = _COVERAGE_HEADER
    first_key = 4
    out.widths({1: 28, 2: 12, 3: 12, **{first_key + offset: 11 for offset in range(len(matrix.keys))}})
    out.sheet.freeze_panes = f"{get_column_letter(first_key)}{header + 1}"
    out.append([out.cell(f"Coverage – {form.title}", style.TITLE)])
    returns = len(consolidation.returns)
    summary = (f"{returns} return{'s' if returns != 1 else ''} from {len(consolidation.participants)} "
               f"{form.participants_plural.lower()}; "
               f"{len(consolidation.missing)} without a return. Compiled {now:%Y-%m-%d %H:%M} UTC by "
               f"Reply Desk {__version__}.")
    out.append([out.cell(summary, style.NOTE)])
    for row in (1, 2):
        out.merge_across(row, min(12, 3 + len(matrix.keys)))
    shown = [state for state in State if state is not State.NOT_ADDRESSED or matrix.totals[state]]
    out.append([out.cell("Legend", style.LABEL)] + [
        out.cell(f"{state.value} ({matrix.totals[state]})", style.state_style(state.value)) for state in shown])
    out.append([])
    titles = (form.participants_label, "Return", f"Answered (of {len(matrix.keys)})")
    out.append([out.cell(title, style.HEADER) for title in titles]
               + [out.link(out.cell(key, style.HEADER), question_sheets[key]) for key in matrix.keys], height=30)
    for country in matrix.countries:
        found = consolidation.return_of(country)
        name = out.cell(country, style.TEXT)
        status = found.status.replace("_", " ") if found else State.NO_RETURN.value
        states = [matrix.states[(country, key)].value for key in matrix.keys]
        out.append([out.link(name, country_sheets[country]) if found is not None else name,
                    out.cell(status, style.TEXT), out.cell(matrix.by_country[country], style.TEXT)]
                   + [out.cell(state, style.state_style(state)) for state in states])
    out.append([out.cell(f"{form.participants_plural} answering", style.HEADER),
                out.cell(f"{len(consolidation.returns)} returns", style.HEADER),
                out.cell(sum(matrix.by_country.values()), style.HEADER)]
               + [out.cell(matrix.by_key[key], style.HEADER) for key in matrix.keys])
    if matrix.totals[State.NOT_ADDRESSED]:  # a recommendation counts only among the Parties it addresses
        out.append([out.cell(f"{form.participants_plural} addressed", style.HEADER), None, None]
                   + [out.cell(len(consolidation.addressed(key)), style.HEADER) for key in matrix.keys])
    out.sheet.auto_filter.ref = f"A{header}:{get_column_letter(first_key + len(matrix.keys) - 1)}{out.row - 1}"
    out.close()


def _title(out: _Rows, text: str, note: str, columns: int) -> None:
    """The sheet's first two rows and the blank third (its column widths and frozen panes set already)."""
    out.append([out.cell(text, style.LABEL)], fit=[(text, 120)])
    out.merge_across(out.row, columns)
    out.append([out.cell(note, style.NOTE)], fit=[(note, 120)])
    out.merge_across(out.row, columns)
    out.append([])


def _question_sheet(out: _Rows, consolidation: Consolidation, slot: Slot) -> None:
    question = slot.question
    table = value_type(question).tabular
    lead = [consolidation.form.participants_label, "State"]
    headers = lead + ((["Row"] if question.rows else []) + [c.label for c in question.columns] if table
                      else ["Answer"])
    header = _HEADER
    out.widths(dict(enumerate([28, 12] + ([28] * (len(headers) - 2) if table else [_ANSWER_WIDTH]), 1)))
    out.sheet.freeze_panes = f"C{header + 1}"
    group_text = slot.path[-1].text
    _title(out, f"{slot.key} – {prompt_text(question)}",
           section_text(slot) + (f": {group_text}" if group_text else ""), len(headers))
    out.append([out.cell(title, style.HEADER) for title in headers])
    values = consolidation.values_of_key(slot.key)
    labels = {r.value: r.label for r in question.rows}
    for country in consolidation.participants:
        state = consolidation.state(country, slot.key)
        value = values.get(country)
        if table and state is State.ANSWERED:
            for data in value:
                cells = ([labels.get(data.get("row"), data.get("row"))] if question.rows else []) + [
                    to_cell(column, data.get(column.key)) for column in question.columns]
                out.append([out.cell(country, style.TEXT), out.cell(state.value, style.state_style(state.value))]
                           + [out.cell(shown, style.TEXT) for shown in cells])
            continue
        text = "" if table else plain_answer(question, value)
        _text_rows(out, [country, state.value], text, state.value, _emphasis(question, value))
    out.close()


def _emphasis(question: Question, value: Any) -> CellRichText | None:
    """A long answer's bold and italics as Excel shows them (as in a return), not "**"; None: its plain text."""
    return rich.to_rich(value) if question.type is QuestionType.LONG_TEXT and isinstance(value, str) else None


def _text_rows(out: _Rows, lead: list[str], text: str, state: str | None,
               emphasis: CellRichText | None = None) -> None:
    """Write ``lead`` cells and ``text`` (continued on further rows past the cell limit; ``emphasis``: the rich
    text of an answer that fits one cell)."""
    pieces = cell_text.split(text) if text else [""]
    for number, piece in enumerate(pieces, 1):
        first = lead[0] if number == 1 else f"{lead[0]} (continued {number}/{len(pieces)})"
        cells = [out.cell(first, style.TEXT)]
        for column, shown in enumerate(lead[1:], 2):
            is_state = state is not None and column == 2
            cells.append(out.cell(shown, style.state_style(state) if is_state else style.TEXT))
        cells.append(out.cell(emphasis if emphasis is not None and len(pieces) == 1 else piece, style.TEXT))
        out.append(cells, fit=[(piece, _ANSWER_WIDTH), *((shown, 30) for shown in lead[1:] if number == 1)])


def _country_sheet(out: _Rows, consolidation: Consolidation, country: str) -> None:
    found = consolidation.return_of(country)
    assert found is not None
    form = consolidation.form
    header = _HEADER
    out.widths(dict(enumerate((16, 28, 45, _ANSWER_WIDTH), 1)))
    out.sheet.freeze_panes = f"A{header + 1}"
    updated = f", last changed {found.updated_at:%Y-%m-%d}" if found.updated_at else ""
    _title(out, f"{country} – {form.title}", f"Reply {found.reply_id}, {found.status.replace('_', ' ')}{updated}",
           4)
    out.append([out.cell(title, style.HEADER) for title in ("Key", "Section", "Question", "Answer")])
    values = consolidation.values_of(found)
    for slot in form.slots:
        question = slot.question
        value = values.get(slot.key)
        _text_rows(out, [slot.key, section_text(slot), prompt_text(question)], plain_answer(question, value), None,
                   _emphasis(question, value))
    out.close()
