"""The body of a .docx as paragraphs and tables, read as if every tracked change were accepted.

Insertions (``w:ins``, ``w:moveTo``) are kept, deletions (``w:del``,
``w:moveFrom``) dropped, a deleted paragraph mark joins two paragraphs. Runs keep
bold, italic and links (``w:hyperlink`` or a HYPERLINK field); list paragraphs
know their kind (bullet or number, from the numbering definitions) and level.
Bookmarks and comment anchors are recorded on the block they start in.
Works on what Word and LibreOffice write; anything unknown is read for its text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from replydesk.definitions.markdown import Block, Run, to_markdown
from replydesk.documents.word.package import DocxPackage
from replydesk.documents.word.review import STATUS_PREFIX, STRUCTURE_PREFIX

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
V = "{urn:schemas-microsoft-com:vml}"
VO = "{urn:schemas-microsoft-com:office:office}"
_EMU_PER_CM = 360_000
_FALSE = ("0", "false", "off", "none")
#: ``w:sym`` characters of the symbol fonts Word's AutoCorrect and Insert ▸ Symbol use, as the Unicode they show
#: (the font's code, F000 + the old 8-bit code); any other is read as the character its code names.
SYMBOLS = {
    "wingdings": {0xE0: "→", 0xDF: "←", 0xE1: "↑", 0xE2: "↓", 0xE8: "➔", 0xF0: "⇨", 0xD8: "➢", 0xFC: "✓",
                  0xFB: "✗", 0x4A: "☺", 0x4C: "☹", 0x9F: "•", 0xA7: "▪", 0x6C: "●", 0x6F: "□", 0x71: "❑",
                  0xFE: "☑", 0x76: "❖", 0xD6: "⇧", 0xDC: "➝"},
    "symbol": {0xAE: "→", 0xAC: "←", 0xAD: "↑", 0xAF: "↓", 0xDE: "⇒", 0xDC: "⇐", 0xB7: "•", 0xB1: "±",
               0xB3: "≥", 0xA3: "≤", 0xB9: "≠", 0xBB: "≈", 0xD7: "×", 0xB8: "÷", 0xB0: "°", 0xA5: "∞",
               0xE2: "®", 0xE3: "©", 0xE4: "™", 0xD3: "©", 0xD2: "®", 0xD4: "™", 0x61: "α", 0x62: "β",
               0x64: "δ", 0x6D: "μ", 0x70: "π", 0x53: "Σ", 0x57: "Ω"},
}
_CONTAINERS = {"smartTag", "customXml", "dir", "bdo", "sdtContent", "ins", "moveTo", "fldSimple", "hyperlink"}


@dataclass(frozen=True)
class Picture:
    """A picture, chart or embedded object drawn in a paragraph: what a reader of the report needs to find it."""

    kind: str  # "picture", "chart", "embedded object", "shape"
    alt: str  # its alternative text (description, else title), "" if none
    name: str  # the name Word gives it ("Picture 3")
    width_cm: float
    height_cm: float
    part: str  # the package part holding its image ("word/media/image1.png"), "" if none

    def describe(self) -> str:
        size = f"{self.width_cm:.1f} × {self.height_cm:.1f} cm" if self.width_cm and self.height_cm else "size unknown"
        alt = f"with the alternative text {self.alt!r}" if self.alt else "without alternative text"
        article = "an" if self.kind[0] in "aeiou" else "a"
        return f"{article} {self.kind} {alt} ({self.name + ', ' if self.name else ''}{size})"


@dataclass
class Paragraph:
    runs: list[Run] = field(default_factory=list)
    style: str = ""
    list_kind: str | None = None  # "bullet", "number" or None
    level: int = 0
    num_id: str = ""
    bookmarks: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    authors: set[str] = field(default_factory=set)  # authors of tracked changes in it
    mark_deleted: bool = False
    asides: list[str] = field(default_factory=list)  # footnotes and text boxes in it: "a footnote 'text'"
    pictures: list[Picture] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass
class Table:
    rows: list[list[list[Paragraph]]] = field(default_factory=list)  # rows → cells → paragraphs
    bookmarks: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    authors: set[str] = field(default_factory=set)
    asides: list[str] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    merged: list[tuple[int, int]] = field(default_factory=list)  # (row, column) of cells a vertical merge filled

    def cell_texts(self) -> list[list[str]]:
        return [["\n".join(p.text for p in cell).strip() for cell in row] for row in self.rows]


BodyBlock = Paragraph | Table


@dataclass(frozen=True)
class Comment:
    id: str
    author: str
    initials: str
    date: str
    text: str
    parent: str | None = None  # the id of the comment this one replies to (a Word reply thread)
    resolved: bool = False  # marked done (Word's *Resolve*, ``w15:done``)


def _local(element: Element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _on(element: Element | None) -> bool | None:
    """A toggle property: True, False, or None when absent."""
    if element is None:
        return None
    return element.get(f"{W}val", "true").lower() not in _FALSE


class DocumentReader:
    """Reads one package's main document, comments and numbering."""

    def __init__(self, package: DocxPackage):
        self.package = package
        self.main = package.main_part()
        self.rels = package.relationships(self.main)
        styles_part = package.part_by_type(self.main, "/styles")
        numbering_part = package.part_by_type(self.main, "/numbering")
        self._styles = package.xml(styles_part) if styles_part else None
        self._numbering = package.xml(numbering_part) if numbering_part else None
        self._style_by_id = {s.get(f"{W}styleId", ""): s for s in self._styles.iter(f"{W}style")} \
            if self._styles is not None else {}
        self._fields: list[dict[str, str]] = []
        self._notes: dict[str, dict[str, str]] = {}  # "footnote"/"endnote" → id → text
        self._part_rels = self.rels  # the relationships of the part being read (a header has its own)
        self.page_pictures: list[Picture] = []  # pictures in the pages' headers and footers (``page_texts``)

    # -- body ---------------------------------------------------------------------
    def body(self) -> list[BodyBlock]:
        root = self.package.xml(self.main)
        body = root.find(f"{W}body") if root is not None else None
        if body is None:
            return []
        blocks = list(self._blocks(body))
        return _merge_deleted_marks(blocks)

    def _blocks(self, container: Element) -> Iterator[BodyBlock]:
        pending: list[str] = []  # bookmarks that start between blocks belong to the next one
        for child in container:
            name = _local(child)
            if name == "p":
                paragraph = self.paragraph(child)
                paragraph.bookmarks[:0] = pending
                pending = []
                yield paragraph
            elif name == "tbl":
                table = self.table(child)
                table.bookmarks[:0] = pending
                pending = []
                yield table
            elif name == "bookmarkStart":
                pending.append(child.get(f"{W}name", ""))
            elif name in ("sdt", "customXml", "ins", "moveTo"):
                content = child.find(f"{W}sdtContent") if name == "sdt" else child
                if content is not None:
                    yield from self._blocks(content)

    def table(self, element: Element) -> Table:
        """A table's rows of cells; a cell a vertical merge continues (``w:vMerge``) shows the merge's first cell."""
        table = Table()
        above: dict[int, list[Paragraph]] = {}  # grid column → the cell a vertical merge started there
        for tr in element.iter(f"{W}tr"):
            tr_pr = tr.find(f"{W}trPr")
            if tr_pr is not None and tr_pr.find(f"{W}del") is not None:
                continue
            row: list[list[Paragraph]] = []
            column = 0
            for tc in _cells(tr):
                cell = [self.paragraph(p) for p in tc.iter(f"{W}p")]
                for paragraph in cell:
                    table.bookmarks += paragraph.bookmarks
                    table.comments += paragraph.comments
                    table.authors |= paragraph.authors
                    table.asides += paragraph.asides
                    table.pictures += paragraph.pictures
                paragraphs = [b for b in _merge_deleted_marks(list(cell)) if isinstance(b, Paragraph)]
                tc_pr = tc.find(f"{W}tcPr")
                merge = tc_pr.find(f"{W}vMerge") if tc_pr is not None else None
                span = tc_pr.find(f"{W}gridSpan") if tc_pr is not None else None
                if merge is not None and merge.get(f"{W}val", "continue") == "continue" and column in above:
                    if not "".join(p.text for p in paragraphs).strip():
                        paragraphs = above[column]
                        table.merged.append((len(table.rows), len(row)))
                elif merge is not None:
                    above[column] = paragraphs
                else:
                    above.pop(column, None)
                row.append(paragraphs)
                column += _int(span.get(f"{W}val") if span is not None else None, 1)
            table.rows.append(row)
        return table

    def paragraph(self, element: Element) -> Paragraph:
        paragraph = Paragraph()
        ppr = element.find(f"{W}pPr")
        num_id, level = "", 0
        if ppr is not None:
            style = ppr.find(f"{W}pStyle")
            paragraph.style = style.get(f"{W}val", "") if style is not None else ""
            num_id, level = _num_pr(ppr)
            mark = ppr.find(f"{W}rPr")
            if mark is not None and (mark.find(f"{W}del") is not None or mark.find(f"{W}moveFrom") is not None):
                paragraph.mark_deleted = True
        if not num_id and paragraph.style:
            num_id, level = self._style_numbering(paragraph.style)
        if num_id and num_id != "0":
            paragraph.list_kind = self._list_kind(num_id, level, paragraph.style)
            paragraph.level, paragraph.num_id = level, num_id
        self._fields = []
        self._inline(element, paragraph, None)
        return paragraph

    def _inline(self, element: Element, paragraph: Paragraph, link: str | None) -> None:
        for child in element:
            name = _local(child)
            if name == "r":
                self._run(child, paragraph, link)
            elif name in _CONTAINERS:
                inner_link = link
                if name in ("ins", "moveTo") and child.get(f"{W}author"):
                    paragraph.authors.add(child.get(f"{W}author", ""))
                elif name == "hyperlink":
                    inner_link = self._hyperlink_target(child) or link
                elif name == "fldSimple":
                    inner_link = _hyperlink_instruction(child.get(f"{W}instr", "")) or link
                self._inline(child, paragraph, inner_link)
            elif name in ("del", "moveFrom"):
                if child.get(f"{W}author"):
                    paragraph.authors.add(child.get(f"{W}author", ""))
            elif name == "sdt":
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    self._inline(content, paragraph, link)
            elif name == "bookmarkStart":
                paragraph.bookmarks.append(child.get(f"{W}name", ""))
            elif name == "commentRangeStart":
                paragraph.comments.append(child.get(f"{W}id", ""))

    def _run(self, run: Element, paragraph: Paragraph, link: str | None) -> None:
        rpr = run.find(f"{W}rPr")
        bold, italic = self._run_format(rpr)
        parts: list[str] = []
        for child in run:
            name = _local(child)
            if name == "fldChar":
                kind = child.get(f"{W}fldCharType")
                if kind == "begin":
                    self._fields.append({"instr": "", "phase": "instr"})
                elif kind == "separate" and self._fields:
                    self._fields[-1]["phase"] = "result"
                elif kind == "end" and self._fields:
                    self._fields.pop()
                continue
            if name == "instrText":
                if self._fields:
                    self._fields[-1]["instr"] += child.text or ""
                continue
            if name == "commentReference":
                paragraph.comments.append(child.get(f"{W}id", ""))
                continue
            if name in ("footnoteReference", "endnoteReference"):
                kind = name.removesuffix("Reference")
                paragraph.asides.append(f"a {kind} {self._note_text(kind, child.get(f'{W}id', ''))!r}")
                continue
            if name in ("drawing", "pict", "AlternateContent", "object"):
                boxes = [" ".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in box.iter(f"{W}p")).strip()
                         for box in child.iter(f"{W}txbxContent")]
                for text in dict.fromkeys(b for b in boxes if b):  # Word writes a box twice (DrawingML and VML)
                    paragraph.asides.append(f"a text box {text!r}")
                drawn = self._picture(child, bool(boxes))
                if drawn is not None:
                    paragraph.pictures.append(drawn)
                    paragraph.asides.append(drawn.describe())
                continue
            if name == "sym":
                parts.append(symbol(child.get(f"{W}font", ""), child.get(f"{W}char", "")))
                continue
            if self._fields and self._fields[-1]["phase"] == "instr":
                continue  # the field's code, not its result
            if name == "t":
                parts.append(child.text or "")
            elif name == "tab" or name == "ptab":
                parts.append("\t")
            elif name in ("br", "cr"):
                if child.get(f"{W}type") in (None, "textWrapping"):
                    parts.append("\n")
            elif name == "noBreakHyphen":
                parts.append("-")
        text = "".join(parts)
        if not text:
            return
        if any("\uf000" <= c <= "\uf0ff" for c in text):  # a symbol font's character, as Writer saves a w:sym
            fonts = rpr.find(f"{W}rFonts") if rpr is not None else None
            font = next((fonts.get(f"{W}{a}") for a in ("ascii", "hAnsi", "cs") if fonts is not None
                         and fonts.get(f"{W}{a}")), "")
            if font.strip().casefold() in SYMBOLS:  # in any other font the character is the one typed
                text = "".join(symbol(font, f"{ord(c):04X}") if "\uf000" <= c <= "\uf0ff" else c for c in text)
        field_link = next((_hyperlink_instruction(f["instr"]) for f in reversed(self._fields)
                           if _hyperlink_instruction(f["instr"])), None)
        paragraph.runs.append(Run(text, bold, italic, link or field_link))

    def _picture(self, element: Element, is_box: bool) -> Picture | None:
        """What a drawing (DrawingML, VML or an OLE object) shows, unless it is only a text box."""
        if _local(element) == "AlternateContent":  # the same drawing twice: take the first choice
            choice = next(iter(element), None)
            element = next(iter(choice), element) if choice is not None else element
        doc_pr = next(element.iter(f"{WP}docPr"), None)
        extent = next(element.iter(f"{WP}extent"), None)
        blip = next(element.iter(f"{A}blip"), None)
        graphic = next(element.iter(f"{A}graphicData"), None)
        uri = graphic.get("uri", "") if graphic is not None else ""
        ole = next(element.iter(f"{VO}OLEObject"), None)
        image = next(element.iter(f"{V}imagedata"), None)
        if is_box and blip is None and ole is None and image is None:
            return None
        kind = ("embedded object" if ole is not None or _local(element) == "object" else
                "chart" if uri.endswith("/chart") else "picture" if blip is not None or image is not None else
                "shape")
        alt = name = ""
        width = height = 0.0
        if doc_pr is not None:
            alt = (doc_pr.get("descr") or doc_pr.get("title") or "").strip()
            name = doc_pr.get("name", "")
        if extent is not None:
            width, height = _int(extent.get("cx"), 0) / _EMU_PER_CM, _int(extent.get("cy"), 0) / _EMU_PER_CM
        shape = next(element.iter(f"{V}shape"), None)
        if shape is not None:
            alt = alt or (shape.get("alt") or (image.get(f"{VO}title") if image is not None else "") or "").strip()
            width, height = width or _css_cm(shape.get("style", ""), "width"), height or _css_cm(
                shape.get("style", ""), "height")
        if ole is not None:
            name = name or ole.get("ProgID", "")
        rel_id = (blip.get(f"{R}embed") if blip is not None else None) or (
            image.get(f"{R}id") if image is not None else None)
        rels = self._part_rels
        part = rels[rel_id].target if rel_id and rel_id in rels and not rels[rel_id].external else ""
        return Picture(kind, alt, name, round(width, 1), round(height, 1), part)

    def page_texts(self) -> list[tuple[str, str]]:
        """(where, text) of every paragraph of the pages' headers and footers, fields read as their results."""
        found: list[tuple[str, str]] = []
        for rel in self.rels.values():
            kind = rel.type.rsplit("/", 1)[-1]
            if rel.external or kind not in ("header", "footer") or not self.package.has(rel.target):
                continue
            root = self.package.xml(rel.target)
            self._part_rels = self.package.relationships(rel.target)
            for p in root.iter(f"{W}p") if root is not None else []:
                paragraph = Paragraph()
                self._fields = []
                self._inline(p, paragraph, None)
                self.page_pictures += paragraph.pictures
                text = paragraph.text.strip()
                if text:
                    found.append((f"the page {kind} ({rel.target.rsplit('/', 1)[-1]})", text))
                found += [(f"the page {kind} ({rel.target.rsplit('/', 1)[-1]})", aside)
                          for aside in paragraph.asides]
        self._part_rels = self.rels
        return found

    def _run_format(self, rpr: Element | None) -> tuple[bool, bool]:
        bold = _on(rpr.find(f"{W}b")) if rpr is not None else None
        italic = _on(rpr.find(f"{W}i")) if rpr is not None else None
        style = rpr.find(f"{W}rStyle") if rpr is not None else None
        if style is not None and (bold is None or italic is None):
            style_bold, style_italic = self._style_format(style.get(f"{W}val", ""))
            bold = style_bold if bold is None else bold
            italic = style_italic if italic is None else italic
        return bool(bold), bool(italic)

    def _style_format(self, style_id: str, depth: int = 0) -> tuple[bool | None, bool | None]:
        style = self._style_by_id.get(style_id)
        if style is None or depth > 10:
            return (True, None) if style_id == "Strong" else (None, True) if style_id == "Emphasis" else (None, None)
        rpr = style.find(f"{W}rPr")
        bold = _on(rpr.find(f"{W}b")) if rpr is not None else None
        italic = _on(rpr.find(f"{W}i")) if rpr is not None else None
        based = style.find(f"{W}basedOn")
        if based is not None and (bold is None or italic is None):
            parent_bold, parent_italic = self._style_format(based.get(f"{W}val", ""), depth + 1)
            bold = parent_bold if bold is None else bold
            italic = parent_italic if italic is None else italic
        return bold, italic

    def _hyperlink_target(self, element: Element) -> str | None:
        rel_id = element.get(f"{R}id")
        if rel_id and rel_id in self.rels:
            return self.rels[rel_id].target
        return None

    def _note_text(self, kind: str, note_id: str) -> str:
        """The text of footnote or endnote ``note_id`` ("" if the part or the note is missing)."""
        if kind not in self._notes:
            part = self.package.part_by_type(self.main, f"/{kind}s")
            root = self.package.xml(part) if part else None
            self._notes[kind] = {} if root is None else {
                note.get(f"{W}id", ""): " ".join("".join(t.text or "" for t in p.iter(f"{W}t"))
                                                 for p in note.iter(f"{W}p")).strip()
                for note in root.iter(f"{W}{kind}")}
        return self._notes[kind].get(note_id, "")

    # -- lists ------------------------------------------------------------------------
    def _style_numbering(self, style_id: str, depth: int = 0) -> tuple[str, int]:
        style = self._style_by_id.get(style_id)
        if style is None or depth > 10:
            return "", 0
        ppr = style.find(f"{W}pPr")
        if ppr is not None:
            num_id, level = _num_pr(ppr)
            if num_id:
                return num_id, level
        based = style.find(f"{W}basedOn")
        return self._style_numbering(based.get(f"{W}val", ""), depth + 1) if based is not None else ("", 0)

    def level_definition(self, num_id: str, level: int) -> Element | None:
        """The ``w:lvl`` that formats level ``level`` of list ``num_id`` (overrides first)."""
        if self._numbering is None:
            return None
        num = next((n for n in self._numbering.iter(f"{W}num") if n.get(f"{W}numId") == num_id), None)
        if num is None:
            return None
        for override in num.findall(f"{W}lvlOverride"):
            if override.get(f"{W}ilvl") == str(level) and override.find(f"{W}lvl") is not None:
                return override.find(f"{W}lvl")
        abstract_ref = num.find(f"{W}abstractNumId")
        abstract_id = abstract_ref.get(f"{W}val") if abstract_ref is not None else None
        for _ in range(3):  # follow numStyleLink → style → numId → abstractNum
            abstract = next((a for a in self._numbering.iter(f"{W}abstractNum")
                             if a.get(f"{W}abstractNumId") == abstract_id), None)
            if abstract is None:
                return None
            link = abstract.find(f"{W}numStyleLink")
            if link is None:
                return next((lv for lv in abstract.findall(f"{W}lvl") if lv.get(f"{W}ilvl") == str(level)), None)
            linked_num, _ = self._style_numbering(link.get(f"{W}val", ""))
            linked = next((n for n in self._numbering.iter(f"{W}num") if n.get(f"{W}numId") == linked_num), None)
            ref = linked.find(f"{W}abstractNumId") if linked is not None else None
            abstract_id = ref.get(f"{W}val") if ref is not None else None
        return None

    def abstract_of(self, num_id: str) -> str:
        num = self._num(num_id)
        ref = num.find(f"{W}abstractNumId") if num is not None else None
        return ref.get(f"{W}val", num_id) if ref is not None else num_id

    def start_override(self, num_id: str, level: int) -> int | None:
        num = self._num(num_id)
        for override in num.findall(f"{W}lvlOverride") if num is not None else []:
            start = override.find(f"{W}startOverride")
            if override.get(f"{W}ilvl") == str(level) and start is not None:
                return _int(start.get(f"{W}val"), 1)
        return None

    def level_start(self, num_id: str, level: int) -> int:
        definition = self.level_definition(num_id, level)
        start = definition.find(f"{W}start") if definition is not None else None
        return _int(start.get(f"{W}val"), 1) if start is not None else 1

    def _num(self, num_id: str) -> Element | None:
        if self._numbering is None:
            return None
        return next((n for n in self._numbering.iter(f"{W}num") if n.get(f"{W}numId") == num_id), None)

    def _list_kind(self, num_id: str, level: int, style: str) -> str | None:
        definition = self.level_definition(num_id, level)
        fmt = definition.find(f"{W}numFmt") if definition is not None else None
        if fmt is not None:
            value = fmt.get(f"{W}val", "")
            return None if value == "none" else "bullet" if value == "bullet" else "number"
        return "number" if "number" in style.lower() else "bullet"

    # -- comments -----------------------------------------------------------------------
    def comments(self) -> dict[str, Comment]:
        """Every comment by id; a reply knows its parent (``commentsExtended``, as Word and LibreOffice write it)."""
        part = self.package.part_by_type(self.main, "/comments")
        root = self.package.xml(part) if part else None
        result: dict[str, Comment] = {}
        if root is None:
            return result
        by_para: dict[str, str] = {}  # the w14:paraId of a comment's last paragraph → comment id
        for element in root.iter(f"{W}comment"):
            paragraphs = []
            comment_id = element.get(f"{W}id", "")
            for p in element.iter(f"{W}p"):
                paragraph = Paragraph()
                self._fields = []
                self._inline(p, paragraph, None)
                paragraphs.append(paragraph.text)
                para_id = p.get(f"{W14}paraId")
                if para_id:
                    by_para[para_id.upper()] = comment_id
            result[comment_id] = Comment(comment_id, element.get(f"{W}author", ""), element.get(f"{W}initials", ""),
                                         element.get(f"{W}date", ""), "\n".join(paragraphs).strip())
        extended_part = self.package.part_by_type(self.main, "/commentsExtended")
        extended = self.package.xml(extended_part) if extended_part else None
        for entry in extended.iter(f"{W15}commentEx") if extended is not None else []:
            child = by_para.get((entry.get(f"{W15}paraId") or "").upper())
            parent = by_para.get((entry.get(f"{W15}paraIdParent") or "").upper())
            done = (entry.get(f"{W15}done") or "0").lower() in ("1", "true", "on")
            if child in result:
                comment = result[child]
                result[child] = Comment(comment.id, comment.author, comment.initials, comment.date, comment.text,
                                        parent if parent in result and parent != child else None, done)
        return result


def to_blocks(paragraphs: list[Paragraph], reader: DocumentReader) -> list[Block]:
    """Markdown blocks for answer paragraphs: empty ones dropped, numbered items counted as Word counts them.

    Word keeps one counter per abstract list definition; a list instance (``w:num``) with a start
    override restarts it where it is first used. LibreOffice relies on this when it re-saves a file.
    """
    blocks: list[Block] = []
    counters: dict[str, list[int]] = {}
    started: set[tuple[str, int]] = set()
    for paragraph in paragraphs:
        runs = tidy_runs(paragraph.runs)
        if paragraph.list_kind is None:
            if runs:
                blocks.append(Block("paragraph", runs))
            continue
        level = min(paragraph.level, 8)
        number = None
        if paragraph.list_kind == "number":  # counted even when empty: Word shows its number
            counts = counters.setdefault(reader.abstract_of(paragraph.num_id), [0] * 9)
            override = reader.start_override(paragraph.num_id, level)
            if counts[level] == 0 or (override is not None and (paragraph.num_id, level) not in started):
                counts[level] = (override if override is not None else reader.level_start(paragraph.num_id,
                                                                                          level)) - 1
            started.add((paragraph.num_id, level))
            counts[level] += 1
            for deeper in range(level + 1, 9):
                counts[deeper] = 0
            number = counts[level]
        if runs:
            blocks.append(Block(paragraph.list_kind, runs, level=min(level, 3), number=number))
    return blocks


def markdown_of(blocks: list[Block]) -> str | None:
    """Canonical Markdown of blocks read from Word; None for no content.

    A Word paragraph is *plain text with formatting*: its runs' characters are literal (a typed
    ``*`` or ``1.`` is a character, never a mark), so they are escaped here; bold, italic, links
    and list paragraphs become the subset's marks.
    """
    tidy = [Block(b.kind, tidy_runs(b.runs), b.level, b.number) for b in blocks]
    tidy = [b for b in tidy if b.runs]
    return to_markdown(tidy) if tidy else None


def tidy_runs(runs: list[Run]) -> list[Run]:
    """Runs merged where formatting agrees, spaces moved out of bold and italic, the ends stripped.

    Markdown cannot close ``*italic *`` on a space; Word happily makes such runs.
    """
    merged: list[Run] = []
    for run in runs:
        text = run.text
        run = Run(text, run.bold, run.italic, _plain_link(text, run.link))
        pieces = [Run(text, run.bold, run.italic, run.link)]
        if (run.bold or run.italic) and text.strip():
            lead = len(text) - len(text.lstrip())
            trail = len(text) - len(text.rstrip())
            pieces = [Run(text[:lead]), Run(text.strip(), run.bold, run.italic, run.link),
                      Run(text[len(text) - trail:] if trail else "")]
        for piece in pieces:
            if not piece.text:
                continue
            previous = merged[-1] if merged else None
            if previous and (previous.bold, previous.italic, previous.link) == (piece.bold, piece.italic, piece.link):
                merged[-1] = Run(previous.text + piece.text, piece.bold, piece.italic, piece.link)
            else:
                merged.append(piece)
    while merged and not merged[0].text.strip():
        merged.pop(0)
    while merged and not merged[-1].text.strip():
        merged.pop()
    if merged:
        first = merged[0]
        merged[0] = Run(first.text.lstrip(), first.bold, first.italic, first.link)
        last = merged[-1]
        merged[-1] = Run(last.text.rstrip(), last.bold, last.italic, last.link)
    return merged


def _plain_link(text: str, link: str | None) -> str | None:
    """A link that only repeats its text ("www.x.dk" → "http://www.x.dk/") in the form the Markdown parser gives."""
    if link is None:
        return None
    bare = text.strip()
    for candidate in (bare, f"http://{bare}", f"https://{bare}"):
        if link.rstrip("/") == candidate.rstrip("/") and link != candidate:
            return candidate if "://" in candidate else f"http://{bare}" if bare.startswith("www.") else link
    return link


def _merge_deleted_marks(blocks: list[BodyBlock]) -> list[BodyBlock]:
    """A paragraph whose mark was deleted (tracked) continues into the next paragraph.

    A paragraph deleted or moved away whole (no text left, its mark gone) stays where it was, empty and
    no list item: joined to the next, its authors (and markers) would pass to whatever follows, a prompt
    of the next question perhaps, and its own answer's change would lose who made it. Nor does a paragraph
    join a marked paragraph of the form (a prompt, a status line, a heading): Delete at the end of an
    answer would otherwise carry the answer's text into the next question's prompt and empty the answer.
    """
    out: list[BodyBlock] = []
    carry: Paragraph | None = None
    for block in blocks:
        if isinstance(block, Paragraph) and block.mark_deleted and not block.text and carry is None:
            out.append(Paragraph([], block.style, None, 0, "", block.bookmarks, block.comments, block.authors,
                                 asides=block.asides))
            continue
        if carry is not None and isinstance(block, Paragraph) and not _form_marked(block):
            block = Paragraph(carry.runs + block.runs, carry.style, carry.list_kind, carry.level, carry.num_id,
                              carry.bookmarks + block.bookmarks, carry.comments + block.comments,
                              carry.authors | block.authors, block.mark_deleted, carry.asides + block.asides,
                              carry.pictures + block.pictures)
            carry = None
        elif carry is not None:
            out.append(carry)
            carry = None
        if isinstance(block, Paragraph) and block.mark_deleted:
            carry = block
            continue
        out.append(block)
    if carry is not None:
        out.append(carry)
    return out


def _form_marked(paragraph: Paragraph) -> bool:
    return any(name.startswith((STRUCTURE_PREFIX, STATUS_PREFIX)) for name in paragraph.bookmarks)


def symbol(font: str, code: str) -> str:
    """The character a ``w:sym`` shows: a symbol font's glyph as its Unicode twin, else the code's character."""
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    low = value - 0xF000 if value >= 0xF000 else value
    known = SYMBOLS.get(font.strip().casefold(), {})
    if low in known:
        return known[low]
    return chr(low) if value >= 0xF000 and 0x20 <= low < 0x7F and font.casefold() != "wingdings" else chr(value)


def _cells(tr: Element) -> Iterator[Element]:
    """A row's cells, also those inside content controls and custom XML."""
    for child in tr:
        name = _local(child)
        if name == "tc":
            yield child
        elif name in ("sdt", "customXml"):
            content = child.find(f"{W}sdtContent") if name == "sdt" else child
            if content is not None:
                yield from _cells(content)


def _css_cm(style: str, prop: str) -> float:
    """A VML shape's width or height (``width:120pt``) in centimetres."""
    match = re.search(rf"(?:^|;)\s*{prop}\s*:\s*([\d.]+)\s*(pt|in|cm|mm|px)?", style)
    if not match:
        return 0.0
    value = float(match.group(1))
    return value * {"pt": 2.54 / 72, "in": 2.54, "cm": 1.0, "mm": 0.1, "px": 2.54 / 96}.get(match.group(2) or "pt", 1)


def _num_pr(ppr: Element) -> tuple[str, int]:
    num_pr = ppr.find(f"{W}numPr")
    if num_pr is None:
        return "", 0
    num = num_pr.find(f"{W}numId")
    lvl = num_pr.find(f"{W}ilvl")
    return (num.get(f"{W}val", "") if num is not None else "",
            _int(lvl.get(f"{W}val") if lvl is not None else None, 0))


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


_HYPERLINK_RE = re.compile(r'^\s*HYPERLINK\s+(?:\\[a-z]\s+)*"([^"]+)"', re.IGNORECASE)


def _hyperlink_instruction(instruction: str) -> str | None:
    match = _HYPERLINK_RE.match(instruction or "")
    return match.group(1) if match else None
