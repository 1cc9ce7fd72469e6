"""A table's choice cells (single choice, yes/no) edited with a drop-down of the definition's labels.

The cell shows the label ("Hotline for reporting CSAM"), never the stored value ("hotline"); the editor is a
QComboBox whose keyboard search takes typed letters to the first label that starts with them ("Hotl").
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

#: The drop-down's first entry: the cell left empty.
NO_CHOICE = "—"


class ChoiceDelegate(QStyledItemDelegate):
    """Edits one column's cells with a drop-down of its (value, label) options."""

    def __init__(self, options: list[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.options = options

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802 - Qt override
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        box = QComboBox(parent)
        box.setObjectName("choiceCell")
        box.addItem(NO_CHOICE, "")
        for value, label in self.options:
            box.addItem(label, value)
        box.setAccessibleName(str(index.model().headerData(index.column(), Qt.Orientation.Horizontal) or ""))
        # the drop-down's list as wide as its longest label, though the cell is narrower
        box.view().setMinimumWidth(box.sizeHint().width())
        return box

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        text = str(index.data(Qt.ItemDataRole.EditRole) or "")
        at = editor.findText(text) if text else 0
        editor.setCurrentIndex(max(0, at))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,  # noqa: N802 - Qt override
                     index: QModelIndex | QPersistentModelIndex) -> None:
        label = editor.currentText() if editor.currentIndex() > 0 else ""
        if label != (index.data(Qt.ItemDataRole.EditRole) or ""):
            model.setData(index, label, Qt.ItemDataRole.EditRole)
