"""Choice editors: one of several (radio buttons or a drop-down), several (check boxes), yes/no."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from replydesk.definitions.model import Column, Question
from replydesk.definitions.types import value_type
from replydesk.ui.editor_base import Editor


class ChoiceEditor(Editor):
    """Single choice and yes/no: radio buttons for a few options, a drop-down for many."""

    def __init__(self, question: Question, parent: QWidget | None = None):
        super().__init__(question, parent)
        self.options = options_of(question)
        # a few short options side by side; longer ones one under the other, so they never need more than the pane
        side_by_side = sum(len(label) for _, label in self.options) <= 36
        layout = QHBoxLayout(self) if side_by_side else QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.combo: QComboBox | None = None
        self.group: QButtonGroup | None = None
        if len(self.options) > 4 or any(len(label) > 30 for _, label in self.options):
            self.combo = QComboBox(self)
            # as narrow as the pane needs (the list that drops down still shows whole labels)
            self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            self.combo.setMinimumContentsLength(16)
            self.combo.view().setTextElideMode(Qt.TextElideMode.ElideNone)
            self.combo.addItem("— not answered —", None)
            for value, label in self.options:
                self.combo.addItem(label, value)
            self.combo.currentIndexChanged.connect(self._edited)
            self.combo.setAccessibleName(question.prompt)
            layout.addWidget(self.combo)
        else:
            self.group = QButtonGroup(self)
            self.group.setExclusive(True)
            for index, (value, label) in enumerate(self.options):
                button = QRadioButton(label, self)
                button.setProperty("choice", value)
                self.group.addButton(button, index)
                layout.addWidget(button)
            clear = QPushButton("Clear", self)
            clear.setFlat(True)
            clear.clicked.connect(self.clear)
            layout.addWidget(clear, 0, Qt.AlignmentFlag.AlignLeft)
            self.group.idClicked.connect(self._edited)
        if side_by_side:
            layout.addStretch(1)

    def clear(self) -> None:
        if self.group:
            self.group.setExclusive(False)
            for button in self.group.buttons():
                button.setChecked(False)
            self.group.setExclusive(True)
        self._edited()

    def _show(self, value: Any) -> None:
        if self.combo is not None:
            index = self.combo.findData(value)
            self.combo.setCurrentIndex(max(index, 0))
        elif self.group is not None:
            self.group.setExclusive(False)
            for button in self.group.buttons():
                button.setChecked(button.property("choice") == value)
            self.group.setExclusive(True)

    def value(self) -> Any:
        if self.combo is not None:
            return self.combo.currentData()
        checked = self.group.checkedButton() if self.group else None
        return checked.property("choice") if checked else None

    def focusWidget_(self) -> QWidget:  # noqa: N802
        if self.combo is not None:
            return self.combo
        buttons = self.group.buttons() if self.group else []
        return next((b for b in buttons if b.isChecked()), buttons[0] if buttons else self)


def options_of(question: Question | Column) -> list[tuple[str, str]]:
    return value_type(question).labelled(question)


class ChoiceLabel(QLabel):
    """The text of a check box, word-wrapped beside it (a QCheckBox's own text never wraps); clicking it toggles."""

    def __init__(self, text: str, box: QCheckBox, parent: QWidget):
        super().__init__(text, parent)
        self.box = box
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setBuddy(box)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton and self.box.isEnabled():
            self.box.click()
            self.box.setFocus(Qt.FocusReason.MouseFocusReason)


def wrapping_check_box(text: str, parent: QWidget) -> tuple[QCheckBox, QHBoxLayout]:
    """A check box whose label wraps to the pane's width: the box (named by ``text``) and the row holding both."""
    box = QCheckBox(parent)
    box.setAccessibleName(text)
    label = ChoiceLabel(text, box, parent)
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(6)
    row.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
    row.addWidget(label, 1)
    return box, row


class MultiChoiceEditor(Editor):
    def __init__(self, question: Question, parent: QWidget | None = None):
        super().__init__(question, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: list[QCheckBox] = []
        for choice in question.choices:
            box, row = wrapping_check_box(choice.label, self)
            box.setProperty("choice", choice.value)
            box.toggled.connect(self._edited)
            layout.addLayout(row)
            self.boxes.append(box)

    def _show(self, value: Any) -> None:
        chosen = set(value or [])
        for box in self.boxes:
            box.setChecked(box.property("choice") in chosen)

    def value(self) -> Any:
        chosen = [box.property("choice") for box in self.boxes if box.isChecked()]
        return chosen or None

    def focusWidget_(self) -> QWidget:  # noqa: N802
        return self.boxes[0] if self.boxes else self


# -- tables ------------------------------------------------------------------------------------
