"""Adding an export's content to the document: structure, prompts and answers of every type.

One ``Composer`` serves the final return and the review copy; in a review copy it
also writes what the import needs (markers, status lines, placeholders for empty
answers) and turns reviewer notes into Word comments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Twips
from docx.table import Table
from docx.text.paragraph import Paragraph

from replydesk.definitions.markdown import Block, Run
from replydesk.definitions.model import Group, Question, Slot
from replydesk.definitions.recommendations import addressee_text
from replydesk.definitions.values import is_empty
from replydesk.documents.word.markdown import MarkdownWriter
from replydesk.documents.word.reference import TEXT_WIDTH
from replydesk.documents.word.review import (
    ANSWER_PREFIX,
    STATUS_PREFIX,
    STRUCTURE_PREFIX,
    bookmark_names,
    fingerprint,
    status_line,
)
from replydesk.documents.word.text import Cleaner
from replydesk.documents.word.values import scalar_text, word_value
from replydesk.store.tables import Note

Element = Any  # an lxml element of the document body (w:p or w:tbl)


class Composer:
    """Appends paragraphs and tables to the body of one document."""

    def __init__(self, document: Document, clean: Cleaner, *, review: bool, keys: Sequence[str]):
        self.document = document
        self.clean = clean
        self.review = review
        self.writer = MarkdownWriter(document, clean)
        self.answer_marks = bookmark_names(keys, ANSWER_PREFIX)
        self.status_marks = bookmark_names(keys, STATUS_PREFIX)
        self._bookmark_id = 0
        self._structure = 0
        self.fingerprints: dict[str, str] = {}  # answer key → fingerprint of its text as written (review copies)

    # -- structure ----------------------------------------------------------------
    def paragraph(self, style: str, text: str = "", *, where: str = "", **fmt: Any) -> Paragraph:
        """A structural paragraph (never part of an answer); marked in a review copy."""
        paragraph = self.writer.styled(self.document.add_paragraph(), style)
        if text:
            self.writer.run(paragraph, text, where=where or style, **fmt)
        self.mark_structure(paragraph)
        return paragraph

    def mark_structure(self, paragraph: Paragraph) -> None:
        if self.review:
            self._structure += 1
            self.bookmark([paragraph._p], f"{STRUCTURE_PREFIX}{self._structure}")

    def heading(self, text: str, level: int) -> Paragraph:
        return self.paragraph(f"Heading {min(max(level, 1), 3)}", text)

    def text(self, text: str) -> list[Paragraph]:
        """A definition's text (a target, an area's introduction): Markdown, structural."""
        paragraphs = self.writer.markdown(self.document.add_paragraph, text, "form text", style="Form Text")
        for paragraph in paragraphs:
            self.mark_structure(paragraph)
        return paragraphs

    def labelled(self, label: str, text: str) -> Paragraph:
        """``Operational Goal: text`` with the label underlined, as the Global Alliance form has it."""
        paragraph = self.paragraph("Form Text")
        self.writer.run(paragraph, label, underline=True, where="form text")
        self.writer.run(paragraph, f": {text}", where="form text")
        return paragraph

    def box(self, lead: list[Run], blocks: list[Block]) -> Table:
        """A recommendation set apart: a shaded one-cell table (style "Recommendation Box")."""
        table = self.document.add_table(rows=1, cols=1)
        table.style = self.document.styles["Recommendation Box"]
        _full_width(table, [1])
        cell = table.cell(0, 0)
        first = cell.paragraphs[0]
        first.style = self.document.styles["Recommendation"]
        self.writer.runs(first, lead)
        self.mark_structure(first)
        self.writer.blocks(cell.add_paragraph, blocks, "form text", style="Recommendation")
        _keep_rows_together(table)
        return table

    # -- questions ------------------------------------------------------------------
    def question(self, slot: Slot, value: Any, *, status: str = "draft", notes: Sequence[Note] = ()) -> None:
        """Prompt, (review copy: status line), answer; notes become comments on the answer."""
        question = slot.question
        prompt = self.paragraph("Prompt", f"{question.label} {question.prompt}".strip())
        if self.review:
            line = self.writer.styled(self.document.add_paragraph(), "Review Status")
            self.writer.run(line, status_line(status))  # the question is known by the line's bookmark, not its text
            self.bookmark([line._p], self.status_marks[slot.key])
        elements = self.answer(slot.key, question, value)
        if not elements and not self.review:
            prompt.paragraph_format.keep_with_next = False  # an empty answer must not drag the next section along
        if self.review:
            if not elements:
                elements = [self.writer.styled(self.document.add_paragraph(), "Answer")._p]
            self.bookmark(_anchor_paragraphs(elements), self.answer_marks[slot.key])
            has_text = not is_empty(value)
            self.fingerprints[slot.key] = fingerprint(t.text or "" for element in elements
                                                      for t in element.iter(qn("w:t")))
            for note in notes:
                self.comment(_anchor_paragraphs(elements) if has_text else [prompt._p], note)

    def answer(self, key: str, question: Question, value: Any) -> list[Element]:
        """The answer's body elements; none for an empty answer (its prompt stands alone)."""
        body = word_value(question).body
        if body == "table":
            if is_empty(value) and not question.rows and not self.review:
                return []
            return [self.table(key, question, value or [])._tbl]
        if is_empty(value):
            return []
        add = self.document.add_paragraph
        if body == "markdown":
            return [p._p for p in self.writer.markdown(add, value, key)]
        if body == "bullets":
            items = value if isinstance(value, list) else [value]
            labels = [scalar_text(question, item) for item in items]
            blocks = [Block("bullet", [Run(self.clean(label, key))]) for label in labels]
            return [p._p for p in self.writer.blocks(add, blocks, key)]
        paragraph = self.writer.styled(add(), "Answer")
        text = self.clean(scalar_text(question, value), key)
        self.writer.run(paragraph, text, link=text if body == "link" else None)
        return [paragraph._p]

    def table(self, key: str, question: Question, rows: list[dict[str, Any]]) -> Table:
        """A table answer as a Word table: header row of column labels, fixed rows labelled first."""
        columns = question.columns
        fixed = question.rows
        headers = ([""] if fixed else []) + [c.label for c in columns]
        weights = ([3] if fixed else []) + [word_value(c).weight for c in columns]
        if fixed:
            by_row = {row.get("row"): row for row in rows}
            body = [(choice.label, by_row.get(choice.value, {})) for choice in fixed]
        else:
            body = [("", row) for row in rows] or ([("", {})] if self.review else [])
        table = self.document.add_table(rows=1 + len(body), cols=len(headers))
        table.style = self.document.styles["Table Grid"]
        _full_width(table, weights)
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            paragraph = cell.paragraphs[0]
            self.writer.styled(paragraph, "Table Heading")
            self.writer.run(paragraph, text, where=key)
        _repeat_header(table)
        for row_cells, (label, row) in zip((r.cells for r in table.rows[1:]), body, strict=True):
            cells = list(row_cells)
            if fixed:
                self.writer.styled(cells[0].paragraphs[0], "Table Text")
                self.writer.run(cells[0].paragraphs[0], label, where=key)
                cells = cells[1:]
            for cell, column in zip(cells, columns, strict=True):
                paragraph = cell.paragraphs[0]
                self.writer.styled(paragraph, "Table Text")
                value = row.get(column.key)
                cell_body = word_value(column).body
                if cell_body == "markdown" and isinstance(value, str):
                    self.writer.markdown(_reuse_first(cell), value, key, style="Table Text")
                    continue
                text = self.clean(scalar_text(column, value), key)
                if text:
                    link = text if cell_body == "link" else None
                    self.writer.run(paragraph, text, link=link)
        _keep_rows_together(table)
        return table

    # -- review markers ---------------------------------------------------------------
    def bookmark(self, paragraphs: Sequence[Element], name: str) -> None:
        """A bookmark from the start of the first paragraph to the end of the last."""
        self._bookmark_id += 1
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self._bookmark_id))
        start.set(qn("w:name"), name)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(self._bookmark_id))
        _insert_at_start(paragraphs[0], start)
        paragraphs[-1].append(end)

    def comment(self, paragraphs: Sequence[Element], note: Note) -> None:
        """A reviewer note as a Word comment spanning the given paragraphs."""
        author = self.clean(note.author or "", "a note's author")
        text = self.clean(note.text, f"note {note.id}")
        comment = self.document.comments.add_comment(text=text, author=author, initials=_initials(author))
        created = note.created_at
        if created is not None:
            comment._comment_elm.date = created if created.tzinfo else created.replace(tzinfo=dt.UTC)
        comment_id = str(comment.comment_id)
        start = OxmlElement("w:commentRangeStart")
        start.set(qn("w:id"), comment_id)
        _insert_at_start(paragraphs[0], start)
        end = OxmlElement("w:commentRangeEnd")
        end.set(qn("w:id"), comment_id)
        paragraphs[-1].append(end)
        reference_run = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        style = OxmlElement("w:rStyle")
        style.set(qn("w:val"), "CommentReference")
        rpr.append(style)
        reference_run.append(rpr)
        reference = OxmlElement("w:commentReference")
        reference.set(qn("w:id"), comment_id)
        reference_run.append(reference)
        paragraphs[-1].append(reference_run)


def group_lead(group: Group, country: str) -> list[Run]:
    """The first line of a recommendation's box: its urgency and to whom it is addressed."""
    runs: list[Run] = []
    if group.urgency:
        runs += [Run("Level of urgency: "), Run(group.urgency.capitalize(), bold=True)]
    if group.addressed_to:
        addressee = addressee_text(group.addressed_to, country.title())
        runs.append(Run(f" · {addressee}" if runs else addressee))
    return runs


def _reuse_first(cell: Any) -> Any:
    """``add_paragraph`` for a table cell that fills the cell's empty first paragraph before adding more."""
    used = False

    def add(text: str = "", style: Any = None) -> Paragraph:
        nonlocal used
        if not used:
            used = True
            paragraph = cell.paragraphs[0]
            paragraph.style = style
            return paragraph
        return cell.add_paragraph(text, style)

    return add


def _anchor_paragraphs(elements: Sequence[Element]) -> list[Element]:
    """Paragraphs to hang a bookmark or comment on: tables contribute their first and last cell paragraph."""
    out = []
    for element in (elements[0], elements[-1]):
        if element.tag == qn("w:tbl"):
            paragraphs = element.findall(f".//{qn('w:p')}")
            out.append(paragraphs[0] if element is elements[0] else paragraphs[-1])
        else:
            out.append(element)
    return out


def _insert_at_start(paragraph: Element, element: Element) -> None:
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is not None:
        ppr.addnext(element)
    else:
        paragraph.insert(0, element)


def _initials(author: str) -> str:
    return "".join(part[0] for part in author.replace(".", " ").split()[:3]).upper()


def _full_width(table: Table, weights: list[int]) -> None:
    """Column widths in proportion to ``weights`` across the text width (LibreOffice needs them)."""
    total = sum(weights)
    widths = [Twips(TEXT_WIDTH * w // total) for w in weights]
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _repeat_header(table: Table) -> None:
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    tr_pr.append(header)


def _keep_rows_together(table: Table) -> None:
    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
