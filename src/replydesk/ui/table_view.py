"""A table question's grid, fitted to the question pane: as wide as the pane, as tall as its rows.

No vertical scroll bar of its own (the pane scrolls): the columns share the pane's width (a fixed row's label
about a third of it, wrapped), and the table's height is that of all its rows. Each column keeps the room its
kind needs (a choice its labels, a text column a few words, every header word whole); where the pane is too
narrow for all of them, the table scrolls sideways with a scroll bar of its own under the rows. Keyboard
entry works as in a spreadsheet: Tab and Shift+Tab move along the cells (skipping the row labels) and on to
the next row, Enter moves down, and typing in a cell starts editing it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QHeaderView, QSizePolicy, QTableWidget, QWidget

#: The least width of each kind of column's cells (a choice column asks for its labels, up to CHOICE_WIDTH).
FLOORS = {"integer": 56, "decimal": 56, "percentage": 56, "date": 100, "long_text": 100, "short_text": 80,
          "url": 100}
CHOICE_WIDTH = 190
#: How much of the width each kind of column asks for, relative to one another.
WEIGHTS = {"integer": 0.7, "decimal": 0.7, "percentage": 0.7, "date": 0.8, "yes_no": 0.8, "yes_partly_no": 0.8,
           "long_text": 2.0, "short_text": 1.2, "url": 1.2}


class FittedTable(QTableWidget):
    """The grid of a table question; ``label_column``: column 0 holds the fixed rows' labels (not editable)."""

    def __init__(self, parent: QWidget | None = None, *, label_column: bool, column_types: list[str]):
        super().__init__(parent)
        self.label_column = label_column
        self.weights = ([0.0] if label_column else []) + [WEIGHTS.get(kind, 1.0) for kind in column_types]
        self.kinds = ([""] if label_column else []) + list(column_types)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setWordWrap(True)
        self.setTabKeyNavigation(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                                   | Qt.TextFlag.TextWordWrap)
        header.setStretchLastSection(False)
        self.verticalHeader().setVisible(not label_column)  # repeating rows are numbered; fixed rows are named
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._fitting = False
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self.fit)
        model = self.model()
        for signal in (model.rowsInserted, model.rowsRemoved, model.dataChanged, model.modelReset):
            signal.connect(lambda *_args: self._refit.start())

    # -- size ------------------------------------------------------------------------------------------
    def sizeHint(self):  # noqa: N802 - Qt override: never asks for more width than the pane has
        hint = super().sizeHint()
        hint.setWidth(240)
        hint.setHeight(self._content_height())
        return hint

    def minimumSizeHint(self):  # noqa: N802 - Qt override
        hint = super().minimumSizeHint()
        hint.setWidth(200)
        return hint

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.fit()

    def fit(self) -> None:
        """Share the width among the columns, wrap the rows to it and take the height of all of them."""
        if self._fitting or self.columnCount() == 0:
            return
        self._fitting = True
        try:
            width = self.viewport().width()
            columns = self.columnCount()
            weights = (self.weights + [1.0] * columns)[:columns]
            left = width
            first = 1 if self.label_column else 0
            # each column at least as wide as the longest word of its header and its kind's cells; the rest shared
            # by weight; too narrow for all: each at its least, and a scroll bar under the rows
            floors = [max(self._header_floor(c), self._cell_floor(c)) for c in range(columns)]
            if self.label_column:  # the row labels about two fifths, giving way (to 150 px) to the columns' least
                label = max(150, min(340, int(width * 0.4), width - sum(floors[first:])))
                self.setColumnWidth(0, label)
                left -= label
            scrolls = sum(floors[first:]) > left
            self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn if scrolls
                                              else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            if scrolls:
                left = sum(floors[first:])
            share = sum(w for w in weights[first:] if w > 0) or 1.0
            widths = {c: max(floors[c], int(left * weights[c] / share)) for c in range(first, columns)}
            excess = sum(widths.values()) - left
            for column in sorted(widths, key=lambda c: -widths[c]):  # too wide in all: the widest give way
                if excess <= 0:
                    break
                give = min(excess, widths[column] - floors[column])
                widths[column] -= give
                excess -= give
            last = columns - 1
            if last >= first:
                widths[last] += left - sum(widths.values())
            for column, column_width in widths.items():
                self.setColumnWidth(column, max(floors[column], column_width))
            self._fit_header()
            self.resizeRowsToContents()
            height = self._content_height()
            if self.height() != height:
                self.setFixedHeight(height)
        finally:
            self._fitting = False

    def _header_text(self, column: int) -> str:
        item = self.horizontalHeaderItem(column)
        return item.text() if item is not None else ""

    def _cell_floor(self, column: int) -> int:
        """The least width of the column's cells: a choice column's longest label (up to CHOICE_WIDTH)."""
        delegate = self.itemDelegateForColumn(column)
        options = getattr(delegate, "options", None)
        if options:
            metrics = self.fontMetrics()
            return min(CHOICE_WIDTH, max(metrics.horizontalAdvance(label) for _value, label in options) + 34)
        return FLOORS.get(self.kinds[column] if column < len(self.kinds) else "", 90) if column or not \
            self.label_column else 0

    def _header_floor(self, column: int) -> int:
        words = self._header_text(column).split()
        metrics = self.horizontalHeader().fontMetrics()
        # the word and the header's margins (4 px a side in Qt's styles), with a little to spare
        return max([44] + [metrics.horizontalAdvance(word) + 12 for word in words])

    def _fit_header(self) -> None:
        """The header as tall as its longest label wrapped in its column."""
        header = self.horizontalHeader()
        metrics = header.fontMetrics()
        lines = 1
        for column in range(self.columnCount()):
            text = self._header_text(column)
            if text:
                rect = metrics.boundingRect(0, 0, max(1, self.columnWidth(column) - 12), 10_000,
                                            int(Qt.TextFlag.TextWordWrap), text)
                lines = max(lines, round(rect.height() / metrics.lineSpacing()))
        header.setFixedHeight(lines * metrics.lineSpacing() + 10)

    def _content_height(self) -> int:
        rows = sum(self.rowHeight(row) for row in range(self.rowCount()))
        head = self.horizontalHeader()
        header = max(head.minimumHeight(), head.sizeHint().height()) if not head.isHidden() else 0
        bar = self.horizontalScrollBar().sizeHint().height() \
            if self.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOn else 0
        return rows + header + bar + 2 * self.frameWidth() + 2

    # -- keyboard ------------------------------------------------------------------------------------
    def moveCursor(self, action, modifiers):  # noqa: N802 - Qt override: the row labels are not cells to fill
        index = super().moveCursor(action, modifiers)
        if not self.label_column or not index.isValid() or index.column() != 0:
            return index
        if action == QAbstractItemView.CursorAction.MovePrevious:  # Shift+Tab from the first cell: previous row's last
            row = index.row() - 1 if index.row() > 0 else self.rowCount() - 1
            return self.model().index(row, self.columnCount() - 1)
        return self.model().index(index.row(), 1)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != self.State.EditingState:
            self._move_down()
            return
        super().keyPressEvent(event)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:  # noqa: N802
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:  # Enter in the cell: on to the one below
            self._move_down()

    def _move_down(self) -> None:
        current = self.currentIndex()
        if current.isValid() and current.row() + 1 < self.rowCount():
            self.setCurrentCell(current.row() + 1, current.column())
