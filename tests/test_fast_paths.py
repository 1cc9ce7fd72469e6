"""What the window's speed work (issues 13 and 14) must keep: each shortcut checked against what a user sees."""

from __future__ import annotations

import gc

from PySide6.QtCore import QModelIndex, QSettings, Qt
from PySide6.QtGui import QPalette
from tests.ui_helpers import new_reply

from replydesk.definitions import markdown
from replydesk.definitions.model import Question
from replydesk.ui.editors import LongTextEditor


def test_start_up_leaves_the_garbage_collector_running_with_what_it_built_frozen(open_window, db_path):
    window = open_window(new_reply(db_path))
    assert window.session is not None
    assert gc.isenabled(), "the collector is paused only while the window is built"
    assert gc.get_freeze_count() > 0, "what start-up built is kept out of later full collections"


def test_a_remembered_parse_hands_out_copies(qtbot):
    text = "Save the Children will **strengthen** efforts:\n\n- Educational days\n- *Three seminars*"
    first = markdown.parse(text)
    first[0].runs.clear()  # a caller changing its blocks changes nobody else's
    first.append(markdown.Block("paragraph", [markdown.Run("added")]))
    again = markdown.parse(text)
    assert [block.text for block in again] == ["Save the Children will strengthen efforts:", "Educational days",
                                               "Three seminars"]
    assert markdown.plain_text(text).split("\n") == [block.text for block in again]
    assert markdown.word_count(text) == 10


def test_a_loaded_answer_is_counted_once_and_the_first_keystroke_counts(qtbot):
    editor = LongTextEditor(Question(key="q", prompt="Measures?", type="long_text", word_limit=5))
    qtbot.addWidget(editor)
    edited: list[object] = []
    editor.sig_value_edited.connect(edited.append)
    editor.set_value("one **two** three\n\n- four")
    assert edited == [], "loading an answer is not an edit"
    assert editor.count.text().startswith("4 / 5 words")
    assert editor.count.palette().color(QPalette.ColorRole.WindowText).name() == "#555555"
    editor.edit.moveCursor(editor.edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor.edit, " five six")
    assert edited and edited[-1] == "one **two** three\n\n- four five six"
    assert "1 over the limit" in editor.count.text() and editor.over_limit
    assert editor.count.palette().color(QPalette.ColorRole.WindowText).name() == "#b00020"
    assert editor.count.font().bold()


def test_the_urgency_filter_hides_and_shows_every_row_again(open_window, db_path):
    reply_id = new_reply(db_path, form_id="lanzarote-2-csgsiv-follow-up", country="DENMARK", year=2023)
    window = open_window(reply_id)
    model = window.model

    def hidden_rows() -> int:
        def walk(parent: QModelIndex) -> int:
            count = 0
            for row in range(model.rowCount(parent)):
                count += window.navigator.isRowHidden(row, parent) + walk(model.index(row, 0, parent))
            return count
        return walk(QModelIndex())

    assert hidden_rows() == 0
    window.urgency_filter.setCurrentIndex(window.urgency_filter.findData("invite"))
    assert hidden_rows() > 0
    window.urgency_filter.setCurrentIndex(window.urgency_filter.findData(""))
    assert hidden_rows() == 0


def test_recent_replies_follow_the_openings(open_window, db_path):
    first = new_reply(db_path)
    second = new_reply(db_path, country="LUXEMBOURG")
    window = open_window(first)
    window.open_reply(second)
    assert [int(r) for r in QSettings().value("replies/recent")][:2] == [second, first]
    window.open_reply(second)  # opened again: nothing changes
    assert [int(r) for r in QSettings().value("replies/recent")][:2] == [second, first]
    window.open_reply(first)
    assert [int(r) for r in QSettings().value("replies/recent")][:2] == [first, second]
    assert int(QSettings().value("replies/last")) == first
    labels = [action.text() for action in window.recent_menu.actions()]
    assert labels[0].startswith("DENMARK") and labels[1].startswith("LUXEMBOURG")


def test_going_to_a_question_shows_its_notes(open_window, db_path, qtbot):
    reply_id = new_reply(db_path)
    window = open_window(reply_id)
    window.session.store.add_note(reply_id, window.session.form, "pt1.og1.b", "Ask the ministry of justice")
    window.go_to_question("pt1.og1.b")
    assert window.answer_panel.key == "pt1.og1.b"
    assert "Ask the ministry of justice" in window.answer_panel.notes.item(0).text()
    assert window.model.index_of("pt1.og1.b") == window.navigator.currentIndex().siblingAtColumn(0)
    assert window.navigator.currentIndex().data(Qt.ItemDataRole.DisplayRole)
