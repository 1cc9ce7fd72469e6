"""Which database the window shows: the user's own, another file or server, or the built-in example.

``DatabaseSwitching`` is a QObject that opens and switches databases for the window (the open reply is
saved and closed first) and says in the status bar and the example's banner which one is shown.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QMessageBox

from replydesk import paths
from replydesk.example import is_example_db, open_example
from replydesk.store import DatabaseBusy, NewerDatabase, Store, StoreError
from replydesk.ui.database_dialog import OpenDatabaseDialog
from replydesk.ui.reply_dialogs import reply_rows
from replydesk.ui.store_opening import open_store_interactively

if TYPE_CHECKING:
    from replydesk.ui.main_window import MainWindow

#: The status bar's word while another process writes the database shown.
READ_ONLY_MESSAGE = "Read-only: another Reply Desk process is writing this database."


class DatabaseSwitching(QObject):
    """File ▸ Open database…, Open example, and the way back to the user's own database."""

    #: The window now shows another database (carries its path): the user's own, or the example's.
    sig_database_changed = Signal(Path)

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self._example_for: Store | None = None
        self._is_example = False

    @property
    def showing_example(self) -> bool:
        """The window shows the built-in example's own database, not the user's (asked once per database:
        the answer needs the file system, and titles, recent replies and settings ask it often)."""
        if self._example_for is not self.window.store:
            self._example_for, self._is_example = self.window.store, is_example_db(self.window.store.path)
        return self._is_example

    def database_shown(self) -> None:
        """Say in the status bar (and the banner) which database the window shows."""
        window = self.window
        window.example_banner.setVisible(self.showing_example)
        if self.showing_example:
            window.database_label.setText("Example database")
            window.database_label.setToolTip(f"The built-in example's own database: {window.store.path}\n"
                                             f"Your replies are in {window.user_db}")
        else:
            window.database_label.setText(f"Database: {paths.database_name(window.store.path)}")
            window.database_label.setToolTip(str(window.store.path))
        if not window.store.writable:
            window.save_label.setText(self.read_only_message())
        window.setWindowTitle(window.title())

    def read_only_message(self) -> str:
        """Why the database is read-only, as the status bar says it."""
        if self.window.store.on_network:
            return f"Read-only: the database is on {self.window.store.on_network}."
        return READ_ONLY_MESSAGE

    def switch_store(self, store: Store) -> None:
        """Show another database: the open reply is saved and closed, and so is the old database."""
        window = self.window
        if store is window.store:
            return
        window.close_reply()
        old, window.store = window.store, store
        old.close()
        window.live.follow(store)
        self.database_shown()
        window.recent.refresh()
        window.show_placeholder()
        self.sig_database_changed.emit(store.path)

    def close_to_start_page(self) -> None:
        """File ▸ Close reply: saved and closed, the start page shows; the example closes to the user's database."""
        if self.showing_example:
            self.to_user_database()  # closes the example's reply and database, and shows the start page
        else:
            self.window.close_reply()

    def open_database(self) -> bool:
        """File ▸ Open database…: another file, or a team's server; the open reply is saved and closed first."""
        window = self.window
        dialog = OpenDatabaseDialog(window.store.path if not self.showing_example else window.user_db, window)
        if dialog.exec() != QDialog.DialogCode.Accepted or (location := dialog.chosen()) is None:
            return False
        if str(location) == str(window.store.path):
            return True
        store = open_store_interactively(location, window)
        if store is None:
            return False
        window.user_db = location
        self.switch_store(store)
        reply_id = window.recent.last_reply_id()
        if reply_id is not None and window.open_reply(reply_id, focus_first_unanswered=False):
            return True
        window.show_placeholder()
        return True

    def open_example(self) -> bool:
        """File ▸ Open example: Denmark's 2014 return, from the example's own database."""
        window = self.window
        if self.showing_example and window.session is not None:
            return True
        try:
            store, reply_id = open_example(window.registry)
        except DatabaseBusy as exc:
            QMessageBox.information(window, "Example in use",
                                    f"The example is open in another Reply Desk window.\n\n{exc}")
            return False
        except (StoreError, NewerDatabase, OSError, LookupError) as exc:
            QMessageBox.warning(window, "Cannot open the example", str(exc))
            return False
        self.switch_store(store)
        return window.open_reply(reply_id, focus_first_unanswered=False)

    def to_user_database(self) -> bool:
        """Leave the example for the user's own database (opened for writing, created if need be)."""
        if not self.showing_example:
            return True
        store = open_store_interactively(self.window.user_db, self.window)
        if store is None:
            return False
        self.switch_store(store)
        return True

    def user_reply_rows(self) -> list:
        """The rows of the Open reply dialog: always the user's own replies, even from the example."""
        window = self.window
        if not self.showing_example:
            return reply_rows(window.store, window.registry)
        if not paths.is_server_url(window.user_db) and not Path(window.user_db).exists():
            return []
        try:
            with Store.open(window.user_db, write=False) as peek:
                return reply_rows(peek, window.registry)
        except (StoreError, NewerDatabase, DatabaseBusy, OSError) as exc:
            QMessageBox.warning(window, "Cannot read your replies", str(exc))
            return []
