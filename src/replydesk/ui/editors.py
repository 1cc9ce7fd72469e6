"""One editor widget per question type.

Every editor has the same small interface: ``set_value`` (no signal), ``value``,
``sig_value_edited`` when the user changed the value, ``sig_editing_finished``
when the user left it, ``set_read_only`` and ``focus_editor``.

No editor swallows keystrokes: what is typed stays in the editor even when it is not a
valid answer, and the editor says so with ``sig_invalid_edited(text, reason)``; the question
card shows the reason and keeps the text (``ReplySession.stage_invalid``), and ``show_text``
puts such text back when the reply opens again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QDate, QEvent, QLocale, QMimeData, QObject, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextListFormat,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QButtonGroup,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from replydesk.definitions import markdown
from replydesk.definitions.model import Column, Question, QuestionType
from replydesk.definitions.types import Date, long_date, value_type
from replydesk.definitions.values import ValueProblem, validate
from replydesk.ui import richtext
from replydesk.ui.choice_delegate import ChoiceDelegate
from replydesk.ui.table_view import FittedTable


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


# -- long text -----------------------------------------------------------------------------
class AnswerTextEdit(QTextEdit):
    """A QTextEdit whose paste keeps paragraphs, lists, bold, italic and links, and nothing else.

    Pasted HTML keeps its formatting; pasted plain text is plain text (not Markdown).
    """

    sig_focus_left = Signal()

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 - Qt override
        if source.hasHtml():
            blocks = richtext.clean_html_blocks(source.html())
        elif source.hasText():  # plain text: its characters are literal, as if typed (a "*" stays a "*")
            blocks = markdown.parse(markdown.from_plain(source.text()))
            if not blocks:
                return
        else:
            return
        cursor = self.textCursor()
        cursor.beginEditBlock()
        richtext.insert_blocks(cursor, blocks, first_in_empty=True)
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().focusOutEvent(event)
        self.sig_focus_left.emit()


class HeightGrip(QWidget):
    """A handle under a long answer: drag it down to give the answer more room (up to the pane's height)."""

    def __init__(self, editor: LongTextEditor):
        super().__init__(editor)
        self.editor = editor
        self.setObjectName("heightGrip")
        self.setCursor(Qt.CursorShape.SizeVerCursor)
        self.setFixedSize(28, 12)
        self.setToolTip("Drag to make the answer taller or shorter")
        self._start: tuple[float, int] | None = None

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setPen(QColor("#8a94a0"))
        for y in (3, 6, 9):
            painter.drawLine(4, y, self.width() - 4, y)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        self._start = (event.globalPosition().y(), self.editor.edit.height())

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._start is not None:
            y, height = self._start
            self.editor.set_text_height(int(height + event.globalPosition().y() - y))

    def mouseReleaseEvent(self, _event) -> None:  # noqa: N802 - Qt override
        self._start = None


class LongTextEditor(Editor):
    """Formatted text with a live word and character count; tall enough to read several paragraphs.

    Formatting (bold, italic, lists, links) comes from the pane's one toolbar (``ui/format_bar.py``), which acts
    on the long answer that has the keyboard focus through the methods below. The answer's height follows the
    pane (``fit_to_pane``: at least a third of it); the grip under it or *Taller* makes it taller.
    """

    #: Share of the pane's visible height a long answer takes at first.
    PANE_SHARE = 0.4
    #: Never less than this (a few lines of text), whatever the pane.
    MIN_HEIGHT = 140

    def __init__(self, question: Question, parent: QWidget | None = None):
        super().__init__(question, parent)
        self.edit = AnswerTextEdit(self)
        self.edit.setAcceptRichText(True)
        self.edit.setTabChangesFocus(True)
        self.edit.setAccessibleName(f"Answer {question.label} {question.prompt}".strip())
        self.edit.document().setDocumentMargin(6)
        self.count = QLabel(self)
        self.count.setObjectName("wordCount")
        self._count_over = False
        tint(self.count, "#555")
        self.taller = QToolButton(self)
        self.taller.setObjectName("tallerButton")
        self.taller.setText("Taller")
        self.taller.setCheckable(True)
        self.taller.setAutoRaise(True)
        self.taller.setToolTip("Give this answer the pane's whole height (click again for the usual height)")
        self.taller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.taller.toggled.connect(lambda _on: self._apply_height())
        self.grip = HeightGrip(self)
        #: The pane's visible height (set by the pane), and the height the user dragged the answer to.
        self._pane_height = 0
        self._chosen_height: int | None = None
        self.edit.setFixedHeight(self.MIN_HEIGHT + 60)
        footer = QHBoxLayout()
        footer.setContentsMargins(0, 0, 0, 0)
        footer.addWidget(self.count, 1)
        footer.addWidget(self.taller)
        footer.addWidget(self.grip, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addLayout(footer)
        self.edit.textChanged.connect(self._text_changed)
        self.edit.sig_focus_left.connect(self.sig_editing_finished)
        self._update_count()

    # height
    def usual_height(self) -> int:
        """The height a long answer starts at in a pane of this height (at least a third of it)."""
        return max(self.MIN_HEIGHT, int(self._pane_height * self.PANE_SHARE))

    def fit_to_pane(self, pane_height: int) -> None:
        """The pane's visible height changed (or is first known): size the answer from it."""
        if pane_height != self._pane_height:
            self._pane_height = pane_height
            self._apply_height()

    def set_text_height(self, height: int) -> None:
        """The user dragged the grip: keep that height (between the usual one and the whole pane)."""
        self.taller.blockSignals(True)
        self.taller.setChecked(False)
        self.taller.blockSignals(False)
        self._chosen_height = height
        self._apply_height()

    def _apply_height(self) -> None:
        usual = self.usual_height()
        whole = max(usual, self._pane_height - 40)
        if self.taller.isChecked():
            height = whole
        elif self._chosen_height is not None:
            height = max(usual, min(whole, self._chosen_height))
        else:
            height = usual
        if height != self.edit.height() or self.edit.minimumHeight() != height:
            self.edit.setFixedHeight(height)

    def _show(self, value: Any) -> None:
        richtext.set_markdown(self.edit.document(), value)
        self._update_count()

    def value(self) -> Any:
        text = richtext.to_markdown(self.edit.document())
        return text if text.strip() else None

    def _text_changed(self) -> None:
        if self._loading:
            return  # (``_show`` counts once when the whole answer is in; loading changes the document twice)
        self._update_count()
        self._edited()

    def _update_count(self) -> None:
        text = self.edit.toPlainText()
        words = len(text.split())
        limit = self.question.word_limit
        label = f"{words:,} words · {len(text):,} characters"
        if limit:
            label = f"{words:,} / {limit:,} words · {len(text):,} characters"
            if words > limit:
                label += f" — {words - limit:,} over the limit"
        self.count.setText(label)
        over = bool(limit) and words > limit
        if over != self._count_over:  # (only when it changes: the count is updated at every keystroke)
            self._count_over = over
            tint(self.count, "#b00020" if over else "#555", bold=over)

    @property
    def over_limit(self) -> bool:
        return bool(self.question.word_limit) and len(self.edit.toPlainText().split()) > self.question.word_limit

    def focusWidget_(self) -> QWidget:  # noqa: N802
        return self.edit

    def set_read_only(self, read_only: bool) -> None:
        # (the pane's formatting toolbar asks ``edit.isReadOnly()``: formatting works on the document directly,
        # which a read-only QTextEdit does not prevent)
        self.edit.setReadOnly(read_only)

    # formatting
    def _merge_format(self, fmt: QTextCharFormat) -> None:
        cursor = self.edit.textCursor()
        if not cursor.hasSelection():
            self.edit.mergeCurrentCharFormat(fmt)
        else:
            cursor.mergeCharFormat(fmt)

    def toggle_bold(self) -> None:
        fmt = QTextCharFormat()
        bold = self.edit.fontWeight() < QFont.Weight.DemiBold
        fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        self._merge_format(fmt)

    def toggle_italic(self) -> None:
        fmt = QTextCharFormat()
        fmt.setFontItalic(not self.edit.fontItalic())
        self._merge_format(fmt)

    def _toggle_list(self, style: QTextListFormat.Style) -> None:
        cursor = self.edit.textCursor()
        current = cursor.currentList()
        cursor.beginEditBlock()
        if current is not None and current.format().style() == style:
            for index in reversed(range(current.count())):
                block = current.item(index)
                if cursor.block() == block or cursor.selectionStart() <= block.position() <= cursor.selectionEnd():
                    current.remove(block)
            fmt = cursor.blockFormat()
            fmt.setIndent(0)
            cursor.setBlockFormat(fmt)
        else:
            fmt = QTextListFormat()
            fmt.setStyle(style)
            cursor.createList(fmt)
        cursor.endEditBlock()

    def bullet_list(self) -> None:
        self._toggle_list(QTextListFormat.Style.ListDisc)

    def numbered_list(self) -> None:
        self._toggle_list(QTextListFormat.Style.ListDecimal)

    def insert_link(self) -> None:
        cursor = self.edit.textCursor()
        url, ok = QInputDialog.getText(self, "Insert link", "Web address:", text="https://")
        if not ok or not url.strip() or url.strip() == "https://":
            return
        fmt = QTextCharFormat()
        fmt.setAnchor(True)
        fmt.setAnchorHref(url.strip())
        fmt.setFontUnderline(True)
        if cursor.hasSelection():
            cursor.mergeCharFormat(fmt)
        else:
            cursor.insertText(url.strip(), fmt)


# -- one-line editors ---------------------------------------------------------------------------
def locale_day_first(locale: QLocale | None = None) -> bool:
    """Whether the locale writes the day before the month (31/12/2023) rather than after (12/31/2023)."""
    pattern = (locale or QLocale()).dateFormat(QLocale.FormatType.ShortFormat)
    day, month = pattern.find("d"), pattern.find("M")
    return day < 0 or month < 0 or day < month


def _parse_date(question: Question | Column, text: str) -> Any:
    """A typed date as the window's locale orders day and month when the text leaves it open."""
    if not text.strip():
        return None
    return Date().parse_typed(text, day_first=locale_day_first())


def _show_date(value: Any) -> str:
    try:
        return long_date(str(value))
    except ValueError:
        return str(value)


@dataclass(frozen=True)
class Line:
    """How a one-line editor reads and shows a type: its parser, how a value prints, hint and width."""

    #: Typed text to the stored value (ValueProblem when it is not one); None: the type's validation.
    parse: Callable[[Question | Column, str], Any] | None = None
    #: A stored value as shown in the field; None: as stored.
    show: Callable[[Any], str] | None = None
    #: Greyed-out hint in the empty line (given the question, e.g. its range).
    placeholder: Callable[[Question | Column], str] = lambda question: ""
    #: A short field for a number or a date rather than the full width.
    narrow: bool = False
    #: A button beside the field opening a calendar.
    calendar: bool = False


class LineEditor(Editor):
    """Short text, URL, integer, decimal and date: a line edit checked as the user types.

    Nothing typed is refused or dropped: text that is not a valid answer stays in the field and
    is reported (``sig_invalid_edited``) with the reason.
    """

    def __init__(self, question: Question | Column, parent: QWidget | None = None, *, line: Line = Line()):
        super().__init__(question, parent)  # type: ignore[arg-type]
        self.line = line
        self.edit = QLineEdit(self)
        self.edit.setAccessibleName(getattr(question, "prompt", getattr(question, "label", "")))
        self._reason: str | None = None
        if line.narrow:
            self.edit.setMaximumWidth(180)
        self.edit.setPlaceholderText(line.placeholder(question))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 0 if line.narrow else 1)
        self.calendar_button: QToolButton | None = None
        if line.calendar:
            self.calendar_button = self._calendar_button()
            layout.addWidget(self.calendar_button)
        if line.narrow:
            layout.addStretch(1)
        self.edit.textEdited.connect(self._line_edited)
        self.edit.editingFinished.connect(self._finished)

    def _calendar_button(self) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName("calendarButton")
        button.setText("Calendar…")
        button.setToolTip("Choose the date on a calendar")
        button.setAccessibleName("Choose the date on a calendar")
        menu = QMenu(button)
        self.calendar = QCalendarWidget(menu)
        self.calendar.setGridVisible(True)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.calendar)
        menu.addAction(holder)
        menu.aboutToShow.connect(self._calendar_opening)
        self.calendar.clicked.connect(lambda date: (self.pick_date(date), menu.close()))
        self.calendar.activated.connect(lambda date: (self.pick_date(date), menu.close()))
        button.setMenu(menu)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        return button

    def _calendar_opening(self) -> None:
        try:
            current = self._parse(self.edit.text())
        except ValueProblem:
            current = None
        if current:
            self.calendar.setSelectedDate(QDate.fromString(current, Qt.DateFormat.ISODate))

    def pick_date(self, date: QDate) -> None:
        """The calendar's choice, as if typed."""
        self.edit.setText(long_date(date.toString(Qt.DateFormat.ISODate)))
        self._line_edited(self.edit.text())
        self.sig_editing_finished.emit()

    def _parse(self, text: str) -> Any:
        if self.line.parse is not None:
            return self.line.parse(self.question, text)
        return validate(self.question, text)  # type: ignore[arg-type]

    def _show(self, value: Any) -> None:
        shown = "" if value is None else self.line.show(value) if self.line.show else str(value)
        self.edit.setText(shown)
        self._reason = None

    def show_text(self, text: str) -> None:
        self._loading = True
        try:
            self.edit.setText(text)
            try:
                self._parse(text)
                self._reason = None
            except ValueProblem as exc:
                self._reason = str(exc)
        finally:
            self._loading = False

    def value(self) -> Any:
        try:
            return self._parse(self.edit.text())
        except ValueProblem:
            return None

    def _line_edited(self, text: str) -> None:
        try:
            self._parse(text)
        except ValueProblem as exc:
            self._reason = str(exc)
            if not self._loading:
                self.sig_invalid_edited.emit(text, self._reason)
            return
        self._reason = None
        self._edited()

    def _finished(self) -> None:
        """Leaving the field: a valid date is shown back unmistakably ("1 February 2023")."""
        if self._reason is None and self.line.show is not None and self.edit.text().strip():
            value = self.value()
            if value is not None:
                self.edit.setText(self.line.show(value))
        self.sig_editing_finished.emit()

    @property
    def invalid_text(self) -> str | None:
        """Why the text in the field is not a valid answer; None when it is one."""
        return self._reason

    def focusWidget_(self) -> QWidget:  # noqa: N802
        return self.edit

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        if self.calendar_button is not None:
            self.calendar_button.setEnabled(not read_only)


def _range_hint(question: Question | Column) -> str:
    if question.min is not None and question.max is not None:
        return f"{_num(question.min)} to {_num(question.max)}"
    if question.min is not None:
        return f"at least {_num(question.min)}"
    if question.max is not None:
        return f"at most {_num(question.max)}"
    return ""


def _num(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


# -- choices ---------------------------------------------------------------------------------
class ChoiceEditor(Editor):
    """Single choice and yes/no: radio buttons for a few options, a drop-down for many."""

    def __init__(self, question: Question, parent: QWidget | None = None):
        super().__init__(question, parent)
        self.options = _options(question)
        # a few short options side by side; longer ones one under the other, so they never need more than the pane
        side_by_side = sum(len(label) for _, label in self.options) <= 36
        layout = QHBoxLayout(self) if side_by_side else QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.combo: QComboBox | None = None
        self.group: QButtonGroup | None = None
        if len(self.options) > 4 or any(len(label) > 30 for _, label in self.options):
            self.combo = QComboBox(self)
            # as narrow as the pane needs (the list that drops down still shows whole labels)
            self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            self.combo.setMinimumContentsLength(16)
            self.combo.view().setTextElideMode(Qt.TextElideMode.ElideNone)
            self.combo.addItem("— not answered —", None)
            for value, label in self.options:
                self.combo.addItem(label, value)
            self.combo.currentIndexChanged.connect(self._edited)
            self.combo.setAccessibleName(question.prompt)
            layout.addWidget(self.combo)
        else:
            self.group = QButtonGroup(self)
            self.group.setExclusive(True)
            for index, (value, label) in enumerate(self.options):
                button = QRadioButton(label, self)
                button.setProperty("choice", value)
                self.group.addButton(button, index)
                layout.addWidget(button)
            clear = QPushButton("Clear", self)
            clear.setFlat(True)
            clear.clicked.connect(self.clear)
            layout.addWidget(clear, 0, Qt.AlignmentFlag.AlignLeft)
            self.group.idClicked.connect(self._edited)
        if side_by_side:
            layout.addStretch(1)

    def clear(self) -> None:
        if self.group:
            self.group.setExclusive(False)
            for button in self.group.buttons():
                button.setChecked(False)
            self.group.setExclusive(True)
        self._edited()

    def _show(self, value: Any) -> None:
        if self.combo is not None:
            index = self.combo.findData(value)
            self.combo.setCurrentIndex(max(index, 0))
        elif self.group is not None:
            self.group.setExclusive(False)
            for button in self.group.buttons():
                button.setChecked(button.property("choice") == value)
            self.group.setExclusive(True)

    def value(self) -> Any:
        if self.combo is not None:
            return self.combo.currentData()
        checked = self.group.checkedButton() if self.group else None
        return checked.property("choice") if checked else None

    def focusWidget_(self) -> QWidget:  # noqa: N802
        if self.combo is not None:
            return self.combo
        buttons = self.group.buttons() if self.group else []
        return next((b for b in buttons if b.isChecked()), buttons[0] if buttons else self)


def _options(question: Question | Column) -> list[tuple[str, str]]:
    return value_type(question).labelled(question)


class ChoiceLabel(QLabel):
    """The text of a check box, word-wrapped beside it (a QCheckBox's own text never wraps); clicking it toggles."""

    def __init__(self, text: str, box: QCheckBox, parent: QWidget):
        super().__init__(text, parent)
        self.box = box
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setBuddy(box)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton and self.box.isEnabled():
            self.box.click()
            self.box.setFocus(Qt.FocusReason.MouseFocusReason)


def wrapping_check_box(text: str, parent: QWidget) -> tuple[QCheckBox, QHBoxLayout]:
    """A check box whose label wraps to the pane's width: the box (named by ``text``) and the row holding both."""
    box = QCheckBox(parent)
    box.setAccessibleName(text)
    label = ChoiceLabel(text, box, parent)
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(6)
    row.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
    row.addWidget(label, 1)
    return box, row


class MultiChoiceEditor(Editor):
    def __init__(self, question: Question, parent: QWidget | None = None):
        super().__init__(question, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: list[QCheckBox] = []
        for choice in question.choices:
            box, row = wrapping_check_box(choice.label, self)
            box.setProperty("choice", choice.value)
            box.toggled.connect(self._edited)
            layout.addLayout(row)
            self.boxes.append(box)

    def _show(self, value: Any) -> None:
        chosen = set(value or [])
        for box in self.boxes:
            box.setChecked(box.property("choice") in chosen)

    def value(self) -> Any:
        chosen = [box.property("choice") for box in self.boxes if box.isChecked()]
        return chosen or None

    def focusWidget_(self) -> QWidget:  # noqa: N802
        return self.boxes[0] if self.boxes else self


# -- tables ------------------------------------------------------------------------------------
class TableEditor(Editor):
    """Repeating rows of typed columns (or fixed rows, e.g. the 21 MNR capabilities)."""

    def __init__(self, question: Question, parent: QWidget | None = None):
        super().__init__(question, parent)
        self.fixed_rows = list(question.rows)
        self.columns = list(question.columns)
        headers = ([""] if self.fixed_rows else []) + [c.label for c in self.columns]
        # as wide as the pane, as tall as all its rows (the pane scrolls); Tab, Enter and typing as in a spreadsheet
        self.table = FittedTable(self, label_column=bool(self.fixed_rows),
                                 column_types=[c.type.value for c in self.columns])
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        for index, column in enumerate(self.columns):
            if column.help:
                self.table.horizontalHeaderItem(index + (1 if self.fixed_rows else 0)).setToolTip(column.help)
        self.table.setAccessibleName(question.prompt)
        for index, column in enumerate(self.columns):
            if column.type in CHOICE_CELLS:  # a drop-down of the labels; the cell shows the label
                self.table.setItemDelegateForColumn(index + self._offset, ChoiceDelegate(_options(column), self.table))
        self._reason: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        if not self.fixed_rows:
            buttons = QHBoxLayout()
            add = QPushButton("Add row", self)
            add.clicked.connect(self.add_row)
            remove = QPushButton("Remove row", self)
            remove.clicked.connect(self.remove_row)
            buttons.addWidget(add)
            buttons.addWidget(remove)
            buttons.addStretch(1)
            layout.addLayout(buttons)
        self.table.itemChanged.connect(self._cell_changed)

    @property
    def _offset(self) -> int:
        return 1 if self.fixed_rows else 0

    def _show(self, value: Any) -> None:
        rows = list(value or [])
        self.table.blockSignals(True)
        if self.fixed_rows:
            by_row = {r.get("row"): r for r in rows}
            self.table.setRowCount(len(self.fixed_rows))
            for index, fixed in enumerate(self.fixed_rows):
                label = QTableWidgetItem(fixed.label)
                label.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.table.setItem(index, 0, label)
                self._fill_row(index, by_row.get(fixed.value, {}))
        else:
            self.table.setRowCount(len(rows))
            for index, row in enumerate(rows):
                self._fill_row(index, row)
        self.table.blockSignals(False)
        self.table.fit()

    def show_text(self, text: str) -> None:
        """Rows kept as typed (JSON of the cells' text), one of them not valid: shown as they were."""
        try:
            rows = json.loads(text)
        except ValueError:
            rows = []
        rows = [row for row in rows if isinstance(row, dict)] if isinstance(rows, list) else []
        self.set_value(rows)
        try:
            validate(self.question, self._raw_rows())
            self._reason = None
        except ValueProblem as exc:
            self._reason = str(exc)

    def _fill_row(self, index: int, row: dict) -> None:
        for col, column in enumerate(self.columns):
            self.table.setItem(index, col + self._offset, QTableWidgetItem(_cell_text(column, row.get(column.key))))

    def _raw_rows(self) -> list[dict]:
        rows = []
        for index in range(self.table.rowCount()):
            row: dict[str, Any] = {}
            if self.fixed_rows:
                row["row"] = self.fixed_rows[index].value
            for col, column in enumerate(self.columns):
                item = self.table.item(index, col + self._offset)
                text = item.text() if item else ""
                if text.strip():
                    row[column.key] = _cell_value(column, text)
            rows.append(row)
        return rows

    def value(self) -> Any:
        try:
            return validate(self.question, self._raw_rows())
        except ValueProblem:
            return None

    def _cell_changed(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        self._show_cell_back(item)
        rows = self._raw_rows()
        try:
            value = validate(self.question, rows)
        except ValueProblem as exc:  # the table is kept whole as typed: no row is half saved
            self._reason = str(exc)
            self.sig_invalid_edited.emit(json.dumps(rows, ensure_ascii=False), self._reason)
            return
        self._reason = None
        self.sig_value_edited.emit(value)

    def _show_cell_back(self, item: QTableWidgetItem) -> None:
        """A cell its type reads (a date) shown back as the type's editor shows it: "1 February 2023"."""
        if item.tableWidget() is not self.table or item.column() < self._offset or not item.text().strip():
            return
        column, typed = self.columns[item.column() - self._offset], item.text()
        value = _cell_value(column, typed)
        if value is not typed and (shown := _cell_text(column, value)) != typed:
            self.table.blockSignals(True)
            item.setText(shown)
            self.table.blockSignals(False)

    @property
    def invalid_text(self) -> str | None:
        return self._reason

    def add_row(self) -> None:
        self.table.insertRow(self.table.rowCount())
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        self.table.setFocus()

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._cell_changed(QTableWidgetItem())

    def focusWidget_(self) -> QWidget:  # noqa: N802
        return self.table

    def set_read_only(self, read_only: bool) -> None:
        # typing, F2, a double click or a click on the current cell start editing; merely arriving in a cell
        # (by Tab, or the focus entering the table) does not, so the table itself is announced first
        editing = (QTableWidget.EditTrigger.AnyKeyPressed | QTableWidget.EditTrigger.EditKeyPressed
                   | QTableWidget.EditTrigger.DoubleClicked | QTableWidget.EditTrigger.SelectedClicked)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers if read_only else editing)


#: A date, in its editor and in a table's cell alike: read in the locale's order, shown as "1 February 2023".
_DATE = Line(_parse_date, _show_date, lambda q: "e.g. 31/12/2023", narrow=True, calendar=True)
#: The types whose typed text a table cell reads as their editor does (the others: as the type validates it).
_CELL_LINES: dict[QuestionType, Line] = {QuestionType.DATE: _DATE}


#: The column types whose cells are chosen from a drop-down of labels.
CHOICE_CELLS = frozenset({QuestionType.SINGLE_CHOICE, QuestionType.YES_NO, QuestionType.YES_PARTLY_NO})


def _cell_value(column: Column, text: str) -> Any:
    """A cell's typed text as its type's editor reads it; as typed when it is not valid (validation says why)."""
    if column.type in CHOICE_CELLS:  # the label shown (or, pasted, the label or the value): the value stored
        wanted = " ".join(text.split()).casefold()
        return next((value for value, label in _options(column) if wanted in (label.casefold(), value.casefold())),
                    text)
    line = _CELL_LINES.get(column.type)
    if line is None or line.parse is None:
        return text
    try:
        value = line.parse(column, text)
    except ValueProblem:
        return text
    return text if value is None else value


def _cell_text(column: Column, cell: Any) -> str:
    """A stored cell as its type's editor shows it."""
    if cell is None:
        return ""
    if column.type in CHOICE_CELLS:
        return next((label for value, label in _options(column) if value == cell), str(cell))
    line = _CELL_LINES.get(column.type)
    return line.show(cell) if line is not None and line.show is not None else str(cell)


def _line(line: Line) -> Callable[[Question, QWidget | None], Editor]:
    return lambda question, parent: LineEditor(question, parent, line=line)


#: The editor of each question type.
EDITORS: dict[QuestionType, Callable[[Question, QWidget | None], Editor]] = {
    QuestionType.LONG_TEXT: LongTextEditor,
    QuestionType.SHORT_TEXT: _line(Line()),
    QuestionType.SINGLE_CHOICE: ChoiceEditor,
    QuestionType.MULTIPLE_CHOICE: MultiChoiceEditor,
    QuestionType.YES_NO: ChoiceEditor,
    QuestionType.YES_PARTLY_NO: ChoiceEditor,
    QuestionType.INTEGER: _line(Line(placeholder=lambda q: _range_hint(q) or "a whole number", narrow=True)),
    QuestionType.DECIMAL: _line(Line(placeholder=lambda q: _range_hint(q) or "a number", narrow=True)),
    QuestionType.DATE: _line(_DATE),
    QuestionType.URL: _line(Line(placeholder=lambda q: "https://")),
    QuestionType.TABLE: TableEditor,
    QuestionType.PERCENTAGE: _line(Line(placeholder=lambda q: f"{_range_hint(q) or 'a number'} (percent)",
                                        narrow=True)),
}


def make_editor(question: Question, parent: QWidget | None = None) -> Editor:
    editor = EDITORS[question.type](question, parent)
    name_for_assistive_technology(editor, question)
    return editor


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
