"""Make the golden corpus of edited review copies and return workbooks (tests/data/office/).

Run from a checkout with the project's venv (LibreOffice and Debian's ``/usr/bin/python3`` with its
``uno`` module are needed for the files Writer and Calc make)::

    .venv/bin/python tools/make_office_corpus.py
    .venv/bin/python tools/make_office_corpus.py --expectations   # only the NAME.expected.yaml, from the recipes

1. ``base.sqlite3``: the built-in Denmark 2014 example (its answers and its one note) in a new
   database; every file is exported from it, and the test imports each into a copy of it.
2. Review copies (.docx) edited with lxml as Word writes its XML (``w-*.docx``): tracked changes with
   authors, moves, comments and replies, pasted formatting, split and merged paragraphs, deleted markers,
   text under prompts and headings, answers moved whole; edited in LibreOffice Writer over UNO
   (``lo-*.docx``, ``tools/lo_writer.py``); and Word-made ones re-saved through Writer (``*.lo.docx``).
3. Return workbooks (.xlsx): edited with openpyxl (``x-*.xlsx``), typed through Calc's input handler
   (``lo-*.xlsx``, ``tools/lo_type.py``), and re-saved through Calc (``*.lo.xlsx``).

Beside each file, ``NAME.expected.yaml`` says what importing it must give. The expectations are written
by hand in the recipes below (the edit and what it must come back as, side by side, as string
operations on the example's answers); none is taken from what the importer does.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
import openpyxl
import yaml
from docx.document import Document
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from replydesk import example
from replydesk.definitions.registry import Registry
from replydesk.documents.excel.export import export_return, source_from_store
from replydesk.documents.word.export import export_docx
from replydesk.documents.word.package import STRICT_NAMES
from replydesk.store import Store

REPO = Path(__file__).resolve().parents[1]

CORPUS = REPO / "tests" / "data" / "office"
ANSWERS = example.example().answers
#: The baseline questions the recipes name, as the form numbers them (its section, the question's short label).
BASELINE_NAMES = {"commitments.weprotect": "Fig. 1 › WeProtect member",
                  "mnr.capabilities": "Appendix 2 › The 21 capabilities",
                  "area6.services": "6. – End-to-end support › Hotlines and helplines"}


def named(key: str) -> str:
    """A question as the import report names it, written out here from the form's numbering (never asked of the
    importer): ``pt3.og1.b`` is "Policy Target No. 3 › Operational Goal 1 › B)"."""
    if key in BASELINE_NAMES:
        return BASELINE_NAMES[key]
    target, goal, section = key.split(".")
    return f"Policy Target No. {target[2:]} › Operational Goal {goal[2:]} › {section.upper()})"


NOTE_IGNORED = f"the comment by Example reviewer on {named('pt3.og1.c')} is a note exported with the copy"
DATE = "2026-03-02T10:15:00Z"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"


def paragraphs(key: str) -> list[str]:
    """The example's answer to ``key`` as its paragraphs (Markdown blocks)."""
    return ANSWERS[key].split("\n\n")


def joined(*blocks: str) -> str:
    return "\n\n".join(blocks)


# -- WordprocessingML as Word writes it ---------------------------------------------------------------------
class Edit:
    """One review copy open for editing: the body's paragraphs found by their markers."""

    def __init__(self, document: Document):
        self.document = document
        self.body = document.element.body
        self._ids = 900

    def next_id(self) -> str:
        self._ids += 1
        return str(self._ids)

    def elements(self) -> list[Any]:
        return [el for el in self.body if el.tag in (qn("w:p"), qn("w:tbl"))]

    @staticmethod
    def marks(element: Any) -> list[str]:
        return [b.get(qn("w:name")) for b in element.iter(qn("w:bookmarkStart"))]

    def status(self, key: str) -> Any:
        name = "rdq_" + key.replace(".", "_")
        return next(el for el in self.elements() if name in self.marks(el))

    def prompt(self, key: str) -> Any:
        return self.status(key).getprevious()

    def answer(self, key: str) -> list[Any]:
        """The answer's paragraphs: after its status line, up to the next marked structural paragraph."""
        out = []
        element = self.status(key).getnext()
        while element is not None and element.tag == qn("w:p") and not any(
                m.startswith(("rdq_", "rdx_")) for m in self.marks(element)):
            out.append(element)
            element = element.getnext()
        return out

    def with_text(self, text: str) -> Any:
        return next(el for el in self.elements() if text_of(el) == text)

    def core(self, modified_by: str) -> None:
        self.document.core_properties.last_modified_by = modified_by


def text_of(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def run(text: str, *, bold: bool = False, italic: bool = False, deleted: bool = False, font: str = "") -> Any:
    r = OxmlElement("w:r")
    if bold or italic or font:
        rpr = OxmlElement("w:rPr")
        if font:
            fonts = OxmlElement("w:rFonts")
            fonts.set(qn("w:ascii"), font)
            fonts.set(qn("w:hAnsi"), font)
            rpr.append(fonts)
        if bold:
            rpr.append(OxmlElement("w:b"))
        if italic:
            rpr.append(OxmlElement("w:i"))
        if font:
            size = OxmlElement("w:sz")
            size.set(qn("w:val"), "21")
            rpr.append(size)
        r.append(rpr)
    t = OxmlElement("w:delText" if deleted else "w:t")
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text
    r.append(t)
    return r


def paragraph(*children: Any, style: str = "Answer") -> Any:
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    if style:
        pstyle = OxmlElement("w:pStyle")
        pstyle.set(qn("w:val"), style)
        ppr.append(pstyle)
    p.append(ppr)
    for child in children:
        p.append(run(child) if isinstance(child, str) else child)
    return p


def revision(kind: str, edit: Edit, author: str, *children: Any) -> Any:
    """``w:ins``, ``w:del``, ``w:moveFrom`` or ``w:moveTo`` by ``author`` around runs."""
    element = OxmlElement(f"w:{kind}")
    element.set(qn("w:id"), edit.next_id())
    element.set(qn("w:author"), author)
    element.set(qn("w:date"), DATE)
    for child in children:
        element.append(child)
    return element


def mark_revision(p: Any, kind: str, edit: Edit, author: str) -> None:
    """The paragraph mark itself inserted, deleted or moved (``w:pPr/w:rPr/w:ins`` …)."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        p.insert(0, ppr)
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)
    rpr.append(revision(kind, edit, author))


def runs_of(p: Any) -> list[Any]:
    return [child for child in p if child.tag in (qn("w:r"), qn("w:hyperlink"))]


def delete_runs(p: Any, edit: Edit, author: str, kind: str = "del") -> None:
    """Every run of ``p`` wrapped in a tracked deletion (its ``w:t`` become ``w:delText``)."""
    for r in runs_of(p):
        for t in r.iter(qn("w:t")):
            t.tag = qn("w:delText")
        wrapper = revision(kind, edit, author)
        r.addprevious(wrapper)
        wrapper.append(r)


def drop_bookmark(edit: Edit, name: str) -> None:
    for start in list(edit.body.iter(qn("w:bookmarkStart"))):
        if start.get(qn("w:name")) == name:
            mark_id = start.get(qn("w:id"))
            start.getparent().remove(start)
            for end in list(edit.body.iter(qn("w:bookmarkEnd"))):
                if end.get(qn("w:id")) == mark_id:
                    end.getparent().remove(end)


def comment(edit: Edit, elements: list[Any], text: str, author: str, *, parent: str | None = None) -> str:
    """A comment on ``elements`` (Word's anchors: range start, end and reference); its paraId for replies.

    ``parent``: the paraId of the comment this one answers (a reply thread, in commentsExtended).
    """
    comments = edit.document.part._comments_part.element  # made on first use, as python-docx does
    comment_id = str(max([int(c.get(qn("w:id"))) for c in comments.findall(qn("w:comment"))] + [-1]) + 1)
    para_id = f"{0x1A2B3C00 + int(comment_id):08X}"
    element = OxmlElement("w:comment")
    element.set(qn("w:id"), comment_id)
    element.set(qn("w:author"), author)
    element.set(qn("w:initials"), "".join(word[0] for word in author.split()))
    element.set(qn("w:date"), DATE)
    p = OxmlElement("w:p")
    p.set(f"{{{W14}}}paraId", para_id)
    p.append(run(text))
    element.append(p)
    comments.append(element)
    start, end = OxmlElement("w:commentRangeStart"), OxmlElement("w:commentRangeEnd")
    for anchor in (start, end):
        anchor.set(qn("w:id"), comment_id)
    first, last = elements[0], elements[-1]
    ppr = first.find(qn("w:pPr"))
    (ppr.addnext if ppr is not None else lambda e: first.insert(0, e))(start)
    last.append(end)
    reference = OxmlElement("w:r")
    ref = OxmlElement("w:commentReference")
    ref.set(qn("w:id"), comment_id)
    reference.append(ref)
    last.append(reference)
    extended(edit).append(_comment_ex(para_id, parent))
    return para_id


def _comment_ex(para_id: str, parent: str | None) -> Any:
    from lxml import etree

    element = etree.Element(f"{{{W15}}}commentEx", nsmap={"w15": W15})
    element.set(f"{{{W15}}}paraId", para_id)
    if parent:
        element.set(f"{{{W15}}}paraIdParent", parent)
    element.set(f"{{{W15}}}done", "0")
    return element


def extended(edit: Edit) -> Any:
    """word/commentsExtended.xml, made as Word makes it, related from the document."""
    from lxml import etree

    part = getattr(edit, "_extended", None)
    if part is None:
        root = etree.Element(f"{{{W15}}}commentsEx", nsmap={"w15": W15})
        part = _XmlPart(PackURI("/word/commentsExtended.xml"),
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml",
                        root, edit.document.part.package)
        edit.document.part.relate_to(part, "http://schemas.microsoft.com/office/2011/relationships/commentsExtended")
        edit._extended = part
    return part.root


class _XmlPart(Part):
    """A part whose bytes are its XML root, serialised when saved."""

    def __init__(self, partname: PackURI, content_type: str, root: Any, package: Any):
        super().__init__(partname, content_type, b"", package)
        self.root = root

    @property
    def blob(self) -> bytes:
        from lxml import etree

        return etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)


def exported_comment_para_id(edit: Edit) -> str:
    """Give the exported note's comment the paraId Word gives every paragraph on saving; return it."""
    comments = edit.document.part._comments_part.element
    p = comments.find(qn("w:comment")).find(qn("w:p"))
    p.set(f"{{{W14}}}paraId", "0E0E0E01")
    extended(edit).append(_comment_ex("0E0E0E01", None))
    return "0E0E0E01"


# -- the Word recipes ------------------------------------------------------------------------------------------
@dataclass
class Expect:
    """What importing a file must give; every field written by hand."""

    proposals: dict[str, Any] = field(default_factory=dict)  # key: {"value": …, "author": …}
    notes: list[dict[str, str]] = field(default_factory=list)  # {"key", "author", "text", ["reply_to"]}
    held: list[str] = field(default_factory=list)
    placed: list[str] = field(default_factory=list)  # report lines, each matched by a part of it
    unplaced: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=lambda: [NOTE_IGNORED])
    warnings: list[str] = field(default_factory=list)


@dataclass
class Recipe:
    name: str
    how: str
    edit: Callable[[Edit], None] | None
    expect: Expect
    resave: bool = False  # also re-saved through LibreOffice Writer as NAME.lo.docx
    resave_expect: Expect | None = None  # when Writer's re-save is expected to read differently
    copy: str = "denmark"  # which export it edits: "denmark" (Global Alliance 2014) or "baseline" (2020)
    after_save: Callable[[Path], None] | None = None  # an edit of the saved package itself (Strict Open XML)


def p(key: str, value: Any, author: str = "Carl Dane") -> dict[str, Any]:
    return {key: {"value": value, "author": author}}


def _unedited(edit: Edit) -> None:
    edit.core("Carl Dane")


def _retyped(edit: Edit) -> None:
    (element,) = edit.answer("pt3.og1.a")
    for r in runs_of(element):
        element.remove(r)
    element.append(run("The initiatives mentioned in Denmark's 2013 report continue to exist and to develop."))
    edit.core("Carl Dane")


def _tracked_insertion(edit: Edit) -> None:
    (element,) = edit.answer("pt4.og2.a")
    element.append(revision("ins", edit, "Carl Dane", run(" Europol is informed as well.")))


def _tracked_deletion(edit: Edit) -> None:
    element = edit.answer("pt1.og1.c")[1]  # "Increased use of analysis-based tools and profiling."
    delete_runs(element, edit, "Dora Lind")
    mark_revision(element, "del", edit, "Dora Lind")


def _tracked_replacement(edit: Edit) -> None:
    (element,) = edit.answer("pt3.og1.a")
    delete_runs(element, edit, "Carl Dane")
    element.append(revision("ins", edit, "Dora Lind", run(
        "The initiatives mentioned in Denmark's 2013 report continue to exist and to develop.")))


def _tracked_new_paragraph(edit: Edit) -> None:
    (last,) = edit.answer("pt3.og2.b")
    mark_revision(last, "ins", edit, "Eva Holm")  # Enter at the end of the answer, tracked
    new = paragraph(revision("ins", edit, "Eva Holm", run("The report was presented to Parliament in May 2014.")))
    last.addnext(new)


def _move_within(edit: Edit) -> None:
    """The second paragraph dragged above the first with Track Changes: Word's move ranges, moveFrom and moveTo."""
    first, second = edit.answer("pt4.og1.b")
    moved = paragraph(revision("moveTo", edit, "Eva Holm", run(text_of(second))))
    mark_revision(moved, "moveTo", edit, "Eva Holm")
    delete_runs(second, edit, "Eva Holm", kind="moveFrom")
    mark_revision(second, "moveFrom", edit, "Eva Holm")
    for name, target in (("moveFromRangeStart", second), ("moveToRangeStart", moved)):
        start = OxmlElement(f"w:{name}")
        start.set(qn("w:id"), edit.next_id())
        start.set(qn("w:author"), "Eva Holm")
        start.set(qn("w:date"), DATE)
        start.set(qn("w:name"), "move1")
        end = OxmlElement(f"w:{name.replace('Start', 'End')}")
        end.set(qn("w:id"), start.get(qn("w:id")))
        target.find(qn("w:pPr")).addnext(start)
        target.append(end)
    first.addprevious(moved)


def _move_across(edit: Edit) -> None:
    source = edit.answer("pt4.og1.c")[1]  # "Save the Children will run a campaign …"
    (*_, last_b) = edit.answer("pt4.og1.b")
    moved = paragraph(revision("moveTo", edit, "Eva Holm", run(text_of(source))))
    mark_revision(moved, "moveTo", edit, "Eva Holm")
    delete_runs(source, edit, "Eva Holm", kind="moveFrom")
    mark_revision(source, "moveFrom", edit, "Eva Holm")
    last_b.addnext(moved)


def _comment(edit: Edit) -> None:
    comment(edit, edit.answer("pt2.og1.a")[:1], "Source?", "Carl Dane")


def _comment_reply(edit: Edit) -> None:
    first = comment(edit, edit.answer("pt3.og1.b"), "Is the website still running?", "Carl Dane")
    comment(edit, edit.answer("pt3.og1.b"), "Yes, checked in March.", "Dora Lind", parent=first)


def _reply_to_exported_note(edit: Edit) -> None:
    parent = exported_comment_para_id(edit)
    comment(edit, edit.answer("pt3.og1.c")[:1], "Dates added: 4 March, 6 May and 9 September.", "Dora Lind",
            parent=parent)


def _identical_comments(edit: Edit) -> None:
    for key in ("pt1.og1.a", "pt2.og1.a", "pt4.og2.a"):
        comment(edit, edit.answer(key)[:1], "Source?", "Carl Dane")


def _comment_on_prompt(edit: Edit) -> None:
    comment(edit, [edit.prompt("pt3.og1.b")], "This prompt is unclear.", "Eva Holm")


def _comment_on_heading(edit: Edit) -> None:
    comment(edit, [edit.with_text("Policy Target No. 3")], "Target 3 needs an introduction.", "Eva Holm")


def _empty_comment(edit: Edit) -> None:
    comment(edit, edit.answer("pt4.og2.a"), "", "Carl Dane")


def _deleted_exported_comment(edit: Edit) -> None:
    comments = edit.document.part._comments_part.element
    for element in list(comments):
        comments.remove(element)
    for tag in ("w:commentRangeStart", "w:commentRangeEnd"):
        for anchor in list(edit.body.iter(qn(tag))):
            anchor.getparent().remove(anchor)
    for ref in list(edit.body.iter(qn("w:commentReference"))):
        r = ref.getparent()
        r.getparent().remove(r)


LINK_RELTYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


def _pasted_formatted(edit: Edit) -> None:
    """Pasted from a web page: another font, bold and italic runs, a link; plain "Normal" style."""
    (element,) = edit.answer("pt3.og1.b")
    rel = edit.document.part.relate_to("https://redbarnet.dk/", LINK_RELTYPE, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    link.append(run("Red Barnet", font="Calibri"))
    pasted = paragraph(run("Hotline:", bold=True, font="Calibri"), run(" open ", font="Calibri"),
                       run("every day", italic=True, font="Calibri"), run(", see ", font="Calibri"), link,
                       run(".", font="Calibri"), style="")
    element.addnext(pasted)


def word_field(code: str, *result: Any) -> list[Any]:
    """A field as Word writes most: begin, its code, separate, the runs it shows, end."""
    def field_char(kind: str) -> Any:
        r = OxmlElement("w:r")
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        r.append(char)
        return r

    instr = OxmlElement("w:r")
    text = OxmlElement("w:instrText")
    text.text = code
    instr.append(text)
    return [field_char("begin"), instr, field_char("separate"), *result, field_char("end")]


def _pasted_field_link(edit: Edit) -> None:
    """A link as a HYPERLINK field, as Word writes one pasted from some programs."""
    (element,) = edit.answer("pt4.og2.a")
    element.addnext(paragraph(run("See "), *word_field(' HYPERLINK "https://www.interpol.int/" ', run("Interpol")),
                              run(".")))


FOOTNOTES = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml")


def _footnote(edit: Edit) -> None:
    """A footnote inserted at the end of an answer (Word's References ▸ Insert Footnote)."""
    from lxml import etree

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    root = etree.Element(f"{{{w}}}footnotes", nsmap={"w": w})
    for note_id, kind, text in (("-1", "separator", ""), ("0", "continuationSeparator", ""),
                                ("1", None, "See the Interpol agreement of 2009.")):
        note = etree.SubElement(root, f"{{{w}}}footnote")
        note.set(f"{{{w}}}id", note_id)
        if kind:
            note.set(f"{{{w}}}type", kind)
        p = etree.SubElement(note, f"{{{w}}}p")
        r = etree.SubElement(p, f"{{{w}}}r")
        if kind:
            etree.SubElement(r, f"{{{w}}}{kind}")
        else:
            etree.SubElement(etree.SubElement(r, f"{{{w}}}rPr"), f"{{{w}}}vertAlign").set(f"{{{w}}}val",
                                                                                        "superscript")
            etree.SubElement(r, f"{{{w}}}footnoteRef")
            t = etree.SubElement(etree.SubElement(p, f"{{{w}}}r"), f"{{{w}}}t")
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            t.text = " " + text
    part = _XmlPart(PackURI("/word/footnotes.xml"), FOOTNOTES[1], root, edit.document.part.package)
    edit.document.part.relate_to(part, FOOTNOTES[0])
    (element,) = edit.answer("pt4.og2.a")
    reference = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    align = OxmlElement("w:vertAlign")
    align.set(qn("w:val"), "superscript")
    rpr.append(align)
    reference.append(rpr)
    ref = OxmlElement("w:footnoteReference")
    ref.set(qn("w:id"), "1")
    reference.append(ref)
    element.append(reference)


def _text_box(edit: Edit) -> None:
    """A text box drawn beside an answer (VML, as Word writes for compatibility), holding a remark."""
    from lxml import etree

    (element,) = edit.answer("pt3.og1.a")
    xml = ('<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
           'xmlns:v="urn:schemas-microsoft-com:vml"><w:pict>'
           '<v:shape id="box1" type="#_x0000_t202" style="width:180pt;height:40pt">'
           '<v:textbox><w:txbxContent><w:p><w:r><w:t>Check with the Ministry.</w:t></w:r></w:p>'
           '</w:txbxContent></v:textbox></v:shape></w:pict></w:r>')
    element.append(etree.fromstring(xml))


def _split(edit: Edit) -> None:
    element = edit.answer("pt2.og1.a")[0]
    text = text_of(element)
    cut = text.index(". ", 40) + 1
    for r in runs_of(element):
        element.remove(r)
    element.append(run(text[:cut]))
    element.addnext(paragraph(text[cut + 1:]))


def _merged_plain(edit: Edit) -> None:
    first, second = edit.answer("pt4.og1.b")
    first.append(run(" "))
    for r in runs_of(second):
        first.append(r)
    second.getparent().remove(second)


def _merged_tracked(edit: Edit) -> None:
    first = edit.answer("pt1.og1.c")[0]  # "Victim identification"
    mark_revision(first, "del", edit, "Dora Lind")
    first.append(revision("ins", edit, "Dora Lind", run(": ")))


def _joined_to_prompt(edit: Edit) -> None:
    """Delete at the end of an answer, tracked (its mark deleted: Word joins the next prompt to it), and typing."""
    (element,) = edit.answer("pt4.og1.a")
    element.append(revision("ins", edit, "Dora Lind", run(" Progress is reported yearly.")))
    mark_revision(element, "del", edit, "Dora Lind")


def _numbered_item_added(edit: Edit) -> None:
    *_, last = edit.answer("pt3.og1.c")
    item = copy.deepcopy(last)
    for r in runs_of(item):
        item.remove(r)
    for mark in list(item.iter(qn("w:bookmarkEnd"))) + list(item.iter(qn("w:commentRangeEnd"))):
        mark.getparent().remove(mark)
    item.append(run("An online course for teachers."))
    last.addnext(item)


def _deleted_answer_marker(edit: Edit) -> None:
    drop_bookmark(edit, "rd_pt3_og1_b")


def _deleted_status_line(edit: Edit) -> None:
    status = edit.status("pt4.og1.a")
    status.getparent().remove(status)


def _deleted_status_and_marker(edit: Edit) -> None:
    status = edit.status("pt4.og2.a")
    status.getparent().remove(status)
    drop_bookmark(edit, "rd_pt4_og2_a")


def _status_deleted_typed_under_prompt(edit: Edit) -> None:
    prompt = edit.prompt("pt3.og1.b")
    status = edit.status("pt3.og1.b")
    status.getparent().remove(status)
    prompt.addnext(paragraph("Typed under the prompt, its status line deleted."))


def _typed_under_prompt(edit: Edit) -> None:
    edit.prompt("pt2.og1.b").addnext(paragraph("Typed under the prompt: a new hotline opened in 2014."))


def _typed_under_heading(edit: Edit) -> None:
    edit.with_text("Policy Target No. 4").addnext(paragraph("A remark typed under the heading of target 4."))


def _typed_under_goal(edit: Edit) -> None:
    """Enter at the end of "Operational Goal: …": Word gives the new paragraph the same style (FormText)."""
    goal = next(el for el in edit.elements() if text_of(el).startswith("Operational Goal: Establish"))
    goal.addnext(paragraph("Our comment on this goal.", style="FormText"))


def _typed_under_title(edit: Edit) -> None:
    """Enter at the end of the title: Word gives the new paragraph the title's next style (Country)."""
    title = edit.elements()[0]
    title.addnext(paragraph("Second draft, March 2026", style="Country"))


def _typed_under_country(edit: Edit) -> None:
    edit.with_text("DENMARK").addnext(paragraph("Draft reviewed by the Ministry of Justice."))


def _typed_at_the_end(edit: Edit) -> None:
    last = edit.elements()[-1]
    last.addnext(paragraph("Added at the very end of the copy."))


def _typed_in_status_line(edit: Edit) -> None:
    edit.status("pt1.og1.a").append(run(" – checked by CD"))


def _prompt_edited(edit: Edit) -> None:
    edit.prompt("pt2.og1.a").append(run(" (see also 2013)"))


def _emptied(edit: Edit) -> None:
    (element,) = edit.answer("pt3.og2.b")
    for r in runs_of(element):
        element.remove(r)


def _whole_answer_moved(edit: Edit) -> None:
    (moved,) = edit.answer("pt3.og1.a")
    edit.answer("pt3.og1.b")[-1].addnext(moved)


def _whole_answer_moved_up(edit: Edit) -> None:
    moved = edit.answer("pt4.og1.b")
    anchor = edit.answer("pt4.og1.a")[-1]
    for element in reversed(moved):
        anchor.addnext(element)


def _moved_and_edited(edit: Edit) -> None:
    (moved,) = edit.answer("pt4.og2.a")
    moved.append(run(" And with Europol."))
    edit.answer("pt4.og1.c")[-1].addnext(moved)


def _several(edit: Edit) -> None:
    """A day's review: a retyped sentence, a tracked insertion, a comment and text under a heading."""
    _retyped(edit)
    _tracked_insertion(edit)
    _comment(edit)
    _typed_under_heading(edit)


def _split_first(key: str) -> list[str]:
    text = paragraphs(key)[0]
    cut = text.index(". ", 40) + 1
    return [text[:cut], text[cut + 1:]]


WORD: list[Recipe] = [
    Recipe("w-unedited", "opened and saved, nothing changed", _unedited, Expect(), resave=True),
    Recipe("w-retyped", "one answer's paragraph retyped (no tracking); Word records the last author",
           _retyped, Expect(p("pt3.og1.a", "The initiatives mentioned in Denmark's 2013 report continue to exist "
                                            "and to develop.")), resave=True),
    Recipe("w-tracked-insertion", "a sentence inserted with Track Changes on (w:ins by Carl Dane)",
           _tracked_insertion, Expect(p("pt4.og2.a", "This is handled in cooperation with Interpol. Europol is "
                                                      "informed as well.")), resave=True),
    Recipe("w-tracked-deletion", "a whole paragraph deleted with Track Changes on (w:del, mark deleted)",
           _tracked_deletion, Expect(p("pt1.og1.c", joined(*[x for i, x in enumerate(paragraphs("pt1.og1.c"))
                                                               if i != 1]), "Dora Lind")), resave=True),
    Recipe("w-tracked-replacement", "a paragraph deleted by one reviewer and retyped by another",
           _tracked_replacement, Expect(p("pt3.og1.a", "The initiatives mentioned in Denmark's 2013 report "
                                                       "continue to exist and to develop.", "Carl Dane, Dora Lind")),
           resave=True),
    Recipe("w-tracked-new-paragraph", "Enter at the end of an answer and a new paragraph, tracked",
           _tracked_new_paragraph, Expect(p("pt3.og2.b", joined(ANSWERS["pt3.og2.b"], "The report was presented "
                                                                "to Parliament in May 2014."), "Eva Holm")),
           resave=True),
    Recipe("w-move-within", "a paragraph moved above the previous one with Track Changes (w:moveFrom/w:moveTo)",
           _move_within, Expect(p("pt4.og1.b", joined(*reversed(paragraphs("pt4.og1.b"))), "Eva Holm")),
           resave=True),
    Recipe("w-move-across", "a paragraph moved from one answer to the end of the previous one, tracked",
           _move_across, Expect({**p("pt4.og1.b", joined(ANSWERS["pt4.og1.b"], paragraphs("pt4.og1.c")[1]),
                                     "Eva Holm"),
                                 **p("pt4.og1.c", paragraphs("pt4.og1.c")[0], "Eva Holm")}), resave=True),
    Recipe("w-comment", "a comment on an answer", _comment,
           Expect(notes=[{"key": "pt2.og1.a", "author": "Carl Dane", "text": "Source?"}]), resave=True),
    Recipe("w-comment-reply", "a comment and a reply to it (commentsExtended)", _comment_reply,
           Expect(notes=[{"key": "pt3.og1.b", "author": "Carl Dane", "text": "Is the website still running?"},
                         {"key": "pt3.og1.b", "author": "Dora Lind", "text": "Yes, checked in March.",
                          "reply_to": "Carl Dane: 'Is the website still running?'"}]), resave=True,
           # LibreOffice 7.4 writes no commentsExtended: the reply comes back as a note of its own
           resave_expect=Expect(notes=[
               {"key": "pt3.og1.b", "author": "Carl Dane", "text": "Is the website still running?"},
               {"key": "pt3.og1.b", "author": "Dora Lind", "text": "Yes, checked in March."}])),
    Recipe("w-reply-to-exported-note", "a reply to the note the copy was exported with", _reply_to_exported_note,
           Expect(notes=[{"key": "pt3.og1.c", "author": "Dora Lind",
                          "text": "Dates added: 4 March, 6 May and 9 September.",
                          "reply_to": "Example reviewer: 'Please add the dates of the three seminars.'"}]),
           resave=True,  # LibreOffice 7.4 writes no commentsExtended: the reply is a note of its own
           resave_expect=Expect(notes=[{"key": "pt3.og1.c", "author": "Dora Lind",
                                        "text": "Dates added: 4 March, 6 May and 9 September."}])),
    Recipe("w-identical-comments", "the same comment by the same reviewer on three answers", _identical_comments,
           Expect(notes=[{"key": k, "author": "Carl Dane", "text": "Source?"}
                         for k in ("pt1.og1.a", "pt2.og1.a", "pt4.og2.a")]), resave=True),
    Recipe("w-comment-on-prompt", "a comment on a prompt", _comment_on_prompt,
           Expect(notes=[{"key": "pt3.og1.b", "author": "Eva Holm", "text": "This prompt is unclear."}],
                  placed=[f"{named('pt3.og1.b')}: a comment by Eva Holm anchored on the prompt 'B) Please "
                          "assess"]), resave=True),
    Recipe("w-comment-on-heading", "a comment on a heading: a note on the first question under it",
           _comment_on_heading,
           Expect(notes=[{"key": "pt3.og1.a", "author": "Eva Holm", "text": "Target 3 needs an introduction."}],
                  placed=[f"{named('pt3.og1.a')}: a comment by Eva Holm anchored on the heading 'Policy Target No. 3' "
                          "became "
                          "a note on this question"]), resave=True),
    Recipe("w-empty-comment", "a comment left empty", _empty_comment,
           Expect(ignored=[NOTE_IGNORED, "an empty comment by Carl Dane was ignored"]), resave=True),
    Recipe("w-deleted-exported-comment", "the exported note's comment deleted", _deleted_exported_comment,
           Expect(ignored=[]), resave=True),
    Recipe("w-pasted-formatted", "a paragraph pasted from a web page: its font, bold, italic and a link",
           _pasted_formatted,
           Expect(p("pt3.og1.b", joined(ANSWERS["pt3.og1.b"], "**Hotline:** open *every day*, see "
                                        "[Red Barnet](https://redbarnet.dk/)."), "")), resave=True),
    Recipe("w-pasted-field-link", "a paragraph with a link as a HYPERLINK field", _pasted_field_link,
           Expect(p("pt4.og2.a", joined(ANSWERS["pt4.og2.a"], "See [Interpol](https://www.interpol.int/)."),
                    "")), resave=True),
    Recipe("w-footnote", "a footnote added at the end of an answer", _footnote,
           Expect(unplaced=[[f"{named('pt4.og2.a')}: a footnote 'See the Interpol agreement of 2009.'",
                             "was not read"]]),
           resave=True),
    Recipe("w-text-box", "a text box with a remark drawn in an answer's paragraph", _text_box,
           Expect(unplaced=[[f"{named('pt3.og1.a')}: a text box 'Check with the Ministry.'", "was not read"]]),
           resave=True),
    Recipe("w-split-paragraph", "a paragraph split in two (Enter after a sentence)", _split,
           Expect(p("pt2.og1.a", joined(*_split_first("pt2.og1.a"), *paragraphs("pt2.og1.a")[1:]), "")),
           resave=True),
    Recipe("w-merged-paragraphs", "two paragraphs merged into one (Delete at the end of the first, a space typed)",
           _merged_plain, Expect(p("pt4.og1.b", " ".join(paragraphs("pt4.og1.b")), "")), resave=True),
    Recipe("w-merged-tracked", "a heading-like paragraph joined to the next with its mark deleted, tracked",
           _merged_tracked,
           Expect(p("pt1.og1.c", joined(f"{paragraphs('pt1.og1.c')[0]}: {paragraphs('pt1.og1.c')[1]}",
                                        *paragraphs("pt1.og1.c")[2:]), "Dora Lind")), resave=True),
    Recipe("w-joined-to-prompt", "the mark at the end of an answer deleted (tracked), joining the next prompt, and "
           "a sentence typed", _joined_to_prompt,
           Expect(p("pt4.og1.a", ANSWERS["pt4.og1.a"] + " Progress is reported yearly.", "Dora Lind")), resave=True),
    Recipe("w-numbered-item-added", "a fourth item typed at the end of a numbered list", _numbered_item_added,
           Expect(p("pt3.og1.c", ANSWERS["pt3.og1.c"] + "\n4. An online course for teachers.", "")),
           resave=True),
    Recipe("w-deleted-answer-marker", "an answer's bookmark deleted (its status line stays)",
           _deleted_answer_marker, Expect(), resave=True),
    Recipe("w-deleted-status-line", "a status line deleted (the answer's bookmark stays)", _deleted_status_line,
           Expect(placed=[f"{named('pt4.og1.a')}: its status line was removed; its answer was read from its marker"]),
           resave=True),
    Recipe("w-deleted-status-typed-under-prompt", "a status line deleted and a paragraph typed under its prompt",
           _status_deleted_typed_under_prompt,
           Expect(p("pt3.og1.b", joined("Typed under the prompt, its status line deleted.", ANSWERS["pt3.og1.b"]), ""),
                  placed=[f"{named('pt3.og1.b')}: its status line was removed; its answer was read from its marker",
                          f"{named('pt3.og1.b')}: text typed between its prompt and its status line was read as the "
                          "start of its "
                          "answer: 'Typed under the prompt, its status line deleted.'"]), resave=True),
    Recipe("w-deleted-status-and-marker", "a status line and the answer's bookmark both deleted",
           _deleted_status_and_marker,
           Expect(warnings=[f"{named('pt4.og2.a')}: its markers were removed from the copy, so it was not read"],
                  unplaced=["outside every answer, was not read: 'This is handled in cooperation with "
                            "Interpol.'"]), resave=True),
    Recipe("w-typed-under-prompt", "Enter at the end of an empty answer's prompt, and text typed there",
           _typed_under_prompt,
           Expect(p("pt2.og1.b", "Typed under the prompt: a new hotline opened in 2014.", ""),
                  placed=[f"{named('pt2.og1.b')}: text typed between its prompt and its status line was read as the "
                          "start of its answer"]), resave=True),
    Recipe("w-typed-under-heading", "a paragraph typed under a heading", _typed_under_heading,
           Expect(unplaced=["text under the heading 'Policy Target No. 4', outside every answer, was not read: "
                            "'A remark typed under the heading of target 4.'"]), resave=True),
    Recipe("w-typed-under-country", "a paragraph typed under the country at the top", _typed_under_country,
           Expect(unplaced=["text under 'DENMARK', outside every answer, was not read: "
                            "'Draft reviewed by the Ministry of Justice.'"]), resave=True),
    Recipe("w-typed-under-goal", "Enter at the end of an operational goal (its FormText style goes on) and typing",
           _typed_under_goal,
           Expect(unplaced=["a paragraph in the style FormText, which only the form's own texts use, has no marker "
                            "of the form; it was not read: 'Our comment on this goal.'"]), resave=True),
    Recipe("w-typed-under-title", "Enter at the end of the title (the next style is Country) and typing",
           _typed_under_title,
           Expect(unplaced=["a paragraph in the style Country, which only the form's own texts use, has no marker "
                            "of the form; it was not read: 'Second draft, March 2026'"]), resave=True),
    Recipe("w-typed-at-the-end", "a paragraph added at the very end of the copy (in the last, empty, answer)",
           _typed_at_the_end, Expect(p("pt4.og2.c", "Added at the very end of the copy.", "")), resave=True),
    Recipe("w-typed-in-status-line", "words typed at the end of a status line", _typed_in_status_line,
           Expect(unplaced=[f"{named('pt1.og1.a')}: its status line was edited; status lines are not imported, it now "
                            "reads: 'Review status: Draft · pt1.og1.a – checked by CD'"]), resave=True),
    Recipe("w-prompt-edited", "words typed at the end of a prompt", _prompt_edited,
           Expect(unplaced=[f"{named('pt2.og1.a')}: its prompt was edited; prompts are the form's and are not "
                            "imported, it now reads: \"A) Please report on implementation of any measures announced "
                            "in your country's 2013 report (see also 2013)\""]), resave=True),
    Recipe("w-emptied", "an answer's only paragraph emptied", _emptied, Expect(p("pt3.og2.b", None, "")),
           resave=True),
    Recipe("w-whole-answer-moved", "an answer cut and pasted whole at the end of the next answer (bookmark and all)",
           _whole_answer_moved,
           Expect(placed=[f"{named('pt3.og1.a')}: its whole answer, as exported, was found inside the answer to "
                          f"{named('pt3.og1.b')} (moved in the copy); it was read as its answer, not as part of "
                          f"{named('pt3.og1.b')}"]),
           resave=True),
    Recipe("w-whole-answer-moved-up", "a two-paragraph answer cut and pasted whole under the previous answer",
           _whole_answer_moved_up,
           Expect(placed=[f"{named('pt4.og1.b')}: its whole answer, as exported, was found inside the answer to "
                          f"{named('pt4.og1.a')} (moved in the copy); it was read as its answer, not as part of "
                          f"{named('pt4.og1.a')}"]),
           resave=True),
    Recipe("w-moved-and-edited", "an answer moved into the previous one, then a sentence added to it",
           _moved_and_edited,
           Expect({**p("pt4.og1.c", joined(ANSWERS["pt4.og1.c"], "This is handled in cooperation with Interpol. "
                                                                   "And with Europol."), ""),
                   **p("pt4.og2.a", None, "")},
                  held=["pt4.og1.c", "pt4.og2.a"],
                  placed=[f"{named('pt4.og2.a')}: a paragraph marked as its answer was found inside the answer to "
                          f"{named('pt4.og1.c')}; it was read where it stands"]), resave=True),
    Recipe("w-several", "a retyped sentence, a tracked insertion, a comment and a remark under a heading",
           _several,
           Expect({**p("pt3.og1.a", "The initiatives mentioned in Denmark's 2013 report continue to exist and to "
                                    "develop."),
                   **p("pt4.og2.a", "This is handled in cooperation with Interpol. Europol is informed as well.")},
                  notes=[{"key": "pt2.og1.a", "author": "Carl Dane", "text": "Source?"}],
                  unplaced=["text under the heading 'Policy Target No. 4'"]), resave=True),
]


# -- the baseline mapping: choices, numbers, percentages and tables ---------------------------------------------
BASELINE_VALUES = {
    "commitments.weprotect": "yes", "area1.ombudsperson": "Børnerådet", "area3.csam_score": 3,
    "area4.cybertip_year_share": 1.5,
    "area6.services": [{"service": "hotline", "name": "Red Barnet", "operator": "Save the Children Denmark"}],
    "mnr.capabilities": [{"row": "c01", "score": 2}, {"row": "c02", "score": 1}],
}


def retype(element: Any, text: str) -> None:
    """Select a paragraph's text and type over it: the runs go, the markers stay."""
    for r in runs_of(element):
        element.remove(r)
    element.append(run(text))


def table(edit: Edit, key: str) -> Any:
    from docx.table import Table

    element = edit.status(key).getnext()
    assert element.tag == qn("w:tbl"), key
    return Table(element, edit.document)


def _retyped_answer(key: str, text: str) -> Callable[[Edit], None]:
    def edit(e: Edit) -> None:
        (element,) = e.answer(key)
        retype(element, text)
    return edit


def _typed_under_yes_no(edit: Edit) -> None:
    (element,) = edit.answer("commitments.weprotect")
    element.addnext(paragraph("Membership since 2015."))


def _row_added(edit: Edit) -> None:
    services = table(edit, "area6.services")
    last = services.rows[-1]._tr
    new = copy.deepcopy(last)
    for mark in list(new.iter(qn("w:bookmarkStart"))) + list(new.iter(qn("w:bookmarkEnd"))):
        mark.getparent().remove(mark)
    last.addnext(new)
    row = services.rows[-1]
    for cell, text in zip(row.cells, ["Helpline for children and young people", "BørneTelefonen", "Børns Vilkår"],
                          strict=False):
        retype(cell.paragraphs[0]._p, text)


def _column_added(edit: Edit) -> None:
    services = table(edit, "area6.services")
    for index, tr in enumerate(services._tbl.tr_lst):
        cells = tr.tc_lst
        new = copy.deepcopy(cells[1])
        for mark in list(new.iter(qn("w:bookmarkStart"))) + list(new.iter(qn("w:bookmarkEnd"))):
            mark.getparent().remove(mark)
        retype(new.find(qn("w:p")), "Notes" if index == 0 else "typed in the new column")
        cells[1].addnext(new)


def _cell(key: str, row: int, column: int, text: str) -> Callable[[Edit], None]:
    def edit(e: Edit) -> None:
        retype(table(e, key).rows[row].cells[column].paragraphs[0]._p, text)
    return edit


BASELINE: list[Recipe] = [
    Recipe("b-unedited", "a copy of the baseline mapping, opened and saved", None, Expect(ignored=[]), resave=True,
           copy="baseline"),
    Recipe("b-yes-no-retyped", "a yes/no answer retyped: Yes → No", _retyped_answer("commitments.weprotect", "No"),
           Expect(p("commitments.weprotect", "no"), ignored=[]), resave=True, copy="baseline"),
    Recipe("b-typed-under-yes-no", "a sentence typed under a yes/no answer", _typed_under_yes_no,
           Expect(warnings=[f"{named('commitments.weprotect')}: "],
                  unplaced=[[f"{named('commitments.weprotect')}: its answer could not be read",
                             "Membership since 2015."]],
                  ignored=[]), resave=True, copy="baseline"),
    Recipe("b-integer-retyped", "a score retyped: 3 → 4", _retyped_answer("area3.csam_score", "4"),
           Expect(p("area3.csam_score", 4), ignored=[]), resave=True, copy="baseline"),
    Recipe("b-percentage-retyped", "a percentage retyped with a decimal comma: 1.5 % → 2,25 %",
           _retyped_answer("area4.cybertip_year_share", "2,25 %"),
           Expect(p("area4.cybertip_year_share", 2.25), ignored=[]), resave=True, copy="baseline"),
    Recipe("b-short-text-retyped", "a short answer retyped",
           _retyped_answer("area1.ombudsperson", "Børnerådet (the National Council for Children)"),
           Expect(p("area1.ombudsperson", "Børnerådet (the National Council for Children)"), ignored=[]),
           resave=True, copy="baseline"),
    Recipe("b-table-row-added", "a row added to a table of services", _row_added,
           Expect(p("area6.services", [*BASELINE_VALUES["area6.services"],
                                       {"service": "helpline", "name": "BørneTelefonen", "operator": "Børns Vilkår"}]),
                  ignored=[]), resave=True, copy="baseline"),
    Recipe("b-table-column-added", "a column 'Notes' inserted in a table, with a value", _column_added,
           Expect(unplaced=[["the table column 'Notes' is not a column of this question", "typed in the new column"]],
                  ignored=[]), resave=True, copy="baseline"),
    Recipe("b-table-cell-retyped", "a score in the table of fixed rows retyped: 2 → 4",
           _cell("mnr.capabilities", 1, 1, "4"),
           Expect(p("mnr.capabilities", [{"row": "c01", "score": 4}, {"row": "c02", "score": 1}]), ignored=[]),
           resave=True, copy="baseline"),
    Recipe("b-table-cell-typed", "evidence typed into an empty cell of a fixed row",
           _cell("mnr.capabilities", 2, 2, "Annual report 2019."),
           Expect(p("mnr.capabilities", [{"row": "c01", "score": 2},
                                         {"row": "c02", "score": 1, "evidence": "Annual report 2019."}]),
                  ignored=[]), resave=True, copy="baseline"),
]


# -- issue 26: outside the answers, in tables, pictures and comment threads ------------------------------------------
def tiny_png(width: int = 8, height: int = 4, rgb: tuple[int, int, int] = (200, 60, 40)) -> bytes:
    """A small solid PNG, made without an imaging library (a chart pasted as a picture stands in for one)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def _header_remark(edit: Edit) -> None:
    """A remark typed into the page header (double-click the header, type)."""
    edit.document.sections[0].header.add_paragraph("Draft seen by Carl Dane, to be discussed on Monday")


def _footer_remark(edit: Edit) -> None:
    edit.document.sections[0].footer.add_paragraph("Internal: do not circulate before the ministry signs off")


def _heading_edited(edit: Edit) -> None:
    """Words typed at the end of a Policy Target's heading."""
    edit.with_text("Policy Target No. 2").append(run(" – check the numbers here"))


def _goal_edited(edit: Edit) -> None:
    goal = next(el for el in edit.elements() if text_of(el).startswith("Operational Goal: Establish"))
    goal.append(run(" Is this goal still ours?"))


def symbol_run(font: str, char: str) -> Any:
    """A run holding one ``w:sym`` (a symbol font's character, as AutoCorrect and Insert ▸ Symbol write it)."""
    sym = OxmlElement("w:sym")
    sym.set(qn("w:font"), font)
    sym.set(qn("w:char"), char)
    r = OxmlElement("w:r")
    r.append(sym)
    return r


def _symbol(edit: Edit) -> None:
    """AutoCorrect's arrow for "-->" (a w:sym of Wingdings) typed in an answer."""
    (element,) = edit.answer("pt4.og2.a")
    for child in (run(" Interpol "), symbol_run("Wingdings", "F0E0"), run(" Europol.")):
        element.append(child)


def _symbol_font(edit: Edit) -> None:
    """Insert ▸ Symbol: a "≥" of the Symbol font in an answer."""
    (element,) = edit.answer("pt3.og1.a")
    for child in (run(" Coverage "), symbol_run("Symbol", "F0B3"), run(" 90 %.")):
        element.append(child)


def add_picture(edit: Edit, element: Any, png: bytes, width_cm: float, height_cm: float, alt: str = "") -> None:
    """A picture pasted at the end of paragraph ``element`` (inline DrawingML, as Word writes), with its alt text."""
    import io

    from docx.shared import Cm
    from docx.text.paragraph import Paragraph as DocxParagraph

    DocxParagraph(element, edit.document._body).add_run().add_picture(io.BytesIO(png), width=Cm(width_cm),
                                                                      height=Cm(height_cm))
    if alt:
        drawn = list(element.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"))
        drawn[-1].set("descr", alt)


def _picture(edit: Edit) -> None:
    """A chart pasted as a picture into an answer's paragraph, with its alternative text."""
    (element,) = edit.answer("pt3.og1.a")
    add_picture(edit, element, tiny_png(), 4, 2, "Chart: reports to the hotline 2012–2014")


def _picture_alone(edit: Edit) -> None:
    """A picture in a paragraph of its own under an answer, without alternative text."""
    (element,) = edit.answer("pt4.og2.a")
    new = paragraph()
    element.addnext(new)
    add_picture(edit, new, tiny_png(6, 6, (30, 90, 200)), 3, 3)


def _embedded_object(edit: Edit) -> None:
    """An Excel chart embedded as an object (VML shape and OLE object, as Word writes one)."""
    from lxml import etree

    element = edit.answer("pt2.og1.a")[0]
    xml = ('<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
           'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">'
           '<w:object><v:shape id="obj1" alt="Table of cases per region" style="width:240pt;height:120pt"/>'
           '<o:OLEObject Type="Embed" ProgID="Excel.Sheet.12" ShapeID="obj1" DrawAspect="Content"/>'
           '</w:object></w:r>')
    element.append(etree.fromstring(xml))


def _field(edit: Edit) -> None:
    """A date inserted as a field (Insert ▸ Date and Time, update automatically): its result is the text."""
    (element,) = edit.answer("pt4.og2.a")
    element.append(run(" Checked on "))
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), r' DATE \@ "d MMMM yyyy" ')
    fld.append(run("2 March 2026"))
    element.append(fld)
    element.append(run("."))


def _complex_field(edit: Edit) -> None:
    """A page reference inserted as a field: its code between begin and separate, its shown result before end."""
    (element,) = edit.answer("pt3.og1.a")
    for child in (run(" See page "), *word_field(" PAGEREF _Ref1 \\h ", run("4")), run(" of the annex.")):
        element.append(child)


def split_table(edit: Edit, key: str, rows: int, gap_text: str = "") -> Any:
    """Table ▸ Split Table after ``rows`` rows (the header counted) of ``key``'s table; the gap's paragraph holds
    ``gap_text``. Returns the second table."""
    first = table(edit, key)._tbl
    second = copy.deepcopy(first)
    for tr in second.tr_lst[:rows]:
        second.remove(tr)
    for tr in first.tr_lst[rows:]:
        first.remove(tr)
    for mark in list(second.iter(qn("w:bookmarkStart"))) + list(second.iter(qn("w:bookmarkEnd"))):
        mark.getparent().remove(mark)
    gap = paragraph(gap_text)
    first.addnext(gap)
    gap.addnext(second)
    return second


def _split_table(edit: Edit) -> None:
    """Split Table under the second capability, a remark typed in the gap, and a score typed in the second part."""
    from docx.table import Table as DocxTable

    second = split_table(edit, "mnr.capabilities", 3, "Capabilities 3 to 21 are assessed by the police.")
    retype(DocxTable(second, edit.document).rows[0].cells[1].paragraphs[0]._p, "3")


def _split_table_plain(edit: Edit) -> None:
    """Split Table under the first capability, nothing typed: every row is still read."""
    split_table(edit, "mnr.capabilities", 2)


def _merged_down(edit: Edit) -> None:
    """A row added to the services, its "Operated by" cell merged with the one above (Merge Cells)."""
    _row_added(edit)
    services = table(edit, "area6.services")
    for index, tr in enumerate(services._tbl.tr_lst[1:3]):
        tc = tr.tc_lst[2]
        tc_pr = tc.find(qn("w:tcPr"))
        if tc_pr is None:
            tc_pr = OxmlElement("w:tcPr")
            tc.insert(0, tc_pr)
        merge = OxmlElement("w:vMerge")
        if index == 0:
            merge.set(qn("w:val"), "restart")
        else:
            retype(tc.find(qn("w:p")), "")
        tc_pr.append(merge)


def _typed_under_last_table(edit: Edit) -> None:
    """A remark typed under the last table of the document (the end of the copy)."""
    last = table(edit, "mnr.capabilities")._tbl
    last.addnext(paragraph("Remark: the whole table is from 2019."))


def _typed_inside_table(edit: Edit) -> None:
    """A second paragraph typed into a cell of the services table."""
    services = table(edit, "area6.services")
    services.rows[1].cells[1]._tc.append(paragraph("(since 1998)"))


def _same_words_in_one_answer(edit: Edit) -> None:
    """The same comment on two sentences of one answer."""
    first, second = edit.answer("pt1.og1.b")[:2]
    comment(edit, [first], "Needs a source.", "Carl Dane")
    comment(edit, [second], "Needs a source.", "Carl Dane")


def _identical_replies(edit: Edit) -> None:
    """Two threads, each answered with the same words."""
    one = comment(edit, [edit.answer("pt3.og1.a")[0]], "Still true in 2026?", "Carl Dane")
    comment(edit, [edit.answer("pt3.og1.a")[0]], "Agreed.", "Dora Lind", parent=one)
    two = comment(edit, [edit.answer("pt4.og2.a")[0]], "Which agreement?", "Carl Dane")
    comment(edit, [edit.answer("pt4.og2.a")[0]], "Agreed.", "Dora Lind", parent=two)


def _resolved_thread(edit: Edit) -> None:
    """A comment and its reply, the thread marked resolved (Resolve in Word)."""
    root = comment(edit, [edit.answer("pt2.og1.a")[0]], "Shorten this paragraph?", "Carl Dane")
    comment(edit, [edit.answer("pt2.og1.a")[0]], "Done.", "Dora Lind", parent=root)
    for entry in extended(edit):
        entry.set(f"{{{W15}}}done", "1")


STRICT = [(usual.decode(), strict_name.decode()) for strict_name, usual in STRICT_NAMES]  # as the reader undoes


def strict(path: Path) -> None:
    """Save as Strict Open XML: the same package under Strict's namespaces and relationship types (as Word does)."""
    import zipfile

    source = path.with_suffix(".transitional.docx")
    path.rename(source)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename.endswith((".xml", ".rels")):
                text = data.decode("utf-8")
                for usual, strict_name in STRICT:
                    text = text.replace(usual, strict_name)
                data = text.encode("utf-8")
            new.writestr(info, data)
    source.unlink()


def _properties_removed(edit: Edit) -> None:
    """Inspect Document ▸ Remove All: the custom properties go, and who wrote the copy."""
    from replydesk.documents.word.review import CUSTOM_RELTYPE

    package = edit.document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == CUSTOM_RELTYPE:
            del package.rels[rel_id]
    props = edit.document.core_properties
    props.author = props.last_modified_by = props.comments = props.keywords = props.identifier = ""


def _properties_removed_retyped(edit: Edit) -> None:
    _retyped(edit)
    _properties_removed(edit)


NO_PROPERTIES = ["carries no Reply Desk properties", "its identity could not be checked",
                 "read as a copy of reply 1"]
NOT_READ = "was not read"
OUTSIDE: list[Recipe] = [
    Recipe("w-header-remark", "a remark typed into the page header", _header_remark,
           Expect(unplaced=[["the page header", "'Draft seen by Carl Dane, to be discussed on Monday'", NOT_READ]]),
           resave=True),
    Recipe("w-footer-remark", "a remark typed into the page footer", _footer_remark,
           Expect(unplaced=[["the page footer", "'Internal: do not circulate before the ministry signs off'"]]),
           resave=True),
    Recipe("w-heading-edited", "words typed at the end of a Policy Target's heading", _heading_edited,
           Expect(unplaced=[["the heading 'Policy Target No. 2' was edited",
                             "'Policy Target No. 2 – check the numbers here'"]]), resave=True),
    Recipe("w-goal-edited", "a question typed at the end of an operational goal's text", _goal_edited,
           Expect(unplaced=[["the text of the form 'Operational Goal: Establish", "was edited",
                             "Is this goal still ours?'"]]), resave=True),
    Recipe("w-symbol-arrow", "AutoCorrect's arrow (a Wingdings w:sym) typed in an answer", _symbol,
           Expect(p("pt4.og2.a", ANSWERS["pt4.og2.a"] + " Interpol → Europol.", "Carl Dane")), resave=True),
    Recipe("w-symbol-font", "a ≥ inserted from the Symbol font", _symbol_font,
           Expect(p("pt3.og1.a", ANSWERS["pt3.og1.a"] + " Coverage ≥ 90 %.", "Carl Dane")), resave=True),
    Recipe("w-picture", "a chart pasted as a picture into an answer, with its alternative text", _picture,
           Expect(unplaced=[[f"{named('pt3.og1.a')}: a picture with the alternative text 'Chart: reports to the "
                             "hotline 2012–2014'", "4.0 × 2.0 cm", NOT_READ]]), resave=True),
    Recipe("w-picture-alone", "a picture without alternative text in a paragraph of its own under an answer",
           _picture_alone,
           Expect(unplaced=[[f"{named('pt4.og2.a')}: a picture without alternative text", "3.0 × 3.0 cm", NOT_READ]]),
           resave=True),
    Recipe("w-embedded-object", "an Excel table embedded as an object in an answer's paragraph", _embedded_object,
           Expect(unplaced=[[f"{named('pt2.og1.a')}: an embedded object with the alternative text 'Table of cases per "
                             "region'",
                             "Excel.Sheet.12", "8.5 × 4.2 cm"]]), resave=False),
    # not re-saved: Writer updates a DATE field to the day it saves
    Recipe("w-field-date", "a date inserted as a field in an answer", _field,
           Expect(p("pt4.og2.a", ANSWERS["pt4.og2.a"] + " Checked on 2 March 2026.", "Carl Dane"))),
    Recipe("w-field-complex", "a page reference inserted as a field (begin, code, result, end) in an answer",
           _complex_field,
           Expect(p("pt3.og1.a", ANSWERS["pt3.og1.a"] + " See page 4 of the annex.", "Carl Dane"))),
    Recipe("w-same-words-one-answer", "the same comment on two sentences of one answer", _same_words_in_one_answer,
           Expect(notes=[{"key": "pt1.og1.b", "author": "Carl Dane", "text": "Needs a source."},
                         {"key": "pt1.og1.b", "author": "Carl Dane", "text": "Needs a source."}]), resave=True),
    Recipe("w-identical-replies", "two threads each answered 'Agreed.' by the same reviewer", _identical_replies,
           Expect(notes=[{"key": "pt3.og1.a", "author": "Carl Dane", "text": "Still true in 2026?"},
                         {"key": "pt3.og1.a", "author": "Dora Lind", "text": "Agreed.",
                          "reply_to": "Carl Dane: 'Still true in 2026?'"},
                         {"key": "pt4.og2.a", "author": "Carl Dane", "text": "Which agreement?"},
                         {"key": "pt4.og2.a", "author": "Dora Lind", "text": "Agreed.",
                          "reply_to": "Carl Dane: 'Which agreement?'"}]), resave=True,
           resave_expect=Expect(notes=[{"key": "pt3.og1.a", "author": "Carl Dane", "text": "Still true in 2026?"},
                                       {"key": "pt3.og1.a", "author": "Dora Lind", "text": "Agreed."},
                                       {"key": "pt4.og2.a", "author": "Carl Dane", "text": "Which agreement?"},
                                       {"key": "pt4.og2.a", "author": "Dora Lind", "text": "Agreed."}])),
    Recipe("w-resolved-thread", "a comment and its reply, the thread marked resolved", _resolved_thread,
           Expect(notes=[{"key": "pt2.og1.a", "author": "Carl Dane", "text": "Shorten this paragraph?",
                          "resolved": True},
                         {"key": "pt2.og1.a", "author": "Dora Lind", "text": "Done.", "resolved": True,
                          "reply_to": "Carl Dane: 'Shorten this paragraph?'"}]), resave=True,
           # LibreOffice 7.4 keeps each comment's resolved mark (w15:done) but not the thread
           resave_expect=Expect(notes=[{"key": "pt2.og1.a", "author": "Carl Dane", "text": "Shorten this paragraph?",
                                        "resolved": True},
                                       {"key": "pt2.og1.a", "author": "Dora Lind", "text": "Done.",
                                        "resolved": True}])),
    Recipe("w-no-properties", "its properties removed (Inspect Document ▸ Remove All), nothing else changed",
           _properties_removed, Expect(warnings=[NO_PROPERTIES]), resave=True),
    Recipe("w-no-properties-retyped", "an answer retyped, then its properties removed (Inspect Document ▸ Remove All)",
           _properties_removed_retyped,
           Expect(p("pt3.og1.a", "The initiatives mentioned in Denmark's 2013 report continue to exist and to "
                                 "develop.", ""), held=["pt3.og1.a"], warnings=[NO_PROPERTIES]), resave=True),
    Recipe("w-strict-unedited", "saved as Strict Open XML, nothing changed", None, Expect(),
           after_save=strict),
    Recipe("w-strict-retyped", "an answer retyped, then saved as Strict Open XML", _retyped,
           Expect(p("pt3.og1.a", "The initiatives mentioned in Denmark's 2013 report continue to exist and to "
                                 "develop.")), after_save=strict),
    Recipe("b-split-table", "Split Table in the capabilities, a remark typed in the gap, a score typed below it",
           _split_table,
           Expect(p("mnr.capabilities", [{"row": "c01", "score": 2}, {"row": "c02", "score": 1},
                                         {"row": "c03", "score": 3}]),
                  placed=[f"{named('mnr.capabilities')}: its table was split in 2 parts; the rows of every part were "
                          "read"],
                  unplaced=[[f"{named('mnr.capabilities')}: text beside its tables",
                             "'Capabilities 3 to 21 are assessed by the police.'"]], ignored=[]), resave=True,
           copy="baseline"),
    Recipe("b-split-table-plain", "Split Table under the first capability, nothing typed", _split_table_plain,
           Expect(placed=[f"{named('mnr.capabilities')}: its table was split in 2 parts"], ignored=[]), resave=True,
           copy="baseline"),
    Recipe("b-merged-down", "a service added and its 'Operated by' merged with the cell above", _merged_down,
           Expect(p("area6.services", [{"service": "hotline", "name": "Red Barnet",
                                        "operator": "Save the Children Denmark"},
                                       {"service": "helpline", "name": "BørneTelefonen",
                                        "operator": "Save the Children Denmark"}]),
                  placed=[f"{named('area6.services')}: 1 table cell(s) merged down a column were read with the value"],
                  ignored=[]), resave=True, copy="baseline"),
    Recipe("b-typed-under-last-table", "a remark typed under the last table of the copy", _typed_under_last_table,
           Expect(unplaced=[[f"{named('mnr.capabilities')}: text beside its table",
                             "'Remark: the whole table is from 2019.'"]],
                  ignored=[]), resave=True, copy="baseline"),
    Recipe("b-typed-inside-table", "a second paragraph typed in a cell of the services table", _typed_inside_table,
           Expect(p("area6.services", [{"service": "hotline", "name": "Red Barnet\n(since 1998)",
                                        "operator": "Save the Children Denmark"}]), ignored=[]),
           resave=True, copy="baseline"),
]


# -- LibreOffice Writer over UNO -------------------------------------------------------------------------------
@dataclass
class WriterRecipe:
    name: str
    how: str
    ops: list[dict[str, str]]
    expect: Expect
    track: bool = False
    author: str = "Lena Olsen"
    copy: str = "denmark"


WRITER: list[WriterRecipe] = [
    WriterRecipe("lo-resaved", "opened in Writer and saved as .docx, nothing changed", [], Expect()),
    WriterRecipe("lo-typed-end", "a sentence typed at the end of an answer, Track Changes on",
                 [{"op": "type_end", "find": "This is handled in cooperation with Interpol.",
                   "text": " And with Europol."}],
                 Expect(p("pt4.og2.a", "This is handled in cooperation with Interpol. And with Europol.",
                          "Lena Olsen")), track=True),
    WriterRecipe("lo-new-paragraph", "Enter at the end of an answer and a paragraph typed (no tracking)",
                 [{"op": "new_paragraph", "find": "Please see above.", "text": "A paragraph typed in Writer."}],
                 Expect(p("pt1.og1.b", joined(ANSWERS["pt1.og1.b"], "A paragraph typed in Writer."), ""))),
    WriterRecipe("lo-replace-tracked", "words typed over, Track Changes on",
                 [{"op": "replace", "find": "continues to exist and develop", "text": "continue to exist and grow"}],
                 Expect(p("pt3.og1.a", "The initiatives mentioned in Denmark's 2013 report continue to exist and "
                                       "grow.", "Lena Olsen")), track=True),
    WriterRecipe("lo-delete-paragraph-text", "a paragraph's text deleted, Track Changes on",
                 [{"op": "replace", "find": "Please see above.", "text": ""}],
                 Expect(p("pt1.og1.b", joined(*paragraphs("pt1.og1.b")[:3]), "Lena Olsen")), track=True),
    WriterRecipe("lo-split-tracked", "a paragraph split after its first sentence (Enter), Track Changes on",
                 [{"op": "break_after", "find": _split_first("pt2.og1.a")[0]}],
                 Expect(p("pt2.og1.a", joined(*_split_first("pt2.og1.a"), *paragraphs("pt2.og1.a")[1:]),
                          "Lena Olsen")), track=True),
    WriterRecipe("lo-join-tracked", "Delete at the end of a paragraph, joining the next, and a space typed; tracked",
                 [{"op": "join_next", "find": "Increased use of analysis-based tools and profiling.", "text": " "}],
                 Expect(p("pt1.og1.c", joined(paragraphs("pt1.og1.c")[0],
                                              f"{paragraphs('pt1.og1.c')[1]} {paragraphs('pt1.og1.c')[2]}",
                                              *paragraphs("pt1.og1.c")[3:]), "Lena Olsen")), track=True),
    WriterRecipe("lo-join-untracked", "Delete at the end of a paragraph, joining the next, and a space typed",
                 [{"op": "join_next", "find": "Increased use of analysis-based tools and profiling.", "text": " "}],
                 Expect(p("pt1.og1.c", joined(paragraphs("pt1.og1.c")[0],
                                              f"{paragraphs('pt1.og1.c')[1]} {paragraphs('pt1.og1.c')[2]}",
                                              *paragraphs("pt1.og1.c")[3:]), ""))),
    WriterRecipe("lo-comment", "a comment on words of an answer",
                 [{"op": "comment", "find": "Increased use of analysis-based tools", "text": "Which tools?"}],
                 Expect(notes=[{"key": "pt1.og1.c", "author": "Lena Olsen", "text": "Which tools?"}])),
    WriterRecipe("lo-identical-comments", "the same comment on two answers",
                 [{"op": "comment", "find": "This is handled in cooperation", "text": "Source?"},
                  {"op": "comment", "find": "Drawing on an extensive report", "text": "Source?"}],
                 Expect(notes=[{"key": "pt4.og2.a", "author": "Lena Olsen", "text": "Source?"},
                               {"key": "pt2.og1.a", "author": "Lena Olsen", "text": "Source?"}])),
    WriterRecipe("lo-typed-under-prompt", "Enter at the end of a prompt, and typing",
                 [{"op": "new_paragraph", "find": "B) Please assess progress made in your country to pursue this",
                   "text": "Typed under the prompt in Writer."}],
                 Expect(p("pt1.og1.b", joined("Typed under the prompt in Writer.", ANSWERS["pt1.og1.b"]), ""),
                        placed=[f"{named('pt1.og1.b')}: text typed between its prompt and its status line was read as "
                                "the start of its answer"])),
    WriterRecipe("lo-typed-under-heading", "Enter at the end of a heading, and typing",
                 [{"op": "new_paragraph", "find": "Policy Target No. 2", "text": "A remark under target 2."}],
                 Expect(unplaced=["outside every answer, was not read: 'A remark under target 2.'"])),
    WriterRecipe("lo-typed-under-goal", "Enter at the end of an operational goal, and typing",
                 [{"op": "new_paragraph", "find": "Operational Goal: Establish", "text": "A remark on the goal."}],
                 Expect(unplaced=["a paragraph in the style FormText, which only the form's own texts use, has no "
                                  "marker of the form; it was not read: 'A remark on the goal.'"])),
    WriterRecipe("lo-typed-in-status-line", "words typed at the end of a status line",
                 [{"op": "type_end", "find": "Review status: Draft · pt4.og1.a", "text": " (seen)"}],
                 Expect(unplaced=[f"{named('pt4.og1.a')}: its status line was edited"])),
    WriterRecipe("lo-several-tracked", "two answers edited and a comment, Track Changes on, by Lena Olsen",
                 [{"op": "type_end", "find": "Please see above.", "text": " Nothing to add."},
                  {"op": "replace", "find": "In March 2014", "text": "In March 2014 (on 12 March)"},
                  {"op": "comment", "find": "Reaching out to local municipalities", "text": "Which ones?"}],
                 Expect({**p("pt1.og1.b", joined(*paragraphs("pt1.og1.b")[:3], "Please see above. Nothing to add."),
                             "Lena Olsen"),
                         **p("pt3.og2.b", ANSWERS["pt3.og2.b"].replace("In March 2014", "In March 2014 (on 12 March)",
                                                                       1), "Lena Olsen")},
                        notes=[{"key": "pt4.og1.c", "author": "Lena Olsen", "text": "Which ones?"}]), track=True),
]


# issue 26, in Writer: the page header, a picture with its alternative text, the same words twice in one answer
PICTURE = Path(tempfile.gettempdir()) / "replydesk-corpus-chart.png"
WRITER += [
    WriterRecipe("lo-header-remark", "a remark typed into the page header in Writer",
                 [{"op": "header_end", "find": "DENMARK", "text": "Seen by Lena Olsen in Writer"}],
                 Expect(unplaced=[["the page header", "'Seen by Lena Olsen in Writer'", NOT_READ]])),
    WriterRecipe("lo-picture", "a picture inserted at the end of an answer in Writer, with its description",
                 [{"op": "picture", "find": "This is handled in cooperation with Interpol.", "image": str(PICTURE),
                   "alt": "Bar chart of referrals to Interpol", "width": "40", "height": "20"}],
                 Expect(unplaced=[[f"{named('pt4.og2.a')}: a picture with the alternative text 'Bar chart of "
                                   "referrals to Interpol'", "4.0 × 2.0 cm", NOT_READ]])),
    WriterRecipe("lo-same-words-one-answer", "the same comment on two paragraphs of one answer in Writer",
                 [{"op": "comment", "find": "Victim identification", "text": "Needs a source."},
                  {"op": "comment", "find": "Please see above.", "text": "Needs a source."}],
                 Expect(notes=[{"key": "pt1.og1.b", "author": "Lena Olsen", "text": "Needs a source."},
                               {"key": "pt1.og1.b", "author": "Lena Olsen", "text": "Needs a source."}])),
    WriterRecipe("lo-heading-edited", "words typed at the end of a heading in Writer",
                 [{"op": "type_end", "find": "Policy Target No. 3", "text": " (ask the police)"}],
                 Expect(unplaced=[["the heading 'Policy Target No. 3' was edited",
                                   "'Policy Target No. 3 (ask the police)'"]])),
]


# -- return workbooks ----------------------------------------------------------------------------------------------
@dataclass
class BookRecipe:
    name: str
    how: str
    cells: dict[str, Any]  # answer key → what is typed (LibreOffice) or written (openpyxl) into its cell
    changes: dict[str, Any]  # answer key → the answer expected after the import (others unchanged)
    refused: str = ""  # a part of the refusal, when the file must be refused
    typed: bool = False  # typed through Calc's input handler (tools/lo_type.py), else openpyxl
    resave: bool = False  # also re-saved through Calc as NAME.lo.xlsx (expected to read the same)
    edit: Callable[[Any, dict[str, str]], None] | None = None  # an openpyxl edit of the workbook (answer cells given)
    unplaced: list[Any] = field(default_factory=list)  # report lines "Not placed", each matched by a part of it
    notes: list[Any] = field(default_factory=list)  # report lines "Notes", each matched by a part of it
    resave_notes: list[Any] | None = None  # when Calc's re-save is expected to read differently
    resave_unplaced: list[Any] | None = None


TYPED = {"pt2.og1.b": "50%", "pt2.og1.c": "007", "pt2.og2.a": "1/2", "pt2.og2.b": "12345678901234567890",
         "pt2.og2.c": "+4533923300", "pt3.og2.a": "TRUE", "pt4.og2.b": "1,000"}
BOOKS: list[BookRecipe] = [
    BookRecipe("x-unedited", "the return as exported", {}, {}, resave=True),
    BookRecipe("x-edited", "two answers rewritten and one added with openpyxl",
               {"pt3.og1.a": "The initiatives continue.", "pt4.og2.a": "Handled with Interpol and Europol.",
                "pt2.og1.b": "A new answer."},
               {"pt3.og1.a": "The initiatives continue.", "pt4.og2.a": "Handled with Interpol and Europol.",
                "pt2.og1.b": "A new answer."}, resave=True),
    BookRecipe("x-multiline", "a multi-line answer (line breaks in the cell)",
               {"pt4.og2.b": "First line.\nSecond line.\n\nA new paragraph."},
               {"pt4.og2.b": "First line.\nSecond line.\n\nA new paragraph."}, resave=True),
    BookRecipe("x-cleared", "an answer's cell emptied", {"pt4.og2.a": None}, {"pt4.og2.a": None}, resave=True),
    BookRecipe("x-formula", "a formula typed into an answer cell", {"pt4.og2.a": "=1+1"}, {},
               refused="formula", resave=True),
    BookRecipe("lo-typed", "typed through Calc's input handler: 50%, 007, 1/2, long digits, a phone number, TRUE",
               dict(TYPED), dict(TYPED), typed=True),
    BookRecipe("lo-typed-multiline", "a multi-line answer typed into a cell in Calc",
               {"pt4.og2.c": "Line one\nLine two"}, {"pt4.og2.c": "Line one\nLine two"}, typed=True),
    BookRecipe("lo-typed-over", "existing answers typed over in Calc",
               {"pt3.og1.a": "Continues, see 2013.", "pt4.og2.a": "With Interpol (since 2009)."},
               {"pt3.og1.a": "Continues, see 2013.", "pt4.og2.a": "With Interpol (since 2009)."}, typed=True),
]


# -- issue 26: every cell of a return looked at ----------------------------------------------------------------------
def _cell_note(book: Any, cells: dict[str, str]) -> None:
    from openpyxl.comments import Comment

    book["Reply"][cells["pt3.og1.a"]].comment = Comment("Ask the ministry for the 2013 figures.", "Anna Berg")


def _note_off_question(book: Any, cells: dict[str, str]) -> None:
    from openpyxl.comments import Comment

    book["Reply"]["B2"].comment = Comment("Is this the right country code?", "Anna Berg")
    book["Reply"][cells["pt4.og2.a"]].comment = Comment("Name the Interpol agreement.", "Anna Berg")


def _column_added_reply(book: Any, cells: dict[str, str]) -> None:
    sheet = book["Reply"]
    sheet.protection.sheet = False
    row = int(cells["pt4.og2.a"][1:])
    sheet.cell(row=row, column=6, value="Checked with the police, March")
    sheet.cell(row=9, column=6, value="Remarks")


def _sheet_added(book: Any, cells: dict[str, str]) -> None:
    remarks = book.create_sheet("Remarks")
    remarks["A1"] = "General remark: figures for 2014 are provisional."
    remarks["B3"] = "Contact: Anna Berg"


def _typed_under_last(book: Any, cells: dict[str, str]) -> None:
    sheet = book["Reply"]
    last = max(int(c[1:]) for c in cells.values())
    sheet.cell(row=last + 2, column=3, value="We will send the rest next week.")


def _percent_after_paste(book: Any, cells: dict[str, str]) -> None:
    """A paste replaced the cell's Text format; "50%", "1/2" and a date typed afterwards are numbers."""
    import datetime as dt

    sheet = book["Reply"]
    for key, value, fmt in (("pt2.og1.b", 0.5, "0%"), ("pt2.og1.c", 0.5, "# ?/?"),
                            ("pt2.og2.a", dt.datetime(2024, 3, 2), "d/m/yyyy")):
        sheet[cells[key]].value = value
        sheet[cells[key]].number_format = fmt


def _merged_answers(book: Any, cells: dict[str, str]) -> None:
    """Two answer cells merged (Merge Cells keeps the first cell's text; the second's is emptied)."""
    sheet = book["Reply"]
    first, second = cells["pt1.og1.a"], cells["pt1.og1.b"]
    sheet.merge_cells(f"{first}:{second}")


def _line_ends(book: Any, cells: dict[str, str]) -> None:
    """An answer typed with Alt+Enter over text Excel had kept with a CR (written as _x000D_)."""
    book["Reply"][cells["pt4.og2.b"]].value = "Typed in Excel_x000D_\nwith CRLF_x000D_and CR\nand LF"


BOOKS += [
    BookRecipe("x-cell-note", "a note (comment) on an answer cell", {}, {}, resave=True, edit=_cell_note,
               notes=[[f"on {named('pt3.og1.a')} ", "by Anna Berg (a note on",
                       "'Ask the ministry for the 2013 figures.'"]],
               # Calc 7.4 writes every note's author as " ": the note comes back, its author unknown
               resave_notes=[[f"on {named('pt3.og1.a')} ", "by unknown (a note on",
                              "'Ask the ministry for the 2013 figures.'"]]),
    BookRecipe("x-note-off-question", "a note on the title rows and one on an answer", {}, {}, resave=True,
               edit=_note_off_question,
               notes=[[f"on {named('pt4.og2.a')} ", "by Anna Berg (a note on",
                       "'Name the Interpol agreement.'"]],
               unplaced=[["Reply!B2: a note by Anna Berg on a cell of no question",
                          "'Is this the right country code?'"]],
               resave_notes=[[f"on {named('pt4.og2.a')} ", "by unknown (a note on",
                              "'Name the Interpol agreement.'"]],
               resave_unplaced=[["Reply!B2: a note by unknown on a cell of no question",
                                 "'Is this the right country code?'"]]),
    BookRecipe("x-column-added", "a column 'Remarks' added beside Status, one remark in it", {}, {}, resave=True,
               edit=_column_added_reply,
               unplaced=[["Reply!F9: 'Remarks'"], ["'Checked with the police, March'", "in the row of "
                                                                                       f"{named('pt4.og2.a')}",
                                                     "a column the export did not write"]]),
    BookRecipe("x-sheet-added", "a sheet of remarks added", {}, {}, resave=True, edit=_sheet_added,
               unplaced=[["Remarks!A1: 'General remark: figures for 2014 are provisional.'"],
                         ["Remarks!B3: 'Contact: Anna Berg'"]]),
    BookRecipe("x-typed-under-last", "a sentence typed under the last question", {}, {}, resave=True,
               edit=_typed_under_last,
               unplaced=[["'We will send the rest next week.'", "on a row of no question"]]),
    BookRecipe("x-shown-formats", "50%, 1/2 and a date typed after a paste replaced the Text format", {},
               {"pt2.og1.b": "50%", "pt2.og1.c": "1/2", "pt2.og2.a": "2/3/2024"}, resave=True,
               edit=_percent_after_paste),
    BookRecipe("x-merged-answers", "two answer cells merged (the second answer's text goes, as Excel warns)", {},
               {"pt1.og1.b": None}, resave=True, edit=_merged_answers,
               unplaced=[["Reply!D", "cells merged in the workbook"]]),
    BookRecipe("x-line-ends", "an answer holding CRLF, CR and LF as Excel writes them", {},
               {"pt4.og2.b": "Typed in Excel\nwith CRLF\nand CR\nand LF"}, edit=_line_ends),
]


# -- making it -------------------------------------------------------------------------------------------------------
class _Dumper(yaml.SafeDumper):
    """Multi-line answers as literal blocks, so an expectation reads as the answer does."""


_Dumper.add_representer(str, lambda dumper, text: dumper.represent_scalar(
    "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None))


def write_expected(path: Path, how: str, made: str, data: dict[str, Any]) -> None:
    header = (f"# {path.name.replace('.expected.yaml', '')}: {how}\n# made {made}\n"
              "# Written by hand in tools/make_office_corpus.py, not taken from the importer.\n")
    path.write_text(header + yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                                                width=110), encoding="utf-8")


def word_expectation(expect: Expect) -> dict[str, Any]:
    return {"proposals": expect.proposals, "notes": expect.notes, "held": expect.held,
            "report": {"placed": expect.placed, "unplaced": expect.unplaced, "ignored": expect.ignored,
                       "warnings": expect.warnings}}


def write_word_expected(recipe: Recipe) -> None:
    """A copy edited as Word writes (and its re-save through Writer): what importing it must give."""
    write_expected(CORPUS / f"{recipe.name}.expected.yaml", recipe.how,
                   "with python-docx/lxml, as Word writes it", word_expectation(recipe.expect))
    if recipe.resave:
        write_expected(CORPUS / f"{recipe.name}.lo.expected.yaml", recipe.how + "; then re-saved in Writer",
                       "with python-docx/lxml, then opened and saved as .docx in LibreOffice Writer over UNO",
                       word_expectation(recipe.resave_expect or recipe.expect))


def write_writer_expected(recipe: WriterRecipe) -> None:
    """A copy edited in LibreOffice Writer: what importing it must give."""
    write_expected(CORPUS / f"{recipe.name}.expected.yaml", recipe.how,
                   "in LibreOffice Writer over UNO (tools/lo_writer.py)"
                   + (", Track Changes on" if recipe.track else ""),
                   word_expectation(recipe.expect))


def write_book_expected(recipe: BookRecipe) -> None:
    """A return workbook (and its re-save through Calc): the answers it changes or its refusal."""
    made = ("in LibreOffice Calc over UNO, typed through its input handler (tools/lo_type.py)" if recipe.typed
            else "with openpyxl")
    expected = {"changes": recipe.changes, "refused": recipe.refused}
    if recipe.unplaced or recipe.notes:
        expected.update({"unplaced": recipe.unplaced, "notes": recipe.notes})
    write_expected(CORPUS / f"{recipe.name}.expected.yaml", recipe.how, made, expected)
    if recipe.resave:
        if recipe.resave_notes is not None or recipe.resave_unplaced is not None:
            expected = {**expected, "notes": recipe.notes if recipe.resave_notes is None else recipe.resave_notes,
                        "unplaced": recipe.unplaced if recipe.resave_unplaced is None else recipe.resave_unplaced}
        write_expected(CORPUS / f"{recipe.name}.lo.expected.yaml", recipe.how + "; then re-saved in Calc",
                       made + ", then opened and saved as .xlsx in LibreOffice Calc over UNO", expected)


def write_expectations_only() -> int:
    """Write every file's expectation again from the recipes, leaving the files themselves as they are: for a
    deliberate change of what the import must say (its report's wording), read in the diff before committing."""
    for recipe in WORD + BASELINE + OUTSIDE:
        write_word_expected(recipe)
    for writer_recipe in WRITER:
        write_writer_expected(writer_recipe)
    for book in BOOKS:
        write_book_expected(book)
    print(f"{len(list(CORPUS.glob('*.expected.yaml')))} expectations in {CORPUS}")
    return 0


def main(argv: list[str]) -> int:
    """Make the whole corpus anew; with ``--new-only``, only the recipes whose file is missing, exported from the
    committed ``base.sqlite3`` (so the files already there, and their base, stay as they are); with
    ``--expectations``, only the ``NAME.expected.yaml`` files, from the recipes (no LibreOffice needed)."""
    if "--expectations" in argv:
        return write_expectations_only()
    new_only = "--new-only" in argv
    registry = Registry.load(REPO / "forms")
    if not new_only:
        for old in CORPUS.glob("*"):
            if old.name != "README.md":
                old.unlink()
    CORPUS.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="office-corpus-"))
    base = work / "base.sqlite3"
    if new_only:
        shutil.copy(CORPUS / "base.sqlite3", base)
    with Store.open(base, write=True, purpose="the office corpus") as store:
        baseline = registry.get("coe-ocsea-baseline")
        if new_only:
            reply_id = json.loads((CORPUS / "base.json").read_text(encoding="utf-8"))["reply_id"]
            other = store.find_reply(baseline.id, "DENMARK", 2020)
        else:
            reply_id = example._fill(store, registry)
            other = store.create_reply(baseline, "DENMARK", 2020, by="official")
            store.save_answers(other.id, baseline.resolved(2020), BASELINE_VALUES, by="official")
        form = registry.get("global-alliance-2014").resolved(2014)
        exported = export_docx(store, reply_id, form, work / "review.docx", review=True, by="Reply Desk")
        export_return(source_from_store(store, reply_id, form), work / "return.xlsx")
        copies = {"denmark": exported.path, "baseline": export_docx(
            store, other.id, baseline.resolved(2020), work / "baseline.docx", review=True, by="Reply Desk").path}
    if not new_only:
        shutil.copy(base, CORPUS / "base.sqlite3")  # closed: its write-ahead log is folded in
        (CORPUS / "base.json").write_text(json.dumps({"reply_id": reply_id, "form": "global-alliance-2014",
                                                      "year": 2014, "country": "DENMARK"}, indent=1) + "\n")

    def wanted(name: str, suffix: str) -> bool:
        return not new_only or not (CORPUS / f"{name}{suffix}").exists()

    resaves: list[tuple[Path, Path]] = []
    for recipe in WORD + BASELINE + OUTSIDE:
        if not wanted(recipe.name, ".docx"):
            continue
        document = docx.Document(str(copies[recipe.copy]))
        edit = Edit(document)
        edit.core("Carl Dane")
        if recipe.edit:
            recipe.edit(edit)
        target = CORPUS / f"{recipe.name}.docx"
        document.save(str(target))
        if recipe.after_save:
            recipe.after_save(target)
        write_word_expected(recipe)
        if recipe.resave:
            resaves.append((target, CORPUS / f"{recipe.name}.lo.docx"))
    writer = [r for r in WRITER if wanted(r.name, ".docx")]
    PICTURE.write_bytes(tiny_png(16, 8))
    jobs = [{"source": str(copies[r.copy]), "target": str(CORPUS / f"{r.name}.docx"), "author": r.author,
             "track": r.track, "ops": r.ops} for r in writer]
    jobs += [{"source": str(source), "target": str(target), "ops": []} for source, target in resaves]
    for recipe in writer:
        write_writer_expected(recipe)
    (work / "jobs.json").write_text(json.dumps(jobs), encoding="utf-8")
    subprocess.run(["/usr/bin/python3", str(REPO / "tools" / "lo_writer.py"), str(work / "jobs.json")], check=True,
                   timeout=600)

    cells = answer_cells(work / "return.xlsx")
    for recipe in BOOKS:
        if not wanted(recipe.name, ".xlsx"):
            continue
        target = CORPUS / f"{recipe.name}.xlsx"
        shutil.copy(work / "return.xlsx", target)
        if recipe.typed:
            subprocess.run(["/usr/bin/python3", str(REPO / "tools" / "lo_type.py"), str(target),
                            *(f"Reply!{cells[key]}={text}" for key, text in recipe.cells.items())],
                           check=True, timeout=300)
        else:
            book = openpyxl.load_workbook(target)
            for key, value in recipe.cells.items():
                book["Reply"][cells[key]].value = value
            if recipe.edit:
                recipe.edit(book, cells)
            book.save(target)
        if recipe.resave:
            resaved = CORPUS / f"{recipe.name}.lo.xlsx"
            shutil.copy(target, resaved)
            subprocess.run(["/usr/bin/python3", str(REPO / "tools" / "lo_type.py"), str(resaved)], check=True,
                           timeout=300)
        write_book_expected(recipe)
    shutil.rmtree(work, ignore_errors=True)
    print(f"{len(list(CORPUS.glob('*.docx')))} review copies and {len(list(CORPUS.glob('*.xlsx')))} workbooks "
          f"in {CORPUS}")
    return 0


def answer_cells(path: Path) -> dict[str, str]:
    """Answer key → the coordinate of its answer cell on the Reply sheet (key in column A, answer in D)."""
    sheet = openpyxl.load_workbook(path)["Reply"]
    return {row[0].value: row[3].coordinate for row in sheet.iter_rows(min_row=1) if row[0].value in ANSWERS
            or (isinstance(row[0].value, str) and row[0].value.startswith("pt"))}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
