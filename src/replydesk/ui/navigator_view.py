"""The navigator's view: the form's structure on the left, its rows wrapped rather than cut.

A question's row shows the definition's short label (``short:``) or, without one, its prompt wrapped over
as many lines as it needs; the Done column keeps one width ("for review"), so a status or a ⚠ mark never
squeezes the labels. Row heights follow the navigator's width when the splitter moves.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)


class WrappingDelegate(QStyledItemDelegate):
    """Titles wrapped to the room their row has (the column less the row's indentation)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        view = self.parent()
        if index.column() != 0 or not isinstance(view, QTreeView):
            return super().sizeHint(option, index)
        depth, parent = 1 if view.rootIsDecorated() else 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        wrapped = QStyleOptionViewItem(option)
        wrapped.rect = QRect(0, 0, max(40, view.header().sectionSize(0) - depth * view.indentation()), 1)
        wrapped.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        return super().sizeHint(wrapped, index)


class NavigatorTree(QTreeView):
    """The form's structure: groups and questions, each row's title whole (wrapped where it is long)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("navigator")
        self.setAccessibleName("Form structure")
        self.setHeaderHidden(False)
        self.setIndentation(12)  # a narrow navigator keeps its width for the titles
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setItemDelegate(WrappingDelegate(self))
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(0)
        self._relayout.timeout.connect(self.doItemsLayout)
        self.header().sectionResized.connect(lambda column, _old, _new: column == 0 and self._relayout.start())

    def done_width(self) -> int:
        """The Done column's one width: its widest usual word ("for review", "13/13") and its margins."""
        metrics = self.header().fontMetrics()
        return max(metrics.horizontalAdvance(text) for text in ("for review", "13/13", "Done")) + 14

    def fit(self) -> None:
        """A new model: every branch open, the titles stretched, the Done column at its one width."""
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, self.done_width())
        self.expandAll()


class NavigatorPanel(QWidget):
    """The navigator and, for forms whose recommendations have an urgency, the filter above it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.urgency_filter = QComboBox(self)
        self.urgency_filter.setObjectName("urgencyFilter")
        self.urgency_filter.setAccessibleName("Show recommendations")
        for label, urgency in (("All recommendations", ""), ("Require", "require"), ("Request", "request"),
                               ("Invite", "invite")):
            self.urgency_filter.addItem(label, urgency)
        self.urgency_filter.hide()
        self.tree = NavigatorTree(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.urgency_filter)
        layout.addWidget(self.tree, 1)
