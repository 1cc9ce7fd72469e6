"""The consolidated Word report, organised like the Global Alliance's 2015 report.

By policy target and operational goal (by the form's groups, generally): each group's
heading and text, then each prompt followed by every country's answer under the
country's name, countries in alphabetical order; a line names the countries that
returned the form but left the prompt empty, and the report closes with the
participants that sent no return.  Long-text answers keep their paragraphs, lists,
bold, italics and links.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from replydesk import __version__
from replydesk.definitions import markdown
from replydesk.definitions.model import Question, QuestionType
from replydesk.documents.common.atomic import write_atomically
from replydesk.documents.common.plain import plain_answer, to_cell
from replydesk.documents.common.spooled_body import SpooledBody
from replydesk.documents.excel.labels import prompt_text
from replydesk.documents.secretariat.consolidation import Consolidation, outline

COUNTRY_STYLE = "Country"
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BULLETS = ("List Bullet", "List Bullet 2", "List Bullet 3", "List Bullet 3")


def write_report(consolidation: Consolidation, target: Path) -> Path:
    """Write the report atomically and return its path (ExportError if it cannot be written). Each prompt's
    answers go to a spool once written, so the report is never held whole."""
    document = Document()
    spooled = SpooledBody(document)
    _fill_report(document, consolidation, dt.datetime.now(dt.UTC), spooled.flush)
    return write_atomically(Path(target), spooled.save)


def build_report(consolidation: Consolidation, now: dt.datetime | None = None) -> DocumentObject:
    """The whole report in memory."""
    document = Document()
    _fill_report(document, consolidation, now or dt.datetime.now(dt.UTC), lambda: None)
    return document


def _fill_report(document: DocumentObject, consolidation: Consolidation, moment: dt.datetime,
                 flush: Callable[[], None]) -> None:
    """Write the report into ``document``, calling ``flush`` after each prompt's answers."""
    form = consolidation.form
    setup_report(document, form.title)
    out = ReportWriter(document)
    label, labels = form.participants_label.lower(), form.participants_plural.lower()
    out.paragraph(form.title, "Title")
    out.paragraph("Consolidated report of the returns", "Subtitle")
    returned = [r.country for r in consolidation.returns]
    out.paragraph(
        f"Compiled by Reply Desk {__version__} on {moment:%d %B %Y} from {len(returned)} "
        f"return{'s' if len(returned) != 1 else ''} of {len(consolidation.participants)} {labels}. Under each "
        f"prompt, every {label}'s answer follows its name, in alphabetical order; {labels} that returned the "
        f"form but left a prompt empty are listed "
        f"after the answers, and those that sent no return at the end."
    )
    out.paragraph(f"{form.participants_plural} that returned the form", "Heading 1")
    out.paragraph(", ".join(returned) if returned else "None yet.")
    for section in outline(form):
        out.paragraph(section.heading, f"Heading {min(section.depth, 4)}")
        if section.group.text:
            out.markdown(section.group.text)
        for slot in section.slots:
            question = slot.question
            out.paragraph(prompt_text(question), f"Heading {min(section.depth + 1, 6)}")
            for found, value in consolidation.answers(slot.key):
                out.paragraph(found.country, COUNTRY_STYLE)
                out.answer(question, value)
            silent = consolidation.silent(slot.key)
            if silent:
                out.paragraph("").add_run(f"No answer from: {', '.join(silent)}.").italic = True
            if not consolidation.returns:
                out.paragraph("").add_run("No returns yet.").italic = True
            flush()
    out.paragraph(f"{form.participants_plural} with no return", "Heading 1")
    if consolidation.missing:
        for country in consolidation.missing:
            out.paragraph(country, _BULLETS[0])
    else:
        out.paragraph(f"Every {label} returned the form.")


class ReportWriter:
    """Appends paragraphs in constant time (python-docx's own add_paragraph rescans the body and the
    styles each time, which grows quadratically over a report of thousands of answers)."""

    def __init__(self, document: DocumentObject, *, numbered_lists: bool = False):
        self.document = document
        self.body = document._body
        self.end = document.element.body.sectPr
        self.style_ids: dict[str, str] = {}
        # on the Word reference document, list styles carry no numbering: each list paragraph names it
        self.numbered_lists = numbered_lists
        self.style_names = {style.name for style in document.styles}

    def paragraph(self, text: str = "", style: str | None = None) -> Paragraph:
        element = OxmlElement("w:p")
        if self.end is not None:
            self.end.addprevious(element)
        else:
            self.document.element.body.append(element)
        paragraph = Paragraph(element, self.body)
        if style:
            if style not in self.style_ids:
                present = style if style in self.style_names else _FALLBACK.get(style, "Normal")
                self.style_ids[style] = self.document.styles[present].style_id
            element.get_or_add_pPr().style = self.style_ids[style]
        if text:
            paragraph.add_run(clean_text(text))
        return paragraph

    def answer(self, question: Question, value: Any) -> None:
        REPORT[question.type](self, question, value)

    def markdown(self, text: str) -> None:
        for block in markdown.parse(text):
            if block.kind == "bullet":
                paragraph = self.paragraph(style=_BULLETS[block.level])
                if self.numbered_lists:
                    _numbering(paragraph, 1, block.level)
            elif block.kind == "number" and self.numbered_lists:
                paragraph = self.paragraph(style="List Number")
                _numbering(paragraph, 2, block.level)
            elif block.kind == "number":
                paragraph = self.paragraph(style="List Paragraph")
                paragraph.paragraph_format.left_indent = Cm(0.75 * (block.level + 1))
                paragraph.paragraph_format.first_line_indent = Cm(-0.75)
                paragraph.add_run(f"{block.number or 1}.\t")
            else:
                paragraph = self.paragraph()
            for run in block.runs:
                if run.link:
                    _link(paragraph, run.text, run.link, bold=run.bold, italic=run.italic)
                else:
                    added = paragraph.add_run(clean_text(run.text))
                    if run.bold:
                        added.bold = True
                    if run.italic:
                        added.italic = True


#: Where a document lacks a style (the Word reference document has one list style per kind).
_FALLBACK = {"List Bullet 2": "List Bullet", "List Bullet 3": "List Bullet", "List Paragraph": "Normal"}


def _numbering(paragraph: Paragraph, num_id: int, level: int) -> None:
    """Bullets (1) or numbers (2) of the reference document's numbering definitions, at ``level``."""
    properties = paragraph._p.get_or_add_pPr()
    numbering = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", level), ("w:numId", num_id)):
        element = OxmlElement(tag)
        element.set(qn("w:val"), str(value))
        numbering.append(element)
    properties.append(numbering)


def setup_report(document: DocumentObject, title: str) -> None:
    document.core_properties.title = clean_text(title)
    document.core_properties.author = f"Reply Desk {__version__}"
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(2.2)
        _page_number_footer(section.footer.paragraphs[0])
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)
    country = document.styles.add_style(COUNTRY_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    country.base_style = normal
    country.font.bold = True
    country.font.color.rgb = RGBColor(0x1F, 0x4E, 0x78)
    country.paragraph_format.space_before = Pt(8)
    country.paragraph_format.space_after = Pt(2)
    country.paragraph_format.keep_with_next = True


def _page_number_footer(paragraph: Paragraph) -> None:
    paragraph.add_run("Page ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def clean_text(text: str) -> str:
    """Word's XML cannot hold control characters; show them as U+FFFD rather than fail."""
    return _XML_UNSAFE.sub("\ufffd", text)


def _href(text: str) -> str:
    text = text.strip()
    return text if "://" in text or text.startswith("mailto:") else f"http://{text}"


def _link(paragraph: Paragraph, text: str, url: str, *, bold: bool = False, italic: bool = False) -> None:
    """A clickable link (python-docx has no API for one, so the run is built as WordprocessingML)."""
    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    for tag, attribute in (("w:color", "0563C1"), ("w:u", "single")):
        element = OxmlElement(tag)
        element.set(qn("w:val"), attribute)
        properties.append(element)
    for flag, tag in ((bold, "w:b"), (italic, "w:i")):
        if flag:
            properties.append(OxmlElement(tag))
    run.append(properties)
    content = OxmlElement("w:t")
    content.set(qn("xml:space"), "preserve")
    content.text = clean_text(text)
    run.append(content)
    hyperlink.append(run)
    paragraph._p.append(hyperlink)


def _table(document: DocumentObject, question: Question, rows: list[dict[str, Any]]) -> None:
    labels = {row.value: row.label for row in question.rows}
    headers = (["Row"] if question.rows else []) + [column.label for column in question.columns]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(clean_text(title)).bold = True
    for data in rows:
        cells = table.add_row().cells
        values = ([labels.get(data.get("row"), data.get("row") or "")] if question.rows else []) + [
            to_cell(column, data.get(column.key)) for column in question.columns]
        for cell, shown in zip(cells, values, strict=True):
            text = shown.isoformat() if isinstance(shown, dt.date) else "" if shown is None else str(shown)
            cell.text = clean_text(text)



def _report_markdown(writer: ReportWriter, question: Question, value: Any) -> None:
    writer.markdown(str(value))


def _report_table(writer: ReportWriter, question: Question, value: Any) -> None:
    _table(writer.document, question, value)


def _report_link(writer: ReportWriter, question: Question, value: Any) -> None:
    _link(writer.paragraph(), str(value), _href(str(value)))


def _report_plain(writer: ReportWriter, question: Question, value: Any) -> None:
    writer.paragraph(plain_answer(question, value))


#: How the report prints an answer of each type (the plain value is ``common.plain.PLAIN``'s).
REPORT: dict[QuestionType, Callable[[ReportWriter, Question, Any], None]] = {
    QuestionType.LONG_TEXT: _report_markdown,
    QuestionType.SHORT_TEXT: _report_plain,
    QuestionType.SINGLE_CHOICE: _report_plain,
    QuestionType.MULTIPLE_CHOICE: _report_plain,
    QuestionType.YES_NO: _report_plain,
    QuestionType.YES_PARTLY_NO: _report_plain,
    QuestionType.INTEGER: _report_plain,
    QuestionType.DECIMAL: _report_plain,
    QuestionType.DATE: _report_plain,
    QuestionType.URL: _report_link,
    QuestionType.TABLE: _report_table,
    QuestionType.PERCENTAGE: _report_plain,
}
