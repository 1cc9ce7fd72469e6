"""A full disk during a save leaves the previous state intact and says so; the window keeps the text."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import event

from replydesk.store import Store, StoreError


def fill_the_disk(store: Store) -> dict[str, bool]:
    """New connections may not grow the file (SQLite reports SQLITE_FULL, as on a full disk) while full is on."""
    disk = {"full": True}

    @event.listens_for(store._engine, "connect")
    def _limit(dbapi_connection, _record) -> None:
        if disk["full"]:
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    store._engine.dispose()
    return disk


def test_a_save_on_a_full_disk_changes_nothing_and_says_so(db_path, ga_form):
    with Store.open(db_path, write=True) as store:
        reply = store.create_reply(ga_form, "DENMARK", 2014)
        store.save_answers(reply.id, ga_form, {"pt1.og1.a": "saved before the disk filled"})
        fill_the_disk(store)
        with pytest.raises(StoreError, match="full.*nothing was changed"):
            store.save_answers(reply.id, ga_form, {"pt1.og1.a": "x" * 500_000, "pt1.og1.b": "y" * 500_000})
        assert store.values(reply.id) == {"pt1.og1.a": "saved before the disk filled"}
    assert sqlite3.connect(db_path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_the_window_keeps_unsaved_text_and_saves_it_when_space_returns(open_window, db_path, qtbot):
    from tests.ui_helpers import new_reply, stored_values

    reply_id = new_reply(db_path)
    window = open_window(reply_id)
    store = window.store
    disk = fill_the_disk(store)
    window.session.stage("pt1.og1.a", "z" * 400_000)
    assert window.session.flush() is False
    assert window.save_label.text().startswith("Not saved") and "full" in window.save_label.text()
    assert window.session.has_pending and window.session.value("pt1.og1.a") == "z" * 400_000
    disk["full"] = False  # space was freed
    store._engine.dispose()
    assert window.session.flush() is True
    assert stored_values(db_path, reply_id)["pt1.og1.a"] == "z" * 400_000
