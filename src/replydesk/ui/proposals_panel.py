"""Changes from outside, side by side: proposals from reviewed Word copies, conflicts from workbooks.

Nothing from outside overwrites an answer by itself: the official reads the
word-level difference here and accepts or rejects each change.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from replydesk.definitions.problems import question_name
from replydesk.documents.word.diff import Segment, sides, word_diff
from replydesk.store import ProposalConflict, StoreError, decode
from replydesk.store.syncing import SYNC_SOURCE
from replydesk.ui.session import ReplySession

_STYLE = {"insert": "background:#d7f5dd;", "delete": "background:#fbdada;text-decoration:line-through;"}


@dataclass
class Change:
    kind: str  # "proposal", "conflict" (a workbook's) or "sync" (the other copy's)
    id: int
    key: str
    current: Any
    proposed: Any
    origin: str
    by: str = ""  # who wrote the proposed text and when, where known (the other copy's author)


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def segments_html(segments: list[Segment]) -> str:
    parts = []
    for segment in segments:
        text = html.escape(segment.text).replace("\n", "<br>")
        style = _STYLE.get(segment.op)
        parts.append(f"<span style='{style}'>{text}</span>" if style else text)
    return "".join(parts)


#: The least width of each of the two texts shown side by side (narrower, they are shown one above the other).
SIDE_BY_SIDE_WIDTH = 220


class SideBySide(QSplitter):
    """Two texts in columns, with the word-level difference marked (deleted left, inserted right)."""

    def __init__(self, left_title: str, right_title: str, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.before, self.after = QTextBrowser(self), QTextBrowser(self)
        self.before_label, self.after_label = QLabel(left_title, self), QLabel(right_title, self)
        for label, view in ((self.before_label, self.before), (self.after_label, self.after)):
            box = QWidget(self)
            inner = QVBoxLayout(box)
            inner.setContentsMargins(0, 0, 0, 0)
            inner.addWidget(label)
            inner.addWidget(view)
            label.setWordWrap(True)
            view.setMinimumWidth(60)  # the dock may be narrow: the texts wrap, by words only
            view.setWordWrapMode(QTextOption.WrapMode.WordWrap)
            self.addWidget(box)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        """Side by side where each column has room for a few words; one above the other in a narrow dock."""
        super().resizeEvent(event)
        wanted = Qt.Orientation.Horizontal if event.size().width() >= 2 * SIDE_BY_SIDE_WIDTH \
            else Qt.Orientation.Vertical
        if self.orientation() != wanted:
            self.setOrientation(wanted)

    def show_texts(self, before: Any, after: Any) -> None:
        left, right = sides(word_diff(_text(before), _text(after)))
        self.before.setHtml(segments_html(left))
        self.after.setHtml(segments_html(right))

    def clear(self) -> None:
        self.before.clear()
        self.after.clear()


class ProposalsPanel(QWidget):
    """Open proposals and conflicts of the reply, with a side-by-side diff and the decision buttons."""

    #: A change was accepted or rejected; carries the answer key it concerned.
    sig_decided = Signal(str)
    #: A change was clicked: the window shows its question (carries the answer key).
    sig_question_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.session: ReplySession | None = None
        self.changes: list[Change] = []
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)  # each change named whole, wrapped in a narrow dock
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.itemClicked.connect(lambda _item: self._open_question())
        self.list.itemActivated.connect(lambda _item: self._open_question())
        columns = SideBySide("In Reply Desk", "Proposed", self)
        self.columns = columns
        self.before, self.after, self.after_label = columns.before, columns.after, columns.after_label
        self.accept_button = QPushButton("Accept", self)
        self.accept_button.setObjectName("acceptChange")
        self.reject_button = QPushButton("Reject", self)
        self.reject_button.setObjectName("rejectChange")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.reject_button)
        buttons.addWidget(self.accept_button)
        # The report of the last File ▸ Import: what changed, what was ignored and why, what could not be placed
        # (the same text ``replydesk import`` prints); hidden until an import has run.
        self.report_label = QLabel(self)
        self.report_label.setWordWrap(True)
        self.report_view = QPlainTextEdit(self)
        self.report_view.setObjectName("importReport")
        self.report_view.setReadOnly(True)
        self.report_view.setAccessibleName("Import report")
        self.report_view.setAccessibleDescription("What the last import changed, ignored and could not place")
        self.report_label.setBuddy(self.report_view)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addWidget(columns, 2)
        layout.addLayout(buttons)
        layout.addWidget(self.report_label)
        layout.addWidget(self.report_view, 1)
        self.report_label.hide()
        self.report_view.hide()
        self.list.currentRowChanged.connect(self._show)
        self.accept_button.clicked.connect(lambda: self.decide(accept=True))
        self.reject_button.clicked.connect(lambda: self.decide(accept=False))
        self._show(-1)

    def show_import_report(self, text: str) -> None:
        """Show the import report of the files just imported (it stays until the next import)."""
        self.report_label.setText("Import report of the last import (File ▸ Import):")
        self.report_view.setPlainText(text)
        self.report_label.show()
        self.report_view.show()

    def show_reply(self, session: ReplySession | None) -> None:
        self.session = session
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        self.changes = []
        if self.session is not None:
            store, reply_id = self.session.store, self.session.reply.id
            for proposal in store.proposals(reply_id):
                self.changes.append(Change("proposal", proposal.id or 0, proposal.key, self.session.value(proposal.key),
                                           proposal.proposed, f"{proposal.source} · {proposal.author or 'unknown'}"))
            for conflict in store.open_conflicts(reply_id):
                synced = conflict.source.startswith(SYNC_SOURCE)  # the other copy's text, by its author
                at = conflict.authored_at
                when = f", {(at if at.tzinfo else at.replace(tzinfo=dt.UTC)).astimezone():%d %b %H:%M}" if at else ""
                self.changes.append(Change("sync" if synced else "conflict", conflict.id or 0, conflict.key,
                                           self.session.value(conflict.key), decode(conflict.workbook_value),
                                           f"{conflict.source} (changed in both copies since they last met)"
                                           if synced else f"{conflict.source} (changed in both since the export)",
                                           f"{conflict.author or 'someone'}{when}" if synced else ""))
        for change in self.changes:
            slot = self.session.form.slot(change.key) if self.session and self.session.form.has_key(change.key) \
                else None
            name = question_name(slot) if slot else "a question this form no longer has"
            kind = {"proposal": "Proposal", "sync": "Both copies changed"}.get(change.kind, "Conflict")
            item = QListWidgetItem(f"{kind}: {name} — "
                                   f"{change.origin}")
            self.list.addItem(item)
        count = len(self.changes)
        self.summary.setText("No changes waiting for a decision." if not count
                             else f"{count} change{'s' if count != 1 else ''} from outside waiting for a decision")
        if count:
            self.list.setCurrentRow(0)
        else:
            self._show(-1)

    def _show(self, row: int) -> None:
        has = 0 <= row < len(self.changes)
        self.accept_button.setEnabled(has and self.session is not None and not self.session.read_only
                                      and self.session.may_decide)
        self.reject_button.setEnabled(has and self.session is not None and not self.session.read_only
                                      and self.session.may_decide)
        if not has:
            self.columns.clear()
            return
        change = self.changes[row]
        self.columns.show_texts(change.current, change.proposed)
        conflict = change.kind == "conflict"
        self.columns.before_label.setText("In this copy" if change.kind == "sync" else "In Reply Desk")
        if change.kind == "sync":
            self.after_label.setText(f"In the other copy ({change.by})")
            self.accept_button.setText("Take the other copy's")
            self.reject_button.setText("Keep this copy's")
            return
        self.after_label.setText("In the workbook" if conflict else "Proposed by the reviewer")
        self.accept_button.setText("Take the workbook's" if conflict else "Accept")
        self.reject_button.setText("Keep Reply Desk's" if conflict else "Reject")

    def _open_question(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.changes):
            self.sig_question_requested.emit(self.changes[row].key)

    def decide(self, *, accept: bool) -> None:
        row = self.list.currentRow()
        if self.session is None or not (0 <= row < len(self.changes)):
            return
        change = self.changes[row]
        session = self.session
        session.flush()
        try:
            if change.kind in ("conflict", "sync"):
                session.store.resolve_conflict(change.id, session.form, take_workbook=accept)
            elif accept:
                try:
                    session.store.accept_proposal(session.form, change.id)
                except ProposalConflict as exc:
                    answer = QMessageBox.question(self, "The answer changed since the export",
                                                  f"{exc}\n\nReplace the current answer with the proposal?")
                    if answer != QMessageBox.StandardButton.Yes:
                        return
                    session.store.accept_proposal(session.form, change.id, force=True)
            else:
                session.store.reject_proposal(change.id)
        except (StoreError, LookupError, ValueError) as exc:
            QMessageBox.warning(self, "Not decided", str(exc))
            return
        session.reload_answer(change.key)
        self.reload()  # (first: the window counts what is left when it hears of the decision)
        self.sig_decided.emit(change.key)
