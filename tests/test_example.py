"""The built-in example: Denmark's 2014 return in a database of its own, shown on first start."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton
from tests import denmark
from tests.ui_helpers import answer_modal, fill_new_reply, new_reply, stored_values

from replydesk.example import DATA_FILE, example, example_db_path
from replydesk.store import Store
from replydesk.ui.reply_dialogs import NewReplyDialog, OpenReplyDialog


def test_the_shipped_example_is_denmarks_filled_form_as_the_source_document_has_it():
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert (data["form"], data["country"], data["year"]) == ("global-alliance-2014", "DENMARK", 2014)
    assert data["answers"] == denmark.answers(), "run tools/make_example.py after changing tests/denmark.py"
    assert len(data["answers"]) == 12


def test_replydesk_example_recreates_the_example_database_and_prints_its_path_last(cli, db_path):
    first = cli("example")
    assert first.code == 0, first.err
    path = Path(first.last_line)
    assert path == example_db_path() and path.is_file()
    assert "DENMARK" in first.out
    with Store.open(path, write=True) as store:
        (reply,) = store.replies()
        assert store.values(reply.id) == example().answers
        assert [n.text for n in store.notes(reply.id)] == ["Please add the dates of the three seminars."]
        store.save_answers(reply.id, store_form(reply), {"pt1.og1.a": "typed over"}, by="tester")
    again = cli("example")
    assert again.code == 0 and Path(again.last_line) == path
    with Store.open(path, write=False) as store:
        (reply,) = store.replies()
        assert store.values(reply.id)["pt1.og1.a"] == example().answers["pt1.og1.a"]
    assert not db_path.exists(), "the example never touches the user's draft database"


def store_form(reply):  # noqa: ANN001, ANN201
    from replydesk import paths
    from replydesk.definitions.registry import Registry

    return Registry.load(paths.forms_dir()).get(reply.form_id).resolved(reply.year)


@pytest.fixture
def fresh_example():
    """Each test starts without an example database, as on a new machine."""
    path = example_db_path()
    for leftover in path.parent.glob("*") if path.parent.is_dir() else ():
        if leftover.is_file():
            leftover.unlink()
    return path


def test_first_start_with_an_empty_database_shows_the_example(open_window, db_path, fresh_example):
    window = open_window(offer_example=True)
    title = window.windowTitle()
    assert "DENMARK" in title and "example" in title.casefold()
    assert window.example_banner.isVisible()
    assert window.database_label.text() == "Example database"
    assert window.session is not None
    assert window.session.values == example().answers
    window.close()
    with Store.open(db_path, write=False) as store:
        assert store.replies() == [], "showing the example put nothing in the user's database"


def test_a_user_database_with_replies_opens_without_the_example(open_window, db_path, fresh_example):
    new_reply(db_path, country="NORWAY")
    window = open_window(offer_example=True)
    assert not window.example_banner.isVisible()
    assert window.session is None or "NORWAY" in window.windowTitle()
    assert not fresh_example.exists()


def test_new_reply_from_the_example_lands_in_the_users_database(qtbot, open_window, db_path, fresh_example):
    window = open_window(offer_example=True)
    assert window.showing_example

    answer_modal(qtbot, NewReplyDialog, lambda dialog: fill_new_reply(dialog, "Luxembourg", 2015))
    window.example_banner.findChild(QPushButton, "exampleNewReply").click()
    qtbot.waitUntil(lambda: window.session is not None and not window.showing_example)
    assert window.store.path == db_path
    assert "LUXEMBOURG" in window.windowTitle() and "example" not in window.windowTitle().casefold()
    assert not window.example_banner.isVisible()
    assert window.database_label.text() == f"Database: {db_path.name}"
    with Store.open(fresh_example, write=False) as example_store:
        assert [r.country for r in example_store.replies()] == ["DENMARK"]
    window.close()
    with Store.open(db_path, write=False) as store:
        assert [(r.country, r.year) for r in store.replies()] == [("LUXEMBOURG", 2015)]


def test_open_example_from_the_menu_and_back_to_ones_own_reply(qtbot, open_window, db_path, fresh_example):
    own = new_reply(db_path, country="NORWAY", answers={"pt1.og1.a": "Norway's own text"})
    window = open_window(own)
    action = next(a for a in window.findChildren(type(window.menuBar().actions()[0]))
                  if a.text() == "Open e&xample")
    action.trigger()
    qtbot.waitUntil(lambda: window.showing_example and window.session is not None)
    assert "DENMARK" in window.windowTitle()
    window.go_to_question("pt1.og1.b")
    editor = window.pane.editor("pt1.og1.b")
    qtbot.keyClicks(editor.edit, " Typed in the example.")
    window.save_now()
    with Store.open(fresh_example, write=False) as example_store:
        (example_reply,) = example_store.replies()
        assert example_store.values(example_reply.id)["pt1.og1.b"].endswith("Typed in the example.")

    def choose(dialog: OpenReplyDialog) -> None:
        assert dialog.proxy.rowCount() == 1, "Open reply lists the user's own replies, not the example's"
        dialog.table.selectRow(0)
        dialog.accept()

    answer_modal(qtbot, OpenReplyDialog, choose)
    window.example_banner.findChild(QPushButton, "exampleOwnReplies").click()
    qtbot.waitUntil(lambda: not window.showing_example and window.session is not None)
    assert "NORWAY" in window.windowTitle()
    assert stored_values(db_path, own) == {"pt1.og1.a": "Norway's own text"}


def test_a_closed_reply_writes_nothing_into_the_database_that_replaced_it(qtbot, open_window, db_path, fresh_example):
    """Leaving the example closes its session and its store: a late edit signal must not reach the
    example database made anew at the same path (a disposed engine would quietly reconnect to it)."""
    from replydesk.store import StoreError

    window = open_window(offer_example=True)
    old_session, old_store = window.session, window.store
    assert window._to_user_database()
    old_session.stage("pt1.og1.b", "A late edit of a closed reply.")
    assert old_session.flush()  # nothing to write: the session is closed
    with pytest.raises(StoreError):
        old_store.values(1)
    window.open_example()
    assert window.session.values["pt1.og1.b"] == example().answers["pt1.og1.b"]
