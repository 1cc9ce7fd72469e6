"""The team in the navigator, on a server's reply: who drafts which section, and who is writing what now.

Assignments come from the reply's members (a drafter's sections); presence from colleagues'
windows, which say which question they are on when it changes and every 20 seconds after
(``Store.announce_editing``). A mark not renewed for 45 seconds goes (a window that closed or
lost its network). Nothing of this exists for a personal file.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer

from replydesk import identity
from replydesk.store import Store
from replydesk.ui.server_work import ServerLink

#: Seconds between a window's reminders that its user is still on the same question.
HEARTBEAT_S = 20
#: Seconds after which a colleague's mark goes if not renewed.
EXPIRES_S = 45


class TeamMarks(QObject):
    """Keeps the navigator's team notes for the reply the window shows."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.store: Store | None = None
        self.reply_id: int | None = None
        self.model = None  # the NavigatorModel of the reply shown
        self.key: str | None = None  # the question this window is on
        #: who is on which question, and when it was last said: {who: (key, monotonic time)}
        self.colleagues: dict[str, tuple[str, float]] = {}
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(HEARTBEAT_S * 1000)
        self._heartbeat.timeout.connect(self._say_where)
        self._expiry = QTimer(self)
        self._expiry.setInterval(5000)
        self._expiry.timeout.connect(self._forget_old)
        self._link = ServerLink(self)

    def show_reply(self, store: Store | None, reply_id: int | None, model) -> None:  # noqa: ANN001
        """Follow a reply (None: none); on a file there is no team, and nothing is shown or said."""
        if self.store is not None and self.reply_id is not None and self.key is not None:
            self._announce(None)
        self.store, self.reply_id, self.model, self.key = store, reply_id, model, None
        self.colleagues.clear()
        on_server = store is not None and reply_id is not None and store.on_server
        for timer in (self._heartbeat, self._expiry):
            timer.start() if on_server else timer.stop()
        if on_server and model is not None:
            self._show_assignments()

    def writing(self, key: str) -> None:
        """This window's user is on ``key`` now."""
        if key != self.key:
            self.key = key
            self._say_where()

    def colleague_writing(self, reply_id: int, key: str, who: str) -> None:
        if reply_id != self.reply_id or self.model is None or who == identity.current_author():
            return
        before = self.colleagues.pop(who, None)
        if before is not None:
            self._refresh(before[0])
        if key:
            self.colleagues[who] = (key, time.monotonic())
            self._refresh(key)

    def _say_where(self) -> None:
        if self.key is not None:
            self._announce(self.key)

    def _announce(self, key: str | None) -> None:
        assert self.store is not None and self.reply_id is not None
        store, reply_id, who = self.store, self.reply_id, identity.current_author()
        # off the window's thread (a frozen server never answers); a courtesy: a failure disturbs nothing, and
        # while the last one is still out, this one is skipped (the heartbeat says it again)
        self._link.run(lambda: store.announce_editing(reply_id, key, who), lambda _result, _error: None)

    def _forget_old(self) -> None:
        now = time.monotonic()
        for who, (key, seen) in list(self.colleagues.items()):
            if now - seen > EXPIRES_S:
                del self.colleagues[who]
                self._refresh(key)

    def _refresh(self, key: str) -> None:
        if self.model is None:
            return
        writers = sorted(who for who, (k, _seen) in self.colleagues.items() if k == key)
        self.model.set_team_note(key, f"✎ {', '.join(writers)} writing" if writers else "")

    def _show_assignments(self) -> None:
        assert self.store is not None and self.reply_id is not None
        sections: dict[str, list[str]] = {}
        for member in self.store.members(self.reply_id):
            if member.role == "drafter":
                for section in member.section_keys:
                    sections.setdefault(section, []).append(member.display_name or member.db_user)
        for section, names in sections.items():
            self.model.set_team_note(section, f"drafted by {', '.join(sorted(names))}")
