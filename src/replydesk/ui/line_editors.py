"""One-line editors: short text, numbers, percentages, web addresses and dates (typed or picked)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from replydesk.definitions.model import Column, Question
from replydesk.definitions.types import Date, long_date
from replydesk.definitions.values import ValueProblem, validate
from replydesk.ui.editor_base import Editor


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
        self.edit.setFrame(not read_only)  # read-only looks read-only: no field to type in
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


#: A date, in its editor and in a table's cell alike: read in the locale's order, shown as "1 February 2023".
_DATE = Line(_parse_date, _show_date, lambda q: "e.g. 31/12/2023", narrow=True, calendar=True)
