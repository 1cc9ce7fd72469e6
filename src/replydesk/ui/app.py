"""Starting the desktop app: the database, the forms, the window, and the trouble on the way."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from replydesk import __version__, paths
from replydesk.definitions.registry import Registry
from replydesk.ui import crash
from replydesk.ui.main_window import MainWindow
from replydesk.ui.store_opening import open_store_interactively


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("Reply Desk")
    app.setOrganizationName("ReplyDesk")
    app.setApplicationVersion(__version__)
    icon = paths.resources_dir() / "replydesk.png"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app  # type: ignore[return-value]


def report_form_problems(window: MainWindow, registry: Registry) -> None:
    if not registry.problems:
        return
    listing = "\n".join(f"• {p}" for p in registry.problems[:15])
    more = f"\n… and {len(registry.problems) - 15} more" if len(registry.problems) > 15 else ""
    box = QMessageBox(QMessageBox.Icon.Warning, "Some forms could not be loaded",
                      f"These definition files have problems; the other forms work as usual.\n\n{listing}{more}",
                      QMessageBox.StandardButton.Ok, window)
    box.setModal(False)
    box.show()


def create_main_window(db: Path, open_reply: int | None = None, *, offer_example: bool = True) -> MainWindow | None:
    """The window on the user's database ``db``; with no reply in it yet, on the built-in example."""
    store = open_store_interactively(db)
    if store is None:
        return None
    registry = Registry.load(paths.forms_dir(), paths.definitions_cache_dir())
    window = MainWindow(store, registry, user_db=db)
    window.show()
    reply_id = open_reply if open_reply is not None else window.last_reply_id()
    if reply_id is not None:
        window.open_reply(reply_id)
    elif offer_example and not store.replies():
        window.open_example()
    QTimer.singleShot(0, lambda: report_form_problems(window, registry))
    return window


def run_app(db: Path, open_reply: int | None = None) -> int:
    app = make_application()
    holder: list[MainWindow] = []
    crash.install(lambda: holder[0].save_now() if holder else None)
    window = create_main_window(db, open_reply)
    if window is None:
        return 1
    holder.append(window)
    code = app.exec()
    window.store.close()
    return code
