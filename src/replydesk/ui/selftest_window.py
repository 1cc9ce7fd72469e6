"""The window step of ``replydesk --self-test``: open the main window on a reply, then close it."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings

from replydesk.definitions.registry import Registry
from replydesk.store import Store
from replydesk.ui.app import make_application
from replydesk.ui.main_window import MainWindow


def open_and_close(store: Store, registry: Registry, reply_id: int, settings_dir: Path) -> str:
    """Settings go to ``settings_dir`` so the self-test leaves the user's alone."""
    app = make_application([sys.argv[0]])
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(settings_dir))
    window = MainWindow(store, registry)
    window.show()
    if not window.open_reply(reply_id):
        raise RuntimeError("the reply did not open")
    app.processEvents()
    title = window.windowTitle()
    window.close()
    app.processEvents()
    return f"{app.platformName()}: {title}"
