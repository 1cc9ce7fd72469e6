"""Actions on whole replies and the database: cycles, backups, the secretariat view.

Kept apart from the main window's layout and navigation; each takes the window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QMessageBox

from replydesk.store import ReplyExists, StoreError

if TYPE_CHECKING:
    from replydesk.ui.compare_dialog import CompareDialog
    from replydesk.ui.main_window import MainWindow
    from replydesk.ui.secretariat import SecretariatWindow


def compare_cycles(window: MainWindow) -> CompareDialog | None:
    """The comparison dialog (shown, not modal), or None when there is nothing to compare."""
    if window.session is None:
        return None
    if window.session.previous is None:
        QMessageBox.information(window, "Compare with previous cycle",
                                "This reply was not carried forward from a previous cycle's reply.")
        return None
    from replydesk.ui.compare_dialog import CompareDialog

    window.session.flush()
    dialog = CompareDialog(window.session, window)
    dialog.show()
    return dialog


def new_reply_from_previous(window: MainWindow) -> None:
    """File ▸ New reply from previous cycle: the open reply carried into the next year."""
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
    window.open_reply(reply.id)


def restore_backup(window: MainWindow) -> None:
    from replydesk.store.backups import list_backups

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
    if current is not None and any(r.id == current for r in window.store.replies()):
        window.open_reply(current, focus_first_unanswered=False)
    window.save_label.setText(f"Restored the backup of {backup.day:%d %B %Y}; the state before is in {safety.name}")


def show_secretariat(window: MainWindow, existing: SecretariatWindow | None = None) -> SecretariatWindow:
    """The secretariat's view of the window's database, on the open reply's form and year when there is one.

    ``existing`` (the view opened before) is brought up to date and raised instead of opening a second one.
    Asking the view to open a return opens that reply in the main window.
    """
    from replydesk.ui.secretariat import SecretariatWindow

    if window.session is not None:
        window.session.flush()  # the coverage includes what was typed a moment ago
    secretariat = existing
    if secretariat is None:
        secretariat = SecretariatWindow(window.store, window.registry, window)
        secretariat.sig_open_reply_requested.connect(lambda reply_id: _open_from_secretariat(window, reply_id))
    if window.session is not None:
        secretariat.show_form(window.session.reply.form_id, window.session.reply.year)
    else:
        secretariat.reload()
    secretariat.show()
    secretariat.raise_()
    secretariat.activateWindow()
    return secretariat


def _open_from_secretariat(window: MainWindow, reply_id: int) -> None:
    if window.open_reply(reply_id):
        window.raise_()
        window.activateWindow()
