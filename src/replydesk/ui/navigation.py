"""Moving about the open reply: the navigator, the question shown, next/previous/first unanswered.

``Navigation`` is a QObject that owns which question the window shows (``current_key``) and keeps the
navigator, the question pane and the notes panel in step. A click or Enter on a question in the navigator
brings the question to the top of the pane with its editor focused; moving the navigator's row with the
arrow keys shows the question without taking the focus from the navigator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, QTimer

from replydesk.ui.navigator_model import KeyRole

if TYPE_CHECKING:
    from replydesk.ui.main_window import MainWindow


class Navigation(QObject):
    """Which question the window shows, reached by the navigator, the Go menu, validation and find."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        #: The question whose notes and history the answer panel shows (the one being worked on).
        self.current_key: str | None = None
        #: The group the question pane shows.
        self.current_group = ""
        #: The question whose notes and history the answer panel was last given.
        self._answer_selected: str | None = None
        #: Whether the urgency filter may have hidden rows of the navigator.
        self._filtered = False
        window.navigator.clicked.connect(self._navigator_chosen)
        window.navigator.activated.connect(self._navigator_chosen)
        window.urgency_filter.currentIndexChanged.connect(lambda _i: self.filter_navigator())

    def reset(self) -> None:
        """A reply was opened or closed: nothing shown yet, every navigator row visible."""
        self.current_key = None
        self.current_group = ""
        self._filtered = False
        if self.window.model is not None:
            self.window.navigator.selectionModel().currentChanged.connect(self._navigator_moved)

    # -- the navigator ------------------------------------------------------------------------------
    def _navigator_moved(self, current: QModelIndex, _previous: QModelIndex) -> None:
        window = self.window
        if window.session is None or not current.isValid():
            return
        key = current.data(KeyRole)
        node = window.model.node(current)
        if node.slot is not None:
            self.show_group(key.rsplit(".", 1)[0])
            self._select_answer(key)
            self._bring_to_top(key)
        else:
            self.show_group(key)
            first = node.slots()[0].key if node.slots() else ""
            if first:
                self._select_answer(first)

    def _navigator_chosen(self, index: QModelIndex) -> None:
        """A click or Enter on a question: the question at the top of the pane, its editor focused."""
        window = self.window
        if window.session is None or not index.isValid() or window.model.node(index).slot is None:
            return
        self.go_to_question(index.data(KeyRole))

    def filter_navigator(self) -> None:
        """Show only the recommendations of the chosen urgency (an official takes the *require* ones first)."""
        window = self.window
        model = window.model
        if model is None:
            return
        wanted = window.urgency_filter.currentData() if window.urgency_filter.isVisible() else ""
        if not wanted and not self._filtered:
            return  # every row already shows (walking 2,500 rows to show them again took ~20 ms at start-up)
        self._filtered = bool(wanted)

        def walk(parent: QModelIndex) -> None:
            for row in range(model.rowCount(parent)):
                index = model.index(row, 0, parent)
                group = model.node(index).group
                hidden = bool(wanted and group is not None and group.urgency and group.urgency != wanted)
                window.navigator.setRowHidden(row, parent, hidden)
                if not hidden:
                    walk(index)

        walk(QModelIndex())

    # -- the pane -----------------------------------------------------------------------------------
    def show_group(self, group_key: str) -> None:
        window = self.window
        if window.session is None or group_key == self.current_group:
            return
        window.pane.show_group(window.session, group_key)
        self.current_group = group_key

    def show_group_again(self) -> None:
        """Rebuild the pane's group (its questions' editors follow a changed status, read-only or not)."""
        if self.current_group:
            group, self.current_group = self.current_group, ""
            self.show_group(group)

    def _select_answer(self, key: str) -> None:
        window = self.window
        if window.session is not None:
            window.answer_panel.show_answer(window.session, key)
            slot = window.session.form.slot(key)
            # the dock's tab stays short (it shares the row with Validation and Changes); the
            # question it shows is in its tooltip, by its label and section, never by its internal key
            window.answer_dock.setToolTip(f"Notes and history of {slot.section_label} › {slot.question.label}"
                                          if slot.question.label else f"Notes and history of {slot.section_label}")
            self.current_key = key
            self._answer_selected = key
            window.team.writing(key)

    def _bring_to_top(self, key: str) -> None:
        """Scroll the pane so that the question's card starts at its top (once the page is laid out)."""
        pane = self.window.pane
        card = pane.cards.get(key)
        if card is None:
            return

        first = next(iter(pane.cards.values()), None) is card  # the group's first: its heading stays in view

        def scroll() -> None:
            page = pane.widget()
            if page is not None and page.layout() is not None:
                page.layout().activate()
            pane.verticalScrollBar().setValue(0 if first else max(0, card.y() - 8))

        scroll()
        QTimer.singleShot(0, card, scroll)  # (the card as context: dropped if the page is replaced first)

    def go_to_question(self, key: str) -> None:
        """Show the question's group with the question at the top, select it in the navigator, focus its editor."""
        window = self.window
        if window.session is None or not window.session.form.has_key(key):
            return
        index = window.model.index_of(key)
        self._answer_selected = None
        window.navigator.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        window.navigator.scrollTo(index)
        self.show_group(key.rsplit(".", 1)[0])
        if self._answer_selected != key:  # (moving the navigator's row usually did it: read notes and history once)
            self._select_answer(key)
        window.pane.focus_question(key)
        self._bring_to_top(key)

    def go_to_first_unanswered(self) -> None:
        session = self.window.session
        if session is None:
            return
        relevant = session.relevant_keys()
        for slot in session.form.slots:
            if slot.key in relevant and not session.is_answered(slot.key):
                self.go_to_question(slot.key)
                return
        self.go_to_question(session.form.slots[0].key)

    def step_question(self, step: int) -> None:
        if self.window.session is None:
            return
        keys = self.window.session.form.keys()
        current = self.current_key or keys[0]
        position = keys.index(current) if current in keys else 0
        self.go_to_question(keys[max(0, min(len(keys) - 1, position + step))])

    def question_focused(self, key: str) -> None:
        """The focus entered a question's editor in the pane: the navigator and notes follow it."""
        window = self.window
        # A closed window's focus still moves while Qt tears it down; its store may be closed by then.
        if window.session is None or not window.isVisible() or key == self.current_key:
            return
        index = window.model.index_of(key)
        selection = window.navigator.selectionModel()
        selection.blockSignals(True)
        selection.setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        selection.blockSignals(False)
        window.navigator.viewport().update()
        self._select_answer(key)
