"""The Markdown subset that long-text answers are stored in.

Blocks: paragraphs (separated by blank lines; a single line break inside a
paragraph is kept as a line break), bullet items (``- ``, ``* ``), numbered items
(``1. ``, ``1) ``), indented two spaces per level.  Inline: ``**bold**``,
``*italic*``, ``[text](url)`` and bare http(s)/www links.  Anything else is text.

The parser never fails: text that is not Markdown comes out as paragraphs with
its characters unchanged, so officials' plain text is safe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ITEM_RE = re.compile(r"^(?P<indent>[ \t]*)(?:(?P<bullet>[-*•])|(?P<number>\d{1,9})[.)])[ \t]+(?P<text>.*)$")
_INLINE_RE = re.compile(
    r"\*\*(?P<bold>.+?)\*\*"
    r"|(?<![\w*])\*(?P<italic>[^*\s](?:[^*]*[^*\s])?)\*(?![\w*])"
    r"|\[(?P<label>[^\]]+)\]\((?P<href>[^)\s]+)\)"
    r"|(?P<url>(?:https?://|www\.)[^\s<>()]+[^\s<>().,;:!?'\"])"
)


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


def to_markdown(blocks: list[Block]) -> str:
    """Canonical Markdown for blocks (what the editor writes back)."""
    out: list[str] = []
    previous = None
    for block in blocks:
        inline = "".join(_inline_markdown(run) for run in block.runs)
        if block.kind == "paragraph":
            if out:
                out.append("")
            out.append(inline)
        else:
            if previous == "paragraph":
                out.append("")
            marker = "-" if block.kind == "bullet" else f"{block.number or 1}."
            out.append(f"{'  ' * block.level}{marker} {inline}")
        previous = block.kind
    return "\n".join(out)


def _inline_markdown(run: Run) -> str:
    text = run.text
    if run.link and run.link not in (text, f"http://{text}"):
        text = f"[{text}]({run.link})"
    if run.italic:
        text = f"*{text}*"
    if run.bold:
        text = f"**{text}**"
    return text


def plain_text(text: str | None) -> str:
    """The words of an answer without Markdown marks (for counts and search)."""
    return "\n".join(block.text for block in parse(text))


def word_count(text: str | None) -> int:
    return len(plain_text(text).split())
