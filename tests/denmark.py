"""Denmark's filled Global Alliance 2014 reporting form, read from the seed text.

The seed was converted from Word and carries noise: ``<u>`` tags, prompts
prefixed "- " as if they were bullets, tabs inside words ("munici\tpalities"), a
C) prompt with the answer on the same line, numbered items "1) …" and a prompt
split over two lines. This module undoes it and gives
* ``lines()``: every line of the filled form in order, each with its kind, and
* ``answers()``: {key: Markdown answer} for the keys pt1.og1.a … pt4.og2.c.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SOURCE = Path(__file__).resolve().parent / "data" / "sources" / "global-alliance-2014-reporting-form-denmark.txt"
TITLE = "Global Alliance Against Child Sexual Abuse Online – 2014 Reporting Form"
COUNTRY = "DENMARK"
YEAR = 2014

#: How each prompt of the form ends: the rest of its line is answer text, a shorter line continues below.
PROMPT_ENDS = {"A": re.compile(r"\d{4} report"), "B": re.compile("Global Alliance"), "C": re.compile("follow-up")}
_PROMPT_RE = re.compile(r"^(?:-\s+)?([ABC])\)\s+(Please .*)$")
_GOAL_RE = re.compile(r"^Operational Goal\s*:\s*(.+)$")
_TARGET_RE = re.compile(r"^Policy Target No\. (\d+)$")
_NUMBERED_RE = re.compile(r"^-\s+(\d+)\)\s+(.*)$")


@dataclass(frozen=True)
class Line:
    """One line of the filled form: title, country, target, target_text, goal, prompt, paragraph or number."""

    kind: str
    text: str
    key: str | None = None  # the answer key a prompt or answer line belongs to
    number: int | None = None  # for numbered items


def _known_words(text: str) -> set[str]:
    return {word.casefold() for word in re.findall(r"[A-Za-z]+", text.replace("\t", " "))}


def _untab(line: str, words: set[str]) -> str:
    """Tabs the conversion put inside a phrase: join the pieces of a split word, else a space."""
    pieces = line.split("\t")
    out = pieces[0]
    for piece in pieces[1:]:
        left = re.search(r"[A-Za-z]+$", out)
        right = re.match(r"[A-Za-z]+", piece)
        joined = (left.group(0) + right.group(0)).casefold() if left and right else ""
        out += piece if joined in words else " " + piece
    return " ".join(out.split())


@cache
def lines() -> tuple[Line, ...]:
    """Every line of the filled form, in order, with the noise removed."""
    raw = SOURCE.read_text(encoding="utf-8")
    words = _known_words(raw)
    source = [re.sub(r"</?u>", "", line).rstrip() for line in raw.splitlines()]
    out: list[Line] = [Line("title", TITLE)]
    target, goal, key = 0, 0, None
    index = 0
    while index < len(source):
        line = source[index].strip()
        index += 1
        if not line:
            continue
        if line == COUNTRY:
            out.append(Line("country", line))
        elif match := _TARGET_RE.match(line):
            target, goal, key = int(match[1]), 0, None
            out.append(Line("target", line))
            while not source[index].strip():
                index += 1
            out.append(Line("target_text", source[index].strip()))
            index += 1
        elif match := _GOAL_RE.match(line):
            goal, key = goal + 1, None
            out.append(Line("goal", f"Operational Goal: {match[1].strip()}"))
        elif match := _PROMPT_RE.match(line):
            letter, text = match[1], match[2]
            while not (found := PROMPT_ENDS[letter].search(text)):  # split over lines
                text += " " + source[index].strip()
                index += 1
            end = found.end()
            key = f"pt{target}.og{goal}.{letter.lower()}"
            out.append(Line("prompt", f"{letter}) {text[:end]}", key))
            rest = text[end:].strip()
            if rest:
                out.append(Line("paragraph", _untab(rest, words), key))
        elif match := _NUMBERED_RE.match(line):
            out.append(Line("number", _untab(match[2], words), key, int(match[1])))
        else:
            assert key is not None, f"answer text before any prompt: {line!r}"
            out.append(Line("paragraph", _untab(line, words), key))
    return tuple(out)


@cache
def answers() -> dict[str, str]:
    """{key: Markdown} for the 21 answers; an empty section is absent."""
    result: dict[str, list[Line]] = {}
    for line in lines():
        if line.kind in ("paragraph", "number"):
            assert line.key is not None
            result.setdefault(line.key, []).append(line)
    markdown: dict[str, str] = {}
    for key, items in result.items():
        parts: list[str] = []
        for previous, item in zip([None, *items], items, strict=False):
            text = f"{item.number}. {item.text}" if item.kind == "number" else item.text
            same_list = previous is not None and previous.kind == item.kind == "number"
            parts.append(("\n" if same_list else "\n\n" if parts else "") + text)
        markdown[key] = "".join(parts)
    return markdown


def new_reply(store, registry, *, country: str = COUNTRY, with_answers: bool = True):  # noqa: ANN001, ANN201
    """Denmark's 2014 return typed into ``store``: (reply, form resolved for 2014)."""
    form = registry.get("global-alliance-2014")
    reply = store.create_reply(form, country, YEAR, by="official")
    resolved = form.resolved(YEAR)
    if with_answers:
        store.save_answers(reply.id, resolved, answers(), by="official", source="seed")
    return reply, resolved
