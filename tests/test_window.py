"""The main window, driven with real key presses through pytest-qt."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit
from tests.ui_helpers import new_reply, stored_values

from replydesk.ui.editors import ChoiceEditor, LineEditor, LongTextEditor, MultiChoiceEditor, TableEditor
from replydesk.ui.session import AUTOSAVE_DELAY_MS


def _new_item(table, row: int, column: int):
    from PySide6.QtWidgets import QTableWidgetItem

    table.setItem(row, column, QTableWidgetItem(""))
    return table.item(row, column)


def focused_editor_key(window) -> str | None:
    focus = QApplication.focusWidget()
    for key, card in window.pane.cards.items():
        if card.editor.focusWidget_() is focus:
            return key
    return None


def test_opens_at_the_first_unanswered_question_with_the_focus_in_its_editor(open_window, db_path, qtbot):
    reply_id = new_reply(db_path, answers={"pt1.og1.a": "Done.", "pt1.og1.b": "Please see above."})
    window = open_window(reply_id)
    qtbot.waitUntil(lambda: focused_editor_key(window) == "pt1.og1.c")
    title = window.windowTitle()
    assert "Reply Desk" in title and "DENMARK" in title and "2014" in title
    assert "Global Alliance Against Child Sexual Abuse Online – 2014 Reporting Form" in title


def test_typing_is_saved_within_a_second_of_the_last_keystroke(open_window, db_path, qtbot):
    reply_id = new_reply(db_path)
    window = open_window(reply_id)
    qtbot.waitUntil(lambda: focused_editor_key(window) == "pt1.og1.a")
    edit = window.pane.editor("pt1.og1.a").edit
    qtbot.keyClicks(edit, "Children's Houses")
    assert stored_values(db_path, reply_id) == {}  # debounced: not a write per keystroke
    last_keystroke = time.monotonic()
    qtbot.keyClicks(edit, " opened")
    qtbot.waitUntil(lambda: stored_values(db_path, reply_id).get("pt1.og1.a") == "Children's Houses opened",
                    timeout=3000)
    elapsed = time.monotonic() - last_keystroke
    assert elapsed < 1.0 + 0.25, f"saved {elapsed:.2f} s after the last keystroke"
    assert elapsed >= AUTOSAVE_DELAY_MS / 1000 * 0.9
    assert window.save_label.text().startswith("Saved ")


def test_navigating_saves_at_once(open_window, db_path, qtbot):
    reply_id = new_reply(db_path)
    window = open_window(reply_id)
    qtbot.waitUntil(lambda: focused_editor_key(window) == "pt1.og1.a")
    qtbot.keyClicks(window.pane.editor("pt1.og1.a").edit, "Saved when I move on")
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert stored_values(db_path, reply_id)["pt1.og1.a"] == "Saved when I move on"
    assert focused_editor_key(window) == "pt1.og1.b"
    for _ in range(3):
        qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert focused_editor_key(window) == "pt2.og1.b"  # across goals and targets
    qtbot.keyClick(window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert focused_editor_key(window) == "pt2.og1.a"


def test_ctrl_s_and_closing_save_at_once(open_window, db_path, qtbot):
    reply_id = new_reply(db_path)
    window = open_window(reply_id)
    qtbot.waitUntil(lambda: focused_editor_key(window) == "pt1.og1.a")
    edit = window.pane.editor("pt1.og1.a").edit
    qtbot.keyClicks(edit, "First")
    qtbot.keyClick(edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert stored_values(db_path, reply_id)["pt1.og1.a"] == "First"
    qtbot.keyClicks(edit, " and last")
    window.close()
    assert stored_values(db_path, reply_id)["pt1.og1.a"] == "First and last"


def test_undo_and_redo_in_the_editor(open_window, db_path, qtbot):
    reply_id = new_reply(db_path, answers={"pt1.og1.a": "Original text"})
    window = open_window(reply_id)
    window.go_to_question("pt1.og1.a")
    edit = window.pane.editor("pt1.og1.a").edit
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(edit, " plus")
    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    window.save_now()
    assert stored_values(db_path, reply_id)["pt1.og1.a"] == "Original text"
    qtbot.keyClick(edit, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    window.save_now()
    assert stored_values(db_path, reply_id)["pt1.og1.a"] == "Original text plus"


def test_formatting_is_kept_as_markdown(open_window, db_path, qtbot):
    reply_id = new_reply(db_path)
    window = open_window(reply_id)
    qtbot.waitUntil(lambda: focused_editor_key(window) == "pt1.og1.a")
    editor = window.pane.editor("pt1.og1.a")
    edit = editor.edit
    qtbot.keyClicks(edit, "Plain ")
    qtbot.keyClick(edit, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, "bold")
    qtbot.keyClick(edit, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    editor.bullet_list()
    qtbot.keyClicks(edit, "first")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.keyClicks(edit, "second")
    window.save_now()
    assert stored_values(db_path, reply_id)["pt1.og1.a"] == "Plain **bold**\n\n- first\n- second"


def test_paste_from_word_keeps_lists_and_drops_fonts_and_colours(open_window, db_path, qtbot):
    from PySide6.QtCore import QMimeData

    reply_id = new_reply(db_path)
    window = open_window(reply_id)
    qtbot.waitUntil(lambda: focused_editor_key(window) == "pt1.og1.a")
    word_html = (
        "<html><body>"
        "<p class=MsoNormal><span style='font-family:\"Comic Sans MS\";color:red;font-size:20pt'>"
        "Save the Children Denmark will <b>strengthen</b> efforts:</span></p>"
        "<p class=MsoListParagraph><span style='font-family:Symbol'>·<span>&nbsp;&nbsp;</span></span>"
        "Educational days</p>"
        "<ul><li><i>Three seminars</i></li></ul>"
        "<p>See <a href='http://www.sikkerchat.dk'>sikkerchat</a></p>"
        "</body></html>"
    )
    mime = QMimeData()
    mime.setHtml(word_html)
    mime.setText("fallback")
    window.pane.editor("pt1.og1.a").edit.insertFromMimeData(mime)
    window.save_now()
    assert stored_values(db_path, reply_id)["pt1.og1.a"] == (
        "Save the Children Denmark will **strengthen** efforts:\n\n"
        "- Educational days\n- *Three seminars*\n\n"
        "See [sikkerchat](http://www.sikkerchat.dk)"
    )


def test_word_count_warns_past_the_limit(qtbot):
    from replydesk.definitions.model import Question

    editor = LongTextEditor(Question(key="q", prompt="?", type="long_text", word_limit=3))
    qtbot.addWidget(editor)
    qtbot.keyClicks(editor.edit, "one two three")
    assert editor.count.text().startswith("3 / 3 words") and not editor.over_limit
    qtbot.keyClicks(editor.edit, " four")
    assert "1 over the limit" in editor.count.text() and editor.over_limit


def test_every_editor_type_saves_what_is_typed(open_window, db_path, qtbot):
    reply_id = new_reply(db_path, form_id="coe-ocsea-baseline", country="Denmark", year=2020)
    window = open_window(reply_id)
    form = window.session.form
    by_type: dict[str, str] = {}
    for slot in form.slots:
        if slot.question.relevant is None:
            by_type.setdefault(slot.question.type.value, slot.key)
    expected = {}
    for qtype, key in by_type.items():
        window.go_to_question(key)
        editor = window.pane.editor(key)
        question = form.slot(key).question
        if isinstance(editor, LongTextEditor):
            qtbot.keyClicks(editor.edit, "A long answer")
            expected[key] = "A long answer"
        elif isinstance(editor, LineEditor):
            text = {"integer": str(int(question.min or 0) + 1), "decimal": "2.5", "date": "2023-03-01",
                    "url": "https://www.coe.int", "short_text": "Short", "percentage": "12.5 %"}[qtype]
            qtbot.keyClicks(editor.edit, text)
            expected[key] = (int(text) if qtype == "integer" else 2.5 if qtype == "decimal"
                             else 12.5 if qtype == "percentage" else text)
        elif isinstance(editor, ChoiceEditor):
            if editor.combo is not None:
                editor.combo.setFocus()
                qtbot.keyClick(editor.combo, Qt.Key.Key_Down)
                expected[key] = editor.options[0][0]
            else:
                button = editor.group.buttons()[-1]
                qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
                expected[key] = editor.options[-1][0]
        elif isinstance(editor, MultiChoiceEditor):
            qtbot.mouseClick(editor.boxes[0], Qt.MouseButton.LeftButton, pos=editor.boxes[0].rect().center())
            expected[key] = [question.choices[0].value]
        elif isinstance(editor, TableEditor):
            column = question.columns[0]
            row = 0
            if not editor.fixed_rows:
                editor.add_row()
                row = editor.table.rowCount() - 1
            cell = "3" if column.type.value == "integer" else "Hotline"
            editor.table.setCurrentCell(row, editor._offset)
            editor.table.editItem(editor.table.currentItem() or _new_item(editor.table, row, editor._offset))
            cell_editor = editor.table.findChild(QLineEdit)
            assert cell_editor is not None
            qtbot.keyClicks(cell_editor, cell)
            qtbot.keyClick(editor.table, Qt.Key.Key_Down)  # moving on commits the cell
            first = {"row": editor.fixed_rows[0].value} if editor.fixed_rows else {}
            expected[key] = [{**first, column.key: int(cell) if cell == "3" else cell}]
    window.save_now()
    stored = stored_values(db_path, reply_id)
    assert set(by_type) >= {"long_text", "integer", "yes_no", "single_choice", "table"}
    for key, value in expected.items():
        assert stored.get(key) == value, (key, form.slot(key).question.type)


def test_final_reply_is_refused_while_errors_remain_then_read_only_until_reopened(open_window, db_path, qtbot,
                                                                                 dialogs):
    reply_id = new_reply(db_path, form_id="coe-ocsea-baseline", country="Denmark", year=2020)
    window = open_window(reply_id)
    window.mark_final()
    assert window.session.reply.status == "drafting"
    kind, title, text = dialogs[-1]
    assert title == "Reply not marked final" and "required, still empty" in text
    assert window.validation.list.count() > 0
    first_problem = window.validation.list.item(0)
    window.validation.list.itemClicked.emit(first_problem)
    qtbot.waitUntil(lambda: focused_editor_key(window) == first_problem.data(Qt.ItemDataRole.UserRole))

    ga_form = window.registry.get("global-alliance-2014")
    ga_reply = window.store.create_reply(ga_form, "NORWAY", 2014).id
    window.open_reply(ga_reply)
    window.mark_final()
    assert window.session.reply.status == "final"
    assert "[final]" in window.windowTitle()
    window.go_to_question("pt1.og1.b")
    assert window.pane.editor("pt1.og1.b").edit.isReadOnly()
    window.reopen()
    assert window.session.reply.status == "drafting"
    events = [(e.action, e.detail) for e in window.store.events(ga_reply)]
    assert ("status:final", "marked final") in events and ("status:drafting", "reopened") in events


def test_review_status_per_answer(open_window, db_path, qtbot):
    reply_id = new_reply(db_path, answers={"pt1.og1.a": "x"})
    window = open_window(reply_id)
    window.go_to_question("pt1.og1.a")
    card = window.pane.cards["pt1.og1.a"]
    card.review.setCurrentIndex(card.review.findData("for_review"))
    card.review.activated.emit(card.review.currentIndex())
    assert window.store.answers(reply_id)["pt1.og1.a"].review_status == "for_review"
    index = window.model.index_of("pt1.og1.a", 1)
    assert index.data() == "for review"


def test_history_lists_every_revision_and_restores_one(open_window, db_path, qtbot):
    reply_id = new_reply(db_path, answers={"pt1.og1.a": "first version"})
    window = open_window(reply_id)
    window.go_to_question("pt1.og1.a")
    edit = window.pane.editor("pt1.og1.a").edit
    edit.selectAll()
    qtbot.keyClicks(edit, "second version")
    window.save_now()
    panel = window.answer_panel
    assert panel.history.count() == 2
    assert panel.history.item(1).text().startswith("Revision 1")
    panel.history.setCurrentRow(1)
    assert panel.preview.toPlainText() == "first version"
    panel.restore()
    assert stored_values(db_path, reply_id)["pt1.og1.a"] == "first version"
    assert panel.history.count() == 3
    window.go_to_question("pt1.og1.b")
    window.go_to_question("pt1.og1.a")
    assert window.pane.editor("pt1.og1.a").edit.toPlainText() == "first version"


def test_notes_are_added_in_the_dock(open_window, db_path, qtbot):
    reply_id = new_reply(db_path)
    window = open_window(reply_id)
    window.go_to_question("pt2.og1.a")
    window.answer_panel.note_text.setPlainText("Cite the 2013 Act")
    window.answer_panel.add_note()
    (note,) = window.store.notes(reply_id)
    assert (note.key, note.text) == ("pt2.og1.a", "Cite the 2013 Act")
    assert "Cite the 2013 Act" in window.answer_panel.notes.item(0).text()


def test_find_jumps_to_each_hit(open_window, db_path, qtbot):
    reply_id = new_reply(db_path, answers={"pt1.og1.b": "The hotline exists since 2001.",
                                           "pt4.og1.b": "The hotline receives 300 reports."})
    window = open_window(reply_id)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.isVisible() and window.find_bar.edit.hasFocus()
    qtbot.keyClicks(window.find_bar.edit, "hotline")
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Return)
    assert window.navigation.current_key == "pt1.og1.b"
    assert window.find_bar.status.text() == "1 of 2"
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Return)
    assert window.navigation.current_key == "pt4.og1.b"
    assert window.pane.editor("pt4.og1.b").edit.textCursor().selectedText() == "hotline"


def test_window_geometry_and_splitter_are_remembered(open_window, db_path, qtbot):
    reply_id = new_reply(db_path)
    window = open_window(reply_id)
    window.resize(700, 500)
    window.splitter.setSizes([250, 450])
    sizes = window.splitter.sizes()
    window.close()
    window.store.close()
    again = open_window()
    assert again.session is not None and again.session.reply.id == reply_id  # the last reply reopens
    assert (again.size().width(), again.size().height()) == (700, 500)
    assert again.splitter.sizes() == sizes


def test_a_broken_form_file_is_reported_and_the_rest_works(open_window, db_path, qtbot, tmp_path, monkeypatch):
    import shutil

    from PySide6.QtWidgets import QMessageBox
    from tests.ui_helpers import FORMS

    forms = tmp_path / "forms"
    forms.mkdir()
    shutil.copy(FORMS / "global-alliance-2014.yaml", forms)
    (forms / "broken.yaml").write_text("id: broken\nversion: [1\n", encoding="utf-8")
    monkeypatch.setenv("REPLYDESK_FORMS", str(forms))
    reply_id = new_reply(db_path)
    window = open_window(reply_id)
    qtbot.waitUntil(lambda: any(isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets()))
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
    assert "broken.yaml:" in box.text() and "YAML syntax error" in box.text()
    box.close()
    assert window.session is not None and len(window.session.form.slots) == 21


def test_an_unreadable_database_is_reported(qtbot, tmp_path, dialogs):
    from replydesk.ui.app import create_main_window, make_application

    make_application([])
    bogus = tmp_path / "not-a-db.sqlite3"
    bogus.write_bytes(b"this is not a database" * 200)
    assert create_main_window(bogus) is None
    kind, title, text = dialogs[-1]
    assert kind == "critical" and "is not a Reply Desk database" in text and str(bogus) in text


def test_find_reaches_the_texts_of_targets_and_goals_and_highlights_the_hit(open_window, db_path, qtbot):
    window = open_window(new_reply(db_path))
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.find_bar.edit, "awareness")
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Return)
    assert window.find_bar.status.text() != "No matches"
    assert window.find_bar.status.text().startswith("1 of ")
    assert window.navigation.current_key.startswith("pt3.")
    selected = [label.selectedText() for label in window.pane.widget().findChildren(QLabel) if label.hasSelectedText()]
    assert [s.casefold() for s in selected] == ["awareness"]


def test_the_navigator_reads_as_text_and_never_shows_internal_keys(open_window, db_path):
    window = open_window(new_reply(db_path))
    model = window.model
    first_goal = model.index(0, 0, model.index(0, 0))
    question = model.index(0, 0, first_goal)
    assert model.data(question, Qt.ItemDataRole.ForegroundRole) is None, "unanswered rows are not greyed out"
    assert model.data(question, Qt.ItemDataRole.DisplayRole).startswith("○")
    tooltip = model.data(question, Qt.ItemDataRole.ToolTipRole)
    assert "pt1.og1.a" not in tooltip and "Please report on implementation" in tooltip
    assert "pt1." not in window.answer_dock.windowTitle()


def test_lanzarote_recommendations_show_their_urgency_and_can_be_filtered(open_window, db_path):
    reply_id = new_reply(db_path, form_id="lanzarote-2-csgsiv-follow-up", country="DENMARK", year=2023)
    window = open_window(reply_id)
    assert window.urgency_filter.isVisible()
    model = window.model

    def visible_recommendations() -> list[str]:
        found = []

        def walk(parent):
            for row in range(model.rowCount(parent)):
                index = model.index(row, 0, parent)
                node = model.node(index)
                if node.group is not None and node.group.urgency and not window.navigator.isRowHidden(row, parent):
                    found.append(model.data(index, Qt.ItemDataRole.DisplayRole))
                walk(index)
        walk(QModelIndex())
        return found

    everything = visible_recommendations()
    assert {title.rsplit(" · ", 1)[1] for title in everything} == {"require", "request", "invite"}
    window.urgency_filter.setCurrentIndex(window.urgency_filter.findData("require"))
    required = visible_recommendations()
    assert required and all(title.endswith(" · require") for title in required)
    assert len(required) < len(everything)


def _everything_shown(window) -> list[str]:
    """Every text the window shows or speaks now: titles, labels, buttons, lists, drop-downs, headers, tabs,
    tooltips, accessible names and descriptions, menu commands."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QDockWidget, QListWidget, QTabBar, QTableWidget, QWidget

    shown = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        shown += [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()]
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            shown.append(widget.text())
        elif isinstance(widget, QDockWidget):
            shown.append(widget.windowTitle())
        elif isinstance(widget, QListWidget):
            shown += [widget.item(i).text() + widget.item(i).toolTip() for i in range(widget.count())]
        elif isinstance(widget, QComboBox):
            shown += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QTabBar):
            shown += [widget.tabText(i) + widget.tabToolTip(i) for i in range(widget.count())]
        elif isinstance(widget, QTableWidget):
            for column in range(widget.columnCount()):
                header = widget.horizontalHeaderItem(column)
                shown.append(header.text() + header.toolTip() if header is not None else "")
    shown += [action.text() + action.toolTip() for action in window.findChildren(QAction)]
    return shown


@pytest.mark.parametrize(("form_id", "country", "year"), [
    ("global-alliance-2014", "DENMARK", 2014), ("lanzarote-2-csgsiv-follow-up", "DENMARK", 2023),
    ("coe-ocsea-baseline", "DENMARK", 2020)])
def test_no_internal_key_shows_anywhere_in_the_window(open_window, db_path, form_id, country, year):
    import re

    norway, reply_id = new_reply(db_path, country="NORWAY"), new_reply(db_path, form_id, country, year)
    window = open_window(norway)  # a recent reply, for File ▸ Open recent
    assert window.open_reply(reply_id)
    form = window.session.form
    keys = {slot.key for slot in form.slots} | {".".join(slot.key.split(".")[:n]) for slot in form.slots
                                                for n in range(1, slot.key.count(".") + 1) if n > 1}
    window.show_validation()
    shown = []
    for group in dict.fromkeys(slot.key.rsplit(".", 1)[0] for slot in form.slots):
        window.go_to_question(next(s.key for s in form.slots if s.key.rsplit(".", 1)[0] == group))
        shown += _everything_shown(window)
    model = window.model

    def walk(parent: QModelIndex) -> None:
        for row in range(model.rowCount(parent)):
            for column in (0, 1):
                index = model.index(row, column, parent)
                shown.extend(str(model.data(index, role)) for role in (Qt.ItemDataRole.DisplayRole,
                                                                      Qt.ItemDataRole.ToolTipRole))
            walk(model.index(row, 0, parent))
    walk(QModelIndex())
    leaks = {(found, text[:100]) for text in shown if text
             for found in re.findall(r"[a-z0-9_]+(?:[.-][a-z0-9_]+)+", text)
             if found in keys or found in ("global-alliance-2014", form_id)}
    assert not leaks
