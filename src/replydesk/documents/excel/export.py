"""The return workbook: one reply (or part of it, or its blank template) as an .xlsx file.

Sheet ``Reply`` comes first: a header block, then one row per answer slot in form order
under the header ``Key | Section | Question | Answer | Status``.  Only answer cells are
unlocked; every sheet is protected without a password so keys are not changed by
accident.  Choice questions get a drop-down fed from the hidden ``_lists`` sheet, table
questions a sheet of their own named after the key, and the veryHidden ``_meta`` sheet
records what the import needs to check and merge the file (``format``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from replydesk import __version__
from replydesk.definitions.model import Column, Form, Question, QuestionType, Slot
from replydesk.definitions.registry import suggest
from replydesk.definitions.types import value_type
from replydesk.documents.common.atomic import ExportError, write_atomically
from replydesk.documents.excel import cell_text, cells, rich, style
from replydesk.documents.excel.format import (
    HEADERS,
    LISTS_SHEET,
    META_SHEET,
    REPLY_SHEET,
    ROW_KEY_HEADER,
    ROW_LABEL_HEADER,
    TABLE_HEADER_ROW,
    Meta,
    SheetNames,
    continued_key,
)
from replydesk.documents.excel.labels import definition_hash, group_heading, prompt_text, resolved, section_text
from replydesk.store import Store, decode

WIDTHS = {"Key": 22, "Section": 30, "Question": 50, "Answer": 90, "Status": 12}
#: Empty rows offered below the answered ones in a table without fixed rows.
TABLE_SPARE_ROWS = 20
INSTRUCTIONS = (
    "Type answers in the yellow Answer cells only; keep the Key column as it is. "
    "Lists: start a line with \"• \" (bullet) or \"1) \" (numbered). Answers too long for one cell "
    "continue on rows marked (continued). Table questions have their own sheets."
)
_REVIEW_LABELS = {"draft": "draft", "for_review": "for review", "cleared": "cleared"}


class UnknownPart(ValueError):
    """An ``--only`` group key the form does not have."""


@dataclass(frozen=True)
class ReturnSource:
    """Everything a return workbook shows about one reply."""

    form: Form  # as registered; the workbook shows it resolved for ``year``
    country: str
    year: int
    reply_id: int | None = None
    reply_created: str = ""
    reply_uuid: str = ""
    reply_status: str = "drafting"
    values: Mapping[str, Any] = field(default_factory=dict)
    revisions: Mapping[str, int] = field(default_factory=dict)
    review: Mapping[str, str] = field(default_factory=dict)
    #: The reply's own recommendation set as recorded (``store.recommendation_set``), "" when none is.
    recommendations: str = ""


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    slots: int
    answered: int
    sheets: list[str]


def timestamp(moment: dt.datetime) -> str:
    """A moment as UTC ISO text, whether SQLite handed it back naive or aware."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="microseconds")


def source_from_store(store: Store, reply_id: int, form: Form) -> ReturnSource:
    reply = store.reply(reply_id)
    answers = store.answers(reply_id)
    return ReturnSource(
        form=form, country=reply.country, year=reply.year, reply_id=reply.id,
        reply_created=timestamp(reply.created_at), reply_uuid=reply.uuid, reply_status=reply.status,
        values={key: decode(row.value) for key, row in answers.items()},
        revisions={key: row.revision for key, row in answers.items()},
        review={key: row.review_status for key, row in answers.items() if row.value is not None},
        recommendations=store.recommendation_set(reply_id) or "",
    )


def part_slots(form: Form, only: Sequence[str] = ()) -> list[Slot]:
    """The slots of the groups in ``only`` (all slots if empty), in form order."""
    if not only:
        return list(form.slots)
    for group_key in only:
        try:
            form.group(group_key)
        except KeyError:
            groups = form.group_keys()
            raise UnknownPart(f"{form.id} has no group {group_key!r}.{suggest(group_key, groups)} "
                              f"Groups: {', '.join(groups)}") from None
    prefixes = tuple(f"{key}." for key in only)
    return [slot for slot in form.slots if slot.key.startswith(prefixes)]


def export_return(source: ReturnSource, target: Path, *, only: Sequence[str] = (), blank: bool = False,
                  now: dt.datetime | None = None) -> ExportSummary:
    """Write the return workbook atomically; ExportError or UnknownPart say why not."""
    workbook, summary = build_workbook(source, only=only, blank=blank, now=now)

    def save(path: Path) -> None:
        workbook.save(path)

    write_atomically(Path(target), save)
    return ExportSummary(Path(target), summary.slots, summary.answered, summary.sheets)


def build_workbook(source: ReturnSource, *, only: Sequence[str] = (), blank: bool = False,
                   now: dt.datetime | None = None) -> tuple[Workbook, ExportSummary]:
    form = resolved(source.form, source.year)
    slots = part_slots(form, only)
    values = {} if blank else dict(source.values)
    exported_at = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)

    workbook = Workbook()
    style.register(workbook)
    reply_sheet = workbook.active
    assert reply_sheet is not None
    reply_sheet.title = REPLY_SHEET
    names = SheetNames([REPLY_SHEET, META_SHEET, LISTS_SHEET])
    tables = {slot.key: names.take(slot.key) for slot in slots if value_type(slot.question).tabular}
    lists = _Lists(workbook)
    writer = _ReplySheet(reply_sheet, lists)
    writer.header(form, source, only, blank, exported_at)
    for slot in slots:
        writer.slot(slot, values.get(slot.key), None if blank else source.review.get(slot.key), tables)
    writer.finish()
    for key, sheet_name in tables.items():
        _table_sheet(workbook.create_sheet(sheet_name), form.slot(key), values.get(key), lists)
    lists.finish()

    meta = Meta(
        form_id=form.id, form_version=form.version, definition_hash=definition_hash(source.form),
        country=source.country, year=source.year, reply_id=source.reply_id, reply_created=source.reply_created,
        reply_uuid=source.reply_uuid,
        exported_at=exported_at.isoformat(timespec="seconds"), app_version=__version__, part=tuple(only),
        blank=blank, keys=tuple(slot.key for slot in slots),
        revisions={slot.key: source.revisions.get(slot.key, 0) for slot in slots}, tables=tables,
        recommendations=source.recommendations,
    )
    _meta_sheet(workbook.create_sheet(META_SHEET), meta)
    workbook.security = WorkbookProtection(lockStructure=True)
    workbook.properties.title = f"{form.title} – {source.country}"
    workbook.properties.creator = f"Reply Desk {__version__}"
    answered = sum(1 for slot in slots if values.get(slot.key) is not None)
    return workbook, ExportSummary(Path(), len(slots), answered, workbook.sheetnames)


class _Lists:
    """The hidden sheet of drop-down choices: one column per distinct list, shared by its cells."""

    def __init__(self, workbook: Workbook):
        self.workbook = workbook
        self.sheet: Worksheet | None = None
        self.columns: dict[tuple[str, ...], str] = {}

    def range_for(self, labels: list[str]) -> str:
        key = tuple(labels)
        if key not in self.columns:
            if self.sheet is None:
                self.sheet = self.workbook.create_sheet(LISTS_SHEET)
                self.sheet.sheet_state = "hidden"
            column = len(self.columns) + 1
            for row, label in enumerate(labels, 1):
                style.put(self.sheet, row, column, label)
            letter = get_column_letter(column)
            self.columns[key] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$1:${letter}${len(labels)}"
        return self.columns[key]

    def validation(self, question: Question | Column) -> DataValidation | None:
        """A fresh data validation for this question's cells (the caller adds cells and attaches it)."""
        return cells.validation(question, self.range_for)

    def finish(self) -> None:
        if self.sheet is not None:
            style.protect(self.sheet)


class _ReplySheet:
    """Writes the ``Reply`` sheet row by row."""

    def __init__(self, sheet: Worksheet, lists: _Lists):
        self.sheet = sheet
        self.lists = lists
        self.row = 0
        self.header_row = 0
        self.validations: dict[tuple[str, ...], DataValidation] = {}
        self.previous_group: tuple[str, ...] = ()

    def header(self, form: Form, source: ReturnSource, only: Sequence[str], blank: bool,
               exported_at: dt.datetime) -> None:
        sheet = self.sheet
        style.put(sheet, 1, 1, form.title, style.TITLE)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
        sheet.row_dimensions[1].height = 24
        part = ", ".join(f"{key} ({_group_title(form, key)})" for key in only) if only else "the whole form"
        status = source.reply_status.replace("_", " ") + (" – blank template" if blank else "")
        rows = [
            (form.participants_label, source.country), ("Year", str(source.year)), ("Reply status", status),
            ("Exported", f"{exported_at:%Y-%m-%d %H:%M} UTC by Reply Desk {__version__}"), ("Part", part),
        ]
        for offset, (label, value) in enumerate(rows, 2):
            style.put(sheet, offset, 1, label, style.LABEL)
            style.put(sheet, offset, 2, value, style.VALUE)
            sheet.merge_cells(start_row=offset, start_column=2, end_row=offset, end_column=len(HEADERS))
        note_row = 2 + len(rows)
        style.put(sheet, note_row, 1, INSTRUCTIONS, style.NOTE)
        sheet.merge_cells(start_row=note_row, start_column=1, end_row=note_row, end_column=len(HEADERS))
        sheet.row_dimensions[note_row].height = 32
        self.header_row = note_row + 2
        for column, title in enumerate(HEADERS, 1):
            style.put(sheet, self.header_row, column, title, style.HEADER)
            sheet.column_dimensions[get_column_letter(column)].width = WIDTHS[title]
        self.row = self.header_row

    def slot(self, slot: Slot, value: Any, review: str | None, tables: dict[str, str]) -> None:
        question = slot.question
        section = section_text(slot)
        group_path = tuple(g.key for g in slot.path)
        if group_path != self.previous_group and slot.path[-1].text:
            section = f"{section}\n{slot.path[-1].text}"
        self.previous_group = group_path
        prompt = prompt_text(question)
        status = _status(question, value, review)
        self.row += 1
        row = self.row
        sheet = self.sheet
        style.put(sheet, row, 1, slot.key, style.TEXT)
        style.put(sheet, row, 2, section, style.TEXT)
        style.put(sheet, row, 3, prompt, style.TEXT)
        style.put(sheet, row, 5, status, style.TEXT)
        if value_type(question).tabular:
            count = len(value or [])
            cell = style.put(sheet, row, 4, f"See the sheet '{tables[slot.key]}' ({count} rows)", style.LINK)
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"{quote_sheetname(tables[slot.key])}!A1")
            style.fit_row(sheet, row, [(slot.key, WIDTHS["Key"]), (section, WIDTHS["Section"]),
                                       (prompt, WIDTHS["Question"])])
            return
        shown = cells.write(question, value)
        pieces: list[Any] = cell_text.split(shown) if isinstance(shown, str) else [shown]
        emphasis = rich.to_rich(value) if question.type is QuestionType.LONG_TEXT and len(pieces) == 1 \
            and isinstance(value, str) else None  # bold and italics as Excel shows them, not "**"
        _number_format(style.put(sheet, row, 4, emphasis or pieces[0], style.ANSWER), question)
        self._validate(question, row)
        first_text = pieces[0] if isinstance(pieces[0], str) else ""
        style.fit_row(sheet, row, [(slot.key, WIDTHS["Key"]), (section, WIDTHS["Section"]),
                                   (prompt, WIDTHS["Question"]), (first_text, WIDTHS["Answer"])],
                      minimum=cells.cell_of(question).lines)
        for number, piece in enumerate(pieces[1:], 2):
            self.row += 1
            style.put(sheet, self.row, 1, continued_key(slot.key, number, len(pieces)), style.TEXT)
            style.put(sheet, self.row, 2, "", style.TEXT)
            style.put(sheet, self.row, 3, "(continued)", style.TEXT)
            _number_format(style.put(sheet, self.row, 4, piece, style.ANSWER), question)
            style.put(sheet, self.row, 5, "", style.TEXT)
            style.fit_row(sheet, self.row, [(piece, WIDTHS["Answer"])])

    def _validate(self, question: Question, row: int) -> None:
        labels = tuple(cells.drop_down(question))
        if not labels:
            validation = self.lists.validation(question)  # its own prompt or bounds
            if validation is not None:
                validation.add(f"D{row}")
                self.sheet.add_data_validation(validation)
            return
        shared = self.validations.get(labels)
        if shared is None:
            created = self.lists.validation(question)
            if created is None:
                return
            shared = self.validations[labels] = created
            self.sheet.add_data_validation(shared)
        shared.add(f"D{row}")

    def finish(self) -> None:
        sheet = self.sheet
        sheet.freeze_panes = sheet.cell(row=self.header_row + 1, column=1)
        style.print_setup(sheet, self.header_row)
        style.protect(sheet)


def _group_title(form: Form, key: str) -> str:
    return group_heading(form.group(key))


def written_texts(slot: Slot) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """What the export may have written in a question's Section, Question and Status cells (its first row or a
    long answer's continued rows): the reader reports any other text there, never ignores it."""
    section = section_text(slot)
    sections = {section, f"{section}\n{slot.path[-1].text}" if slot.path[-1].text else section, ""}
    statuses = {"", "required", *_REVIEW_LABELS.values()}
    return frozenset(sections), frozenset({prompt_text(slot.question), "(continued)"}), frozenset(statuses)


def _status(question: Question, value: Any, review: str | None) -> str:
    if value is None:
        return "required" if question.required else ""
    return _REVIEW_LABELS.get(review or "draft", review or "")


def _table_sheet(sheet: Worksheet, slot: Slot, value: Any, lists: _Lists) -> None:
    """A table question: a title, the column header on TABLE_HEADER_ROW, one row per table row."""
    question = slot.question
    fixed = question.rows
    lead = [ROW_KEY_HEADER, ROW_LABEL_HEADER] if fixed else []
    headers = lead + [column.label for column in question.columns]
    style.put(sheet, 1, 1, f"{slot.key} – {prompt_text(question)}", style.LABEL)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(len(headers), 2))
    style.put(sheet, 2, 1, section_text(slot), style.NOTE)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=max(len(headers), 2))
    widths = ([10, 50] if fixed else []) + [_column_width(column) for column in question.columns]
    for column, title in enumerate(headers, 1):
        style.put(sheet, TABLE_HEADER_ROW, column, title, style.HEADER)
    style.fit_row(sheet, TABLE_HEADER_ROW, list(zip(headers, widths, strict=True)))
    rows: list[dict[str, Any]] = list(value or [])
    if fixed:
        by_row = {row.get("row"): row for row in rows}
        rows = [by_row.get(choice.value, {"row": choice.value}) for choice in fixed]
    else:
        rows = rows + [{}] * max(TABLE_SPARE_ROWS, len(rows) // 2)
    first = TABLE_HEADER_ROW + 1
    for offset, data in enumerate(rows):
        row = first + offset
        texts: list[tuple[str, float]] = []
        if fixed:
            style.put(sheet, row, 1, data["row"], style.TEXT)
            style.put(sheet, row, 2, fixed[offset].label, style.TEXT)
            texts.append((fixed[offset].label, widths[1]))
        for index, column in enumerate(question.columns, len(lead) + 1):
            shown = cells.write(column, data.get(column.key))
            if isinstance(shown, str):
                texts.append((shown, widths[index - 1]))
            if isinstance(shown, str) and cell_text.cell_length(cell_text.encode(shown)) > cell_text.CELL_LIMIT:
                raise ExportError(f"{slot.key}: a table cell in column {column.key!r} is longer than Excel's "
                                  f"{cell_text.CELL_LIMIT:,} characters; shorten it to export")
            _number_format(style.put(sheet, row, index, shown, style.ANSWER), column)
        style.fit_row(sheet, row, texts)
    last = first + len(rows) - 1
    for index, column in enumerate(question.columns, len(lead) + 1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = widths[index - 1]
        validation = lists.validation(column)
        if validation is not None and rows:
            validation.add(f"{letter}{first}:{letter}{max(last, first)}")
            sheet.add_data_validation(validation)
    if fixed:
        sheet.column_dimensions["A"].width = widths[0]
        sheet.column_dimensions["B"].width = widths[1]
    sheet.freeze_panes = sheet.cell(row=first, column=len(lead) + 1)
    style.print_setup(sheet, TABLE_HEADER_ROW)
    style.protect(sheet)
    if not fixed:
        sheet.protection.insertRows = False  # officials may add rows to an open table


def _column_width(column: Column) -> float:
    return cells.cell_of(column).width


def _number_format(cell: Any, question: Question | Column) -> None:
    """The type's own number format: Text on every text answer cell, filled or not (what is typed there stays
    text); another format (a percentage's) on an empty cell and on a value its type writes as a number, so
    what is typed into an empty percentage cell reads back as the cell shows it (``12.5`` typed into a General
    cell is the number 12.5, which a percentage cell would read as 1250 %)."""
    number_format = cells.cell_of(question).number_format
    if number_format == cells.TEXT or (number_format and (cell.value is None or isinstance(cell.value, int | float))):
        cell.number_format = number_format


def _meta_sheet(sheet: Worksheet, meta: Meta) -> None:
    style.put(sheet, 1, 1, "field")
    style.put(sheet, 1, 2, "value")
    row = 1
    for name, text in meta.field_rows():
        row += 1
        style.put(sheet, row, 1, name)
        style.put(sheet, row, 2, text)
    row += 2
    for column, title in enumerate(("key", "revision", "sheet"), 1):
        style.put(sheet, row, column, title)
    for key, revision, sheet_name in meta.key_rows():
        row += 1
        style.put(sheet, row, 1, key)
        sheet.cell(row=row, column=2, value=revision)
        style.put(sheet, row, 3, sheet_name)
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 70
    sheet.sheet_state = "veryHidden"
    style.protect(sheet)
