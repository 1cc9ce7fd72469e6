"""Edit ▸ Find: the find bar's searches through the open reply, hit by hit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from replydesk.ui.editors import LongTextEditor
from replydesk.ui.find_bar import find_hits

if TYPE_CHECKING:
    from replydesk.ui.main_window import MainWindow


class FindController(QObject):
    """Every group text, prompt, help and answer searched; the hit shown and highlighted, "2 of 7"."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self._hits: list = []
        self._at = -1
        window.find_bar.sig_find_requested.connect(self.find)

    def show(self) -> None:
        bar = self.window.find_bar
        bar.show()
        bar.edit.setFocus()
        bar.edit.selectAll()

    def find_next(self) -> None:
        self.find(self.window.find_bar.edit.text(), 1)

    def find(self, text: str, step: int) -> None:
        window = self.window
        if window.session is None or not text.strip():
            return
        hits = find_hits(window.session, text)
        if hits != self._hits:
            self._hits, self._at = hits, -1 if step > 0 else 0
        if not hits:
            window.find_bar.status.setText("No matches")
            return
        self._at = (self._at + step) % len(hits)
        hit = hits[self._at]
        window.find_bar.status.setText(f"{self._at + 1} of {len(hits)}")
        window.go_to_question(hit.key)
        editor = window.pane.editor(hit.key)
        if hit.in_answer and isinstance(editor, LongTextEditor):
            cursor = editor.edit.textCursor()
            cursor.movePosition(cursor.MoveOperation.Start)
            editor.edit.setTextCursor(cursor)
            editor.edit.find(text)
        elif not hit.in_answer:
            window.pane.highlight(hit.key, text)
        window.find_bar.edit.setFocus()
