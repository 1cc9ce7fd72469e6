"""A word-level diff of two answers, for showing a proposal side by side with the answer.

Differences are found between words, not characters: "Act of 2013" → "Act of
2014" shows one word replaced, which is how officials read a change. Whitespace
travels with the word before it, so joining segments gives back each text exactly.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

Op = Literal["equal", "insert", "delete"]
_TOKEN_RE = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True)
class Segment:
    op: Op
    text: str


def tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(text)


def word_diff(old: str | None, new: str | None) -> list[Segment]:
    """Segments that rebuild ``old`` (equal + delete) and ``new`` (equal + insert), in reading order."""
    a, b = tokens(old or ""), tokens(new or "")
    matcher = difflib.SequenceMatcher(None, [t.strip() for t in a], [t.strip() for t in b], autojunk=False)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            # the words agree; take new's spacing unless only old has any
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                if a[i] == b[j]:
                    _add(segments, "equal", a[i])
                else:
                    _add(segments, "delete", a[i])
                    _add(segments, "insert", b[j])
            continue
        if tag in ("delete", "replace"):
            _add(segments, "delete", "".join(a[i1:i2]))
        if tag in ("insert", "replace"):
            _add(segments, "insert", "".join(b[j1:j2]))
    return segments


def sides(segments: list[Segment]) -> tuple[list[Segment], list[Segment]]:
    """The left (old: equal and deleted) and right (new: equal and inserted) columns."""
    return ([s for s in segments if s.op != "insert"], [s for s in segments if s.op != "delete"])


def _add(segments: list[Segment], op: Op, text: str) -> None:
    if not text:
        return
    if segments and segments[-1].op == op:
        segments[-1] = Segment(op, segments[-1].text + text)
    else:
        segments.append(Segment(op, text))
