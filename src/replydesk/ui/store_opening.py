"""Opening a draft database from the window, with a way out when it cannot be written."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from replydesk import paths
from replydesk.store import DatabaseBusy, NetworkDatabase, NewerDatabase, Store, StoreError


def open_store_interactively(db: Path | str, parent: QWidget | None = None) -> Store | None:
    """Open the draft database for writing; offer read-only or another file when that fails."""
    while True:
        try:
            in_data_folder = (not paths.is_server_url(db)
                              and Path(db).expanduser().resolve().parent == paths.user_data_dir().resolve())
            store = Store.open(db, write=True, purpose="Reply Desk (window)", create_folder=in_data_folder)
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
        except NetworkDatabase as exc:
            choice = _ask_network(exc, parent, can_read=Path(str(db)).expanduser().exists())
            if choice == "read":
                try:
                    return Store.open(db, write=False)
                except (StoreError, NewerDatabase, OSError) as again:  # e.g. it would need upgrading first
                    QMessageBox.critical(parent, "Cannot open the draft database", str(again))
                    return None
            if choice != "choose" or not (db := _choose_file(parent)):
                return None
        except StoreError as exc:
            if not paths.is_server_url(db):
                if not (db := _refused(exc, parent)):
                    return None
                continue
            choice = _ask_server(exc, parent)
            if choice == "choose" and (chosen := _choose_file(parent)):
                db = chosen
            elif choice != "retry":
                return None
        except (NewerDatabase, OSError) as exc:
            if not (db := _refused(exc, parent)):
                return None


def _refused(exc: Exception, parent: QWidget | None) -> Path | None:
    """Another file to open, or None: the database could not be opened at all."""
    answer = QMessageBox.critical(
        parent, "Cannot open the draft database", f"{exc}\n\nChoose another database file, or cancel.",
        QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel)
    return _choose_file(parent) if answer == QMessageBox.StandardButton.Open else None


def _ask_server(exc: StoreError, parent: QWidget | None) -> str:
    """"retry", "choose" or "" (cancel): the team's server did not answer (down, unreachable, or refused the login);
    the official tries again once it is back, or opens a file meanwhile (an offline copy, her own drafts)."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Cannot open the team's database",
                      f"{exc}\n\nTry again once the server is back, or open a database file meanwhile (an offline "
                      "copy of a reply, or your own drafts).", QMessageBox.StandardButton.Cancel, parent)
    box.setObjectName("serverUnreachableBox")
    retry = box.addButton("Try again", QMessageBox.ButtonRole.AcceptRole)
    choose = box.addButton("Open a file…", QMessageBox.ButtonRole.ActionRole)
    box.setDefaultButton(retry)
    box.exec()
    return {retry: "retry", choose: "choose"}.get(box.clickedButton(), "")


def _ask_network(exc: NetworkDatabase, parent: QWidget | None, *, can_read: bool) -> str:
    """"read", "choose" or "" (cancel): a database on a share is offered read-only, or another file."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Database on a network share", str(exc),
                      QMessageBox.StandardButton.Cancel, parent)
    box.setObjectName("networkDatabaseBox")
    choose = box.addButton("Choose another file…", QMessageBox.ButtonRole.ActionRole)
    buttons = {choose: "choose"}
    if can_read:
        read = box.addButton("Open read-only", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(read)
        buttons[read] = "read"
    box.exec()
    return buttons.get(box.clickedButton(), "")


def _choose_file(parent: QWidget | None) -> Path | None:
    chosen, _ = QFileDialog.getSaveFileName(parent, "Draft database", str(paths.user_data_dir()),
                                            "Reply Desk database (*.sqlite3);;All files (*)",
                                            options=QFileDialog.Option.DontConfirmOverwrite)
    return Path(chosen) if chosen else None
