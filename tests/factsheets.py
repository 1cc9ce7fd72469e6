"""Factsheets for the tests, made from Denmark's in tests/data/sources: another Party's, in the same text layout,
and either one as a Word document with real Word footnotes (as the Committee publishes them)."""

from __future__ import annotations

import re
from pathlib import Path

from tests import sources

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_DIGITS = str.maketrans(SUPERSCRIPTS, "0123456789")

#: II-9, addressed to Denmark alone, which the other Party's factsheet leaves out.
LEFT_OUT = ("• Therefore, the Committee **requests** Denmark to ensure that the distribution or transmission by "
            "children of self-generated sexually explicit images and/or videos of *other* children is prosecuted "
            "as a last resort when such images and/or videos qualify as “child pornography” in accordance with "
            "Article 20(2) Lanzarote Convention.¹⁴")
#: III-14, which Denmark's factsheet lacks, added to the box "The Committee also invites Denmark:" of chapter III.
ADDED_TEXT = ("to ensure that specialised prosecutors are available to deal with ICT facilitated sexual offences "
              "against children.")
ADDED = f"- {ADDED_TEXT}¹⁵⁰"
AFTER = "- to establish, where appropriate, specialised units, services or persons within the courts in charge of " \
        "dealing with ICT facilitated sexual offences against children.⁴³"
#: IV-1: "requests" in Denmark's factsheet, "requires" in the other Party's.
CHANGED = "Therefore, the Committee **requests** Denmark to take the necessary legislative or other measures"


def denmark() -> str:
    return sources.LANZAROTE_FACTSHEET_DENMARK.read_text(encoding="utf-8")


def for_party(name: str, updated: str = "12.06.2023") -> str:
    """Denmark's factsheet made another Party's: one recommendation left out, one added, one urgency changed."""
    text = denmark()
    for old, new in ((LEFT_OUT, ""), (AFTER, f"{AFTER}\n{ADDED}"),
                     (CHANGED, CHANGED.replace("**requests**", "**requires**"))):
        assert old in text, old[:60]
        text = text.replace(old, new, 1)
    text = text.replace("Last update: 25.05.2023", f"Last update: {updated}")
    text = text.replace("¹⁴ Recommendation II-9.", "¹⁴ Para. 84.")  # its footnote no longer cites a box
    text += "\n\n¹⁵⁰ Recommendation III-14.\n"
    return text.replace("DENMARK", name.upper()).replace("Denmark", name.title()).replace("Danish", "national")


def superscript_numbers(text: str) -> list[int]:
    return [int(m.translate(_DIGITS)) for m in re.findall(f"[{SUPERSCRIPTS}]+", text)]


def write_docx(text: str, path: Path) -> Path:
    """The factsheet as Word writes it: one paragraph per paragraph (page-break cuts joined), bullets as list
    paragraphs, "**" as bold runs, footnote markers as real footnote references with the notes in footnotes.xml."""
    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import XmlPart
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    blocks = [line for block in re.split(r"\n[ \t]*\n", text)
              for line in re.split(r"\n(?=[ \t]*[-•][ \t])", block) if line.strip()]
    notes: dict[int, str] = {}
    body: list[str] = []
    last_note: int | None = None
    for block in blocks:
        start = re.match(f"[{SUPERSCRIPTS}]+", block.strip())
        if start:
            last_note = int(start.group().translate(_DIGITS))
            notes[last_note] = block.strip()[start.end():].strip()
            continue
        if last_note is not None and (not notes[last_note] or notes[last_note][-1].isalpha()
                                      or notes[last_note][-1] == "-") and not block.strip()[:1].isupper():
            notes[last_note] = f"{notes[last_note]} {block.strip()}".strip()  # a note a page break cut
            continue
        last_note = None
        if body and block.strip()[:1].islower() and not re.match(r"[ \t]*[-•][ \t]", block):
            body[-1] = f"{body[-1].rstrip()} {block.strip()}"
        else:
            body.append(block)
    document = Document()
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    footnotes = parse_xml(f'<w:footnotes xmlns:w="{w}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r>'
                          '<w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" '
                          'w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>')
    for number, note in notes.items():
        element = OxmlElement("w:footnote")
        element.set(qn("w:id"), str(number))
        paragraph = OxmlElement("w:p")
        for part in (None, " " + re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", note)):
            run = OxmlElement("w:r")
            if part is None:
                run.append(OxmlElement("w:footnoteRef"))
            else:
                t = OxmlElement("w:t")
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                t.text = part
                run.append(t)
            paragraph.append(run)
        element.append(paragraph)
        footnotes.append(element)
    part = XmlPart(PackURI("/word/footnotes.xml"),
                   "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml", footnotes,
                   document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    for block in body:
        bullet = re.match(r"[ \t]*[-•][ \t]+", block)
        paragraph = document.add_paragraph(style="List Bullet" if bullet else None)
        content = " ".join(block[bullet.end():].split() if bullet else block.split())
        for piece in re.split(rf"(\*\*[^*]+\*\*|\^\{{[\d ]+\}}|[{SUPERSCRIPTS}]+)", content):
            if not piece:
                continue
            if piece.startswith("**"):
                paragraph.add_run(piece.strip("*")).bold = True
            elif piece.startswith("^{") or piece[0] in SUPERSCRIPTS:
                numbers = piece[2:-1].split() if piece.startswith("^{") else [str(superscript_numbers(piece)[0])]
                for number in numbers:
                    run = paragraph.add_run()
                    reference = OxmlElement("w:footnoteReference")
                    reference.set(qn("w:id"), number)
                    run._r.append(reference)
            else:
                paragraph.add_run(piece)
    document.save(str(path))
    return path
