"""Schema migrations, ordered, one script per dialect; a schema version says how many have run.

Each migration has its SQLite script (as shipped: never edit one that has) and the
same change for PostgreSQL, written with SQLAlchemy Core (tables and indexes compiled
for the dialect; the few statements Core has no construct for, such as ``ALTER TABLE
ADD COLUMN`` and triggers, as PostgreSQL text). ``statements(migration, dialect)``
gives a migration's statements for either.

How many have run is kept by a ``SchemaVersion``: ``UserVersion`` (SQLite's ``PRAGMA
user_version``, what every existing file uses) or ``VersionTable`` (a one-row
``schema_version`` table, plain SQL, for PostgreSQL). A database written by a newer
Reply Desk is refused, not guessed at.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import (
    DDL,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    text,
)
from sqlalchemy.schema import CreateIndex, CreateTable, ExecutableDDLElement


class NewerDatabase(Exception):
    """The file was written by a newer version of Reply Desk."""


def _run_script(db: sqlite3.Connection, script: str) -> None:
    """Execute statements one by one: executescript() would commit the open transaction."""
    _run(db, _split(script))


_V1_SQLITE = (
        """
        CREATE TABLE reply (
            id INTEGER PRIMARY KEY,
            form_id TEXT NOT NULL,
            form_version TEXT NOT NULL,
            definition_hash TEXT NOT NULL,
            country TEXT NOT NULL,
            year INTEGER NOT NULL,
            status TEXT NOT NULL DEFAULT 'drafting'
                CHECK (status IN ('drafting', 'in_review', 'final')),
            created_at TIMESTAMP NOT NULL,
            created_by TEXT NOT NULL DEFAULT '',
            updated_at TIMESTAMP NOT NULL
        );
        CREATE UNIQUE INDEX reply_form_country_year ON reply (form_id, country, year);

        CREATE TABLE answer (
            id INTEGER PRIMARY KEY,
            reply_id INTEGER NOT NULL REFERENCES reply (id),
            key TEXT NOT NULL,
            value TEXT,
            review_status TEXT NOT NULL DEFAULT 'draft'
                CHECK (review_status IN ('draft', 'for_review', 'cleared')),
            revision INTEGER NOT NULL DEFAULT 0,
            updated_at TIMESTAMP NOT NULL,
            updated_by TEXT NOT NULL DEFAULT ''
        );
        CREATE UNIQUE INDEX answer_reply_key ON answer (reply_id, key);

        CREATE TABLE answer_history (
            id INTEGER PRIMARY KEY,
            reply_id INTEGER NOT NULL REFERENCES reply (id),
            key TEXT NOT NULL,
            revision INTEGER NOT NULL,
            value TEXT,
            review_status TEXT NOT NULL DEFAULT 'draft',
            changed_at TIMESTAMP NOT NULL,
            changed_by TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX answer_history_reply_key ON answer_history (reply_id, key, revision);
        CREATE TRIGGER answer_history_no_update BEFORE UPDATE ON answer_history
            BEGIN SELECT RAISE(ABORT, 'answer history is append-only'); END;
        CREATE TRIGGER answer_history_no_delete BEFORE DELETE ON answer_history
            BEGIN SELECT RAISE(ABORT, 'answer history is append-only'); END;

        CREATE TABLE note (
            id INTEGER PRIMARY KEY,
            reply_id INTEGER NOT NULL REFERENCES reply (id),
            key TEXT NOT NULL,
            author TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            created_at TIMESTAMP NOT NULL,
            source TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX note_reply_key ON note (reply_id, key);

        CREATE TABLE reply_event (
            id INTEGER PRIMARY KEY,
            reply_id INTEGER NOT NULL REFERENCES reply (id),
            at TIMESTAMP NOT NULL,
            by TEXT NOT NULL DEFAULT '',
            action TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX reply_event_reply ON reply_event (reply_id);
        """
)


_V2_SQLITE = (
        """
        ALTER TABLE reply ADD COLUMN previous_reply_id INTEGER REFERENCES reply (id);
        ALTER TABLE answer ADD COLUMN carried_over INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE answer_history ADD COLUMN carried_over INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE definition (
            hash TEXT PRIMARY KEY,
            form_id TEXT NOT NULL,
            version TEXT NOT NULL,
            content TEXT NOT NULL
        );
        """
)


# IF NOT EXISTS: files written by the interim builds already created these tables on first use.
_V3_SQLITE = (
        """
        CREATE TABLE IF NOT EXISTS proposal (
            id INTEGER PRIMARY KEY,
            reply_id INTEGER NOT NULL REFERENCES reply (id),
            key TEXT NOT NULL,
            base_value TEXT,
            proposed_value TEXT,
            source TEXT NOT NULL DEFAULT '',
            author TEXT NOT NULL DEFAULT '',
            created_at TIMESTAMP NOT NULL,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected')),
            decided_at TIMESTAMP,
            decided_by TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX IF NOT EXISTS proposal_reply_status ON proposal (reply_id, status);
        CREATE TABLE IF NOT EXISTS import_conflict (
            id INTEGER PRIMARY KEY,
            reply_id INTEGER NOT NULL REFERENCES reply (id),
            key TEXT NOT NULL,
            store_value TEXT,
            store_revision INTEGER NOT NULL DEFAULT 0,
            workbook_value TEXT,
            exported_revision INTEGER NOT NULL DEFAULT 0,
            source TEXT NOT NULL DEFAULT '',
            detected_at TIMESTAMP NOT NULL,
            detected_by TEXT NOT NULL DEFAULT '',
            resolved_at TIMESTAMP,
            resolution TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX IF NOT EXISTS import_conflict_reply ON import_conflict (reply_id, resolution);
        """
)


# Text typed into an editor that is not (yet) a valid answer: kept, with the reason, until the official corrects or
# discards it; the answer's last valid value stays what exports and the secretariat see.
_V5_SQLITE = (
        """
        CREATE TABLE pending_text (
            id INTEGER PRIMARY KEY,
            reply_id INTEGER NOT NULL REFERENCES reply (id),
            key TEXT NOT NULL,
            text TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            updated_at TIMESTAMP NOT NULL,
            updated_by TEXT NOT NULL DEFAULT ''
        );
        CREATE UNIQUE INDEX pending_text_reply_key ON pending_text (reply_id, key);
        """
)


# The secretariat's synthesis: themes (actions) per form and year, the passages of returns tagged with them, and
# every change to either in an append-only event log.
_V6_SQLITE = (
        """
        CREATE TABLE theme (
            id INTEGER PRIMARY KEY,
            form_id TEXT NOT NULL,
            year INTEGER NOT NULL,
            under TEXT NOT NULL,
            title TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            narrative TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 0,
            carried_from INTEGER REFERENCES theme (id),
            merged_into INTEGER REFERENCES theme (id),
            created_at TIMESTAMP NOT NULL,
            created_by TEXT NOT NULL DEFAULT '',
            updated_at TIMESTAMP NOT NULL,
            updated_by TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX theme_form_year ON theme (form_id, year);
        CREATE TABLE passage (
            id INTEGER PRIMARY KEY,
            theme_id INTEGER NOT NULL REFERENCES theme (id),
            reply_id INTEGER NOT NULL REFERENCES reply (id),
            key TEXT NOT NULL,
            quote TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'anchored' CHECK (state IN ('anchored', 'attention', 'removed')),
            created_at TIMESTAMP NOT NULL,
            created_by TEXT NOT NULL DEFAULT '',
            changed_at TIMESTAMP NOT NULL,
            changed_by TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX passage_theme ON passage (theme_id, state);
        CREATE INDEX passage_reply_key ON passage (reply_id, key);
        CREATE TABLE theme_event (
            id INTEGER PRIMARY KEY,
            theme_id INTEGER NOT NULL REFERENCES theme (id),
            passage_id INTEGER REFERENCES passage (id),
            at TIMESTAMP NOT NULL,
            by TEXT NOT NULL DEFAULT '',
            action TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX theme_event_theme ON theme_event (theme_id);
        CREATE TRIGGER theme_event_no_update BEFORE UPDATE ON theme_event
            BEGIN SELECT RAISE(ABORT, 'theme event is append-only'); END;
        CREATE TRIGGER theme_event_no_delete BEFORE DELETE ON theme_event
            BEGIN SELECT RAISE(ABORT, 'theme event is append-only'); END;
        """
)


# Who may do what to a reply on a team's server: coordinators, drafters (of some sections or all), reviewers.
# A personal SQLite file has one user and leaves the table empty.
_V7_SQLITE = (
        """
        CREATE TABLE reply_member (
            id INTEGER PRIMARY KEY,
            reply_id INTEGER NOT NULL REFERENCES reply (id),
            db_user TEXT NOT NULL,
            display_name TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL CHECK (role IN ('coordinator', 'drafter', 'reviewer')),
            sections TEXT NOT NULL DEFAULT '',
            added_at TIMESTAMP NOT NULL,
            added_by TEXT NOT NULL DEFAULT ''
        );
        CREATE UNIQUE INDEX reply_member_user ON reply_member (reply_id, db_user);
        """
)


# A reply known across databases: its identity (a UUID, given to the replies made before), the identity of notes and
# proposals (merged, never duplicated, when two copies meet), who copied a revision into this database, this
# database's own identity, and what was last synced with each other database (``store/syncing.py``).
_UUID_SQL = ("lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "
             "substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || "
             "substr(lower(hex(randomblob(2))), 2) || '-' || "
             "lower(hex(randomblob(6)))")
_V8_SQLITE = (
        f"""
        ALTER TABLE reply ADD COLUMN uuid TEXT;
        UPDATE reply SET uuid = {_UUID_SQL} WHERE uuid IS NULL;
        CREATE UNIQUE INDEX reply_uuid ON reply (uuid);
        ALTER TABLE note ADD COLUMN uuid TEXT;
        UPDATE note SET uuid = {_UUID_SQL} WHERE uuid IS NULL;
        CREATE UNIQUE INDEX note_uuid ON note (uuid);
        ALTER TABLE proposal ADD COLUMN uuid TEXT;
        UPDATE proposal SET uuid = {_UUID_SQL} WHERE uuid IS NULL;
        CREATE UNIQUE INDEX proposal_uuid ON proposal (uuid);
        ALTER TABLE answer_history ADD COLUMN copied_by TEXT NOT NULL DEFAULT '';
        ALTER TABLE import_conflict ADD COLUMN author TEXT NOT NULL DEFAULT '';
        ALTER TABLE import_conflict ADD COLUMN authored_at TIMESTAMP;
        CREATE TABLE database_identity (
            uuid TEXT PRIMARY KEY,
            created_at TIMESTAMP NOT NULL
        );
        INSERT INTO database_identity (uuid, created_at) VALUES ({_UUID_SQL}, CURRENT_TIMESTAMP);
        CREATE TABLE reply_sync (
            id INTEGER PRIMARY KEY,
            reply_id INTEGER NOT NULL REFERENCES reply (id),
            peer TEXT NOT NULL,
            peer_name TEXT NOT NULL DEFAULT '',
            key TEXT NOT NULL,
            here_revision INTEGER NOT NULL DEFAULT 0,
            there_revision INTEGER NOT NULL DEFAULT 0,
            here_status TEXT NOT NULL DEFAULT '',
            there_status TEXT NOT NULL DEFAULT '',
            synced_at TIMESTAMP NOT NULL,
            synced_by TEXT NOT NULL DEFAULT ''
        );
        CREATE UNIQUE INDEX reply_sync_peer_key ON reply_sync (reply_id, peer, key);
        """
)

# -- the same changes for PostgreSQL, in SQLAlchemy Core ------------------------------------------------------
# Each function builds its tables on a MetaData of its own: the schema as it was at that migration, never the
# SQLModel classes (which follow the latest one).

def _timestamp(name: str, nullable: bool = False) -> Column[Any]:
    return Column(name, DateTime(timezone=True), nullable=nullable)


def _text(name: str, default: str | None = "") -> Column[Any]:
    if default is None:
        return Column(name, Text, nullable=False)
    return Column(name, Text, nullable=False, server_default=default)


def _reply_fk(name: str = "reply_id") -> Column[Any]:
    return Column(name, Integer, ForeignKey("reply.id"), nullable=False)


def _append_only(table: str) -> list[ExecutableDDLElement]:
    """PostgreSQL's form of the SQLite triggers that keep a table append-only."""
    return [
        DDL(f"CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{table.replace('_', ' ')} is append-only'; END $$"),
        DDL(f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"),
        DDL(f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"),
    ]


def _v1_core() -> list[ExecutableDDLElement]:
    meta = MetaData()
    reply = Table(
        "reply", meta,
        Column("id", Integer, primary_key=True),
        _text("form_id", None), _text("form_version", None), _text("definition_hash", None), _text("country", None),
        Column("year", Integer, nullable=False),
        Column("status", Text, nullable=False, server_default="drafting"),
        _timestamp("created_at"), _text("created_by"), _timestamp("updated_at"),
        CheckConstraint("status IN ('drafting', 'in_review', 'final')", name="reply_status"),
    )
    answer = Table(
        "answer", meta,
        Column("id", Integer, primary_key=True), _reply_fk(), _text("key", None), Column("value", Text),
        Column("review_status", Text, nullable=False, server_default="draft"),
        Column("revision", Integer, nullable=False, server_default=text("0")),
        _timestamp("updated_at"), _text("updated_by"),
        CheckConstraint("review_status IN ('draft', 'for_review', 'cleared')", name="answer_review_status"),
    )
    history = Table(
        "answer_history", meta,
        Column("id", Integer, primary_key=True), _reply_fk(), _text("key", None),
        Column("revision", Integer, nullable=False), Column("value", Text),
        Column("review_status", Text, nullable=False, server_default="draft"),
        _timestamp("changed_at"), _text("changed_by"), _text("source"),
    )
    note = Table(
        "note", meta,
        Column("id", Integer, primary_key=True), _reply_fk(), _text("key", None), _text("author"),
        _text("text", None), _timestamp("created_at"), _text("source"),
    )
    event = Table(
        "reply_event", meta,
        Column("id", Integer, primary_key=True), _reply_fk(), _timestamp("at"), _text("by"),
        _text("action", None), _text("detail"),
    )
    return [
        CreateTable(reply), CreateIndex(Index("reply_form_country_year", reply.c.form_id, reply.c.country,
                                              reply.c.year, unique=True)),
        CreateTable(answer), CreateIndex(Index("answer_reply_key", answer.c.reply_id, answer.c.key, unique=True)),
        CreateTable(history), CreateIndex(Index("answer_history_reply_key", history.c.reply_id, history.c.key,
                                                history.c.revision)),
        *_append_only("answer_history"),
        CreateTable(note), CreateIndex(Index("note_reply_key", note.c.reply_id, note.c.key)),
        CreateTable(event), CreateIndex(Index("reply_event_reply", event.c.reply_id)),
    ]


def _v4_markdown_parser(db: sqlite3.Connection) -> None:
    """Long texts are read by markdown-it-py from now on; those the old parser read otherwise are rewritten."""
    from replydesk.store import markdown_upgrade

    markdown_upgrade.upgrade(db)


def _v2_core() -> list[ExecutableDDLElement]:
    meta = MetaData()
    definition = Table(
        "definition", meta,
        Column("hash", Text, primary_key=True), _text("form_id", None), _text("version", None),
        _text("content", None),
    )
    return [
        DDL("ALTER TABLE reply ADD COLUMN previous_reply_id INTEGER REFERENCES reply (id)"),
        DDL("ALTER TABLE answer ADD COLUMN carried_over BOOLEAN NOT NULL DEFAULT false"),
        DDL("ALTER TABLE answer_history ADD COLUMN carried_over BOOLEAN NOT NULL DEFAULT false"),
        CreateTable(definition),
    ]


def _v3_core() -> list[ExecutableDDLElement]:
    meta = MetaData()
    Table("reply", meta, Column("id", Integer, primary_key=True))  # the target of the foreign keys only
    proposal = Table(
        "proposal", meta,
        Column("id", Integer, primary_key=True), _reply_fk(), _text("key", None),
        Column("base_value", Text), Column("proposed_value", Text), _text("source"), _text("author"),
        _timestamp("created_at"), Column("status", Text, nullable=False, server_default="open"),
        _timestamp("decided_at", nullable=True), _text("decided_by"),
        CheckConstraint("status IN ('open', 'accepted', 'rejected')", name="proposal_status"),
    )
    conflict = Table(
        "import_conflict", meta,
        Column("id", Integer, primary_key=True), _reply_fk(), _text("key", None),
        Column("store_value", Text), Column("store_revision", Integer, nullable=False, server_default=text("0")),
        Column("workbook_value", Text),
        Column("exported_revision", Integer, nullable=False, server_default=text("0")),
        _text("source"), _timestamp("detected_at"), _text("detected_by"),
        _timestamp("resolved_at", nullable=True), _text("resolution"),
    )
    return [
        CreateTable(proposal), CreateIndex(Index("proposal_reply_status", proposal.c.reply_id, proposal.c.status)),
        CreateTable(conflict), CreateIndex(Index("import_conflict_reply", conflict.c.reply_id,
                                                 conflict.c.resolution)),
    ]


def _v5_core() -> list[ExecutableDDLElement]:
    meta = MetaData()
    Table("reply", meta, Column("id", Integer, primary_key=True))  # the target of the foreign key only
    kept = Table(
        "pending_text", meta,
        Column("id", Integer, primary_key=True), _reply_fk(), _text("key", None), _text("text", None),
        _text("reason"), _timestamp("updated_at"), _text("updated_by"),
    )
    return [CreateTable(kept), CreateIndex(Index("pending_text_reply_key", kept.c.reply_id, kept.c.key,
                                                 unique=True))]


def _v6_core() -> list[ExecutableDDLElement]:
    meta = MetaData()
    Table("reply", meta, Column("id", Integer, primary_key=True))  # the target of the foreign key only
    theme = Table(
        "theme", meta,
        Column("id", Integer, primary_key=True), _text("form_id", None), Column("year", Integer, nullable=False),
        _text("under", None), _text("title", None), _text("description"), _text("narrative"),
        Column("position", Integer, nullable=False, server_default=text("0")),
        Column("carried_from", Integer, ForeignKey("theme.id")), Column("merged_into", Integer, ForeignKey("theme.id")),
        _timestamp("created_at"), _text("created_by"), _timestamp("updated_at"), _text("updated_by"),
    )
    passage = Table(
        "passage", meta,
        Column("id", Integer, primary_key=True), Column("theme_id", Integer, ForeignKey("theme.id"), nullable=False),
        _reply_fk(), _text("key", None), _text("quote", None),
        Column("state", Text, nullable=False, server_default="anchored"),
        _timestamp("created_at"), _text("created_by"), _timestamp("changed_at"), _text("changed_by"),
        CheckConstraint("state IN ('anchored', 'attention', 'removed')", name="passage_state"),
    )
    event = Table(
        "theme_event", meta,
        Column("id", Integer, primary_key=True), Column("theme_id", Integer, ForeignKey("theme.id"), nullable=False),
        Column("passage_id", Integer, ForeignKey("passage.id")), _timestamp("at"), _text("by"),
        _text("action", None), _text("detail"),
    )
    return [
        CreateTable(theme), CreateIndex(Index("theme_form_year", theme.c.form_id, theme.c.year)),
        CreateTable(passage), CreateIndex(Index("passage_theme", passage.c.theme_id, passage.c.state)),
        CreateIndex(Index("passage_reply_key", passage.c.reply_id, passage.c.key)),
        CreateTable(event), CreateIndex(Index("theme_event_theme", event.c.theme_id)),
        *_append_only("theme_event"),
    ]


def _v7_core() -> list[ExecutableDDLElement]:
    meta = MetaData()
    Table("reply", meta, Column("id", Integer, primary_key=True))  # the target of the foreign key only
    member = Table(
        "reply_member", meta,
        Column("id", Integer, primary_key=True), _reply_fk(), _text("db_user", None), _text("display_name"),
        _text("role", None), _text("sections"), _timestamp("added_at"), _text("added_by"),
        CheckConstraint("role IN ('coordinator', 'drafter', 'reviewer')", name="reply_member_role"),
    )
    return [CreateTable(member), CreateIndex(Index("reply_member_user", member.c.reply_id, member.c.db_user,
                                                   unique=True))]



def _v8_core() -> list[ExecutableDDLElement]:
    meta = MetaData()
    Table("reply", meta, Column("id", Integer, primary_key=True))  # the target of the foreign key only
    identity = Table("database_identity", meta, Column("uuid", Text, primary_key=True), _timestamp("created_at"))
    sync = Table(
        "reply_sync", meta,
        Column("id", Integer, primary_key=True), _reply_fk(), _text("peer", None), _text("peer_name"),
        _text("key", None), Column("here_revision", Integer, nullable=False, server_default=text("0")),
        Column("there_revision", Integer, nullable=False, server_default=text("0")), _text("here_status"),
        _text("there_status"), _timestamp("synced_at"), _text("synced_by"),
    )
    statements: list[ExecutableDDLElement] = []
    for table in ("reply", "note", "proposal"):  # a server may hold rows from before: they get their identity
        statements += [DDL(f"ALTER TABLE {table} ADD COLUMN uuid TEXT"),
                       DDL(f"UPDATE {table} SET uuid = gen_random_uuid()::text WHERE uuid IS NULL"),
                       DDL(f"CREATE UNIQUE INDEX {table}_uuid ON {table} (uuid)")]
    return [
        *statements,
        DDL("ALTER TABLE answer_history ADD COLUMN copied_by TEXT NOT NULL DEFAULT ''"),
        DDL("ALTER TABLE import_conflict ADD COLUMN author TEXT NOT NULL DEFAULT ''"),
        DDL("ALTER TABLE import_conflict ADD COLUMN authored_at TIMESTAMP WITH TIME ZONE"),
        CreateTable(identity),
        DDL("INSERT INTO database_identity (uuid, created_at) VALUES (gen_random_uuid()::text, now())"),
        CreateTable(sync), CreateIndex(Index("reply_sync_peer_key", sync.c.reply_id, sync.c.peer, sync.c.key,
                                             unique=True)),
    ]
#: Replies made before replies had their own recommendations keep every recommendation they showed.
_KEEP_RECOMMENDATIONS = ("INSERT INTO reply_event (reply_id, at, \"by\", action, detail) "
                         "SELECT id, CURRENT_TIMESTAMP, 'Reply Desk', 'recommendations', '{\"kind\": \"all\"}' "
                         "FROM reply")


def _keep_recommendations_core() -> list[ExecutableDDLElement]:
    return [DDL(_KEEP_RECOMMENDATIONS)]


# The synthesis report: a tagged passage is evidence; only those chosen as examples are quoted, and a label
# names the subset of an action's members a narrative lists ({members:LABEL}).
_V_EXAMPLES_SQLITE = (
        """
        ALTER TABLE passage ADD COLUMN example INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE passage ADD COLUMN label TEXT NOT NULL DEFAULT '';
        ALTER TABLE theme ADD COLUMN deleted_at TIMESTAMP;
        """
)


def _v_examples_core() -> list[ExecutableDDLElement]:
    return [DDL("ALTER TABLE passage ADD COLUMN example BOOLEAN NOT NULL DEFAULT false"),
            DDL("ALTER TABLE passage ADD COLUMN label TEXT NOT NULL DEFAULT ''"),
            DDL("ALTER TABLE theme ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE")]


# The login that made each reply and wrote each row (a server's session_user, set by the server itself; a
# file's OS login) beside the display name, which --author sets.
_V_LOGINS_SQLITE = (
        """
        ALTER TABLE reply ADD COLUMN login TEXT NOT NULL DEFAULT '';
        ALTER TABLE answer_history ADD COLUMN login TEXT NOT NULL DEFAULT '';
        ALTER TABLE reply_event ADD COLUMN login TEXT NOT NULL DEFAULT '';
        ALTER TABLE note ADD COLUMN login TEXT NOT NULL DEFAULT '';
        ALTER TABLE proposal ADD COLUMN login TEXT NOT NULL DEFAULT '';
        """
)


def _v_logins_core() -> list[ExecutableDDLElement]:
    return [DDL(f"ALTER TABLE {table} ADD COLUMN login TEXT NOT NULL DEFAULT ''")
            for table in ("reply", "answer_history", "reply_event", "note", "proposal")]


def _v_plain_core() -> list[ExecutableDDLElement]:
    return [DDL("ALTER TABLE answer ADD COLUMN plain TEXT")]


def _plain_texts(db: sqlite3.Connection) -> None:
    """Every answer's plain text, so a search of a file made before reads no Markdown. (A server's rows from
    before keep NULL, which a search reads as "work it out from the value".)"""
    from replydesk.store.base import decode, plain_of

    rows = db.execute("SELECT id, value FROM answer WHERE value IS NOT NULL").fetchall()
    db.executemany("UPDATE answer SET plain = ? WHERE id = ?", [(plain_of(decode(value)), row_id)
                                                                  for row_id, value in rows])


@dataclass(frozen=True)
class Migration:
    """One schema change: SQLite's script as shipped, and the Core DDL of the same change for PostgreSQL."""

    name: str
    sqlite: str
    core: Callable[[], list[ExecutableDDLElement]]
    #: A step on the rows, after the statements and in the same transaction (rewriting stored values).
    data: Callable[[Connection], None] | None = None

    def __call__(self, db: sqlite3.Connection) -> None:
        """Run on an SQLite connection, inside the caller's transaction."""
        _run_script(db, self.sqlite)
        if self.data is not None:
            self.data(db)


MIGRATIONS: list[Migration] = [
    Migration("initial", _V1_SQLITE, _v1_core),
    Migration("reporting cycles: carried-over answers, kept definitions", _V2_SQLITE, _v2_core),
    Migration("proposals and import conflicts", _V3_SQLITE, _v3_core),
    Migration("long texts read by markdown-it-py", "", list, data=_v4_markdown_parser),
    Migration("typed text kept while not yet a valid answer", _V5_SQLITE, _v5_core),
    Migration("themes and tagged passages for the secretariat's synthesis", _V6_SQLITE, _v6_core),
    Migration("who may do what to a reply on a team's server", _V7_SQLITE, _v7_core),
    Migration("replies known across databases: identities, copies and syncs", _V8_SQLITE, _v8_core),
    Migration("replies keep the recommendations they were made with", _KEEP_RECOMMENDATIONS + ";",
              _keep_recommendations_core),
    Migration("synthesis: passages chosen as examples, labels, deleted themes", _V_EXAMPLES_SQLITE, _v_examples_core),
    Migration("who wrote each row: the login beside the display name", _V_LOGINS_SQLITE, _v_logins_core),
    Migration("answers' plain text kept for searching", "ALTER TABLE answer ADD COLUMN plain TEXT;",
              _v_plain_core, data=_plain_texts),
]
SCHEMA_VERSION = len(MIGRATIONS)

DIALECTS = ("sqlite", "postgresql")


def statements(migration: Migration, dialect: str) -> list[str]:
    """A migration's statements for ``dialect`` (``sqlite`` or ``postgresql``), in order."""
    if dialect == "sqlite":
        return _split(migration.sqlite)
    if dialect == "postgresql":
        # (imported here: SQLAlchemy's PostgreSQL dialect takes ~25 ms to import, and SQLite stores never need it)
        from sqlalchemy.dialects import postgresql

        pg = postgresql.dialect()  # type: ignore[no-untyped-call]
        return [str(element.compile(dialect=pg)).strip() for element in migration.core()]
    raise ValueError(f"no migrations for the {dialect!r} dialect (one of {', '.join(DIALECTS)})")


def _split(script: str) -> list[str]:
    found, statement = [], ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            found.append(statement.strip())
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement in migration: {statement.strip()[:60]}")
    return found


# -- the schema version -------------------------------------------------------------------------------------------
class Connection(Protocol):
    """What the migrations need of a DBAPI connection in autocommit mode (sqlite3's, psycopg's)."""

    def execute(self, sql: str, /) -> Any: ...


class SchemaVersion(Protocol):
    def read(self, db: Connection) -> int: ...

    def write(self, db: Connection, version: int) -> None: ...


class UserVersion:
    """SQLite's own header field, ``PRAGMA user_version``."""

    def read(self, db: Connection) -> int:
        return int(db.execute("PRAGMA user_version").fetchone()[0])

    def write(self, db: Connection, version: int) -> None:
        db.execute(f"PRAGMA user_version = {int(version)}")


class VersionTable:
    """A one-row ``schema_version`` table, in SQL every database understands (PostgreSQL's way)."""

    #: Whether the table exists, asked without an error (an error would end a PostgreSQL transaction).
    _EXISTS = {"postgresql": "SELECT to_regclass('schema_version') IS NOT NULL",
               "sqlite": "SELECT count(*) FROM sqlite_master WHERE name = 'schema_version'"}

    def __init__(self, dialect: str = "postgresql"):
        self.dialect = dialect

    def read(self, db: Connection) -> int:
        """The version, 0 while there is no table yet (a reader never creates it: it may not be allowed to)."""
        if not db.execute(self._EXISTS[self.dialect]).fetchone()[0]:
            return 0
        row = db.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def write(self, db: Connection, version: int) -> None:
        db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        db.execute("DELETE FROM schema_version")
        db.execute(f"INSERT INTO schema_version (version) VALUES ({int(version)})")


SQLITE_VERSION = UserVersion()


def user_version(db: sqlite3.Connection) -> int:
    return SQLITE_VERSION.read(db)


def pending(db: Connection, version: SchemaVersion = SQLITE_VERSION) -> int:
    """How many migrations this database still needs; refuse a newer one."""
    current = version.read(db)
    if current > SCHEMA_VERSION:
        raise NewerDatabase(
            f"This database was written by a newer version of Reply Desk (schema {current}; this version "
            f"understands up to {SCHEMA_VERSION}). Install the newer version to open it; nothing was changed."
        )
    return SCHEMA_VERSION - current


def migrate(db: Connection, version: SchemaVersion = SQLITE_VERSION, *, dialect: str = "sqlite",
            begin: str = "BEGIN IMMEDIATE") -> int:
    """Run the pending migrations, each in its own transaction with its new version; return how many ran.

    SQLite takes the write lock with ``BEGIN IMMEDIATE``; for PostgreSQL pass ``VersionTable()``,
    ``dialect="postgresql"`` and ``begin="BEGIN"`` (its DDL is transactional too).
    """
    ran = 0
    for index in range(version.read(db), SCHEMA_VERSION):
        db.execute(begin)
        try:
            if version.read(db) != index:  # another process migrated meanwhile
                db.execute("ROLLBACK")
                continue
            _run(db, statements(MIGRATIONS[index], dialect))
            # data steps rewrite rows of SQLite files from before them; a PostgreSQL database is made by this
            # version or later, so it has no such rows (a data step added from now on must handle both)
            if MIGRATIONS[index].data is not None and dialect == "sqlite":
                MIGRATIONS[index].data(db)
            version.write(db, index + 1)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        ran += 1
    return ran


def _run(db: Connection, found: Sequence[str]) -> None:
    for statement in found:
        db.execute(statement)


def migrations_before(name_start: str) -> list[Migration]:
    """The migrations that ran before the one whose name starts so: a test builds a database as it was then."""
    for position, migration in enumerate(MIGRATIONS):
        if migration.name.startswith(name_start):
            return MIGRATIONS[:position]
    raise KeyError(name_start)
