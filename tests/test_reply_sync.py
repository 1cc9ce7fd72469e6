"""One reply between a laptop's file and the team's server: ``reply copy``, ``reply sync``, changes to decide."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.test_search_text import kept_texts

import pg_server
from replydesk.store import Store
from replydesk.store.migrations import migrations_before
from replydesk.store.syncing import ReplyAlreadyThere

KEYS = ("pt1.og1.a", "pt1.og1.b", "pt1.og1.c")
#: The same questions as messages name them: as the form numbers them, never by key.
NAME_A, NAME_B, NAME_C = (f"Policy Target No. 1 › Operational Goal 1 › {letter})" for letter in "ABC")


@pytest.fixture(scope="module")
def server():
    yield from pg_server.start()


def replydesk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "replydesk", *args], capture_output=True, text=True, timeout=120)


def history(location, reply_id: int, key: str) -> list[tuple[str, str, str]]:
    with Store.open(location, write=False) as store:
        return [(h.value, h.changed_by, h.copied_by) for h in store.history(reply_id, key)]


def values(location, reply_id: int) -> dict[str, str | None]:
    with Store.open(location, write=False) as store:
        return {k: a.value for k, a in store.answers(reply_id).items()}


def test_a_reply_goes_onto_a_server_offline_and_back(server, tmp_path, ga_form):
    """The issue's "Done when": drafted in a file, onto a server holding another reply, offline into a new file,
    changed on both sides, synced."""
    laptop, offline, team = tmp_path / "laptop.sqlite3", tmp_path / "offline.sqlite3", server.new_database()
    with Store.open(laptop, write=True) as store:
        reply = store.create_reply(ga_form, "Denmark", 2014, by="Anna")
        store.save_answers(reply.id, ga_form, {k: f"{k} first" for k in KEYS}, by="Anna")
        store.save_answers(reply.id, ga_form, {"pt1.og1.a": "a second"}, by="Bo")
        store.add_note(reply.id, ga_form, "pt1.og1.a", "Cite the Act", author="Reviewer")
        store.create_proposal(reply.id, "pt1.og1.b", "pt1.og1.b first", "b proposed", source="review.docx",
                              author="Reviewer")
        uuid = reply.uuid
    with Store.open(team, write=True) as store:
        other = store.create_reply(ga_form, "Norway", 2014, by="Carl")
        store.save_answers(other.id, ga_form, {"pt1.og1.a": "Norway's answer"}, by="Carl")
        norway_before = store.content_hash(other.id)

    copied = replydesk("--db", str(laptop), "--author", "Anna", "reply", "copy", "1", "--to", team)
    assert copied.returncode == 0, copied.stderr
    on_server = int(copied.stdout.splitlines()[-1])
    assert on_server != other.id
    missing = replydesk("--db", str(laptop), "reply", "sync", "1", "--with", str(tmp_path / "nowhere.sqlite3"))
    assert missing.returncode == 2 and "there is no database at" in missing.stderr
    assert not (tmp_path / "nowhere.sqlite3").exists()
    again = replydesk("--db", str(laptop), "reply", "copy", "1", "--to", team)
    assert again.returncode == 1 and "already holds this reply" in again.stderr and "reply sync" in again.stderr
    offline_copy = replydesk("--db", team, "--author", "Anna", "reply", "copy", str(on_server), "--to", str(offline))
    assert offline_copy.returncode == 0, offline_copy.stderr
    offline_id = int(offline_copy.stdout.splitlines()[-1])
    with Store.open(offline, write=False) as store:
        assert store.reply(offline_id).uuid == uuid
        assert [n.text for n in store.notes(offline_id)] == ["Cite the Act"]
        assert [p.proposed for p in store.proposals(offline_id)] == ["b proposed"]
    assert history(offline, offline_id, "pt1.og1.a") == [("\"pt1.og1.a first\"", "Anna", "Anna"),
                                                         ("\"a second\"", "Bo", "Anna")]

    with Store.open(offline, write=True) as store:  # on the train
        store.save_answers(offline_id, ga_form, {"pt1.og1.b": "b offline", "pt1.og1.a": "a offline"}, by="Anna")
    with Store.open(team, write=True) as store:  # meanwhile at the office
        store.save_answers(on_server, ga_form, {"pt1.og1.c": "c at the office", "pt1.og1.a": "a at the office"},
                           by="Carl")
        store.add_note(on_server, ga_form, "pt1.og1.c", "Check the figures", author="Carl")

    synced = replydesk("--db", str(offline), "--author", "Anna", "reply", "sync", str(offline_id), "--with", team)
    assert synced.returncode == 1, synced.stderr  # a change waits to be decided
    assert f"1 moved there ({NAME_B}), 1 moved here ({NAME_C}), 1 to decide ({NAME_A})" in synced.stdout
    assert values(offline, offline_id)["pt1.og1.c"] == '"c at the office"'
    assert values(team, on_server)["pt1.og1.b"] == '"b offline"'
    assert values(offline, offline_id)["pt1.og1.a"] == '"a offline"'  # each side keeps its text
    assert values(team, on_server)["pt1.og1.a"] == '"a at the office"'
    for location, reply_id, theirs, author in ((offline, offline_id, "a at the office", "Carl"),
                                                (team, on_server, "a offline", "Anna")):
        listed = replydesk("--db", str(location), "changes", str(reply_id), "--json")
        changes = [c for c in json.loads(listed.stdout) if c["kind"] == "conflict"]
        assert [(c["key"], c["proposed"], c["author"]) for c in changes] == [("pt1.og1.a", theirs, author)]
    assert history(team, on_server, "pt1.og1.b") == [
        ('"pt1.og1.b first"', "Anna", "Anna"), ('"b offline"', "Anna", "Anna")]
    assert [h[:2] for h in history(team, on_server, "pt1.og1.a")] == [
        ('"pt1.og1.a first"', "Anna"), ('"a second"', "Bo"), ('"a at the office"', "Carl")]
    assert [h[:2] for h in history(offline, offline_id, "pt1.og1.a")] == [
        ('"pt1.og1.a first"', "Anna"), ('"a second"', "Bo"), ('"a offline"', "Anna")]
    with Store.open(offline, write=False) as store:
        assert sorted(n.text for n in store.notes(offline_id)) == ["Check the figures", "Cite the Act"]
    with Store.open(team, write=False) as store:
        assert store.content_hash(other.id) == norway_before  # the other reply on the server is untouched
        assert len(store.notes(on_server)) == 2

    with Store.open(offline, write=False) as a, Store.open(team, write=False) as b:
        before = (a.content_hash(offline_id), b.content_hash(on_server))
    second = replydesk("--db", str(offline), "reply", "sync", str(offline_id), "--with", team)
    assert "0 moved there, 0 moved here, 0 to decide" in second.stdout
    with Store.open(offline, write=False) as a, Store.open(team, write=False) as b:
        assert (a.content_hash(offline_id), b.content_hash(on_server)) == before  # a second sync changes nothing

    decided = replydesk("--db", team, "--author", "Carl", "decide", str(on_server), changes[0]["change"], "accept")
    assert decided.returncode == 0, decided.stderr
    third = replydesk("--db", str(offline), "reply", "sync", str(offline_id), "--with", team)
    assert third.returncode == 0 and "1 change(s) to decide settled" in third.stdout  # the office took "a offline"
    assert values(team, on_server)["pt1.og1.a"] == values(offline, offline_id)["pt1.og1.a"] == '"a offline"'
    left = json.loads(replydesk("--db", str(offline), "changes", str(offline_id), "--json").stdout)
    assert [(c["kind"], c["key"]) for c in left] == [("proposal", "pt1.og1.b")]  # the reviewer's proposal still waits


def test_keeping_one_side_text_travels_to_the_other(tmp_path, ga_form):
    laptop, offline = tmp_path / "laptop.sqlite3", tmp_path / "offline.sqlite3"
    with Store.open(laptop, write=True) as a, Store.open(offline, write=True) as b:
        reply = a.create_reply(ga_form, "Denmark", 2014, by="Anna")
        a.save_answers(reply.id, ga_form, {"pt1.og1.b": "Children's Houses in every region."}, by="Anna")
        theme = a.add_theme(ga_form, 2014, "pt1.og1", "Children's Houses")
        a.tag(theme.id, reply.id, "pt1.og1.b", "Children's Houses")
        proposal, _ = a.create_proposal(reply.id, "pt1.og1.b", "Children's Houses in every region.", "Shorter.",
                                        source="review.docx", author="Reviewer")
        copied = a.copy_reply(reply.id, b)
        (copied_theme,) = b.themes("global-alliance-2014", 2014)  # the passage came with its theme
        assert copied_theme.title == "Children's Houses"
        assert [(p.key, p.quote) for p in b.passages(copied_theme.id)] == [("pt1.og1.b", "Children's Houses")]
        (their_proposal,) = b.proposals(copied.target_id)
        b.reject_proposal(their_proposal.id, by="Bo")
        a.save_answers(reply.id, ga_form, {"pt1.og1.a": "mine"}, by="Anna")
        b.save_answers(copied.target_id, ga_form, {"pt1.og1.a": "theirs"}, by="Bo")
        assert a.sync_reply(reply.id, b).to_decide == ["pt1.og1.a"]
        (conflict,) = a.open_conflicts(reply.id)
        a.resolve_conflict(conflict.id, ga_form, take_workbook=False)  # keep mine
        result = a.sync_reply(reply.id, b)
        assert result.moved_there == ["pt1.og1.a"] and result.waiting == 0
        assert b.values(copied.target_id)["pt1.og1.a"] == "mine"
        assert b.open_conflicts(copied.target_id) == []
        assert [h.value for h in b.history(copied.target_id, "pt1.og1.a")] == ['"theirs"', '"mine"']
        assert a.proposal(proposal.id).status == "rejected"  # decided on the other copy: decided here too
        assert a.proposals(reply.id) == [] and len(a.proposals(reply.id, status=None)) == 1  # never duplicated


def test_copy_onto_a_server_keeps_only_its_logins_and_the_copier_coordinates(server, tmp_path, ga_form):
    source, team = server.new_database(), server.new_database()
    with psycopg.connect(server.admin_url, autocommit=True) as db:
        db.execute("DROP ROLE IF EXISTS bo_i25"), db.execute("CREATE ROLE bo_i25 LOGIN")
    with Store.open(source, write=True) as store:
        reply = store.create_reply(ga_form, "Denmark", 2014, by="Anna")  # postgres coordinates it
        store.set_member(reply.id, "bo_i25", "drafter", display_name="Bo")
        store.set_member(reply.id, "ghost_i25", "coordinator", display_name="Ghost")
    with psycopg.connect(server.admin_url, autocommit=True) as db:
        db.execute("DROP ROLE bo_i25")  # the team's server has no Bo
    with Store.open(source, write=True) as store, Store.open(team, write=True) as target:
        copied = store.copy_reply(reply.id, target)
        assert set(copied.left_out) == {"bo_i25", "ghost_i25"} and not copied.coordinated_by_copier
        assert [(m.db_user, m.role) for m in target.members(copied.target_id)] == [("postgres", "coordinator")]
        with pytest.raises(ReplyAlreadyThere, match="reply sync"):
            store.copy_reply(reply.id, target)
    with Store.open(source, write=True) as store, Store.open(server.new_database(), write=True) as target:
        store.remove_member(reply.id, "postgres")  # only Ghost, who is nobody on the team's server, coordinates
        copied = store.copy_reply(reply.id, target)
        assert copied.coordinated_by_copier  # so the one who copied it does, and nobody is locked out
        assert [(m.db_user, m.role) for m in target.members(copied.target_id)] == [("postgres", "coordinator")]


#: The schema as it was before replies had identities.
BEFORE = migrations_before("replies known across databases")


def test_replies_made_before_identities_get_one(tmp_path):
    old = tmp_path / "old.sqlite3"
    db = sqlite3.connect(old, isolation_level=None)
    for migration in BEFORE:
        migration(db)
    db.execute(f"PRAGMA user_version = {len(BEFORE)}")
    for country in ("DENMARK", "NORWAY"):
        db.execute("INSERT INTO reply (form_id, form_version, definition_hash, country, year, created_at, updated_at) "
                   f"VALUES ('global-alliance-2014', '1', 'x', '{country}', 2014, '2014-01-01', '2014-01-01')")
    db.close()
    with Store.open(old, write=True) as store:
        uuids = [reply.uuid for reply in store.replies()]
        assert len(set(uuids)) == 2 and all(len(u) == 36 and u[14] == "4" for u in uuids)
        assert len(store.database_id()) == 36


# -- the property: no saved text is lost, every both-sided change is a change to decide -----------------------
_EDIT = st.tuples(st.just("edit"), st.sampled_from("ab"), st.sampled_from(KEYS), st.text("xyz", min_size=1,
                                                                                             max_size=3))
_DECIDE = st.tuples(st.just("decide"), st.sampled_from("ab"), st.booleans(), st.just(""))
_SYNC = st.tuples(st.just("sync"), st.sampled_from("ab"), st.just(""), st.just(""))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.one_of(_EDIT, _EDIT, _SYNC, _DECIDE), max_size=14))
def test_random_edits_and_syncs_lose_nothing(tmp_path_factory, ga_form, steps):
    folder = tmp_path_factory.mktemp("sync")
    with Store.open(folder / "a.sqlite3", write=True) as a, Store.open(folder / "b.sqlite3", write=True) as b:
        reply = a.create_reply(ga_form, "Denmark", 2014, by="A")
        sides = {"a": (a, reply.id), "b": (b, a.copy_reply(reply.id, b).target_id)}
        saved: set[str] = set()
        edited: dict[str, set[str]] = {"a": set(), "b": set()}
        for action, side, key, text in steps:
            store, reply_id = sides[side]
            if action == "edit":
                if store.save_answers(reply_id, ga_form, {key: text}, by=side.upper()):
                    saved.add(text)
                    edited[side].add(key)
            elif action == "decide":
                waiting = store.open_conflicts(reply_id)
                if waiting:
                    store.resolve_conflict(waiting[0].id, ga_form, take_workbook=key)
                    if key:
                        edited[side].add(waiting[0].key)
            else:
                other = "b" if side == "a" else "a"
                before = {s: sides[s][0].values(sides[s][1]) for s in "ab"}
                result = store.sync_reply(reply_id, sides[other][0])
                after = {s: sides[s][0].values(sides[s][1]) for s in "ab"}
                for changed in edited["a"] & edited["b"]:
                    if before["a"].get(changed) != before["b"].get(changed):
                        assert changed in result.to_decide
                        for s in "ab":
                            assert changed in {c.key for c in sides[s][0].open_conflicts(sides[s][1])}
                for changed in edited["a"] ^ edited["b"]:
                    assert after["a"].get(changed) == after["b"].get(changed), changed
                edited = {"a": set(), "b": set()}
            kept = {value for s in "ab" for value in sides[s][0].values(sides[s][1]).values()}
            kept |= {h.value.strip('"') for s in "ab" for h in sides[s][0].history(sides[s][1]) if h.value}
            assert saved <= kept
        for path in ("a.sqlite3", "b.sqlite3"):  # the text kept for searching is each answer's, however it came
            assert all(plain == worked_out for plain, worked_out in kept_texts(folder / path))


def test_an_older_return_is_refused_in_the_secretariat_database(tmp_path, ga_form, registry):
    """The country exports a return, then a newer one; the secretariat imports the newer, then the older."""
    import datetime as dt

    from replydesk.documents.excel.export import export_return, source_from_store

    country, secretariat = tmp_path / "country.sqlite3", tmp_path / "secretariat.sqlite3"
    older, newer = tmp_path / "older.xlsx", tmp_path / "newer.xlsx"
    with Store.open(country, write=True) as store:
        reply = store.create_reply(ga_form, "Denmark", 2014, by="Anna")
        store.save_answers(reply.id, ga_form, {"pt1.og1.a": "the first answer"}, by="Anna")
        export_return(source_from_store(store, reply.id, ga_form), older, now=dt.datetime(2024, 3, 1, tzinfo=dt.UTC))
        store.save_answers(reply.id, ga_form, {"pt1.og1.a": "the corrected answer"}, by="Anna")
        export_return(source_from_store(store, reply.id, ga_form), newer, now=dt.datetime(2024, 3, 8, tzinfo=dt.UTC))
    first = replydesk("--db", str(secretariat), "import", str(newer))
    assert first.returncode == 0, first.stderr
    refused = replydesk("--db", str(secretariat), "import", str(older))
    assert refused.returncode == 1
    assert "exported at 2024-03-01T00:00:00+00:00, before the return already imported" in refused.stderr
    assert values(secretariat, 1)["pt1.og1.a"] == '"the corrected answer"'  # nothing was undone
    forced = replydesk("--db", str(secretariat), "import", str(older), "--force")
    assert forced.returncode == 0, forced.stderr


def test_a_reply_final_on_the_server_cannot_be_changed_from_a_laptop(server, tmp_path, ga_form):
    """A drafter takes the reply offline; the coordinator marks it final on the server meanwhile."""
    team = server.new_database()
    with Store.open(team, write=True):
        pass  # the administrator's first connection makes the tables
    with psycopg.connect(team, autocommit=True) as db:
        db.execute("DO $$ BEGIN CREATE ROLE dana_i25 LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
        db.execute("GRANT replydesk_user TO dana_i25")  # as the README says: the server's rules apply to her
    dana = team.replace("postgresql://postgres@", "postgresql://dana_i25@")
    laptop = tmp_path / "dana.sqlite3"
    with Store.open(team, write=True) as store:
        reply = store.create_reply(ga_form, "Denmark", 2014, by="Coordinator")
        store.set_member(reply.id, "dana_i25", "drafter", display_name="Dana")
        store.save_answers(reply.id, ga_form, {"pt1.og1.a": "agreed text"}, by="Coordinator")
    with Store.open(dana, write=True) as server_copy, Store.open(laptop, write=True) as mine:
        offline_id = server_copy.copy_reply(reply.id, mine, by="Dana").target_id
    with Store.open(team, write=True) as store:
        store.set_reply_status(reply.id, "final", form=ga_form.resolved(2014))
        before = store.content_hash(reply.id)
    with Store.open(laptop, write=True) as mine:
        mine.save_answers(offline_id, ga_form, {"pt1.og1.a": "Dana's late change"}, by="Dana")
    synced = replydesk("--db", str(laptop), "--author", "Dana", "reply", "sync", str(offline_id), "--with", dana)
    assert synced.returncode == 0, synced.stderr
    assert f"Held ({NAME_A}): reply 1 is final" in synced.stdout and "Status moved here: final" in synced.stdout
    with Store.open(laptop, write=True) as mine:
        assert mine.reply(offline_id).status == "final"
        assert mine.values(offline_id)["pt1.og1.a"] == "Dana's late change"  # kept on the laptop, not lost
        mine.set_reply_status(offline_id, "drafting", detail="Dana reopens her copy")
    again = replydesk("--db", str(laptop), "--author", "Dana", "reply", "sync", str(offline_id), "--with", dana)
    assert again.returncode == 0, again.stderr
    assert "Status not moved (drafting in" in again.stdout and "dana_i25 is a drafter" in again.stdout
    assert f"Held ({NAME_A})" in again.stdout
    with Store.open(team, write=False) as store:
        assert store.reply(reply.id).status == "final"
        assert store.content_hash(reply.id) == before  # the final reply on the server is as the coordinator left it
    with Store.open(team, write=True) as store:  # the coordinator reopens it: Dana's change can move now
        store.set_reply_status(reply.id, "drafting")
    third = replydesk("--db", str(laptop), "--author", "Dana", "reply", "sync", str(offline_id), "--with", dana)
    assert f"1 moved there ({NAME_A})" in third.stdout, third.stdout + third.stderr
    assert values(team, reply.id)["pt1.og1.a"] == '"Dana\'s late change"'


def test_a_server_reply_made_before_identities_gets_one(server):
    from replydesk.store.migrations import VersionTable, statements

    url = server.new_database()
    with psycopg.connect(url, autocommit=True) as db:
        for migration in BEFORE:
            for statement in statements(migration, "postgresql"):
                db.execute(statement)
        VersionTable().write(db, len(BEFORE))
        db.execute("INSERT INTO reply (form_id, form_version, definition_hash, country, year, created_at, updated_at) "
                   "VALUES ('global-alliance-2014', '1', 'x', 'DENMARK', 2014, now(), now())")
    with Store.open(url, write=True) as store:
        (reply,) = store.replies()
        assert len(reply.uuid) == 36 and len(store.database_id()) == 36


def test_every_column_both_databases_have_is_carried(tmp_path, ga_form):
    """A column a later version added (the login that wrote a revision or a note, issue 24) travels without code
    of its own: the copy keeps the laptop's logins, whoever copies it."""
    laptop, offline = tmp_path / "laptop.sqlite3", tmp_path / "offline.sqlite3"
    with Store.open(laptop, write=True) as store:
        reply = store.create_reply(ga_form, "Denmark", 2014, by="Anna")
        store.save_answers(reply.id, ga_form, {"pt1.og1.a": "Anna's text"}, by="Anna")
        store.add_note(reply.id, ga_form, "pt1.og1.a", "Cite the Act", author="Reviewer")
    Store.open(offline, write=True).close()
    db = sqlite3.connect(laptop)
    [(login,)] = db.execute("SELECT DISTINCT login FROM answer_history").fetchall()
    db.close()
    assert login  # the OS login that wrote it
    with Store.open(laptop, write=True) as store, Store.open(offline, write=True) as target:
        copied = store.copy_reply(reply.id, target, by="Bo")
    db = sqlite3.connect(offline)
    assert db.execute("SELECT changed_by, login, copied_by FROM answer_history WHERE reply_id = ?",
                      (copied.target_id,)).fetchall() == [("Anna", login, "Bo")]
    assert db.execute("SELECT author, login FROM note").fetchall() == [("Reviewer", login)]


def test_history_shows_original_authors_logins_and_who_copied_through_a_server_and_back(server, tmp_path, ga_form):
    """Drafted in a file, copied onto a server by a login of the team (set up as the README says), a revision
    made there, and copied back into a new file: ``history --json`` on each side names every revision's
    original author and login, and who copied it."""
    laptop, back, team = tmp_path / "laptop.sqlite3", tmp_path / "back.sqlite3", server.new_database()
    Store.open(team, write=True).close()  # the owner's first use: tables and the server's rules
    with psycopg.connect(team, autocommit=True) as db:
        db.execute("DO $$ BEGIN CREATE ROLE i25_carla LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
        db.execute("GRANT replydesk_user TO i25_carla")
    as_carla = team.replace("postgresql://postgres@", "postgresql://i25_carla@")
    with Store.open(laptop, write=True) as store:
        reply = store.create_reply(ga_form, "Denmark", 2014, by="Anna")
        store.save_answers(reply.id, ga_form, {"pt1.og1.a": "Anna's draft"}, by="Anna")
        store.save_answers(reply.id, ga_form, {"pt1.og1.a": "Bo's rewrite"}, by="Bo")
    file_login = sqlite3.connect(laptop).execute("SELECT DISTINCT login FROM answer_history").fetchone()[0]

    def revisions(location: str, reply_id: str) -> list[tuple]:
        done = replydesk("--db", location, "history", reply_id, "pt1.og1.a", "--json")
        assert done.returncode == 0, done.stderr
        return [(r["revision"], r["value"], r["author"], r["login"], r["copied_by"]) for r in json.loads(done.stdout)]

    copied = replydesk("--db", str(laptop), "--author", "Carla", "reply", "copy", str(reply.id), "--to", as_carla)
    assert copied.returncode == 0, copied.stderr
    on_server = copied.stdout.splitlines()[-1]
    assert revisions(as_carla, on_server) == [(1, "Anna's draft", "Anna", file_login, "Carla"),
                                              (2, "Bo's rewrite", "Bo", file_login, "Carla")]
    assert replydesk("--db", as_carla, "--author", "Carla", "set", on_server, "pt1.og1.a", "--text",
                     "Carla's text, on the server").returncode == 0
    again = replydesk("--db", as_carla, "--author", "Carla", "reply", "copy", on_server, "--to", str(back))
    assert again.returncode == 0, again.stderr
    assert revisions(str(back), again.stdout.splitlines()[-1]) == [
        (1, "Anna's draft", "Anna", file_login, "Carla"), (2, "Bo's rewrite", "Bo", file_login, "Carla"),
        (3, "Carla's text, on the server", "Carla", "i25_carla", "Carla")]
    with psycopg.connect(as_carla, autocommit=True) as db, pytest.raises(psycopg.errors.InsufficientPrivilege):
        db.execute("INSERT INTO answer_history (reply_id, key, revision, value, changed_at, changed_by) "
                   "VALUES (%s, 'pt1.og1.a', 4, '\"forged\"', now(), 'Anna')", (int(on_server),))


def test_a_drafters_sync_leaves_the_servers_changes_to_decide_to_its_coordinator(server, tmp_path, ga_form):
    """A coordinator's sync left a change to decide on the server; a drafter's copy, holding the server's text,
    syncs his own section: it moves, through the server's copy path, and the change still waits for the
    coordinator (a drafter may not decide it, so the sync does not try)."""
    team = server.new_database()
    Store.open(team, write=True).close()
    with psycopg.connect(team, autocommit=True) as db:
        for login in ("i25_coord", "i25_drafter"):
            db.execute(f"DO $$ BEGIN CREATE ROLE {login} LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
            db.execute(f"GRANT replydesk_user TO {login}")
    coord, drafter = (team.replace("postgresql://postgres@", f"postgresql://{login}@")
                      for login in ("i25_coord", "i25_drafter"))
    with Store.open(coord, write=True) as store:
        reply = store.create_reply(ga_form, "Denmark", 2014, by="Coordinator")
        store.set_member(reply.id, "i25_drafter", "drafter", sections=["pt2"], display_name="Drafter")
        store.save_answers(reply.id, ga_form, {"pt1.og1.a": "agreed"}, by="Coordinator")
    offline, his = tmp_path / "offline.sqlite3", tmp_path / "his.sqlite3"
    with Store.open(coord, write=True) as there, Store.open(offline, write=True) as mine:
        offline_id = there.copy_reply(reply.id, mine, by="Coordinator").target_id
        mine.save_answers(offline_id, ga_form, {"pt1.og1.a": "offline"}, by="Coordinator")
        there.save_answers(reply.id, ga_form, {"pt1.og1.a": "office"}, by="Coordinator")
        assert mine.sync_reply(offline_id, there, by="Coordinator").to_decide == ["pt1.og1.a"]
    with Store.open(drafter, write=True) as there, Store.open(his, write=True) as mine:
        his_id = there.copy_reply(reply.id, mine, by="Drafter").target_id
        mine.save_answers(his_id, ga_form, {"pt2.og1.a": "Drafter's section"}, by="Drafter")
        synced = mine.sync_reply(his_id, there, by="Drafter")
    assert synced.moved_there == ["pt2.og1.a"]
    with Store.open(coord, write=False) as store:
        assert [c.key for c in store.open_conflicts(reply.id)] == ["pt1.og1.a"]
        assert [(h.value, h.changed_by, h.copied_by) for h in store.history(reply.id, "pt2.og1.a")] == [
            ('"Drafter\'s section"', "Drafter", "Drafter")]


@pytest.mark.parametrize("take_workbook", [False, True])
def test_a_return_conflict_decided_on_one_copy_is_decided_on_the_other(tmp_path, ga_form, registry, take_workbook):
    """An Excel return met a newer answer in the office (a change to decide); the reply was then taken offline with
    it. Decided on the laptop, by keeping the office's text or taking the return's, it is decided in the office
    too after the next sync — never waiting there for a decision already made."""
    from replydesk.documents.excel.export import export_return, source_from_store
    from replydesk.documents.excel.importer import import_workbooks

    office, laptop, path = tmp_path / "office.sqlite3", tmp_path / "laptop.sqlite3", tmp_path / "return.xlsx"
    with Store.open(office, write=True) as a, Store.open(laptop, write=True) as b:
        reply = a.create_reply(ga_form, "DENMARK", 2014, by="Anna")
        a.save_answers(reply.id, ga_form, {"pt1.og1.a": "as exported"}, by="Anna")
        export_return(source_from_store(a, reply.id, ga_form), path)
        a.save_answers(reply.id, ga_form, {"pt1.og1.a": "changed in the office"}, by="Anna")
        import openpyxl
        book = openpyxl.load_workbook(path)
        sheet = book["Reply"]
        cell = next(row[3] for row in sheet.iter_rows() if row[0].value == "pt1.og1.a")
        cell.value = "changed in the ministry's return"
        book.save(path)
        [imported] = import_workbooks(a, registry, [path])
        assert imported.conflicts == ["pt1.og1.a"], imported
        copied = a.copy_reply(reply.id, b).target_id
        (conflict,) = b.open_conflicts(copied)
        b.resolve_conflict(conflict.id, ga_form, take_workbook=take_workbook, by="Bo")
        result = a.sync_reply(reply.id, b)
        assert a.open_conflicts(reply.id) == [] and result.waiting == 0
        wanted = "changed in the ministry's return" if take_workbook else "changed in the office"
        assert a.values(reply.id)["pt1.og1.a"] == b.values(copied)["pt1.og1.a"] == wanted
        assert a.sync_reply(reply.id, b).changed_anything is False  # and again: nothing left to do
