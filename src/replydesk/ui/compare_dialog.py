"""Reply ▸ Compare with previous cycle: every answer, last cycle's beside this cycle's, word by word."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from replydesk.definitions.cycles import AnswerChange, compare_answers
from replydesk.documents.word.comparison import STATE_LABELS, write_comparison
from replydesk.ui.document_actions import export_folder, remember_folder
from replydesk.ui.proposals_panel import SideBySide
from replydesk.ui.session import ReplySession


class CompareDialog(QDialog):
    def __init__(self, session: ReplySession, parent: QWidget | None = None):
        super().__init__(parent)
        assert session.previous is not None
        self.session = session
        previous = session.previous
        self.setWindowTitle(f"{session.reply.country}: {previous.year} and {session.reply.year} compared")
        self.resize(1000, 640)
        self.changes: list[AnswerChange] = [
            c for c in compare_answers(session.form, session.previous_values, session.current_values(),
                                       session.carried) if c.state != "empty"]
        self.list = QListWidget(self)
        for change in self.changes:
            slot = session.form.slot(change.key)
            item = QListWidgetItem(f"{slot.section_label} {slot.question.label} — {STATE_LABELS[change.state]}")
            item.setData(Qt.ItemDataRole.UserRole, change.key)
            self.list.addItem(item)
        columns = SideBySide(f"<b>{previous.year}</b>", f"<b>{session.reply.year}</b>", self)
        self.columns, self.before, self.after = columns, columns.before, columns.after
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.list)
        splitter.addWidget(columns)
        export = QPushButton("Export for review (Word)…", self)
        close = QPushButton("Close", self)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(export)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.list.currentRowChanged.connect(self._show)
        export.clicked.connect(self.export)
        close.clicked.connect(self.accept)
        if self.changes:
            self.list.setCurrentRow(0)

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.changes):
            return
        change = self.changes[row]
        self.columns.show_texts(change.before, change.after)

    def export(self) -> None:
        session = self.session
        previous = session.previous
        assert previous is not None
        name = f"{session.reply.country.title()}-{session.reply.form_id}-{previous.year}-{session.reply.year}.docx"
        chosen, _ = QFileDialog.getSaveFileName(self, "Export comparison", str(export_folder() / name),
                                                "Word files (*.docx)")
        if not chosen:
            return
        target = Path(chosen).with_suffix(".docx")
        remember_folder(target)
        changes = compare_answers(session.form, session.previous_values, session.current_values(), session.carried)
        try:
            write_comparison(session.form, session.reply.country, previous.year, session.reply.year, changes, target)
        except Exception as exc:  # noqa: BLE001 - any failure is reported, the dialog stays
            QMessageBox.warning(self, "Export failed", str(exc))
            return
        QMessageBox.information(self, "Export", f"Wrote {target}")
