"""Actions on whole replies and the database: cycles, backups, the secretariat view.

Kept apart from the main window's layout and navigation. ``ReplyActions`` is a QObject
that reads the window's state (its store, registry and open session) and says what
happened through its ``sig_`` signals, which the main window connects: it never opens
a reply, shows a status message or keeps a dialog in the window itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QMessageBox

from replydesk.store import ReplyExists, StoreError

if TYPE_CHECKING:
    from replydesk.ui.main_window import MainWindow
    from replydesk.ui.secretariat import SecretariatWindow


class ReplyActions(QObject):
    """Reply ▸ Compare, File ▸ New reply from previous cycle, Restore from backup, Secretariat view."""

    #: A reply was created from the open one (carries its id); the window opens it.
    sig_reply_created = Signal(int)
    #: The secretariat view asked to open a return (carries the reply id); the window opens it and comes forward.
    sig_open_reply_requested = Signal(int)
    #: A backup replaced the database's content. Carries the id of the reply that was open (None if none)
    #: and the message for the status bar; the window reopens that reply if the backup has it.
    sig_backup_restored = Signal(object, str)
    #: The comparison with the previous cycle was shown (carries the CompareDialog).
    sig_compare_shown = Signal(object)
    #: The secretariat view was shown or brought up to date (carries the SecretariatWindow).
    sig_secretariat_shown = Signal(object)

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window

    def compare_cycles(self) -> None:
        """Reply ▸ Compare with previous cycle: the comparison dialog (shown, not modal)."""
        window = self.window
        if window.session is None:
            return
        if window.session.previous is None:
            QMessageBox.information(window, "Compare with previous cycle",
                                    "This reply was not carried forward from a previous cycle's reply.")
            return
        from replydesk.ui.compare_dialog import CompareDialog

        window.session.flush()
        dialog = CompareDialog(window.session, window)
        dialog.show()
        self.sig_compare_shown.emit(dialog)

    def new_reply_from_previous(self) -> None:
        """File ▸ New reply from previous cycle: the open reply carried into the next year."""
        window = self.window
        if window.session is None or not window.store.writable:
            return
        window.session.flush()
        current = window.session.reply
        form = window.registry.get(current.form_id)
        try:
            reply = window.store.create_reply(form, current.country, current.year + 1, previous=current)
        except ReplyExists as exc:
            QMessageBox.information(window, "Reply exists", str(exc))
            return
        except StoreError as exc:
            QMessageBox.warning(window, "Cannot create reply", str(exc))
            return
        assert reply.id is not None
        self.sig_reply_created.emit(reply.id)

    def restore_backup(self) -> None:
        """File ▸ Restore from backup: choose a day, confirm, replace (a safety copy of the current state is kept)."""
        from replydesk.store.backups import list_backups

        window = self.window
        if window.store.on_server:
            QMessageBox.information(window, "Restore from backup", "This database is on a PostgreSQL server: its "
                                    "backups are the server's (pg_dump), kept by whoever runs it, not Reply Desk's.")
            return
        found = list_backups(window.store.path)
        if not found:
            QMessageBox.information(window, "Restore from backup", "There are no backups of this database yet; "
                                    "Reply Desk makes one a day when it opens it.")
            return
        labels = [f"{b.day:%A %d %B %Y}{' (saved before a restore)' if b.before_restore else ''} — "
                  f"{b.size / 1024:,.0f} KB" for b in found]
        chosen, ok = QInputDialog.getItem(window, "Restore from backup", "Replace every reply with the backup of:",
                                          labels, 0, False)
        if not ok:
            return
        backup = found[labels.index(chosen)]
        if QMessageBox.question(window, "Restore from backup",
                                f"Replace the current drafts with the backup of {backup.day:%d %B %Y}? A copy of "
                                "the current state is kept among the backups.") != QMessageBox.StandardButton.Yes:
            return
        current = window.session.reply.id if window.session else None
        if window.session is not None:
            window.session.flush()
        try:
            safety = window.store.restore_backup(backup.path)
        except StoreError as exc:
            QMessageBox.warning(window, "Restore failed", str(exc))
            return
        self.sig_backup_restored.emit(
            current, f"Restored the backup of {backup.day:%d %B %Y}; the state before is in {safety.name}")

    def show_secretariat(self, existing: SecretariatWindow | None = None) -> None:
        """File ▸ Secretariat view: the coverage of the window's database, on the open reply's form and year.

        ``existing`` (the view opened before) is brought up to date and raised instead of opening a second one.
        Asking the view to open a return emits ``sig_open_reply_requested``.
        """
        from replydesk.ui.secretariat import SecretariatWindow

        window = self.window
        if window.session is not None:
            window.session.flush()  # the coverage includes what was typed a moment ago
        secretariat = existing
        if secretariat is None:
            secretariat = SecretariatWindow(window.store, window.registry, window)
            secretariat.sig_open_reply_requested.connect(self.sig_open_reply_requested)
            secretariat.sig_import_requested.connect(window.documents.choose_and_import)
            window.documents.sig_replies_imported.connect(lambda _ids: secretariat.reload())  # the grid follows
        if window.session is not None:
            secretariat.show_form(window.session.reply.form_id, window.session.reply.year)
        else:
            secretariat.reload()
        secretariat.show()
        secretariat.raise_()
        secretariat.activateWindow()
        self.sig_secretariat_shown.emit(secretariat)
