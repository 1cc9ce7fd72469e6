"""Hostile SQLite files given with --db: each is refused before any change, in one line, with exit 1.

Each file starts as a real Reply Desk database (a reply with one answer) and is then altered as an
attacker with the sqlite3 shell would: a trigger that rewrites every save, a trigger that recurses
forever, the history replaced by a view that swallows what is written, renamed columns; or it is empty,
or damaged. The command must leave the file byte for byte as it was and put nothing beside it (no lock
file, backup folder, WAL or shared-memory file).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from replydesk.store import Store, file_check


def _valid(folder: Path, ga_form) -> Path:
    path = folder / "made" / "drafts.sqlite3"
    path.parent.mkdir()
    with Store.open(path, write=True) as store:
        reply = store.create_reply(ga_form, "Denmark", 2014, by="Anna")
        store.save_answers(reply.id, ga_form, {"pt1.og1.a": "The Act of 2012."}, by="Anna")
    target = folder / "given" / "drafts.sqlite3"
    target.parent.mkdir()
    target.write_bytes(path.read_bytes())  # alone in its folder: only what a command adds would be beside it
    return target


def _alter(path: Path, *statements: str) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = DELETE")  # as the sqlite3 shell leaves a file
    for statement in statements:
        db.execute(statement)
    db.close()


HISTORY_COLUMNS = ("reply_id, key, revision, value, review_status, changed_at, changed_by, source, carried_over, "
                   "login")

HOSTILE = {
    "a trigger that rewrites every save": (
        "CREATE TRIGGER rewrite AFTER INSERT ON answer_history BEGIN "
        "UPDATE answer SET value = '\"Rewritten.\"' WHERE reply_id = NEW.reply_id; END",),
    "a trigger that recurses forever": (
        "CREATE TRIGGER again AFTER INSERT ON answer_history BEGIN "
        f"INSERT INTO answer_history ({HISTORY_COLUMNS}) SELECT reply_id, key, revision + 1, value, review_status, "
        "changed_at, changed_by, source, carried_over, login FROM answer_history WHERE id = NEW.id; END",),
    "the history replaced by a view that swallows inserts": (
        "DROP TABLE answer_history",
        f"CREATE VIEW answer_history AS SELECT id, {HISTORY_COLUMNS} FROM (SELECT 0 AS id, "
        "0 AS reply_id, '' AS key, 0 AS revision, NULL AS value, '' AS review_status, '' AS changed_at, "
        "'' AS changed_by, '' AS source, 0 AS carried_over, '' AS login) WHERE 0",
        "CREATE TRIGGER swallow INSTEAD OF INSERT ON answer_history BEGIN SELECT 1; END",),
    "renamed columns": ("ALTER TABLE answer RENAME COLUMN updated_by TO author",),
    "an extra index": ("CREATE INDEX watch ON answer (value)",),
}


def _beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def _refused_unchanged(cli, path: Path, *args: str, says: str) -> None:
    before, beside = path.read_bytes(), _beside(path)
    result = cli("--db", str(path), *args)
    assert result.code == 1, result.out
    assert len(result.err.strip().splitlines()) == 1, result.err
    assert says in result.err and str(path) in result.err
    assert "unexpected" not in result.err and "Traceback" not in result.err
    assert path.read_bytes() == before
    assert _beside(path) == beside


@pytest.mark.parametrize("name", HOSTILE)
def test_a_file_with_sql_reply_desk_did_not_write_is_refused_before_any_change(cli, tmp_path, ga_form, name):
    path = _valid(tmp_path, ga_form)
    _alter(path, *HOSTILE[name])
    _refused_unchanged(cli, path, "set", "1", "pt2.og1.a", "--text", "A save.", says="not a Reply Desk database")
    _refused_unchanged(cli, path, "show", "1", says="not a Reply Desk database")


def test_the_refusal_names_what_is_foreign(tmp_path, ga_form):
    path = _valid(tmp_path, ga_form)
    _alter(path, *HOSTILE["a trigger that rewrites every save"])
    with pytest.raises(file_check.UntrustedFile, match="trigger 'rewrite' that Reply Desk did not make"):
        Store.open(path, write=True)
    (tmp_path / "second").mkdir()
    view = _valid(tmp_path / "second", ga_form)
    _alter(view, *HOSTILE["the history replaced by a view that swallows inserts"])
    with pytest.raises(file_check.UntrustedFile, match="view 'answer_history'"):
        Store.open(view, write=True)


def test_an_empty_file_given_to_a_command_that_reads_stays_empty(cli, tmp_path):
    path = tmp_path / "given" / "empty.sqlite3"
    path.parent.mkdir()
    path.write_bytes(b"")
    _refused_unchanged(cli, path, "list", says="is empty, not a Reply Desk database")


def test_a_damaged_file_gets_one_line(cli, tmp_path, ga_form):
    path = _valid(tmp_path, ga_form)
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xde\xad" * ((4096 - 100) // 2)  # the schema page overwritten
    path.write_bytes(bytes(data))
    _refused_unchanged(cli, path, "set", "1", "pt2.og1.a", "--text", "A save.", says="damaged")
    garbage = tmp_path / "given" / "garbage.sqlite3"
    garbage.write_bytes(b"Not a database at all, but some notes saved with the wrong name.\n" * 100)
    _refused_unchanged(cli, garbage, "list", says="damaged")


def test_a_valid_file_is_trusted_and_its_saves_keep_working(cli, tmp_path, ga_form):
    path = _valid(tmp_path, ga_form)
    assert cli("--db", str(path), "set", "1", "pt2.og1.a", "--text", "A save.").code == 0
    shown = cli("--db", str(path), "history", "1", "pt2.og1.a", "--json").json()
    assert [revision["value"] for revision in shown] == ["A save."]


def test_every_connection_distrusts_the_files_sql_and_stops_a_runaway(tmp_path, ga_form, monkeypatch):
    """Behind the schema check: trusted_schema off, no recursive triggers, and a statement that runs away is
    stopped (here one with a limit of a fraction of a second)."""
    path = _valid(tmp_path, ga_form)
    monkeypatch.setattr(file_check, "RUNAWAY_SECONDS", 0.2)
    with Store.open(path, write=True) as store, store._read() as session:
        connection = session.connection().connection.dbapi_connection
        assert connection.execute("PRAGMA trusted_schema").fetchone()[0] == 0
        assert connection.execute("PRAGMA recursive_triggers").fetchone()[0] == 0
        with pytest.raises(OperationalError, match="interrupted"):
            session.execute(text("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
                                 "SELECT count(*) FROM n"))
