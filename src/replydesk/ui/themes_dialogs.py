"""The dialogs of the secretariat's Actions panel: the narrative, the type-ahead chooser, what else belongs.

``NarrativeDialog`` writes an action's narrative in the answers' formatted-text editor;
``ThemeChooser`` is what *Tag selection* (Ctrl+T) opens; ``RelatedDialog`` lists the year's
paragraphs ranked against an action's words, each readable or taggable with one click.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QSortFilterProxyModel, Qt, QUrl, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from replydesk.definitions.members import opening, report_name
from replydesk.definitions.model import Form, Question, QuestionType
from replydesk.definitions.ranking import marked
from replydesk.documents.secretariat.synthesis import MEMBERS_PLACEHOLDER, goal_title
from replydesk.store import Store, StoreError
from replydesk.ui.editors import LongTextEditor
from replydesk.ui.format_bar import FormatBar

#: The chooser's items carry their theme's id (``ThemeChooser.NEW`` for the "New action" item).
ThemeIdRole = Qt.ItemDataRole.UserRole + 1


class NarrativeDialog(QDialog):
    """The action's narrative in the answers' formatted-text editor, with the members placeholder."""

    def __init__(self, title: str, narrative: str, members: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("narrativeDialog")
        self.setWindowTitle(f"Narrative — {title}")
        self.resize(720, 520)
        question = Question(key="narrative", prompt=f"Narrative of the action “{title}”",
                            type=QuestionType.LONG_TEXT)
        self.editor = LongTextEditor(question, self)
        self.editor.set_value(narrative)
        self.editor.set_text_height(320)
        self.format_bar = FormatBar(self)
        insert = QPushButton("Insert the &members list", self)
        insert.setObjectName("insertMembers")
        insert.setToolTip(f"{MEMBERS_PLACEHOLDER} becomes the members that reported the action, in the report's "
                          "style")
        insert.clicked.connect(lambda: self.editor.edit.insertPlainText(MEMBERS_PLACEHOLDER))
        preview = QLabel(f"{MEMBERS_PLACEHOLDER} now reads: {html.escape(members) or '(no member tagged yet)'}",
                         self)
        preview.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.format_bar, 1)
        row.addWidget(insert)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.editor, 1)
        layout.addWidget(preview)
        layout.addWidget(buttons)
        self.editor.focus_editor()

    def narrative(self) -> str:
        return self.editor.value() or ""


class ThemeChooser(QDialog):
    """Type to filter the year's actions, Enter to tag; typing a title no action has offers a new one."""

    NEW = -1

    def __init__(self, themes: list[tuple[int, str]], passage: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("themeChooser")
        self.setWindowTitle("Tag with an action")
        self.resize(560, 420)
        self.items = QStandardItemModel(self)
        for theme_id, label in themes:
            item = QStandardItem(label)
            item.setData(theme_id, ThemeIdRole)
            self.items.appendRow(item)
        self.new_item = QStandardItem()
        self.new_item.setData(self.NEW, ThemeIdRole)
        self.filtered = QSortFilterProxyModel(self)
        self.filtered.setSourceModel(self.items)
        self.filtered.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("themeFilter")
        self.filter.setPlaceholderText("Type part of an action's title, or a new title")
        self.filter.setAccessibleName("Action")
        self.list = QListView(self)
        self.list.setModel(self.filtered)
        self.list.setAccessibleName("Actions")
        quote = QLabel(f"<i>“{html.escape(passage[:300])}{'…' if len(passage) > 300 else ''}”</i>", self)
        quote.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Tag")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(quote)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self._filter)
        self.filter.returnPressed.connect(self.accept)
        self.list.doubleClicked.connect(lambda _index: self.accept())
        self._filter("")

    def _filter(self, text: str) -> None:
        wanted = text.strip()
        if self.new_item.row() >= 0:
            self.items.takeRow(self.new_item.row())
        titles = {self.items.item(r).text().split("  ", 1)[-1].casefold() for r in range(self.items.rowCount())}
        if wanted and wanted.casefold() not in titles:
            self.new_item.setText(f"New action: {wanted}")
            self.items.appendRow(self.new_item)  # it contains the text typed, so the filter keeps it
        self.filtered.setFilterFixedString(wanted)
        if self.filtered.rowCount():
            self.list.setCurrentIndex(self.filtered.index(0, 0))

    def choice(self) -> tuple[int | None, str]:
        """(theme id, "") for an action, (NEW, title) for a new one, (None, "") when nothing is chosen."""
        index = self.list.currentIndex()
        if not index.isValid():
            return None, ""
        theme_id = index.data(ThemeIdRole)
        return (theme_id, self.filter.text().strip() if theme_id == self.NEW else "")


class RelatedDialog(QDialog):
    """The year's answers ranked against an action's words: read one, or tag a paragraph at once."""

    #: Show this answer in the secretariat view (reply id, key, paragraph).
    sig_show_answer = Signal(int, str, str)
    #: A paragraph was tagged with the action.
    sig_tagged = Signal()

    def __init__(self, store: Store, form: Form, theme_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        from replydesk.documents.secretariat.theme_search import search_theme

        self.setObjectName("relatedDialog")
        self.store, self.theme_id = store, theme_id
        theme = store.theme(theme_id)
        self.setWindowTitle(f"Related to “{theme.title}”")
        self.resize(760, 560)
        self.form, self.year = form, theme.year
        self.found = search_theme(store, form, theme_id, limit=30)
        self.tagged: set[int] = set()
        self.view = QTextBrowser(self)
        self.view.setObjectName("relatedResults")
        self.view.setOpenLinks(False)
        self.view.anchorClicked.connect(self._clicked)
        QVBoxLayout(self).addWidget(self.view)
        self.render()

    def render(self) -> None:
        form = self.form
        parts = [f"<p>{len(self.found)} paragraph(s) of the {self.year} returns share words with this action "
                 "(best first; paragraphs already tagged with it are left out).</p>"]
        for number, item in enumerate(self.found):
            text, spans = item.hit.snippet(320)
            shown = marked(html.escape(text), _escaped_spans(text, spans), "<b style='background:#fff2a8'>", "</b>")
            name = opening(report_name(form, item.country))
            label = form.slot(item.key).question.label if form.has_key(item.key) else item.key
            where = goal_title(form, item.key.rsplit(".", 1)[0]) if "." in item.key else ""
            tag = "tagged ✓" if number in self.tagged else f"<a href='tag:{number}'>tag this paragraph</a>"
            parts.append(f"<p><b>{html.escape(name)}</b> · {html.escape(where)} {html.escape(label)} — "
                         f"<a href='show:{number}'>read</a> · {tag}<br>{shown}</p>")
        self.view.setHtml("".join(parts))

    def _clicked(self, url: QUrl) -> None:
        kind, _, number = url.toString().partition(":")
        item = self.found[int(number)]
        if kind == "show":
            self.sig_show_answer.emit(item.reply_id, item.key, item.hit.text)
        elif kind == "tag" and int(number) not in self.tagged:
            try:
                self.store.tag(self.theme_id, item.reply_id, item.key, item.hit.text)
            except StoreError as exc:
                QMessageBox.warning(self, "Tag", str(exc))
                return
            self.tagged.add(int(number))
            self.sig_tagged.emit()
            self.render()


def _escaped_spans(text: str, spans: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    """The spans' positions once the text is HTML-escaped."""
    moved = []
    for start, end in spans:
        moved.append((len(html.escape(text[:start])), len(html.escape(text[:end]))))
    return moved
