"""File ▸ New reply and File ▸ Open reply."""

from __future__ import annotations

from PySide6.QtCore import Qt
from tests.ui_helpers import new_reply

from replydesk.ui.reply_dialogs import NewReplyDialog, OpenReplyDialog, reply_rows


def test_new_reply_accepts_a_typed_alias_and_refuses_an_unknown_name(qtbot, registry):
    dialog = NewReplyDialog(registry)
    qtbot.addWidget(dialog)
    dialog.form_box.setCurrentIndex(dialog.form_box.findData("global-alliance-2014"))
    assert dialog.country.count() == 54
    qtbot.keyClicks(dialog.country.lineEdit(), "Luxemburg")
    dialog.year.setValue(2016)
    assert dialog.chosen() == ("global-alliance-2014", "LUXEMBOURG", 2016)
    dialog.country.lineEdit().clear()
    qtbot.keyClicks(dialog.country.lineEdit(), "Atlantis")
    dialog.accept()
    assert dialog.result() != NewReplyDialog.DialogCode.Accepted
    assert "Atlantis" in dialog.message.text()


def test_open_reply_lists_and_filters(qtbot, db_path, registry):
    new_reply(db_path, country="DENMARK", answers={"pt1.og1.a": "x"})
    new_reply(db_path, country="NORWAY")
    from replydesk.store import Store

    with Store.open(db_path, write=False) as store:
        rows = reply_rows(store, registry)
    dialog = OpenReplyDialog(rows)
    qtbot.addWidget(dialog)
    assert dialog.proxy.rowCount() == 2
    denmark = next(r for r in rows if r.country == "DENMARK")
    assert denmark.completion == "5% (1/21)"
    qtbot.keyClicks(dialog.filter, "norw")
    assert dialog.proxy.rowCount() == 1
    dialog.table.selectRow(0)
    assert dialog.chosen_id() == next(r.id for r in rows if r.country == "NORWAY")
    assert dialog.proxy.index(0, 0).data(Qt.ItemDataRole.DisplayRole) == "NORWAY"
    # the form by its title, never its internal id
    assert dialog.proxy.index(0, 1).data(Qt.ItemDataRole.DisplayRole) == (
        "Global Alliance Against Child Sexual Abuse Online – 2014 Reporting Form")
