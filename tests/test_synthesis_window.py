"""The analyst's synthesis in the window: select words of a return, Ctrl+T, type an action, and follow returns.

Reached as a user reaches it: File ▸ Secretariat view (Ctrl+Shift+S) from the main window, a
click on a member's answer in the coverage table, the words selected in the answer below it,
Ctrl+T and a few letters of the action's title. A changed return imported through File ▸
Import keeps the tag on the new wording, or lists it as needing attention.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton
from tests.members_2014 import RETURNS
from tests.ui_helpers import answer_modal, new_reply

from replydesk.store import Store
from replydesk.ui.synthesis_export_dialog import SynthesisExportDialog
from replydesk.ui.themes_dialogs import NarrativeDialog, ThemeChooser


def open_secretariat(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.secretariat_window is not None and window.secretariat_window.isVisible())
    view = window.secretariat_window
    qtbot.waitExposed(view)
    return view


def click_answer(view, qtbot, country: str, key: str) -> None:
    model = view.model
    index = model.index(model.coverage.countries.index(country), model.coverage.keys.index(key))
    view.table.scrollTo(index)
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=view.table.visualRect(index).center())
    qtbot.waitUntil(lambda: view.shown_answer is not None and view.shown_answer[1] == key)


def select_words(view, words: str) -> None:
    """Select the words in the answer pane, as dragging the mouse over them does."""
    text = view.answer.toPlainText()
    start = text.index(words)
    cursor = view.answer.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(words), QTextCursor.MoveMode.KeepAnchor)
    view.answer.setTextCursor(cursor)


def press_tag(view, qtbot, typed: str) -> None:
    """Ctrl+T, then type part of the action's title and Enter, in the chooser that opens."""
    def respond(chooser: ThemeChooser) -> None:
        qtbot.keyClicks(chooser.filter, typed)
        qtbot.keyClick(chooser.filter, Qt.Key.Key_Return)

    answer_modal(qtbot, ThemeChooser, respond)
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    qtbot.keyClick(view.answer, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert qtbot.answered_modal["answered"]


def tree_texts(view) -> list[str]:
    model, found = view.themes_panel.model, []

    def walk(parent) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            found.append(index.data())
            walk(index)

    walk(model.index(-1, -1))
    return found


def test_selecting_words_and_pressing_ctrl_t_tags_them_and_a_changed_return_keeps_or_flags_the_tag(
        open_window, db_path, qtbot, tmp_path: Path, monkeypatch, dialogs):
    ids = {country: new_reply(db_path, country=country, answers=answers) for country, answers in RETURNS.items()}
    window = open_window(ids["BELGIUM"])
    view = open_secretariat(window, qtbot)
    assert view.form_box.currentData() == "global-alliance-2014" and view.year.value() == 2014

    # a new action, typed in the chooser the first time
    click_answer(view, qtbot, "BELGIUM", "pt1.og1.b")
    select_words(view, "Netherlands-led IN-4-MATION project")
    monkeypatch.setattr("PySide6.QtWidgets.QInputDialog.getItem",
                        lambda _parent, _title, _label, items, current, *a, **k: (items[current], True))
    press_tag(view, qtbot, "Participating in IN-4-MATION")
    qtbot.waitUntil(lambda: any("Netherlands-led IN-4-MATION project" in t for t in tree_texts(view)))
    with Store.open(db_path, write=False) as store:
        (theme,) = store.themes("global-alliance-2014", 2014)
        assert (theme.title, theme.under) == ("Participating in IN-4-MATION", "pt1.og1")
    # the same action again, found by a few letters
    click_answer(view, qtbot, "SWEDEN", "pt1.og1.b")
    select_words(view, "Sweden participates in the IN-4-MATION project")
    press_tag(view, qtbot, "IN-4")
    qtbot.waitUntil(lambda: any("Sweden participates" in t for t in tree_texts(view)))
    with Store.open(db_path, write=False) as store:
        passages = store.passages(theme.id)
    assert [(p.reply_id, p.key) for p in passages] == [(ids["BELGIUM"], "pt1.og1.b"), (ids["SWEDEN"], "pt1.og1.b")]
    assert "#1  Participating in IN-4-MATION" in tree_texts(view)
    assert view.themes_panel.model.index(0, 1, view.themes_panel.model.index(0, 0)).data() == "2"  # members

    # Sweden's ministry rewrites its answer and sends the return again, imported through File ▸ Import
    view.close()
    window.open_reply(ids["SWEDEN"])
    workbook = tmp_path / "sweden.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(workbook), ""))
    window.documents.export_excel()
    qtbot.waitUntil(workbook.exists, timeout=20000)
    book = openpyxl.load_workbook(workbook)
    sheet = book["Reply"]
    header = next(r for r in range(1, 30) if sheet.cell(r, 1).value == "Key")
    row = next(r for r in range(header + 1, sheet.max_row + 1) if sheet.cell(r, 1).value == "pt1.og1.b")
    sheet.cell(row, 4).value = "This year Sweden reports no new measures."
    book.save(workbook)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(workbook)], ""))
    before = len(dialogs)
    window.import_files()
    qtbot.waitUntil(lambda: any(d[1] == "Import" for d in dialogs[before:]), timeout=20000)
    said = next(d[2] for d in dialogs[before:] if d[1] == "Import")
    assert "⚠ 1 tagged passage no longer found" in said and "SWEDEN pt1.og1.b" in said  # how many, and where
    view = open_secretariat(window, qtbot)
    flagged = [t for t in tree_texts(view) if "Sweden participates" in t]
    assert flagged and flagged[0].startswith("⚠ Sweden"), tree_texts(view)
    assert any(t.startswith("Belgium") for t in tree_texts(view))  # the other passage is left as it was


def test_the_narrative_is_written_in_the_answers_editor_and_the_report_exported_from_the_view(
        open_window, db_path, qtbot, tmp_path, monkeypatch, dialogs, registry):
    import docx

    ids = {country: new_reply(db_path, country=country, answers=answers) for country, answers in RETURNS.items()}
    with Store.open(db_path, write=True) as store:
        theme = store.add_theme(registry.get("global-alliance-2014"), 2014, "pt1.og1", "IN-4-MATION")
        for country, words in (("SLOVENIA", "Slovenia joined the IN-4-MATION project"),
                               ("BELGIUM", "Netherlands-led IN-4-MATION project")):
            store.tag(theme.id, ids[country], "pt1.og1.b", words)
    window = open_window(ids["BELGIUM"])
    view = open_secretariat(window, qtbot)
    panel = view.themes_panel
    panel.tree.setCurrentIndex(panel.model.theme_index(theme.id))

    def write(dialog: NarrativeDialog) -> None:
        edit = dialog.editor.edit
        edit.setFocus()
        qtbot.keyClicks(edit, "Several member states, including ")
        dialog.findChild(QPushButton, "insertMembers").click()
        qtbot.keyClicks(edit, ", reported on the project.")
        dialog.accept()

    answer_modal(qtbot, NarrativeDialog, write)
    panel.buttons["editNarrative"].click()
    with Store.open(db_path, write=False) as store:
        assert store.theme(theme.id).narrative == "Several member states, including {members}, reported on the project."
    # Belgium's passage chosen as an example: its check box, toggled with the space bar on its row
    theme_index = panel.model.theme_index(theme.id)
    rows = [panel.model.index(row, 0, theme_index) for row in range(panel.model.rowCount(theme_index))]
    belgium = next(index for index in rows if index.data().startswith("Belgium"))
    panel.tree.setFocus()
    panel.tree.setCurrentIndex(belgium)
    qtbot.keyClick(panel.tree, Qt.Key.Key_Space)
    with Store.open(db_path, write=False) as store:
        qtbot.waitUntil(lambda: [p.example for p in store.passages(theme.id)] == [False, True])
    target = tmp_path / "synthesis.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Word report (*.docx)"))

    def title(dialog: SynthesisExportDialog) -> None:
        dialog.title.clear()
        qtbot.keyClicks(dialog.title, "2015 REPORT")
        dialog.accept()

    answer_modal(qtbot, SynthesisExportDialog, title)
    view.export_synthesis_button.click()
    qtbot.waitUntil(lambda: any(d[2] == f"Wrote {target}" for d in dialogs), timeout=20000)
    text = [p.text for p in docx.Document(str(target)).paragraphs]
    assert text[0] == "2015 REPORT"
    assert "Several member states, including Belgium and Slovenia, reported on the project." in text
    assert [t for t in text if "“" in t] == [
        "Belgium: “Belgium takes part in the development of the Netherlands-led IN-4-MATION project, which will "
        "connect each participating state’s national child exploitation image database.”"]


def test_typing_away_the_words_of_a_tagged_passage_says_so_in_the_status_bar(open_window, db_path, qtbot,
                                                                             registry):
    ids = {country: new_reply(db_path, country=country, answers=answers) for country, answers in RETURNS.items()}
    with Store.open(db_path, write=True) as store:
        theme = store.add_theme(registry.get("global-alliance-2014"), 2014, "pt1.og1", "IN-4-MATION")
        store.tag(theme.id, ids["SLOVENIA"], "pt1.og1.b", "Slovenia joined the IN-4-MATION project")
    window = open_window(ids["SLOVENIA"])
    window.go_to_question("pt1.og1.b")
    edit = window.pane.editor("pt1.og1.b").edit
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, "Slovenia reports no change.")
    qtbot.keyClick(edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    said = window.statusBar().currentMessage
    qtbot.waitUntil(lambda: "⚠ 1 tagged passage no longer found" in said(), timeout=10000)
    assert "SLOVENIA pt1.og1.b" in said() and "“IN-4-MATION”" in said()
    with Store.open(db_path, write=False) as store:
        assert [p.state for p in store.passages(theme.id)] == ["attention"]
