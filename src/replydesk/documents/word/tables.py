"""A table question's answer read from the Word tables of its region, whole.

A reviewer may split a table (*Split Table*), type a remark in the gap, repeat the header on the second
part or merge cells down a column. The region's tables are read as one: the first table's header row
names the columns, a later table that starts with the same header row repeats it, and every other row,
in whichever table, is a row of the answer; a cell a vertical merge continues takes the merge's value.
Text between or under the tables is no row: it is listed for the report, never dropped.
"""

from __future__ import annotations

from typing import Any

from replydesk.definitions.model import Column, Question
from replydesk.definitions.values import ValueProblem, validate
from replydesk.documents.word.import_report import quote as _quote
from replydesk.documents.word.reader import BodyBlock, DocumentReader, Paragraph, Table, markdown_of, to_blocks
from replydesk.documents.word.values import read_scalar, word_value


def table_value(question: Question, blocks: list[BodyBlock], reader: DocumentReader, unread: list[str], name: str,
                placed: list[str] | None = None) -> Any:
    """Rows of the region's Word tables: the header row names the columns, fixed rows are found by their label.

    Columns are found by their header label only: a column the question does not have (added,
    or its header retyped) is never read as another by its position; what it holds is listed, as is
    text typed between or under the tables. ``placed`` gets a line for each vertical merge read.
    """
    tables = [b for b in blocks if isinstance(b, Table) and b.rows]
    loose = [b.text.strip() for b in blocks if isinstance(b, Paragraph) and b.text.strip()]
    if loose:
        unread.append(f"{name}: text beside its table{'s' if len(tables) > 1 else ''} is not part of a table row; "
                      f"it was not read: {' / '.join(_quote(t, None) for t in loose)}")
    if not tables:
        return None
    fixed = question.rows
    lead = 1 if fixed else 0
    header = tables[0].cell_texts()[0]
    columns = _columns(question, header[lead:])
    body: list[tuple[list[str], list[list[Paragraph]]]] = []
    for number, table in enumerate(tables):
        texts = table.cell_texts()
        start = 1 if number == 0 or _same_header(texts[0], header) else 0
        body += list(zip(texts[start:], table.rows[start:], strict=True))
        if table.merged and placed is not None:
            placed.append(f"{name}: {len(table.merged)} table cell(s) merged down a column were read with the value "
                          "of the merged cell in each row it spans")
        if number == 1 and placed is not None:
            placed.append(f"{name}: its table was split in {len(tables)} parts; the rows of every part were read")
    for index, (label, column) in enumerate(zip(header[lead:], columns, strict=True)):
        if column is not None:
            continue
        filled = [row[index + lead] for row, _ in body if len(row) > index + lead and row[index + lead]]
        what = f"holding {', '.join(_quote(c, None) for c in filled)}" if filled else "empty"
        unread.append(f"{name}: the table column {label!r} is not a column of this question "
                      f"({', '.join(c.label for c in question.columns)}); it was not read ({what})")
    beyond = [cell for row, _ in body for cell in row[len(header):] if cell]
    if beyond:
        unread.append(f"{name}: table cells beyond its header's columns were not read: "
                      f"{', '.join(_quote(c, None) for c in beyond)}")
    rows = []
    for cells, paragraphs in body:
        row: dict[str, Any] = {}
        if fixed:
            label = cells[0] if cells else ""
            choice = next((r for r in fixed if r.label.casefold() == label.casefold() or r.value == label), None)
            if choice is None:
                raise ValueProblem(f"the table row {label!r} is not one of the form's rows")
            row["row"] = choice.value
            cells, paragraphs = cells[1:], paragraphs[1:]
        for column, text, cell in zip(columns, cells, paragraphs, strict=False):
            if column is None or not text:
                continue
            entry = word_value(column)
            if entry.body == "markdown":
                row[column.key] = markdown_of(to_blocks(cell, reader))
            else:  # a one-line answer typed over two paragraphs of its cell reads as one line
                row[column.key] = read_scalar(column, " ".join(text.split()) if entry.one_line else text)
        if any(k != "row" and v is not None for k, v in row.items()):
            rows.append(row)
    return validate(question, rows)


def _columns(question: Question, labels: list[str]) -> list[Column | None]:
    """The question's column under each header label (None for a label it does not have, or repeated)."""
    columns: list[Column | None] = []
    for label in labels:
        column = next((c for c in question.columns if _fold(c.label).casefold() == _fold(label).casefold()), None)
        columns.append(None if column is not None and column in columns else column)
    return columns


def _same_header(row: list[str], header: list[str]) -> bool:
    return [_fold(c).casefold() for c in row] == [_fold(c).casefold() for c in header]


def _fold(text: str) -> str:
    return " ".join(text.split())
