"""The long answer's editor: rich text kept as Markdown, a word count, a height the user can change."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextListFormat,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from replydesk.definitions import markdown
from replydesk.definitions.model import Question
from replydesk.ui import richtext
from replydesk.ui.editor_base import Editor, tint


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
        # read-only looks read-only: no frame to type in, the page's colour behind the text
        self.edit.setFrameShape(QFrame.Shape.NoFrame if read_only else QFrame.Shape.StyledPanel)
        palette = self.edit.viewport().palette()
        palette.setColor(QPalette.ColorRole.Base, self.palette().color(
            QPalette.ColorRole.Window if read_only else QPalette.ColorRole.Base))
        self.edit.viewport().setPalette(palette)

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
