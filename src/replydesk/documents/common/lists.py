"""Markdown lists as a spreadsheet user writes them, and back to exactly the same Markdown.

In a cell a long-text answer reads as plain text: a stored ``- item`` line shows as
``• item`` and ``1. item`` as ``1) item``.  The mapping works line by line, after the
line's leading spaces (the list level), and is made reversible by one escape: a stored
line that would otherwise *read back* as a list marker or an escape (it starts with
``•``, ``\\`` or ``N) ``) gets a ``\\`` in front.  So ``to_markdown(to_plain(s)) == s``
for every string ``s``, and what officials type (``• ``, ``1) ``, ``- ``) becomes the
Markdown the app's editor writes.
"""

from __future__ import annotations

import re

_STORED_NUMBER = re.compile(r"(\d{1,9})\. ")
_PLAIN_NUMBER = re.compile(r"(\d{1,9})\) ")
BULLET = "•"


def _needs_escape(rest: str) -> bool:
    return rest.startswith((BULLET, "\\")) or _PLAIN_NUMBER.match(rest) is not None


def _line_to_plain(line: str) -> str:
    indent, rest = _split(line)
    if rest.startswith("- "):
        return f"{indent}{BULLET} {rest[2:]}"
    number = _STORED_NUMBER.match(rest)
    if number:
        return f"{indent}{number.group(1)}) {rest[number.end():]}"
    if _needs_escape(rest):
        return f"{indent}\\{rest}"
    return line


def _line_to_markdown(line: str) -> str:
    indent, rest = _split(line)
    if rest.startswith("\\"):
        return indent + rest[1:]
    if rest.startswith(f"{BULLET} "):
        return f"{indent}- {rest[2:]}"
    number = _PLAIN_NUMBER.match(rest)
    if number:
        return f"{indent}{number.group(1)}. {rest[number.end():]}"
    return line


def _split(line: str) -> tuple[str, str]:
    stripped = line.lstrip(" ")
    return line[: len(line) - len(stripped)], stripped


def to_plain(markdown: str) -> str:
    """The answer as shown in a cell: lists as "• " and "1) " lines."""
    if "\n" not in markdown:
        return _line_to_plain(markdown)
    return "\n".join(_line_to_plain(line) for line in markdown.split("\n"))


def to_markdown(plain: str) -> str:
    """The stored Markdown for cell text (the inverse of ``to_plain``)."""
    if "\n" not in plain:
        return _line_to_markdown(plain)
    return "\n".join(_line_to_markdown(line) for line in plain.split("\n"))
