"""The secretariat's themes: a year's actions by goal, their tagged passages, and the commands to shape them.

``ThemesModel`` is a three-level tree (goal › theme › passage) read from the store; the
panel beside the coverage table shows it with the commands an analyst needs: a new theme,
rename, narrative, merge, split, reorder, delete, untag, and *Find related* (the year's
answers ranked against the theme; its dialogs are in ``themes_dialogs.py``). Each passage
has a check box: checked, the report quotes it as an example (every passage is evidence
that its member reports the action; only examples are quoted). Every change goes through
the store in one transaction, then the tree is read again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from replydesk.definitions.members import opening, report_name
from replydesk.definitions.model import Form
from replydesk.documents.secretariat.synthesis import goal_title
from replydesk.store import Store, StoreError
from replydesk.ui.themes_dialogs import NarrativeDialog, RelatedDialog

ThemeIdRole = Qt.ItemDataRole.UserRole + 1
PassageIdRole = Qt.ItemDataRole.UserRole + 2
GoalKeyRole = Qt.ItemDataRole.UserRole + 3


@dataclass
class _Node:
    kind: str  # "goal", "theme" or "passage"
    text: str
    members: str = ""
    tip: str = ""
    key: str = ""  # the goal's group key
    theme_id: int | None = None
    passage_id: int | None = None
    example: bool = False  # a passage quoted in the report
    parent: _Node | None = None
    children: list[_Node] = field(default_factory=list)

    def add(self, child: _Node) -> _Node:
        child.parent = self
        self.children.append(child)
        return child


class ThemesModel(QAbstractItemModel):
    """Goal › theme › passage, for one form and year; ``load`` reads the store again."""

    HEADERS = ("Action / passage", "Members")

    #: The user checked or unchecked a passage's "quoted as an example" box (passage id, checked).
    sig_example_toggled = Signal(int, bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._root = _Node("root", "")

    def load(self, store: Store, form: Form, year: int) -> None:
        self.beginResetModel()
        self._root = _Node("root", "")
        countries = {reply.id: reply.country for reply in store.replies()}
        order = {key: n for n, key in enumerate(form.group_keys())}
        goals: dict[str, _Node] = {}
        for theme in sorted(store.themes(form.id, year), key=lambda t: (order.get(t.under, len(order)), t.position)):
            goal = goals.get(theme.under)
            if goal is None:
                goal = goals[theme.under] = self._root.add(_Node("goal", goal_title(form, theme.under),
                                                                 key=theme.under))
            passages = store.passages(theme.id)
            members = {countries.get(p.reply_id, "") for p in passages if p.state == "anchored"}
            node = goal.add(_Node("theme", f"#{theme.position}  {theme.title}", str(len(members)),
                                  f"{theme.title}\n{theme.description}".strip(), theme.under, theme.id))
            for passage in passages:
                country = opening(report_name(form, countries.get(passage.reply_id, "")))
                label = form.slot(passage.key).question.label if form.has_key(passage.key) else passage.key
                attention = passage.state == "attention"
                mark = "⚠ " if attention else ""
                tip = ("The answer changed and no longer holds this text: the report neither quotes nor counts it. "
                       "Look at the answer, then tag the passage anew or untag this one." if attention else
                       f"{country}, {label} (double-click to read the answer; check the box to quote it in the "
                       "report as an example)")
                tag = f" [{passage.label}]" if passage.label else ""
                node.add(_Node("passage", f"{mark}{country} · {label}{tag} “{passage.quote}”", tip=tip,
                               key=passage.key, theme_id=theme.id, passage_id=passage.id, example=passage.example))
        self.endResetModel()

    # -- the model's interface -----------------------------------------------------------------------------------
    def _node(self, index: QModelIndex | QPersistentModelIndex) -> _Node:
        return index.internalPointer() if index.isValid() else self._root

    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:
        node = self._node(parent)
        if 0 <= row < len(node.children) and 0 <= column < len(self.HEADERS):
            return self.createIndex(row, column, node.children[row])
        return QModelIndex()

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        up = self._node(index).parent
        if up is None or up is self._root or up.parent is None:
            return QModelIndex()
        return self.createIndex(up.parent.children.index(up), 0, up)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self._node(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return node.text if index.column() == 0 else node.members
        if role == Qt.ItemDataRole.ToolTipRole:
            return node.tip or node.text
        if role == Qt.ItemDataRole.FontRole and node.kind != "passage" and index.column() == 0:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(node.kind == "goal")
            return font
        if role == Qt.ItemDataRole.CheckStateRole and node.kind == "passage" and index.column() == 0:
            return Qt.CheckState.Checked if node.example else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and node.kind == "passage":
            return "quoted as an example" if node.example else "evidence, not quoted"
        if role == ThemeIdRole:
            return node.theme_id
        if role == PassageIdRole:
            return node.passage_id
        if role == GoalKeyRole:
            return node.key
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == 0 and self._node(index).kind == "passage":
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A check box toggled: say so (``sig_example_toggled``); the panel changes the store and reloads."""
        node = self._node(index)
        if role != Qt.ItemDataRole.CheckStateRole or node.kind != "passage" or node.passage_id is None:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        node.example = checked
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.sig_example_toggled.emit(node.passage_id, checked)
        return True

    def theme_index(self, theme_id: int) -> QModelIndex:
        for goal_row, goal in enumerate(self._root.children):
            for row, theme in enumerate(goal.children):
                if theme.theme_id == theme_id:
                    return self.index(row, 0, self.index(goal_row, 0))
        return QModelIndex()


class ThemesPanel(QWidget):
    """The year's actions beside the coverage: shape them, untag passages, find what else belongs."""

    #: A passage was activated (double-click, Enter): show its answer (reply id, question key, quoted text).
    sig_passage_activated = Signal(int, str, str)
    #: Themes or passages changed in the store (the window refreshes what depends on them).
    sig_themes_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("themesPanel")
        self.store: Store | None = None
        self.form: Form | None = None
        self.year = 0
        self.model = ThemesModel(self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("themesTree")
        self.tree.setAccessibleName("Actions and tagged passages")
        self.tree.setModel(self.model)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)  # the whole passage is its tooltip
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.activated.connect(self._activated)
        self.model.sig_example_toggled.connect(self.set_example)
        title = QLabel("<b>Actions</b> (themes of the synthesis)", self)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        specs = [("newTheme", "&New…", "A new action under a goal", self.new_theme),
                 ("renameTheme", "Rena&me…", "Rename the selected action", self.rename_theme),
                 ("editNarrative", "Na&rrative…", "Write the action's narrative for the report",
                  self.edit_narrative),
                 ("findRelated", "&Find related…", "Rank the year's answers against this action's words",
                  self.find_related),
                 ("mergeTheme", "Mer&ge into…", "Move this action's passages into another and retire it",
                  self.merge_theme),
                 ("splitTheme", "S&plit off…", "A new action taking the selected passages", self.split_theme),
                 ("moveThemeUp", "Move &up", "Earlier in the report", lambda: self.move_theme(-1)),
                 ("moveThemeDown", "Move do&wn", "Later in the report", lambda: self.move_theme(+1)),
                 ("untagPassage", "&Untag", "Take the selected passages off their action", self.untag),
                 ("deleteTheme", "&Delete…", "Delete the selected action (its passages untagged, after asking)",
                  self.delete_theme)]
        for number, (name, text, tip, slot) in enumerate(specs):
            button = QPushButton(text, self)
            button.setObjectName(name)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            grid.addWidget(button, number // 3, number % 3)
            self.buttons[name] = button
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.tree, 1)
        layout.addLayout(grid)
        self.tree.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self._enable()

    def show_year(self, store: Store, form: Form, year: int) -> None:
        self.store, self.form, self.year = store, form, year
        self.reload()

    def reload(self, select_theme: int | None = None) -> None:
        if self.store is None or self.form is None:
            return
        keep = select_theme if select_theme is not None else self.selected_theme()
        self.model.load(self.store, self.form, self.year)
        self.tree.expandAll()
        if keep is not None and (index := self.model.theme_index(keep)).isValid():
            self.tree.setCurrentIndex(index)
        self._enable()

    # -- what is selected --------------------------------------------------------------------------------------
    def selected_theme(self) -> int | None:
        index = self.tree.currentIndex()
        return index.data(ThemeIdRole) if index.isValid() else None

    def selected_passages(self) -> list[int]:
        rows = self.tree.selectionModel().selectedRows() if self.tree.selectionModel() else []
        return [i.data(PassageIdRole) for i in rows if i.data(PassageIdRole) is not None]

    def _enable(self) -> None:
        has_year = self.store is not None and self.store.writable
        theme = self.selected_theme() is not None
        passages = bool(self.selected_passages())
        self.buttons["newTheme"].setEnabled(has_year)
        for name in ("renameTheme", "editNarrative", "findRelated", "mergeTheme", "moveThemeUp", "moveThemeDown",
                     "deleteTheme"):
            self.buttons[name].setEnabled(has_year and theme)
        for name in ("splitTheme", "untagPassage"):
            self.buttons[name].setEnabled(has_year and passages)

    def _activated(self, index: QModelIndex) -> None:
        passage_id = index.data(PassageIdRole)
        if passage_id is None or self.store is None:
            return
        passage = next((p for p in self.store.passages(index.data(ThemeIdRole)) if p.id == passage_id), None)
        if passage is not None:
            self.sig_passage_activated.emit(passage.reply_id, passage.key, passage.quote)

    # -- commands ----------------------------------------------------------------------------------------------
    def _run(self, title: str, change) -> Any:  # type: ignore[no-untyped-def]
        """One store change; a refusal is shown with its reason and changes nothing."""
        try:
            result = change()
        except StoreError as exc:
            QMessageBox.warning(self, title, str(exc))
            return None
        self.sig_themes_changed.emit()
        return result

    def goals(self) -> list[tuple[str, str]]:
        """(group key, title) of every group a theme may go under (a goal, a chapter, a recommendation)."""
        assert self.form is not None
        from replydesk.store.themes import theme_groups

        return [(key, goal_title(self.form, key)) for key in theme_groups(self.form)]

    def set_example(self, passage_id: int, example: bool) -> None:
        """Quote the passage in the report as an example, or no longer (its check box)."""
        if self.store is None:
            return
        theme_id = self.selected_theme()
        self._run("Example", lambda: self.store.set_example(passage_id, example))
        self.reload(theme_id)

    def delete_theme(self) -> None:
        theme_id = self.selected_theme()
        if theme_id is None or self.store is None:
            return
        theme = self.store.theme(theme_id)
        tagged = len(self.store.passages(theme_id))
        question = (f"Delete the action “{theme.title}”?" if not tagged else
                    f"The action “{theme.title}” has {tagged} tagged passage{'s' if tagged != 1 else ''}. Untag "
                    f"{'them' if tagged != 1 else 'it'} and delete the action?")
        answer = QMessageBox.question(self, "Delete action", question + " (The history keeps it.)")
        if answer == QMessageBox.StandardButton.Yes:
            self._run("Delete action", lambda: self.store.delete_theme(theme_id, force=bool(tagged)))
            self.reload()

    def new_theme(self, title: str = "", under: str | None = None) -> int | None:
        if self.store is None or self.form is None:
            return None
        goals = self.goals()
        current = under or self.tree.currentIndex().data(GoalKeyRole) or ""
        labels = [label for _, label in goals]
        start = next((n for n, (key, _) in enumerate(goals) if key == current), 0)
        label, ok = QInputDialog.getItem(self, "New action", "Under:", labels, start, False)
        if not ok:
            return None
        key = goals[labels.index(label)][0]
        if not title:
            title, ok = QInputDialog.getText(self, "New action", "Title of the action:")
            if not ok or not title.strip():
                return None
        theme = self._run("New action", lambda: self.store.add_theme(self.form, self.year, key, title))
        if theme is not None:
            self.reload(theme.id)
            return theme.id
        return None

    def rename_theme(self) -> None:
        theme_id = self.selected_theme()
        if theme_id is None or self.store is None:
            return
        current = self.store.theme(theme_id).title
        title, ok = QInputDialog.getText(self, "Rename action", "Title of the action:", text=current)
        if ok and title.strip() and title.strip() != current:
            self._run("Rename action", lambda: self.store.edit_theme(theme_id, title=title))
            self.reload(theme_id)

    def edit_narrative(self) -> None:
        theme_id = self.selected_theme()
        if theme_id is None or self.store is None or self.form is None:
            return
        theme = self.store.theme(theme_id)
        countries = {reply.id: reply.country for reply in self.store.replies()}
        from replydesk.definitions.members import member_list

        members = member_list(self.form, {countries[p.reply_id] for p in self.store.passages(theme_id)
                                          if p.reply_id in countries})
        dialog = NarrativeDialog(theme.title, theme.narrative, members, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._run("Narrative", lambda: self.store.edit_theme(theme_id, narrative=dialog.narrative()))
            self.reload(theme_id)

    def merge_theme(self) -> None:
        theme_id = self.selected_theme()
        if theme_id is None or self.store is None:
            return
        others = [t for t in self.store.themes(self.form.id, self.year) if t.id != theme_id]
        if not others:
            QMessageBox.information(self, "Merge actions", "There is no other action to merge into.")
            return
        labels = [f"#{t.position} {t.title} ({goal_title(self.form, t.under)})" for t in others]
        label, ok = QInputDialog.getItem(self, "Merge actions", "Merge into:", labels, 0, False)
        if ok:
            target = others[labels.index(label)].id
            self._run("Merge actions", lambda: self.store.merge_themes(theme_id, target))
            self.reload(target)

    def split_theme(self) -> None:
        theme_id, passages = self.selected_theme(), self.selected_passages()
        if theme_id is None or not passages or self.store is None:
            return
        title, ok = QInputDialog.getText(self, "Split off an action",
                                         f"Title of the new action ({len(passages)} passage(s) move to it):")
        if ok and title.strip():
            new = self._run("Split off an action", lambda: self.store.split_theme(theme_id, title, passages))
            self.reload(new.id if new is not None else theme_id)
            if new is not None:
                self.edit_narrative()  # the new action's own narrative (its members' list until written)

    def move_theme(self, step: int) -> None:
        theme_id = self.selected_theme()
        if theme_id is None or self.store is None:
            return
        position = self.store.theme(theme_id).position + step
        self._run("Reorder actions", lambda: self.store.move_theme(theme_id, max(1, position)))
        self.reload(theme_id)

    def untag(self) -> None:
        passages = self.selected_passages()
        if not passages or self.store is None:
            return
        theme_id = self.selected_theme()
        for passage_id in passages:
            self._run("Untag", lambda passage_id=passage_id: self.store.untag(passage_id))
        self.reload(theme_id)

    def find_related(self) -> None:
        theme_id = self.selected_theme()
        if theme_id is None or self.store is None or self.form is None:
            return
        dialog = RelatedDialog(self.store, self.form, theme_id, self)
        dialog.sig_show_answer.connect(self.sig_passage_activated)
        dialog.sig_tagged.connect(lambda: (self.sig_themes_changed.emit(), self.reload(theme_id)))
        dialog.show()
        self._related = dialog
