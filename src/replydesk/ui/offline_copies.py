"""File ▸ Take this reply offline… and File ▸ Sync with…: one reply between the team's server and a file.

``OfflineCopies`` is a QObject that reads the window's state (its store and open session), does the copy
or the sync off the GUI thread behind a progress dialog (``tasks.BackgroundTask``), and says what happened
through its ``sig_`` signals. The database a reply was last synced with is remembered (QSettings, by the
reply's identity) and offered first next time; the window's title names the copy that is open and when
it was last synced (``title_note``).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox

from replydesk import paths
from replydesk.definitions.problems import question_trails
from replydesk.documents.common.progress import Progress
from replydesk.store import Store, StoreError
from replydesk.store.syncing import Synced
from replydesk.ui.database_dialog import OpenDatabaseDialog
from replydesk.ui.store_opening import open_store_interactively
from replydesk.ui.tasks import BackgroundTask


class SyncWithDialog(OpenDatabaseDialog):
    """The other database to sync the open reply with: a file or a server, the last one offered first."""

    def __init__(self, current: Path | str, parent=None):  # type: ignore[no-untyped-def]
        super().__init__(current, parent)
        self.setObjectName("SyncWithDialog")
        self.setWindowTitle("Sync with")
        buttons = self.findChild(QDialogButtonBox)
        buttons.button(QDialogButtonBox.StandardButton.Open).setText("&Sync")


def _remembered_key(uuid: str) -> str:
    return f"sync/with/{uuid}"


class OfflineCopies(QObject):
    """Take the open reply offline into a file (and open it there), and sync it with its other copy."""

    #: A sync finished (carries the synced reply's id in a list, as imports do); the window reloads the reply.
    sig_synced = Signal(list)
    #: The reply was copied into a file and the window now shows it there (carries the file's path).
    sig_taken_offline = Signal(str)
    #: A copy or a sync failed (carries the message, also shown in a message box).
    sig_failed = Signal(str)

    def __init__(self, window: Any):  # the MainWindow (not imported: the window imports this module)
        super().__init__(window)
        self.window = window
        self._task: BackgroundTask | None = None

    # -- the title bar --------------------------------------------------------------------------------
    def title_note(self) -> str:
        """Which copy is open and when it last met its other copy: "" for a reply never copied or synced."""
        window = self.window
        if window.session is None or window.store.closed:
            return ""
        try:
            synced = window.store.last_synced(window.session.reply.id)
        except StoreError:
            return ""
        if not synced:
            return ""
        last = synced[0]
        when = last.synced_at if last.synced_at.tzinfo else last.synced_at.replace(tzinfo=dt.UTC)
        return (f" — copy in {paths.database_name(window.store.path)}, synced with "
                f"{paths.database_name(last.peer_name)} {when.astimezone():%d %b %H:%M}")

    # -- File ▸ Take this reply offline… ---------------------------------------------------------------
    def take_offline(self) -> None:
        window = self.window
        if window.session is None:
            return
        reply = window.session.reply
        country = re.sub(r"\W+", "-", reply.country.lower()).strip("-") or "reply"
        suggested = paths.user_data_dir() / f"{country}-{reply.year}-offline.sqlite3"
        chosen, _ = QFileDialog.getSaveFileName(window, "Take this reply offline", str(suggested),
                                                "Reply Desk database (*.sqlite3)")
        if not chosen:
            return
        target = Path(chosen)
        if str(target.expanduser().resolve()) == str(window.store.path):
            QMessageBox.information(window, "Take this reply offline", "That is the database the reply is in; "
                                    "choose another file.")
            return
        window.session.flush()
        store, reply_id = window.store, reply.id
        assert reply_id is not None

        def work(progress: Progress) -> int:
            progress.step(0, 2, f"Opening {target.name}…")
            with Store.open(target, write=True, purpose="Reply Desk (taking a reply offline)") as copy:
                progress.step(1, 2, f"Copying the reply with its history into {target.name}…")
                return store.copy_reply(reply_id, copy).target_id

        self._run("Taking the reply offline", work, lambda copied: self._open_offline(target, reply.uuid, copied))

    def _open_offline(self, target: Path, uuid: str, copied_id: int) -> None:
        window = self.window
        QSettings().setValue(_remembered_key(uuid), str(window.store.path if not window.store.on_server
                                                        else window.user_db))
        store = open_store_interactively(target, window)
        if store is None:
            return
        window.user_db = target
        window.databases.switch_store(store)
        window.open_reply(copied_id, focus_first_unanswered=False)
        self.sig_taken_offline.emit(str(target))

    # -- File ▸ Sync with… -----------------------------------------------------------------------------
    def sync_with(self) -> None:
        window = self.window
        if window.session is None:
            return
        reply = window.session.reply
        remembered = QSettings().value(_remembered_key(reply.uuid))
        if not remembered:
            peers = window.store.last_synced(reply.id) if reply.id is not None else []
            remembered = peers[0].peer_name if peers else ""
        dialog = SyncWithDialog(remembered or "", window)
        if dialog.exec() != SyncWithDialog.DialogCode.Accepted or (location := dialog.chosen()) is None:
            return
        if str(location) == str(window.store.path):
            QMessageBox.information(window, "Sync with", "That is the database the reply is in; choose the one that "
                                    "holds its other copy.")
            return
        if not paths.is_server_url(location) and not Path(location).expanduser().exists():
            QMessageBox.information(window, "Sync with", f"There is no database at {location}; choose the file or "
                                    "server that holds the reply's other copy.")
            return
        QSettings().setValue(_remembered_key(reply.uuid), str(location))
        window.session.flush()
        store, reply_id = window.store, reply.id
        assert reply_id is not None
        name = paths.database_name(location)

        def work(progress: Progress) -> Synced:
            progress.step(0, 2, f"Opening {name}…")
            with Store.open(location, write=True, purpose="Reply Desk (sync)") as other:
                progress.step(1, 2, f"Syncing with {name}…")
                return store.sync_reply(reply_id, other)

        self._run("Syncing", work, lambda synced: self._synced(reply_id, synced, name))

    def _synced(self, reply_id: int, synced: Synced, name: str) -> None:
        self.sig_synced.emit([reply_id])
        session = self.window.session
        names = question_trails(session.form) if session is not None else None
        QMessageBox.information(self.window, "Sync with", "\n".join(synced.lines(name, names)))

    def _run(self, title: str, work, done) -> None:  # type: ignore[no-untyped-def]
        task = BackgroundTask(self.window, title, work)
        task.sig_finished.connect(done)
        task.sig_failed.connect(lambda message: self._failed(title, message))
        self._task = task.start()

    def _failed(self, title: str, message: str) -> None:
        self.sig_failed.emit(message)
        QMessageBox.warning(self.window, title, message)
