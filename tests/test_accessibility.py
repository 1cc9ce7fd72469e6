"""Accessible to everyone in the ministry (EN 301 549): names, descriptions and focus order of the editors.

Every page of the three forms is walked with the keyboard's focus order (focusNextChild from the first
editor): each focused widget of an editor carries its question's prompt as its accessible name and its help
as its accessible description, and the questions come in the order they are read.
"""

from __future__ import annotations

import pytest
from tests.ui_helpers import new_reply

FORMS = {"global-alliance-2014": ("DENMARK", 2014), "coe-ocsea-baseline": ("Denmark", 2020),
         "lanzarote-2-csgsiv-follow-up": ("Denmark", 2024)}


def _card_of(widget, cards):
    """The question card a widget belongs to (None outside every card)."""
    while widget is not None:
        for key, card in cards.items():
            if widget is card:
                return key
        widget = widget.parentWidget()
    return None


def _group_keys(groups, prefix: str = ""):
    """Every group's dotted key, each a page of the question pane."""
    for group in groups:
        yield prefix + group.key
        yield from _group_keys(group.groups, f"{prefix}{group.key}.")


def _expected_name(widget, prompt: str) -> str:
    from PySide6.QtWidgets import QCheckBox, QRadioButton

    return f"{prompt}: {widget.text()}" if isinstance(widget, (QRadioButton, QCheckBox)) else prompt


@pytest.mark.parametrize("form_id", list(FORMS))
def test_every_editor_is_named_by_its_prompt_in_reading_order(open_window, db_path, form_id):
    from PySide6.QtWidgets import QAbstractButton, QApplication

    country, year = FORMS[form_id]
    window = open_window(new_reply(db_path, form_id=form_id, country=country, year=year))
    session, pane = window.session, window.pane
    walked, cells = 0, []
    for group_key in _group_keys(session.form.groups):
        pane.show_group(session, group_key)
        cards = pane.cards
        if not cards:
            continue
        order = list(cards)  # the questions in reading order
        first = cards[order[0]].editor.focusWidget_()
        first.setFocus()
        assert QApplication.focusWidget() is first, group_key
        reached: list[str] = []
        widget = first
        for _ in range(2000):
            key = _card_of(widget, cards)
            if key is None:
                break  # the focus left the page
            card = cards[key]
            question = card.slot.question
            if card.editor.isAncestorOf(widget):
                if isinstance(widget, QAbstractButton) and not widget.isCheckable():  # Clear, Add row …
                    assert widget.accessibleDescription() == question.prompt, (key, widget.text())
                elif card.editor.focusWidget_() is not widget and card.editor.focusWidget_().isAncestorOf(widget):
                    # the editor a table opens in its current cell: the prompt, the column and the row
                    assert widget.accessibleName().startswith(f"{question.prompt}: "), (key, type(widget))
                    assert widget.accessibleDescription() == question.help, key
                    cells.append(widget.accessibleName())
                else:
                    assert widget.accessibleName() == _expected_name(widget, question.prompt), (key, type(widget))
                    assert widget.accessibleDescription() == question.help, key
                    walked += 1
                if not reached or reached[-1] != key:
                    reached.append(key)
            widget.focusNextChild()
            following = QApplication.focusWidget()
            if following is widget or following is first:
                break
            widget = following
        assert reached == order, f"{group_key}: the focus order is not the reading order"
    assert walked >= len(session.form.slots)
    if form_id == "coe-ocsea-baseline":  # the MNR table's first cell, once editing starts: its column and row
        pane.show_group(session, "mnr")
        table = pane.editor("mnr.capabilities").focusWidget_()
        table.setFocus()
        table.setCurrentCell(0, 1)
        table.editItem(table.item(0, 1)) if table.item(0, 1) else table.edit(table.model().index(0, 1))
        editor = QApplication.focusWidget()
        assert editor is not table and table.isAncestorOf(editor)
        assert editor.accessibleName().endswith(": Score (0–5), 1 Leadership: An accountable National Governance "
                                                "and Oversight Committee"), editor.accessibleName()


def test_colour_is_never_the_only_signal(open_window, db_path):
    """Completion and problems show a symbol in the navigator, and the panel says what is wrong in words."""
    from replydesk.ui.navigator_model import CompletionRole

    window = open_window(new_reply(db_path, form_id="coe-ocsea-baseline", country="Denmark", year=2020,
                                   answers={"commitments.uncrc": "ratified"}))
    model = window.model
    marks = {}
    for key in ("commitments.uncrc", "commitments.lanzarote", "commitments.weprotect"):
        index = model.index_of(key)
        marks[key] = (index.data(CompletionRole), index.data().split(" ")[0], "⚠" in index.data())
    assert marks["commitments.uncrc"] == ("complete", "●", False)
    assert marks["commitments.lanzarote"] == ("empty", "○", True)  # required: a ⚠, not a colour
    assert marks["commitments.weprotect"] == ("empty", "○", False)
    assert all(window.validation.list.item(r).text().endswith((": required, still empty",)) or
               ": " in window.validation.list.item(r).text() for r in range(window.validation.list.count()))


def test_each_prompt_labels_its_editor_so_a_drop_down_is_announced_by_its_question(open_window, db_path):
    from PySide6.QtWidgets import QComboBox

    window = open_window(new_reply(db_path, form_id="lanzarote-2-csgsiv-follow-up", country="DENMARK", year=2023))
    key = next(s.key for s in window.session.form.slots if s.key.endswith(".status"))
    window.go_to_question(key)
    card = window.pane.cards[key]
    assert isinstance(card.editor.focusWidget_(), QComboBox)
    assert card.prompt_label.buddy() is card.editor.focusWidget_()
    assert "Implementation status" in card.prompt_label.text()
