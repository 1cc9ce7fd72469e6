"""The start page, asking the user's name once, Preferences and the Help menu (issue 14)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton
from tests.ui_helpers import answer_modal, fill_new_reply, new_reply

from replydesk import identity
from replydesk.store import Store
from replydesk.ui.help_dialogs import GettingStartedDialog, ShortcutsDialog
from replydesk.ui.identity_dialog import IdentityDialog
from replydesk.ui.reply_dialogs import NewReplyDialog


def action(window, name: str) -> QAction:
    (found,) = [a for a in window.findChildren(QAction) if a.objectName() == name]
    return found


def test_with_no_reply_open_the_start_page_offers_the_ways_in_and_the_panels_wait(open_window, db_path, qtbot):
    norway = new_reply(db_path, country="NORWAY")
    window = open_window(norway)
    window.close_reply()
    page = window.start_page
    assert window.pane.widget() is page
    names = {b.objectName() for b in page.findChildren(QPushButton)}
    assert names == {"startNewReply", "startOpenReply", "startOpenExample"}
    # listed as an official knows the reply (country, form's title, year), in File ▸ Open recent too
    known_as = "NORWAY – Global Alliance Against Child Sexual Abuse Online – 2014 Reporting Form"
    assert [page.recent.item(r).text() for r in range(page.recent.count())] == [known_as]
    assert [a.text() for a in window.recent_menu.actions()] == [known_as]
    assert not window.answer_panel.isEnabled() and not window.validation.isEnabled()
    assert not window.answer_panel.add_note_button.isEnabled()
    page.recent.setCurrentRow(0)
    with qtbot.waitSignal(window.sig_reply_opened) as opened:
        page.recent.itemActivated.emit(page.recent.item(0))
    assert opened.args == [norway] and window.answer_panel.isEnabled()


def test_the_start_page_opens_the_example_and_its_banner_closes_it(open_window, db_path, qtbot):
    window = open_window()
    window.start_page.findChild(QPushButton, "startOpenExample").click()
    qtbot.waitUntil(lambda: window.showing_example and window.session is not None)
    assert "DENMARK" in window.windowTitle()
    # done with the example: its banner closes it, and the start page of the user's own database shows
    window.example_banner.findChild(QPushButton, "exampleClose").click()
    qtbot.waitUntil(lambda: window.session is None)
    assert not window.showing_example and window.store.path == db_path
    assert window.pane.widget() is window.start_page and not window.example_banner.isVisible()


def test_file_close_reply_goes_to_the_start_page(open_window, db_path, qtbot):
    window = open_window(new_reply(db_path, country="NORWAY"))
    window.pane.editor(window.session.form.slots[0].key).setFocus()
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.session is None)
    assert window.pane.widget() is window.start_page and window.windowTitle() == "Reply Desk"
    assert window.start_page.recent.count() == 1 and not action(window, "closeReply").isEnabled()


def _forget_identity():
    path = identity.identity_file()
    kept = path.read_bytes()
    path.unlink()
    return path, kept


def test_the_first_reply_of_ones_own_asks_for_the_name_that_then_signs_it(open_window, db_path, qtbot):
    path, kept = _forget_identity()
    try:
        window = open_window()

        def fill(dialog: NewReplyDialog) -> None:
            fill_new_reply(dialog, "Malta", 2014)
            answer_modal(qtbot, IdentityDialog, give_name)

        def give_name(dialog: IdentityDialog) -> None:
            qtbot.keyClicks(dialog.name, "Maria Borg")
            qtbot.keyClicks(dialog.organisation, "Ministry for Home Affairs")
            dialog.accept()

        answer_modal(qtbot, NewReplyDialog, fill)
        window.start_page.findChild(QPushButton, "startNewReply").click()
        qtbot.waitUntil(lambda: window.session is not None)
        assert identity.load() == identity.Identity("Maria Borg", "Ministry for Home Affairs")
        with Store.open(db_path, write=False) as store:
            (reply,) = store.replies()
            assert reply.created_by == "Maria Borg (Ministry for Home Affairs)"
    finally:
        path.write_bytes(kept)


def test_cancelling_the_name_keeps_the_login_name_and_the_note_is_still_added(open_window, db_path, qtbot):
    reply_id = new_reply(db_path, country="NORWAY")
    path, kept = _forget_identity()
    try:
        window = open_window(reply_id)
        panel = window.answer_panel
        panel.note_text.setPlainText("Please cite the Act.")
        answer_modal(qtbot, IdentityDialog, lambda dialog: dialog.reject())
        panel.add_note_button.click()
        assert qtbot.answered_modal["answered"]
        with Store.open(db_path, write=False) as store:
            (note,) = store.notes(reply_id)
        assert note.text == "Please cite the Act." and note.author == identity.login_name()
    finally:
        path.write_bytes(kept)


def test_preferences_change_the_name_that_signs_notes(open_window, db_path, qtbot):
    reply_id = new_reply(db_path, country="NORWAY")
    window = open_window(reply_id)

    def rename(dialog: IdentityDialog) -> None:
        assert dialog.name.text() == "Test Official"
        dialog.name.setText("Anne Olsen")
        dialog.organisation.setText("Ministry of Children")
        dialog.accept()

    answer_modal(qtbot, IdentityDialog, rename)
    action(window, "preferences").trigger()
    try:
        window.answer_panel.note_text.setPlainText("Signed by Anne.")
        window.answer_panel.add_note_button.click()
        with Store.open(db_path, write=False) as store:
            (note,) = store.notes(reply_id)
        assert note.author == "Anne Olsen (Ministry of Children)"
    finally:
        identity.save(identity.Identity("Test Official"))


def test_keyboard_shortcuts_lists_the_windows_own_commands(open_window, db_path, qtbot):
    window = open_window(new_reply(db_path, country="NORWAY"))
    seen: dict[str, str] = {}

    def read(dialog: ShortcutsDialog) -> None:
        table = dialog.table
        seen.update({table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())})
        dialog.reject()

    answer_modal(qtbot, ShortcutsDialog, read)
    qtbot.keyClick(window, Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier)
    assert seen["Go ▸ Next question"] == "Ctrl+PgDown"
    assert seen["Go ▸ First unanswered question"] == "Ctrl+U"
    assert seen["File ▸ Export ▸ Word document (official layout)"] == "Ctrl+E"
    assert seen["Help ▸ Keyboard shortcuts"] == "Ctrl+/"


def test_getting_started_explains_the_way_from_a_new_reply_to_the_return(open_window, qtbot):
    window = open_window()
    text: list[str] = []

    def read(dialog: GettingStartedDialog) -> None:
        text.append(dialog.findChild(type(dialog.layout().itemAt(0).widget())).text())
        dialog.reject()

    answer_modal(qtbot, GettingStartedDialog, read)
    action(window, "gettingStarted").trigger()
    assert "New reply" in text[0] and "Review copy for Word" in text[0] and "Mark reply final" in text[0]
