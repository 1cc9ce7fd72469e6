"""Long-text answers in a QTextDocument, and back to the store's Markdown subset.

Qt's own Markdown writer wraps lines at 80 columns and escapes freely, which
would rewrite an official's text on every save; this module reads and writes
exactly the subset of ``definitions.markdown``: paragraphs, bullet and numbered
lists, bold, italic and links.  Everything else (fonts, colours, sizes pasted
from Word) is dropped on the way in.

The document's characters are *literal text*: what the official typed.  Its
Markdown (``to_markdown``) escapes every ``*``, ``_``, ``[``, ``\\``, leading
``-`` or ``1.`` so that it reads back as the same characters and formatting.
"""

from __future__ import annotations

import html
import re

from PySide6.QtGui import QFont, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument, QTextListFormat

from replydesk.definitions import markdown
from replydesk.definitions.markdown import Block, Run

LINE_SEPARATOR = "\u2028"
# Word's HTML writes list markers as text: "·", "o", "§", "", "1.", "a)" followed by spaces.
_PASTED_MARKER = re.compile(r"^\s*(?:(?P<bullet>[·•o§\uf0b7\uf0a7–-])|(?P<number>\d{1,3})[.)])[\s\u00a0]+")


PARAGRAPH_SPACING = 6.0


def paragraph_format() -> QTextBlockFormat:
    """Paragraphs with a little space after them, so answers read as they will print."""
    fmt = QTextBlockFormat()
    fmt.setBottomMargin(PARAGRAPH_SPACING)
    return fmt


def _char_format(run: Run) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setFontWeight(QFont.Weight.Bold if run.bold else QFont.Weight.Normal)
    fmt.setFontItalic(run.italic)
    if run.link:
        fmt.setAnchor(True)
        fmt.setAnchorHref(run.link)
        fmt.setFontUnderline(True)
        fmt.setForeground(_link_colour())
    return fmt


def _link_colour():
    from PySide6.QtGui import QColor

    return QColor("#1a5fb4")


def insert_blocks(cursor: QTextCursor, blocks: list[Block], *, first_in_empty: bool = True) -> None:
    """Insert parsed blocks at the cursor as real paragraphs and lists."""
    lists: dict[tuple[str, int], object] = {}
    previous_kind = None
    for index, block in enumerate(blocks):
        if index > 0 or not first_in_empty:
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        if block.kind == "paragraph":
            cursor.setBlockFormat(paragraph_format())
            lists.clear()
        else:
            key = (block.kind, block.level)
            if previous_kind == "paragraph":
                lists.clear()
            text_list = lists.get(key)
            if text_list is None:
                fmt = QTextListFormat()
                if block.kind == "bullet":
                    fmt.setStyle((QTextListFormat.Style.ListDisc, QTextListFormat.Style.ListCircle,
                                  QTextListFormat.Style.ListSquare)[block.level % 3])
                else:
                    fmt.setStyle(QTextListFormat.Style.ListDecimal)
                    if block.number and block.number > 1:
                        fmt.setStart(block.number)
                fmt.setIndent(block.level + 1)
                lists[key] = cursor.createList(fmt)
                for deeper in [k for k in lists if k[1] > block.level]:
                    del lists[deeper]
            else:
                text_list.add(cursor.block())  # type: ignore[attr-defined]
        for run in block.runs:
            cursor.insertText(run.text.replace("\r\n", "\n").replace("\n", LINE_SEPARATOR), _char_format(run))
        previous_kind = block.kind


def set_markdown(document: QTextDocument, text: str | None) -> None:
    document.clear()
    cursor = QTextCursor(document)
    # One edit block: the document announces one change (one layout pass, one textChanged) instead of one
    # per inserted run, which made a 2,000-word answer take ~50 ms to show (the word count recounted each time).
    cursor.beginEditBlock()
    insert_blocks(cursor, markdown.parse(text))
    cursor.endEditBlock()
    document.clearUndoRedoStacks()
    document.setModified(False)


def document_blocks(document: QTextDocument, *, pasted: bool = False) -> list[Block]:
    """The document as Markdown blocks; ``pasted`` also recognises Word's text list markers."""
    blocks: list[Block] = []
    block = document.begin()
    while block.isValid():
        runs: list[Run] = []
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.isValid():
                fmt = fragment.charFormat()
                text = fragment.text().replace(LINE_SEPARATOR, "\n").replace("\u2029", "\n")
                runs.append(Run(text, fmt.fontWeight() >= QFont.Weight.DemiBold, fmt.fontItalic(),
                                fmt.anchorHref() or None if fmt.isAnchor() else None))
            iterator += 1
        text_list = block.textList()
        kind, level, number = "paragraph", 0, None
        if text_list is not None:
            style = text_list.format().style()
            numbered = style in (QTextListFormat.Style.ListDecimal, QTextListFormat.Style.ListLowerAlpha,
                                 QTextListFormat.Style.ListUpperAlpha, QTextListFormat.Style.ListLowerRoman,
                                 QTextListFormat.Style.ListUpperRoman)
            kind = "number" if numbered else "bullet"
            level = max(0, text_list.format().indent() - 1)
            number = text_list.itemNumber(block) + max(1, text_list.format().start()) if numbered else None
        elif pasted and runs:
            match = _PASTED_MARKER.match(runs[0].text)
            if match:
                kind = "bullet" if match.group("bullet") else "number"
                number = int(match.group("number")) if match.group("number") else None
                first = runs[0]
                runs[0] = Run(first.text[match.end():], first.bold, first.italic, first.link)
        merged = _merge(runs)
        if any(r.text.strip() for r in merged):
            blocks.append(Block(kind, merged, level=level, number=number))
        block = block.next()
    return blocks


def _merge(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].link) == (run.bold, run.italic, run.link):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic, run.link)
        else:
            merged.append(run)
    return merged


def to_markdown(document: QTextDocument) -> str:
    """What the store keeps for this document: its literal text as escaped Markdown (a text with no
    character the subset gives a meaning to is kept as typed)."""
    return markdown.to_markdown(document_blocks(document))


def clean_html_blocks(html: str) -> list[Block]:
    """Blocks of pasted HTML (e.g. from Word) with fonts, colours and styles dropped."""
    scratch = QTextDocument()
    scratch.setHtml(html)
    return document_blocks(scratch, pasted=True)


def markdown_html(text: str | None) -> str:
    """Markdown (a definition's text, an answer) as the HTML a QLabel shows: paragraphs, real lists, bold,
    italics and links, never the Markdown's own "- " and "**"."""
    parts: list[str] = []
    open_list = ""
    for block in markdown.parse(text):
        runs = "".join(_run_html(run) for run in block.runs)
        wanted = {"bullet": "ul", "number": "ol"}.get(block.kind, "")
        if wanted != open_list:
            parts.append(f"</{open_list}>" if open_list else "")
            parts.append(f"<{wanted} style='margin-top:0;margin-bottom:0'>" if wanted else "")
            open_list = wanted
        parts.append(f"<li>{runs}</li>" if wanted else f"<p>{runs}</p>")
    if open_list:
        parts.append(f"</{open_list}>")
    return "".join(parts)


def _run_html(run: Run) -> str:
    text = html.escape(run.text).replace("\n", "<br>")
    if run.bold:
        text = f"<b>{text}</b>"
    if run.italic:
        text = f"<i>{text}</i>"
    return f"<a href='{html.escape(run.link, quote=True)}'>{text}</a>" if run.link else text
