"""Roles on a team's server, enforced by the store: the command line obeys them as the window does.

Real database roles on a real server: Anna (justice, coordinator), Bo (interior, drafter of Policy
Target 2), Cleo (a reviewer) and Dave (not a member).
"""

from __future__ import annotations

import psycopg
import pytest

import pg_server
from replydesk.store import NotAllowed, Store


@pytest.fixture(scope="module")
def server():
    yield from pg_server.start()


@pytest.fixture
def team(server):
    """URLs by person, on a database whose tables the administrator made, with the team's logins in replydesk_user."""
    url = server.new_database()
    with Store.open(url, write=True):
        pass  # the administrator's first connection creates the tables
    people = ("anna", "bo", "cleo", "dave")
    with psycopg.connect(url, autocommit=True) as db:
        for person in people:
            db.execute(f"DO $$ BEGIN CREATE ROLE {person} LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
            db.execute(f"GRANT replydesk_user TO {person}")  # as the README tells the owner
    return {person: url.replace("postgresql://postgres@", f"postgresql://{person}@") for person in people}


def test_each_role_may_do_what_it_is_for_and_nothing_else(cli, team, ga_form):
    def as_(person: str, *args: str):
        return cli("--db", team[person], "--author", person.capitalize(), *args)

    reply = as_("anna", "new", "--form", "global-alliance-2014", "--country", "Denmark", "--year", "2014").last_line
    assert as_("anna", "member", "add", reply, "bo", "--role", "drafter", "--sections", "pt2", "--name",
               "Bo (interior)").code == 0
    assert as_("anna", "member", "add", reply, "cleo", "--role", "reviewer").code == 0
    listed = as_("bo", "member", "list", reply, "--json").json()
    assert [(m["user"], m["role"], m["sections"]) for m in listed] == [
        ("anna", "coordinator", []), ("bo", "drafter", ["pt2"]), ("cleo", "reviewer", [])]

    assert as_("bo", "set", reply, "pt2.og1.a", "--text", "Interior's answer.").code == 0
    outside = as_("bo", "set", reply, "pt1.og1.a", "--text", "Not Bo's section.")
    assert outside.code == 1 and "bo drafts pt2 of reply" in outside.err and "not pt1.og1.a" in outside.err
    assert as_("bo", "note", reply, "pt1.og1.a", "--text", "Justice should cite the Act.").code == 0
    reviewer = as_("cleo", "set", reply, "pt2.og1.a", "--text", "Cleo's rewrite.")
    assert reviewer.code == 1 and "cleo is a reviewer of reply" in reviewer.err and "may not edit" in reviewer.err
    assert as_("cleo", "note", reply, "pt2.og1.a", "--text", "Source?").code == 0
    stranger = as_("dave", "set", reply, "pt3.og1.a", "--text", "Dave's text.")
    # the server shows a login only the replies it belongs to
    assert stranger.code == 2 and "that dave may see" in stranger.err and "ask its coordinator" in stranger.err
    assert as_("bo", "member", "add", reply, "dave", "--role", "coordinator").code == 1  # only coordinators do
    final = as_("bo", "status", reply, "final")
    assert final.code == 1 and "bo is a drafter of reply" in final.err and "may not change the reply" in final.err
    with Store.open(team["bo"], write=True) as bo, pytest.raises(NotAllowed, match="may not change the reply"):
        bo.set_reply_status(int(reply), "in_review", by="Bo")
    with Store.open(team["anna"], write=False) as anna:
        assert anna.values(int(reply)) == {"pt2.og1.a": "Interior's answer."}
        assert [n.author for n in anna.notes(int(reply))] == ["Bo", "Cleo"]
    removed = as_("anna", "member", "remove", reply, "anna")
    assert removed.code == 1 and "only coordinator" in removed.err


def test_a_personal_file_has_one_user_and_no_roles(cli):
    reply = cli("new", "--form", "global-alliance-2014", "--country", "Denmark", "--year", "2014").last_line
    refused = cli("member", "add", reply, "bo", "--role", "drafter")
    assert refused.code == 1 and "a personal file has one user" in refused.err
    assert cli("set", reply, "pt1.og1.a", "--text", "Anything.").code == 0


def test_in_the_window_a_reviewer_writes_notes_only_and_a_drafter_edits_their_section(qtbot, cli, team, dialogs):
    from tests.ui_helpers import window_on

    reply = cli("--db", team["anna"], "--author", "Anna", "new", "--form", "global-alliance-2014", "--country",
                "Denmark", "--year", "2014").last_line
    assert cli("--db", team["anna"], "member", "add", reply, "bo", "--role", "drafter", "--sections", "pt2").code == 0
    assert cli("--db", team["anna"], "member", "add", reply, "cleo", "--role", "reviewer").code == 0
    with window_on(qtbot, team["cleo"], int(reply)) as window:
        window.go_to_question("pt1.og1.a")
        assert window.pane.editor("pt1.og1.a").edit.isReadOnly()
        assert not window.mark_final_action.isEnabled()
        window.answer_panel.note_text.setPlainText("Please cite the Act.")
        window.answer_panel.add_note_button.click()
    with window_on(qtbot, team["bo"], int(reply)) as window:
        window.go_to_question("pt1.og1.a")
        assert window.pane.editor("pt1.og1.a").edit.isReadOnly()  # Justice's section, not Bo's
        window.go_to_question("pt2.og1.a")
        edit = window.pane.editor("pt2.og1.a").edit
        assert not edit.isReadOnly()
        edit.setFocus()
        qtbot.keyClicks(edit, "Interior's answer.")
        qtbot.waitUntil(window.session.flush)  # on a server the save runs off the window's thread
        assert not window.mark_final_action.isEnabled()  # only a coordinator marks final
    with Store.open(team["anna"], write=False) as anna:
        assert anna.values(int(reply)) == {"pt2.og1.a": "Interior's answer."}
        assert [n.text for n in anna.notes(int(reply))] == ["Please cite the Act."]
