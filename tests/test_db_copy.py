"""``replydesk db copy``: a personal file onto the team's server and back, every row and link kept."""

from __future__ import annotations

from pathlib import Path

import pytest

import denmark
import pg_server
from replydesk.store import Store


@pytest.fixture(scope="module")
def server():
    yield from pg_server.start()


def everything(location) -> dict:
    """What a user can see of a database: replies, answers with revisions, history, notes, members, themes, passages."""
    with Store.open(location, write=False) as store:
        seen: dict = {}
        for reply in store.replies():
            answers = store.answers(reply.id)
            seen[reply.id] = {
                "reply": (reply.country, reply.year, reply.status, reply.previous_reply_id),
                "answers": {k: (a.value, a.revision, a.updated_by) for k, a in answers.items()},
                "history": [(h.key, h.revision, h.value, h.changed_by) for h in store.history(reply.id)],
                "notes": [(n.key, n.author, n.text) for n in store.notes(reply.id)],
                "proposals": [(p.key, p.proposed, p.status) for p in store.proposals(reply.id)],
                "members": [(m.db_user, m.role, m.section_keys) for m in store.members(reply.id)],
            }
        themes = store.themes("global-alliance-2014", 2014, include_merged=True)
        seen["themes"] = [(t.id, t.title, t.under, t.position, t.merged_into, t.narrative) for t in themes]
        seen["passages"] = [(p.theme_id, p.reply_id, p.key, p.quote, p.state)
                            for t in themes for p in store.passages(t.id, include_removed=True)]
        seen["events"] = [(e.action, e.passage_id) for t in themes for e in store.theme_events(t.id)]
        return seen


@pytest.fixture
def drafts(db_path: Path, ga_form) -> Path:
    """A ministry's file: Denmark's return with history, notes, a proposal, next year's reply, merged themes."""
    with Store.open(db_path, write=True) as store:
        reply = store.create_reply(ga_form, "Denmark", 2014)
        answers = denmark.answers()
        store.save_answers(reply.id, ga_form, answers, by="Anna")
        store.save_answers(reply.id, ga_form, {"pt1.og1.a": answers["pt1.og1.a"] + " Updated."}, by="Bo")
        store.add_note(reply.id, ga_form, "pt1.og1.a", "Source?", author="Reviewer")
        store.create_proposal(reply.id, "pt1.og1.b", answers["pt1.og1.b"], "Shorter.", source="review.docx",
                              author="Reviewer")
        store.create_reply(ga_form, "Denmark", 2015, previous=reply)  # next cycle's, linked to this one
        first = store.add_theme(ga_form, 2014, "pt1.og1", "Children's Houses")
        second = store.add_theme(ga_form, 2014, "pt1.og1", "Victim assistance")
        store.tag(first.id, reply.id, "pt1.og1.a", "Children's Houses")
        store.merge_themes(first.id, second.id)  # a theme merged into a later one: a link to a later row
        store.edit_theme(second.id, narrative="{members} reported it.")
    return db_path


def test_a_file_copied_onto_the_server_and_back_keeps_every_reply_revision_note_and_theme(cli, drafts, server,
                                                                                         tmp_path):
    url = server.new_database()
    before = everything(drafts)
    result = cli("--db", str(drafts), "db", "copy", "--to", url)
    assert result.code == 0, result.err
    assert result.out.startswith("Copied 2 replies")
    assert everything(url) == before
    # the server goes on from the copied rows: a new reply gets the next id, the history stays append-only
    created = cli("--db", url, "new", "--form", "global-alliance-2014", "--country", "Norway", "--year", "2014")
    assert created.code == 0 and created.last_line == "3"
    back = tmp_path / "back.sqlite3"
    result = cli("--db", url, "db", "copy", "--to", str(back))
    assert result.code == 0, result.err
    copied_back = everything(back)
    assert {k: v for k, v in copied_back.items() if k != 3} == before
    # who may do what travels too: the reply made on the server keeps its coordinator through a file
    assert copied_back[3]["members"] == everything(url)[3]["members"] != []
    hashes = [cli("--db", str(where), "db", "hashes").out.splitlines() for where in (drafts, back)]
    assert len(hashes[0]) == 2 and hashes[1][:2] == hashes[0]  # identical content, reply by reply
    on_server = cli("--db", url, "db", "hashes").out.splitlines()
    assert on_server[:2] == hashes[0]


def test_a_copy_into_a_database_that_holds_replies_is_refused_and_changes_nothing(cli, drafts, server):
    url = server.new_database()
    assert cli("--db", url, "new", "--form", "global-alliance-2014", "--country", "Norway", "--year", "2014").code == 0
    before = everything(url)
    result = cli("--db", str(drafts), "db", "copy", "--to", url)
    assert result.code == 1 and "already holds replies" in result.err and "nothing was copied" in result.err
    assert everything(url) == before


def test_copying_a_database_onto_itself_is_a_usage_error(cli, drafts):
    result = cli("--db", str(drafts), "db", "copy", "--to", str(drafts))
    assert result.code == 2 and "choose another target" in result.err


def test_a_reply_whose_coordinators_are_not_users_of_the_server_gets_the_copier_as_coordinator(cli, drafts,
                                                                                               server, ga_form):
    """Roles travel with the reply; were nobody on the target one of its coordinators, nobody could edit it."""
    import sqlite3

    raw = sqlite3.connect(drafts)
    raw.execute("INSERT INTO reply_member (reply_id, db_user, display_name, role, sections, added_at, added_by) "
                "VALUES (1, 'ghost', 'Ghost', 'coordinator', '', '2026-01-01 00:00:00', 'Ghost'), "
                "(2, 'ghost', 'Ghost', 'drafter', '', '2026-01-01 00:00:00', 'Ghost')")
    raw.commit()
    raw.close()
    url = server.new_database()
    result = cli("--db", str(drafts), "db", "copy", "--to", url)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert [line.split(":")[0] for line in lines[1:]] == ["Reply 1", "Reply 2"]
    assert "none of its coordinators is a user of" in lines[1] and "you coordinate it now" in lines[1]
    with Store.open(url, write=True) as store:
        for reply_id in (1, 2):
            roles = {(m.db_user, m.role) for m in store.members(reply_id)}
            assert ("postgres", "coordinator") in roles and ("ghost", {1: "coordinator", 2: "drafter"}[reply_id]) \
                in roles
        saved = store.save_answers(1, ga_form, {"pt1.og1.c": "Edited on the server."}, by="Anna")
        assert saved == ["pt1.og1.c"]
