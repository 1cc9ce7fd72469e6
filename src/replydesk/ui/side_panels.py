"""The dock panels: notes and history of the selected answer, and the validation list."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from replydesk.definitions.markdown import word_count
from replydesk.definitions.problems import Problem
from replydesk.definitions.problems import find_problems as reply_problems
from replydesk.store import StoreError, Unreachable, decode
from replydesk.ui.identity_dialog import ensure_identity
from replydesk.ui.server_work import ServerLink
from replydesk.ui.session import ReplySession


class AnswerPanel(QTabWidget):
    """Notes and history of one answer; any revision can be restored."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.session: ReplySession | None = None
        self.key = ""
        #: A server's notes and history are read here, off the window's thread.
        self._reader = ServerLink(self)
        notes_page = QWidget(self)
        self.notes = QListWidget(notes_page)
        self.notes.setWordWrap(True)
        self.note_text = QPlainTextEdit(notes_page)
        self.note_text.setPlaceholderText("Add a note for reviewers…")
        self.note_text.setMaximumHeight(70)
        self.add_note_button = QPushButton("Add note", notes_page)
        self.add_note_button.setObjectName("addNote")
        self.add_note_button.clicked.connect(self.add_note)
        notes_layout = QVBoxLayout(notes_page)
        notes_layout.addWidget(self.notes)
        notes_layout.addWidget(self.note_text)
        notes_layout.addWidget(self.add_note_button, 0, Qt.AlignmentFlag.AlignRight)
        history_page = QWidget(self)
        self.history = QListWidget(history_page)
        self.history.setWordWrap(True)
        self.preview = QPlainTextEdit(history_page)
        self.preview.setReadOnly(True)
        self.restore_button = QPushButton("Restore this revision", history_page)
        self.restore_button.setObjectName("restoreRevision")
        self.restore_button.clicked.connect(self.restore)
        self.history.currentRowChanged.connect(self._preview)
        history_layout = QVBoxLayout(history_page)
        history_layout.addWidget(self.history, 2)
        history_layout.addWidget(self.preview, 1)
        history_layout.addWidget(self.restore_button, 0, Qt.AlignmentFlag.AlignRight)
        self.addTab(notes_page, "Notes")
        self.addTab(history_page, "History")
        self.add_note_button.setEnabled(False)  # until an answer is shown
        self.restore_button.setEnabled(False)

    def show_answer(self, session: ReplySession, key: str) -> None:
        self.session, self.key = session, key
        self.reload()

    def clear(self) -> None:
        """No reply open: nothing to show, nothing to add a note to."""
        self.session, self.key, self._revisions = None, "", []
        self.notes.clear()
        self.history.clear()
        self.preview.clear()
        self.restore_button.setEnabled(False)
        self.add_note_button.setEnabled(False)
        self.setTabText(0, "Notes")
        self.setTabText(1, "History")

    def _unavailable(self) -> None:
        for listing in (self.notes, self.history):
            listing.clear()
            listing.addItem("Not shown while the server cannot be reached; your text is kept.")
        self._revisions = []
        self.restore_button.setEnabled(False)

    def reload(self) -> None:
        if self.session is None or not self.key:
            return
        store, reply_id = self.session.store, self.session.reply.id
        self.add_note_button.setEnabled(store.writable)  # at once, even while a server's notes are being read
        if store.on_server:
            self._read_off_thread(self.session, self.key)
            return
        self._fill(store.notes(reply_id, self.key), store.history(reply_id, self.key))

    def _read_off_thread(self, session: ReplySession, key: str) -> None:
        """A server's notes and history, read on a worker thread; never while it does not answer."""
        if session.link.trouble or self._reader.trouble:
            self._unavailable()
            return
        store, reply_id = session.store, session.reply.id

        def done(result: Any, error: BaseException | None) -> None:
            if self.session is not session or self.key != key:  # moved on meanwhile: read what is shown now
                self.reload()
            elif isinstance(error, Unreachable):
                session.link.mark(True)  # the window reads nothing more from it until it answers again
                self._unavailable()
            elif isinstance(error, StoreError):  # (the reply or its database closed meanwhile)
                self._unavailable()
            elif error is not None:
                raise error
            else:
                self._fill(*result)

        self._reader.run(lambda: (store.notes(reply_id, key), store.history(reply_id, key)), done)

    def _fill(self, notes: list, history: list) -> None:
        assert self.session is not None
        lines = [f"{note.author or 'unknown'} · {note.created_at.astimezone():%Y-%m-%d %H:%M}\n{note.text}"
                 for note in notes] or ["No notes on this answer."]
        if lines != [self.notes.item(row).text() for row in range(self.notes.count())]:
            self.notes.clear()  # (moving between answers without notes leaves the list, and its layout, alone)
            self.notes.addItems(lines)
        self.history.clear()
        self._revisions = list(reversed(history))
        for revision in self._revisions:
            when = revision.changed_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
            value = decode(revision.value)
            size = f"{word_count(value)} words" if isinstance(value, str) else "(empty)" if value is None else "value"
            item = QListWidgetItem(f"Revision {revision.revision} · {when} · {revision.changed_by or 'unknown'}"
                                   f" · {revision.source or 'app'} · {size}"
                                   + (f" · copied by {revision.copied_by}" if revision.copied_by else ""))
            self.history.addItem(item)
        self.restore_button.setEnabled(bool(self._revisions) and not self.session.read_only)
        self.add_note_button.setEnabled(self.session.store.writable)
        for tab, text in enumerate((f"Notes ({len(notes)})", f"History ({len(self._revisions)})")):
            if self.tabText(tab) != text:
                self.setTabText(tab, text)

    def _preview(self, row: int) -> None:
        if 0 <= row < len(getattr(self, "_revisions", [])):
            value = decode(self._revisions[row].value)
            self.preview.setPlainText("" if value is None else value if isinstance(value, str) else str(value))

    def restore(self) -> None:
        row = self.history.currentRow()
        if self.session is None or not (0 <= row < len(self._revisions)):
            return
        self.session.restore(self.key, decode(self._revisions[row].value))
        self.reload()

    def add_note(self) -> None:
        text = self.note_text.toPlainText()
        if self.session is None or not text.strip():
            return
        ensure_identity(self)
        self.session.store.add_note(self.session.reply.id, self.session.form, self.key, text, source="gui")
        self.note_text.clear()
        self.reload()


def find_problems(session: ReplySession, invalid: dict[str, str] | None = None) -> list[Problem]:
    """The reply's problems (``definitions.problems``: the rules the store holds it to when marked final), with
    the values an editor could not accept (text typed that is not yet a valid value) on top."""
    return reply_problems(session.form, session.current_values(), relevant=session.relevant_keys(), also=invalid)


class ValidationPanel(QWidget):
    """What still stands between the open reply and *Mark reply final*, kept up to date as answers are saved;
    Enter or a click on a problem jumps to its question with the keyboard focus in its editor."""

    #: The user chose a problem; carries the question key to jump to.
    sig_jump_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.summary = QLabel(self)
        self.summary.setObjectName("validationSummary")
        self.summary.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("validationList")
        self.list.setSpacing(2)  # one problem apart from the next, in a narrow dock where each wraps
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)  # rows wrapped again when the dock's width changes
        self.list.setAccessibleName("Problems to resolve before the reply can be marked final")
        self.list.itemActivated.connect(self._jump)
        self.list.itemClicked.connect(self._jump)
        self.summary.setBuddy(self.list)
        # the questions a form expects answered though not required: named, and a click away
        self.unanswered_label = QLabel(self)
        self.unanswered_label.setWordWrap(True)
        self.unanswered = QListWidget(self)
        self.unanswered.setObjectName("unansweredList")
        self.unanswered.setWordWrap(True)
        self.unanswered.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.unanswered.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.unanswered.setAccessibleName("Questions not answered")
        self.unanswered.itemActivated.connect(self._jump)
        self.unanswered.itemClicked.connect(self._jump)
        self.unanswered_label.setBuddy(self.unanswered)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        layout.addLayout(top)
        layout.addWidget(self.list, 2)
        layout.addWidget(self.unanswered_label)
        layout.addWidget(self.unanswered, 1)
        self._shown: list[Problem] | None = None
        self._unanswered: list[tuple[str, str]] = []
        self.clear()

    def show_problems(self, problems: list[Problem], unanswered: list[tuple[str, str]] | None = None) -> None:
        """The open reply's problems (``find_problems``), then the questions not yet answered that are no problem
        (key, name): the list is left alone when neither has changed."""
        unanswered = list(unanswered or [])
        if (problems, unanswered) == (self._shown, self._unanswered):
            return
        self._shown, self._unanswered = list(problems), unanswered
        current = self.list.currentItem()
        current_key = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        self.list.clear()
        for problem in problems:
            item = QListWidgetItem(f"⚠ {problem.message}")
            item.setData(Qt.ItemDataRole.UserRole, problem.key)
            item.setToolTip(f"{problem.message}\nPress Enter or click to go to the question.")
            self.list.addItem(item)
            if problem.key == current_key and self.list.currentItem() is None:
                self.list.setCurrentItem(item)
        self.unanswered.clear()
        for key, name in unanswered:
            item = QListWidgetItem(f"○ {name}")
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(f"{name}: not answered (not required)\nPress Enter or click to go to the question.")
            self.unanswered.addItem(item)
        count, blank = len(problems), len(unanswered)
        self.unanswered_label.setText(f"{blank} question{'s are' if blank != 1 else ' is'} not answered "
                                      "(not required):")
        self.unanswered_label.setVisible(bool(blank))
        self.unanswered.setVisible(bool(blank))
        if not problems:
            self.summary.setText("✓ No problems: the reply can be marked final" +
                                 (f", though {blank} question{'s are' if blank != 1 else ' is'} not answered."
                                  if blank else "."))
        else:
            self.summary.setText(f"⚠ {count} problem{'s' if count != 1 else ''} to resolve before the reply can "
                                 "be marked final")

    def clear(self) -> None:
        """No reply open: nothing to check (and never "no problems" for a reply that is not there)."""
        self._shown, self._unanswered = None, []
        self.list.clear()
        self.unanswered.clear()
        self.unanswered_label.hide()
        self.unanswered.hide()
        self.summary.setText("No reply open.")

    def keys(self) -> list[str]:
        """The question keys of the problems listed, in order."""
        return [self.list.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.list.count())]

    def _jump(self, item: QListWidgetItem) -> None:
        self.sig_jump_requested.emit(item.data(Qt.ItemDataRole.UserRole))
