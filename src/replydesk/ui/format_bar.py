"""The question pane's one formatting toolbar: bold, italic, lists and links for the long answer being written.

One set of commands for the whole pane (not a toolbar per answer): each acts on the long-text editor that has
the keyboard focus, and all are disabled while no long answer has it or the reply is read-only. Their shortcuts
(Ctrl+B, Ctrl+I, Ctrl+Shift+8, Ctrl+Shift+7, Ctrl+K) work anywhere in the window, and only while enabled.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import QApplication, QHBoxLayout, QToolButton, QWidget

from replydesk.ui.editors import AnswerTextEdit, LongTextEditor

#: objectName, menu text, button text, tooltip, shortcut, the LongTextEditor method it calls.
COMMANDS = (
    ("formatBold", "Bold", "B", "Bold (Ctrl+B)", QKeySequence.StandardKey.Bold, "toggle_bold"),
    ("formatItalic", "Italic", "I", "Italic (Ctrl+I)", QKeySequence.StandardKey.Italic, "toggle_italic"),
    ("formatBulletList", "Bulleted list", "• List", "Bulleted list (Ctrl+Shift+8)", QKeySequence("Ctrl+Shift+8"),
     "bullet_list"),
    ("formatNumberedList", "Numbered list", "1. List", "Numbered list (Ctrl+Shift+7)", QKeySequence("Ctrl+Shift+7"),
     "numbered_list"),
    ("formatLink", "Link", "Link…", "Link (Ctrl+K)", QKeySequence("Ctrl+K"), "insert_link"),
)


class FormatBar(QWidget):
    """Formatting for the focused long answer; follows the keyboard focus of the application.

    A row of tool buttons rather than a QToolBar: nothing to hide, float or fold into an overflow menu.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("formatBar")
        self.setAccessibleName("Formatting")
        #: The long answer the commands act on (None: no long answer has the focus).
        self.target: LongTextEditor | None = None
        self.commands: dict[str, QAction] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 2, 12, 2)
        row.setSpacing(2)
        for name, text, short, tip, shortcut, method in COMMANDS:
            action = QAction(text, self)
            action.setObjectName(name)
            action.setIconText(short)
            action.setToolTip(tip)
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _checked=False, method=method: self._apply(method))
            self.addAction(action)
            self.commands[name] = action
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setAutoRaise(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the focus stays in the answer
            button.setObjectName(f"{name}Button")
            if name in ("formatBold", "formatItalic"):
                font = QFont(button.font())
                font.setBold(name == "formatBold")
                font.setItalic(name == "formatItalic")
                button.setFont(font)
            row.addWidget(button)
        row.addStretch(1)
        app = QApplication.instance()
        if app is not None:
            app.focusChanged.connect(self._focus_changed)
        self.refresh()

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None:
            return  # the window lost the focus (another application, a menu): the answer keeps its place
        editor = new.parent() if isinstance(new, AnswerTextEdit) else None
        if isinstance(editor, LongTextEditor) and editor.window() is self.window():
            self.set_target(editor)
        elif new.window() is self.window():
            self.set_target(None)  # another field of this window

    def set_target(self, editor: LongTextEditor | None) -> None:
        if editor is not self.target:
            if self.target is not None:
                try:
                    self.target.destroyed.disconnect(self._target_gone)
                except (RuntimeError, TypeError):
                    pass
            self.target = editor
            if editor is not None:
                editor.destroyed.connect(self._target_gone)
        self.refresh()

    def _target_gone(self, *_args: object) -> None:
        self.target = None
        self.refresh()

    def refresh(self) -> None:
        """Enable the commands when a writable long answer has the focus (call after the reply's status changed)."""
        usable = self.target is not None and not self.target.edit.isReadOnly()
        for action in self.commands.values():
            action.setEnabled(usable)

    def _apply(self, method: str) -> None:
        editor = self.target
        if editor is None or editor.edit.isReadOnly():
            return
        getattr(editor, method)()
        editor.edit.setFocus(Qt.FocusReason.OtherFocusReason)
