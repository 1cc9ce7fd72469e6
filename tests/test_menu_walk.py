"""Every menu command, shortcut and dock button of the main window, used as a user would (issue 12).

The walk finds every ``QAction`` the window holds (menus, submenus, the dock toggles, the
question pane's formatting toolbar) and every ``QPushButton`` in its docks, in three
states: no reply open, Denmark's 2014 Global Alliance reply open as a draft, and the same
reply marked final. Each is triggered through its keyboard shortcut when it has one (else
``trigger()``; a button is clicked), and the effect ``TABLE`` says what must follow, keyed by
the object's ``objectName``. An action or button the table does not know fails the walk: a
new command needs a stable object name and an entry here.

Two kinds of ``QAction`` are not commands of the app and are left out, by these rules only:

* separators (``isSeparator()``), which Qt makes for ``addSeparator()``;
* Qt's own actions, whose object names start with ``_q_`` (the clear button of the find
  bar's ``QLineEdit`` is ``_q_qlineeditclearaction``), and the menu action of the menu
  bar's overflow menu (the » button Qt shows when the menus do not fit, whose tool button
  Qt names ``qt_menubar_ext_button``).

The walk also fails on any exception that reaches the crash handler and any log record
at ERROR, and names the command that caused it.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QPushButton,
    QToolButton,
    QWidget,
)
from tests import denmark

from replydesk.store import Store

NONE, DRAFT, FINAL = "no reply", "draft reply", "final reply"
STATES = (NONE, DRAFT, FINAL)


# -- the walk's context ------------------------------------------------------------------------------
@dataclass
class Walk:
    window: Any
    qtbot: Any
    state: str
    tmp_path: Path
    db_path: Path
    dialogs: list[tuple[str, str, str]]
    monkeypatch: Any
    reply_id: int | None
    #: Class names of the modal dialogs the walk answered, in order.
    modals: list[str] = field(default_factory=list)
    #: How each command was used: "shortcut", "trigger" or "click" (for the report on failure).
    used: dict[str, str] = field(default_factory=dict)

    def objects(self, name: str) -> list[QObject]:
        return [o for o in commands(self.window) if o.objectName() == name]

    def stored(self) -> dict:
        with Store.open(self.db_path, write=False) as store:
            return store.values(self.reply_id)

    def status(self) -> str:
        with Store.open(self.db_path, write=False) as store:
            return store.reply(self.reply_id).status

    def current_key(self) -> str | None:
        from replydesk.ui.navigator_model import KeyRole

        index = self.window.navigator.currentIndex()
        return index.data(KeyRole) if index.isValid() else None

    def message(self, since: int) -> list[tuple[str, str, str]]:
        return self.dialogs[since:]

    def activate(self) -> None:
        self.window.activateWindow()
        self.qtbot.waitUntil(lambda: QApplication.activeWindow() is self.window)


def commands(window: QWidget) -> list[QObject]:
    """The window's commands: its actions (but separators and Qt's own) and the push buttons in its docks."""
    overflow = window.menuBar().findChild(QToolButton, "qt_menubar_ext_button")
    overflow_action = overflow.menu().menuAction() if overflow is not None and overflow.menu() else None
    found: list[QObject] = [a for a in window.findChildren(QAction) if not a.isSeparator()
                            and not a.objectName().startswith("_q_") and a is not overflow_action]
    for dock in window.findChildren(QDockWidget):
        found.extend(dock.findChildren(QPushButton))
    return found


def describe(obj: QObject) -> str:
    text = obj.text() if hasattr(obj, "text") else ""
    return f"{type(obj).__name__} {obj.objectName() or '(no object name)'!r} {text!r} in {type(obj.parent()).__name__}"


# -- using a command -------------------------------------------------------------------------------------
def fire(walk: Walk, obj: QObject) -> None:
    """Use the command as a user would: its shortcut when it has one, else the menu entry; click a button."""
    name = obj.objectName()
    if isinstance(obj, QPushButton):
        walk.used[name] = "click"
        obj.click()
        return
    assert isinstance(obj, QAction)
    shortcut = obj.shortcut()
    if shortcut.isEmpty():
        walk.used[name] = "trigger"
        obj.trigger()
        return
    walk.used[name] = "shortcut"
    combination = shortcut[0]
    if obj.shortcutContext() == Qt.ShortcutContext.WidgetShortcut:
        target = obj.parent()
        walk.activate()
        target.setFocus()
        walk.qtbot.waitUntil(target.hasFocus)
    else:
        walk.activate()
        target = QApplication.focusWidget() or walk.window
    walk.qtbot.keyClick(target, combination.key(), combination.keyboardModifiers())


class ModalAnswerer:
    """While armed, answers each modal dialog that opens (exec()) with ``respond`` and records its class."""

    def __init__(self, walk: Walk, respond: Callable[[QDialog], None]):
        self.walk, self.respond = walk, respond
        self.seen: list[QDialog] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._poll)

    def _poll(self) -> None:
        modal = QApplication.activeModalWidget()
        if modal is None or any(modal is s for s in self.seen) or not isinstance(modal, QDialog):
            return
        self.seen.append(modal)
        self.walk.modals.append(type(modal).__name__)
        self.respond(modal)
        if modal.isVisible():  # an answer the dialog refused: do not leave it open
            modal.reject()

    def __enter__(self) -> ModalAnswerer:
        self.timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.timer.stop()


def reject(dialog: QDialog) -> None:
    dialog.reject()


# -- effects -----------------------------------------------------------------------------------------------
# Each effect takes the walk and the live objects of one name, uses one of them and checks what followed.
Effect = Callable[[Walk, list[QObject]], None]


def disabled(_walk: Walk, objects: list[QObject]) -> None:
    enabled = [describe(o) for o in objects if o.isEnabled()]
    assert not enabled, f"expected disabled in this state: {enabled}"


def enabled_first(objects: list[QObject]) -> QObject:
    assert all(o.isEnabled() for o in objects), [describe(o) for o in objects if not o.isEnabled()]
    return objects[0]


def menu_opens(walk: Walk, objects: list[QObject]) -> None:
    """The menu pops up (from the menu bar for a top-level menu) listing only named commands."""
    action = enabled_first(objects)
    menu = action.menu()
    assert menu is not None
    walk.activate()
    bar = walk.window.menuBar()
    if action in bar.actions():
        bar.setActiveAction(action)
    else:
        menu.popup(walk.window.mapToGlobal(walk.window.rect().center()))
    walk.qtbot.waitUntil(menu.isVisible)
    unnamed = [describe(a) for a in menu.actions() if not a.isSeparator() and not a.objectName()]
    assert not unnamed
    menu.hide()
    bar.setActiveAction(None)
    walk.qtbot.waitUntil(lambda: not menu.isVisible())


def modal(class_name: str, respond: Callable[[QDialog], None] = reject,
          then: Callable[[Walk], None] | None = None) -> Effect:
    """A modal dialog of this class opens; the walk answers it with ``respond``."""
    def effect(walk: Walk, objects: list[QObject]) -> None:
        before = len(walk.modals)
        session = walk.window.session
        with ModalAnswerer(walk, respond):
            fire(walk, enabled_first(objects))
        assert walk.modals[before:] == [class_name]
        if then is not None:
            then(walk)
        else:
            assert walk.window.session is session  # cancelled: nothing changed
    return effect


def message(kind: str, title: str, contains: str = "") -> Effect:
    """A message box of this kind and title appears (recorded by the ``dialogs`` fixture)."""
    def effect(walk: Walk, objects: list[QObject]) -> None:
        before = len(walk.dialogs)
        fire(walk, enabled_first(objects))
        shown = walk.message(before)
        assert [(k, t) for k, t, _ in shown] == [(kind, title)], shown
        assert contains in shown[0][2]
    return effect


def file_written(suffix: str, text: str = "") -> Effect:
    """The save dialog is answered with a file under tmp_path; the export runs and writes it."""
    def effect(walk: Walk, objects: list[QObject]) -> None:
        action = enabled_first(objects)
        target = walk.tmp_path / f"{walk.state.split()[0]}-{action.objectName()}{suffix}"
        walk.monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
        before = len(walk.dialogs)
        fire(walk, action)
        walk.qtbot.waitUntil(lambda: len(walk.dialogs) > before, timeout=20000)
        assert walk.message(before) == [("information", "Exporting", f"Wrote {target}")]
        assert target.stat().st_size > 0
        if text:
            import docx

            assert text in "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    return effect


def status_becomes(status: str) -> Effect:
    def effect(walk: Walk, objects: list[QObject]) -> None:
        fire(walk, enabled_first(objects))
        assert walk.status() == status
        assert walk.window.session.reply.status == status
    return effect


def dock_toggles(walk: Walk, objects: list[QObject]) -> None:
    """View ▸ a dock: the dock's visibility follows the check mark; used twice it ends visible."""
    action = enabled_first(objects)
    dock = action.parent()
    for _ in range(2):
        was = dock.isVisible()
        fire(walk, action)
        walk.qtbot.waitUntil(lambda d=dock, w=was: d.isVisible() is not w)
        assert action.isChecked() == dock.isVisible()
        if dock.isVisible():
            break
    assert dock.isVisible()


def moves_to(expected: Callable[[Walk, str | None], str]) -> Effect:
    """The selected question changes to ``expected(walk, key before)``."""
    def effect(walk: Walk, objects: list[QObject]) -> None:
        before = walk.current_key()
        fire(walk, enabled_first(objects))
        assert walk.current_key() == expected(walk, before)
    return effect


def keys(walk: Walk) -> list[str]:
    return walk.window.session.form.keys()


def next_key(walk: Walk, before: str | None) -> str:
    return keys(walk)[min(keys(walk).index(before) + 1, len(keys(walk)) - 1)]


def previous_key(walk: Walk, before: str | None) -> str:
    return keys(walk)[max(keys(walk).index(before) - 1, 0)]


def first_unanswered(walk: Walk, _before: str | None) -> str:
    session = walk.window.session
    return next((k for k in keys(walk) if not session.is_answered(k)), keys(walk)[0])


FIND_NEEDLE = "hotline"


def first_hit(walk: Walk, _before: str | None) -> str:
    """The first question whose prompt or answer holds the needle."""
    from replydesk.definitions.markdown import plain_text

    session = walk.window.session
    for slot in session.form.slots:
        value = session.value(slot.key)
        text = f"{slot.question.label} {slot.question.prompt} {plain_text(value) if isinstance(value, str) else ''}"
        if FIND_NEEDLE in text.casefold():
            return slot.key
    raise AssertionError(f"no question holds {FIND_NEEDLE!r}")


def find_bar_shows(walk: Walk, objects: list[QObject]) -> None:
    walk.window.find_bar.hide()
    fire(walk, enabled_first(objects))
    assert walk.window.find_bar.isVisible()
    walk.qtbot.waitUntil(walk.window.find_bar.edit.hasFocus)


def find_next(walk: Walk, objects: list[QObject]) -> None:
    walk.window.find_bar.edit.setText(FIND_NEEDLE)
    walk.window.go_to_question(keys(walk)[0])
    moves_to(first_hit)(walk, objects)
    assert walk.window.find_bar.status.text().startswith("1 of ")


def navigator_focused(walk: Walk, objects: list[QObject]) -> None:
    walk.window.go_to_question(keys(walk)[0])  # the focus in an editor
    fire(walk, enabled_first(objects))
    walk.qtbot.waitUntil(walk.window.navigator.hasFocus)


def saves(walk: Walk, objects: list[QObject]) -> None:
    """Ctrl+S writes what was typed at once (a final reply has nothing to write)."""
    window = walk.window
    key = walk.current_key()
    editor = window.pane.editor(key)
    if walk.state == DRAFT:
        editor.focus_editor()
        editor.edit.moveCursor(editor.edit.textCursor().MoveOperation.End)
        walk.qtbot.keyClicks(editor.focusWidget_(), " Saved by Ctrl+S.")
        assert window.session.has_pending
    fire(walk, enabled_first(objects))
    assert not window.session.has_pending
    assert window.save_label.text().startswith("Saved ")
    if walk.state == DRAFT:
        assert "Saved by Ctrl+S." in walk.stored()[key]


def new_reply_norway(dialog: QDialog) -> None:
    dialog.form_box.setCurrentIndex(dialog.form_box.findData("global-alliance-2014"))
    dialog.country.setEditText("Norway")
    dialog.year.setValue(2014)
    dialog.accept()


def norway_opened(walk: Walk) -> None:
    assert walk.window.session is not None and walk.window.session.reply.country == "NORWAY"


def next_cycle_opened(walk: Walk, objects: list[QObject]) -> None:
    """The open reply carried into the next year opens; comparing the two cycles then shows the dialog."""
    fire(walk, enabled_first(objects))
    session = walk.window.session
    assert session.reply.year == denmark.YEAR + 1 and session.reply.previous_reply_id == walk.reply_id
    assert session.reply.status == "drafting" and session.carried
    compare = next(a for a in walk.objects("compareCycles"))
    fire(walk, compare)
    dialog = walk.window.compare_dialog
    assert dialog is not None and dialog.isVisible() and dialog.changes
    dialog.close()


def recent_reopens(walk: Walk, objects: list[QObject]) -> None:
    action = enabled_first(objects)
    with walk.qtbot.waitSignal(walk.window.sig_reply_opened) as opened:
        fire(walk, action)
    assert opened.args == [walk.reply_id]


def example_opens(walk: Walk, objects: list[QObject]) -> None:
    """The built-in example opens from its own database; the walk then goes back to the user's."""
    from replydesk.example import example

    fire(walk, enabled_first(objects))
    window = walk.window
    assert window.showing_example and window.example_banner.isVisible()
    assert "DENMARK" in window.windowTitle() and "example" in window.windowTitle()
    assert window.session.values == example().answers
    assert window.store.path != walk.db_path
    assert window._to_user_database() and window.store.path == walk.db_path
    assert window.session is None and not window.example_banner.isVisible()
    if walk.state != NONE:
        window.open_reply(walk.reply_id, focus_first_unanswered=False)
        window.go_to_question("pt1.og1.a")


def closes_to_start_page(walk: Walk, objects: list[QObject]) -> None:
    """File ▸ Close reply: the reply is saved and closed, the start page shows; the walk opens it again."""
    fire(walk, enabled_first(objects))
    window = walk.window
    assert window.session is None and window.pane.widget() is window.start_page
    assert not window.answer_panel.isEnabled() and window.windowTitle() == "Reply Desk"
    window.open_reply(walk.reply_id, focus_first_unanswered=False)
    window.go_to_question("pt1.og1.a")


def return_workbook(walk: Walk) -> Path:
    """Denmark's return workbook, written through the documents API (the window holds the write lock)."""
    from replydesk.definitions.registry import Registry
    from replydesk.documents.excel.export import export_return, source_from_store

    target = walk.tmp_path / f"{walk.state.split()[0]}-return.xlsx"
    registry = Registry.load(Path(__file__).resolve().parents[1] / "forms")
    with Store.open(walk.db_path, write=False) as store:
        reply = store.reply(walk.reply_id)
        form = registry.get(reply.form_id).resolved(reply.year)
        export_return(source_from_store(store, walk.reply_id, form), target)
    return target


def imports(first_line: str) -> Effect:
    """The open dialog is answered with Denmark's return workbook; the import reports on it."""
    def effect(walk: Walk, objects: list[QObject]) -> None:
        workbook = return_workbook(walk)
        walk.monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(workbook)], ""))
        before = len(walk.dialogs)
        fire(walk, enabled_first(objects))
        walk.qtbot.waitUntil(lambda: len(walk.dialogs) > before, timeout=20000)
        (kind, title, text), = walk.message(before)
        assert (kind, title) == ("information", "Import"), text
        assert text.startswith(first_line), text
    return effect


def backup_restored(walk: Walk, objects: list[QObject]) -> None:
    """The newest backup is chosen and confirmed; the open reply (if any) opens again from it."""
    before = len(walk.dialogs)
    fire(walk, enabled_first(objects))
    assert [t for _k, t, _x in walk.message(before)] == ["Restore from backup"]  # the confirmation
    assert walk.window.save_label.text().startswith("Restored the backup of ")
    if walk.state != NONE:
        assert walk.window.session.reply.id == walk.reply_id


def taken_offline(walk: Walk, objects: list[QObject]) -> None:
    """The reply is copied into a new file, which the window then shows; the walk goes back to its database."""
    target = walk.tmp_path / f"{walk.state.split()[0]}-offline.sqlite3"
    walk.monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    uuid = walk.window.session.reply.uuid
    fire(walk, enabled_first(objects))
    walk.qtbot.waitUntil(lambda: str(walk.window.store.path) == str(target.resolve()), timeout=20000)
    assert walk.window.session.reply.uuid == uuid
    assert f"copy in {target.name}, synced with {walk.db_path.name}" in walk.window.windowTitle()
    walk.window.databases.switch_store(Store.open(walk.db_path, write=True))
    walk.window.open_reply(walk.reply_id, focus_first_unanswered=False)


def synthesis_written(walk: Walk, objects: list[QObject]) -> None:
    """File ▸ Export synthesis report: the secretariat view opens and the report (no actions yet) is written."""
    import docx
    from tests.ui_helpers import answer_modal

    from replydesk.ui.synthesis_export_dialog import SynthesisExportDialog

    target = walk.tmp_path / f"{walk.state.split()[0]}-synthesis.docx"
    walk.monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Word report (*.docx)"))
    before = len(walk.dialogs)
    answer_modal(walk.qtbot, SynthesisExportDialog, lambda dialog: dialog.accept())  # the title as offered
    fire(walk, enabled_first(objects))
    walk.qtbot.waitUntil(lambda: len(walk.dialogs) > before, timeout=20000)
    assert walk.message(before) == [("information", "Export", f"Wrote {target}")]
    text = [p.text for p in docx.Document(str(target)).paragraphs]
    assert "Synthesis of the 2014 returns" in text
    walk.window.secretariat_window.close()


def secretariat_shows_coverage(walk: Walk, objects: list[QObject]) -> None:
    """The secretariat view opens on this database's returns; a return opens in the main window from it.

    (With no reply open the walk only looks: opening Denmark's would leave the state it walks.)
    """
    fire(walk, enabled_first(objects))
    view = walk.window.secretariat_window
    assert view is not None
    walk.qtbot.waitExposed(view)
    assert view.form_box.currentData() == "global-alliance-2014" and view.year.value() == denmark.YEAR
    with Store.open(walk.db_path, write=False) as store:
        returns = sum(1 for r in store.replies() if r.form_id == "global-alliance-2014" and r.year == denmark.YEAR)
    said = f"{returns} return{'s' if returns != 1 else ''}"  # ("1 return", never "1 returns")
    assert view.summary.text().startswith(f"{said}; {54 - returns} without a return")
    countries = view.model.coverage.countries
    assert view.model.coverage.by_country[denmark.COUNTRY] == len(denmark.answers())
    view.table.setCurrentIndex(view.model.index(countries.index(denmark.COUNTRY), 0))
    if walk.state == NONE:
        view.close()
        return
    with walk.qtbot.waitSignal(walk.window.sig_reply_opened) as opened:
        view.edit_return.click()
    assert opened.args == [walk.reply_id]
    view.close()


def validation_shows(walk: Walk, objects: list[QObject]) -> None:
    walk.window.validation_dock.hide()
    fire(walk, enabled_first(objects))
    assert walk.window.validation_dock.isVisible()
    # no problem, and the truth about the questions not answered (the walk's reply answers some)
    blank = walk.window.validation.unanswered.count()
    assert walk.window.validation.summary.text() == "✓ No problems: the reply can be marked final" + (
        f", though {blank} question{'s are' if blank != 1 else ' is'} not answered." if blank else ".")


def closes_window(walk: Walk, objects: list[QObject]) -> None:
    fire(walk, enabled_first(objects))
    walk.qtbot.waitUntil(lambda: not walk.window.isVisible())


def formats(marker: str = "") -> Effect:
    """The pane's formatting command changes the selected text of the long answer being edited (and stages it).

    There is one set of formatting commands for the pane: disabled until a long answer has the focus."""
    def effect(walk: Walk, objects: list[QObject]) -> None:
        assert len(objects) == 1, "one formatting command for the pane, not one per answer"
        key = walk.current_key()
        editor = walk.window.pane.editor(key)
        walk.activate()
        editor.focus_editor()
        walk.qtbot.waitUntil(editor.edit.hasFocus)
        assert all(o.isEnabled() for o in objects)
        editor.edit.selectAll()
        before = editor.value()
        fire(walk, objects[0])
        after = editor.value()
        assert after != before and marker in after
        assert walk.window.session.value(key) == after
    return effect


def layout_reset(walk: Walk, objects: list[QObject]) -> None:
    """View ▸ Reset window layout: the docks back on the right, tabbed and narrow; the question pane widest."""
    window = walk.window
    window.answer_dock.setFloating(True)
    fire(walk, enabled_first(objects))
    walk.qtbot.waitUntil(lambda: not window.answer_dock.isFloating())
    assert window.answer_dock.isVisible()
    assert window.tabifiedDockWidgets(window.answer_dock)
    walk.qtbot.waitUntil(lambda: window.pane.width() > max(window.answer_dock.width(), window.navigator.width()))


def note_added(walk: Walk, objects: list[QObject]) -> None:
    panel = walk.window.answer_panel
    button = enabled_first(objects)
    with Store.open(walk.db_path, write=False) as store:
        count = len(store.notes(walk.reply_id, panel.key))
    panel.note_text.setPlainText(f"A note on the {walk.state}.")
    fire(walk, button)
    with Store.open(walk.db_path, write=False) as store:
        notes = store.notes(walk.reply_id, panel.key)
    assert len(notes) == count + 1 and notes[-1].text == f"A note on the {walk.state}."
    assert panel.note_text.toPlainText() == ""


def revision_restored(walk: Walk, objects: list[QObject]) -> None:
    """The oldest revision of the selected answer becomes its value again."""
    panel = walk.window.answer_panel
    button = enabled_first(objects)
    assert panel.history.count() >= 2, "the walk changed this answer before (Ctrl+S, formatting)"
    panel.history.setCurrentRow(panel.history.count() - 1)
    fire(walk, button)
    assert walk.stored()[panel.key] == denmark.answers()[panel.key]


def change_decided(accept: bool) -> Effect:
    def effect(walk: Walk, objects: list[QObject]) -> None:
        panel = walk.window.proposals
        button = enabled_first(objects)
        count = len(panel.changes)
        change = panel.changes[panel.list.currentRow()]
        fire(walk, button)
        assert len(panel.changes) == count - 1
        expected = change.proposed if accept else denmark.answers()[change.key]
        assert walk.stored()[change.key] == expected
    return effect


def every(effect: Effect) -> dict[str, Effect]:
    return dict.fromkeys(STATES, effect)


def with_reply(effect: Effect, final: Effect | None = None) -> dict[str, Effect]:
    """Disabled with no reply open; ``effect`` on the draft and (unless ``final`` says else) the final reply."""
    return {NONE: disabled, DRAFT: effect, FINAL: final or effect}


def editing(effect: Effect) -> dict[str, Effect]:
    """Changes the reply: only on the draft (no reply: the command is absent or disabled; final: disabled)."""
    return {NONE: disabled, DRAFT: effect, FINAL: disabled}


# -- the table ----------------------------------------------------------------------------------------
#: objectName -> state -> effect, in the order the walk uses them (File ▸ Quit last).
TABLE: dict[str, dict[str, Effect]] = {
    # menus and submenus
    "fileMenu": every(menu_opens),
    "editMenu": every(menu_opens),
    "goMenu": every(menu_opens),
    "replyMenu": every(menu_opens),
    "viewMenu": every(menu_opens),
    "helpMenu": every(menu_opens),
    "exportMenu": every(menu_opens),
    "recentMenu": {NONE: disabled, DRAFT: menu_opens, FINAL: menu_opens},
    # View
    "toggleAnswerDock": every(dock_toggles),
    "toggleValidationDock": every(dock_toggles),
    "toggleProposalsDock": every(dock_toggles),
    "resetLayout": every(layout_reset),
    # Go and Edit
    "nextQuestion": with_reply(moves_to(next_key)),
    "previousQuestion": with_reply(moves_to(previous_key)),
    "firstUnanswered": with_reply(moves_to(first_unanswered)),
    "formStructure": with_reply(navigator_focused),
    "find": with_reply(find_bar_shows),
    "findNext": with_reply(find_next),
    # the question pane's formatting toolbar (on the long answer the walk stands on)
    "formatBold": editing(formats("**")),
    "formatItalic": editing(formats("*")),
    "formatBulletList": editing(formats()),
    "formatNumberedList": editing(formats()),
    "formatLink": editing(formats("](https://example.org/)")),
    "saveNow": with_reply(saves),
    # the docks' buttons
    "addNote": with_reply(note_added),
    "restoreRevision": editing(revision_restored),
    "acceptChange": editing(change_decided(accept=True)),
    "rejectChange": editing(change_decided(accept=False)),
    # File
    "newReply": {NONE: modal("NewReplyDialog"), DRAFT: modal("NewReplyDialog", new_reply_norway, norway_opened),
                 FINAL: modal("NewReplyDialog")},
    "openReply": every(modal("OpenReplyDialog")),
    "openRecentReply": {DRAFT: recent_reopens, FINAL: recent_reopens},
    "openExample": every(example_opens),
    "openDatabase": every(modal("OpenDatabaseDialog")),
    "closeReply": with_reply(closes_to_start_page),
    "newReplyFromPrevious": with_reply(next_cycle_opened),
    "exportWord": with_reply(file_written(".docx", "DENMARK")),
    "exportReviewCopy": with_reply(file_written(".docx")),
    "exportExcel": with_reply(file_written(".xlsx")),
    "exportPackage": with_reply(file_written(".xlsx")),
    "exportBlankTemplate": with_reply(file_written(".xlsx")),
    "importFiles": {NONE: imports("✔"), DRAFT: imports("✔"), FINAL: imports("✘")},
    "secretariatView": {NONE: secretariat_shows_coverage, DRAFT: secretariat_shows_coverage,
                        FINAL: secretariat_shows_coverage},
    "exportSynthesisMenu": every(synthesis_written),
    # Reply
    "compareCycles": with_reply(message("information", "Compare with previous cycle")),
    "showValidation": with_reply(validation_shows),
    # the walk's reply is a Global Alliance return: no factsheet sets its questions
    "readFactsheet": with_reply(message("information", "Read the Party's factsheet", "not addressed to Parties")),
    "sendForReview": editing(status_becomes("in_review")),
    "markFinal": editing(status_becomes("final")),
    "reopenReply": {NONE: disabled, DRAFT: disabled, FINAL: status_becomes("drafting")},
    "restoreBackup": every(backup_restored),
    "takeOffline": with_reply(taken_offline),
    "syncWith": with_reply(modal("SyncWithDialog")),
    # Help
    "preferences": every(modal("IdentityDialog")),
    "gettingStarted": every(modal("GettingStartedDialog")),
    "keyboardShortcuts": every(modal("ShortcutsDialog")),
    "about": every(modal("QMessageBox")),
    "quit": every(closes_window),
}


# -- the walk ----------------------------------------------------------------------------------------------
def prepare(db_path: Path, registry, state: str) -> int:
    """The database of the state: Denmark's answers, two changes to decide, final when the state says so."""
    with Store.open(db_path, write=True) as store:
        reply, _form = denmark.new_reply(store, registry)
        answers = denmark.answers()
        for key in ("pt1.og1.b", "pt1.og1.c"):
            store.create_proposal(reply.id, key, answers[key], f"{answers[key]} Proposed by a reviewer.",
                             source="review.docx", author="reviewer")
        if state == FINAL:
            store.set_reply_status(reply.id, "final", detail="marked final")
        return reply.id


def settle(walk: Walk) -> None:
    """Back to the state's reply and status after a command that moved away from them."""
    window = walk.window
    if walk.state == NONE or not window.isVisible():
        return
    expected = "final" if walk.state == FINAL else "drafting"
    if window.session.reply.id != walk.reply_id or window.session.reply.status != expected:
        window.session.flush()
        if walk.status() != expected:
            window.store.set_reply_status(walk.reply_id, expected, detail="the walk goes back")
        key = walk.current_key()
        window.open_reply(walk.reply_id, focus_first_unanswered=False)
        if key and window.session.form.has_key(key):
            window.go_to_question(key)


@pytest.fixture
def errors(monkeypatch, caplog):
    """Exceptions that reach the crash handler, and log records at ERROR."""
    from replydesk.ui import crash

    crashes: list[str] = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: crashes.append(box.detailedText()) or 0)
    crash.install()
    caplog.set_level(logging.INFO)

    def found() -> list[str]:
        return crashes + [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    return found


@pytest.mark.parametrize("state", STATES)
def test_every_command_does_what_the_table_says(state, open_window, db_path, registry, dialogs, qtbot, tmp_path,
                                               monkeypatch, errors):
    reply_id = prepare(db_path, registry, state)
    monkeypatch.setattr(QInputDialog, "getItem", lambda _parent, _title, _label, items, *a, **k: (items[0], True))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("https://example.org/", True))
    window = open_window(None if state == NONE else reply_id)
    assert (window.session is None) == (state == NONE)
    if state != NONE:
        window.go_to_question("pt1.og1.a")  # a long answer, with revisions to restore and changes beside it
    walk = Walk(window, qtbot, state, tmp_path, db_path, dialogs, monkeypatch, reply_id)

    found = commands(window)
    unknown = sorted({describe(o) for o in found if state not in TABLE.get(o.objectName(), {})})
    assert not unknown, "commands without an entry in TABLE for the " + state + ":\n" + "\n".join(unknown)

    for name, effects in TABLE.items():
        objects = walk.objects(name)
        if not objects:
            continue
        try:
            effects[state](walk, objects)
        except AssertionError as exc:
            raise AssertionError(f"{name} ({walk.used.get(name, 'not used')}) on the {state}: {exc}") from exc
        problems = errors()
        assert not problems, f"{name} on the {state} raised or logged an error:\n" + "\n".join(problems)
        settle(walk)
    assert not window.isVisible()  # File ▸ Quit came last


def test_a_command_without_a_table_entry_is_reported(open_window, qtbot):
    window = open_window(None)
    assert all(o.objectName() in TABLE for o in commands(window))
    window.menuBar().actions()[0].menu().addAction("Unnamed command")
    stray = QPushButton("Unnamed button", window.answer_dock.widget())
    unknown = sorted(describe(o) for o in commands(window) if o.objectName() not in TABLE)
    assert unknown == ["QAction '(no object name)' 'Unnamed command' in QMenu",
                       "QPushButton '(no object name)' 'Unnamed button' in AnswerPanel"]
    stray.deleteLater()
