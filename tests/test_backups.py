"""Automatic daily backups (kept 14 days) and restoring one."""

from __future__ import annotations

import datetime as dt
import sqlite3

from replydesk.store import Store
from replydesk.store.backups import daily_backup, list_backups


def test_a_writer_makes_at_most_one_backup_a_day_and_old_ones_go(db_path, ga_form):
    with Store.open(db_path, write=True) as store:
        store.create_reply(ga_form, "DENMARK", 2014)
    assert list_backups(db_path) == []  # a new file has nothing to back up yet
    with Store.open(db_path, write=True):
        pass
    with Store.open(db_path, write=True):
        pass
    (today,) = list_backups(db_path)
    assert today.day == dt.date.today()
    assert sqlite3.connect(today.path).execute("SELECT country FROM reply").fetchall() == [("DENMARK",)]
    for days in (3, 15, 20):
        daily_backup(db_path, dt.date.today() + dt.timedelta(days=days))
    kept = {b.day for b in list_backups(db_path)}
    assert dt.date.today() not in kept and dt.date.today() + dt.timedelta(days=3) not in kept
    assert kept == {dt.date.today() + dt.timedelta(days=15), dt.date.today() + dt.timedelta(days=20)}


def test_restoring_a_backup_brings_back_the_earlier_state_and_keeps_a_safety_copy(db_path, ga_form):
    with Store.open(db_path, write=True) as store:
        reply = store.create_reply(ga_form, "DENMARK", 2014)
        store.save_answers(reply.id, ga_form, {"pt1.og1.a": "Monday's text"})
    with Store.open(db_path, write=True) as store:
        (backup,) = list_backups(db_path)
        store.save_answers(reply.id, ga_form, {"pt1.og1.a": "Tuesday's mistake"})
        safety = store.restore_backup(backup.path)
        assert store.values(reply.id) == {"pt1.og1.a": "Monday's text"}
        store.save_answers(reply.id, ga_form, {"pt1.og1.b": "work goes on after the restore"})
    assert sqlite3.connect(db_path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    safe = sqlite3.connect(safety).execute("SELECT value FROM answer WHERE key = 'pt1.og1.a'").fetchone()[0]
    assert safe == '"Tuesday\'s mistake"'
    assert any(b.before_restore for b in list_backups(db_path))


def test_restore_from_backup_in_the_window(open_window, db_path, qtbot, monkeypatch, dialogs):
    from PySide6.QtWidgets import QInputDialog
    from tests.ui_helpers import new_reply

    reply_id = new_reply(db_path, answers={"pt1.og1.a": "Good text"})
    window = open_window(reply_id)  # opening for writing made today's backup
    window.go_to_question("pt1.og1.a")
    edit = window.pane.editor("pt1.og1.a").edit
    edit.selectAll()
    qtbot.keyClicks(edit, "Ruined")
    window.save_now()
    monkeypatch.setattr(QInputDialog, "getItem", lambda _p, _t, _l, items, *a, **k: (items[0], True))
    window.restore_backup()
    assert window.session.value("pt1.og1.a") == "Good text"
    assert window.pane.editor("pt1.og1.a").edit.toPlainText() == "Good text"
    assert window.save_label.text().startswith("Restored the backup of")
