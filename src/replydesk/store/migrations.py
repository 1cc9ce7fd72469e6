"""Schema migrations, ordered; ``PRAGMA user_version`` says how many have run.

Append a new function to MIGRATIONS to change the schema; never edit one that
has shipped.  A file written by a newer Reply Desk is refused, not guessed at.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable


class NewerDatabase(Exception):
    """The file was written by a newer version of Reply Desk."""


def _run_script(db: sqlite3.Connection, script: str) -> None:
    """Execute statements one by one: executescript() would commit the open transaction."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement in migration: {statement.strip()[:60]}")


def _v1_initial(db: sqlite3.Connection) -> None:
    _run_script(
        db,
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


def _v2_reporting_cycles(db: sqlite3.Connection) -> None:
    """A reply may be carried forward from last cycle's; carried answers are marked until confirmed."""
    _run_script(
        db,
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
        """,
    )


def _v3_proposals_and_conflicts(db: sqlite3.Connection) -> None:
    """Changes from outside wait for the official: proposals (reviewed Word copies) and import conflicts.

    IF NOT EXISTS: files written by the interim builds already created these tables on first use.
    """
    _run_script(
        db,
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
        """,
    )


def _v4_markdown_parser(db: sqlite3.Connection) -> None:
    """Long texts are read by markdown-it-py from now on; those the old parser read otherwise are rewritten."""
    from replydesk.store import markdown_upgrade

    markdown_upgrade.upgrade(db)


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _v1_initial,
    _v2_reporting_cycles,
    _v3_proposals_and_conflicts,
    _v4_markdown_parser,
]
SCHEMA_VERSION = len(MIGRATIONS)


def user_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def pending(db: sqlite3.Connection) -> int:
    """How many migrations this file still needs; refuse a newer file."""
    version = user_version(db)
    if version > SCHEMA_VERSION:
        raise NewerDatabase(
            f"This database was written by a newer version of Reply Desk (schema {version}; this version "
            f"understands up to {SCHEMA_VERSION}). Install the newer version to open it; nothing was changed."
        )
    return SCHEMA_VERSION - version


def migrate(db: sqlite3.Connection) -> int:
    """Run the pending migrations, each in its own transaction; return how many ran."""
    ran = 0
    for index in range(user_version(db), SCHEMA_VERSION):
        db.execute("BEGIN IMMEDIATE")
        try:
            if user_version(db) != index:  # another process migrated meanwhile
                db.execute("ROLLBACK")
                continue
            MIGRATIONS[index](db)
            db.execute(f"PRAGMA user_version = {index + 1}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        ran += 1
    return ran
