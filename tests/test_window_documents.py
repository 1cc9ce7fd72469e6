"""Export, import, proposals and the secretariat view, from the window as an official uses them."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from tests import denmark
from tests.test_word_review import answer_paragraphs
from tests.ui_helpers import new_reply, stored_values


def choose_file(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(path)], ""))


def new_reply_in_open_store(window, country: str) -> int:
    """A reply made in the database the window has open (by the window's own store, which holds its lock)."""
    return window.store.create_reply(window.registry.get("global-alliance-2014"), country, 2014).id


def test_export_word_and_excel_from_the_file_menu(open_window, db_path, qtbot, tmp_path, monkeypatch, dialogs):
    reply_id = new_reply(db_path, answers=denmark.answers())
    window = open_window(reply_id)
    word = tmp_path / "denmark.docx"
    choose_file(monkeypatch, word)
    window.documents.export_word()
    qtbot.waitUntil(lambda: any(d[1] == "Exporting" for d in dialogs), timeout=20000)
    assert dialogs[-1][2] == f"Wrote {word}"
    assert any(p.text == "DENMARK" for p in docx.Document(str(word)).paragraphs)
    workbook = tmp_path / "denmark.xlsx"
    choose_file(monkeypatch, workbook)
    window.documents.export_excel()
    qtbot.waitUntil(lambda: dialogs[-1][2] == f"Wrote {workbook}", timeout=20000)
    assert openpyxl.load_workbook(workbook).sheetnames[0] == "Reply"
    assert window.save_label.text() == f"Wrote {workbook}"
    # the status bar belongs to the reply shown: opening another (File ▸ Open recent) drops what was said
    window.open_reply(new_reply_in_open_store(window, "NORWAY"))
    assert window.session.reply.country == "NORWAY" and "Wrote" not in window.save_label.text()


def review_and_import(window, qtbot, tmp_path: Path, monkeypatch, key: str, text: str) -> None:  # noqa: ANN001
    """A review copy exported from the window, the answer to ``key`` rewritten in Word, the copy imported."""
    copy = tmp_path / "review.docx"
    choose_file(monkeypatch, copy)
    window.documents.export_word(review=True)
    qtbot.waitUntil(copy.exists, timeout=20000)
    document = docx.Document(str(copy))
    answer_paragraphs(document, key)[-1].runs[0].text = text
    document.save(str(copy))
    window.documents.import_files([copy])


def test_a_reviewed_copy_becomes_proposals_decided_side_by_side(open_window, db_path, qtbot, tmp_path,
                                                                  monkeypatch, dialogs):
    reply_id = new_reply(db_path, answers=denmark.answers())
    window = open_window(reply_id)
    review_and_import(window, qtbot, tmp_path, monkeypatch, "pt1.og1.b", "Please see the answer to A) above.")
    qtbot.waitUntil(lambda: any(d[1] == "Import" for d in dialogs), timeout=20000)
    assert "1 proposal(s) to decide" in dialogs[-1][2]
    panel = window.proposals
    qtbot.waitUntil(lambda: len(panel.changes) == 1)
    assert panel.changes[0].key == "pt1.og1.b"
    assert "<span style='background:#d7f5dd;'>" in panel.after.toHtml() or "d7f5dd" in panel.after.toHtml()
    assert stored_values(db_path, reply_id)["pt1.og1.b"] == denmark.answers()["pt1.og1.b"]  # not silently
    panel.accept_button.click()
    assert stored_values(db_path, reply_id)["pt1.og1.b"].endswith("Please see the answer to A) above.")
    assert panel.changes == []
    window.go_to_question("pt1.og1.b")
    assert "Please see the answer to A) above." in window.pane.editor("pt1.og1.b").edit.toPlainText()


def test_a_workbook_import_updates_the_open_reply(open_window, db_path, qtbot, tmp_path, monkeypatch, dialogs):
    reply_id = new_reply(db_path, answers={"pt1.og1.a": "Before."})
    window = open_window(reply_id)
    workbook = tmp_path / "return.xlsx"
    choose_file(monkeypatch, workbook)
    window.documents.export_excel()
    qtbot.waitUntil(workbook.exists, timeout=20000)
    book = openpyxl.load_workbook(workbook)
    sheet = book["Reply"]
    header = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "Key")
    row = next(r for r in range(header + 1, sheet.max_row + 1) if sheet.cell(r, 1).value == "pt1.og1.a")
    sheet.cell(row, 4).value = "After, from the ministry of justice."
    book.save(workbook)
    window.documents.import_files([workbook])
    qtbot.waitUntil(lambda: any(d[1] == "Import" for d in dialogs), timeout=20000)
    assert dialogs[-1][2].startswith("✔"), dialogs[-1][2]
    qtbot.waitUntil(lambda: window.session.value("pt1.og1.a") == "After, from the ministry of justice.")
    window.go_to_question("pt1.og1.a")
    assert window.pane.editor("pt1.og1.a").edit.toPlainText() == "After, from the ministry of justice."
    # The import report (the one ``replydesk import --report`` writes) is in Changes to decide.
    assert "The import report of each file is in Changes to decide." in dialogs[-1][2]
    report = window.proposals.report_view
    assert window.proposals_dock.isVisible() and report.isVisibleTo(window.proposals)
    assert report.toPlainText().startswith("Import report: return.xlsx (reply 1: DENMARK, Global Alliance Against "
                                           "Child Sexual Abuse Online – 2014 Reporting Form;")
    assert (f"Changed: 1\n  - Policy Target No. 1 › Operational Goal 1 › A) Please report on implementation of any "
            f"measures announced in your… (Answer column, Reply!D{row}): 'After, from the ministry of justice.'\n"
            in report.toPlainText())


def test_a_refused_workbook_and_a_review_copy_are_both_in_the_import_report(open_window, db_path, qtbot, tmp_path,
                                                                           monkeypatch, dialogs):
    reply_id = new_reply(db_path, answers=denmark.answers())
    window = open_window(reply_id)
    workbook, copy = tmp_path / "return.xlsx", tmp_path / "review.docx"
    choose_file(monkeypatch, workbook)
    window.documents.export_excel()
    qtbot.waitUntil(workbook.exists, timeout=20000)
    choose_file(monkeypatch, copy)
    window.documents.export_word(review=True)
    qtbot.waitUntil(copy.exists, timeout=20000)
    book = openpyxl.load_workbook(workbook)
    sheet = book["Reply"]
    rows = {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1)}
    sheet.cell(rows["pt1.og1.a"], 1).value, sheet.cell(rows["pt1.og1.b"], 1).value = "pt1.og1.b", "pt1.og1.a"
    book.save(workbook)
    before = len(dialogs)
    window.documents.import_files([workbook, copy])
    qtbot.waitUntil(lambda: len(dialogs) > before, timeout=20000)
    text = window.proposals.report_view.toPlainText()
    assert "Import report: return.xlsx (refused, nothing imported)" in text
    assert f"Reply!A{rows['pt1.og1.a']}: the Key cell says 'pt1.og1.b'" in text
    assert "Import report: review.docx (reply 1: DENMARK, Global Alliance" in text and "Proposals: none" in text


def test_secretariat_view_shows_coverage_answers_and_exports(qtbot, db_path, registry, tmp_path, monkeypatch,
                                                               dialogs):
    from replydesk.documents.secretariat.consolidation import State
    from replydesk.store import Store
    from replydesk.ui.secretariat import COLOURS, SecretariatWindow

    new_reply(db_path, country="DENMARK", answers={"pt1.og1.a": "Danish answer."})
    new_reply(db_path, country="NORWAY", answers={"pt1.og1.b": "Norwegian answer."})
    with Store.open(db_path, write=False) as store:
        window = SecretariatWindow(store, registry)
        qtbot.addWidget(window)
        window.form_box.setCurrentIndex(window.form_box.findData("global-alliance-2014"))
        window.year.setValue(2014)
        window.reload()
        model = window.model
        assert model.rowCount() == 54 and model.columnCount() == 22
        countries = model.coverage.countries
        denmark_row, column = countries.index("DENMARK"), model.coverage.keys.index("pt1.og1.a")
        cell = model.index(denmark_row, column)
        assert model.data(cell, Qt.ItemDataRole.BackgroundRole).color() == COLOURS[State.ANSWERED]
        assert model.data(model.index(countries.index("ALBANIA"), column), Qt.ItemDataRole.DisplayRole) == "–"
        assert model.data(model.index(countries.index("NORWAY"), column), Qt.ItemDataRole.DisplayRole) == "○"
        assert "2 returns; 52 without a return" in window.summary.text()
        window.table.setCurrentIndex(cell)
        window.show_answer(cell)
        assert "Danish answer." in window.answer.toPlainText()
        target = tmp_path / "consolidated.xlsx"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
        window.export(".xlsx")
        qtbot.waitUntil(target.exists, timeout=20000)
        assert "Coverage" in openpyxl.load_workbook(target).sheetnames


def test_secretariat_view_opens_from_the_menu_and_opens_returns_in_the_main_window(open_window, db_path, qtbot):
    denmark_id = new_reply(db_path, country="DENMARK", answers={"pt1.og1.a": "Danish answer."})
    norway_id = new_reply(db_path, country="NORWAY", answers={"pt1.og1.b": "Norwegian answer."})
    window = open_window(denmark_id)
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    secretariat = window.secretariat_window
    assert secretariat is not None
    qtbot.waitExposed(secretariat)
    assert secretariat.form_box.currentData() == "global-alliance-2014" and secretariat.year.value() == 2014
    assert "2 returns; 52 without a return" in secretariat.summary.text()
    # forms by their titles for the year shown, never their internal ids
    assert secretariat.form_box.currentText() == (
        "Global Alliance Against Child Sexual Abuse Online – 2014 Reporting Form (2 replies)")
    assert not any(secretariat.form_box.itemData(i) in secretariat.form_box.itemText(i)
                   for i in range(secretariat.form_box.count()))
    header = secretariat.model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert header.startswith("Policy Target No. 1 › Operational Goal 1 › B)") and "pt1.og1.b" not in header
    # the heading itself says what the column holds (never a bare number)
    assert secretariat.model.headerData(1, Qt.Orientation.Horizontal) == "PT 1 · Goal 1 B)"
    countries = secretariat.model.coverage.countries
    secretariat.table.setCurrentIndex(secretariat.model.index(countries.index("NORWAY"), 0))
    with qtbot.waitSignal(window.sig_reply_opened) as opened:
        secretariat.edit_return.click()
    assert opened.args == [norway_id] and window.session.reply.country == "NORWAY"
    window.show_secretariat()  # the same view, raised again and up to date
    assert window.secretariat_window is secretariat
