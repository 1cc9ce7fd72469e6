"""What every question's editor has in common: its interface, its colours, its names for assistive technology.

Every editor has the same small interface: ``set_value`` (no signal), ``value``,
``sig_value_edited`` when the user changed the value, ``sig_editing_finished``
when the user left it, ``set_read_only`` and ``focus_editor``.

No editor swallows keystrokes: what is typed stays in the editor even when it is not a
valid answer, and the editor says so with ``sig_invalid_edited(text, reason)``; the question
card shows the reason and keeps the text (``ReplySession.stage_invalid``), and ``show_text``
puts such text back when the reply opens again.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QRadioButton,
    QWidget,
)

from replydesk.definitions.model import Question


def tint(widget: QWidget, colour: str, *, bold: bool = False, point_size: float | None = None) -> None:
    """Colour (and weight, size) a label's text through its palette and font, not a style sheet.

    A widget with its own style sheet is polished and painted through Qt's style-sheet style, several times
    slower; a question page had some twenty of them (help, source, count and reason lines).
    """
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
    palette.setColor(QPalette.ColorRole.Text, QColor(colour))
    widget.setPalette(palette)
    if bold or point_size is not None or widget.font().bold():
        font = QFont(widget.font())
        font.setBold(bold)
        if point_size is not None:
            font.setPointSizeF(point_size)
        widget.setFont(font)


class Editor(QWidget):
    """Base class: the common interface of all editors."""

    #: The user changed the value (carries the new value, already valid for the question).
    sig_value_edited = Signal(object)
    #: The user typed something that is not a valid answer: (the text as typed, the reason).
    sig_invalid_edited = Signal(str, str)
    #: The user left the editor (focus moved away): time to save at once.
    sig_editing_finished = Signal()

    def __init__(self, question: Question, parent: QWidget | None = None):
        super().__init__(parent)
        self.question = question
        self._loading = False

    def set_value(self, value: Any) -> None:
        self._loading = True
        try:
            self._show(value)
        finally:
            self._loading = False

    def _show(self, value: Any) -> None:
        raise NotImplementedError

    def value(self) -> Any:
        raise NotImplementedError

    def show_text(self, text: str) -> None:
        """Put back text kept as not yet valid (from ``sig_invalid_edited``), without a signal."""
        self.set_value(text)

    def _edited(self, *_: object) -> None:
        if not self._loading:
            self.sig_value_edited.emit(self.value())

    def set_read_only(self, read_only: bool) -> None:
        self.setEnabled(not read_only)

    def focus_editor(self) -> None:
        self.focusWidget_().setFocus(Qt.FocusReason.OtherFocusReason)

    def focusWidget_(self) -> QWidget:  # noqa: N802 - mirrors Qt naming
        return self




def name_for_assistive_technology(editor: Editor, question: Question) -> None:
    """The question's prompt as the accessible name and its help as the accessible description, on every
    widget of the editor that takes the keyboard focus (EN 301 549 / WCAG 4.1.2 "Name, Role, Value").

    A screen reader announces the widget that has the focus, so the names go on the QTextEdit, QLineEdit,
    QComboBox, table view and each radio button and check box themselves, not on the editor around them.
    A radio button or check box is one option: its name is the prompt and its own label ("prompt: Yes"), or
    a listener would hear the question but not which answer the button gives. Other buttons (Clear, Add row)
    keep their own text as their name and carry the prompt as their description.
    """
    prompt, help_text = question.prompt, question.help
    editor.setAccessibleName(prompt)
    editor.setAccessibleDescription(help_text)
    for widget in editor.findChildren(QWidget):
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus or isinstance(widget.parentWidget(), QComboBox) \
                or isinstance(widget.parentWidget().parentWidget(), QComboBox):
            continue  # (a drop-down's own list is named by Qt from its items)
        if isinstance(widget, (QRadioButton, QCheckBox)):
            widget.setAccessibleName(f"{prompt}: {widget.text()}")
            widget.setAccessibleDescription(help_text)
        elif isinstance(widget, QAbstractButton):
            widget.setAccessibleDescription(prompt)
        else:
            widget.setAccessibleName(prompt)
            widget.setAccessibleDescription(help_text)
            if isinstance(widget, QAbstractItemView):
                widget.viewport().installEventFilter(_CellNamer(widget, prompt, help_text))


class _CellNamer(QObject):
    """Names the editor a table opens in a cell when it opens: "prompt: column, row" (and the help)."""

    def __init__(self, view: QAbstractItemView, prompt: str, help_text: str):
        super().__init__(view)
        self.view, self.prompt, self.help_text = view, prompt, help_text

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.ChildPolished and isinstance(event.child(), QWidget):
            index = self.view.currentIndex()
            model = self.view.model()
            if index.isValid() and model is not None:
                column = model.headerData(index.column(), Qt.Orientation.Horizontal)
                labelled = getattr(self.view, "label_column", False)  # fixed rows: their labels in column 0
                row = (model.index(index.row(), 0).data() if labelled and index.column() > 0
                       else f"row {index.row() + 1}")
                event.child().setAccessibleName(f"{self.prompt}: {column}, {row}")
                event.child().setAccessibleDescription(self.help_text)
        return False
