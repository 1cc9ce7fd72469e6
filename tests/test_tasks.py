"""Long work runs off the GUI thread; the progress dialog reports it and can cancel it."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from replydesk.ui.tasks import BackgroundTask


def test_work_runs_off_the_gui_thread_and_reports_its_result(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    gui_thread = threading.get_ident()
    seen = {}

    def work(progress):
        seen["thread"] = threading.get_ident()
        for i in range(5):
            progress.step(i, 5, f"Return {i + 1} of 5")
        return "done"

    task = BackgroundTask(parent, "Importing", work)
    with qtbot.waitSignal(task.sig_finished, timeout=5000) as finished:
        task.start()
    assert finished.args == ["done"]
    assert seen["thread"] != gui_thread


def test_cancel_stops_the_work_with_a_message(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    started = threading.Event()
    release = threading.Event()

    def work(progress):
        started.set()
        release.wait(5)
        for i in range(1000):
            progress.step(i, 1000)
        return "should not finish"

    task = BackgroundTask(parent, "Exporting", work)
    with qtbot.waitSignal(task.sig_failed, timeout=5000) as failed:
        task.start()
        qtbot.waitUntil(started.is_set)
        cancel_button = task.dialog.findChild(QPushButton)
        qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)
        release.set()
    assert "cancelled" in failed.args[0]
