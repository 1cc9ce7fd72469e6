"""Cell contents back to answer values, by question type, and the drop-downs a cell offers.

What a cell shows for a stored value is ``common.plain.to_cell`` (choice labels, "Yes" /
"No", numbers as numbers, dates as dates, long text with "• " / "1) " list lines; the
secretariat's reports show the same).  Reading accepts the same and validates with
``definitions.values.validate``, so the store gets exactly what the app's own editor
would have saved.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from replydesk.definitions.model import Column, Question, QuestionType
from replydesk.definitions.values import validate
from replydesk.documents.common import lists
from replydesk.documents.common.plain import YES_NO_LABELS

_COLUMN_QUESTIONS: dict[int, tuple[Column, Question]] = {}


def as_question(column: Column) -> Question:
    """A table column as a one-value question, so it is validated exactly like one."""
    cached = _COLUMN_QUESTIONS.get(id(column))
    if cached is None or cached[0] is not column:
        question = Question(key=column.key, prompt=column.label or column.key, type=column.type,
                            choices=column.choices, min=column.min, max=column.max)
        cached = _COLUMN_QUESTIONS[id(column)] = (column, question)
    return cached[1]


def drop_down(question: Question | Column) -> list[str]:
    """The labels a drop-down offers for this question, or [] if it takes free input."""
    if question.type is QuestionType.SINGLE_CHOICE:
        return [choice.label for choice in question.choices]
    if question.type is QuestionType.YES_NO:
        return [YES_NO_LABELS["yes"], YES_NO_LABELS["no"]]
    if question.type is QuestionType.YES_PARTLY_NO:
        return list(YES_NO_LABELS.values())
    return []


def from_cell(question: Question | Column, raw: Any) -> Any:
    """The stored value for what a cell holds; ValueProblem says what is wrong.

    A long-text cell is *Markdown* (with "• " / "1) " list lines, ``common.lists``): the return
    shows a stored answer's Markdown, escapes included, so any answer comes back exactly and
    ``**bold**`` typed in a cell is bold.  Short texts and URLs are plain text, as stored.
    """
    target = question if isinstance(question, Question) else as_question(question)
    if raw is None or raw == "":
        return None
    qtype = target.type
    if qtype in (QuestionType.LONG_TEXT, QuestionType.SHORT_TEXT, QuestionType.URL):
        text = _as_text(raw)
        return validate(target, lists.to_markdown(text) if qtype is QuestionType.LONG_TEXT else text)
    if qtype is QuestionType.MULTIPLE_CHOICE:
        items = _choice_items(target, _as_text(raw))
        return validate(target, items) if items else None
    return validate(target, raw)


def _as_text(raw: Any) -> str:
    """Text of a cell that Excel may have turned into a number or a date."""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat(sep=" ")
    if isinstance(raw, dt.date):
        return raw.isoformat()
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


def _choice_items(question: Question, text: str) -> list[str]:
    """One choice per line; a line that is no choice may list several separated by ";"."""
    known = {name.casefold() for c in question.choices for name in (c.value, c.label)}
    items: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.casefold() in known or ";" not in line:
            items.append(line)
        else:
            items.extend(part.strip() for part in line.split(";") if part.strip())
    return items
