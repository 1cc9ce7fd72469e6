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
