"""Help ▸ Keyboard shortcuts and Help ▸ Getting started."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

GETTING_STARTED = """
<h3>Getting started</h3>
<ol>
<li><b>Start a reply</b> with <i>File ▸ New reply</i> (Ctrl+N): choose the questionnaire, your country and the
year. To see a finished one first, <i>File ▸ Open example</i> shows Denmark's 2014 Global Alliance return.</li>
<li><b>Write.</b> The form's structure is on the left; the questions of the chosen section in the middle.
Everything is saved as you type; the status bar says when. Ctrl+PgDown and Ctrl+PgUp move between questions,
Ctrl+U goes to the first unanswered one.</li>
<li><b>Ask colleagues.</b> <i>File ▸ Export ▸ Review copy for Word</i> makes a copy they can edit and comment in
Word. <i>File ▸ Import</i> reads it back: each change waits in the <i>Changes</i> panel for you to accept or
reject.</li>
<li><b>Check.</b> <i>Reply ▸ Show validation</i> lists what is still missing or invalid; click a line to go
there.</li>
<li><b>Send.</b> <i>Reply ▸ Mark reply final</i>, then <i>File ▸ Export</i> the official Word document or the
Excel return for the secretariat.</li>
</ol>
<p>Your notes and revisions are signed with the name you give in <i>Edit ▸ Preferences</i>.</p>
"""


def _menu_path(action: QAction) -> str:
    """Where a command sits in the menus, e.g. "File ▸ Export ▸ Word document"."""
    names = [action.text().replace("&", "").rstrip("…")]
    for widget in action.associatedObjects():
        if isinstance(widget, QMenu):
            menu = widget
            while isinstance(menu, QMenu):
                names.insert(0, menu.title().replace("&", ""))
                parent = menu.parent()
                menu = parent if isinstance(parent, QMenu) and not isinstance(parent, QMenuBar) else None
            break
    return " ▸ ".join(names)


class ShortcutsDialog(QDialog):
    """Every command with a keyboard shortcut, read from the window's own actions so the list never drifts."""

    def __init__(self, actions: list[QAction], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        rows = sorted({(_menu_path(a), a.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
                       for a in actions if not a.shortcut().isEmpty()})
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setHorizontalHeaderLabels(["Command", "Shortcut"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (command, keys) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(command))
            self.table.setItem(row, 1, QTableWidgetItem(keys))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(560, 520)


class GettingStartedDialog(QDialog):
    """A page of the five steps from a new reply to the return sent."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("gettingStartedDialog")
        self.setWindowTitle("Getting started")
        text = QLabel(GETTING_STARTED, self)
        text.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
        self.resize(560, 460)
