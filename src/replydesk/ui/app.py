"""Starting the desktop app."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from replydesk import __version__


def run_app(db: Path, open_reply: int | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Reply Desk")
    app.setOrganizationName("ReplyDesk")
    app.setApplicationVersion(__version__)
    window = QMainWindow()
    window.setWindowTitle("Reply Desk")
    window.setCentralWidget(QLabel(f"Reply Desk {__version__}\nDatabase: {db}"))
    window.resize(900, 600)
    window.show()
    return app.exec()
