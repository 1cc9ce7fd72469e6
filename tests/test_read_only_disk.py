"""A read-only disk during a save leaves the previous state intact and says so; the window keeps the text.

Two honest ways to make SQLite's writes fail, even when the tests run as root (root ignores permissions, so
``chmod`` alone proves nothing there):

* in this process, ``make_read_only`` has every new connection open the file with ``mode=ro``. That is what
  SQLite does by itself when the operating system refuses to open the file for writing — a USB stick or network
  share remounted read-only, the file's permissions or read-only attribute changed under the running app — and
  its writes then fail with SQLITE_READONLY ("attempt to write a readonly database"), as they do there;
* for the command line, real permissions (file 0444, folder 0555) and a child process that permission checks
  apply to: as root, one that has given up the capabilities that let root ignore them (CAP_DAC_OVERRIDE and
  CAP_DAC_READ_SEARCH), exactly as for any other user.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import event

from replydesk.store import Store, StoreError


def make_read_only(store: Store) -> dict[str, bool]:
    """From now on (while ``state["read_only"]``) the store's connections open the file read-only."""
    state = {"read_only": True}
    uri = store.path.resolve().as_uri() + "?mode=ro"

    @event.listens_for(store._engine, "do_connect")
    def _read_only(_dialect, _record, cargs, cparams) -> None:  # noqa: ANN001
        if state["read_only"]:
            cargs[:] = [uri]
            cparams["uri"] = True

    store._engine.dispose()  # the pooled read-write connections go, as when the app reconnects
    return state


def raw(db_path: Path, sql: str, *, tidy: bool = False) -> list[tuple]:
    """Plain sqlite3. Read-only unless ``tidy``: a check must not clean up after a failure (checkpoint the WAL,
    delete -wal and -shm, as the last read-write connection does when it closes) and so hide what it left."""
    db = sqlite3.connect(db_path) if tidy else sqlite3.connect(db_path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


# -- the store -----------------------------------------------------------------------------------------------------
def test_a_save_to_a_database_that_became_read_only_changes_nothing_and_says_so(db_path, ga_form):
    before = {"pt1.og1.a": "Saved while the stick was writable.", "pt1.og1.b": "Please see above."}
    with Store.open(db_path, write=True) as store:
        reply = store.create_reply(ga_form, "DENMARK", 2014)
        store.save_answers(reply.id, ga_form, before)
        history = [(h.key, h.revision, h.value) for h in store.history(reply.id)]
        make_read_only(store)
        with pytest.raises(StoreError, match=r"readonly database; nothing was changed"):
            store.save_answers(reply.id, ga_form, {"pt1.og1.a": "Typed after the remount.", "pt1.og1.c": "New."})
        with pytest.raises(StoreError, match=r"readonly database; nothing was changed"):
            store.add_note(reply.id, ga_form, "pt1.og1.a", "Please cite the Act.")
        assert store.values(reply.id) == before  # and the open store still reads it
    with Store.open(db_path, write=False) as fresh:
        assert fresh.values(reply.id) == before
        assert [(h.key, h.revision, h.value) for h in fresh.history(reply.id)] == history
        assert fresh.notes(reply.id) == []
    assert raw(db_path, "PRAGMA integrity_check") == [("ok",)]
    assert raw(db_path, "SELECT key, revision FROM answer ORDER BY key") == [("pt1.og1.a", 1), ("pt1.og1.b", 1)]
    assert raw(db_path, "SELECT count(*) FROM answer_history") == [(2,)]  # no half-written revision


# -- the command line ------------------------------------------------------------------------------------------------
#: Run in the child before the command: give up root's exemption from permission checks, then start it.
_AS_ANY_USER = (
    "import ctypes, os, sys\n"
    "if os.geteuid() == 0:\n"
    "    prctl = ctypes.CDLL(None, use_errno=True).prctl\n"
    "    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, out of the bounding set\n"
    "        if prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP\n"
    "            sys.exit(f'cannot drop capability {capability}: {os.strerror(ctypes.get_errno())}')\n"
    "os.execv(sys.executable, [sys.executable, *sys.argv[1:]])\n"
)


def run_as_any_user(db_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "REPLYDESK_DB": str(db_path), "PYTHONUTF8": "1"}
    return subprocess.run([sys.executable, "-c", _AS_ANY_USER, *args], capture_output=True, text=True,
                          encoding="utf-8", env=environment, timeout=60)


@pytest.fixture
def permissions_apply(tmp_path) -> None:
    """Skip, saying why, where a read-only file cannot be made read-only for the child process."""
    if sys.platform == "win32":
        pytest.skip("the read-only database is made with POSIX permissions (chmod), which Windows does not have")
    probe = tmp_path / "probe.txt"
    probe.write_text("")
    probe.chmod(0o444)
    try:
        result = run_as_any_user(tmp_path / "unused.sqlite3", "-c", f"open({str(probe)!r}, 'a')")
    finally:
        probe.chmod(0o644)
    if result.returncode == 0:
        pytest.skip("this process may write read-only files even after dropping CAP_DAC_OVERRIDE")
    if "cannot drop capability" in result.stderr:
        pytest.skip(f"running as root without CAP_SETPCAP, so root's exemption cannot be dropped: {result.stderr}")


@pytest.mark.usefixtures("permissions_apply")
@pytest.mark.parametrize("read_only", ["file", "folder", "file and folder"])
def test_set_on_a_read_only_database_exits_with_one_line_and_works_once_it_is_writable(cli, db_path, read_only):
    created = cli("new", "--form", "global-alliance-2014", "--country", "Denmark", "--year", "2014")
    reply_id = created.last_line
    assert cli("set", reply_id, "pt1.og1.a", "--text", "Saved before.").code == 0
    history = raw(db_path, "SELECT key, revision, value FROM answer_history ORDER BY id", tidy=True)
    assert not db_path.with_name(db_path.name + "-wal").exists()  # closed as Reply Desk leaves it: no -wal, -shm
    folder = db_path.parent
    if "file" in read_only:
        db_path.chmod(0o444)
    if "folder" in read_only:
        folder.chmod(0o555)
    try:
        result = run_as_any_user(db_path, "-m", "replydesk", "set", reply_id, "pt1.og1.a", "--text", "Changed.")
    finally:  # the user makes it writable again: the folder, and the database file itself
        folder.chmod(0o755)
        db_path.chmod(0o644)
    assert result.returncode == 1, result
    assert result.stdout == "" and len(result.stderr.strip().splitlines()) == 1, result.stderr
    message = result.stderr.strip()
    assert message.startswith("replydesk set: ") and "Traceback" not in message
    assert re.search("read-?only", message) and "nothing was changed" in message and str(db_path) in message
    assert "not a Reply Desk database" not in message and "restore it from a backup" not in message
    assert raw(db_path, "PRAGMA integrity_check") == [("ok",)]
    assert raw(db_path, "SELECT key, revision, value FROM answer_history ORDER BY id") == history

    again = run_as_any_user(db_path, "-m", "replydesk", "set", reply_id, "pt1.og1.a", "--text", "Changed.")
    assert (again.returncode, again.stdout.strip()) == (0, "Saved pt1.og1.a"), again.stderr
    assert cli("show", reply_id, "--json").json()["pt1.og1.a"] == "Changed."


# -- the window ------------------------------------------------------------------------------------------------------
def test_the_window_keeps_text_typed_on_a_read_only_disk_and_saves_it_once_writable(open_window, db_path, qtbot,
                                                                                     dialogs):
    from PySide6.QtCore import Qt
    from tests.test_window import focused_editor_key
    from tests.ui_helpers import new_reply, stored_values

    reply_id = new_reply(db_path, answers={"pt1.og1.a": "Saved before."})
    window = open_window(reply_id)
    qtbot.waitUntil(lambda: focused_editor_key(window) == "pt1.og1.b")
    disk = make_read_only(window.store)
    edit = window.pane.editor("pt1.og1.b").edit
    qtbot.keyClicks(edit, "Typed while the share was read-only")
    qtbot.keyClick(edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    status = window.save_label.text()
    assert status.startswith("Not saved") and "readonly database" in status and "Your text is kept" in status
    assert edit.toPlainText() == "Typed while the share was read-only"
    assert window.session.has_pending
    assert stored_values(db_path, reply_id) == {"pt1.og1.a": "Saved before."}

    assert not window.close()  # closing warns that the text would be lost, and the window stays
    assert dialogs[-1][0] == "warning" and "could not be saved" in dialogs[-1][2]
    assert window.isVisible() and edit.toPlainText() == "Typed while the share was read-only"

    disk["read_only"] = False  # the share is writable again; the app's next connection can write
    window.store._engine.dispose()
    qtbot.waitUntil(  # "will be saved again shortly": the retry saves it without another keystroke
        lambda: stored_values(db_path, reply_id).get("pt1.og1.b") == "Typed while the share was read-only",
        timeout=8000)
    qtbot.waitUntil(lambda: window.save_label.text().startswith("Saved "))
    assert not window.session.has_pending
