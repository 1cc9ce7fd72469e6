"""File ▸ Open recent and the reply to reopen at start: the user's own replies, kept in QSettings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings

from replydesk.definitions.titles import form_title, reply_label
from replydesk.store import StoreError, UnknownReply

if TYPE_CHECKING:
    from replydesk.ui.main_window import MainWindow

MAX_RECENT = 8


class RecentReplies(QObject):
    """The recent replies of the database shown (none for the example), and the menu that lists them."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window

    def remember(self, reply_id: int) -> None:
        window = self.window
        if window.showing_example:
            return  # recent replies are the user's own
        settings = QSettings()
        before = [int(r) for r in (settings.value("replies/recent") or []) if str(r).isdigit()]
        recent = ([reply_id] + [r for r in before if r != reply_id])[:MAX_RECENT]
        # (written only when it changed: each write is a file written and synced to disk, ~5-20 ms)
        if recent != before or str(settings.value("replies/last")) != str(reply_id) \
                or settings.value("replies/last_db") != str(window.store.path):
            settings.setValue("replies/recent", recent)
            settings.setValue("replies/last", reply_id)
            settings.setValue("replies/last_db", str(window.store.path))
        self.refresh()

    def remember_last(self) -> None:
        """The window closes: the reply shown is the one to reopen next time."""
        window = self.window
        if window.session is not None and not window.showing_example:
            settings = QSettings()
            settings.setValue("replies/last", window.session.reply.id)
            settings.setValue("replies/last_db", str(window.store.path))

    def replies(self) -> list[tuple[int, str]]:
        """(id, label) of the user's recent replies in the database shown (none for the example)."""
        window = self.window
        settings = QSettings()
        if window.showing_example or settings.value("replies/last_db") not in (None, str(window.store.path)):
            return []
        found = []
        for reply_id in [int(r) for r in (settings.value("replies/recent") or []) if str(r).isdigit()]:
            try:
                reply = window.store.reply(reply_id)
            except (UnknownReply, StoreError):
                continue
            found.append((reply_id, reply_label(reply.country, form_title(window.registry, reply.form_id,
                                                                          reply.year), reply.year)))
        return found

    def refresh(self) -> None:
        menu = self.window.recent_menu
        menu.clear()
        for reply_id, label in self.replies():
            action = menu.addAction(label)
            action.setObjectName("openRecentReply")
            action.triggered.connect(lambda _checked=False, rid=reply_id: self.window.open_reply(rid))
        menu.setEnabled(bool(menu.actions()))

    def last_reply_id(self) -> int | None:
        settings = QSettings()
        if settings.value("replies/last_db") != str(self.window.store.path):
            return None
        value = settings.value("replies/last")
        return int(value) if value is not None and str(value).isdigit() else None
