"""The find bar above the question pane (Ctrl+F)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget


class FindBar(QWidget):
    """Ctrl+F: find text in every prompt and answer; Enter jumps to the next hit."""

    #: The user asked for the next (+1) or previous (-1) hit of this text.
    sig_find_requested = Signal(str, int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Find in prompts and answers")
        self.edit.setClearButtonEnabled(True)
        self.status = QLabel(self)
        previous = QPushButton("Previous", self)
        following = QPushButton("Next", self)
        close = QPushButton("Close", self)
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

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            return
        super().keyPressEvent(event)
