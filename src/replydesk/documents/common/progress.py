"""Progress and cancellation for long document work, without any GUI dependency.

The window passes a Progress that updates a progress dialog; the command line
passes the default, which does nothing.  Work calls ``step`` between units and
stops with ``Cancelled`` when the user asked it to.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class Cancelled(Exception):
    """The user cancelled the work; nothing was changed."""


class Progress:
    def __init__(self, report: Callable[[int, int, str], None] | None = None):
        self._report = report
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def step(self, done: int, total: int, message: str = "") -> None:
        """Report progress; raise Cancelled if the user cancelled."""
        if self._cancel.is_set():
            raise Cancelled("cancelled by the user; nothing was changed")
        if self._report is not None:
            self._report(done, total, message)


NO_PROGRESS = Progress()
