"""Checks of what an official would see as broken layout: text cut off, a pane that scrolls sideways.

Used by ``tools/screenshot.py`` (which refuses to write a picture that fails them) and by the tests.
Each function returns a list of readable problems; an empty list means the layout is fine.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import (
    Qt,  # (QtGui's Qt namespace has mightBeRichText)
    QTextDocument,
)
from PySide6.QtWidgets import QAbstractItemView, QLabel, QScrollArea, QWidget

#: Pixels of rounding allowed between Qt's text layout in a label and in a QTextDocument.
SLACK = 2


def _describe(widget: QWidget) -> str:
    text = widget.text() if hasattr(widget, "text") and callable(widget.text) else ""
    doc = QTextDocument()
    doc.setHtml(text) if Qt.mightBeRichText(text) else doc.setPlainText(text)
    plain = " ".join(doc.toPlainText().split())
    name = widget.objectName() or type(widget).__name__
    return f"{name} “{plain[:60]}{'…' if len(plain) > 60 else ''}”" if plain else name


def label_overflow(label: QLabel) -> str:
    """Why the label's text does not fit the label ("" when it does)."""
    text = label.text()
    if not text.strip() or not label.isVisible() or label.property("elides"):
        return ""  # (a label that shortens its text on purpose shows it whole in its tooltip)
    rect = label.contentsRect()
    margin = label.margin()
    width, height = rect.width() - 2 * margin, rect.height() - 2 * margin
    if width <= 0:
        return f"{_describe(label)} has no room at all"
    if label.buddy() is not None and label.textFormat() != Qt.TextFormat.RichText:
        text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    doc = QTextDocument()
    doc.setDefaultFont(label.font())
    doc.setDocumentMargin(0)
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and Qt.mightBeRichText(text))
    doc.setHtml(text) if rich else doc.setPlainText(text)
    if label.wordWrap():
        doc.setTextWidth(width)
    needed_width, needed_height = doc.idealWidth(), doc.size().height()
    if needed_width > width + SLACK:
        return f"{_describe(label)} needs {needed_width:.0f} px of width, has {width}"
    if label.wordWrap() and needed_height > height + SLACK + 2:
        return f"{_describe(label)} needs {needed_height:.0f} px of height, has {height}"
    return ""


def clipped_labels(root: QWidget) -> list[str]:
    """Every visible label under ``root`` (``root`` too) whose text is wider or taller than the label."""
    labels = root.findChildren(QLabel)
    if isinstance(root, QLabel):
        labels.insert(0, root)
    return [problem for label in labels if (problem := label_overflow(label))]


def sideways(area: QScrollArea) -> list[str]:
    """Why the scroll area's content is wider than what it shows ("needs horizontal scrolling"), if it is."""
    problems = []
    if area.horizontalScrollBar().isVisible():
        problems.append("a horizontal scroll bar is shown")
    page = area.widget()
    if page is None or not page.isVisible():
        return problems
    room = area.viewport().width()
    if page.width() > room + 1:
        problems.append(f"the page is {page.width()} px wide in {room} px (its widest part: "
                        f"{_widest(page, room)})")
        return problems
    for view in page.findChildren(QAbstractItemView):
        if view.isVisible():
            problems += unreachable_columns(view) + cut_headers(view)
    return problems


def unreachable_columns(view: QAbstractItemView) -> list[str]:
    """Columns of a table that lie beyond its width with no scroll bar of its own to reach them."""
    header = getattr(view, "horizontalHeader", lambda: None)()
    if header is None or not header.isVisible() or header.length() <= view.viewport().width() + 1:
        return []
    if view.horizontalScrollBar().isVisible() and view.horizontalScrollBar().maximum() > 0:
        return []  # reachable: the table scrolls sideways under its own scroll bar
    return [f"{_describe(view)}: columns {header.length()} px wide in {view.viewport().width()}, no scroll bar"]


def cut_headers(view: QAbstractItemView) -> list[str]:
    """Column headers whose text breaks a word (a word wider than its column) or is taller than the header."""
    from PySide6.QtCore import QRect

    header = getattr(view, "horizontalHeader", lambda: None)()
    if header is None or not header.isVisible() or header.model() is None:
        return []
    metrics = header.fontMetrics()
    problems = []
    for column in range(header.count()):
        text = str(header.model().headerData(column, Qt.Orientation.Horizontal) or "")
        if not text or header.isSectionHidden(column):
            continue
        room = header.sectionSize(column) - 8  # the section's margins (4 px a side in Qt's styles)
        widest = max(metrics.horizontalAdvance(word) for word in text.split())
        lines = metrics.boundingRect(QRect(0, 0, max(1, room), 100_000), int(Qt.TextFlag.TextWordWrap), text)
        if widest > room + SLACK:
            problems.append(f"{_describe(view)}: header “{text}” breaks a word in {room} px")
        elif lines.height() > header.height() - 4 + SLACK:
            problems.append(f"{_describe(view)}: header “{text}” needs {lines.height()} px of height, has "
                            f"{header.height()}")
    return problems


def _widest(page: QWidget, room: int) -> str:
    """The outermost widgets that reach beyond ``room``."""
    found = []
    for child in page.findChildren(QWidget):
        if not child.isVisible() or any(isinstance(p, QAbstractItemView) for p in _parents(child, page)):
            continue
        right = child.mapTo(page, QPoint(child.width(), 0)).x()
        if right > room + 1 and not any(child.isAncestorOf(c) or c.isAncestorOf(child) for c, _ in found):
            found.append((child, right))
    found.sort(key=lambda pair: -pair[1])
    return "; ".join(f"{_describe(w)} to x={right}" for w, right in found[:3]) or "?"


def _parents(widget: QWidget, stop: QWidget) -> list[QWidget]:
    parents = []
    parent = widget.parentWidget()
    while parent is not None and parent is not stop:
        parents.append(parent)
        parent = parent.parentWidget()
    return parents


def cut_tree_rows(view: QAbstractItemView, column: int = 0) -> list[str]:
    """The rows of a tree (every expanded row, in view or scrolled to) whose text in ``column`` does not fit
    its row: a word wider than the row, or more wrapped lines than the row is tall."""
    from PySide6.QtCore import QModelIndex, QRect
    from PySide6.QtGui import QFontMetrics

    model = view.model()
    if model is None:
        return []
    metrics = QFontMetrics(view.font())
    margins = 2 * (view.style().pixelMetric(view.style().PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
    problems: list[str] = []

    def walk(parent: QModelIndex) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, column, parent)
            text = str(index.data() or "")
            rect = view.visualRect(index)
            if text and rect.isValid():
                room = rect.width() - margins
                widest = max((metrics.horizontalAdvance(word) for word in text.split()), default=0)
                flags = int(Qt.TextFlag.TextWordWrap) if view.wordWrap() else int(Qt.TextFlag.TextSingleLine)
                needed = metrics.boundingRect(QRect(0, 0, max(1, room), 100_000), flags, text)
                shortened = text.rstrip().endswith("…")  # (the model cut it: the row does not say what it is)
                if shortened or widest > room + SLACK or needed.width() > room + SLACK \
                        or needed.height() > rect.height() + SLACK:
                    problems.append(f"navigator row “{' '.join(text.split())[:60]}” is cut ({rect.width()}×"
                                    f"{rect.height()} px for {needed.width()}×{needed.height()})")
            if view.isExpanded(model.index(row, 0, parent)):
                walk(model.index(row, 0, parent))

    walk(QModelIndex())
    return problems
