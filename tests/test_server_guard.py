"""Insiders are attackers: the server itself refuses every write a login's role forbids.

A real local cluster set up as the README says (the owner's first use runs ``db setup``; logins are given
``replydesk_user`` or ``replydesk_secretariat``). Anna coordinates a reply; Bo drafts its Policy Target 2;
Cleo reviews; Dave is no member; Sam is the secretariat; Eve has a reply of her own. Each of them connects
with plain psycopg — what psql gives them with the same credentials — and tries every write the roles
forbid; after each try the whole database, read by its owner, and the reply as Anna reads it back are
unchanged. Through the command line the same logins get one-line refusals.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading

import psycopg
import pytest

import pg_server
from replydesk.store import Store

PEOPLE = {"g_anna": "replydesk_user", "g_bo": "replydesk_user", "g_cleo": "replydesk_user",
          "g_dave": "replydesk_user", "g_eve": "replydesk_user", "g_sam": "replydesk_secretariat", "g_nogrant": None}
TABLES = ("reply", "definition", "answer", "answer_history", "note", "reply_event", "proposal", "import_conflict",
          "pending_text", "theme", "passage", "theme_event", "reply_member", "schema_version", "reply_sync",
          "database_identity")


@pytest.fixture(scope="module")
def server():
    yield from pg_server.start()


def _as(url: str, person: str) -> str:
    return url.replace("postgresql://postgres@", f"postgresql://{person}@")


def _replydesk(url: str, person: str, *args: str, author: str | None = None) -> subprocess.CompletedProcess:
    extra = ["--author", author] if author else []
    return subprocess.run([sys.executable, "-m", "replydesk", "--db", _as(url, person), *extra, *args],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONUTF8": "1"})


@pytest.fixture(scope="module")
def team(server, tmp_path_factory):
    """A database set up by its owner, Anna's reply with its members and answers, and Eve's own reply."""
    os.environ.setdefault("HOME", str(tmp_path_factory.mktemp("home")))
    url = server.new_database()
    with Store.open(url, write=True):
        pass  # the owner's first use: the tables and the server's rules
    with psycopg.connect(url, autocommit=True) as db:
        for person, role in PEOPLE.items():
            db.execute(f"DO $$ BEGIN CREATE ROLE {person} LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
            if role:
                db.execute(f"GRANT {role} TO {person}")

    def ok(person: str, *args: str, author: str | None = None) -> str:
        done = _replydesk(url, person, *args, author=author)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""

    reply = ok("g_anna", "new", "--form", "global-alliance-2014", "--country", "Denmark", "--year", "2014")
    ok("g_anna", "member", "add", reply, "g_bo", "--role", "drafter", "--sections", "pt2")
    ok("g_anna", "member", "add", reply, "g_cleo", "--role", "reviewer")
    ok("g_anna", "set", reply, "pt1.og1.a", "--text", "Justice's answer.", author="Anna")
    ok("g_bo", "set", reply, "pt2.og1.a", "--text", "Interior's answer.", author="Bo")
    ok("g_cleo", "note", reply, "pt1.og1.a", "--text", "Cite the Act.", author="Cleo")
    other = ok("g_eve", "new", "--form", "global-alliance-2014", "--country", "Norway", "--year", "2014")
    ok("g_eve", "set", other, "pt1.og1.a", "--text", "Eve's own reply.", author="Eve")
    with psycopg.connect(url, autocommit=True) as db:  # each reply remembers a sync with a laptop's file
        for synced in (reply, other):
            db.execute("INSERT INTO reply_sync (reply_id, peer, peer_name, key, here_revision, there_revision, "
                       "here_status, there_status, synced_at, synced_by) VALUES (%s, 'laptop-uuid', 'laptop.sqlite3', "
                       "'pt1.og1.a', 1, 1, '', '', now(), 'Anna')", (int(synced),))
    return {"url": url, "reply": int(reply), "other": int(other)}


def _whole_database(url: str) -> str:
    """Every row of every table as the owner reads it: a fingerprint that any change would alter."""
    parts = {}
    with psycopg.connect(url, autocommit=True) as db:
        for table in TABLES:
            parts[table] = [repr(row) for row in db.execute(f"SELECT * FROM {table} ORDER BY 1")]
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _anna_reads(team) -> dict:
    """The reply as its coordinator reads it back through the store."""
    with Store.open(_as(team["url"], "g_anna"), write=False) as store:
        reply_id = team["reply"]
        return {"reply": store.reply(reply_id).status, "values": store.values(reply_id),
                "members": [(m.db_user, m.role, m.sections) for m in store.members(reply_id)],
                "history": [(h.key, h.revision, h.value, h.changed_by, h.login) for h in store.history(reply_id)],
                "events": [(e.action, e.by, e.login) for e in store.events(reply_id)],
                "notes": [(n.key, n.text, n.author, n.login) for n in store.notes(reply_id)]}


def _attacks(me: str, reply: int, other: int) -> list[str]:
    """Every write the roles forbid (for Bo: outside Policy Target 2), as an insider would type it in psql."""
    answer_row = ("(reply_id, key, value, review_status, revision, updated_at, updated_by, carried_over) VALUES "
                  "({r}, '{k}', '\"forged\"', 'draft', 1, now(), 'Anna', false)")
    return [
        # answers outside one's sections, in another reply, moved or deleted
        f"UPDATE answer SET value = '\"forged\"' WHERE reply_id = {reply} AND key = 'pt1.og1.a'",
        "INSERT INTO answer " + answer_row.format(r=reply, k="pt3.og1.a"),
        f"UPDATE answer SET value = '\"forged\"' WHERE reply_id = {other}",
        "INSERT INTO answer " + answer_row.format(r=other, k="pt3.og1.a"),
        f"UPDATE answer SET key = 'pt2.og1.b' WHERE reply_id = {reply} AND key = 'pt1.og1.a'",
        f"DELETE FROM answer WHERE reply_id = {reply}",
        # members
        f"INSERT INTO reply_member (reply_id, db_user, display_name, role, sections, added_at, added_by) "
        f"VALUES ({reply}, '{me}', '', 'coordinator', '', now(), '')",
        f"INSERT INTO reply_member (reply_id, db_user, display_name, role, sections, added_at, added_by) "
        f"VALUES ({other}, '{me}', '', 'coordinator', '', now(), '')",
        f"UPDATE reply_member SET role = 'coordinator', sections = '' WHERE reply_id = {reply}",
        f"DELETE FROM reply_member WHERE reply_id = {reply} AND db_user = 'g_anna'",
        # status: directly, through the server's function, or by a reply made final from the start
        f"UPDATE reply SET status = 'final' WHERE id = {reply}",
        f"UPDATE reply SET status = 'final', created_by = 'Minister' WHERE id = {other}",
        f"SELECT replydesk_set_status({reply}, 'final', 'Anna', '')",
        "INSERT INTO reply (form_id, form_version, definition_hash, country, year, status, created_at, updated_at) "
        "SELECT form_id, version, hash, 'Iceland', 2014, 'final', now(), now() FROM definition LIMIT 1",
        # history and events
        "INSERT INTO answer_history (reply_id, key, revision, value, review_status, changed_at, changed_by, source, "
        f"carried_over, login) VALUES ({reply}, 'pt1.og1.a', 9, '\"forged\"', 'draft', now(), 'Anna', '', false, "
        "'g_anna')",
        f"UPDATE answer_history SET changed_by = 'Minister' WHERE reply_id = {reply}",
        f"DELETE FROM answer_history WHERE reply_id = {reply}",
        f"INSERT INTO reply_event (reply_id, at, by, action, detail) VALUES ({reply}, now(), 'Anna', 'status:final', "
        "'')",
        f"INSERT INTO reply_event (reply_id, at, by, action, detail) VALUES ({reply}, now(), 'Anna', 'created', '')",
        f"UPDATE reply_event SET by = 'Minister' WHERE reply_id = {reply}",
        f"DELETE FROM reply_event WHERE reply_id = {reply}",
        f"SELECT replydesk_copy_begin({reply})",
        f"SELECT replydesk_copy_history_rows({reply}, '[{{\"key\": \"pt1.og1.a\", \"revision\": 9}}]')",
        f"SELECT replydesk_copy_begin({other})",
        # what syncs remember, and the database's identity
        *_sync_bookkeeping(me, reply, other),
        "INSERT INTO definition (hash, form_id, version, content) VALUES ('0000', 'x', '1', '{}')",
        # the tables themselves
        *[f"TRUNCATE {table}" for table in ("answer_history", "theme_event", "reply_event", "answer", "reply_member")],
        "CREATE FUNCTION evil() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.value := '\"x\"'; RETURN NEW; "
        "END $$",
        "CREATE OR REPLACE FUNCTION replydesk_may(r INTEGER, what TEXT, k TEXT, who TEXT) RETURNS BOOLEAN "
        "LANGUAGE sql AS $$ SELECT true $$",
        "CREATE TRIGGER evil BEFORE UPDATE ON answer FOR EACH ROW EXECUTE FUNCTION replydesk_no_truncate()",
        "ALTER TABLE answer DISABLE ROW LEVEL SECURITY",
        "ALTER TABLE answer DISABLE TRIGGER replydesk_answer_history",
        "CREATE TEMP TABLE shadow (i INTEGER)",
        "CREATE TABLE shadow (i INTEGER)",
        "SET ROLE g_anna",
        *([] if me == "g_sam" else [  # themes are the secretariat's
            "INSERT INTO theme (form_id, year, under, title, created_at, updated_at) "
            "VALUES ('global-alliance-2014', 2014, 'pt1', 'Forged', now(), now())"]),
    ]


def _sync_bookkeeping(me: str, reply: int, other: int) -> list[str]:
    """Forged sync records (a drafter may keep those of a reply she edits: only others' replies for Bo), and the
    database's identity, which only the owner's migrations write."""
    row = ("INSERT INTO reply_sync (reply_id, peer, peer_name, key, here_revision, there_revision, here_status, "
           "there_status, synced_at, synced_by) VALUES ({r}, 'forged', '', 'pt1.og1.a', 9, 9, '', '', now(), '')")
    return [
        *[statement for r in ((other,) if me == "g_bo" else (reply, other)) for statement in (
            row.format(r=r), f"UPDATE reply_sync SET here_revision = 0 WHERE reply_id = {r}",
            f"DELETE FROM reply_sync WHERE reply_id = {r}")],
        "TRUNCATE reply_sync",
        "INSERT INTO database_identity (uuid, created_at) VALUES ('forged', now())",
        "UPDATE database_identity SET uuid = 'forged'",
        "DELETE FROM database_identity",
        "TRUNCATE database_identity",
    ]


def _notes_and_proposals(me: str, reply: int) -> list[str]:
    """Writes only a member may make: a note and a proposal (refused to a non-member and the secretariat)."""
    return [f"INSERT INTO note (reply_id, key, author, text, created_at) VALUES ({reply}, 'pt1.og1.a', 'Anna', "
            "'forged', now())",
            f"INSERT INTO proposal (reply_id, key, proposed_value, created_at) VALUES ({reply}, 'pt1.og1.a', "
            "'\"x\"', now())"]


def _refused(url: str, person: str, statement: str) -> str:
    """Run one statement as ``person``; what stopped it (an error, or no row it could touch)."""
    with psycopg.connect(_as(url, person), autocommit=True) as db:
        try:
            cursor = db.execute(statement)
        except psycopg.Error as exc:
            return f"error: {exc.sqlstate}"
        if statement.lstrip().upper().startswith(("UPDATE", "DELETE")) and cursor.rowcount == 0:
            return "no row"
        return f"ran ({cursor.rowcount} rows)"


@pytest.mark.parametrize("person", ["g_bo", "g_cleo", "g_dave", "g_sam"])
def test_every_forbidden_write_is_refused_by_the_server_and_changes_nothing(team, person):
    url, reply, other = team["url"], team["reply"], team["other"]
    before, anna_before = _whole_database(url), _anna_reads(team)
    attacks = _attacks(person, reply, other)
    if person in ("g_dave", "g_sam"):
        attacks += _notes_and_proposals(person, reply)
    outcomes = {statement: _refused(url, person, statement) for statement in attacks}
    not_refused = {s: o for s, o in outcomes.items() if o.startswith("ran")}
    assert not not_refused, not_refused
    assert _whole_database(url) == before
    assert _anna_reads(team) == anna_before


def test_what_a_non_member_and_the_secretariat_read(team):
    url, reply = team["url"], team["reply"]
    with psycopg.connect(_as(url, "g_dave"), autocommit=True) as db:
        assert db.execute("SELECT count(*) FROM answer WHERE reply_id = %s", (reply,)).fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM answer_history WHERE reply_id = %s", (reply,)).fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM reply WHERE id = %s", (reply,)).fetchone()[0] == 0
    with psycopg.connect(_as(url, "g_sam"), autocommit=True) as db:  # the secretariat reads every reply
        assert db.execute("SELECT count(DISTINCT reply_id) FROM answer WHERE reply_id IN (%s, %s)",
                          (reply, team["other"])).fetchone()[0] == 2


def test_a_drafter_writes_in_her_section_and_the_server_signs_it_with_her_login(team):
    url, reply = team["url"], team["reply"]
    with psycopg.connect(_as(url, "g_bo"), autocommit=True) as db:  # a direct write: still a save, in history
        db.execute("UPDATE answer SET value = '\"Interior, by psql.\"', revision = 1, updated_by = 'Anna' "
                   "WHERE reply_id = %s AND key = 'pt2.og1.a'", (reply,))
    done = _replydesk(url, "g_anna", "history", str(reply), "pt2.og1.a", "--json")
    revisions = json.loads(done.stdout)
    assert [(r["revision"], r["value"], r["login"]) for r in revisions] == [
        (1, "Interior's answer.", "g_bo"), (2, "Interior, by psql.", "g_bo")]
    # the plain text kept for the secretariat's search was the old answer's: dropped, so a search reads the new
    with Store.open(_as(url, "g_sam"), write=False) as store:
        found = {key: text for reply_id, _, key, text in store.answer_texts_of_year("global-alliance-2014", 2014)
                 if reply_id == reply}
    assert found["pt2.og1.a"] == "Interior, by psql."


def test_history_names_the_login_whatever_author_says(team):
    url, reply = team["url"], team["reply"]
    done = _replydesk(url, "g_bo", "set", str(reply), "pt2.og2.a", "--text", "Signed as someone else.",
                      author="Anna (coordinator)")
    assert done.returncode == 0, done.stderr
    listed = _replydesk(url, "g_anna", "history", str(reply), "pt2.og2.a", "--json")
    [revision] = json.loads(listed.stdout)
    assert set(revision) == {"revision", "value", "author", "login", "at", "source", "copied_by"}
    assert revision["copied_by"] == ""
    assert (revision["author"], revision["login"], revision["value"]) == (
        "Anna (coordinator)", "g_bo", "Signed as someone else.")
    table = _replydesk(url, "g_anna", "history", str(reply), "pt2.og2.a").stdout
    assert "g_bo" in table and "LOGIN" in table


@pytest.mark.parametrize(("person", "args", "says"), [
    ("g_bo", ("set", "{reply}", "pt1.og1.a", "--text", "Not my section."), "g_bo drafts pt2"),
    ("g_bo", ("status", "{reply}", "final"), "it takes a coordinator"),
    ("g_bo", ("member", "add", "{reply}", "g_dave", "--role", "coordinator"), "it takes a coordinator"),
    ("g_cleo", ("set", "{reply}", "pt2.og1.a", "--text", "Reviewer's rewrite."), "g_cleo is a reviewer"),
    ("g_cleo", ("confirm", "{reply}", "--all"), "may not confirm"),
    ("g_cleo", ("member", "remove", "{reply}", "g_anna"), "it takes a coordinator"),
    ("g_dave", ("set", "{reply}", "pt1.og1.a", "--text", "A stranger's text."), "that g_dave may see"),
    ("g_dave", ("confirm", "{reply}", "--all"), "that g_dave may see"),
    ("g_dave", ("member", "list", "{reply}"), "that g_dave may see"),
    ("g_sam", ("set", "{reply}", "pt1.og1.a", "--text", "The secretariat's text."), "g_sam is not a member"),
    ("g_nogrant", ("list",), "GRANT replydesk_user TO g_nogrant"),
    ("g_anna", ("member", "list", "999"), "there is no reply 999"),
])
def test_the_same_logins_get_one_line_refusals_from_the_command_line(team, person, args, says):
    before = _whole_database(team["url"])
    done = _replydesk(team["url"], person, *[a.format(reply=team["reply"]) for a in args])
    assert done.returncode in (1, 2), done.stdout
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert says in done.stderr and "unexpected" not in done.stderr
    assert _whole_database(team["url"]) == before


def test_final_is_checked_by_the_server_and_ordered_with_saves(server, tmp_path):
    """Anna coordinates a baseline reply with required questions unanswered: the server refuses final even
    through its own function in psql; once final, a save is refused by the server as well."""
    url = server.new_database()
    with Store.open(url, write=True):
        pass
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("DO $$ BEGIN CREATE ROLE g_anna LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
        db.execute("GRANT replydesk_user TO g_anna")
    made = _replydesk(url, "g_anna", "new", "--form", "coe-ocsea-baseline", "--country", "Denmark", "--year", "2021")
    assert made.returncode == 0, made.stderr
    reply = int(made.stdout.strip().splitlines()[-1])
    with psycopg.connect(_as(url, "g_anna"), autocommit=True) as db:
        with pytest.raises(psycopg.errors.CheckViolation, match="required, still empty"):
            db.execute("SELECT replydesk_set_status(%s, 'final', 'Anna', '')", (reply,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            db.execute("UPDATE reply SET status = 'final' WHERE id = %s", (reply,))
    with psycopg.connect(url, autocommit=True) as db:  # the owner may (e.g. restoring); then saves must stop
        db.execute("UPDATE reply SET status = 'final' WHERE id = %s", (reply,))
    with psycopg.connect(_as(url, "g_anna"), autocommit=True) as db, \
            pytest.raises(psycopg.errors.CheckViolation, match="is final"):
        db.execute("INSERT INTO answer (reply_id, key, value, review_status, revision, updated_at, updated_by, "
                    "carried_over) SELECT %s, 'late', '\"late\"', 'draft', 1, now(), 'Anna', false", (reply,))


def test_db_setup_is_idempotent_and_refused_to_a_user(team):
    url = team["url"]
    for _ in range(2):
        done = subprocess.run([sys.executable, "-m", "replydesk", "--db", url, "db", "setup"], capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert "GRANT replydesk_user TO" in done.stdout
    refused = _replydesk(url, "g_anna", "db", "setup")
    assert refused.returncode == 1 and "only the database's owner" in refused.stderr


def test_a_save_and_marking_final_are_ordered_by_the_server(team, server):
    """Anna marks a reply final while Bo's save is on its way: the save waits for the change and is refused
    (never a revision landing in a final reply)."""
    url = server.new_database()
    with Store.open(url, write=True):
        pass
    with psycopg.connect(url, autocommit=True) as db:
        for person in ("g_anna", "g_bo"):
            db.execute(f"GRANT replydesk_user TO {person}")
    made = _replydesk(url, "g_anna", "new", "--form", "global-alliance-2014", "--country", "Denmark", "--year", "2014")
    reply = int(made.stdout.strip().splitlines()[-1])
    assert _replydesk(url, "g_anna", "member", "add", str(reply), "g_bo", "--role", "drafter").returncode == 0
    outcome: list[str] = []
    with psycopg.connect(_as(url, "g_anna")) as anna, psycopg.connect(_as(url, "g_bo")) as bo:
        anna.execute("SELECT replydesk_set_status(%s, 'final', 'Anna', '')", (reply,))  # not yet committed

        def save() -> None:
            try:
                bo.execute("INSERT INTO answer (reply_id, key, value, review_status, revision, updated_at, "
                           "updated_by, carried_over) VALUES (%s, 'pt2.og1.a', '\"Late.\"', 'draft', 1, now(), "
                           "'Bo', false)", (reply,))
                bo.commit()
                outcome.append("saved")
            except psycopg.Error as exc:
                bo.rollback()
                outcome.append(f"refused: {exc.sqlstate} {exc}")

        saver = threading.Thread(target=save)
        saver.start()
        saver.join(1.0)
        assert saver.is_alive()  # the save waits for the status change
        anna.commit()
        saver.join(10)
    assert len(outcome) == 1 and outcome[0].startswith("refused: 23514") and "is final" in outcome[0]
    with Store.open(_as(url, "g_anna"), write=False) as store:
        assert store.reply(reply).status == "final" and store.values(reply) == {}


def test_a_reply_an_import_creates_is_coordinated_by_its_importer(team, ga_form, tmp_path):
    """Dave imports Albania's return, which makes a new reply: he coordinates it, nobody else may write it."""
    from tests.test_excel_import import write_return

    workbook = write_return(ga_form, tmp_path / "albania.xlsx", country="ALBANIA")
    done = _replydesk(team["url"], "g_dave", "import", str(workbook), author="Dave")
    assert done.returncode == 0, done.stderr
    with Store.open(_as(team["url"], "g_dave"), write=False) as store:
        [reply] = [r for r in store.replies() if r.country == "ALBANIA"]
        assert [(m.db_user, m.role) for m in store.members(reply.id)] == [("g_dave", "coordinator")]
    taken = _replydesk(team["url"], "g_bo", "member", "add", str(reply.id), "g_bo", "--role", "coordinator")
    assert taken.returncode != 0 and "that g_bo may see" in taken.stderr


def test_copying_a_reply_keeps_its_history_authors_through_the_servers_own_path(team):
    """The copy path a coordinator may take (issue 25's copy and sync go through it): answers written inside
    replydesk_copy_begin leave no automatic history, and replydesk_copy_history_rows puts the original
    revisions in with their authors and logins; no direct INSERT is ever granted."""
    url, reply = team["url"], team["reply"]
    original = [{"key": "pt4.og1.a", "revision": 1, "value": '"First, in the file."', "changed_by": "Olga",
                 "changed_at": "2026-01-05T10:00:00+00:00", "source": "gui", "login": "olga"},
                {"key": "pt4.og1.a", "revision": 2, "value": '"Second, in the file."', "changed_by": "Olga",
                 "changed_at": "2026-01-06T10:00:00+00:00", "source": "gui", "login": "olga"}]
    with psycopg.connect(_as(url, "g_anna")) as anna:
        anna.execute("SELECT replydesk_copy_begin(%s)", (reply,))
        anna.execute("INSERT INTO answer (reply_id, key, value, review_status, revision, updated_at, updated_by, "
                      "carried_over) VALUES (%s, 'pt4.og1.a', '\"Second, in the file.\"', 'draft', 2, "
                      "'2026-01-06T10:00:00+00:00', 'Olga', false)", (reply,))
        copied = anna.execute("SELECT replydesk_copy_history_rows(%s, %s)", (reply, json.dumps(original))).fetchone()
        anna.commit()
    assert copied == (2,)
    listed = json.loads(_replydesk(url, "g_anna", "history", str(reply), "pt4.og1.a", "--json").stdout)
    assert [(r["revision"], r["author"], r["login"]) for r in listed] == [(1, "Olga", "olga"), (2, "Olga", "olga")]
    # the copy ended with the transaction's rows: Anna's next save is signed by the server again
    done = _replydesk(url, "g_anna", "set", str(reply), "pt4.og1.a", "--text", "Third, on the server.",
                      author="Olga")
    assert done.returncode == 0, done.stderr
    last = json.loads(_replydesk(url, "g_anna", "history", str(reply), "pt4.og1.a", "--json").stdout)[-1]
    assert (last["revision"], last["author"], last["login"]) == (3, "Olga", "g_anna")


def test_a_drafter_copies_history_only_into_her_sections_and_only_to_the_end(team):
    """Bo drafts Policy Target 2: a sync of his may bring revisions of his sections through the copy path, never
    of another section, never status or creation events, never an answer without its revision in the history,
    and a copy begun must be ended in the same transaction."""
    url, reply = team["url"], team["reply"]
    before, anna_before = _whole_database(url), _anna_reads(team)
    outside = [{"key": "pt1.og1.a", "revision": 9, "value": '"forged"', "changed_by": "Anna", "login": "g_anna"}]
    final = [{"at": "2026-01-05T10:00:00+00:00", "by": "Anna", "action": "status:final", "detail": "",
              "login": "g_anna"}]
    write = ("INSERT INTO answer (reply_id, key, value, review_status, revision, updated_at, updated_by, carried_over) "
             "VALUES (%s, 'pt2.og3.a', '\"From the laptop.\"', 'draft', 2, now(), 'Bo', false)")
    tries = [
        [("SELECT replydesk_copy_history_rows(%s, %s)", (reply, json.dumps(outside)))],
        [("SELECT replydesk_copy_history_rows(%s, '[]', %s)", (reply, json.dumps(final)))],
        [(write, (reply,)), ("SELECT replydesk_copy_history_rows(%s, '[]')", (reply,))],  # no history for it
        [(write, (reply,))],  # never ended: refused at commit
    ]
    for steps in tries:
        with psycopg.connect(_as(url, "g_bo")) as bo:
            bo.execute("SELECT replydesk_copy_begin(%s)", (reply,))
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                for statement, params in steps:
                    bo.execute(statement, params)
                bo.commit()
            bo.rollback()
    assert _whole_database(url) == before and _anna_reads(team) == anna_before
    mine = [{"key": "pt2.og3.a", "revision": r, "value": f'"{text}"', "changed_by": "Bo", "login": "bo_laptop",
             "changed_at": "2026-01-05T10:00:00+00:00", "copied_by": "Bo"}
            for r, text in ((1, "Drafted on the train."), (2, "From the laptop."))]
    with psycopg.connect(_as(url, "g_bo")) as bo:  # the same, done right: his section, its revisions
        bo.execute("SELECT replydesk_copy_begin(%s)", (reply,))
        bo.execute(write, (reply,))
        bo.execute("SELECT replydesk_copy_history_rows(%s, %s)", (reply, json.dumps(mine)))
        bo.commit()
    listed = json.loads(_replydesk(url, "g_anna", "history", str(reply), "pt2.og3.a", "--json").stdout)
    assert [(r["revision"], r["author"], r["login"], r["copied_by"]) for r in listed] == [
        (1, "Bo", "bo_laptop", "Bo"), (2, "Bo", "bo_laptop", "Bo")]
