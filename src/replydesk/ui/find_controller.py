"""Edit ▸ Find: the find bar's searches through the open reply, hit by hit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject

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
        #: What the last hit marked (a label or an answer's text), cleared at the next hit or when the bar closes.
        self._marked: tuple[object, str] | None = None
        window.find_bar.sig_find_requested.connect(self.find)
        window.find_bar.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.window.find_bar and event.type() == QEvent.Type.Hide:
            self.clear_marks()  # the bar closed (Escape, its ✕): no highlight stays behind
        return False

    def clear_marks(self) -> None:
        marked, self._marked = self._marked, None
        if marked is None:
            return
        widget, kind = marked
        try:
            if kind == "label":
                widget.setSelection(0, 0)
            else:
                cursor = widget.textCursor()
                cursor.clearSelection()
                widget.setTextCursor(cursor)
        except RuntimeError:
            pass  # (the page that held it was replaced)

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
        self.clear_marks()
        window.go_to_question(hit.key)
        editor = window.pane.editor(hit.key)
        if hit.in_answer and isinstance(editor, LongTextEditor):
            cursor = editor.edit.textCursor()
            cursor.movePosition(cursor.MoveOperation.Start)
            editor.edit.setTextCursor(cursor)
            if editor.edit.find(text):
                self._marked = (editor.edit, "answer")
        elif not hit.in_answer:
            label = window.pane.highlight(hit.key, text)
            if label is not None:
                self._marked = (label, "label")
        window.find_bar.edit.setFocus()
