"""The same store on a team's PostgreSQL server: the command line's contract, many writers, the schema.

A real server (tests/pg_server.py), a fresh database per test, the real ``replydesk`` command
in child processes with ``--db postgresql://…``, as a ministry's scripts and officials use it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from tests.ui_helpers import window_on

import pg_server
from replydesk.store import Store
from replydesk.store.migrations import SCHEMA_VERSION


@pytest.fixture(scope="session")
def server():
    yield from pg_server.start()


@pytest.fixture
def url(server) -> str:
    return server.new_database()


@pytest.fixture
def on_server(cli, url):
    """``replydesk --db URL …``."""
    return lambda *args, **kwargs: cli("--db", url, *args, **kwargs)


def test_the_command_line_works_the_same_on_a_server(on_server, url, tmp_path: Path):
    first = on_server("list")
    assert first.code == 2 and "has no Reply Desk tables of this version yet" in first.err  # a reader creates nothing
    created = on_server("new", "--form", "global-alliance-2014", "--country", "Denmark", "--year", "2014")
    assert created.code == 0, created.err
    reply = created.last_line
    assert on_server("set", reply, "pt1.og1.a", "--text", "Five Children's Houses.").code == 0
    assert on_server("set", reply, "pt1.og1.a", "--text", "Five Children's Houses, one per region.").code == 0
    assert on_server("show", reply, "--json").json()["pt1.og1.a"] == "Five Children's Houses, one per region."
    assert on_server("note", reply, "pt1.og1.a", "--text", "Source?", "--author", "Anna").code == 0
    assert "Source?" in on_server("notes", reply).out
    listed = on_server("list", "--json").json()
    assert [(r["country"], r["year"], r["status"]) for r in listed] == [("DENMARK", 2014, "drafting")]
    refused = on_server("set", reply, "pt1.og1.b", "--text", "x" * 10, "--file", "-")
    assert refused.code == 2
    with psycopg.connect(url) as db:
        assert db.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
        history = db.execute("SELECT revision, value FROM answer_history WHERE key = 'pt1.og1.a' "
                             "ORDER BY revision").fetchall()
        assert [revision for revision, _ in history] == [1, 2]
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            db.execute("UPDATE answer_history SET value = NULL")


def test_two_colleagues_saving_at_once_both_land(on_server, url):
    """No lock file on a server: the justice and interior ministries write the same reply at the same time."""
    reply = on_server("new", "--form", "global-alliance-2014", "--country", "Denmark", "--year", "2014").last_line
    processes = [subprocess.Popen([sys.executable, "-m", "replydesk", "--db", url, "set", reply, key, "--text",
                                   f"Written by the ministry of {who}."], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
                 for key, who in (("pt2.og1.a", "justice"), ("pt3.og1.a", "interior"), ("pt4.og1.a", "education"))]
    for process in processes:
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
    values = on_server("show", reply, "--json").json()
    assert values["pt2.og1.a"] == "Written by the ministry of justice."
    assert values["pt3.og1.a"] == "Written by the ministry of interior."
    assert values["pt4.og1.a"] == "Written by the ministry of education."


def test_two_reply_desks_creating_the_schema_at_once_wait_for_each_other(url):
    processes = [subprocess.Popen([sys.executable, "-m", "replydesk", "--db", url, "new", "--form",
                                   "global-alliance-2014", "--country", country, "--year", "2014"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for country in ("Denmark", "Norway", "Sweden")]
    for process in processes:
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
    with Store.open(url, write=False) as store:
        assert sorted(r.country for r in store.replies()) == ["DENMARK", "NORWAY", "SWEDEN"]


def test_a_return_workbook_imports_into_the_server_in_one_transaction(on_server, url, ga_form, tmp_path):
    from tests.test_excel_import import write_return

    path = write_return(ga_form, tmp_path / "norway.xlsx", country="NORWAY")
    result = on_server("import", str(path))
    assert result.code == 0, result.err
    with Store.open(url, write=False) as store:
        (reply,) = store.replies()
        values = store.values(reply.id)
    assert reply.country == "NORWAY" and len(values) == 21


def test_themes_and_the_synthesis_report_work_on_a_server(on_server, url, ga_form, tmp_path):
    import docx

    with Store.open(url, write=True) as store:
        for country, text in (("BELGIUM", "Belgium takes part in the IN-4-MATION project."),
                              ("SWEDEN", "Sweden participates in the IN-4-MATION project.")):
            reply = store.create_reply(ga_form, country, 2014)
            store.save_answers(reply.id, ga_form, {"pt1.og1.b": text})
    theme = on_server("theme", "add", "--form", "global-alliance-2014", "--year", "2014", "--under", "pt1.og1",
                      "--title", "IN-4-MATION").last_line
    assert on_server("theme", "tag", theme, "1", "pt1.og1.b", "--quote", "takes part in the IN-4-MATION project",
                     "--example").code == 0
    assert on_server("theme", "tag", theme, "2", "pt1.og1.b", "--quote", "participates in the IN-4-MATION").code == 0
    report = tmp_path / "synthesis.docx"
    assert on_server("report", "--form", "global-alliance-2014", "--year", "2014", "--docx", str(report)).code == 0
    text = [p.text for p in docx.Document(str(report)).paragraphs]
    assert "Belgium and Sweden." in text  # the action's draft narrative: its members
    assert [t for t in text if "“" in t] == ["Belgium: “Belgium takes part in the IN-4-MATION project.”"]


def test_an_unreachable_server_or_wrong_password_is_a_message_that_hides_the_password(cli, server):
    wrong = f"postgresql://postgres:hunter2@127.0.0.1:{server.port}/no_such_database"
    result = cli("--db", wrong, "list")
    assert result.code == 1
    assert "cannot reach the PostgreSQL database postgresql://postgres:•••@127.0.0.1" in result.err
    assert "hunter2" not in result.err and "unexpected" not in result.err


def test_a_server_database_from_a_newer_reply_desk_is_refused(on_server, url):
    assert on_server("new", "--form", "global-alliance-2014", "--country", "Denmark", "--year", "2014").code == 0
    with psycopg.connect(url, autocommit=True) as db:
        db.execute(f"UPDATE schema_version SET version = {SCHEMA_VERSION + 1}")
    result = on_server("list")
    assert result.code == 1 and "newer version of Reply Desk" in result.err


def test_an_official_drafts_in_the_window_on_the_server_and_a_colleague_reads_it(qtbot, url, ga_form, dialogs):
    """The window on a server database: typing is autosaved there, where the command line reads it at once."""
    with Store.open(url, write=True) as store:
        reply = store.create_reply(ga_form, "Denmark", 2014)
    with window_on(qtbot, url, reply.id) as window:
        assert window.database_label.text() == f"Database: {url.rsplit('/', 1)[1]} on 127.0.0.1"
        window.go_to_question("pt1.og1.a")
        edit = window.pane.editor("pt1.og1.a").edit
        edit.setFocus()
        qtbot.keyClicks(edit, "Typed in the window, kept on the server.")

        def on_server() -> dict:
            with Store.open(url, write=False) as colleague:
                return colleague.values(reply.id)

        qtbot.waitUntil(lambda: on_server().get("pt1.og1.a") == "Typed in the window, kept on the server.",
                        timeout=5000)
        qtbot.waitUntil(lambda: window.save_label.text().startswith("Saved "))  # (said once the save is back)
        window.reply_actions.restore_backup()
        assert dialogs[-1][1] == "Restore from backup" and "pg_dump" in dialogs[-1][2]


def test_saves_of_one_answer_at_the_same_moment_follow_one_another(on_server, url):
    """Six colleagues save the same answer at once: six revisions in order, none lost or numbered twice."""
    reply = on_server("new", "--form", "global-alliance-2014", "--country", "Denmark", "--year", "2014").last_line
    processes = [subprocess.Popen([sys.executable, "-m", "replydesk", "--db", url, "set", reply, "pt1.og1.a",
                                   "--text", f"Version {n}."], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for n in range(6)]
    for process in processes:
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
    with psycopg.connect(url) as db:
        history = db.execute("SELECT revision, value FROM answer_history WHERE key = 'pt1.og1.a' "
                             "ORDER BY revision").fetchall()
        current = db.execute("SELECT revision, value FROM answer WHERE key = 'pt1.og1.a'").fetchone()
    assert [revision for revision, _ in history] == [1, 2, 3, 4, 5, 6]
    assert sorted(value for _, value in history) == sorted(f'"Version {n}."' for n in range(6))
    assert current == history[-1]


def test_file_open_database_moves_the_window_from_a_file_to_the_teams_server(open_window, qtbot, url, ga_form,
                                                                            dialogs, db_path):
    """File ▸ Open database…, the server's address typed in: the window shows the server's replies."""
    from PySide6.QtGui import QAction
    from tests.ui_helpers import answer_modal

    from replydesk.ui.database_dialog import OpenDatabaseDialog

    with Store.open(url, write=True) as store:
        store.create_reply(ga_form, "Norway", 2014)
    window = open_window(None)
    assert window.database_label.text() == f"Database: {Path(db_path).name}"

    def type_address(dialog: OpenDatabaseDialog) -> None:
        dialog.location.clear()
        qtbot.keyClicks(dialog.location, url)
        dialog.accept()

    answer_modal(qtbot, OpenDatabaseDialog, type_address)
    window.findChild(QAction, "openDatabase").trigger()  # File ▸ Open database…
    assert qtbot.answered_modal["answered"]
    assert window.database_label.text() == f"Database: {url.rsplit('/', 1)[1]} on 127.0.0.1"
    assert window.store.on_server and [r.country for r in window.store.replies()] == ["Norway"]
