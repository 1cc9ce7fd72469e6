"""Finding a quoted passage in an answer, as the secretariat tags it and as answers change.

A tag keeps the text it quoted. The quote is looked for in the answer as a reader sees it
(Markdown marks removed, whitespace runs made one space), so selecting text in the window,
typing it on the command line or copying it from Word all find the same passage. When a
re-imported return rewrites the passage slightly, the closest stretch of the new answer is
taken if it is close enough (``relocate``); otherwise the tag needs the analyst's attention.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from replydesk.definitions.markdown import to_plain

#: How alike a rewritten passage must be to the quote to carry the tag over by itself.
CLOSE_ENOUGH = 0.85

_SPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Whitespace runs (line ends, tabs, non-breaking spaces) made one space; ends stripped."""
    return _SPACE.sub(" ", text.replace("\u00a0", " ")).strip()


def answer_text(value: Any) -> str:
    """An answer as the text a reader sees: long texts without Markdown marks, tables cell by cell."""
    if value is None:
        return ""
    if isinstance(value, str):
        return to_plain(value)
    if isinstance(value, list):
        return "\n".join(answer_text(item) for item in value)
    if isinstance(value, dict):
        return "\n".join(answer_text(item) for item in value.values() if item not in (None, ""))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def contains(value: Any, quote: str) -> bool:
    """Whether the answer holds the quote (whitespace and Markdown marks aside)."""
    wanted = squeeze(quote)
    if not wanted:
        return False
    return wanted in squeeze(answer_text(value)) or (isinstance(value, str) and wanted in squeeze(value))


def relocate(value: Any, quote: str) -> str | None:
    """The stretch of the answer that best matches a quote no longer found word for word, if close enough."""
    text = squeeze(answer_text(value))
    wanted = squeeze(quote)
    if not text or not wanted:
        return None
    words, size = text.split(" "), len(wanted.split(" "))
    best, best_ratio = None, 0.0
    for length in {max(1, size - 2), max(1, size - 1), size, size + 1, size + 2}:
        for start in range(0, max(1, len(words) - length + 1)):
            candidate = " ".join(words[start:start + length])
            matcher = difflib.SequenceMatcher(None, wanted, candidate, autojunk=False)
            if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = candidate, ratio
    if best is not None and wanted[-1].isalnum():
        best = best.rstrip(",;:.!?")  # the stretch ends where the quote did, not at the next comma
    return best if best_ratio >= CLOSE_ENOUGH else None
