"""A table question's answer read from the Word tables of its region."""

from __future__ import annotations

from typing import Any

from replydesk.definitions.model import Question
from replydesk.definitions.values import ValueProblem, validate
from replydesk.documents.word.import_report import quote as _quote
from replydesk.documents.word.reader import DocumentReader, Table, markdown_of, to_blocks
from replydesk.documents.word.values import read_scalar, word_value


def table_value(question: Question, tables: list[Table], reader: DocumentReader, unread: list[str], key: str) -> Any:
    """Rows of a Word table: the header row names the columns, fixed rows are found by their label.

    Columns are found by their header label only: a column the question does not have (added,
    or its header retyped) is never read as another by its position; what it holds is listed.
    """
    table = tables[0]
    if not table.rows:
        return None
    texts = table.cell_texts()
    header = texts[0]
    fixed = question.rows
    columns: list[Any] = []
    for label in header[1:] if fixed else header:
        column = next((c for c in question.columns
                       if _fold(c.label).casefold() == _fold(label).casefold()), None)
        if column is not None and column in columns:
            column = None
        columns.append(column)
    for index, (label, column) in enumerate(zip(header[1:] if fixed else header, columns, strict=True)):
        if column is not None:
            continue
        cells = [row[index + (1 if fixed else 0)] for row in texts[1:] if len(row) > index + (1 if fixed else 0)]
        filled = [c for c in cells if c]
        what = f"holding {', '.join(_quote(c, None) for c in filled)}" if filled else "empty"
        unread.append(f"{key}: the table column {label!r} is not a column of this question "
                      f"({', '.join(c.label for c in question.columns)}); it was not read ({what})")
    rows = []
    for cells, paragraphs in zip(texts[1:], table.rows[1:], strict=True):
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
            if word_value(column).body == "markdown":
                row[column.key] = markdown_of(to_blocks(cell, reader))
            else:
                row[column.key] = read_scalar(column, text)
        if any(k != "row" and v is not None for k, v in row.items()):
            rows.append(row)
    return validate(question, rows)




def _fold(text: str) -> str:
    return " ".join(text.split())
