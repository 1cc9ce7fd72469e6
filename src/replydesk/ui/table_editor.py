"""A table question's editor: fixed or repeating rows of typed columns, edited as in a spreadsheet."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from replydesk.definitions.model import Column, Question, QuestionType
from replydesk.definitions.values import ValueProblem, validate
from replydesk.ui.choice_delegate import ChoiceDelegate
from replydesk.ui.choice_editors import options_of
from replydesk.ui.editor_base import Editor
from replydesk.ui.line_editors import _DATE, Line
from replydesk.ui.table_view import FittedTable


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
                delegate = ChoiceDelegate(options_of(column), self.table)
                self.table.setItemDelegateForColumn(index + self._offset, delegate)
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




#: The types whose typed text a table cell reads as their editor does (the others: as the type validates it).
_CELL_LINES: dict[QuestionType, Line] = {QuestionType.DATE: _DATE}



#: The column types whose cells are chosen from a drop-down of labels.
CHOICE_CELLS = frozenset({QuestionType.SINGLE_CHOICE, QuestionType.YES_NO, QuestionType.YES_PARTLY_NO})


def _cell_value(column: Column, text: str) -> Any:
    """A cell's typed text as its type's editor reads it; as typed when it is not valid (validation says why)."""
    if column.type in CHOICE_CELLS:  # the label shown (or, pasted, the label or the value): the value stored
        wanted = " ".join(text.split()).casefold()
        return next((value for value, label in options_of(column) if wanted in (label.casefold(), value.casefold())),
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
        return next((label for value, label in options_of(column) if value == cell), str(cell))
    line = _CELL_LINES.get(column.type)
    return line.show(cell) if line is not None and line.show is not None else str(cell)
