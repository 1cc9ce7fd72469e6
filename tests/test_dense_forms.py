"""The baseline mapping and the Lanzarote follow-up as usable as the Global Alliance form at 1024×700 (issue 23).

The navigator's labels read whole (short labels from the definition, wrapped rows), a click brings a question
to the top of the pane with its editor focused, a table too wide for the pane scrolls sideways under its own
scroll bar with its headers broken only between words, choice cells are drop-downs of the labels, New reply
fits the screen, the window comes back on the screen it is on, and mark final names the unanswered questions.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, QRect, QSettings, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QPushButton
from tests.test_page_layout import FORMS, at_small_laptop_size
from tests.ui_helpers import answer_modal, new_reply, stored_values

from replydesk import paths
from replydesk.definitions.registry import Registry
from replydesk.ui.layout_check import cut_headers, cut_tree_rows, unreachable_columns
from replydesk.ui.reply_dialogs import NewReplyDialog
from replydesk.ui.window_layout import fitted

BASELINE = "coe-ocsea-baseline"
FORMS_DIR = paths.forms_dir()
SERVICES = "area6.services"
HOTLINE_ROWS = [{"service": "hotline", "name": "Red Barnet", "operator": "Save the Children Denmark",
                 "operator_type": "ngo", "inhope": "yes", "number": "+45 35 36 55 55", "url": "https://redbarnet.dk"}]


def rows_of(model, parent=QModelIndex()) -> int:
    return sum(1 + rows_of(model, model.index(row, 0, parent)) for row in range(model.rowCount(parent)))


@pytest.mark.parametrize("form_id", list(FORMS))
def test_at_most_one_navigator_label_in_twenty_is_cut_at_1024x700(form_id, open_window, db_path, qtbot):
    country, year = FORMS[form_id]
    window = open_window(new_reply(db_path, form_id, country, year))
    at_small_laptop_size(window, qtbot)
    qtbot.waitUntil(lambda: window.navigator.header().sectionSize(0) > 100)
    QApplication.processEvents()
    cut = cut_tree_rows(window.navigator)
    assert len(cut) * 20 <= rows_of(window.model), cut[:5]
    # the Done column keeps one width: a ⚠ mark or a status never squeezes the labels
    assert window.navigator.header().sectionSize(1) == window.navigator.done_width()
    assert window.navigator.width() >= 0.2 * window.width(), "the navigator has a fair share of the width"


def test_a_cut_navigator_row_is_caught(open_window, db_path, qtbot):
    """The check itself: the navigator as it was (one line a row, elided) fails it."""
    window = open_window(new_reply(db_path, BASELINE, "DENMARK", 2020))
    at_small_laptop_size(window, qtbot)
    window.navigator.setWordWrap(False)
    window.navigator.setTextElideMode(Qt.TextElideMode.ElideRight)
    window.navigator.setUniformRowHeights(True)
    window.navigator.doItemsLayout()
    QApplication.processEvents()
    assert cut_tree_rows(window.navigator)


def test_short_labels_name_questions_and_stay_out_of_the_definition_hash(registry, tmp_path):
    form = registry.get(BASELINE)
    slot = form.resolved(2020).slot(SERVICES)
    assert slot.question.short == "Hotlines and helplines"
    without = (tmp_path / "forms")
    without.mkdir()
    from replydesk import paths

    text = (paths.forms_dir() / f"{BASELINE}.yaml").read_text(encoding="utf-8")
    stripped = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("short:"))
    (without / f"{BASELINE}.yaml").write_text(stripped, encoding="utf-8")
    bare = Registry.load(without).get(BASELINE)
    assert not bare.resolved(2020).slot(SERVICES).question.short
    assert bare.definition_hash == form.definition_hash, "returns already sent still import"
    # every baseline question has its own short label, taken from its prompt's own words
    for each in form.resolved(2020).slots:
        assert each.question.short, each.key


def test_a_click_on_hotlines_and_helplines_shows_it_at_the_top_with_its_table_focused(open_window, db_path, qtbot):
    reply_id = new_reply(db_path, BASELINE, "DENMARK", 2020,
                         answers={"area6.inhope_hotline": "member", SERVICES: HOTLINE_ROWS})
    window = open_window(reply_id)
    at_small_laptop_size(window, qtbot)
    index = window.model.index_of(SERVICES)
    assert index.data().endswith("Hotlines and helplines")
    window.navigator.scrollTo(index)
    QApplication.processEvents()
    rect = window.navigator.visualRect(index)
    qtbot.mouseClick(window.navigator.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: SERVICES in window.pane.cards)
    card = window.pane.cards[SERVICES]
    table = window.pane.editor(SERVICES).table
    qtbot.waitUntil(lambda: abs(card.mapTo(window.pane.viewport(), card.rect().topLeft()).y()) <= 10)
    qtbot.waitUntil(table.hasFocus)

    # every column in view or reachable by the table's own scroll bar; no header broken mid-word
    assert unreachable_columns(table) == [] and table.horizontalScrollBar().isVisible()
    assert cut_headers(table) == []
    assert table.horizontalScrollBar().maximum() > 0
    table.horizontalScrollBar().setValue(table.horizontalScrollBar().maximum())
    last = table.columnCount() - 1
    assert table.columnViewportPosition(last) + table.columnWidth(last) <= table.viewport().width() + 1
    # a choice cell shows its label, never the stored value
    assert table.item(0, 0).text() == "Hotline for reporting CSAM"
    assert table.item(0, 4).text() == "Yes"


def test_choice_cells_open_a_drop_down_of_the_labels_with_type_ahead(open_window, db_path, qtbot):
    reply_id = new_reply(db_path, BASELINE, "DENMARK", 2020, answers={"area6.inhope_hotline": "member"})
    window = open_window(reply_id)
    at_small_laptop_size(window, qtbot)
    window.go_to_question(SERVICES)
    editor = window.pane.editor(SERVICES)
    add_row = next(b for b in editor.findChildren(QPushButton) if b.text() == "Add row")
    qtbot.mouseClick(add_row, Qt.MouseButton.LeftButton)
    table = editor.table
    table.setCurrentCell(0, 0)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: any(box.isVisible() for box in table.findChildren(QComboBox)))
    box = next(box for box in table.findChildren(QComboBox) if box.isVisible())
    labels = [box.itemText(i) for i in range(box.count())]
    assert labels[1:] == ["Hotline for reporting CSAM", "Helpline for children and young people", "Reporting portal",
                          "Hotline and helpline in a single organisation"]
    qtbot.keyClicks(box, "Rep")  # the drop-down's keyboard search
    assert box.currentText() == "Reporting portal"
    qtbot.keyClick(box, Qt.Key.Key_Tab)  # committed, and on along the row
    qtbot.waitUntil(lambda: table.item(0, 0) is not None and table.item(0, 0).text() == "Reporting portal")
    assert (table.currentRow(), table.currentColumn()) == (0, 1)
    # Tab from a row's last cell goes on to the next row's first
    qtbot.mouseClick(add_row, Qt.MouseButton.LeftButton)
    table.setCurrentCell(0, table.columnCount() - 1)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert (table.currentRow(), table.currentColumn()) == (1, 0)
    window.save_now()
    qtbot.waitUntil(lambda: (stored_values(db_path, reply_id).get(SERVICES) or [{}])[0].get("service") == "portal")


def test_a_yes_no_column_is_a_drop_down_too(open_window, db_path, qtbot):
    window = open_window(new_reply(db_path, BASELINE, "DENMARK", 2020,
                                   answers={"area6.inhope_hotline": "member", SERVICES: HOTLINE_ROWS}))
    window.go_to_question(SERVICES)
    table = window.pane.editor(SERVICES).table
    column = next(c for c in range(table.columnCount()) if table.horizontalHeaderItem(c).text() == "INHOPE member")
    delegate = table.itemDelegateForColumn(column)
    assert [label for _value, label in delegate.options] == ["Yes", "No"]


@pytest.mark.parametrize("form_id", list(FORMS))
def test_new_reply_fits_1024_px_and_proposes_the_form_in_view(form_id, open_window, db_path, qtbot):
    country, year = FORMS[form_id]
    window = open_window(new_reply(db_path, form_id, country, year))
    at_small_laptop_size(window, qtbot)
    seen = {}

    def respond(dialog: NewReplyDialog) -> None:
        seen["width"] = dialog.width()
        seen["form"] = dialog.form_box.currentData()
        seen["tooltip"] = dialog.form_box.toolTip()
        dialog.reject()

    answer_modal(qtbot, NewReplyDialog, respond)
    window.findChild(type(window.import_action), "newReply").trigger()
    qtbot.waitUntil(lambda: qtbot.answered_modal["answered"])
    assert seen["form"] == form_id
    assert seen["width"] <= 1024 - 40
    assert seen["tooltip"] == window.session.form.title, "the whole title, when the box shows only its start"


def test_geometry_is_never_larger_than_the_screen_nor_off_it():
    room = QRect(0, 0, 1024, 700)
    assert fitted(QRect(400, 300, 1280, 820), room) == room
    assert fitted(QRect(900, 600, 500, 400), room) == QRect(524, 300, 500, 400)
    assert fitted(QRect(-300, -50, 500, 400), room) == QRect(0, 0, 500, 400)
    assert fitted(QRect(10, 10, 300, 200), room) == QRect(10, 10, 300, 200)


def test_the_window_keeps_a_geometry_per_screen_size(open_window, db_path, qtbot):
    window = open_window(new_reply(db_path))
    window.resize(700, 500)
    window.close()
    window.store.close()
    size = window.screen().availableGeometry().size()
    for what in ("geometry", "state", "splitter"):  # the docks and the navigator's width too, per screen size
        assert QSettings().value(f"window/{what}/{size.width()}x{size.height()}") is not None, what
    again = open_window()
    assert (again.width(), again.height()) == (700, 500)
    # one closed larger than this screen (a monitor's size) comes back within it
    again.resize(size.width() + 400, size.height() + 300)
    again.close()
    again.store.close()
    last = open_window()
    room = last.screen().availableGeometry()
    qtbot.waitUntil(lambda: room.contains(last.frameGeometry()))


def test_mark_final_names_the_unanswered_questions(open_window, db_path, dialogs, qtbot):
    from tests import denmark

    answers = dict(list(denmark.answers().items())[:-2])
    window = open_window(new_reply(db_path, answers=answers))
    missing = [s for s in window.session.form.slots if s.key not in answers]
    window.mark_final()
    kind, title, text = next(d for d in dialogs if d[1] == "Mark reply final")
    assert f"{len(missing)} questions are not answered" in text
    for slot in missing:
        assert slot.question.label in text


def test_changes_to_decide_are_named_readable_open_their_question_and_are_counted(
        open_window, db_path, qtbot, tmp_path, monkeypatch, dialogs):
    from tests import denmark
    from tests.test_window_documents import review_and_import

    from replydesk.definitions.problems import question_name

    window = open_window(new_reply(db_path, answers=denmark.answers()))
    at_small_laptop_size(window, qtbot)
    review_and_import(window, qtbot, tmp_path, monkeypatch, "pt1.og1.b", "Please see the identification answer above.")
    panel = window.proposals
    qtbot.waitUntil(lambda: len(panel.changes) == 1, timeout=20000)
    item = panel.list.item(0)
    assert question_name(window.session.form.slot("pt1.og1.b")) in item.text()  # as the form numbers it
    assert "pt1.og1.b" not in item.text()
    assert panel.list.wordWrap() and panel.list.textElideMode() == Qt.TextElideMode.ElideNone
    # the word diff wraps by words only, and in the narrow dock the two texts stand one above the other
    from PySide6.QtGui import QTextOption

    assert panel.before.wordWrapMode() == QTextOption.WrapMode.WordWrap
    window.raise_dock(window.proposals_dock)
    qtbot.waitUntil(lambda: panel.columns.width() > 0)
    assert panel.columns.orientation() == (Qt.Orientation.Vertical if panel.columns.width() < 440
                                           else Qt.Orientation.Horizontal)
    window.go_to_question("pt3.og1.a")
    panel.list.itemClicked.emit(item)  # a click on the change shows its question
    assert window.navigation.current_key == "pt1.og1.b"
    panel.accept_button.click()
    assert window.save_label.text() == "Every change from outside is decided"


def test_a_final_reply_looks_read_only_and_says_final(open_window, db_path, qtbot):
    from tests import denmark

    from replydesk.store import Store

    reply_id = new_reply(db_path, answers=denmark.answers())
    with Store.open(db_path, write=True) as store:
        store.set_reply_status(reply_id, "final", detail="marked final")
    window = open_window(reply_id)
    window.go_to_question("pt1.og1.a")
    card = window.pane.cards["pt1.og1.a"]
    assert card.review.currentText() == "final" and not card.review.isEnabled()
    edit = window.pane.editor("pt1.og1.a").edit
    from PySide6.QtWidgets import QFrame

    assert edit.isReadOnly() and edit.frameShape() == QFrame.Shape.NoFrame
    assert window.status_label.text() == "Final — read-only"


def test_find_clears_its_marks_when_it_moves_on_or_closes(open_window, db_path, qtbot):
    window = open_window(new_reply(db_path, BASELINE, "DENMARK", 2020))
    window.findChild(type(window.import_action), "find").trigger()
    bar = window.find_bar
    qtbot.keyClicks(bar.edit, "Barnahus")
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: any(label.hasSelectedText() for label in window.pane.widget().findChildren(QLabel)))
    marked = next(label for label in window.pane.widget().findChildren(QLabel) if label.hasSelectedText())
    assert marked.selectedText().casefold() == "barnahus"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not bar.isVisible())
    assert not marked.hasSelectedText(), "no highlight stays behind"


def test_a_tagged_selection_is_grown_to_whole_words(qtbot):
    from PySide6.QtGui import QTextCursor, QTextDocument

    from replydesk.ui.secretariat import whole_words

    document = QTextDocument("The police connected to the ICSE database and set up a unit.")
    cursor = QTextCursor(document)
    text = document.toPlainText()
    start = text.index("cted")
    cursor.setPosition(start)
    cursor.setPosition(text.index("set u") + len("set u"), QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == "cted to the ICSE database and set u"
    assert whole_words(cursor).selectedText() == "connected to the ICSE database and set up"
    cursor.setPosition(text.index("ICSE"))
    cursor.setPosition(text.index("ICSE") + 4, QTextCursor.MoveMode.KeepAnchor)
    assert whole_words(cursor).selectedText() == "ICSE", "a selection of whole words stays as it is"


def test_the_status_bar_names_a_question_kept_not_yet_valid_as_the_form_does(open_window, db_path, qtbot):
    window = open_window(new_reply(db_path, BASELINE, "DENMARK", 2020))
    window.go_to_question("area3.csam_score")
    edit = window.pane.editor("area3.csam_score").edit
    qtbot.keyClicks(edit, "four")
    window.save_now()
    qtbot.waitUntil(lambda: window.save_label.text().startswith("Kept, not yet valid:"))
    text = window.save_label.text()
    assert text.startswith("Kept, not yet valid: 3. – Legislation and policy › ICMEC CSAM score: "), text
    assert "area3" not in text and "csam_score" not in text


def test_the_secretariat_view_imports_returns_and_shows_them_at_once(open_window, db_path, qtbot, tmp_path,
                                                                     monkeypatch, dialogs):
    from PySide6.QtWidgets import QFileDialog

    from replydesk.documents.excel.export import export_return, source_from_store
    from replydesk.store import Store

    other = tmp_path / "sweden.sqlite3"
    sweden = new_reply(other, country="SWEDEN", answers={"pt1.og1.a": "Swedish answer."})
    workbook = tmp_path / "sweden.xlsx"
    with Store.open(other, write=False) as store:
        form = Registry.load(FORMS_DIR).get("global-alliance-2014")
        export_return(source_from_store(store, sweden, form), workbook)
    window = open_window(new_reply(db_path, country="DENMARK", answers={"pt1.og1.a": "Danish answer."}))
    window.show_secretariat()
    view = window.secretariat_window
    qtbot.waitExposed(view)
    view.resize(1024, 700)
    assert view.summary.text().startswith("1 return; 53 without a return"), "plurals right"
    assert view.title.text() == window.session.form.title, "the form's title whole"
    headers = [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(view.model.columnCount())]
    assert headers[0] == "PT 1 · Goal 1 A)" and not any(h.isdigit() for h in headers), "headings say what they hold"
    assert cut_headers(view.table) == []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(workbook)], ""))
    qtbot.mouseClick(view.import_button, Qt.MouseButton.LeftButton)  # Import returns… in the view itself
    qtbot.waitUntil(lambda: view.summary.text().startswith("2 returns; 52 without a return"), timeout=20000)
    assert "SWEDEN" in view.model.coverage.countries


def test_a_recommendations_text_shows_its_list_as_a_list(open_window, db_path, qtbot):
    window = open_window(new_reply(db_path, "lanzarote-2-csgsiv-follow-up", "DENMARK", 2023))
    key = next(s.key for s in window.session.form.slots
               if any("\n- " in (g.text or "") for g in s.path))
    window.go_to_question(key)
    labels = [label for label in window.pane.widget().findChildren(QLabel) if "<li>" in label.text()]
    assert labels, "the recommendation's items are list items"
    shown = labels[0]
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setHtml(shown.text())
    assert "- to " not in document.toPlainText() and "**" not in document.toPlainText()


def test_open_reply_keeps_country_form_year_and_status_in_view(open_window, db_path, qtbot):
    from replydesk.store import Store
    from replydesk.ui.reply_dialogs import OpenReplyDialog, RepliesModel, reply_rows

    new_reply(db_path, BASELINE, "BOSNIA AND HERZEGOVINA", 2020)
    new_reply(db_path)
    with Store.open(db_path, write=False) as store:
        rows = reply_rows(store, Registry.load(FORMS_DIR))
    dialog = OpenReplyDialog(rows)
    qtbot.addWidget(dialog)
    dialog.resize(min(dialog.width(), 1024 - 40), dialog.height())
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.table
    assert dialog.width() <= 1024 - 40
    for name in ("Country", "Form", "Year", "Status"):
        column = RepliesModel.HEADERS.index(name)
        right = table.columnViewportPosition(column) + table.columnWidth(column)
        assert right <= table.viewport().width() + 1, f"{name} is out of view"
    assert table.horizontalHeader().length() <= table.viewport().width() + 1


def test_ctrl_t_on_a_selection_cut_mid_word_tags_whole_words(open_window, db_path, qtbot, monkeypatch):
    from tests.test_synthesis_window import RETURNS, click_answer, open_secretariat, press_tag, select_words

    from replydesk.store import Store

    ids = {country: new_reply(db_path, country=country, answers=answers) for country, answers in RETURNS.items()}
    window = open_window(ids["BELGIUM"])
    view = open_secretariat(window, qtbot)
    click_answer(view, qtbot, "BELGIUM", "pt1.og1.b")
    select_words(view, "etherlands-led IN-4-MATION proj")  # as a hurried drag of the mouse leaves it
    monkeypatch.setattr("PySide6.QtWidgets.QInputDialog.getItem",
                        lambda _parent, _title, _label, items, current, *a, **k: (items[current], True))
    press_tag(view, qtbot, "Participating in IN-4-MATION")
    with Store.open(db_path, write=False) as store:
        qtbot.waitUntil(lambda: bool(store.themes("global-alliance-2014", 2014)))
        (theme,) = store.themes("global-alliance-2014", 2014)
        assert [p.quote for p in store.passages(theme.id)] == ["Netherlands-led IN-4-MATION project"]
    assert view.statusBar().currentMessage() == "Tagged the selection with the action “Participating in IN-4-MATION”"
