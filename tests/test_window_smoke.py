"""The desktop app starts in a real Qt window (offscreen)."""

from __future__ import annotations


def test_window_opens(qtbot, db_path):
    from PySide6.QtWidgets import QApplication

    assert QApplication.platformName() == "offscreen"
