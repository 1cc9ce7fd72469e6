"""One editor widget per question type: the registry (``EDITORS``) and ``make_editor``.

The editors live in one module per family: ``editor_base`` (the interface every editor has),
``text_editors`` (long text), ``line_editors`` (short text, numbers, dates), ``choice_editors``
and ``table_editor``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from replydesk.definitions.model import Question, QuestionType
from replydesk.ui.choice_editors import ChoiceEditor, MultiChoiceEditor
from replydesk.ui.editor_base import Editor, name_for_assistive_technology, tint
from replydesk.ui.line_editors import _DATE, Line, LineEditor, _range_hint
from replydesk.ui.table_editor import TableEditor
from replydesk.ui.text_editors import AnswerTextEdit, LongTextEditor

__all__ = ["EDITORS", "AnswerTextEdit", "ChoiceEditor", "Editor", "LineEditor", "LongTextEditor",
           "MultiChoiceEditor", "TableEditor", "make_editor", "tint"]


def _line(line: Line) -> Callable[[Question, QWidget | None], Editor]:
    return lambda question, parent: LineEditor(question, parent, line=line)


#: The editor of each question type.
EDITORS: dict[QuestionType, Callable[[Question, QWidget | None], Editor]] = {
    QuestionType.LONG_TEXT: LongTextEditor,
    QuestionType.SHORT_TEXT: _line(Line()),
    QuestionType.SINGLE_CHOICE: ChoiceEditor,
    QuestionType.MULTIPLE_CHOICE: MultiChoiceEditor,
    QuestionType.YES_NO: ChoiceEditor,
    QuestionType.YES_PARTLY_NO: ChoiceEditor,
    QuestionType.INTEGER: _line(Line(placeholder=lambda q: _range_hint(q) or "a whole number", narrow=True)),
    QuestionType.DECIMAL: _line(Line(placeholder=lambda q: _range_hint(q) or "a number", narrow=True)),
    QuestionType.DATE: _line(_DATE),
    QuestionType.URL: _line(Line(placeholder=lambda q: "https://")),
    QuestionType.TABLE: TableEditor,
    QuestionType.PERCENTAGE: _line(Line(placeholder=lambda q: f"{_range_hint(q) or 'a number'} (percent)",
                                        narrow=True)),
}


def make_editor(question: Question, parent: QWidget | None = None) -> Editor:
    editor = EDITORS[question.type](question, parent)
    name_for_assistive_technology(editor, question)
    return editor


