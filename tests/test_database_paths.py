"""The draft database is one file whatever the path, and odd input gets a message, not a traceback (issue 15).

Each case runs the real ``replydesk`` command on real files, as a user or a script would.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from replydesk.store import DatabaseBusy, Store
from replydesk.store.backups import daily_backup, list_backups

NEW = ("new", "--form", "global-alliance-2014", "--country", "Denmark", "--year", "2014")


def user_version(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        return db.execute("PRAGMA user_version").fetchone()[0]
    finally:
        db.close()


def answered(shown: dict) -> dict:
    return {key: value for key, value in shown.items() if value is not None}


# -- 7. one lock per file, whatever the path -------------------------------------------------------------
def test_a_second_writer_through_a_symlink_is_refused(cli, db_path, tmp_path):
    assert cli(*NEW).code == 0
    link = tmp_path / "elsewhere" / "same-file.sqlite3"
    link.parent.mkdir()
    link.symlink_to(db_path)
    with Store.open(db_path, write=True, purpose="a colleague's window"):
        result = cli("set", "1", "pt1.og1.a", "--text", "typed through the link", env={"REPLYDESK_DB": str(link)})
        assert result.code == 3, result.err
        assert "a colleague's window" in result.err
        with pytest.raises(DatabaseBusy):
            Store.open(link, write=True)
    assert answered(cli("show", "1", "--json").json()) == {}


# -- 8. a mistyped --db never makes a database ---------------------------------------------------------------
@pytest.mark.parametrize("command", [("list",), ("show", "1"), ("notes", "1"), ("export", "1", "--docx", "x.docx"),
                                     ("compare", "1"), ("check", "1"),
                                     ("aggregate", "--form", "global-alliance-2014", "--year", "2014",
                                      "--xlsx", "all.xlsx")])
def test_commands_that_only_read_refuse_a_missing_database(cli, tmp_path, command):
    missing = tmp_path / "drafts-typo.sqlite3"
    result = cli("--db", str(missing), *command)
    assert result.code == 2, result.out + result.err
    assert str(missing) in result.err and "replydesk new" in result.err
    assert "unexpected" not in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == [], "nothing was created: no database, no report"


def test_a_missing_folder_is_never_created(cli, tmp_path):
    missing = tmp_path / "no-such-folder" / "x.sqlite3"
    for command in (("list",), NEW):
        result = cli("--db", str(missing), *command)
        assert result.code == 2, result.err
        assert "no-such-folder" in result.err
        assert not missing.parent.exists()


def test_a_command_that_writes_says_it_created_the_database(cli, db_path):
    first = cli(*NEW)
    assert first.code == 0 and f"created new database {db_path}" in first.err
    second = cli("new", "--form", "global-alliance-2014", "--country", "Norway", "--year", "2014")
    assert second.code == 0 and "created" not in second.err


# -- 9. backups keyed by the whole file name -------------------------------------------------------------
def test_two_databases_with_the_same_stem_keep_their_own_backups(tmp_path, ga_form):
    first, second = tmp_path / "drafts.sqlite3", tmp_path / "drafts.db"
    for path, country in ((first, "DENMARK"), (second, "NORWAY")):
        with Store.open(path, write=True) as store:
            store.create_reply(ga_form, country, 2014)
    today = dt.date.today()
    assert daily_backup(first, today) is not None
    assert daily_backup(second, today) is not None, "the second database gets a backup of its own"
    for path, country in ((first, "DENMARK"), (second, "NORWAY")):
        (backup,) = list_backups(path)
        with Store.open(backup.path, write=False) as copy:
            assert [r.country for r in copy.replies()] == [country]


# -- 10. odd databases and odd input: a message and the documented exit code -----------------------------------
def test_a_copy_made_with_dump_is_recognised_and_a_read_only_command_writes_nothing(cli, db_path, tmp_path):
    assert cli(*NEW).code == 0
    assert cli("set", "1", "pt1.og1.a", "--text", "Kept through the dump.").code == 0
    copy = tmp_path / "copy.sqlite3"
    source = sqlite3.connect(db_path)
    target = sqlite3.connect(copy)
    target.executescript("\n".join(source.iterdump()))
    source.close()
    target.close()
    assert user_version(copy) == 0
    listed = cli("--db", str(copy), "list", "--json")
    assert listed.code == 0, listed.err
    assert [r["country"] for r in listed.json()] == ["DENMARK"]
    assert user_version(copy) == 0, "a command that only reads never writes the file"
    assert cli("--db", str(copy), "set", "1", "pt1.og1.b", "--text", "New text.").code == 0
    assert answered(cli("--db", str(copy), "show", "1", "--json").json()) == {
        "pt1.og1.a": "Kept through the dump.", "pt1.og1.b": "New text."}


def test_a_negative_schema_version_is_refused_and_left_alone(cli, db_path):
    assert cli(*NEW).code == 0
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA user_version = -1")
    db.close()
    for command in (("list",), ("set", "1", "pt1.og1.a", "--text", "x")):
        result = cli(*command)
        assert result.code == 1, result.err
        assert "schema version is -1" in result.err and "unexpected" not in result.err
    assert user_version(db_path) == -1


def test_a_table_row_given_as_a_list_is_refused_with_a_message(cli):
    assert cli("new", "--form", "coe-ocsea-baseline", "--country", "Denmark", "--year", "2021").code == 0
    result = cli("set", "1", "mnr.capabilities", "--text", '[{"row":["c01"],"score":1}]')
    assert result.code == 1 and "is not one of the rows" in result.err and "unexpected" not in result.err


def test_json_nested_too_deeply_is_refused_with_a_message(cli, tmp_path):
    assert cli("new", "--form", "coe-ocsea-baseline", "--country", "Denmark", "--year", "2021").code == 0
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    result = cli("set", "1", "mnr.capabilities", "--file", str(deep))
    assert result.code == 1 and "nested too deeply" in result.err and "unexpected" not in result.err


@pytest.mark.parametrize("reply_id", ["99999999999999999999999", "9223372036854775808", "-1", "0"])
def test_a_reply_id_that_cannot_exist_is_an_unknown_reply(cli, reply_id):
    assert cli(*NEW).code == 0
    for command in (("show", reply_id), ("set", reply_id, "pt1.og1.a", "--text", "x"), ("notes", reply_id)):
        result = cli(*command)
        assert result.code == 2, result.err
        assert f"there is no reply {reply_id}" in result.err


@pytest.mark.parametrize("year", ["0", "-5", "99999", "2014.5"])
def test_years_outside_the_reporting_range_are_refused(cli, db_path, year):
    result = cli("new", "--form", "global-alliance-2014", "--country", "Denmark", "--year", year)
    assert result.code == 2 and "reporting year" in result.err
    assert not db_path.exists()


def test_an_export_to_a_path_that_is_no_file_is_refused_with_a_message(cli, tmp_path):
    assert cli(*NEW).code == 0
    for option, target in (("--xlsx", "/proc/version"), ("--docx", "/proc/version.docx")):
        result = cli("export", "1", option, target)
        assert result.code == 1, result.err
        assert target in result.err and "unexpected" not in result.err


def test_exported_files_get_the_users_ordinary_permissions(cli, tmp_path):
    assert cli(*NEW).code == 0
    target = tmp_path / "denmark.xlsx"
    assert cli("export", "1", "--xlsx", str(target)).code == 0
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_notes_json_output_is_still_json(cli):
    assert cli(*NEW).code == 0
    assert cli("note", "1", "pt1.og1.a", "--text", "Please cite the Act").code == 0
    assert json.loads(cli("notes", "1", "--json").out)[0]["text"] == "Please cite the Act"
