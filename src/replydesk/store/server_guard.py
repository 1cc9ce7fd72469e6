"""The team's server enforces who may write: ``replydesk db setup``, run by the database's owner.

Reply Desk checks roles itself (``roles.check_allowed``), but an insider has the same credentials and
psql. So the server is the guard, below the application:

* **Group roles.** ``replydesk_user`` (a login is given access with ``GRANT replydesk_user TO login``;
  any such login may create a reply and becomes its coordinator) and ``replydesk_secretariat``
  (reads every reply, writes only themes, passages and their events).
* **Row-level security on every table**, keyed on ``current_user`` and ``reply_member``: a member reads
  only the replies they belong to; a drafter writes answers only in their sections; a reviewer writes
  only notes and proposals; only a coordinator changes members, decides proposals and conflicts, and
  changes the status (through ``replydesk_set_status`` only).
* **A reply with no members** is open only to its creator (the login the server records on it) and, for
  reading, to the secretariat: Reply Desk never leaves one (creating, importing and copying a reply each
  give it a coordinator), and the database's owner can add one.
* **History is a side effect of saves.** Users have no INSERT, UPDATE or DELETE on ``answer_history``: a
  trigger on ``answer`` (SECURITY DEFINER, owned by the owner, whom users cannot become) appends each
  revision with ``session_user`` as its login and the revision number the server counts. Events may be
  added only by a login who may edit the reply (``created`` only in the transaction that made the reply,
  ``status:…`` only by ``replydesk_set_status``), theme events only by the secretariat or a save that
  moves a passage; none is ever updated or deleted. TRUNCATE is refused by privileges and by a
  statement trigger on every table; users may not CREATE in the schema (so no trigger or function of
  theirs) nor make temporary tables.
* **Final only without problems, checked by the server.** The full check (types, tables, word limits,
  conditions) is Python's (``definitions.problems``) and stays the application's; what a user could
  skip by writing SQL is checked again by ``replydesk_set_status`` from the definition the server keeps
  (whose hash the server verifies when it is stored): every required question without a relevance
  condition has an answer, and no typed text is kept that is not a valid answer. Saves and the status
  change are ordered (the status change locks the reply FOR UPDATE; every answer write takes a key-share lock on it and
  is refused once the reply is final).
* **The copy path** (``db copy``, and ``reply copy``/``reply sync``, one reply with its history):
  ``replydesk_copy_begin(reply)`` — for a reply the caller may edit — makes this transaction's answer
  writes of that reply keep their revisions and leave no automatic history (a final reply still takes
  none), and ``replydesk_copy_history_rows(reply, history, events)`` then inserts the original rows
  (their authors and logins as they were, ``copied_by`` as given or the caller's login) and ends the
  copy: a drafter's only in their sections, status and creation events only a coordinator's. A copy
  begun must end so in the same transaction, and every answer it wrote must have its revision in the
  history it copies. Users never get INSERT on history or events.
* **Sync bookkeeping.** ``reply_sync`` (what two copies of a reply held when last synced) is read by the
  reply's readers and written by whoever may edit it; ``database_identity`` is read by all and written
  only by the owner's migrations.

Setup is idempotent and recorded in ``replydesk_setup`` with a fingerprint of these statements; opening
the database for writing as its owner runs it again when the fingerprint differs (after a migration).
"""

from __future__ import annotations

import hashlib

from replydesk.store.database import StoreError

USER_ROLE = "replydesk_user"
SECRETARIAT_ROLE = "replydesk_secretariat"

#: Every table the migrations make (the server's own bookkeeping tables included).
TABLES = ("reply", "definition", "answer", "answer_history", "note", "reply_event", "proposal", "import_conflict",
          "pending_text", "theme", "passage", "theme_event", "reply_member", "schema_version", "reply_sync",
          "database_identity")
#: Tables whose rows record who wrote them: the server fills ``login`` with ``session_user``.
SIGNED = ("reply", "answer_history", "reply_event", "note", "proposal")

_DEFINER = "SECURITY DEFINER SET search_path = public, pg_temp"

_ROLES = f"""
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{USER_ROLE}') THEN CREATE ROLE {USER_ROLE} NOLOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{SECRETARIAT_ROLE}') THEN
    CREATE ROLE {SECRETARIAT_ROLE} NOLOGIN;
  END IF;
END $$"""

_BOOKKEEPING = [
    "CREATE TABLE IF NOT EXISTS replydesk_copying (txid BIGINT NOT NULL, reply_id INTEGER)",
    "CREATE TABLE IF NOT EXISTS replydesk_setup (fingerprint TEXT NOT NULL)",
]

_FUNCTIONS = [
    # the reply's row was written in this very transaction (a new reply: its creator's first statements)
    f"""CREATE OR REPLACE FUNCTION replydesk_written_now(r INTEGER) RETURNS BOOLEAN LANGUAGE sql STABLE {_DEFINER} AS $$
      SELECT EXISTS (SELECT 1 FROM reply WHERE id = r AND xmin::text = (txid_current() % 4294967296)::text)
    $$""",
    f"""CREATE OR REPLACE FUNCTION replydesk_no_members(r INTEGER) RETURNS BOOLEAN LANGUAGE sql STABLE {_DEFINER} AS $$
      SELECT NOT EXISTS (SELECT 1 FROM reply_member WHERE reply_id = r)
    $$""",
    # a reply with no members, made by ``who`` (the login the server recorded on it)
    f"""CREATE OR REPLACE FUNCTION replydesk_unclaimed_by(r INTEGER, who TEXT) RETURNS BOOLEAN
    LANGUAGE sql STABLE {_DEFINER} AS $$
      SELECT NOT EXISTS (SELECT 1 FROM reply_member WHERE reply_id = r)
         AND EXISTS (SELECT 1 FROM reply WHERE id = r AND login = who)
    $$""",
    # what ``who`` may do to reply r: read, note, edit (key k, or any when NULL), decide
    f"""CREATE OR REPLACE FUNCTION replydesk_may(r INTEGER, what TEXT, k TEXT, who TEXT) RETURNS BOOLEAN
    LANGUAGE plpgsql STABLE {_DEFINER} AS $$
    DECLARE m reply_member;
    BEGIN
      SELECT * INTO m FROM reply_member WHERE reply_id = r AND db_user = who;
      IF NOT FOUND THEN
        RETURN replydesk_unclaimed_by(r, who)
            OR (what = 'read' AND pg_has_role(who::name, '{SECRETARIAT_ROLE}', 'MEMBER'));
      END IF;
      IF what IN ('read', 'note') OR m.role = 'coordinator' THEN RETURN true; END IF;
      IF what = 'edit' AND m.role = 'drafter' THEN
        IF k IS NULL OR m.sections IN ('', '[]') THEN RETURN true; END IF;
        RETURN EXISTS (SELECT 1 FROM jsonb_array_elements_text(m.sections::jsonb) s
                       WHERE k = s OR left(k, length(s) + 1) = s || '.');
      END IF;
      RETURN false;
    END $$""",
    f"""CREATE OR REPLACE FUNCTION replydesk_copying_now(r INTEGER) RETURNS BOOLEAN
    LANGUAGE sql STABLE {_DEFINER} AS $$
      SELECT EXISTS (SELECT 1 FROM replydesk_copying WHERE txid = txid_current() AND (reply_id IS NULL OR reply_id = r))
    $$""",
    f"""CREATE OR REPLACE FUNCTION replydesk_secretariat(who TEXT) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
      SELECT pg_has_role(who::name, '{SECRETARIAT_ROLE}', 'MEMBER')
    $$""",
    """CREATE OR REPLACE FUNCTION replydesk_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '% keeps every row: TRUNCATE is refused', TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege'; END $$""",
    """CREATE OR REPLACE FUNCTION replydesk_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '% is append-only', replace(TG_TABLE_NAME, '_', ' ')
      USING ERRCODE = 'insufficient_privilege'; END $$""",
    f"""CREATE OR REPLACE FUNCTION replydesk_stamp_login() RETURNS trigger LANGUAGE plpgsql {_DEFINER} AS $$
    BEGIN
      IF NOT replydesk_copying_now(coalesce((to_jsonb(NEW)->>'reply_id')::integer, NEW.id)) THEN
        NEW.login := session_user;
      END IF;
      RETURN NEW;
    END $$""",
    # before an answer is written: not into a final reply (ordered with replydesk_set_status), never moved
    # to another reply or key, and its revision counted by the server
    f"""CREATE OR REPLACE FUNCTION replydesk_answer_guard() RETURNS trigger LANGUAGE plpgsql {_DEFINER} AS $$
    BEGIN
      -- the owner's whole-database copy (db copy): rows as they were
      IF EXISTS (SELECT 1 FROM replydesk_copying WHERE txid = txid_current() AND reply_id IS NULL) THEN
        RETURN NEW;
      END IF;
      IF TG_OP = 'UPDATE' AND (NEW.reply_id <> OLD.reply_id OR NEW.key <> OLD.key) THEN
        RAISE EXCEPTION 'an answer stays with its reply and question' USING ERRCODE = 'insufficient_privilege';
      END IF;
      PERFORM 1 FROM reply WHERE id = NEW.reply_id AND status <> 'final' FOR KEY SHARE;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'reply % is final; reopen it before changing answers', NEW.reply_id
          USING ERRCODE = 'check_violation';
      END IF;
      IF TG_OP = 'UPDATE' AND NEW.value IS DISTINCT FROM OLD.value AND NEW.plain IS NOT DISTINCT FROM OLD.plain THEN
        NEW.plain := NULL;  -- the text kept for searching is the old value's: searches work it out from the new one
      END IF;
      IF replydesk_copying_now(NEW.reply_id) THEN
        RETURN NEW;  -- one reply copied or synced: its revisions as they were
      ELSIF TG_OP = 'INSERT' THEN
        NEW.revision := 1;
      ELSIF (NEW.value, NEW.review_status, NEW.carried_over)
            IS DISTINCT FROM (OLD.value, OLD.review_status, OLD.carried_over) THEN
        NEW.revision := OLD.revision + 1;
      ELSE
        NEW.revision := OLD.revision;
      END IF;
      RETURN NEW;
    END $$""",
    # after: the revision appended to the history, signed with the login
    f"""CREATE OR REPLACE FUNCTION replydesk_answer_history() RETURNS trigger LANGUAGE plpgsql {_DEFINER} AS $$
    BEGIN
      IF replydesk_copying_now(NEW.reply_id) THEN RETURN NULL; END IF;
      IF TG_OP = 'UPDATE' AND NEW.revision = OLD.revision THEN RETURN NULL; END IF;
      INSERT INTO answer_history (reply_id, key, revision, value, review_status, changed_at, changed_by, source,
                                  carried_over, login)
      VALUES (NEW.reply_id, NEW.key, NEW.revision, NEW.value, NEW.review_status, NEW.updated_at, NEW.updated_by,
              coalesce(current_setting('replydesk.source', true), ''), NEW.carried_over, session_user);
      RETURN NULL;
    END $$""",
    # what stands between a reply and final, as far as the server can tell (NULL: nothing)
    f"""CREATE OR REPLACE FUNCTION replydesk_final_problems(r INTEGER) RETURNS TEXT LANGUAGE sql STABLE {_DEFINER} AS $$
      WITH RECURSIVE d AS (
        SELECT def.content::jsonb AS c FROM reply JOIN definition def ON def.hash = reply.definition_hash
        WHERE reply.id = r),
      g(node, path) AS (
        SELECT e, e->>'key' FROM d, jsonb_array_elements(d.c->'groups') e
        UNION ALL
        SELECT c, g.path || '.' || (c->>'key') FROM g, jsonb_array_elements(coalesce(g.node->'groups', '[]')) c),
      required AS (
        SELECT g.path || '.' || (q->>'key') AS key FROM g, jsonb_array_elements(coalesce(g.node->'questions', '[]')) q
        WHERE coalesce((q->>'required')::boolean, false) AND coalesce(q->>'relevant', '') = ''),
      found AS (
        SELECT required.key || ': required, still empty' AS problem FROM required
        WHERE NOT EXISTS (
          SELECT 1 FROM answer a WHERE a.reply_id = r AND a.key = required.key AND a.value IS NOT NULL
            AND a.value NOT IN ('null', '[]', '{{}}')
            AND NOT (jsonb_typeof(a.value::jsonb) = 'string' AND btrim(a.value::jsonb #>> '{{}}') = ''))
        UNION ALL
        SELECT key || ': typed text not yet valid' FROM pending_text WHERE reply_id = r)
      SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM d) THEN 'its definition is not in this database'
                  ELSE (SELECT string_agg(problem, '; ' ORDER BY problem) FROM found) END
    $$""",
    f"""CREATE OR REPLACE FUNCTION replydesk_set_status(r INTEGER, new_status TEXT, by_name TEXT, detail TEXT)
    RETURNS TEXT LANGUAGE plpgsql {_DEFINER} AS $$
    DECLARE old TEXT; problems TEXT;
    BEGIN
      SELECT status INTO old FROM reply WHERE id = r FOR UPDATE;
      IF NOT FOUND THEN RAISE EXCEPTION 'there is no reply %', r USING ERRCODE = 'no_data_found'; END IF;
      IF NOT replydesk_may(r, 'decide', NULL, session_user) THEN
        RAISE EXCEPTION '% is not a coordinator of reply % and may not change its status', session_user, r
          USING ERRCODE = 'insufficient_privilege';
      END IF;
      IF new_status = 'final' AND old <> 'final' THEN
        problems := replydesk_final_problems(r);
        IF problems IS NOT NULL THEN
          RAISE EXCEPTION 'reply % cannot be final: %', r, problems USING ERRCODE = 'check_violation';
        END IF;
      END IF;
      UPDATE reply SET status = new_status, updated_at = now() WHERE id = r;
      INSERT INTO reply_event (reply_id, at, by, action, detail)
      VALUES (r, now(), coalesce(by_name, ''), 'status:' || new_status,
              coalesce(nullif(detail, ''), old || ' -> ' || new_status));
      RETURN old;
    END $$""",
    # the copy path (a reply with its history, authors as they were): begin, write the answers, then the rows
    f"""CREATE OR REPLACE FUNCTION replydesk_copy_begin(r INTEGER) RETURNS VOID LANGUAGE plpgsql {_DEFINER} AS $$
    BEGIN
      IF NOT replydesk_may(r, 'edit', NULL, session_user) THEN
        RAISE EXCEPTION '% may not edit reply % and may not copy its history', session_user, r
          USING ERRCODE = 'insufficient_privilege';
      END IF;
      DELETE FROM replydesk_copying WHERE txid_status(txid) IS DISTINCT FROM 'in progress';
      INSERT INTO replydesk_copying (txid, reply_id) VALUES (txid_current(), r);
    END $$""",
    # at commit: a copy begun is a copy ended, so no answer it wrote goes without its history
    f"""CREATE OR REPLACE FUNCTION replydesk_copy_ended() RETURNS trigger LANGUAGE plpgsql {_DEFINER} AS $$
    BEGIN
      IF NEW.reply_id IS NOT NULL AND EXISTS (SELECT 1 FROM replydesk_copying WHERE txid = NEW.txid
                                              AND reply_id = NEW.reply_id) THEN
        RAISE EXCEPTION 'a copy into reply % was begun and never ended with replydesk_copy_history_rows',
          NEW.reply_id USING ERRCODE = 'insufficient_privilege';
      END IF;
      RETURN NULL;
    END $$""",
    f"""CREATE OR REPLACE FUNCTION replydesk_copy_history_rows(r INTEGER, history JSONB, events JSONB DEFAULT '[]')
    RETURNS INTEGER LANGUAGE plpgsql {_DEFINER} AS $$
    DECLARE copied INTEGER;
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM replydesk_copying WHERE txid = txid_current() AND reply_id = r) THEN
        RAISE EXCEPTION 'call replydesk_copy_begin(%) first, in the same transaction', r
          USING ERRCODE = 'insufficient_privilege';
      END IF;
      -- a drafter copies only the history of their sections; status and creation events take a coordinator
      IF EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(history, '[]')) h
                 WHERE NOT replydesk_may(r, 'edit', h->>'key', session_user))
         OR (EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(events, '[]')) e
                     WHERE e->>'action' LIKE 'status:%' OR e->>'action' = 'created')
             AND NOT replydesk_may(r, 'decide', NULL, session_user)) THEN
        RAISE EXCEPTION '% may not copy these revisions or events into reply %', session_user, r
          USING ERRCODE = 'insufficient_privilege';
      END IF;
      INSERT INTO answer_history (reply_id, key, revision, value, review_status, changed_at, changed_by, source,
                                  carried_over, login, copied_by)
      SELECT r, h.key, h.revision, h.value, coalesce(h.review_status, 'draft'), h.changed_at,
             coalesce(h.changed_by, ''), coalesce(h.source, ''), coalesce(h.carried_over, false), coalesce(h.login, ''),
             coalesce(nullif(h.copied_by, ''), session_user)
      FROM jsonb_to_recordset(coalesce(history, '[]')) AS h(key TEXT, revision INTEGER, value TEXT, review_status TEXT,
           changed_at TIMESTAMPTZ, changed_by TEXT, source TEXT, carried_over BOOLEAN, login TEXT, copied_by TEXT);
      GET DIAGNOSTICS copied = ROW_COUNT;
      INSERT INTO reply_event (reply_id, at, by, action, detail, login)
      SELECT r, e.at, coalesce(e.by, ''), e.action, coalesce(e.detail, ''), coalesce(e.login, '')
      FROM jsonb_to_recordset(coalesce(events, '[]'))
           AS e(at TIMESTAMPTZ, by TEXT, action TEXT, detail TEXT, login TEXT);
      IF EXISTS (SELECT 1 FROM answer a WHERE a.reply_id = r
                   AND a.xmin::text = (txid_current() % 4294967296)::text
                   AND NOT EXISTS (SELECT 1 FROM answer_history h WHERE h.reply_id = r AND h.key = a.key
                                   AND h.revision = a.revision AND h.value IS NOT DISTINCT FROM a.value)) THEN
        RAISE EXCEPTION 'every answer the copy wrote into reply % needs its revision in the history it copies', r
          USING ERRCODE = 'insufficient_privilege';
      END IF;
      DELETE FROM replydesk_copying WHERE txid = txid_current() AND reply_id = r;
      RETURN copied;
    END $$""",
]


def _triggers() -> list[str]:
    found = []
    for table in TABLES:
        found += [f"DROP TRIGGER IF EXISTS replydesk_no_truncate ON {table}",
                  f"CREATE TRIGGER replydesk_no_truncate BEFORE TRUNCATE ON {table} "
                  "FOR EACH STATEMENT EXECUTE FUNCTION replydesk_no_truncate()"]
    for table in SIGNED:
        found += [f"DROP TRIGGER IF EXISTS replydesk_stamp_login ON {table}",
                  f"CREATE TRIGGER replydesk_stamp_login BEFORE INSERT ON {table} "
                  "FOR EACH ROW EXECUTE FUNCTION replydesk_stamp_login()"]
    found += [
        "DROP TRIGGER IF EXISTS replydesk_answer_guard ON answer",
        "CREATE TRIGGER replydesk_answer_guard BEFORE INSERT OR UPDATE ON answer "
        "FOR EACH ROW EXECUTE FUNCTION replydesk_answer_guard()",
        "DROP TRIGGER IF EXISTS replydesk_answer_history ON answer",
        "CREATE TRIGGER replydesk_answer_history AFTER INSERT OR UPDATE ON answer "
        "FOR EACH ROW EXECUTE FUNCTION replydesk_answer_history()",
        "DROP TRIGGER IF EXISTS replydesk_copy_ended ON replydesk_copying",
        "CREATE CONSTRAINT TRIGGER replydesk_copy_ended AFTER INSERT ON replydesk_copying "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION replydesk_copy_ended()",
        "DROP TRIGGER IF EXISTS reply_event_no_update ON reply_event",
        "CREATE TRIGGER reply_event_no_update BEFORE UPDATE OR DELETE ON reply_event "
        "FOR EACH ROW EXECUTE FUNCTION replydesk_append_only()",
    ]
    return found


def _may(what: str, key: str = "NULL", reply: str = "reply_id") -> str:
    return f"replydesk_may({reply}, '{what}', {key}, current_user)"


#: (table, command, USING, WITH CHECK) for each policy; tables without an entry for a command refuse it.
_POLICIES: list[tuple[str, str, str | None, str | None]] = [
    ("reply", "SELECT", f"login = current_user AND replydesk_no_members(id) OR {_may('read', reply='id')}", None),
    ("reply", "INSERT", None, "status = 'drafting'"),
    ("reply", "UPDATE", _may("edit", reply="id"), _may("edit", reply="id")),
    ("definition", "SELECT", "true", None),
    ("definition", "INSERT", None, "hash = encode(sha256(convert_to(content, 'UTF8')), 'hex')"),
    ("schema_version", "SELECT", "true", None),
    ("answer", "SELECT", _may("read"), None),
    ("answer", "INSERT", None, _may("edit", "key")),
    ("answer", "UPDATE", _may("edit", "key"), _may("edit", "key")),
    ("answer_history", "SELECT", _may("read"), None),
    ("note", "SELECT", _may("read"), None),
    ("note", "INSERT", None, _may("note")),
    ("reply_event", "SELECT", _may("read"), None),
    ("reply_event", "INSERT", None,
     "action NOT LIKE 'status:%' AND CASE WHEN action = 'created' "
     "THEN replydesk_written_now(reply_id) ELSE " + _may("edit") + " END"),
    ("proposal", "SELECT", _may("read"), None),
    ("proposal", "INSERT", None, _may("note")),
    ("proposal", "UPDATE", _may("decide"), _may("decide")),
    ("import_conflict", "SELECT", _may("read"), None),
    ("import_conflict", "INSERT", None, _may("edit", "key")),
    ("import_conflict", "UPDATE", _may("decide"), _may("decide")),
    ("pending_text", "SELECT", _may("read"), None),
    ("pending_text", "INSERT", None, _may("edit", "key")),
    ("pending_text", "UPDATE", _may("edit", "key"), _may("edit", "key")),
    ("pending_text", "DELETE", _may("edit", "key"), None),
    ("reply_member", "SELECT", _may("read"), None),
    ("reply_member", "INSERT", None,
     f"{_may('decide')} OR (replydesk_unclaimed_by(reply_id, current_user) AND db_user = current_user "
     "AND role = 'coordinator')"),
    ("reply_member", "UPDATE", _may("decide"), _may("decide")),
    ("reply_member", "DELETE", _may("decide"), None),
    ("theme", "SELECT", "true", None),
    ("theme", "INSERT", None, "replydesk_secretariat(current_user)"),
    ("theme", "UPDATE", "replydesk_secretariat(current_user)", "replydesk_secretariat(current_user)"),
    ("passage", "SELECT", _may("read"), None),
    ("passage", "INSERT", None, "replydesk_secretariat(current_user)"),
    # a save moves the passages quoting the answers it changes (themes.reanchor)
    ("passage", "UPDATE", f"replydesk_secretariat(current_user) OR {_may('edit', 'key')}",
     f"replydesk_secretariat(current_user) OR {_may('edit', 'key')}"),
    ("theme_event", "SELECT", "true", None),
    # what a sync remembers of a reply: kept by whoever may edit it (a sync writes it), read by its readers
    ("reply_sync", "SELECT", _may("read"), None),
    ("reply_sync", "INSERT", None, _may("edit")),
    ("reply_sync", "UPDATE", _may("edit"), _may("edit")),
    # the database's identity: made by the migrations (the owner), read by everyone
    ("database_identity", "SELECT", "true", None),
    ("theme_event", "INSERT", None,
     "replydesk_secretariat(current_user) OR EXISTS (SELECT 1 FROM passage p WHERE p.id = passage_id AND "
     + _may("edit", "p.key", "p.reply_id") + ")"),
]

#: Privileges of the group roles (row-level security narrows them to rows).
_USER_GRANTS = {
    "SELECT": TABLES,
    "INSERT": ("reply", "definition", "answer", "note", "reply_event", "proposal", "import_conflict", "pending_text",
               "reply_member", "theme_event", "reply_sync"),
    "UPDATE": ("answer", "proposal", "import_conflict", "pending_text", "reply_member", "passage", "reply_sync"),
    "DELETE": ("pending_text", "reply_member"),
}
_SECRETARIAT_GRANTS = {"SELECT": TABLES, "INSERT": ("theme", "passage", "theme_event"), "UPDATE": ("theme", "passage")}


def _grants() -> list[str]:
    roles = f"{USER_ROLE}, {SECRETARIAT_ROLE}"
    found = [
        f"REVOKE ALL ON {', '.join(TABLES)}, replydesk_copying, replydesk_setup FROM PUBLIC, {roles}",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA public TO {roles}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {roles}",
        f"GRANT UPDATE (updated_at) ON reply TO {USER_ROLE}",
        "DO $$ BEGIN EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database()); END $$",
        "REVOKE ALL ON FUNCTION replydesk_final_problems(INTEGER) FROM PUBLIC",
    ]
    for role, grants in ((USER_ROLE, _USER_GRANTS), (SECRETARIAT_ROLE, _SECRETARIAT_GRANTS)):
        found += [f"GRANT {privilege} ON {', '.join(tables)} TO {role}" for privilege, tables in grants.items()]
    return found


def _policies() -> list[str]:
    found = [f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY" for table in (*TABLES, "replydesk_copying",
                                                                           "replydesk_setup")]
    found.append("""DO $$ DECLARE p record; BEGIN
      FOR p IN SELECT policyname, tablename FROM pg_policies WHERE schemaname = 'public'
               AND policyname LIKE 'replydesk_%' LOOP
        EXECUTE format('DROP POLICY %I ON %I', p.policyname, p.tablename);
      END LOOP; END $$""")
    for table, command, using, check in _POLICIES:
        sql = f"CREATE POLICY replydesk_{command.lower()} ON {table} FOR {command}"
        if using:
            sql += f" USING ({using})"
        if check:
            sql += f" WITH CHECK ({check})"
        found.append(sql)
    return found


def statements() -> list[str]:
    """Every statement of the setup, in order (each idempotent)."""
    return [_ROLES, *_BOOKKEEPING, *_FUNCTIONS, *_triggers(), *_grants(), *_policies()]


FINGERPRINT = hashlib.sha256("\n".join(statements()).encode()).hexdigest()[:16]


def is_owner(db) -> bool:  # type: ignore[no-untyped-def]
    """Whether the connected login owns the Reply Desk tables (or is a superuser): only the owner sets up."""
    row = db.execute("SELECT pg_has_role(current_user, tableowner, 'USAGE') FROM pg_tables "
                     "WHERE schemaname = 'public' AND tablename = 'reply'").fetchone()
    return bool(row and row[0])


def is_current(db) -> bool:  # type: ignore[no-untyped-def]
    if not db.execute("SELECT to_regclass('replydesk_setup') IS NOT NULL").fetchone()[0]:
        return False
    row = db.execute("SELECT fingerprint FROM replydesk_setup").fetchone()
    return bool(row and row[0] == FINGERPRINT)


def setup(db) -> None:  # type: ignore[no-untyped-def]
    """Run the whole setup in one transaction on a raw autocommit connection of the owner's."""
    if not is_owner(db):
        raise StoreError("only the database's owner sets up Reply Desk's roles and rules ('replydesk db setup'); "
                         "nothing was changed. Run it with the owner's login.")
    db.execute("BEGIN")
    try:
        for statement in statements():
            db.execute(statement)
        db.execute("DELETE FROM replydesk_setup")
        db.execute("INSERT INTO replydesk_setup (fingerprint) VALUES (%s)", (FINGERPRINT,))
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
