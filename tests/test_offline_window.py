"""The window's File ▸ Sync with…: the other copy's changes arrive in the open reply, a both-sided one waits in
Changes to decide beside this copy's text, and the title says when the copies last met."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from replydesk.store import Store
from replydesk.ui.offline_copies import SyncWithDialog


def test_sync_with_brings_the_other_copy_into_the_open_reply(open_window, db_path, tmp_path, ga_form, qtbot,
                                                             dialogs, monkeypatch):
    office = tmp_path / "office.sqlite3"
    with Store.open(db_path, write=True) as store, Store.open(office, write=True) as other:
        reply = store.create_reply(ga_form, "Denmark", 2014, by="Anna")
        store.save_answers(reply.id, ga_form, {"pt1.og1.a": "first", "pt1.og1.b": "first"}, by="Anna")
        copy_id = store.copy_reply(reply.id, other).target_id
        other.save_answers(copy_id, ga_form, {"pt1.og1.b": "b from the office", "pt1.og1.a": "a from the office"},
                           by="Carl")
    window = open_window(reply.id)
    window.session.stage("pt1.og1.a", "a typed in the window")  # typed a moment ago: saved before the sync
    chosen: list[str] = []

    def answer(dialog: SyncWithDialog) -> QDialog.DialogCode:
        chosen.append(dialog.location.text())  # the database offered first
        dialog.location.setText(str(office))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SyncWithDialog, "exec", answer)
    window.findChild(type(window.menuBar().actions()[0]), "syncWith").trigger()
    qtbot.waitUntil(lambda: any(title == "Sync with" for _k, title, _t in dialogs), timeout=20000)
    assert chosen == [str(office)]  # the copy it was made from is offered
    (_kind, _title, text) = next(d for d in dialogs if d[1] == "Sync with")
    goal = "Policy Target No. 1 › Operational Goal 1 › "  # the questions as the form numbers them, never by key
    assert f"1 moved here ({goal}B))" in text and f"1 to decide ({goal}A))" in text
    assert window.session.value("pt1.og1.b") == "b from the office"
    assert window.session.value("pt1.og1.a") == "a typed in the window"
    window.proposals.reload()
    assert [(c.key, c.proposed) for c in window.proposals.changes] == [("pt1.og1.a", "a from the office")]
    assert window.proposals.accept_button.text() == "Take the other copy's"
    window.proposals.accept_button.click()  # take the office's text
    assert window.session.value("pt1.og1.a") == "a from the office"
    assert f"synced with {office.name}" in window.windowTitle()
