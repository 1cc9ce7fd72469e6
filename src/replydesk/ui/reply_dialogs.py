"""File ▸ New reply and File ▸ Open reply."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from replydesk.definitions.recommendations import has_addressees
from replydesk.definitions.registry import Registry
from replydesk.definitions.titles import form_title
from replydesk.definitions.values import completion
from replydesk.store import Store
from replydesk.ui.factsheet_actions import FactsheetField


class NewReplyDialog(QDialog):
    """Choose a form, a participant (type-ahead over names and aliases) and a year."""

    def __init__(self, registry: Registry, parent: QWidget | None = None, *, form_id: str | None = None):
        """``form_id``: the form proposed (the reply in view's), else the first."""
        super().__init__(parent)
        self.setWindowTitle("New reply")
        self.registry = registry
        self.form_box = QComboBox(self)
        # a long title ("Member state responses … Baseline Mapping questionnaire 2020") is elided in the box, whole
        # in its list and tooltip: the dialog stays narrower than a 1024 px screen
        self.form_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.form_box.setMinimumContentsLength(36)
        for form in registry.forms.values():
            title = form.resolved().title
            self.form_box.addItem(title, form.id)
            self.form_box.setItemData(self.form_box.count() - 1, title, Qt.ItemDataRole.ToolTipRole)
        if form_id is not None and (at := self.form_box.findData(form_id)) >= 0:
            self.form_box.setCurrentIndex(at)
        self.form_box.view().setTextElideMode(Qt.TextElideMode.ElideNone)
        self.country = QComboBox(self)
        self.country.setEditable(True)
        self.country.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.country.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.country.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.year = QSpinBox(self)
        self.year.setRange(1990, 2100)
        self.year.setValue(dt.date.today().year)
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #b00020;")
        form_layout = QFormLayout()
        form_layout.addRow("&Form:", self.form_box)
        form_layout.addRow("&Country:", self.country)
        form_layout.addRow("&Year:", self.year)
        self.factsheet = FactsheetField(self)  # offered for forms whose recommendations a factsheet sets
        self.factsheet_label = QLabel("&Factsheet:", self)
        self.factsheet_label.setBuddy(self.factsheet.path)
        form_layout.addRow(self.factsheet_label, self.factsheet)
        #: The recommendation set read from the factsheet when accepted (None: the definition's share).
        self.recommendations: str | None = None
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form_layout)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.form_box.currentIndexChanged.connect(self._form_changed)
        self._form_changed()

    def _form_changed(self) -> None:
        form_id = self.form_box.currentData()
        self.form_box.setToolTip(self.form_box.currentText())
        self.country.clear()
        if not form_id:
            return
        form = self.registry.get(form_id)
        self.factsheet.setVisible(has_addressees(form))
        self.factsheet_label.setVisible(has_addressees(form))
        for participant in form.participants:
            self.country.addItem(participant.name)
        self.country.setCurrentIndex(-1)
        self.country.lineEdit().setPlaceholderText(f"Type a {form.participants_label.lower()}'s name")
        self.year.setValue(form.period.default_year if form.period.default_year > 2000 else self.year.value())

    def chosen(self) -> tuple[str, str, int] | None:
        form_id = self.form_box.currentData()
        if not form_id:
            return None
        form = self.registry.get(form_id)
        participant = form.participant(self.country.currentText())
        if participant is None:
            return None
        return form_id, participant.name, self.year.value()

    def accept(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            self.message.setText(f"“{self.country.currentText()}” is not on the form's list of participants.")
            return
        ok, self.recommendations = self.factsheet.recommendations(self.registry.get(chosen[0]), chosen[1])
        if ok:
            super().accept()


@dataclass
class ReplyRow:
    id: int
    country: str
    form: str
    year: int
    status: str
    completion: str
    updated: str


class RepliesModel(QAbstractTableModel):
    HEADERS = ("Country", "Form", "Year", "Status", "Completion", "Last edited")

    def __init__(self, rows: list[ReplyRow], parent: QWidget | None = None):
        super().__init__(parent)
        self.rows = rows

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (row.country, row.form, str(row.year), row.status.replace("_", " "), row.completion,
                    row.updated)[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None


def reply_rows(store: Store, registry: Registry) -> list[ReplyRow]:
    rows = []
    for reply in store.replies():
        form = registry.forms.get(reply.form_id)
        if form:
            answered, total = completion(form, store.values(reply.id))
            done = f"{round(100 * answered / total) if total else 0}% ({answered}/{total})"
        else:
            done = "form missing"
        local = reply.updated_at.astimezone().strftime("%Y-%m-%d %H:%M")
        rows.append(ReplyRow(reply.id, reply.country, form_title(registry, reply.form_id, reply.year), reply.year,
                             reply.status, done, local))
    return rows


class OpenReplyDialog(QDialog):
    """A filterable table of the replies in the database."""

    def __init__(self, rows: list[ReplyRow], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Open reply")
        self.resize(760, 420)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter by country, form, year or status")
        self.filter.setClearButtonEnabled(True)
        self.model = RepliesModel(rows, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RepliesModel.HEADERS.index("Form"), QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a long title: its start and its year
        self.table.setWordWrap(False)
        # country, form, year and status in view on a 1024 px screen: the form's title gives way
        if (screen := self.screen()) is not None:
            room = screen.availableGeometry()
            self.resize(min(760, room.width() - 40), min(420, room.height() - 60))
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(self.accept)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        if rows:
            self.table.selectRow(0)

    def chosen_id(self) -> int | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        return self.proxy.data(indexes[0], Qt.ItemDataRole.UserRole)
