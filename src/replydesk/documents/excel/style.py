"""How Reply Desk's workbooks look: named styles, cell writing, row heights, print set-up.

Named styles are registered once per workbook and shared by every cell, which keeps
files small and writing fast.  ``put`` is the one way text reaches a cell: escaped for
XML (``cell_text``) and typed as a string, so ``=``, ``+``, ``-``, ``@`` and ``#N/A``
never become formulas or error values.
"""

from __future__ import annotations

import datetime as dt
import math

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from replydesk.documents.common.plain import CellValue
from replydesk.documents.excel import cell_text

_THIN = Side(style="thin", color="BFBFBF")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_TOP_WRAP = Alignment(wrap_text=True, vertical="top")

TITLE = "Reply Desk title"
LABEL = "Reply Desk label"
VALUE = "Reply Desk value"
NOTE = "Reply Desk note"
HEADER = "Reply Desk header"
TEXT = "Reply Desk text"
ANSWER = "Reply Desk answer"
ANSWER_DATE = "Reply Desk answer date"
LINK = "Reply Desk link"

#: Coverage colours (Excel's own "good" green, "neutral" amber, and grey) by state name.
STATE_FILLS = {"answered": "C6EFCE", "empty": "FFEB9C", "no return": "D9D9D9", "not addressed": "FFFFFF"}
STATE_FONTS = {"answered": "006100", "empty": "9C5700", "no return": "595959", "not addressed": "A6A6A6"}


def state_style(state: str) -> str:
    return f"Reply Desk {state}"


def _styles() -> list[NamedStyle]:
    locked, unlocked = Protection(locked=True), Protection(locked=False)
    answer_fill = PatternFill("solid", fgColor="FFFDE7")
    return [
        NamedStyle(TITLE, font=Font(bold=True, size=14), alignment=Alignment(vertical="center"), protection=locked),
        NamedStyle(LABEL, font=Font(bold=True), alignment=_TOP_WRAP, protection=locked),
        NamedStyle(VALUE, alignment=Alignment(wrap_text=True, vertical="top", horizontal="left"), protection=locked),
        NamedStyle(NOTE, font=Font(italic=True, color="595959"), alignment=_TOP_WRAP, protection=locked),
        NamedStyle(HEADER, font=Font(bold=True, color="FFFFFF"), fill=PatternFill("solid", fgColor="1F4E78"),
                   alignment=Alignment(wrap_text=True, vertical="center"), border=_BORDER, protection=locked),
        NamedStyle(TEXT, alignment=_TOP_WRAP, border=_BORDER, protection=locked),
        NamedStyle(ANSWER, alignment=Alignment(wrap_text=True, vertical="top", horizontal="left"), border=_BORDER,
                   fill=answer_fill, protection=unlocked),
        NamedStyle(ANSWER_DATE, number_format="yyyy-mm-dd", alignment=Alignment(vertical="top", horizontal="left"),
                   border=_BORDER, fill=answer_fill, protection=unlocked),
        NamedStyle(LINK, font=Font(italic=True, color="0563C1", underline="single"), alignment=_TOP_WRAP,
                   border=_BORDER, protection=locked),
        *(NamedStyle(state_style(state), fill=PatternFill("solid", fgColor=colour),
                     font=Font(color=STATE_FONTS[state], size=9), border=_BORDER,
                     alignment=Alignment(horizontal="center", vertical="center"), protection=locked)
          for state, colour in STATE_FILLS.items()),
    ]


def register(workbook: Workbook) -> None:
    for style in _styles():
        workbook.add_named_style(style)


def put(sheet: Worksheet, row: int, column: int, value: CellValue, style: str | None = None) -> Cell:
    """Write one value; text is escaped and always stored as text, never as a formula."""
    return _fill(sheet.cell(row=row, column=column), value, style)


def streamed(sheet: WriteOnlyWorksheet, value: CellValue, style: str | None = None) -> Cell:
    """A cell of a write-only sheet's next row, holding ``value`` as ``put`` would write it."""
    return _fill(WriteOnlyCell(sheet), value, style)


def _fill(cell: Cell, value: CellValue, style: str | None) -> Cell:
    if isinstance(value, str):
        cell.value = cell_text.encode(value)
        cell.data_type = "s"
    elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        cell.value = value
        style = ANSWER_DATE if style == ANSWER else style
    else:
        cell.value = value
    if style:
        cell.style = style
    return cell


def estimated_lines(text: str, width: float) -> int:
    """Lines ``text`` wraps to in a column ``width`` characters wide (Excel does not fit row heights itself)."""
    per_line = max(1, int(width * 1.1))
    return sum(max(1, math.ceil(len(line) / per_line)) for line in text.split("\n"))


def fit_row(sheet: Worksheet | WriteOnlyWorksheet, row: int, texts: list[tuple[str, float]], minimum: int = 1) -> None:
    """Set a row's height to show its wrapped texts (capped at Excel's 409 points)."""
    lines = max([minimum, *(estimated_lines(text, width) for text, width in texts)])
    if lines > 1:
        sheet.row_dimensions[row].height = min(409.0, 15.0 * lines + 2)


def print_setup(sheet: Worksheet | WriteOnlyWorksheet, title_row: int | None, *, landscape: bool = True) -> None:
    """A4, fit to the page width, header row repeated on every printed page."""
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    if title_row:
        sheet.print_title_rows = f"{title_row}:{title_row}"
    sheet.oddFooter.center.text = "&A – page &P of &N"


def protect(sheet: Worksheet) -> None:
    """Lock every cell not styled as an answer; no password (it prevents accidents, not intent)."""
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = False
    protection.formatRows = False
    protection.selectLockedCells = False
    protection.selectUnlockedCells = False
