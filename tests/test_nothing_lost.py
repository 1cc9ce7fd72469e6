"""Nothing typed is lost or changed behind the user's back: tried through the real window, as an official would.

Text that is not a valid answer stays in its editor with the reason beside the question, is kept in the
store (across leaving the question and closing the window), and never replaces the answer's last valid
value, which is what exports show, until it is corrected or discarded.
"""

from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from tests.ui_helpers import new_reply, stored_values

from replydesk.store import Store
from replydesk.ui.navigator_model import CompletionRole

BASELINE = {"form_id": "coe-ocsea-baseline", "country": "Denmark", "year": 2020}
LANZAROTE = {"form_id": "lanzarote-2-csgsiv-follow-up", "country": "DENMARK", "year": 2023}
SCORE = "area3.csam_score"  # an integer from 0 to 5


def kept(db_path, reply_id) -> dict[str, tuple[str, str]]:
    with Store.open(db_path, write=False) as store:
        return {key: (row.text, row.reason) for key, row in store.pending_texts(reply_id).items()}


def type_into(qtbot, window, key: str, text: str, *, replace: bool = True) -> QLineEdit:
    window.go_to_question(key)
    edit = window.pane.editor(key).edit
    if replace:
        edit.selectAll()
    qtbot.keyClicks(edit, text)
    return edit


def reason_shown(window, key: str) -> str:
    card = window.pane.cards[key]
    return card.kept_reason.text() if card.kept_bar.isVisibleTo(card) else ""


@pytest.fixture
def us_locale():
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(before)


def test_an_invalid_number_is_kept_with_its_reason_and_the_export_keeps_the_last_valid_value(
        open_window, db_path, qtbot, cli, tmp_path):
    reply_id = new_reply(db_path, **BASELINE, answers={SCORE: 4})
    window = open_window(reply_id)
    edit = type_into(qtbot, window, SCORE, "7")
    assert edit.text() == "7"
    assert "above the maximum 5" in reason_shown(window, SCORE)
    window.activateWindow()  # the shortcut is the window's: on a loaded machine activation can lag the typing
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)  # leave the question
    assert stored_values(db_path, reply_id)[SCORE] == 4  # the answer is still the last valid value
    assert kept(db_path, reply_id)[SCORE][0] == "7"
    status = window.save_label.text()
    assert status.startswith("Kept, not yet valid:") and "above the maximum 5" in status and "Saved" not in status
    assert window.model.index_of(SCORE, 1).data() == "not yet valid"

    window.go_to_question(SCORE)  # coming back: still there, with its reason
    assert window.pane.editor(SCORE).edit.text() == "7"
    assert "above the maximum 5" in reason_shown(window, SCORE)
    window.save_now()
    assert window.save_label.text().startswith("Kept, not yet valid:")

    window.close()
    window.store.close()
    window = open_window(reply_id)  # closing and opening again: still there, with its reason
    window.go_to_question(SCORE)
    assert window.pane.editor(SCORE).edit.text() == "7"
    assert "above the maximum 5" in reason_shown(window, SCORE)

    workbook = tmp_path / "return.xlsx"
    assert cli("export", str(reply_id), "--xlsx", str(workbook)).code == 0
    rows = list(openpyxl.load_workbook(workbook)["Reply"].iter_rows(values_only=True))
    header = next(r for r in rows if "Key" in r and "Answer" in r)
    row = next(r for r in rows if r[header.index("Key")] == SCORE)
    assert row[header.index("Answer")] == 4

    qtbot.mouseClick(_discard_button(window, SCORE), Qt.MouseButton.LeftButton)
    assert window.pane.editor(SCORE).edit.text() == "4" and reason_shown(window, SCORE) == ""
    assert kept(db_path, reply_id) == {} and stored_values(db_path, reply_id)[SCORE] == 4


def _discard_button(window, key):
    from PySide6.QtWidgets import QPushButton

    return window.pane.cards[key].findChild(QPushButton, "discardKept")


def test_letters_in_a_number_field_are_kept_and_flagged_then_a_correction_saves(open_window, db_path, qtbot):
    reply_id = new_reply(db_path, **BASELINE)
    window = open_window(reply_id)
    edit = type_into(qtbot, window, SCORE, "3 points")
    assert edit.text() == "3 points"  # no keystroke swallowed
    assert "not a whole number" in reason_shown(window, SCORE)
    window.save_now()
    assert kept(db_path, reply_id) == {SCORE: ("3 points", "'3 points' is not a whole number")}
    assert SCORE not in stored_values(db_path, reply_id)
    type_into(qtbot, window, SCORE, "3")
    window.save_now()
    assert stored_values(db_path, reply_id)[SCORE] == 3 and kept(db_path, reply_id) == {}
    assert reason_shown(window, SCORE) == "" and window.save_label.text().startswith("Saved ")


def test_a_date_typed_day_first_is_stored_as_iso_and_shown_unmistakably(open_window, db_path, qtbot):
    reply_id = new_reply(db_path, **LANZAROTE)
    window = open_window(reply_id)
    key = "ch2.r3.date_in_force"
    edit = type_into(qtbot, window, key, "31/12/2023")
    assert edit.text() == "31/12/2023"  # the slashes are not eaten as typed
    qtbot.keyClick(edit, Qt.Key.Key_Tab)  # leaving the field
    assert stored_values(db_path, reply_id)[key] == "2023-12-31"
    assert edit.text() == "31 December 2023"
    window.close()
    window.store.close()
    window = open_window(reply_id)
    window.go_to_question(key)
    assert window.pane.editor(key).edit.text() == "31 December 2023"


def test_an_ambiguous_date_follows_the_locale(open_window, db_path, qtbot, us_locale):
    reply_id = new_reply(db_path, **LANZAROTE)
    window = open_window(reply_id)
    key = "ch2.r3.date_in_force"
    edit = type_into(qtbot, window, key, "03/04/2023")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert stored_values(db_path, reply_id)[key] == "2023-03-04"  # month first in the United States
    assert edit.text() == "4 March 2023"
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    edit = type_into(qtbot, window, key, "03/04/2023")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert stored_values(db_path, reply_id)[key] == "2023-04-03"  # day first in the United Kingdom
    edit = type_into(qtbot, window, key, "13/04/2023")  # a day above 12 settles it anywhere
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert stored_values(db_path, reply_id)[key] == "2023-04-13"


def test_a_date_can_be_picked_on_a_calendar(open_window, db_path, qtbot):
    reply_id = new_reply(db_path, **LANZAROTE)
    window = open_window(reply_id)
    key = "ch2.r3.date_in_force"
    window.go_to_question(key)
    editor = window.pane.editor(key)
    assert editor.calendar_button is not None and editor.calendar_button.isEnabled()
    editor.calendar.clicked.emit(QDate(2023, 2, 1))
    assert editor.edit.text() == "1 February 2023"
    window.save_now()
    assert stored_values(db_path, reply_id)[key] == "2023-02-01"


def _type_cell(qtbot, editor, row: int, column: int, text: str) -> None:
    """Type into a cell as a user does: select it, start editing, type, move on (which commits it)."""
    from PySide6.QtWidgets import QTableWidgetItem

    table = editor.table
    table.setFocus()
    table.setCurrentCell(row, column)
    if table.item(row, column) is None:
        table.setItem(row, column, QTableWidgetItem(""))
    table.editItem(table.item(row, column))
    cell_editor = next(e for e in table.findChildren(QLineEdit) if e.isVisible())
    qtbot.keyClicks(cell_editor, text)
    qtbot.keyClick(cell_editor, Qt.Key.Key_Tab)  # moving on commits the cell
    qtbot.waitUntil(lambda: table.item(row, column).text() == text)


def test_a_table_row_with_a_bad_cell_is_not_half_saved_and_the_reason_names_the_header(open_window, db_path, qtbot):
    reply_id = new_reply(db_path, **LANZAROTE)
    window = open_window(reply_id)
    key = "ch2.r3.links"
    window.go_to_question(key)
    editor = window.pane.editor(key)
    editor.add_row()
    _type_cell(qtbot, editor, 0, 0, "The Act")
    _type_cell(qtbot, editor, 0, 1, "not a link")
    window.save_now()
    assert key not in stored_values(db_path, reply_id)  # neither the title nor the link: the row whole or not at all
    reason = reason_shown(window, key)
    assert "row 1, column “Link”" in reason and "'url'" not in reason
    assert window.save_label.text().startswith("Kept, not yet valid:")
    assert window.model.index_of(key).data(CompletionRole) == "empty"
    assert window.model.index_of(key, 1).data() == "not yet valid"
    window.close()
    window.store.close()
    window = open_window(reply_id)
    window.go_to_question(key)
    editor = window.pane.editor(key)
    assert [editor.table.item(0, c).text() for c in (0, 1)] == ["The Act", "not a link"]
    assert "column “Link”" in reason_shown(window, key)
    _type_cell(qtbot, editor, 0, 1, "https://www.coe.int")
    window.save_now()
    assert stored_values(db_path, reply_id)[key] == [{"title": "The Act", "url": "https://www.coe.int"}]
    assert kept(db_path, reply_id) == {} and reason_shown(window, key) == ""


def test_the_mnr_table_is_not_complete_after_one_cell(open_window, db_path, qtbot):
    reply_id = new_reply(db_path, **BASELINE)
    window = open_window(reply_id)
    key = "mnr.capabilities"
    before = window.completion_label.text()
    window.go_to_question(key)
    editor = window.pane.editor(key)
    _type_cell(qtbot, editor, 0, 1, "3")
    window.save_now()
    assert stored_values(db_path, reply_id)[key] == [{"row": "c01", "score": 3}]
    assert window.model.index_of(key).data(CompletionRole) == "empty"
    assert window.completion_label.text() == before
    window.show_validation()
    problems = [window.validation.list.item(i).text() for i in range(window.validation.list.count())]
    assert any("20 of 21 rows still need “Score (0–5)”" in text for text in problems)


def _dated_table():
    from replydesk.definitions.model import Question

    return Question.model_validate({"key": "laws", "prompt": "Laws adopted", "type": "table", "columns": [
        {"key": "title", "label": "Title", "type": "short_text"},
        {"key": "adopted", "label": "Adopted on", "type": "date"}]})


def _typed_in_table(qtbot, editor, text: str) -> list:
    """Type a date into the first row's date cell as a user does; the table's value once the cell is left."""
    from PySide6.QtWidgets import QTableWidgetItem

    editor.show()
    qtbot.waitExposed(editor)
    editor.table.setItem(0, 0, QTableWidgetItem("Act no. 1360"))
    editor.table.setItem(0, 1, QTableWidgetItem(""))
    edited: list = []
    editor.sig_value_edited.connect(edited.append)
    table = editor.table
    table.setFocus()
    table.setCurrentCell(0, 1)
    table.editItem(table.item(0, 1))
    cell_editor = next(e for e in table.findChildren(QLineEdit) if e.isVisible())
    cell_editor.clear()
    qtbot.keyClicks(cell_editor, text)
    qtbot.keyClick(cell_editor, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: bool(edited))
    return edited[-1]


@pytest.mark.parametrize(("locale", "typed", "stored", "shown"), [
    (QLocale.Country.UnitedStates, "03/04/2023", "2023-03-04", "4 March 2023"),
    (QLocale.Country.UnitedKingdom, "03/04/2023", "2023-04-03", "3 April 2023"),
    (QLocale.Country.UnitedStates, "31/12/2023", "2023-12-31", "31 December 2023"),  # a day above 12 settles it
    (QLocale.Country.UnitedStates, "1.2.2023", "2023-01-02", "2 January 2023"),
    (QLocale.Country.Germany, "01-02-2023", "2023-02-01", "1 February 2023"),
    (QLocale.Country.UnitedStates, "2023-02-01", "2023-02-01", "1 February 2023"),
])
def test_a_date_typed_in_a_table_cell_follows_the_date_editors_rules(qtbot, locale, typed, stored, shown):
    from replydesk.ui.editors import make_editor

    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English if locale != QLocale.Country.Germany
                               else QLocale.Language.German, locale))
    try:
        editor = make_editor(_dated_table())
        qtbot.addWidget(editor)
        editor.set_value([])
        editor.add_row()
        value = _typed_in_table(qtbot, editor, typed)
        assert value == [{"title": "Act no. 1360", "adopted": stored}]
        assert editor.table.item(0, 1).text() == shown  # shown back so that nobody can misread it
        editor.set_value(value)  # and so when the reply is opened again
        assert editor.table.item(0, 1).text() == shown
    finally:
        QLocale.setDefault(before)


def test_a_table_cell_that_is_not_a_date_stays_as_typed_with_the_date_editors_reason(qtbot):
    from PySide6.QtWidgets import QTableWidgetItem

    from replydesk.ui.editors import make_editor

    editor = make_editor(_dated_table())
    qtbot.addWidget(editor)
    editor.set_value([])
    editor.add_row()
    invalid: list = []
    editor.sig_invalid_edited.connect(lambda text, reason: invalid.append(reason))
    editor.table.setItem(0, 0, QTableWidgetItem("x"))
    editor.table.setItem(0, 1, QTableWidgetItem("3112"))
    qtbot.waitUntil(lambda: bool(invalid))
    assert editor.table.item(0, 1).text() == "3112"
    assert "Adopted on" in invalid[-1] and "31/12/2023" in invalid[-1]
