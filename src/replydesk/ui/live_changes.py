"""Colleagues' saves, followed live: on a server, answers another person saved appear within two seconds.

A thread of its own waits on the store's change announcements (PostgreSQL LISTEN) and emits
``sig_answers_saved`` on the GUI thread; the window takes each answer the open reply shows
unless the official has unsaved typing in it (that meets the colleague's text as a change to
decide when it is saved).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QThread, Signal

from replydesk.store import Store, StoreError


class _Waiter(QThread):
    sig_announced = Signal(int, list, str)
    sig_presence = Signal(int, str, str)

    def __init__(self, store: Store, parent: QObject | None = None):
        super().__init__(parent)
        self.listener = store.change_listener()
        self._stopping = False

    def run(self) -> None:
        assert self.listener is not None
        while not self._stopping:
            try:
                announced = self.listener.wait(timeout=0.5)
            except Exception:  # noqa: BLE001 - a dropped connection ends the following, never the window
                return
            for item in announced:
                reply, by = int(item.get("reply", 0)), str(item.get("by", ""))
                if item.get("channel") == "replydesk_presence":
                    self.sig_presence.emit(reply, str(item.get("key") or ""), by)
                else:
                    self.sig_announced.emit(reply, list(item.get("keys", [])), by)

    def stop(self) -> None:
        self._stopping = True
        self.wait(3000)
        assert self.listener is not None
        self.listener.close()


class LiveChanges(QObject):
    """Follows a server's saves while the window shows one of its replies (nothing for a file)."""

    #: Answers of a reply were saved by someone (reply id, keys, who).
    sig_answers_saved = Signal(int, list, str)
    #: Someone's window is on a question of a reply now (reply id, key — "" when they left it, who).
    sig_colleague_writing = Signal(int, str, str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._waiter: _Waiter | None = None

    def follow(self, store: Store) -> bool:
        """Start following ``store`` (stopping any earlier one); False for a file or an unreachable server."""
        self.stop()
        if not store.on_server:
            return False
        try:
            self._waiter = _Waiter(store, self)
        except StoreError:
            return False
        self._waiter.sig_announced.connect(self.sig_answers_saved)
        self._waiter.sig_presence.connect(self.sig_colleague_writing)
        self._waiter.start()
        return True

    def stop(self) -> None:
        if self._waiter is not None:
            self._waiter.stop()
            self._waiter = None
