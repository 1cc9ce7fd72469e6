"""A long answer's bold and italics as Excel's own rich text in its cell, read back to the same Markdown.

The secretariat reads a return in Excel: "Protection of Minors Act" in bold, not "**Protection of Minors
Act**". A cell's lines are the plain lines of ``common.lists`` (lists as "• " and "1) "); within each
line the text after its list marker is written as runs, bold and italic as the answer has them. Reading a
rich cell turns its runs back into the Markdown subset (literal marks escaped). An answer is written as rich
text only when that reading gives back exactly the stored Markdown; otherwise (a link written
``[text](url)``, or text the round trip would change) the cell keeps the plain text it always had. A
bare address ("www.x.dk", "https://…") is its own text, so it reads back as itself.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from replydesk.definitions import markdown
from replydesk.documents.common import lists
from replydesk.documents.excel import cell_text

#: A plain line's list marker (or the escape that keeps a literal "•" from being one), and its indent.
_PREFIX = re.compile(r"^( *)(• |\d{1,9}\) |\\)?")

Run = tuple[str, bool, bool]  # text, bold, italic
#: A run's bold or italic property in the workbook's XML (``<b/>``, ``<i val="1"/>``).
_EMPHASIS = re.compile(rb"<(?:\w+:)?rPr>(?:(?!</(?:\w+:)?rPr>).)*?<(?:\w+:)?[bi][ />]", re.DOTALL)


def to_rich(answer: str) -> CellRichText | None:
    """The cell's rich text for a long answer with bold or italics, or None to keep the plain text."""
    if "*" not in answer and "_" not in answer:
        return None  # (no emphasis can be in it)
    lines: list[list[Run]] = []
    formatted = False
    for line in lists.to_plain(answer).split("\n"):
        prefix = _PREFIX.match(line).group(0)
        runs: list[Run] = [(prefix, False, False)] if prefix else []
        rest = line[len(prefix):]
        if rest:
            blocks = markdown.parse(rest)
            if len(blocks) != 1 or blocks[0].kind != "paragraph":
                return None  # (a link is written as its text: "www.x.dk" reads back as itself; "[x](y)" does not,
                # and the round trip below keeps that answer plain)
            runs += [(run.text, run.bold, run.italic) for run in blocks[0].runs]
            formatted = formatted or any(run.bold or run.italic for run in blocks[0].runs)
        lines.append(runs)
    if not formatted:
        return None
    rich = CellRichText(_blocks(lines))
    if from_rich(rich) != answer:
        return None  # the round trip would change the answer: the plain text keeps it exact
    return rich


def _blocks(lines: list[list[Run]]) -> list[str | TextBlock]:
    parts: list[str | TextBlock] = []
    for number, runs in enumerate(lines):
        if number:
            parts.append("\n")
        for text, bold, italic in runs:
            if not text:
                continue
            encoded = cell_text.encode(text)
            parts.append(TextBlock(InlineFont(b=True if bold else None, i=True if italic else None), encoded)
                         if bold or italic else encoded)
    return parts


def from_rich(rich: CellRichText) -> str:
    """The Markdown of a rich cell: its runs' bold and italics as the subset writes them."""
    runs: list[Run] = []
    for part in rich:
        if isinstance(part, TextBlock):
            font = part.font
            runs.append((cell_text.decode(str(part.text)), bool(font and font.b), bool(font and font.i)))
        else:
            runs.append((cell_text.decode(str(part)), False, False))
    lines: list[list[Run]] = [[]]
    for text, bold, italic in runs:
        for index, piece in enumerate(cell_text.as_seen(text).split("\n")):
            if index:
                lines.append([])
            if piece:
                lines[-1].append((piece, bold, italic))
    out = []
    for line in lines:
        plain = "".join(text for text, _b, _i in line)
        prefix = _PREFIX.match(plain).group(0)
        out.append(prefix + _inline(_without(line, len(prefix))))
    return lists.to_markdown("\n".join(out))


def _without(line: list[Run], count: int) -> list[Run]:
    """The line's runs after its first ``count`` characters (its list marker)."""
    kept: list[Run] = []
    for text, bold, italic in line:
        if count >= len(text):
            count -= len(text)
            continue
        kept.append((text[count:], bold, italic))
        count = 0
    return kept


def _inline(runs: list[Run]) -> str:
    out = []
    for text, bold, italic in runs:
        core = text.strip(" ")
        if not (bold or italic) or not core:
            out.append(markdown.escape_inline(text))
            continue
        mark = "***" if bold and italic else "**" if bold else "*"
        lead, tail = text[: len(text) - len(text.lstrip(" "))], text[len(text.rstrip(" ")):]
        out.append(f"{lead}{mark}{markdown.escape_inline(core)}{mark}{tail}")  # (marks hug the words)
    return "".join(out)


def emphasised_cells(path: Path, sheet: str) -> dict[str, CellRichText]:
    """The cells of ``sheet`` in column D (answers) whose text has bold or italic runs, by coordinate ("D10").

    The reader flattens every cell to its text; this second look happens only when the workbook has such runs
    at all (a return exported with none and edited without any costs one scan of its XML)."""
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if n.startswith("xl/") and n.endswith(".xml")
                 and ("worksheets/" in n or n.endswith("sharedStrings.xml"))]
        if not any(_EMPHASIS.search(archive.read(name)) for name in names):
            return {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(path, rich_text=True, keep_links=False)
    try:
        found = {}
        for (cell,) in book[sheet].iter_rows(min_col=4, max_col=4):
            value = cell.value
            if isinstance(value, CellRichText) and any(
                    isinstance(part, TextBlock) and part.font is not None and (part.font.b or part.font.i)
                    for part in value):
                found[cell.coordinate] = value
        return found
    finally:
        book.close()
