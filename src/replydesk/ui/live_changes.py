"""Colleagues' saves, followed live: on a server, answers another person saved appear within two seconds.

A thread of its own waits on the store's change announcements (PostgreSQL LISTEN) and emits
``sig_answers_saved`` on the GUI thread, naming the sender as the server knows its session (never as
the payload, which anyone may write, says). When the server goes away the thread says so
(``sig_listening(False)``) and listens again with growing pauses until it is back (``True``). The window
takes each answer the open reply shows unless the official has unsaved typing in it (that meets the
colleague's text as a change to decide when it is saved).
"""

from __future__ import annotations

import atexit
import time

from PySide6.QtCore import QObject, QThread, Signal

from replydesk.store import Store, StoreError

#: Seconds between attempts to listen again after the server went away: doubling up to the last.
BACKOFF_S = (0.5, 1.0, 2.0, 4.0, 8.0)


class _Waiter(QThread):
    sig_announced = Signal(int, list, str)
    sig_presence = Signal(int, str, str)
    #: Whether announcements arrive (False: the server went away; listening again with backoff).
    sig_listening = Signal(bool)

    def __init__(self, store: Store):
        super().__init__()  # no parent: kept in _RUNNING until it ends (a running QThread is never destroyed)
        self._store = store
        self.listener = store.change_listener()
        self._stopping = False
        self._names: dict[tuple[int, str], str] = {}

    def run(self) -> None:
        attempt = 0
        while not self._stopping:
            if self.listener is None:
                if not self._pause(BACKOFF_S[min(attempt, len(BACKOFF_S) - 1)]):
                    return
                attempt += 1
                try:
                    self.listener = self._store.change_listener()
                except Exception:  # noqa: BLE001 - still away: try again later
                    continue
                attempt = 0
                self.sig_listening.emit(True)
            try:
                announced = self.listener.wait(timeout=0.5)
            except Exception:  # noqa: BLE001 - the server went away: say so, and listen again when it is back
                self._drop()
                self.sig_listening.emit(False)
                continue
            for item in announced:
                reply = int(item.get("reply", 0) or 0)
                login = str(item.get("login", ""))
                # the same login as this window's (a login shared by colleagues): its own payload names it
                by = str(item.get("by", "")) if login == self.listener.own_login else self._name(reply, login)
                if item.get("channel") == "replydesk_presence":
                    self.sig_presence.emit(reply, str(item.get("key") or ""), by)
                else:
                    keys = [str(k) for k in item.get("keys", [])]
                    self.sig_announced.emit(reply, keys, self._saved_by(reply, keys))

    def _saved_by(self, reply: int, keys: list[str]) -> str:
        """Who saved, as the history the server wrote says (its latest revision of the first key), not the
        announcement ('' when unknown: "A colleague")."""
        try:
            history = self._store.history(reply, keys[0]) if keys else []
        except Exception:  # noqa: BLE001 - a name is a courtesy
            return ""
        return history[-1].changed_by if history else ""

    def _name(self, reply: int, login: str) -> str:
        """How the team knows the login that sent an announcement (its member name in the reply, else the login)."""
        if (reply, login) not in self._names:
            try:
                members = {m.db_user: m.display_name for m in self._store.members(reply)}
            except Exception:  # noqa: BLE001 - a name is a courtesy
                members = {}
            self._names[(reply, login)] = members.get(login) or login
        return self._names[(reply, login)]

    def _pause(self, seconds: float) -> bool:
        """Wait ``seconds`` unless stopped meanwhile (False then)."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if self._stopping:
                return False
            time.sleep(0.05)
        return not self._stopping

    def _drop(self) -> None:
        listener, self.listener = self.listener, None
        if listener is not None:
            try:
                listener.close()
            except Exception:  # noqa: BLE001 - a dead connection may not close cleanly
                pass

    def begin(self) -> None:
        _RUNNING.add(self)
        self.finished.connect(self._ended)
        self.start()

    def _ended(self) -> None:
        self._drop()
        _RUNNING.discard(self)

    def ask_to_stop(self) -> None:
        self._stopping = True

    def stop(self) -> None:
        """Ask it to end, and wait a moment (inside a connection attempt it ends on its own, up to its timeout)."""
        self._stopping = True
        self.wait(3000)


#: Waiters that run: referenced until they end, whatever happens to the window that started them.
_RUNNING: set[_Waiter] = set()


@atexit.register
def _end_all() -> None:
    """At exit, let every waiter end (one inside a connection attempt within its connect timeout)."""
    for waiter in list(_RUNNING):
        waiter.ask_to_stop()
    for waiter in list(_RUNNING):
        waiter.wait(6000)


class LiveChanges(QObject):
    """Follows a server's saves while the window shows one of its replies (nothing for a file)."""

    #: Answers of a reply were saved by someone (reply id, keys, who).
    sig_answers_saved = Signal(int, list, str)
    #: Someone's window is on a question of a reply now (reply id, key — "" when they left it, who).
    sig_colleague_writing = Signal(int, str, str)
    #: Live updates stopped (False: the server went away; trying again) or resumed (True).
    sig_listening = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._waiter: _Waiter | None = None

    def follow(self, store: Store) -> bool:
        """Start following ``store`` (stopping any earlier one); False for a file or an unreachable server."""
        self.stop()
        if not store.on_server:
            return False
        try:
            self._waiter = _Waiter(store)
        except StoreError:
            return False
        self._waiter.sig_announced.connect(self.sig_answers_saved)
        self._waiter.sig_presence.connect(self.sig_colleague_writing)
        self._waiter.sig_listening.connect(self.sig_listening)
        self._waiter.begin()
        self.destroyed.connect(self._waiter.ask_to_stop)  # a window deleted without closing stops it too
        return True

    def stop(self) -> None:
        if self._waiter is not None:
            self._waiter.stop()
            self._waiter = None
