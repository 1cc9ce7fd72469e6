"""Long-text answers (the Markdown subset) written as real Word content.

Paragraphs, bullet and numbered lists with real numbering definitions (each
numbered list restarts where its Markdown starts), bold, italic and clickable
hyperlinks: what a reader expects from a document typed in Word, and what the
review import reads back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from replydesk.definitions.markdown import Block, Run, parse
from replydesk.documents.word.reference import BULLETS_NAME, NUMBERS_NAME
from replydesk.documents.word.text import Cleaner

#: Link schemes written as clickable links; anything else stays plain text.
LINK_SCHEMES = ("http://", "https://", "mailto:")

#: Something with ``add_paragraph(text, style)``: the document body, a table cell, a comment.
AddParagraph = Callable[..., Paragraph]


class MarkdownWriter:
    """Writes Markdown blocks and inline runs into one document."""

    def __init__(self, document: Document, clean: Cleaner):
        self.document = document
        self.clean = clean
        self._numbering = document.part.numbering_part.element
        self._abstract = {name: self._abstract_id(name, kind) for name, kind in
                          ((BULLETS_NAME, "bullet"), (NUMBERS_NAME, "decimal"))}
        self._bullet_num: int | None = None
        self._style_ids: dict[str, str] = {}

    # -- styles ----------------------------------------------------------------
    def style_id(self, name: str) -> str:
        """A style's id, looked up once: python-docx searches the styles by name on every assignment,
        which was the largest part of exporting a long reply."""
        found = self._style_ids.get(name)
        if found is None:
            found = self._style_ids[name] = str(self.document.styles[name].style_id)
        return found

    def styled(self, paragraph: Paragraph, name: str) -> Paragraph:
        paragraph._p.style = self.style_id(name)
        return paragraph

    # -- numbering -------------------------------------------------------------
    def _abstract_id(self, name: str, kind: str) -> str:
        """The reference's abstract list definition by name, or the first one of the right kind."""
        for abstract in self._numbering.findall(qn("w:abstractNum")):
            found = abstract.find(qn("w:name"))
            if found is not None and found.get(qn("w:val")) == name:
                return str(abstract.get(qn("w:abstractNumId")))
        for abstract in self._numbering.findall(qn("w:abstractNum")):
            fmt = abstract.find(f"{qn('w:lvl')}/{qn('w:numFmt')}")
            if fmt is not None and (fmt.get(qn("w:val")) == "bullet") == (kind == "bullet"):
                return str(abstract.get(qn("w:abstractNumId")))
        raise LookupError(f"the reference document has no list definition named {name!r}")

    def _new_num(self, kind: str, level: int = 0, start: int = 1) -> int:
        abstract = self._abstract[BULLETS_NAME if kind == "bullet" else NUMBERS_NAME]
        num = self._numbering.add_num(int(abstract))
        if kind == "number":  # restart: Word would go on counting the levels above the first item from the last list
            for above in range(level):
                num.add_lvlOverride(ilvl=above).add_startOverride(1)
            num.add_lvlOverride(ilvl=level).add_startOverride(start)
        return int(num.get(qn("w:numId")))

    # -- blocks ---------------------------------------------------------------
    def markdown(self, add: AddParagraph, text: str | None, where: str, style: str = "Answer") -> list[Paragraph]:
        return self.blocks(add, parse(self.clean(text or "", where)), where, style=style)

    def blocks(self, add: AddParagraph, blocks: list[Block], where: str, style: str = "Answer") -> list[Paragraph]:
        """Add one paragraph per block; consecutive list items form one Word list."""
        paragraphs: list[Paragraph] = []
        number_num: int | None = None
        for block in blocks:
            if block.kind == "paragraph":
                number_num = None
                paragraph = self.styled(add(), style)
            else:
                list_style = "List Bullet" if block.kind == "bullet" else "List Number"
                paragraph = self.styled(add(), list_style)
                if block.kind == "bullet":
                    if self._bullet_num is None:
                        self._bullet_num = self._new_num("bullet")
                    num_id = self._bullet_num
                else:
                    if number_num is None:
                        number_num = self._new_num("number", block.level, block.number or 1)
                    num_id = number_num
                _set_numbering(paragraph, num_id, block.level)
            self.runs(paragraph, block.runs)
            paragraphs.append(paragraph)
        return paragraphs

    # -- inline ---------------------------------------------------------------
    def runs(self, paragraph: Paragraph, runs: list[Run]) -> None:
        for run in runs:
            self.run(paragraph, run.text, bold=run.bold, italic=run.italic, link=run.link)

    def run(self, paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool = False,
            underline: bool = False, link: str | None = None, where: str = "") -> Any:
        """Add one run (inside a hyperlink when ``link`` is a web or mail address)."""
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if where:
            text = self.clean(text, where)
        run = paragraph.add_run(text)
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        if underline:
            run.underline = True
        if link and link.lower().startswith(LINK_SCHEMES):
            run._r.style = self.style_id("Hyperlink")
            r_id = paragraph.part.relate_to(link, RT.HYPERLINK, is_external=True)
            hyperlink = OxmlElement("w:hyperlink")
            hyperlink.set(qn("r:id"), r_id)
            hyperlink.set(qn("w:history"), "1")
            run._r.addprevious(hyperlink)
            hyperlink.append(run._r)
        return run


def _set_numbering(paragraph: Paragraph, num_id: int, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = ppr.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id
