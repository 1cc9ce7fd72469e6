"""The main window's status bar: what was saved, how much is answered, the reply's status, the database.

``WindowStatus`` is a QObject that owns the status bar's labels and says what happened to the reply shown:
saved, kept but not yet valid, not saved, saved by a colleague. A long message wraps to the room the
permanent labels leave it (its whole text is also its tooltip), so "N of M answered" never cuts it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy

from replydesk.definitions.problems import question_name
from replydesk.ui import server_status

if TYPE_CHECKING:
    from replydesk.ui.main_window import MainWindow


class StatusMessage(QLabel):
    """The status bar's message: elided to its room (never pushing the permanent labels), whole in its tooltip."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setProperty("elides", True)  # (layout_check: shortened on purpose, the whole text in the tooltip)
        self._full = ""

    def setText(self, text: str) -> None:  # noqa: N802 - Qt naming
        self._full = text
        self.setToolTip(text)
        self.setAccessibleName(text)
        self._elide()

    def text(self) -> str:
        """The message, whole (as said, not as shortened to the room)."""
        return self._full

    def clear(self) -> None:
        self.setText("")

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = self.contentsRect().width()
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, room) if room > 0 else ""
        super().setText(shown if room > 0 else self._full)


class WindowStatus(QObject):
    """The status bar's labels and the messages about the reply shown."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.save_label = StatusMessage(window)
        self.save_label.setObjectName("saveMessage")
        self.completion_label = QLabel(window)
        self.status_label = QLabel(window)
        self.database_label = QLabel(window)
        self.database_label.setObjectName("databaseLabel")
        bar = window.statusBar()
        bar.addWidget(self.save_label, 1)
        for label in (self.completion_label, self.status_label, self.database_label):
            bar.addPermanentWidget(label)

    def say(self, text: str) -> None:
        self.save_label.setText(text)

    def saved(self, when: dt.datetime) -> None:
        self.save_label.setText(f"Saved {when:%H:%M:%S}")

    def save_failed(self, message: str) -> None:
        self.save_label.setText(server_status.not_saved_text(message))

    def update_completion(self) -> None:
        session = self.window.session
        if session is not None:
            answered, total = session.completion()
            self.completion_label.setText(f"{answered} of {total} answered")

    def saved_elsewhere(self, reply_id: int, keys: list, by: str) -> None:
        """A colleague saved answers of the reply shown: show them (unless typing here is not yet saved)."""
        window = self.window
        if window.session is None or reply_id != window.session.reply.id or window.store.closed:
            return  # (announcements still queued when the window closed are for nobody)
        taken = window.session.take_saved_elsewhere([k for k in keys if window.session.form.has_key(k)])
        if taken:
            slots = [window.session.form.slot(key) for key in taken[:3]]
            names = ", ".join(question_name(slot) for slot in slots)
            more = f" and {len(taken) - 3} more" if len(taken) > 3 else ""
            self.save_label.setText(f"{by or 'A colleague'} saved {names}{more} just now")

    def decided(self) -> None:
        """A change from outside was decided: the status bar counts what is left (never a stale "2 to decide")."""
        left = len(self.window.proposals.changes)
        self.save_label.setText(f"{left} change{'s' if left != 1 else ''} left to decide" if left
                                else "Every change from outside is decided")

    def clear(self) -> None:
        for label in (self.save_label, self.completion_label, self.status_label):
            label.clear()
