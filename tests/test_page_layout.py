"""The question pane as an official on a small laptop sees it (issue 14): writing comes first.

At 1024×700 no group of the three forms needs horizontal scrolling and no label is cut off; a long
answer is at least a third of the pane's height and can be made taller; one formatting toolbar acts on
the long answer that has the focus; the Model National Response table shows its 21 rows under the
definition's column labels and takes keys as a spreadsheet does.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QToolButton
from tests import denmark
from tests.ui_helpers import new_reply, stored_values

from replydesk.ui.editors import LongTextEditor
from replydesk.ui.layout_check import clipped_labels, sideways

FORMS = {"global-alliance-2014": ("DENMARK", 2014), "lanzarote-2-csgsiv-follow-up": ("DENMARK", 2023),
         "coe-ocsea-baseline": ("DENMARK", 2020)}


def at_small_laptop_size(window, qtbot) -> None:
    window.resize(1024, 700)
    window.reset_layout()
    qtbot.waitUntil(lambda: window.width() == 1024)
    QApplication.processEvents()


def groups_with_questions(form) -> list[str]:
    """Every group the pane can show a question of (a question's group, as the navigator selects it)."""
    return list(dict.fromkeys(slot.key.rsplit(".", 1)[0] for slot in form.slots))


def open_cell(table) -> QLineEdit | None:
    """The cell editor open in the table (Qt may keep a closed one, hidden)."""
    return next((e for e in table.findChildren(QLineEdit) if e.isVisible()), None)


@pytest.mark.parametrize("form_id", list(FORMS))
def test_no_group_of_the_three_forms_scrolls_sideways_at_1024x700(form_id, open_window, db_path, qtbot):
    country, year = FORMS[form_id]
    answers = denmark.answers() if form_id == "global-alliance-2014" else None
    window = open_window(new_reply(db_path, form_id, country, year, answers=answers))
    at_small_laptop_size(window, qtbot)
    assert window.pane.width() > max(window.navigator.width(), window.answer_dock.width()), "the pane gets the most"
    keys = groups_with_questions(window.session.form)
    assert keys
    for key in keys:
        first = next(s.key for s in window.session.form.slots if s.key.rsplit(".", 1)[0] == key)
        window.go_to_question(first)
        QApplication.processEvents()
        assert window.pane.group_key == key
        problems = sideways(window.pane) + clipped_labels(window.pane.widget())
        assert not problems, f"{form_id} {key}: {problems}"


def test_a_long_answer_is_a_third_of_the_pane_and_can_be_made_taller(open_window, db_path, qtbot):
    window = open_window(new_reply(db_path, answers=denmark.answers()))
    at_small_laptop_size(window, qtbot)
    window.go_to_question("pt1.og1.a")
    editor = window.pane.editor("pt1.og1.a")
    pane = window.pane.viewport().height()
    qtbot.waitUntil(lambda: editor.edit.height() >= pane / 3)
    usual = editor.edit.height()
    assert editor.edit.verticalScrollBar().maximum() == 0 or usual >= 200  # several paragraphs in view
    qtbot.mouseClick(editor.taller, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.edit.height() > usual)
    assert editor.edit.height() >= pane - 60
    qtbot.mouseClick(editor.taller, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.edit.height() == usual)
    # the grip under the answer: dragged down 80 px, the answer is 80 px taller
    grip = editor.grip
    qtbot.mousePress(grip, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    qtbot.mouseMove(grip, QPoint(5, 85))
    qtbot.mouseRelease(grip, Qt.MouseButton.LeftButton, pos=QPoint(5, 85))
    qtbot.waitUntil(lambda: editor.edit.height() >= usual + 70)
    # the pane scrolls (downwards only) to the answers below
    assert window.pane.verticalScrollBar().maximum() > 0
    assert not window.pane.horizontalScrollBar().isVisible()


def test_the_one_toolbar_makes_the_focused_answers_selection_bold(open_window, db_path, qtbot):
    reply_id = new_reply(db_path)
    window = open_window(reply_id)
    bar = window.format_bar
    bold = bar.commands["formatBold"]
    assert [a.objectName() for a in window.findChildren(type(bold)) if a.objectName() == "formatBold"] == \
        ["formatBold"], "one set of formatting commands for the pane"
    window.go_to_question("pt1.og1.b")
    editor = window.pane.editor("pt1.og1.b")
    assert isinstance(editor, LongTextEditor)
    assert not editor.findChildren(QToolButton, "formatBoldButton"), "no toolbar of its own"
    qtbot.waitUntil(editor.edit.hasFocus)
    qtbot.keyClicks(editor.edit, "Children's Houses")
    assert bold.isEnabled()
    editor.edit.selectAll()
    qtbot.mouseClick(bar.findChild(QToolButton, "formatBoldButton"), Qt.MouseButton.LeftButton)
    window.save_now()
    assert stored_values(db_path, reply_id)["pt1.og1.b"] == "**Children's Houses**"
    assert editor.edit.hasFocus(), "the focus stays in the answer"
    # Ctrl+I still works, through the same toolbar
    editor.edit.selectAll()
    qtbot.keyClick(editor.edit, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    window.save_now()
    assert stored_values(db_path, reply_id)["pt1.og1.b"] == "***Children's Houses***"
    # no long answer has the focus: nothing to format
    window.pane.cards["pt1.og1.b"].review.setFocus()
    qtbot.waitUntil(lambda: not bold.isEnabled())
    assert not any(a.isEnabled() for a in bar.commands.values())


def test_the_toolbar_is_disabled_on_a_final_reply(open_window, db_path, qtbot):
    reply_id = new_reply(db_path, answers=denmark.answers())
    window = open_window(reply_id)
    window.store.set_reply_status(reply_id, "final", detail="marked final")
    window.open_reply(reply_id, focus_first_unanswered=False)
    window.go_to_question("pt1.og1.a")
    editor = window.pane.editor("pt1.og1.a")
    editor.focus_editor()
    qtbot.waitUntil(editor.edit.hasFocus)
    assert not any(a.isEnabled() for a in window.format_bar.commands.values())


def test_the_mnr_table_shows_its_21_rows_under_the_definitions_labels(open_window, db_path, qtbot):
    reply_id = new_reply(db_path, "coe-ocsea-baseline", "DENMARK", 2020)
    window = open_window(reply_id)
    at_small_laptop_size(window, qtbot)
    key = next(s.key for s in window.session.form.slots if s.key.endswith(".capabilities"))
    question = window.session.form.slot(key).question
    window.go_to_question(key)
    table = window.pane.editor(key).table
    qtbot.waitUntil(lambda: table.rowCount() == 21)
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers[1:] == [c.label for c in question.columns]
    assert [table.item(r, 0).text() for r in range(21)] == [row.label for row in question.rows]
    # every row shown: the table is as tall as its rows (no inner scrolling), as wide as the pane
    qtbot.waitUntil(lambda: table.viewport().height() >= sum(table.rowHeight(r) for r in range(21)))
    assert table.verticalScrollBar().maximum() == 0
    assert table.horizontalHeader().length() <= table.viewport().width() + 1
    assert table.columnWidth(0) >= 150 and table.columnWidth(0) < table.viewport().width() / 2
    # (the longest capability, 190 characters, in the 150 px the label column keeps beside a readable navigator)
    assert max(table.rowHeight(r) for r in range(21)) < 11 * table.fontMetrics().lineSpacing()
    assert not sideways(window.pane)

    # a spreadsheet's keys: typing starts editing, Enter moves down, Tab moves on (past the row labels)
    table.setFocus()
    table.setCurrentCell(0, 1)
    qtbot.keyClicks(table, "4")
    cell = open_cell(table)
    assert cell is not None and cell.text() == "4"
    qtbot.keyClick(cell, Qt.Key.Key_Return)  # (Qt closes the cell a moment later)
    qtbot.waitUntil(lambda: (table.currentRow(), table.currentColumn()) == (1, 1))
    if open_cell(table) is not None:  # (Tab opened the next cell: leave it)
        qtbot.keyClick(open_cell(table), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: open_cell(table) is None)
    table.setCurrentCell(0, table.columnCount() - 1)
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert (table.currentRow(), table.currentColumn()) == (1, 1), "Tab skips the next row's label"
    window.save_now()
    saved = {row["row"]: row for row in stored_values(db_path, reply_id)[key]}
    assert saved["c01"]["score"] == 4


@pytest.mark.parametrize("size", [(1024, 700), (1920, 1080)])
def test_the_docks_tab_titles_read_whole_on_a_small_laptop_and_a_big_screen(size, open_window, db_path, qtbot):
    from PySide6.QtWidgets import QTabBar

    window = open_window(new_reply(db_path, answers=denmark.answers()))
    window.resize(*size)
    window.reset_layout()
    qtbot.waitUntil(lambda: window.width() == size[0])
    QApplication.processEvents()
    bars = [bar for bar in window.findChildren(QTabBar) if bar.parent() is window and bar.isVisible()]
    assert len(bars) == 1, "the three docks start tabbed together"
    bar = bars[0]
    titles = [bar.tabText(i) for i in range(bar.count())]
    assert titles == ["Notes", "Validation", "Changes"]
    for i in range(bar.count()):
        assert bar.tabRect(i).width() >= bar.tabSizeHint(i).width(), f"{titles[i]!r} is cut"
        assert bar.tabRect(i).right() <= bar.width(), f"{titles[i]!r} runs off the tab row"
    assert window.pane.width() > window.answer_dock.width(), "writing still comes first"


def test_at_1024x700_the_navigator_shows_each_recommendations_number_and_level_whole(open_window, db_path, qtbot):
    from PySide6.QtCore import QModelIndex

    window = open_window(new_reply(db_path, "lanzarote-2-csgsiv-follow-up", "DENMARK", 2023))
    at_small_laptop_size(window, qtbot)
    model, tree = window.model, window.navigator
    metrics = tree.fontMetrics()
    shown = []
    for chapter_row in range(model.rowCount(QModelIndex())):
        chapter = model.index(chapter_row, 0, QModelIndex())
        for row in range(model.rowCount(chapter)):
            index = model.index(row, 0, chapter)
            group = model.node(index).group
            if group is None or not group.urgency:
                continue
            text = model.data(index, Qt.ItemDataRole.DisplayRole)
            shown.append(text.split(maxsplit=1)[1])
            tree.scrollTo(index)
            if "," not in group.number:  # one recommendation ("III-16, III-18 · request" shows in its tooltip)
                assert metrics.horizontalAdvance(text) + 8 <= tree.visualRect(index).width(), f"{text!r} is cut"
    assert shown[:3] == ["II-3 · invite", "II-5 · require", "II-6 · request"] and len(shown) == 64
    # the full title stays in the tooltip
    first = model.index(0, 0, model.index(0, 0, QModelIndex()))
    assert model.data(first, Qt.ItemDataRole.ToolTipRole).startswith("Recommendation II-3 · invite\n")


@pytest.mark.parametrize("size", [(1024, 700), (921, 630)])  # 921×630: the first window on a 1024×700 screen
def test_the_find_bar_fits_the_pane_without_pushing_the_navigator_or_docks_aside(size, open_window, db_path, qtbot):
    window = open_window(new_reply(db_path, answers=denmark.answers()))
    window.resize(*size)
    window.reset_layout()
    qtbot.waitUntil(lambda: window.width() == size[0])
    QApplication.processEvents()
    before = (window.navigator.width(), window.answer_dock.width())
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.find_bar.edit.hasFocus)
    qtbot.keyClicks(window.find_bar.edit, "awareness")
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.find_bar.status.text().startswith("1 of "))
    QApplication.processEvents()
    assert (window.navigator.width(), window.answer_dock.width()) == before
    assert window.find_bar.edit.width() >= 160, "the query can be read"
    assert window.find_bar.width() <= window.pane.width() + 2
    assert not clipped_labels(window.find_bar)


def test_at_1024x700_the_navigator_tells_the_goals_apart(open_window, db_path, qtbot):
    from PySide6.QtCore import QModelIndex

    window = open_window(new_reply(db_path, answers=denmark.answers()))
    at_small_laptop_size(window, qtbot)
    model, tree = window.model, window.navigator
    target = model.index(1, 0, QModelIndex())  # Policy Target No. 2: two operational goals
    goals = [model.index(row, 0, target) for row in range(model.rowCount(target))]
    texts = [model.data(goal, Qt.ItemDataRole.DisplayRole).split(maxsplit=1)[1] for goal in goals]
    assert texts == ["Goal 1", "Goal 2"]
    for goal, text in zip(goals, texts, strict=True):
        assert tree.fontMetrics().horizontalAdvance(text) + 24 <= tree.visualRect(goal).width()
    assert model.data(goals[1], Qt.ItemDataRole.ToolTipRole).startswith("Operational Goal 2")
