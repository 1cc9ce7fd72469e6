"""Returns and reviewed copies coming into the window: dropped on it or imported, then shown.

``ImportFlow`` is a QObject that takes files dropped on the main window to the import (``DocumentActions``,
which reads each by its suffix or says why not), puts each file's import report in Changes to decide, and
reopens the reply shown when an import changed it, at the question that was being worked on.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject

if TYPE_CHECKING:
    from replydesk.ui.main_window import MainWindow


class ImportFlow(QObject):
    """Drops on the window, and what the window shows after an import."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        window.setAcceptDrops(True)
        window.installEventFilter(self)
        window.documents.sig_replies_imported.connect(self.replies_imported)
        window.documents.sig_import_report.connect(self.import_reported)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.window and event.type() == QEvent.Type.DragEnter:
            urls = event.mimeData().urls()  # any local files: the import takes each by its suffix, or says why not
            if urls and all(u.isLocalFile() for u in urls):
                event.acceptProposedAction()
            return True
        if watched is self.window and event.type() == QEvent.Type.Drop:
            files = [Path(u.toLocalFile()) for u in event.mimeData().urls()]
            event.acceptProposedAction()
            self.window.documents.import_files(files)
            return True
        return False

    def import_reported(self, text: str) -> None:
        """Each imported file's report (what changed, was ignored, could not be placed) in Changes to decide."""
        self.window.proposals.show_import_report(text)
        self.window.raise_dock(self.window.proposals_dock)

    def replies_imported(self, reply_ids: list[int]) -> None:
        window = self.window
        if window.session is not None and window.session.reply.id in reply_ids:
            key = window.navigation.current_key
            window.open_reply(window.session.reply.id, focus_first_unanswered=False)
            if key:
                window.go_to_question(key)
        window.recent.refresh()
