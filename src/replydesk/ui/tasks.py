"""Long work (exports, imports, aggregation) off the GUI thread, with progress and cancel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from replydesk.documents.common.progress import Cancelled, Progress


class _Signals(QObject):
    #: Work reported progress: done, total, message.
    sig_progressed = Signal(int, int, str)
    #: Work finished; carries its result.
    sig_finished = Signal(object)
    #: Work failed or was cancelled; carries the message.
    sig_failed = Signal(str)


class _Job(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], signals: _Signals, progress: Progress):
        super().__init__()
        self.work, self.signals, self.progress = work, signals, progress

    def run(self) -> None:
        try:
            result = self.work(self.progress)
        except Cancelled as exc:
            self.signals.sig_failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - every failure must reach the user as a message
            self.signals.sig_failed.emit(f"{type(exc).__name__}: {exc}" if not str(exc) else str(exc))
        else:
            self.signals.sig_finished.emit(result)


class BackgroundTask(QObject):
    """Run ``work(progress)`` on the thread pool behind a modal progress dialog that can cancel."""

    #: The work finished; carries its result.
    sig_finished = Signal(object)
    #: The work failed or was cancelled; carries the message.
    sig_failed = Signal(str)

    def __init__(self, parent: QWidget, title: str, work: Callable[[Progress], Any]):
        super().__init__(parent)
        self.dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.signals = _Signals()
        self.progress = Progress(lambda d, t, m: self.signals.sig_progressed.emit(d, t, m))
        self.signals.sig_progressed.connect(self._progressed)
        self.signals.sig_finished.connect(self._finished)
        self.signals.sig_failed.connect(self._failed)
        self.dialog.canceled.connect(self.progress.cancel)
        self._job = _Job(work, self.signals, self.progress)
        self._job.setAutoDelete(True)

    def start(self) -> BackgroundTask:
        QThreadPool.globalInstance().start(self._job)
        return self

    def _progressed(self, done: int, total: int, message: str) -> None:
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(done)
        if message:
            self.dialog.setLabelText(message)

    def _finished(self, result: object) -> None:
        self.dialog.reset()
        self.sig_finished.emit(result)
        self.deleteLater()

    def _failed(self, message: str) -> None:
        self.dialog.reset()
        self.sig_failed.emit(message)
        self.deleteLater()
