"""Unexpected errors end in a dialog that offers the details, never in a silent crash.

The details go to the log file too; the user can copy them for a bug report. One line on
stderr names the error and the log file, for whoever started Reply Desk from a terminal.
The open reply's edits are saved before the dialog appears.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from replydesk import __version__, logs

_log = logging.getLogger("replydesk.ui")


def error_details(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> str:
    text = "".join(traceback.format_exception(kind, error, tb))
    return f"Reply Desk {__version__}, Python {sys.version.split()[0]}\n\n{text}"


def summary_line(kind: type[BaseException], error: BaseException, log_file: Path | None) -> str:
    """One line for stderr: what went wrong and where the details are."""
    message = " ".join(str(error).split())
    where = f"details in {log_file}" if log_file else "no log file: its folder cannot be written"
    return f"Reply Desk: unexpected error: {kind.__name__}{': ' + message if message else ''} ({where})"


def _unreachable(kind: type[BaseException]) -> bool:
    """A server that did not answer (``store.Unreachable``; the store is loaded if one was open)."""
    base = sys.modules.get("replydesk.store.base")
    return base is not None and issubclass(kind, base.Unreachable)


def install(save_everything: Callable[[], None] | None = None) -> None:
    """Replace sys.excepthook: log, save what can be saved, and show the error."""
    log_file = logs.setup()

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        if _unreachable(kind):  # an ordinary fault: the status bar says it, never a dialog
            _log.warning("the server cannot be reached: %s", error)
            return
        details = error_details(kind, error, tb)
        _log.error("unexpected error\n%s", details)
        print(summary_line(kind, error, log_file), file=sys.stderr, flush=True)
        if save_everything is not None:
            try:
                save_everything()
            except Exception:  # noqa: BLE001 - the dialog matters more than a second failure
                _log.exception("saving after an unexpected error failed")
        if QApplication.instance() is None:
            sys.__excepthook__(kind, error, tb)
            return
        box = QMessageBox(QMessageBox.Icon.Critical, "Unexpected error",
                          f"Reply Desk ran into an unexpected problem: {error or kind.__name__}.\n\n"
                          "Your answers are saved. You can keep working; if it happens again, copy the "
                          "details and send them to your support contact."
                          + (f"\n\nThe log is at {log_file}." if log_file else ""))
        box.setDetailedText(details)
        copy = box.addButton("Copy details", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Ok)
        copy.clicked.disconnect()
        copy.clicked.connect(lambda: QApplication.clipboard().setText(details))
        box.exec()

    sys.excepthook = hook
