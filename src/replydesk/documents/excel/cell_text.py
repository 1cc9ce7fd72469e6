"""Any text in Excel cells and back unchanged: OOXML ``_xHHHH_`` escapes and the cell-size limit.

XML 1.0 cannot carry most control characters, and every XML reader turns CR and CRLF
into LF.  Excel writes such characters as ``_xHHHH_`` (ST_Xstring) and reads them back;
we do the same, and escape a literal ``_xHHHH`` by writing its underscore as ``_x005F_``,
so ``decode(encode(text)) == text`` for every string.  openpyxl applies none of this
itself (it leaves ``_x000D_`` alone on read, and for shared strings strips ``x005F_``
lossily), so the reader asks openpyxl for raw text (``rich_text=True``) and decodes here.

What a person sees in a cell has no carriage returns: Excel shows CRLF as one line break and
LibreOffice drops the CR when it saves. ``as_seen`` reads an answer that way (CRLF and a lone CR
become LF), so typing or re-saving a multi-line answer gives the text shown, and a return re-saved
unedited gives no changes.

A cell holds at most 32,767 characters; ``split`` cuts a longer text into pieces whose
encoded form fits, preferring to cut after a line break or a space.
"""

from __future__ import annotations

import re

#: Excel's limit on the characters in one cell (counted here in UTF-16 units of the encoded text).
CELL_LIMIT = 32_767

# Characters XML cannot hold (or holds but normalises: CR), and the underscore of a literal "_xHHHH".
_ENCODE_RE = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4})")
_DECODE_RE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _escape(match: re.Match[str]) -> str:
    return f"_x{ord(match.group(0)):04X}_"


def encode(text: str) -> str:
    """The cell string for ``text``: safe in XML, shown by Excel as ``text``."""
    return _ENCODE_RE.sub(_escape, text)


def decode(text: str) -> str:
    """The text a cell string stands for (the inverse of ``encode``, as Excel reads it)."""
    if "_x" not in text:
        return text
    return _DECODE_RE.sub(lambda m: chr(int(m.group(1), 16)), text)


def as_seen(text: str) -> str:
    """The text as a cell shows it: line ends normalised to LF (after ``decode``, so ``_x000D_`` is a CR)."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def cell_length(encoded: str) -> int:
    """Length as Excel counts it: UTF-16 code units (an emoji counts two)."""
    if encoded.isascii():
        return len(encoded)
    return len(encoded.encode("utf-16-le")) // 2


def split(text: str, limit: int = CELL_LIMIT) -> list[str]:
    """Pieces of ``text`` (not yet encoded) whose encoded forms each fit in one cell; joined they are ``text``."""
    if cell_length(encode(text)) <= limit:
        return [text]
    pieces: list[str] = []
    start = 0
    while start < len(text):
        end = _longest_fit(text, start, limit)
        if end < len(text):
            end = _nicer_break(text, start, end)
        pieces.append(text[start:end])
        start = end
    return pieces


def _longest_fit(text: str, start: int, limit: int) -> int:
    """The largest end such that text[start:end] encodes within ``limit`` (binary search; costs are >= 1)."""
    low, high = start + 1, min(len(text), start + limit)
    while low < high:
        middle = (low + high + 1) // 2
        if cell_length(encode(text[start:middle])) <= limit:
            low = middle
        else:
            high = middle - 1
    return low


def _nicer_break(text: str, start: int, end: int) -> int:
    """Move a cut back to just after a line break, else a space, if one is in the last half of the piece."""
    floor = start + (end - start) // 2
    for separator in ("\n", " "):
        found = text.rfind(separator, floor, end)
        if found >= 0:
            return found + 1
    return end
