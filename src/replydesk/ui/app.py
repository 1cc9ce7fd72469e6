"""Starting the desktop app: the database, the forms, the window, and the trouble on the way.

The window paints first: ``run_app`` shows a start window at once — the main window's title,
place and size, "Opening …" — importing nothing but PySide6, and only then (a zero-delay timer,
after that first paint) imports the store, the definitions and the main window, opens the
database and the reply, shows the main window where the start window was and closes the start
window.  The libraries under the store (SQLAlchemy, SQLModel, pydantic) take longer to import
than a bare PySide6 window takes to appear, so this is what lets the user see Reply Desk at once.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox

from replydesk import __version__, collector, paths
from replydesk.ui import crash
from replydesk.ui.window_layout import screen_key

if TYPE_CHECKING:
    from replydesk.definitions.registry import Registry
    from replydesk.ui.main_window import MainWindow


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
    collector.pause()  # until the window is built (collector.py)
    try:
        from replydesk.definitions.registry import Registry
        from replydesk.ui.main_window import MainWindow
        from replydesk.ui.store_opening import open_store_interactively

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
    finally:
        collector.start_up_done()
    QTimer.singleShot(0, lambda: report_form_problems(window, registry))
    return window


class StartWindow(QMainWindow):
    """What the user sees while Reply Desk opens: the main window's frame, place and size, and a line of text."""

    #: The main window is shown (carries it), or None when the database could not be opened.
    sig_finished = Signal(object)

    def __init__(self, db: Path | str, open_reply: int | None = None):
        super().__init__()
        self.db, self.open_reply = db, open_reply
        self.window: MainWindow | None = None
        self._opened = False
        self.setObjectName("StartWindow")
        self.setWindowTitle("Reply Desk")
        label = QLabel(f"Opening {paths.database_name(db)}…", self)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(label)
        geometry = QSettings().value(screen_key(self))
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1200, 800)

    def start(self) -> None:
        """Show this window, and open the real one as soon as it has been painted (or after 0.5 s unpainted)."""
        self.centralWidget().installEventFilter(self)
        self.show()
        QTimer.singleShot(500, self._open)  # a window that is never painted (minimised, hidden) still opens

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched is self.centralWidget():
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._open)  # after this paint has reached the screen
        return False

    def _open(self) -> None:
        if self._opened:
            return
        self._opened = True
        self.window = create_main_window(self.db, self.open_reply)
        self.sig_finished.emit(self.window)  # first: with no window, the exit code is set before the last one closes
        self.close()


def run_app(db: Path | str, open_reply: int | None = None) -> int:
    app = make_application()
    holder: list[MainWindow] = []
    crash.install(lambda: holder[0].save_now() if holder else None)
    starting = StartWindow(db, open_reply)

    def finished(window: MainWindow | None) -> None:
        if window is None:
            app.exit(1)
        else:
            holder.append(window)

    starting.sig_finished.connect(finished)
    starting.start()
    code = app.exec()
    if holder:
        holder[0].store.close()
    return code
