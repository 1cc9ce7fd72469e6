"""The draft store: durable settings, migrations, history, one transaction per save, one writer."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap

import pytest
from sqlmodel import SQLModel
from tests.pg_server import raw_database

from replydesk.definitions.values import ValueProblem
from replydesk.store import (
    DatabaseBusy,
    NewerDatabase,
    ReadOnly,
    ReplyExists,
    Store,
    StoreError,
    tables,
)
from replydesk.store.migrations import SCHEMA_VERSION


@pytest.mark.file_only
def test_file_is_wal_with_full_sync_and_current_schema(store, db_path):
    raw = sqlite3.connect(db_path)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    with store._engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


@pytest.mark.file_only
def test_migrated_schema_matches_the_sqlmodel_tables(store, db_path):
    raw = sqlite3.connect(db_path)
    classes = [model.__table__ for model in tables.every_table()]
    on_disk_tables = {row[0] for row in raw.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    assert on_disk_tables == {table.name for table in classes}
    for table in classes:
        on_disk = {row[1] for row in raw.execute(f"PRAGMA table_info({table.name})")}
        assert on_disk == {c.name for c in table.columns}, table.name
    assert set(SQLModel.metadata.tables) == on_disk_tables  # no table class outside the store's tables


def test_an_old_empty_file_is_migrated_and_a_newer_one_refused(tmp_path):
    old = tmp_path / "old.sqlite3"
    sqlite3.connect(old).close()
    Store.open(old, write=True).close()
    assert sqlite3.connect(old).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    newer = tmp_path / "newer.sqlite3"
    con = sqlite3.connect(newer)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.close()
    with pytest.raises(NewerDatabase, match="newer version of Reply Desk"):
        Store.open(newer, write=True)
    assert sqlite3.connect(newer).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1


def test_a_file_that_is_not_a_database_gets_a_clear_message(tmp_path):
    bogus = tmp_path / "report.docx"
    bogus.write_bytes(b"PK\x03\x04 this is not sqlite" * 100)
    with pytest.raises(StoreError, match="is not a Reply Desk database"):
        Store.open(bogus, write=True)
    assert bogus.read_bytes().startswith(b"PK\x03\x04 this is not sqlite")


def test_every_save_is_in_the_append_only_history(store, ga_form, db_path):
    reply = store.create_reply(ga_form, "DENMARK", 2014, by="anna")
    store.save_answers(reply.id, ga_form, {"pt1.og1.a": "first"}, by="anna", source="gui")
    store.save_answers(reply.id, ga_form, {"pt1.og1.a": "second"}, by="ben", source="cli")
    assert store.save_answers(reply.id, ga_form, {"pt1.og1.a": "second"}, by="ben") == []  # no-op
    history = store.history(reply.id, "pt1.og1.a")
    assert [(h.revision, h.value, h.changed_by) for h in history] == [
        (1, '"first"', "anna"), (2, '"second"', "ben")]
    raw, error = raw_database(db_path)
    with pytest.raises(error, match="append-only"):
        raw.execute("UPDATE answer_history SET value = 'forged'")
    with pytest.raises(error, match="append-only"):
        raw.execute("DELETE FROM answer_history")


def test_a_save_with_one_bad_value_saves_nothing(store, ga_form):
    reply = store.create_reply(ga_form, "DENMARK", 2014)
    with pytest.raises(ValueProblem):
        store.save_answers(reply.id, ga_form, {"pt1.og1.a": "fine", "pt1.og1.b": "bad \ud800"})
    with pytest.raises(StoreError, match="no question"):
        store.save_answers(reply.id, ga_form, {"pt1.og1.a": "fine", "pt9.og9.z": "x"})
    assert store.values(reply.id) == {}
    assert store.history(reply.id) == []


def test_same_country_form_and_year_is_one_reply(store, ga_form):
    first = store.create_reply(ga_form, "DENMARK", 2014)
    with pytest.raises(ReplyExists) as caught:
        store.create_reply(ga_form, "DENMARK", 2014)
    assert caught.value.reply_id == first.id
    assert store.create_reply(ga_form, "DENMARK", 2015).id != first.id


def test_final_reply_refuses_changes_and_records_who(store, ga_form):
    reply = store.create_reply(ga_form, "DENMARK", 2014)
    store.set_reply_status(reply.id, "final", by="anna")
    with pytest.raises(StoreError, match="final"):
        store.save_answers(reply.id, ga_form, {"pt1.og1.a": "late edit"})
    store.set_reply_status(reply.id, "drafting", by="ben", detail="reopened")
    assert [(e.action, e.by) for e in store.events(reply.id)][-2:] == [("status:final", "anna"),
                                                                        ("status:drafting", "ben")]


def test_notes_belong_to_an_answer(store, ga_form):
    reply = store.create_reply(ga_form, "DENMARK", 2014)
    store.add_note(reply.id, ga_form, "pt2.og1.b", "Please add figures", author="reviewer")
    (note,) = store.notes(reply.id)
    assert (note.key, note.author, note.text) == ("pt2.og1.b", "reviewer", "Please add figures")


def test_a_reader_cannot_write(db_path, ga_form):
    Store.open(db_path, write=True).close()
    with Store.open(db_path, write=False) as reader, pytest.raises(ReadOnly):
        reader.create_reply(ga_form, "DENMARK", 2014)


HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from replydesk.store import Store
    store = Store.open(Path(sys.argv[1]), write=True, purpose="the holder test")
    print("holding", flush=True)
    sys.stdin.readline()
    """
)


@pytest.mark.file_only
def test_a_second_writer_process_is_refused_clearly_and_the_file_stays_sound(db_path, ga_form):
    with Store.open(db_path, write=True) as store:
        store.create_reply(ga_form, "DENMARK", 2014)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(DatabaseBusy) as caught:
            Store.open(db_path, write=True)
        message = str(caught.value)
        assert "the holder test" in message and f"process {holder.pid}" in message
        with Store.open(db_path, write=False) as reader:  # reading is still fine
            assert len(reader.replies()) == 1
    finally:
        holder.kill()
        holder.wait()
    with Store.open(db_path, write=True) as store:  # the OS dropped the dead holder's lock
        assert len(store.replies()) == 1
    assert sqlite3.connect(db_path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_an_import_that_fails_midway_leaves_no_reply_behind(store, ga_form):
    def failing_extra_rows(reply):
        raise RuntimeError("disk trouble while recording the import")

    with pytest.raises(RuntimeError):
        store.import_answers(ga_form, "DENMARK", 2014, {"pt1.og1.a": "imported"}, reply_id=None, source="x.xlsx",
                             also=failing_extra_rows)
    assert store.replies() == []
    reply, changed = store.import_answers(ga_form, "DENMARK", 2014, {"pt1.og1.a": "imported"}, reply_id=None,
                                          source="x.xlsx")
    assert changed == ["pt1.og1.a"] and store.values(reply.id) == {"pt1.og1.a": "imported"}


def test_text_not_yet_valid_is_kept_beside_the_last_valid_answer_until_corrected_or_discarded(store, ga_form,
                                                                                             db_path):
    reply = store.create_reply(ga_form, "DENMARK", 2014)
    store.save_answers(reply.id, ga_form, {"pt1.og1.a": "Valid before."})
    store.save_answers(reply.id, ga_form, {"pt1.og1.b": "Typed too."},
                       pending={"pt1.og1.a": ("Typed, not yet valid", "some reason")})
    kept = store.pending_texts(reply.id)
    assert {key: (row.text, row.reason) for key, row in kept.items()} == {
        "pt1.og1.a": ("Typed, not yet valid", "some reason")}
    assert store.values(reply.id) == {"pt1.og1.a": "Valid before.", "pt1.og1.b": "Typed too."}
    revisions = len(store.history(reply.id, "pt1.og1.a"))
    store.save_answers(reply.id, ga_form, {}, pending={"pt1.og1.a": ("Typed again", "another reason")})
    assert store.pending_texts(reply.id)["pt1.og1.a"].reason == "another reason"
    assert len(store.history(reply.id, "pt1.og1.a")) == revisions  # the answer's history is of its values only
    with pytest.raises(StoreError, match="both saved and kept"):
        store.save_answers(reply.id, ga_form, {"pt1.og1.a": "x"}, pending={"pt1.og1.a": ("y", "z")})
    store.save_answers(reply.id, ga_form, {"pt1.og1.a": "Corrected."})  # a valid value clears the kept text
    assert store.pending_texts(reply.id) == {}
    store.save_answers(reply.id, ga_form, {}, pending={"pt1.og1.c": ("kept", "why")})
    assert store.discard_pending(reply.id, ["pt1.og1.c"]) == ["pt1.og1.c"]
    assert store.pending_texts(reply.id) == {} and "pt1.og1.c" not in store.values(reply.id)


def test_a_reply_with_kept_text_is_not_final(store, registry):
    form = registry.get("coe-ocsea-baseline").resolved(2020)
    reply = store.create_reply(form, "DENMARK", 2020)
    store.save_answers(reply.id, form, {}, pending={form.slots[0].key: ("abc", "not a number")})
    with pytest.raises(StoreError, match="typed text not yet valid: not a number"):
        store.set_reply_status(reply.id, "final", form=form)
