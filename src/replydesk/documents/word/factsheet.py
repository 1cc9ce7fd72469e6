"""A Party's factsheet as the Committee publishes it in Word: read into the text layout the factsheet reader
knows (``definitions/factsheets.py``), with Word's footnotes as the superscript markers and footnote
paragraphs of that layout, bold runs as "**" and list paragraphs as "- " bullets.

Read with the standard library's zip and lxml (no python-docx object model: only the text is needed).
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from replydesk.definitions.factsheets import SUPERSCRIPTS, Factsheet, NotAFactsheet, read_factsheet_text
from replydesk.definitions.model import Form

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _superscript(number: str) -> str:
    return "".join(SUPERSCRIPTS[int(d)] for d in number if d.isdigit())


def _text_of(paragraph, notes: list[str] | None = None) -> str:  # type: ignore[no-untyped-def]
    """A paragraph's text with bold marked and footnote references as ``^{n}`` markers."""
    parts: list[str] = []
    for run in paragraph.iter(f"{W}r"):
        props = run.find(f"{W}rPr")
        bold = props is not None and (b := props.find(f"{W}b")) is not None and b.get(f"{W}val", "1") not in (
            "0", "false")
        text = ""
        for child in run:
            if child.tag == f"{W}t":
                text += child.text or ""
            elif child.tag == f"{W}tab":
                text += "\t"
            elif child.tag == f"{W}footnoteReference":  # as ^{n}: two references side by side stay two
                text += "^{" + child.get(f"{W}id", "") + "}"
        if bold and text.strip():
            text = f"**{text}**"
        parts.append(text)
    return "".join(parts).replace("****", "")


def _is_list(paragraph) -> bool:  # type: ignore[no-untyped-def]
    props = paragraph.find(f"{W}pPr")
    if props is None:
        return False
    style = props.find(f"{W}pStyle")
    return props.find(f"{W}numPr") is not None or (style is not None and "List" in style.get(f"{W}val", ""))


def factsheet_text(path: Path) -> str:
    """The factsheet's text in the layout of the converted documents (paragraphs apart by blank lines)."""
    from lxml import etree

    try:
        with zipfile.ZipFile(path) as package:
            document = etree.fromstring(package.read("word/document.xml"))
            names = set(package.namelist())
            footnotes = etree.fromstring(package.read("word/footnotes.xml")) if "word/footnotes.xml" in names else None
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise NotAFactsheet(f"it is not a Word document ({exc})") from None
    body = document.find(f"{W}body")
    lines: list[str] = []
    for paragraph in body.iter(f"{W}p") if body is not None else ():
        text = _text_of(paragraph)
        if text.strip():
            lines.append(f"- {text.strip()}" if _is_list(paragraph) else text)
    if footnotes is not None:
        for note in footnotes.iter(f"{W}footnote"):
            if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            text = " ".join(_text_of(p) for p in note.iter(f"{W}p")).strip()
            lines.append(f"{_superscript(note.get(f'{W}id', ''))} {text}")
    return "\n\n".join(lines) + "\n"


#: The suffixes a factsheet is read from.
FACTSHEET_SUFFIXES = (".docx", ".txt", ".md")


def read_factsheet(path: Path, form: Form | None = None) -> Factsheet:
    """Read a factsheet file (.docx, .txt or .md); ``NotAFactsheet`` says why one is not."""
    suffix = path.suffix.lower()
    if suffix not in FACTSHEET_SUFFIXES:
        found = suffix or "a file without a suffix"
        raise NotAFactsheet(f"Reply Desk reads factsheets as {', '.join(FACTSHEET_SUFFIXES)}, not {found}")
    try:
        data = path.read_bytes()
        text = factsheet_text(path) if suffix == ".docx" else data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotAFactsheet("it is not UTF-8 text") from None
    sheet = read_factsheet_text(text, form)
    sheet.sha256 = hashlib.sha256(data).hexdigest()
    sheet.title = f"{sheet.title} ({path.name})"
    return sheet
