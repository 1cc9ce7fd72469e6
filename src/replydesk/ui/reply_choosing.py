"""File ▸ New reply and File ▸ Open reply: always in the user's own database, even from the example."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from replydesk.store import ReplyExists, StoreError
from replydesk.ui.identity_dialog import ensure_identity
from replydesk.ui.reply_dialogs import NewReplyDialog, OpenReplyDialog

if TYPE_CHECKING:
    from replydesk.ui.main_window import MainWindow


class ReplyChoosing(QObject):
    """Create a reply (the form of the reply in view proposed) or choose one of the user's replies."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window

    def new_reply(self) -> None:
        """File ▸ New reply: always in the user's own database (leaving the example if it is shown)."""
        window = self.window
        if not window.showing_example and not window.store.writable:
            QMessageBox.information(window, "Read-only", "This database is open read-only; no reply can be created.")
            return
        in_view = window.session.reply.form_id if window.session is not None else None
        dialog = NewReplyDialog(window.registry, window, form_id=in_view)
        if dialog.exec() != NewReplyDialog.DialogCode.Accepted:
            return
        chosen = dialog.chosen()
        if chosen is None:
            return
        form_id, country, year = chosen
        ensure_identity(window)
        if not window.databases.to_user_database():
            return
        if not window.store.writable:
            QMessageBox.information(window, "Read-only", "Your database is open read-only; no reply can be created.")
            return
        try:
            reply = window.store.create_reply(window.registry.get(form_id), country, year,
                                              recommendations=dialog.recommendations)
        except ReplyExists as exc:
            if QMessageBox.question(window, "Reply exists", f"{exc}. Open it?") == QMessageBox.StandardButton.Yes:
                window.open_reply(exc.reply_id)
            return
        except StoreError as exc:
            QMessageBox.warning(window, "Cannot create reply", str(exc))
            return
        window.open_reply(reply.id)

    def choose_reply(self) -> None:
        """File ▸ Open reply: one of the user's own replies (leaving the example if it is shown)."""
        window = self.window
        dialog = OpenReplyDialog(window.databases.user_reply_rows(), window)
        if dialog.exec() == OpenReplyDialog.DialogCode.Accepted and dialog.chosen_id() is not None:
            chosen = dialog.chosen_id()
            if window.databases.to_user_database():
                window.open_reply(chosen)
