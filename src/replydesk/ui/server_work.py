"""Work on a team's server off the window's thread: the event loop never waits on the network.

A server can stop, restart or freeze (a network partition: the socket stays open and nothing answers, so
no client-side timeout of the driver ends the wait). The window therefore never calls the server from its
own thread for what happens while the official types: saves and presence run on a worker thread here,
their results come back as signals, and while a call is out longer than ``TROUBLE_AFTER_MS`` or the last
one found the server gone, ``ServerLink.trouble`` says so — the window then reads nothing more from the
server (history, notes) until it answers again, and says "Not saved — the server cannot be reached; your
text is kept; retrying" instead of anything that would say saved.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

#: What the status bar says while saves cannot reach the server (nothing says saved until one does).
NOT_SAVED = "Not saved — server unreachable; your text is kept, retrying"
#: A call out this long means the server does not answer now.
TROUBLE_AFTER_MS = 300


class ServerLink(QObject):
    """Runs one call at a time on a worker thread and hands its outcome back on the window's thread."""

    #: The outcome of ``run``: (callback, result, error) — delivered on the GUI thread.
    _sig_done = Signal(object, object, object)
    #: Whether the server is in trouble (True: stopped, frozen or cut off, as far as the window can tell).
    sig_trouble = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._busy_since: float | None = None
        self._failed = False
        self._sig_done.connect(self._deliver)

    @property
    def busy(self) -> bool:
        return self._busy_since is not None

    @property
    def trouble(self) -> bool:
        """The last call found the server gone, or the one out now has waited too long."""
        if self._failed:
            return True
        return self._busy_since is not None and (time.monotonic() - self._busy_since) * 1000 > TROUBLE_AFTER_MS

    def run(self, work: Callable[[], Any], done: Callable[[Any, BaseException | None], None]) -> bool:
        """Start ``work`` on a worker thread; ``done(result, error)`` follows on this thread. False (nothing
        started) while an earlier call is still out: the caller keeps its work staged and tries later."""
        if self._busy_since is not None:
            return False
        self._busy_since = time.monotonic()

        def worker() -> None:
            try:
                result, error = work(), None
            except BaseException as exc:  # noqa: BLE001 - handed back to the window, which decides
                result, error = None, exc
            self._sig_done.emit(done, result, error)

        threading.Thread(target=worker, name="replydesk-server", daemon=True).start()
        return True

    def mark(self, failed: bool) -> None:
        """Record whether the server answered (a call made elsewhere)."""
        if failed != self._failed:
            self._failed = failed
            self.sig_trouble.emit(failed)

    def _deliver(self, done: Callable[[Any, BaseException | None], None], result: Any,
                 error: BaseException | None) -> None:
        self._busy_since = None
        done(result, error)

    def wait_idle(self, timeout_s: float) -> bool:
        """Wait (processing nothing) for the call out to end, at most ``timeout_s``: for closing only."""
        deadline = time.monotonic() + timeout_s
        while self._busy_since is not None and time.monotonic() < deadline:
            from PySide6.QtCore import QCoreApplication

            QCoreApplication.processEvents()
            time.sleep(0.01)
        return self._busy_since is None
