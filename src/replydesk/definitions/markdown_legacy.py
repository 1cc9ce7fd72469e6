"""The hand-written parser that read long-text answers until schema 4 (kept to migrate old files).

Frozen: ``store.migrations`` reads answers stored before the switch to markdown-it-py
with it, to rewrite those whose meaning the new parser would change.  Never change it.

Blocks: paragraphs (separated by blank lines; a single line break inside a
paragraph is kept as a line break), bullet items (``- ``, ``* ``), numbered items
(``1. ``, ``1) ``), indented two spaces per level.  Inline: ``**bold**``,
``*italic*``, ``[text](url)`` and bare http(s)/www links.  Anything else is text.

The parser never fails: text that is not Markdown comes out as paragraphs with
its characters unchanged, so officials' plain text is safe.
"""

from __future__ import annotations

import re

from replydesk.definitions.markdown import Block, Run

_ITEM_RE = re.compile(r"^(?P<indent>[ \t]*)(?:(?P<bullet>[-*•])|(?P<number>\d{1,9})[.)])[ \t]+(?P<text>.*)$")
_INLINE_RE = re.compile(
    r"\*\*(?P<bold>.+?)\*\*"
    r"|(?<![\w*])\*(?P<italic>[^*\s](?:[^*]*[^*\s])?)\*(?![\w*])"
    r"|\[(?P<label>[^\]]+)\]\((?P<href>[^)\s]+)\)"
    r"|(?P<url>(?:https?://|www\.)[^\s<>()]+[^\s<>().,;:!?'\"])"
)


def parse_inline(text: str, bold: bool = False, italic: bool = False) -> list[Run]:
    runs: list[Run] = []
    pos = 0
    for match in _INLINE_RE.finditer(text):
        if match.start() > pos:
            runs.append(Run(text[pos:match.start()], bold, italic))
        if match.group("bold") is not None:
            runs.extend(parse_inline(match.group("bold"), True, italic))
        elif match.group("italic") is not None:
            runs.extend(parse_inline(match.group("italic"), bold, True))
        elif match.group("label") is not None:
            runs.append(Run(match.group("label"), bold, italic, match.group("href")))
        else:
            url = match.group("url")
            runs.append(Run(url, bold, italic, url if "://" in url else f"http://{url}"))
        pos = match.end()
    if pos < len(text):
        runs.append(Run(text[pos:], bold, italic))
    return runs


def parse(text: str | None) -> list[Block]:
    """Blocks of a stored answer, in order; empty text has none."""
    if not text or not text.strip():
        return []
    blocks: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Block("paragraph", parse_inline("\n".join(paragraph))))
            paragraph.clear()

    for line in re.split(r"\r\n|\r|\n", text):
        if not line.strip():
            flush()
            continue
        item = _ITEM_RE.match(line)
        if item:
            flush()
            indent = len(item.group("indent").expandtabs(4))
            number = item.group("number")
            blocks.append(Block("number" if number else "bullet", parse_inline(item.group("text")),
                                level=min(indent // 2, 3), number=int(number) if number else None))
        elif blocks and blocks[-1].kind != "paragraph" and not paragraph and line.startswith((" ", "\t")):
            blocks[-1].runs.extend(parse_inline(" " + line.strip()))  # a list item's continuation line
        else:
            paragraph.append(line.strip())
    flush()
    return blocks
