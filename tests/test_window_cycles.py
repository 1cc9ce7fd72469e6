"""Reporting cycles in the window: carried-over answers, last cycle's C) beside this cycle's A)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from tests.ui_helpers import FORMS, stored_values

from replydesk.definitions.registry import Registry
from replydesk.store import Store


def carried_reply(db_path) -> tuple[int, int]:
    form = Registry.load(FORMS).get("global-alliance-2014")
    with Store.open(db_path, write=True) as store:
        old = store.create_reply(form, "DENMARK", 2014)
        store.save_answers(old.id, form, {"pt1.og1.a": "Act of 2013 in force.",
                                          "pt1.og1.c": "Increased use of analysis-based tools and profiling.",
                                          "pt3.og1.b": "sikkerchat.dk"})
        new = store.create_reply(form, "DENMARK", 2015, previous=store.reply(old.id))
    return old.id, new.id


def test_carried_answers_are_marked_until_confirmed_or_edited(open_window, db_path, qtbot, dialogs):
    _old, new = carried_reply(db_path)
    window = open_window(new)
    assert window.model.index_of("pt1.og1.a", 1).data() == "carried over"
    assert window.model.index_of("pt1.og1", 1).data() == "2/3 · 2 carried"
    window.go_to_question("pt1.og1.c")
    card = window.pane.cards["pt1.og1.c"]
    assert card.carried_bar is not None and card.carried_bar.isVisible()
    window.mark_final()
    kind, title, text = dialogs[-1]
    assert title == "Mark reply final" and "3 answers are carried over" in text and "C)" in text
    window.change_reply_status("drafting")  # the test answered Yes; back to drafting for the rest
    card = window.pane.cards["pt1.og1.c"]
    from PySide6.QtWidgets import QPushButton

    still_accurate = next(b for b in card.carried_bar.findChildren(QPushButton) if b.text() == "Still accurate")
    still_accurate.click()
    assert not card.carried_bar.isVisible()
    assert window.model.index_of("pt1.og1.c", 1).data() == "draft"  # its review status again
    assert "unchanged" in window.model.index_of("pt1.og1.c", 1).data(Qt.ItemDataRole.ToolTipRole)
    assert window.store.answers(new)["pt1.og1.c"].carried_over is False
    edit = window.pane.editor("pt1.og1.a").edit
    edit.selectAll()
    qtbot.keyClicks(edit, "Act of 2013 evaluated in 2015.")
    window.save_now()
    assert window.model.index_of("pt1.og1.a", 1).data() == "changed"
    assert window.store.answers(new)["pt1.og1.a"].carried_over is False


def test_last_cycles_c_is_shown_beside_this_cycles_a_and_can_be_inserted(open_window, db_path, qtbot):
    from PySide6.QtWidgets import QFrame, QLabel, QPushButton

    _old, new = carried_reply(db_path)
    window = open_window(new)
    window.go_to_question("pt1.og1.a")
    card = window.pane.cards["pt1.og1.a"]
    box = card.findChild(QFrame, "previousCycle")
    assert box is not None
    texts = [label.text() for label in box.findChildren(QLabel)]
    assert any("Your 2014 report, C)" in t for t in texts)
    assert "Increased use of analysis-based tools and profiling." in texts
    assert window.pane.cards["pt1.og1.b"].findChild(QFrame, "previousCycle") is None
    insert = next(b for b in box.findChildren(QPushButton) if b.text() == "Insert as starting point")
    insert.click()
    assert stored_values(db_path, new)["pt1.og1.a"] == (
        "Act of 2013 in force.\n\nIncreased use of analysis-based tools and profiling.")


def test_compare_dialog_and_new_reply_from_previous_cycle(open_window, db_path, qtbot):
    from replydesk.ui.compare_dialog import CompareDialog

    old, new = carried_reply(db_path)
    window = open_window(new)
    window.session.stage("pt1.og1.a", "Act of 2013 evaluated.")
    window.session.flush()
    dialog = CompareDialog(window.session, window)
    qtbot.addWidget(dialog)
    states = {c.key: c.state for c in dialog.changes}
    assert states == {"pt1.og1.a": "changed", "pt1.og1.c": "carried", "pt3.og1.b": "carried"}
    dialog.list.setCurrentRow(0)
    assert "evaluated" in dialog.after.toPlainText() and "in force" in dialog.before.toPlainText()
    window.new_reply_from_previous()
    assert window.session.reply.year == 2016 and window.session.previous.id == new
    assert window.session.carried == {"pt1.og1.a", "pt1.og1.c", "pt3.og1.b"}
