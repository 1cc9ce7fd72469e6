"""The find bar above the question pane (Ctrl+F)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from replydesk.definitions.markdown import plain_text

if TYPE_CHECKING:
    from replydesk.ui.session import ReplySession


@dataclass(frozen=True)
class Hit:
    """Where a search text was found: the question to show, and whether in its answer."""

    key: str
    in_answer: bool


def find_hits(session: ReplySession, text: str) -> list[Hit]:
    """Every place the text occurs, in reading order: group titles and texts (shown at the group's first
    question), then each question's label, prompt and help, then its answer."""
    needle = text.casefold()
    hits: list[Hit] = []
    seen_groups: set[int] = set()
    for slot in session.form.slots:
        for group in slot.path:
            if id(group) in seen_groups:
                continue
            seen_groups.add(id(group))
            if needle in f"{group.label}\n{group.title}\n{group.text}".casefold():
                hits.append(Hit(slot.key, in_answer=False))
        question = slot.question
        if needle in f"{question.label}\n{question.prompt}\n{question.help}".casefold():
            hits.append(Hit(slot.key, in_answer=False))
        value = session.value(slot.key)
        answer = plain_text(value) if isinstance(value, str) else str(value or "")
        if needle in answer.casefold():
            hits.append(Hit(slot.key, in_answer=True))
    return hits


class FindBar(QWidget):
    """Ctrl+F: find text in every prompt and answer; Enter jumps to the next hit."""

    #: The user asked for the next (+1) or previous (-1) hit of this text.
    sig_find_requested = Signal(str, int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Find in the form's texts, prompts, help and answers")
        self.edit.setAccessibleName("Find")
        # the bar fits the pane of a small laptop (1024×700) without pushing the navigator and docks aside:
        # the query field takes the width left, the buttons are as small as their words
        self.edit.setMinimumWidth(160)
        self.edit.setClearButtonEnabled(True)
        self.status = QLabel(self)
        previous = self._button("Previous", "Previous match")
        following = self._button("Next", "Next match (Enter, F3)")
        close = self._button("✕", "Close the find bar (Esc)")
        close.setAccessibleName("Close find")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(QLabel("Find:", self))
        layout.addWidget(self.edit, 1)
        layout.addWidget(previous)
        layout.addWidget(following)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.edit.returnPressed.connect(lambda: self.sig_find_requested.emit(self.edit.text(), 1))
        following.clicked.connect(lambda: self.sig_find_requested.emit(self.edit.text(), 1))
        previous.clicked.connect(lambda: self.sig_find_requested.emit(self.edit.text(), -1))
        close.clicked.connect(self.hide)

    def _button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(text)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return button

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            return
        super().keyPressEvent(event)
