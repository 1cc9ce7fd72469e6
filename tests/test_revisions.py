"""Many writers, nothing overwritten: a change made from an older revision is never applied blindly.

The store refuses it (the command line: exit 1, nothing saved) or keeps both texts as a change
to decide (the window). Two colleagues on one PostgreSQL server: one in the window, one on the
command line, as the justice and interior ministries draft one reply in the same week.
"""

from __future__ import annotations

import time

import psycopg
import pytest
from tests.ui_helpers import window_on

import pg_server
from replydesk.store import StaleRevision, Store


@pytest.fixture(scope="module")
def server():
    yield from pg_server.start()


def test_the_store_refuses_or_keeps_both_a_change_made_from_an_older_revision(store, ga_form):
    reply = store.create_reply(ga_form, "Denmark", 2014)
    store.save_answers(reply.id, ga_form, {"pt1.og1.a": "First draft."}, by="Anna")
    store.save_answers(reply.id, ga_form, {"pt1.og1.a": "Anna's second draft."}, by="Anna")
    with pytest.raises(StaleRevision, match="pt1.og1.a was changed to revision 2 by Anna") as refused:
        store.save_answers(reply.id, ga_form, {"pt1.og1.a": "Bo's text.", "pt1.og1.b": "Bo's B."}, by="Bo",
                           based_on={"pt1.og1.a": 1, "pt1.og1.b": 0})
    assert refused.value.keys == ["pt1.og1.a"]
    assert store.values(reply.id) == {"pt1.og1.a": "Anna's second draft."}  # nothing saved, B neither
    saved = store.save_answers(reply.id, ga_form, {"pt1.og1.a": "Bo's text.", "pt1.og1.b": "Bo's B."}, by="Bo",
                               based_on={"pt1.og1.a": 1, "pt1.og1.b": 0}, on_stale="keep")
    assert saved == ["pt1.og1.b"] and saved.stale == ["pt1.og1.a"]
    assert store.values(reply.id) == {"pt1.og1.a": "Anna's second draft.", "pt1.og1.b": "Bo's B."}
    (conflict,) = store.open_conflicts(reply.id)
    assert (conflict.key, conflict.store_revision, conflict.exported_revision) == ("pt1.og1.a", 2, 1)
    assert "typed by Bo from revision 1 while Anna saved revision 2" in conflict.source
    store.resolve_conflict(conflict.id, ga_form, take_workbook=True, by="Bo")
    assert store.values(reply.id)["pt1.og1.a"] == "Bo's text."
    assert store.revisions(reply.id, ["pt1.og1.a", "pt1.og1.c"]) == {"pt1.og1.a": 3, "pt1.og1.c": 0}


def test_set_with_the_revision_it_was_made_from_is_refused_when_someone_saved_since(cli):
    reply = cli("new", "--form", "global-alliance-2014", "--country", "Denmark", "--year", "2014").last_line
    assert cli("set", reply, "pt1.og1.a", "--text", "Anna's text.").code == 0
    detail = cli("show", reply, "--json", "--detail").json()["pt1.og1.a"]
    assert detail["revision"] == 1
    assert cli("set", reply, "pt1.og1.a", "--text", "Bo's text.", "--revision", "1").code == 0
    stale = cli("set", reply, "pt1.og1.a", "--text", "Anna's change.", "--revision", "1")
    assert stale.code == 1
    assert "pt1.og1.a was changed to revision 2" in stale.err and "nothing was saved" in stale.err
    assert cli("show", reply, "--json").json()["pt1.og1.a"] == "Bo's text."


def test_two_officials_on_one_server_keep_both_texts_and_never_disturb_each_others_questions(
        qtbot, server, ga_form, dialogs, cli):
    url = server.new_database()
    with Store.open(url, write=True) as store:
        reply = store.create_reply(ga_form, "Denmark", 2014)
        store.save_answers(reply.id, ga_form, {"pt1.og1.a": "Agreed text.", "pt1.og1.b": "Agreed B."}, by="Anna")
    with window_on(qtbot, url, reply.id) as window:
        window.live.stop()  # Bo's saves are not heard of in time here (following them live is tested below)
        # Bo, from the interior ministry, changes A on the command line while Anna has the reply open
        changed = cli("--db", url, "--author", "Bo", "set", str(reply.id), "pt1.og1.a", "--text", "Bo's version.")
        assert changed.code == 0, changed.err
        # Bo also answers C: Anna's work on B never disturbs it
        assert cli("--db", url, "--author", "Bo", "set", str(reply.id), "pt1.og1.c", "--text", "Bo's C.").code == 0
        window.go_to_question("pt1.og1.b")
        edit_b = window.pane.editor("pt1.og1.b").edit
        edit_b.setFocus()
        qtbot.keyClicks(edit_b, " Anna adds to B.")
        qtbot.waitUntil(window.session.flush)  # on a server the save runs off the window's thread
        window.go_to_question("pt1.og1.a")
        edit_a = window.pane.editor("pt1.og1.a").edit
        edit_a.setFocus()
        qtbot.keyClicks(edit_a, " Anna adds to A.")
        qtbot.waitUntil(window.session.flush)
        with Store.open(url, write=False) as colleague:
            values = colleague.values(reply.id)
            conflicts = colleague.open_conflicts(reply.id)
        assert values == {"pt1.og1.a": "Bo's version.", "pt1.og1.b": "Agreed B. Anna adds to B.",
                          "pt1.og1.c": "Bo's C."}
        assert [c.key for c in conflicts] == ["pt1.og1.a"]
        assert window.save_label.text().startswith("Changed by someone else meanwhile")
        qtbot.waitUntil(lambda: window.pane.editor("pt1.og1.a").edit.toPlainText() == "Bo's version.")
        panel = window.proposals
        assert window.proposals_dock.isVisible() and [c.key for c in panel.changes] == ["pt1.og1.a"]
        assert "Agreed text. Anna adds to A." in panel.after.toPlainText()
        panel.accept_button.click()  # Anna keeps hers, having seen both
        with Store.open(url, write=False) as colleague:
            assert colleague.values(reply.id)["pt1.og1.a"] == "Agreed text. Anna adds to A."
            assert [h.changed_by for h in colleague.history(reply.id, "pt1.og1.a")][-2:] == ["Bo", "Test Official"]


def test_a_colleagues_save_appears_in_the_open_window_within_two_seconds(qtbot, server, ga_form, dialogs, cli):
    """LISTEN/NOTIFY: Bo saves on the command line; Anna's window shows it, but never over her unsaved typing."""
    url = server.new_database()
    with Store.open(url, write=True) as store:
        reply = store.create_reply(ga_form, "Denmark", 2014)
        store.save_answers(reply.id, ga_form, {"pt1.og1.a": "Agreed text."}, by="Anna")
    with window_on(qtbot, url, reply.id) as window:
        window.go_to_question("pt1.og1.a")
        qtbot.waitUntil(lambda: window.pane.editor("pt1.og1.a") is not None)
        saved_at = time.monotonic()
        assert cli("--db", url, "--author", "Bo", "set", str(reply.id), "pt1.og1.a", "--text", "Bo's text.").code == 0
        qtbot.waitUntil(lambda: window.pane.editor("pt1.og1.a").edit.toPlainText() == "Bo's text.", timeout=4000)
        assert time.monotonic() - saved_at < 2.0 + 1.5  # the command's own start-up is most of it
        assert window.save_label.text().startswith("Bo saved Policy Target No. 1")
        # Anna types in B and Bo saves B before her autosave: her text is never lost, both are kept to decide
        edit_b = window.pane.editor("pt1.og1.b").edit
        edit_b.setFocus()
        qtbot.keyClicks(edit_b, "Anna's B")
        assert window.session.is_unsaved("pt1.og1.b")
        with Store.open(url, write=True) as bo:
            bo.save_answers(reply.id, ga_form, {"pt1.og1.b": "Bo's B."}, by="Bo")
        qtbot.waitUntil(lambda: window.save_label.text().startswith("Changed by someone else meanwhile"),
                        timeout=5000)
        with Store.open(url, write=False) as colleague:
            (conflict,) = colleague.open_conflicts(reply.id)
            assert colleague.values(reply.id)["pt1.og1.b"] == "Bo's B."
        assert conflict.key == "pt1.og1.b" and conflict.workbook_value == '"Anna\'s B"'


def test_the_navigator_shows_who_drafts_which_section_and_who_is_writing_what(qtbot, server, ga_form, dialogs):
    from replydesk.store.postgres import ChangeListener

    url = server.new_database()
    with Store.open(url, write=True) as store:
        reply = store.create_reply(ga_form, "Denmark", 2014)
        with psycopg.connect(url, autocommit=True) as db:
            db.execute("DO $$ BEGIN CREATE ROLE bo LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
        store.set_member(reply.id, "bo", "drafter", sections=["pt2"], display_name="Bo (interior)")
    listener = ChangeListener(url)
    try:
        with window_on(qtbot, url, reply.id) as window:
            model = window.model

            def shown(key: str) -> str:
                return model.index_of(key).data()

            assert shown("pt2").endswith("· drafted by Bo (interior)")
            with Store.open(url, write=True) as bo_window:  # what Bo's window says as he moves
                bo_window.announce_editing(reply.id, "pt1.og1.b", "Bo")
                qtbot.waitUntil(lambda: shown("pt1.og1.b").endswith("· ✎ Bo writing"), timeout=3000)
                bo_window.announce_editing(reply.id, "pt1.og1.c", "Bo")
                qtbot.waitUntil(lambda: shown("pt1.og1.c").endswith("· ✎ Bo writing"), timeout=3000)
                assert "Bo" not in shown("pt1.og1.b")
            window.go_to_question("pt1.og1.a")  # and this window says where its user is
            said: list[dict] = []
            deadline = time.monotonic() + 3
            while not any(s.get("key") == "pt1.og1.a" for s in said) and time.monotonic() < deadline:
                said += listener.wait(timeout=0.2)
                qtbot.wait(10)
            assert any(s.get("key") == "pt1.og1.a" and s.get("by") == "Test Official" for s in said)
    finally:
        listener.close()


def test_two_windows_on_one_server_reply_see_each_others_typing_and_a_clash_is_shown_side_by_side(
        qtbot, server, ga_form, dialogs):
    url = server.new_database()
    with Store.open(url, write=True) as store:
        reply = store.create_reply(ga_form, "Denmark", 2014)
    with window_on(qtbot, url, reply.id) as justice, window_on(qtbot, url, reply.id) as interior:
        justice.go_to_question("pt1.og1.a")
        interior.go_to_question("pt1.og1.a")
        edit = justice.pane.editor("pt1.og1.a").edit
        edit.setFocus()
        typed_at = time.monotonic()
        qtbot.keyClicks(edit, "Justice writes A.")
        qtbot.waitUntil(lambda: interior.pane.editor("pt1.og1.a").edit.toPlainText() == "Justice writes A.",
                        timeout=4000)
        assert time.monotonic() - typed_at < 2.0 + 0.8  # within 2 s of the autosave that follows the typing
        # both now type into B before either saves: the second save meets the first
        justice.go_to_question("pt1.og1.b")
        interior.go_to_question("pt1.og1.b")
        for window, text in ((justice, "Justice's B."), (interior, "Interior's B.")):
            window.pane.editor("pt1.og1.b").edit.setFocus()
            qtbot.keyClicks(window.pane.editor("pt1.og1.b").edit, text)
        qtbot.waitUntil(lambda: justice.session.flush() and interior.session.flush())
        with Store.open(url, write=False) as colleague:
            assert colleague.values(reply.id)["pt1.og1.b"] == "Justice's B."
            (conflict,) = colleague.open_conflicts(reply.id)
        assert conflict.workbook_value == '"Interior\'s B."'  # nothing lost: the second text waits to be decided
        panel = interior.proposals
        qtbot.waitUntil(lambda: [c.key for c in panel.changes] == ["pt1.og1.b"])
        assert "Justice's B." in panel.before.toPlainText() and "Interior's B." in panel.after.toPlainText()
