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


#: A quoted example longer than this (in words) is cut around the tagged words, with an ellipsis.
SENTENCE_WORDS = 80
_SENTENCE_END = re.compile(r"[.!?][”\"')\]]*(?=\s|$)")


def sentence_of(value: Any, quote: str, *, limit: int = SENTENCE_WORDS) -> str:
    """The tagged words extended to the whole sentence(s) they are in, as a report quotes an example.

    Where the sentence is longer than ``limit`` words it is cut around the quote, and an ellipsis marks each
    cut; a quote not found in the answer (the answer changed) is returned as it is, squeezed.
    """
    wanted = squeeze(quote)
    paragraphs = [squeeze(line) for line in answer_text(value).split("\n")]
    text = next((p for p in paragraphs if wanted and wanted in p), None)
    if text is None:
        whole = squeeze(answer_text(value))
        if not wanted or wanted not in whole:
            return wanted
        text = whole
    at = text.index(wanted)
    start = 0
    for match in _SENTENCE_END.finditer(text, 0, at):
        start = match.end()
    end_match = _SENTENCE_END.search(text, at + len(wanted) - 1 if wanted[-1] in ".!?" else at + len(wanted))
    end = end_match.end() if end_match else len(text)
    before, after = text[start:at].lstrip(), text[at + len(wanted):end]
    lead, tail = before.split(), after.split()
    room = max(limit - len(wanted.split()), 0)
    cut_before = len(lead) > room // 2 and len(lead) + len(tail) > room
    if cut_before:
        lead = lead[len(lead) - room // 2:] if room // 2 else []
    cut_after = len(lead) + len(tail) > room
    if cut_after:
        tail = tail[:max(room - len(lead), 0)]
    shown = " ".join([*lead, wanted]) if lead else wanted
    if after[:1] and not after[:1].isspace() and tail:
        shown += tail[0] + ("" if len(tail) == 1 else " " + " ".join(tail[1:]))
    elif tail:
        shown += " " + " ".join(tail)
    shown = ("… " if cut_before else "") + shown + (" …" if cut_after else "")
    if not cut_before and shown[:1].islower() and start == 0 and not before:
        return shown  # the answer itself opens in lower case
    if shown[:1].islower() and not cut_before:
        shown = "… " + shown  # the sentence has no capital start: mark it as a fragment
    return shown


def nest_quotes(text: str) -> str:
    """A text to print inside curly double quotes: its own double quotes become single ones (‘…’) and
    apostrophes curly, so the marks nest as a printed report writes them."""
    text = re.sub(r'"([^"]*)"', "‘\\1’", text)
    text = text.replace("“", "‘").replace("”", "’")
    return re.sub(r"(?<=\w)'|'(?=\w)", lambda m: "’" if m.start() and text[m.start() - 1].isalnum() else "‘", text)
