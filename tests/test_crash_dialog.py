"""An unexpected error shows a dialog with copyable details, after saving what was typed."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton


def test_unexpected_error_offers_details_to_copy_and_saves_first(qtbot, monkeypatch):
    from replydesk.ui import crash

    saved = []
    shown = {}

    def fake_exec(box):
        shown["text"], shown["details"] = box.text(), box.detailedText()
        copy = next(b for b in box.findChildren(QPushButton) if b.text() == "Copy details")
        copy.click()
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    crash.install(lambda: saved.append(True))
    try:
        raise RuntimeError("the navigator lost its place")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    assert saved == [True]
    assert "the navigator lost its place" in shown["text"]
    assert "Traceback" in shown["details"] and "RuntimeError" in shown["details"]
    assert QApplication.clipboard().text() == shown["details"]


def test_unexpected_error_prints_one_line_to_stderr_naming_the_log(qtbot, monkeypatch, capfd):
    from replydesk import logs
    from replydesk.ui import crash

    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    crash.install()
    capfd.readouterr()
    try:
        raise ValueError("the year 1899 is out of range\nsecond line")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    err = capfd.readouterr().err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("Reply Desk: unexpected error: ValueError: the year 1899 is out of range second line")
    assert str(logs.log_path()) in lines[0]
    assert "Traceback" in logs.log_path().read_text(encoding="utf-8")


def test_the_stderr_line_says_when_there_is_no_log():
    from replydesk.ui import crash

    line = crash.summary_line(KeyError, KeyError(), None)
    assert line == "Reply Desk: unexpected error: KeyError (no log file: its folder cannot be written)"
