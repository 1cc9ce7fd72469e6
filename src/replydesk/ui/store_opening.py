"""Opening a draft database from the window, with a way out when it cannot be written."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from replydesk import paths
from replydesk.store import DatabaseBusy, NewerDatabase, Store, StoreError


def open_store_interactively(db: Path, parent: QWidget | None = None) -> Store | None:
    """Open the draft database for writing; offer read-only or another file when that fails."""
    while True:
        try:
            store = Store.open(db, write=True, purpose="Reply Desk (window)",
                               create_folder=Path(db).expanduser().resolve().parent == paths.user_data_dir().resolve())
            if store.created:
                print(f"created new database {store.path}", file=sys.stderr)
            return store
        except DatabaseBusy as exc:
            answer = QMessageBox.question(
                parent, "Database in use",
                f"{exc}\n\nOpen it read-only to look at the replies?",
                QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Open:
                return None
            return Store.open(db, write=False)
        except (StoreError, NewerDatabase, OSError) as exc:
            answer = QMessageBox.critical(
                parent, "Cannot open the draft database",
                f"{exc}\n\nChoose another database file, or cancel.",
                QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Open:
                return None
            chosen, _ = QFileDialog.getSaveFileName(parent, "Draft database", str(paths.user_data_dir()),
                                                    "Reply Desk database (*.sqlite3);;All files (*)",
                                                    options=QFileDialog.Option.DontConfirmOverwrite)
            if not chosen:
                return None
            db = Path(chosen)
