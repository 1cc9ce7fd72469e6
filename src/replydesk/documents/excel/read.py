"""Reading a return workbook back: every check the import makes before touching the store.

``read_return`` either gives the return's validated values or raises ``RefusedWorkbook``
listing each problem with its sheet and cell (``Reply!A12``).  It checks, in order: the
container (``safety``), the ``_meta`` record and its checksum, the form id, version and
definition hash, the country, the keys (complete, unique, known, in the checksummed order;
continuation rows in sequence), and every value against its question's type, a table's
cells by their column's header label.  What it leaves out without refusing (a column a
table does not have) is listed in ``ParsedReturn.ignored`` / ``unplaced`` for the import
report.  Nothing here writes anything.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from replydesk.definitions.model import Column, Form, Question
from replydesk.definitions.problems import question_trails
from replydesk.definitions.recommendations import RecommendationSet, for_party
from replydesk.definitions.registry import Registry, suggest
from replydesk.definitions.types import value_type
from replydesk.definitions.values import ValueProblem, validate
from replydesk.documents.common.report import ImportReport
from replydesk.documents.excel import cell_text, rich
from replydesk.documents.excel.cells import TEXT, cell_of
from replydesk.documents.excel.export import UnknownPart, part_slots, written_texts
from replydesk.documents.excel.format import (
    HEADERS,
    META_SHEET,
    REPLY_SHEET,
    ROW_KEY_HEADER,
    ROW_LABEL_HEADER,
    TABLE_HEADER_ROW,
    Meta,
    MetaError,
    meta_from_rows,
    parse_continued,
)
from replydesk.documents.excel.labels import definition_hash, resolved
from replydesk.documents.excel.safety import Limits, UnsafeWorkbook, check_container
from replydesk.documents.excel.shown import shown
from replydesk.documents.excel.values import from_cell
from replydesk.documents.excel.whole_book import CellNote, look_beyond

#: Problems listed for one file before the reader stops looking.
MAX_PROBLEMS = 25
_HEADER_SEARCH_ROWS = 40


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a workbook, where it is."""

    message: str
    sheet: str = ""
    cell: str = ""
    #: What the cell is, as people know it: "Fig. 1 › WeProtect member, a yes/no question"; the table's row and column.
    about: str = ""

    def __str__(self) -> str:
        where = self.where()
        if self.about:
            where = f"{where} ({self.about})" if where else self.about
        return f"{where}: {self.message}" if where else self.message

    def where(self) -> str:
        """``Reply!A12`` (the sheet quoted as Excel does when its name needs it), ``sheet 'X'``, or ""."""
        if not self.sheet:
            return f"cell {self.cell}" if self.cell else ""
        if not self.cell:
            return f"sheet '{self.sheet}'"
        return f"{sheet_ref(self.sheet)}!{self.cell}"


def sheet_ref(sheet: str) -> str:
    """A sheet's name as a reference writes it: bare when it is a plain word, else in single quotes."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", sheet):
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


class RefusedWorkbook(Exception):
    """A workbook that cannot be imported; nothing of it was."""

    def __init__(self, path: Path, problems: list[Problem]):
        self.path = Path(path)
        self.problems = problems
        super().__init__(self.describe())

    def report(self) -> ImportReport:
        """The import report of a refused file: every problem found, by ``sheet!cell``."""
        return ImportReport(f"Import report: {self.path.name} (refused, nothing imported)").section(
            "Problems", [str(problem) for problem in self.problems])

    def describe(self) -> str:
        if len(self.problems) == 1:
            return f"{self.path}: refused, nothing imported: {self.problems[0]}"
        lines = "".join(f"\n  {problem}" for problem in self.problems)
        return f"{self.path}: refused, nothing imported ({len(self.problems)} problems):{lines}"


@dataclass
class ParsedReturn:
    """A checked return: which reply it belongs to and its values for the exported keys."""

    path: Path
    meta: Meta
    form: Form  # as registered (its hash is the one replies record)
    country: str  # the participant's canonical name
    values: dict[str, Any] = field(default_factory=dict)
    #: What the import leaves out on purpose, and why (e.g. an empty column a ministry added).
    ignored: list[str] = field(default_factory=list)
    #: Text found where no answer takes it (a filled column a table does not have), by ``sheet!cell``: not imported.
    unplaced: list[str] = field(default_factory=list)
    #: Where each key's answer was read: ``Reply!D20``, or a table's sheet.
    cells: dict[str, str] = field(default_factory=dict)
    #: Notes (Excel comments) on the cells of a question's row or table sheet: (key, note), to import as notes.
    notes: list[tuple[str, CellNote]] = field(default_factory=list)


class _Problems:
    def __init__(self, path: Path):
        self.path = path
        self.items: list[Problem] = []

    def add(self, message: str, sheet: str = "", cell: str = "", about: str = "") -> None:
        self.items.append(Problem(message, sheet, cell, about))
        if len(self.items) >= MAX_PROBLEMS:
            self.items.append(Problem(f"(stopped after {MAX_PROBLEMS} problems)"))
            raise RefusedWorkbook(self.path, self.items)

    def refuse(self, message: str, sheet: str = "", cell: str = "") -> RefusedWorkbook:
        self.items.append(Problem(message, sheet, cell))
        return RefusedWorkbook(self.path, self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise RefusedWorkbook(self.path, self.items)


def read_return(path: Path, registry: Registry, limits: Limits | None = None) -> ParsedReturn:
    """The checked contents of one return workbook, or RefusedWorkbook naming every problem found."""
    path = Path(path)
    problems = _Problems(path)
    try:
        check_container(path, limits)
    except UnsafeWorkbook as exc:
        raise problems.refuse(str(exc)) from None
    workbook = _open(path, problems)
    try:
        return _read(workbook, path, registry, problems)
    finally:
        workbook.close()


def _open(path: Path, problems: _Problems) -> Workbook:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = _FaithfulReader(str(path), read_only=True, keep_vba=False, data_only=False, keep_links=False)
            reader.read()
            return reader.wb
    except Exception as exc:  # noqa: BLE001 - any parser failure means a malformed file, never a traceback
        raise problems.refuse(f"it is not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from None


class _FaithfulReader(ExcelReader):
    """openpyxl's reader, but shared strings come back raw (openpyxl drops every "x005F_")."""

    def read_strings(self) -> None:
        part = self.package.find(SHARED_STRINGS)
        if part is not None:
            with self.archive.open(part.PartName[1:]) as source:
                self.shared_strings = shared_strings(source)


_SI, _T, _R = (f"{{{SHEET_MAIN_NS}}}{tag}" for tag in ("si", "t", "r"))


def shared_strings(source: IO[bytes]) -> list[str]:
    """The shared-string table's texts exactly as written (``_xHHHH_`` escapes left for ``cell_text``)."""
    strings: list[str] = []
    for _event, node in iterparse(source):
        if node.tag != _SI:
            continue
        parts = []
        for child in node:
            if child.tag == _T:
                parts.append(child.text or "")
            elif child.tag == _R:
                parts.extend(t.text or "" for t in child if t.tag == _T)
        strings.append("".join(parts))
        node.clear()
    return strings


def _read(workbook: Workbook, path: Path, registry: Registry, problems: _Problems) -> ParsedReturn:
    if META_SHEET not in workbook.sheetnames:
        raise problems.refuse("it is not a return workbook exported by Reply Desk (it has no _meta sheet)")
    try:
        meta = _meta(workbook)
    except MetaError as exc:
        raise problems.refuse(str(exc), META_SHEET) from None
    form = registry.forms.get(meta.form_id)
    if form is None:
        known = ", ".join(sorted(registry.forms)) or "none"
        raise problems.refuse(f"it is for the form {meta.form_id!r}, which this Reply Desk does not have "
                              f"(known: {known})", META_SHEET)
    current_hash = definition_hash(form)
    title = form.resolved(meta.year).title
    if (meta.form_version, meta.definition_hash) != (form.version, current_hash):
        raise problems.refuse(
            f"it was exported for {title}, version {meta.form_version} (definition {meta.definition_hash[:12]}); "
            f"this Reply Desk has version {form.version} (definition {current_hash[:12]}). Export a new "
            "workbook from the current form", META_SHEET)
    participant = form.participant(meta.country)
    if participant is None:
        raise problems.refuse(f"{meta.country!r} is not a {form.participants_label.lower()} of {title}", META_SHEET)
    form = for_party(form, participant.name, RecommendationSet.from_json(meta.recommendations)
                     if meta.recommendations else None)  # the reply's own recommendations, as exported
    try:
        expected = [slot.key for slot in part_slots(form, meta.part)]
    except UnknownPart as exc:
        raise problems.refuse(str(exc), META_SHEET) from None
    if list(meta.keys) != expected:
        raise problems.refuse("its key list does not match the form's" + (f" part {' '.join(meta.part)}"
                                                                          if meta.part else ""), META_SHEET)
    if REPLY_SHEET not in workbook.sheetnames:
        raise problems.refuse("it has no 'Reply' sheet")
    resolved_form = resolved(form, meta.year)
    key_rows: dict[int, str] = {}
    formats: dict[str, str] = {}
    names = question_trails(resolved_form)  # each cell's question as people know it, for the messages
    cells = _reply_cells(workbook, expected, problems, key_rows, formats, names)
    emphasis = rich.emphasised_cells(path, REPLY_SHEET)  # bold and italics (the cells above hold their text)
    parsed = ParsedReturn(path, meta, form, participant.name)
    values = parsed.values
    for key in expected:
        question = resolved_form.slot(key).question
        if value_type(question).tabular:
            values[key] = _read_table(workbook, meta.tables.get(key, ""), names[key], question, problems, parsed)
            parsed.cells[key] = f"the sheet {sheet_ref(meta.tables.get(key, ''))}"
            continue
        coordinate, raw = cells[key]
        if coordinate in emphasis and isinstance(raw, str) and str(emphasis[coordinate]) == raw:
            raw = emphasis[coordinate]  # (one cell, not a long answer's continued pieces)
        parsed.cells[key] = f"{REPLY_SHEET}!{coordinate}"
        if cell_of(question).number_format == TEXT and isinstance(raw, int | float | dt.date) \
                and not isinstance(raw, bool):
            raw = shown(raw, formats.get(key))  # a text answer is what the cell shows: 50%, 1/2, a date
        try:
            values[key] = from_cell(question, raw)
        except ValueProblem as exc:
            problems.add(str(exc), REPLY_SHEET, coordinate, f"{names[key]}, {value_type(question).spoken}")
    problems.raise_if_any()
    written = {key: written_texts(resolved_form.slot(key)) for key in expected}
    beyond = look_beyond(path, workbook, key_rows, {sheet: key for key, sheet in meta.tables.items()}, written,
                         names)
    parsed.notes, parsed.unplaced, parsed.ignored = (beyond.notes, parsed.unplaced + beyond.unplaced,
                                                     parsed.ignored + beyond.ignored)
    return parsed


def _meta(workbook: Workbook) -> Meta:
    sheet = workbook[META_SHEET]
    sheet.reset_dimensions()
    rows = [tuple(_text(value) for value in row) for row in sheet.iter_rows(max_col=3, values_only=True)]
    return meta_from_rows(rows)


def _text(value: Any) -> Any:
    return cell_text.decode(value) if isinstance(value, str) else value


def _rows(sheet: Any, max_col: int) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, cells) for every row, padded to ``max_col`` cells, whatever the file's dimension says."""
    sheet.reset_dimensions()
    for number, row in enumerate(sheet.iter_rows(max_col=max_col), 1):
        yield number, tuple(row) + (None,) * (max_col - len(row))


def _cell_value(cell: Any, sheet: str, coordinate: str, problems: _Problems, about: str = "") -> Any:
    if cell is None:
        return None
    value = cell.value
    if cell.data_type == "f":
        problems.add(f"the cell holds a formula ({str(value)[:40]}); answers are plain text — type a leading "
                     "apostrophe (') to keep text that starts with =", sheet, coordinate, about)
        return None
    return _text(value)


def _reply_cells(workbook: Workbook, expected: list[str], problems: _Problems, key_rows: dict[int, str],
                 formats: dict[str, str], names: dict[str, str]) -> dict[str, tuple[str, Any]]:
    """Answer cell (coordinate, value) per key, with continuation rows joined back into one text.

    ``key_rows`` gets each question's rows (continuations too), ``formats`` each answer cell's number format;
    ``names``: each question as people know it, by key, for the messages.
    """
    sheet = workbook[REPLY_SHEET]
    wanted = set(expected)
    found: dict[str, tuple[str, Any]] = {}
    first_row: dict[str, int] = {}
    pieces: dict[str, list[Any]] = {}
    header_row = 0
    last_key = ""
    for number, row in _rows(sheet, len(HEADERS)):
        texts = [_text(c.value) if c is not None else None for c in row]
        if not header_row:
            if tuple(str(t).strip() if t is not None else "" for t in texts) == HEADERS:
                header_row = number
            elif number > _HEADER_SEARCH_ROWS:
                break
            continue
        key_text = "" if texts[0] is None else str(texts[0]).strip()
        answer = _cell_value(row[3], REPLY_SHEET, f"D{number}", problems, names.get(key_text, ""))
        if not key_text:
            if answer not in (None, ""):
                problems.add("an answer on a row without a key; type answers on the rows of their questions",
                             REPLY_SHEET, f"D{number}")
            continue
        continued = parse_continued(key_text)
        if continued:
            key, piece, total = continued
            if key != last_key or piece != len(pieces.get(key, [])) + 1:
                problems.add(f"a continuation row out of place (expected it right after {key}'s rows)",
                             REPLY_SHEET, f"A{number}")
                continue
            pieces[key].append(answer)
            key_rows[number] = key
            continue
        key = key_text
        if key not in wanted:
            hint = suggest(key, expected)
            problems.add(f"unknown key {key!r}; this return's keys are the form's.{hint}", REPLY_SHEET, f"A{number}")
            last_key = ""
            continue
        if key in found:
            problems.add(f"the key {key!r} appears twice (first on row {first_row[key]})", REPLY_SHEET, f"A{number}")
            last_key = ""
            continue
        found[key] = (f"D{number}", answer)
        key_rows[number] = key
        formats[key] = getattr(row[3], "number_format", None) or "General"
        first_row[key] = number
        pieces[key] = [answer]
        last_key = key
    if not header_row:
        raise problems.refuse("the header row Key | Section | Question | Answer | Status is missing", REPLY_SHEET)
    missing = [key for key in expected if key not in found]
    if missing:
        shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
        problems.add(f"keys missing: {shown}; every question of the exported part must keep its row", REPLY_SHEET)
    problems.raise_if_any()
    _check_key_order(expected, first_row, problems)
    for key, parts in pieces.items():
        if len(parts) > 1:
            found[key] = (found[key][0], "".join("" if p is None else str(p) for p in parts))
    return found


def _check_key_order(expected: list[str], first_row: dict[str, int], problems: _Problems) -> None:
    """The Key column must list the return's keys in the order ``_meta`` records (and its checksum covers).

    Unknown, duplicate and missing keys are refused before this; what is left is a permutation, such as
    two Key cells swapped, which would quietly put each answer under the other question.
    """
    in_sheet = sorted(first_row, key=first_row.__getitem__)
    for key, exported in zip(in_sheet, expected, strict=True):
        if key != exported:
            problems.add(f"the Key cell says {key!r} where the return was exported with {exported!r} (the keys and "
                         "their order are part of the return's checksum); a changed key would put this answer under "
                         "another question. Put the Key cells back as exported, or export a new return",
                         REPLY_SHEET, f"A{first_row[key]}")
    problems.raise_if_any()


def _read_table(workbook: Workbook, sheet_name: str, name: str, question: Question, problems: _Problems,
                found: ParsedReturn) -> Any:
    """A table question's sheet, read by its header labels (row TABLE_HEADER_ROW), never by position.

    Known columns may be in any order. A column whose header is none of the table's (a "Comments"
    column a ministry inserted or appended) is not imported: its filled cells are listed in
    ``found.unplaced`` by ``sheet!cell``, an empty one in ``found.ignored``. A known column missing from
    the header is refused, since reading on would clear its cells. ``name``: the question as people know it,
    for the messages, which name a cell by its table's row and column headings besides its ``sheet!cell``.
    """
    if not sheet_name or sheet_name not in workbook.sheetnames:
        problems.add(f"the sheet {sheet_name!r} of the table {name} is missing")
        return None
    sheet = workbook[sheet_name]
    ref = sheet_ref(sheet_name)
    fixed = {row.value for row in question.rows}
    targets: list[str | Column] = [*([ROW_KEY_HEADER, ROW_LABEL_HEADER] if fixed else []), *question.columns]
    mapped: dict[int, str | Column] = {}  # column index (0-based) -> a lead header or a column
    unknown: dict[int, str] = {}  # column index -> the header label the table does not have
    rows: list[dict[str, Any]] = []
    stray: dict[int, list[str]] = {}
    sheet.reset_dimensions()
    for number, row in enumerate(sheet.iter_rows(), 1):
        if number < TABLE_HEADER_ROW:
            continue
        if number == TABLE_HEADER_ROW:
            if not _table_header(row, name, ref, number, targets, mapped, unknown, problems, sheet_name):
                return None
            continue
        data: dict[str, Any] = {}
        row_key = ""
        for index, cell in enumerate(row):
            target = mapped.get(index)
            coordinate = f"{get_column_letter(index + 1)}{number}"
            if target is None:
                text = _stray_text(cell)
                if text:
                    stray.setdefault(index, []).append(f"{ref}!{coordinate}: {_quote(text)}")
                continue
            if target == ROW_LABEL_HEADER:
                continue
            about = (f"{name}, {_row_heading(question, row_key, number)}, column {target.label!r}"
                     if isinstance(target, Column) else name)
            raw = _cell_value(cell, sheet_name, coordinate, problems, about)
            if target == ROW_KEY_HEADER:
                row_key = "" if raw is None else str(raw).strip()
                continue
            assert isinstance(target, Column)
            try:
                value = from_cell(target, raw)
            except ValueProblem as exc:
                problems.add(str(exc), sheet_name, coordinate, about)
                continue
            if value is not None:
                data[target.key] = value
        if fixed:
            if row_key not in fixed:
                if data or row_key:
                    problems.add(f"{row_key!r} is not one of the table's rows", sheet_name,
                                 f"{get_column_letter(_index_of(mapped, ROW_KEY_HEADER) + 1)}{number}", name)
                continue
            data = {"row": row_key, **data} if data else {}
        if data:
            rows.append(data)
    if not mapped:
        problems.add(f"the column header row of the table {name} is missing (row {TABLE_HEADER_ROW})", sheet_name)
        return None
    for index in sorted(set(unknown) | set(stray)):
        letter = get_column_letter(index + 1)
        column = (f"the column {unknown[index]!r} ({ref}!{letter}{TABLE_HEADER_ROW})" if index in unknown
                  else f"column {letter}, which has no header,")
        cells = stray.get(index, [])
        if cells:
            found.unplaced.extend(f"{item} in the table {name}, {column} is not one of its columns: not imported"
                                  for item in cells)
        else:
            found.ignored.append(f"{column[0].upper()}{column[1:]} in the table {name} is not one of its columns "
                                 "and is empty: nothing to import")
    try:
        return validate(question, rows)
    except ValueProblem as exc:
        problems.add(str(exc), sheet_name, about=name)
        return None


def _table_header(row: tuple[Any, ...], name: str, ref: str, number: int, targets: list[str | Column],
                  mapped: dict[int, str | Column], unknown: dict[int, str], problems: _Problems,
                  sheet_name: str) -> bool:
    """Map each header cell to its column by label (ignoring case and outer spaces; two columns with one label
    in their order); False, with the problem added, when a column is missing or a label repeated."""
    waiting: dict[str, list[str | Column]] = {}
    for target in targets:
        waiting.setdefault(_label(target).casefold(), []).append(target)
    first: dict[str, int] = {}
    for index, cell in enumerate(row):
        label = _stray_text(cell).strip()
        if not label:
            continue
        folded = label.casefold()
        if folded not in waiting:
            unknown[index] = label
            continue
        if not waiting[folded]:
            problems.add(f"the column {label!r} of the table {name} appears twice (first in column "
                         f"{get_column_letter(first[folded] + 1)})", sheet_name,
                         f"{get_column_letter(index + 1)}{number}")
            return False
        first.setdefault(folded, index)
        mapped[index] = waiting[folded].pop(0)
    missing = [target for queue in waiting.values() for target in queue if target != ROW_LABEL_HEADER]
    if missing:
        names = ", ".join(repr(_label(target)) for target in missing)
        extra = "; the header has instead " + ", ".join(
            f"{label!r} ({ref}!{get_column_letter(index + 1)}{number})" for index, label in unknown.items()) \
            if unknown else ""
        problems.add(f"the column header of the table {name} lacks {names}{extra}. Columns are read by their header "
                     "labels: put the header back as exported (reading on would clear that column's cells)",
                     sheet_name, f"A{number}")
        return False
    return True


def _row_heading(question: Question, row_key: str, number: int) -> str:
    """A table row as its sheet heads it: a fixed row by its label ("row 'Hotline'"), else by its place ("row 2")."""
    label = next((row.label for row in question.rows if row.value == row_key), "")
    return f"row {label!r}" if label else f"row {number - TABLE_HEADER_ROW}"


def _label(target: str | Column) -> str:
    return target if isinstance(target, str) else target.label.strip()


def _index_of(mapped: dict[int, str | Column], target: str) -> int:
    return next((index for index, value in mapped.items() if value == target), 0)


def _stray_text(cell: Any) -> str:
    """A cell's content as text, whatever it holds (a formula as its text), for reporting it."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    return cell_text.as_seen(_text(value)) if isinstance(value, str) else str(value)


def _quote(text: str, limit: int = 80) -> str:
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return repr(shown)
