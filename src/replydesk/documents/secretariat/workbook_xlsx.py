"""The consolidated workbook: coverage, one sheet per question, one sheet per country.

``Coverage`` is the participants × answer slots matrix (answered / empty / no return, in
colour, with totals); each question's sheet lists every country's answer in alphabetical
order; each country's sheet is that country's whole return.  Answers longer than a cell
continue on marked rows, as in the return workbook.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from replydesk import __version__
from replydesk.definitions.model import Slot
from replydesk.definitions.types import value_type
from replydesk.documents.common.atomic import write_atomically
from replydesk.documents.common.plain import plain_answer, to_cell
from replydesk.documents.excel import cell_text, style
from replydesk.documents.excel.format import SheetNames
from replydesk.documents.excel.labels import prompt_text, section_text
from replydesk.documents.secretariat.consolidation import Consolidation, State, coverage

COVERAGE_SHEET = "Coverage"
_ANSWER_WIDTH = 100


def write_consolidated_workbook(consolidation: Consolidation, target: Path) -> Path:
    """Write the workbook atomically and return its path (ExportError if it cannot be written)."""
    workbook = build_consolidated_workbook(consolidation)
    return write_atomically(Path(target), lambda path: workbook.save(path))


def build_consolidated_workbook(consolidation: Consolidation, now: dt.datetime | None = None) -> Workbook:
    form = consolidation.form
    workbook = Workbook()
    style.register(workbook)
    sheet = workbook.active
    assert sheet is not None
    sheet.title = COVERAGE_SHEET
    names = SheetNames([COVERAGE_SHEET])
    question_sheets = {slot.key: names.take(slot.key) for slot in form.slots}
    country_sheets = {r.country: names.take(r.country) for r in consolidation.returns}
    _coverage_sheet(sheet, consolidation, question_sheets, country_sheets, now or dt.datetime.now(dt.UTC))
    for slot in form.slots:
        _question_sheet(workbook.create_sheet(question_sheets[slot.key]), consolidation, slot)
    for found in consolidation.returns:
        _country_sheet(workbook.create_sheet(country_sheets[found.country]), consolidation, found.country)
    workbook.properties.title = f"{form.title} – consolidated returns"
    workbook.properties.creator = f"Reply Desk {__version__}"
    return workbook


def _link(sheet: Worksheet, row: int, column: int, target_sheet: str) -> None:
    cell = sheet.cell(row=row, column=column)
    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"{quote_sheetname(target_sheet)}!A1")


def _coverage_sheet(sheet: Worksheet, consolidation: Consolidation, question_sheets: dict[str, str],
                    country_sheets: dict[str, str], now: dt.datetime) -> None:
    matrix = coverage(consolidation)
    form = consolidation.form
    label = form.participants_label.lower()
    style.put(sheet, 1, 1, f"Coverage – {form.title}", style.TITLE)
    summary = (f"{len(consolidation.returns)} returns from {len(consolidation.participants)} {label}s; "
               f"{len(consolidation.missing)} without a return. Compiled {now:%Y-%m-%d %H:%M} UTC by "
               f"Reply Desk {__version__}.")
    style.put(sheet, 2, 1, summary, style.NOTE)
    for row in (1, 2):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=min(12, 3 + len(matrix.keys)))
    style.put(sheet, 3, 1, "Legend", style.LABEL)
    shown = [state for state in State if state is not State.NOT_ADDRESSED or matrix.totals[state]]
    for column, state in enumerate(shown, 2):
        style.put(sheet, 3, column, f"{state.value} ({matrix.totals[state]})", style.state_style(state.value))
    header = 5
    first_key = 4
    for column, title in enumerate((form.participants_label, "Return", f"Answered (of {len(matrix.keys)})"), 1):
        style.put(sheet, header, column, title, style.HEADER)
    for offset, key in enumerate(matrix.keys):
        style.put(sheet, header, first_key + offset, key, style.HEADER)
        _link(sheet, header, first_key + offset, question_sheets[key])
        sheet.column_dimensions[get_column_letter(first_key + offset)].width = 11
    row = header
    for country in matrix.countries:
        row += 1
        found = consolidation.return_of(country)
        style.put(sheet, row, 1, country, style.TEXT)
        if found is not None:
            _link(sheet, row, 1, country_sheets[country])
        status = found.status.replace("_", " ") if found else State.NO_RETURN.value
        style.put(sheet, row, 2, status, style.TEXT)
        style.put(sheet, row, 3, matrix.by_country[country], style.TEXT)
        for offset, key in enumerate(matrix.keys):
            state = matrix.states[(country, key)]
            style.put(sheet, row, first_key + offset, state.value, style.state_style(state.value))
    row += 1
    style.put(sheet, row, 1, f"{form.participants_label}s answering", style.HEADER)
    style.put(sheet, row, 2, f"{len(consolidation.returns)} returns", style.HEADER)
    style.put(sheet, row, 3, sum(matrix.by_country.values()), style.HEADER)
    for offset, key in enumerate(matrix.keys):
        style.put(sheet, row, first_key + offset, matrix.by_key[key], style.HEADER)
    if matrix.totals[State.NOT_ADDRESSED]:  # a recommendation counts only among the Parties it addresses
        row += 1
        style.put(sheet, row, 1, f"{form.participants_label}s addressed", style.HEADER)
        for offset, key in enumerate(matrix.keys):
            style.put(sheet, row, first_key + offset, len(consolidation.addressed(key)), style.HEADER)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 12
    sheet.row_dimensions[header].height = 30
    sheet.freeze_panes = sheet.cell(row=header + 1, column=first_key)
    sheet.auto_filter.ref = f"A{header}:{get_column_letter(first_key + len(matrix.keys) - 1)}{row - 1}"
    style.print_setup(sheet, header)


def _title(sheet: Worksheet, text: str, note: str, columns: int) -> None:
    style.put(sheet, 1, 1, text, style.LABEL)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    style.fit_row(sheet, 1, [(text, 120)])
    style.put(sheet, 2, 1, note, style.NOTE)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=columns)
    style.fit_row(sheet, 2, [(note, 120)])


def _question_sheet(sheet: Worksheet, consolidation: Consolidation, slot: Slot) -> None:
    question = slot.question
    table = value_type(question).tabular
    lead = [consolidation.form.participants_label, "State"]
    headers = lead + ((["Row"] if question.rows else []) + [c.label for c in question.columns] if table
                      else ["Answer"])
    group_text = slot.path[-1].text
    _title(sheet, f"{slot.key} – {prompt_text(question)}",
           section_text(slot) + (f": {group_text}" if group_text else ""), len(headers))
    header = 4
    for column, title in enumerate(headers, 1):
        style.put(sheet, header, column, title, style.HEADER)
    row = header
    for country in consolidation.participants:
        state = consolidation.state(country, slot.key)
        found = consolidation.return_of(country)
        value = found.answer(slot.key) if found else None
        if table and state is State.ANSWERED:
            labels = {r.value: r.label for r in question.rows}
            for data in value:
                row += 1
                style.put(sheet, row, 1, country, style.TEXT)
                style.put(sheet, row, 2, state.value, style.state_style(state.value))
                cells = ([labels.get(data.get("row"), data.get("row"))] if question.rows else []) + [
                    to_cell(column, data.get(column.key)) for column in question.columns]
                for column, shown in enumerate(cells, 3):
                    style.put(sheet, row, column, shown, style.TEXT)
            continue
        text = "" if table else plain_answer(question, value)
        row = _text_rows(sheet, row + 1, [country, state.value], text, state.value)
    for column, width in enumerate([28, 12] + ([28] * (len(headers) - 2) if table else [_ANSWER_WIDTH]), 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=header + 1, column=3)
    style.print_setup(sheet, header)


def _text_rows(sheet: Worksheet, row: int, lead: list[str], text: str, state: str | None) -> int:
    """Write ``lead`` cells and ``text`` (continued on further rows past the cell limit); return the last row."""
    pieces = cell_text.split(text) if text else [""]
    for number, piece in enumerate(pieces, 1):
        first = lead[0] if number == 1 else f"{lead[0]} (continued {number}/{len(pieces)})"
        style.put(sheet, row, 1, first, style.TEXT)
        for column, shown in enumerate(lead[1:], 2):
            is_state = state is not None and column == 2
            style.put(sheet, row, column, shown, style.state_style(state) if is_state else style.TEXT)
        style.put(sheet, row, len(lead) + 1, piece, style.TEXT)
        style.fit_row(sheet, row, [(piece, _ANSWER_WIDTH), *((cell_text, 30) for cell_text in lead[1:] if number == 1)])
        row += 1
    return row - 1


def _country_sheet(sheet: Worksheet, consolidation: Consolidation, country: str) -> None:
    found = consolidation.return_of(country)
    assert found is not None
    form = consolidation.form
    updated = f", last changed {found.updated_at:%Y-%m-%d}" if found.updated_at else ""
    _title(sheet, f"{country} – {form.title}", f"Reply {found.reply_id}, {found.status.replace('_', ' ')}{updated}",
           4)
    header = 4
    for column, title in enumerate(("Key", "Section", "Question", "Answer"), 1):
        style.put(sheet, header, column, title, style.HEADER)
    row = header
    for slot in form.slots:
        question = slot.question
        prompt = prompt_text(question)
        row = _text_rows(sheet, row + 1, [slot.key, section_text(slot), prompt],
                         plain_answer(question, found.answer(slot.key)), None)
    for column, width in enumerate((16, 28, 45, _ANSWER_WIDTH), 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=header + 1, column=1)
    style.print_setup(sheet, header)
