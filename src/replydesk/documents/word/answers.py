"""An answer region read as its question's value, and values put in one form for comparison.

``region_value`` reads the blocks the anchoring walk gave an answer (long text as Markdown, choices,
scalars; tables through ``word.tables``); ``canonical`` puts a stored value through what the export
and the import do to it, so an untouched answer compares equal to what the copy says.
"""

from __future__ import annotations

from typing import Any

from replydesk.definitions.markdown import Block, parse
from replydesk.definitions.model import Question
from replydesk.definitions.values import ValueProblem, is_empty, validate
from replydesk.documents.word.reader import BodyBlock, DocumentReader, Paragraph, Table, markdown_of, to_blocks
from replydesk.documents.word.tables import table_value
from replydesk.documents.word.values import WordValue, read_choices, read_scalar, word_value


def region_value(question: Question, blocks: list[BodyBlock], reader: DocumentReader,
                 unread: list[str] | None = None, name: str = "", placed: list[str] | None = None) -> Any:
    """The answer an edited region says, validated for its question (ValueProblem if it cannot be read).

    ``unread`` collects what was found but not read (a table column the question does not have), each line
    starting with ``name``, the question as the form numbers it.
    """
    entry = word_value(question)
    paragraphs = _paragraphs(blocks, flatten_tables=entry.body != "table")
    if entry.body == "markdown":
        return markdown_of(to_blocks(paragraphs, reader))
    if entry.body == "table":
        tables = [b for b in blocks if isinstance(b, Table)]
        if not tables:
            if any(p.text.strip() for p in paragraphs):
                raise ValueProblem("expected a table; the text found there was not read")
            return None
        return table_value(question, blocks, reader, unread if unread is not None else [], name, placed)
    texts = [p.text.strip() for p in paragraphs if p.text.strip()]
    if entry.body == "bullets":
        return read_choices(question, texts)
    return read_scalar(question, entry.joiner.join(texts))


def _paragraphs(blocks: list[BodyBlock], *, flatten_tables: bool) -> list[Paragraph]:
    out: list[Paragraph] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(block)
        elif flatten_tables:
            out += [p for row in block.rows for cell in row for p in cell]
    return out




def renumber(blocks: list[Block]) -> list[Block]:
    """Numbered items as Word shows the exported list: the first keeps its number, the rest count on.

    A paragraph ends a list; a shallower numbered item restarts the deeper levels.
    """
    out: list[Block] = []
    counts = [0] * 9
    start_level: int | None = None  # the level and number the list's first numbered item gives
    start = 1
    for block in blocks:
        if block.kind == "paragraph":
            counts, start_level = [0] * 9, None
        elif block.kind == "number":
            if start_level is None:
                start_level, start = block.level, block.number or 1
            if counts[block.level] == 0:
                counts[block.level] = (start if block.level == start_level else 1) - 1
            counts[block.level] += 1
            for deeper in range(block.level + 1, 9):
                counts[deeper] = 0
            block = Block("number", block.runs, block.level, counts[block.level])
        out.append(block)
    return out


def canonical(question: Question, value: Any, *, stored: bool = True) -> Any:
    """A value in the form its exported-and-read-back twin takes, for comparison.

    ``stored``: a value from the database, whose Markdown is put through what the export and the
    import do (lists renumbered as Word shows them, runs tidied). A value read from the copy already
    is that (``markdown_of`` escapes the runs' literal text), and is not parsed again.
    """
    if is_empty(value):
        return None

    def text(markdown: str) -> str | None:
        return markdown_of(renumber(parse(markdown))) if stored else markdown

    def cell(entry: WordValue | None, item: Any) -> Any:
        if not isinstance(item, str) or entry is None:
            return item
        if entry.body == "markdown":
            return text(item)
        if entry.one_line:
            return " ".join(item.split())  # one line: Word keeps no spacing at its ends
        return item

    entry = word_value(question)
    if (entry.body == "markdown" or entry.one_line) and isinstance(value, str):
        return cell(entry, value)
    if entry.body == "table" and isinstance(value, list):
        types = {c.key: word_value(c) for c in question.columns}
        value = [{k: cell(types.get(k), v) for k, v in row.items()} if isinstance(row, dict) else row
                 for row in value]
        if question.rows:  # fixed rows are printed, and read back, in the form's order
            order = {r.value: i for i, r in enumerate(question.rows)}
            value = sorted(value, key=lambda row: order.get(row.get("row"), len(order)) if isinstance(row, dict)
                           else len(order))
    try:
        return validate(question, value)
    except ValueProblem:
        return value

