"""The Markdown subset that long-text answers are stored in, parsed by markdown-it-py.

The subset is CommonMark restricted to: paragraphs (a single line break inside a
paragraph is kept as a line break), bullet lists (``-``, ``*``, ``+``), numbered
lists (``1.``, ``1)``), nested by indenting under the item, ``**bold**`` /
``__bold__``, ``*italic*`` / ``_italic_``, ``[text](url)``, bare http(s)/www
links, and backslash escapes.  Everything else CommonMark knows (headings, code,
block quotes, HTML, images, tables, entities, autolinks, rules) is switched off,
so text that would trigger it stays literal text.

Two directions:

- ``parse`` / ``plain_text`` / ``to_plain`` read stored Markdown;
- ``to_markdown`` writes blocks of *literal* run text (the window's editor, a Word
  paragraph) as canonical Markdown, escaping every character that would otherwise
  be read as Markdown; ``from_plain`` does the same for plain text (a value given
  as ``--text``), so that ``to_plain(from_plain(s)) == normalize_plain(s)``.

Answers stored before this parser (schema < 4) were read by the hand-written
``markdown_legacy`` parser; ``store.migrations`` rewrites those whose meaning differs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import groupby
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

#: Bare web addresses are links (as the hand-written parser had them); the same pattern, kept.
_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>()]+[^\s<>().,;:!?'\"]")
_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")
#: A line that CommonMark would start a list with: the marker, then a space, a tab or the end.
_BULLET_START = re.compile(r"^([ \t]*)([-+*])(?=[ \t\r\n]|$)")
_NUMBER_START = re.compile(r"^([ \t]*)(\d{1,9})([.)])(?=[ \t\r\n]|$)")
#: ASCII punctuation that can always be escaped; these are the ones the subset gives a meaning.
_INLINE_SPECIAL = frozenset("\\*_[]")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """The subset's parser, built on first use: a command that never reads Markdown (``show``) skips markdown-it."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("zero").enable(["list", "emphasis", "link", "escape", "newline"])
    # Link targets are kept exactly as written (no percent-encoding, no scheme filter): the Word
    # export only makes http(s) and mailto targets clickable, and the round trips compare text.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    md.normalizeLinkText = lambda url: url  # type: ignore[method-assign]
    return md



@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None


@dataclass
class Block:
    kind: str  # "paragraph", "bullet" or "number"
    runs: list[Run] = field(default_factory=list)
    level: int = 0
    number: int | None = None

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


# -- reading -----------------------------------------------------------------------------
def parse(text: str | None) -> list[Block]:
    """Blocks of a stored answer, in order; empty text has none.  Never fails.

    A list item is one block (its paragraphs joined by line breaks); empty items are dropped.
    Nesting deeper than four levels is read as the fourth.
    """
    if not text or not text.strip():
        return []
    return [Block(block.kind, list(block.runs), block.level, block.number) for block in _parsed(text)]


@lru_cache(maxsize=64)
def _parsed(text: str) -> tuple[Block, ...]:
    """The blocks of a text, remembered for the last few texts (the caller gets copies: blocks are mutable).

    The same answer is read several times in a row: the window's editor shows it, the notes panel counts
    the words of its latest revision, saving it validates its word limit; markdown-it takes some 5 ms for a
    2,000-word answer.
    """
    blocks: list[Block] = []
    lists: list[list] = []  # [kind, next number] per open list
    item_block: Block | None = None
    for token in _parser().parse(text):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = token.attrGet("start")
            lists.append(["bullet" if kind == "bullet_list_open" else "number", int(start) if start else 1])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            current = lists[-1]
            item_block = Block(current[0], [], level=min(len(lists) - 1, 3),
                               number=current[1] if current[0] == "number" else None)
            current[1] += 1
            blocks.append(item_block)
        elif kind == "list_item_close":
            item_block = None
        elif kind == "inline":
            runs = _runs(token.children or [])
            if item_block is not None and item_block is blocks[-1]:
                if item_block.runs and runs:
                    item_block.runs.append(Run("\n", *_format(item_block.runs[-1])))
                item_block.runs[:] = _merge(item_block.runs + runs)
            elif runs:
                blocks.append(Block("paragraph", runs))
    return tuple(block for block in blocks if block.runs)


def _format(run: Run) -> tuple[bool, bool, str | None]:
    return run.bold, run.italic, run.link


def _runs(tokens: list[Token]) -> list[Run]:
    runs: list[Run] = []
    bold = italic = 0
    link: str | None = None
    for token in tokens:
        kind = token.type
        if kind == "text":
            if link is None:
                runs += _bare_links(token.content, bold > 0, italic > 0)
            else:
                runs.append(Run(token.content, bold > 0, italic > 0, link))
        elif kind in ("softbreak", "hardbreak"):
            runs.append(Run("\n", bold > 0, italic > 0, link))
        elif kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            link = str(token.attrGet("href") or "")
        elif kind == "link_close":
            link = None
        elif token.content:
            runs.append(Run(token.content, bold > 0, italic > 0, link))
    return _merge(runs)


def _bare_links(text: str, bold: bool, italic: bool) -> list[Run]:
    runs: list[Run] = []
    pos = 0
    for match in _URL_RE.finditer(text):
        if match.start() > pos:
            runs.append(Run(text[pos:match.start()], bold, italic))
        url = match.group(0)
        runs.append(Run(url, bold, italic, url if "://" in url else f"http://{url}"))
        pos = match.end()
    if pos < len(text):
        runs.append(Run(text[pos:], bold, italic))
    return runs


def _merge(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if merged and _format(merged[-1]) == _format(run):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic, run.link)
        else:
            merged.append(run)
    return merged


def plain_text(text: str | None) -> str:
    """The words of an answer without Markdown marks, one line per block (for counts and search)."""
    if not text or not text.strip():
        return ""
    return "\n".join(block.text for block in _parsed(text))


def to_plain(text: str | None) -> str:
    """An answer as plain text: paragraphs separated by a blank line, list items as ``- `` / ``N. `` lines.

    The inverse of ``from_plain`` up to ``normalize_plain``.
    """
    out: list[str] = []
    previous: str | None = None
    for block in parse(text):
        if out and (block.kind == "paragraph" or previous == "paragraph"):
            out.append("")
        if block.kind == "paragraph":  # whitespace at a line's ends is not kept (markdown-it keeps a tab)
            out.append("\n".join(line.strip() for line in block.text.split("\n")))
        else:
            marker = "-" if block.kind == "bullet" else f"{block.number}."
            out.append(f"{'  ' * block.level}{marker} {block.text}")
        previous = block.kind
    return "\n".join(out)


def word_count(text: str | None) -> int:
    return len(plain_text(text).split())


# -- writing -----------------------------------------------------------------------------
def normalize_plain(text: str) -> str:
    """Plain text as Markdown can keep it: line ends unified, each line stripped of surrounding
    whitespace, runs of blank lines made one, none at the start or end."""
    lines = [line.strip() for line in _LINE_BREAK_RE.split(text)]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def from_plain(text: str | None) -> str:
    """Markdown that reads back as exactly this plain text (see ``normalize_plain``): every character
    the subset would take as a mark is escaped, nothing else is touched.  Its input is *plain text*:
    ``replydesk set --text``, a plain editor, anything that never meant Markdown."""
    if not text:
        return text or ""
    return "".join(_escape_line(line) for line in _split_keep_ends(text))


def _split_keep_ends(text: str) -> list[str]:
    pieces: list[str] = []
    pos = 0
    for match in _LINE_BREAK_RE.finditer(text):
        pieces.append(text[pos:match.end()])
        pos = match.end()
    pieces.append(text[pos:])
    return pieces


def _escape_line(line: str) -> str:
    """One line (with its line end) of plain text, escaped; a leading list marker too."""
    escaped = escape_inline(line)
    number = _NUMBER_START.match(escaped)
    if number:
        return f"{number.group(1)}{number.group(2)}\\{number.group(3)}{escaped[number.end():]}"
    bullet = _BULLET_START.match(escaped)
    if bullet:
        return f"{bullet.group(1)}\\{bullet.group(2)}{escaped[bullet.end():]}"
    return escaped


def escape_inline(text: str) -> str:
    """Literal text with the subset's inline marks escaped (``\\``, ``*``, ``_``, ``[``, ``]``).

    An underscore between two letters or digits cannot start or end emphasis and is left alone,
    so names such as ``file_name`` stay readable.
    """
    if not any(c in _INLINE_SPECIAL for c in text):
        return text
    out: list[str] = []
    last = len(text) - 1
    for index, char in enumerate(text):
        if char in _INLINE_SPECIAL:
            if not (char == "_" and 0 < index < last and text[index - 1].isalnum() and text[index + 1].isalnum()):
                out.append("\\")
        out.append(char)
    return "".join(out)


def to_markdown(blocks: list[Block]) -> str:
    """Canonical Markdown for blocks whose run text is *literal* (the window's editor, a Word
    document): marks in the text are escaped, so ``parse(to_markdown(blocks))`` gives the blocks back.

    Blank lines separate paragraphs from anything; list items follow each other, a nested item
    indented under its parent's text (a missing parent is written as an empty item, which reads
    back as nothing).
    """
    out: list[str] = []
    previous: str | None = None
    columns: list[int] = []  # where each open level's item text starts
    previous_block: Block | None = None
    for block in blocks:
        if block.kind == "paragraph":
            if out:
                out.append("")
            out.append(_inline(block.runs, 0))
            columns = []
        else:
            if previous == "paragraph":
                out.append("")
            level = max(0, block.level)
            del columns[level:]
            while len(columns) < level:  # an item deeper than any open one: empty parents
                indent = columns[-1] if columns else 0
                out.append(" " * indent + "-")
                columns.append(indent + 2)
            indent = columns[-1] if columns else 0
            marker = "-" if block.kind == "bullet" else f"{block.number or 1}."
            starts_nested_at_other_number = (level > 0 and block.kind == "number" and (block.number or 1) != 1
                                             and not (previous_block is not None and previous_block.kind == "number"
                                                      and previous_block.level == level))
            if starts_nested_at_other_number:  # such a list cannot interrupt its parent's text: a blank line first
                out.append("")
            columns.append(indent + len(marker) + 1)
            out.append(f"{' ' * indent}{marker} {_inline(block.runs, indent + len(marker) + 1)}")
        previous, previous_block = block.kind, block
    return "\n".join(out)


def _inline(runs: list[Run], indent: int) -> str:
    """Runs as inline Markdown; line breaks inside continue at ``indent`` (a list item's text column)."""
    runs = _tidy(runs)
    out: list[str] = []
    open_marks: list[str] = []  # "**" and "*", outermost first
    for index, run in enumerate(runs):
        line_start = index == 0 or runs[index - 1].text.endswith("\n")
        want = [mark for mark, on in (("**", run.bold), ("*", run.italic)) if on]
        while any(mark not in want for mark in open_marks):
            out.append(open_marks.pop())
        for mark in want:
            if mark not in open_marks:
                out.append(mark)
                open_marks.append(mark)
        text = _escape_lines(run.text, indent, line_start)
        if run.link:
            before = runs[index - 1] if index else None
            after = runs[index + 1] if index + 1 < len(runs) else None
            if not _bare_link_reads_back(run, before, after):
                text = f"[{text}]({_destination(run.link)})"
        out.append(text)
    while open_marks:
        out.append(open_marks.pop())
    return "".join(out)


def _escape_lines(text: str, indent: int, line_start: bool) -> str:
    lines = _LINE_BREAK_RE.split(text)
    first = _escape_line(lines[0]) if line_start else escape_inline(lines[0])
    rest = [" " * indent + _escape_line(line.lstrip(" \t")) for line in lines[1:]]
    return "\n".join([first, *rest])


def _tidy(runs: list[Run]) -> list[Run]:
    """Whitespace at the ends of a bold or an italic stretch moved outside it: ``*a *`` would not close."""
    if not any((run.bold or run.italic) and run.text != run.text.strip() for run in runs):
        return _merge(runs)
    chars = [[char, run.bold, run.italic, run.link] for run in runs for char in run.text]
    for flag in (1, 2):
        start = 0
        while start < len(chars):
            if not chars[start][flag]:
                start += 1
                continue
            end = start
            while end < len(chars) and chars[end][flag]:
                end += 1
            left = start
            while left < end and chars[left][0].isspace() and not chars[left][3]:
                chars[left][flag] = False
                left += 1
            right = end - 1
            while right >= left and chars[right][0].isspace() and not chars[right][3]:
                chars[right][flag] = False
                right -= 1
            start = end
    return [Run("".join(c[0] for c in group), *key)
            for key, group in groupby(chars, key=lambda c: (c[1], c[2], c[3]))]


def _bare_link_reads_back(run: Run, before: Run | None, after: Run | None) -> bool:
    """A link written as its bare address is read back as the same link (and nothing more)."""
    if run.link not in (run.text, f"http://{run.text}") or not _URL_RE.fullmatch(run.text):
        return False
    if run.link != (run.text if "://" in run.text else f"http://{run.text}"):
        return False
    left = before.text if before is not None and not before.link and _format(before)[:2] == _format(run)[:2] else ""
    right = after.text if after is not None and not after.link and _format(after)[:2] == _format(run)[:2] else ""
    joined = left + run.text + right
    return any(m.span() == (len(left), len(left) + len(run.text)) for m in _URL_RE.finditer(joined))


def _destination(url: str) -> str:
    """A link target as written inside ``(...)``."""
    url = url.replace("\r", "").replace("\n", "")
    if url and not any(c.isspace() or c in "<>" or ord(c) < 32 for c in url) and url.count("(") == url.count(")"):
        return re.sub(r"([\\()])", r"\\\1", url)
    return "<" + re.sub(r"([\\<>])", r"\\\1", url) + ">"
