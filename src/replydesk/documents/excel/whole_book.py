"""Everything a return workbook holds beyond its answer cells: looked at, so nothing is ignored silently.

The reader takes the answers from the Reply sheet's Answer column and the table sheets. A person may
also type elsewhere: a sheet of remarks added, a column added after unprotecting the sheet, text under
the last question, a note (comment) on a cell, cells merged. Each is found here: a note on a cell of a
question's row, or of a table's sheet, becomes a note on that question (with its author); anything
else is listed by ``sheet!cell`` with its text for the import report, never dropped.

openpyxl's read-only mode (the one fast enough for large returns) sees neither notes nor merged cells,
so those are read from the package's parts directly (parsed with defusedxml, as every part is).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import fromstring
from openpyxl.utils import get_column_letter

from replydesk.documents.excel import cell_text
from replydesk.documents.excel.format import HEADERS, LISTS_SHEET, META_SHEET, REPLY_SHEET, TABLE_HEADER_ROW

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass(frozen=True)
class CellNote:
    """A note (Excel's comment) on one cell."""

    sheet: str
    cell: str
    author: str
    text: str


@dataclass
class Beyond:
    """What the workbook holds besides its answers."""

    notes: list[tuple[str, CellNote]] = field(default_factory=list)  # (question key, note) to import
    unplaced: list[str] = field(default_factory=list)  # by sheet!cell, with its text: not imported
    ignored: list[str] = field(default_factory=list)


#: Per question: the texts the export may have written in its Section, Question and Status cells.
WrittenTexts = dict[str, tuple[frozenset[str], frozenset[str], frozenset[str]]]


def look_beyond(path: Path, workbook: Any, key_rows: dict[int, str], table_sheets: dict[str, str],
                written: WrittenTexts | None = None, names: dict[str, str] | None = None) -> Beyond:
    """Notes, merged cells, added sheets, columns and rows of the workbook at ``path``.

    ``key_rows``: the Reply sheet's row numbers of each question (continuation rows included);
    ``table_sheets``: sheet name → the table question it holds; ``written``: what the export wrote beside each
    question's answer (Section, Question, Status), so that a reviewer's edit there is reported; ``names``: each
    question as people know it, by key, for the lines that name a row's question.
    """
    found = Beyond()
    known = {REPLY_SHEET, META_SHEET, LISTS_SHEET, *table_sheets}
    for name in workbook.sheetnames:
        if name not in known:
            _whole_sheet(workbook[name], name, found)
    _reply_margins(workbook[REPLY_SHEET], key_rows, found, written or {}, names or {})
    notes, merges = _package_parts(path)
    for note in notes:
        key = _note_key(note, key_rows, table_sheets)
        if key:
            found.notes.append((key, note))
        else:
            found.unplaced.append(f"{_ref(note.sheet)}!{note.cell}: a note by {note.author or 'unknown'} on a cell of "
                                  f"no question was not imported: {_quote(note.text)}")
    header = _header_row(workbook[REPLY_SHEET])
    for sheet, ranges in merges.items():
        for ref in ranges:
            first_row = int(re.sub(r"[A-Z$]", "", ref.split(":")[0]) or 0)
            title_rows = header if sheet == REPLY_SHEET else TABLE_HEADER_ROW if sheet in table_sheets else 0
            if first_row < title_rows:
                continue  # the export's own title rows
            if sheet in (META_SHEET, LISTS_SHEET):
                continue
            found.unplaced.append(f"{_ref(sheet)}!{ref}: cells merged in the workbook; only the merged cell's first "
                                  "cell holds a value, which is read where it stands (the others are empty)")
    return found


def _whole_sheet(sheet: Any, name: str, found: Beyond) -> None:
    """A sheet the export did not write: every cell with a value listed."""
    sheet.reset_dimensions()
    cells = []
    for number, row in enumerate(sheet.iter_rows(), 1):
        for index, cell in enumerate(row):
            text = _shown(getattr(cell, "value", None))
            if text:
                cells.append(f"{_ref(name)}!{get_column_letter(index + 1)}{number}: {_quote(text)}")
    if cells:
        found.unplaced += [f"{item} (on the sheet {name!r}, which the export did not write): not imported"
                           for item in cells]
    else:
        found.ignored.append(f"the sheet {name!r}, which the export did not write, is empty: nothing to import")


#: The Reply sheet's columns the export fills beside the answer (0-based): Section, Question, Status.
_WRITTEN_COLUMNS = {1: 0, 2: 1, 4: 2}


def _reply_margins(sheet: Any, key_rows: dict[int, str], found: Beyond, written: WrittenTexts,
                   names: dict[str, str]) -> None:
    """The Reply sheet outside its answers: columns after Status, text under or between the questions, and a
    question's Section, Question or Status cell edited (none of them is read as the answer)."""
    sheet.reset_dimensions()
    header = 0
    for number, row in enumerate(sheet.iter_rows(), 1):
        texts = [_shown(getattr(cell, "value", None)) for cell in row]
        if not header:
            if tuple(t.strip() for t in texts[:len(HEADERS)]) == HEADERS:
                header = number
            for index, text in enumerate(texts[len(HEADERS):], len(HEADERS)):
                if text:
                    found.unplaced.append(f"{REPLY_SHEET}!{get_column_letter(index + 1)}{number}: {_quote(text)} "
                                          "(beside the return's title rows): not imported")
            continue
        key = key_rows.get(number)
        for index, text in enumerate(texts):
            if key and index in _WRITTEN_COLUMNS and key in written:
                originals = written[key][_WRITTEN_COLUMNS[index]]
                if _same_text(text) not in {_same_text(t) for t in originals}:
                    found.unplaced.append(
                        f"{REPLY_SHEET}!{get_column_letter(index + 1)}{number}: {_edit(text, originals)}"
                        f" (in the row of {names.get(key, key)}, the {HEADERS[index]} column, which the export wrote "
                        "and the import does not read): not imported; if it says something about the answer, copy "
                        "it into the answer or a note")
                continue
            if not text or (key and index < len(HEADERS)):
                continue
            if not key and index in (0, 3):
                continue  # a key the reader refused, or an answer on a keyless row: already a problem
            where = f"in the row of {names.get(key, key)}" if key else "on a row of no question"
            column = "a column the export did not write" if index >= len(HEADERS) else f"the {HEADERS[index]} column"
            found.unplaced.append(f"{REPLY_SHEET}!{get_column_letter(index + 1)}{number}: {_quote(text)} ({where}, "
                                  f"{column}): not imported")


def _edit(text: str, originals: frozenset[str]) -> str:
    """A written cell as edited: what was added to the export's text, whole (the reviewer's words are never cut),
    or the whole new text."""
    flat = _same_text(text)
    if not flat:
        return "(emptied)"
    for original in sorted((_same_text(o) for o in originals if o.strip()), key=len, reverse=True):
        if flat.startswith(original):
            return f"added after the export's text: {flat[len(original):].strip()!r}"
        if flat.endswith(original):
            return f"added before the export's text: {flat[:-len(original)].strip()!r}"
    return repr(flat)


def _same_text(text: str) -> str:
    """Texts compared as a person reads them: line ends and surrounding spaces aside."""
    return " ".join(text.split())


def _header_row(sheet: Any) -> int:
    for number, row in enumerate(sheet.iter_rows(max_col=len(HEADERS), max_row=60, values_only=True), 1):
        if tuple(_shown(v).strip() for v in row) == HEADERS:
            return number
    return 0


def _note_key(note: CellNote, key_rows: dict[int, str], table_sheets: dict[str, str]) -> str:
    if note.sheet in table_sheets:
        return table_sheets[note.sheet]
    if note.sheet == REPLY_SHEET:
        row = int(re.sub(r"[A-Z$]", "", note.cell) or 0)
        return key_rows.get(row, "")
    return ""


def _package_parts(path: Path) -> tuple[list[CellNote], dict[str, list[str]]]:
    """Each sheet's notes and merged ranges, read from the package (names as the workbook gives them)."""
    notes: list[CellNote] = []
    merges: dict[str, list[str]] = {}
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())

        def xml(part: str) -> Element | None:
            return fromstring(archive.read(part), forbid_dtd=True, forbid_entities=True) if part in names else None

        def rels(part: str) -> dict[str, tuple[str, str]]:
            folder, base = posixpath.split(part)
            root = xml(posixpath.join(folder, "_rels", f"{base}.rels"))
            out: dict[str, tuple[str, str]] = {}
            for rel in root.iter(f"{_PKG}Relationship") if root is not None else []:
                if rel.get("TargetMode") == "External":
                    continue
                target = rel.get("Target", "")
                target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join(folder, target))
                out[rel.get("Id", "")] = (rel.get("Type", ""), target)
            return out

        book = xml("xl/workbook.xml")
        book_rels = rels("xl/workbook.xml")
        for sheet in book.iter(f"{_MAIN}sheet") if book is not None else []:
            name = sheet.get("name", "")
            _type, part = book_rels.get(sheet.get(f"{_REL}id", ""), ("", ""))
            root = xml(part)
            if root is None:
                continue
            merges[name] = [m.get("ref", "") for m in root.iter(f"{_MAIN}mergeCell")]
            for rel_type, target in rels(part).values():
                if rel_type.endswith("/comments"):
                    notes += _comments(xml(target), name)
    return notes, merges


def _comments(root: Element | None, sheet: str) -> list[CellNote]:
    if root is None:
        return []
    authors = [(a.text or "").strip() for a in root.iter(f"{_MAIN}author")]  # Calc writes " " for none
    found = []
    for comment in root.iter(f"{_MAIN}comment"):
        text = cell_text.decode("".join(t.text or "" for t in comment.iter(f"{_MAIN}t"))).strip()
        index = int(comment.get("authorId", "-1") or -1)
        author = authors[index] if 0 <= index < len(authors) else ""
        if author and text.startswith(f"{author}:"):  # Excel starts a note with its author's name in bold
            text = text[len(author) + 1:].strip()
        if text:
            found.append(CellNote(sheet, comment.get("ref", ""), author, text))
    return found


def _shown(value: Any) -> str:
    if value is None:
        return ""
    return cell_text.decode(value) if isinstance(value, str) else str(value)


def _ref(sheet: str) -> str:
    return sheet if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", sheet) else "'" + sheet.replace("'", "''") + "'"


def _quote(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
