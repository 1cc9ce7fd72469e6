"""Opening the SQLite file: pragmas, migrations, and the errors a user can act on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, event
from sqlmodel import create_engine

from replydesk.store import migrations

BUSY_TIMEOUT_MS = 10_000


class StoreError(Exception):
    """A problem with the draft database that the user can act on."""


class MissingDatabase(StoreError):
    """The draft database (its file, its folder, or a server database's tables) does not exist, and the caller
    may not create it."""


def _apply_pragmas(db: sqlite3.Connection) -> None:
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise StoreError(f"could not switch the database to WAL mode (it is {mode!r})")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA trusted_schema = OFF")  # a file's own SQL runs only as the migrations wrote it
    db.execute("PRAGMA recursive_triggers = OFF")


def connect(path: Path) -> sqlite3.Connection:
    """A raw connection in autocommit mode (we issue BEGIN ourselves) with our pragmas."""
    try:
        db = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                             check_same_thread=False)
        _apply_pragmas(db)
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_READONLY:  # the file is fine: say so
            raise StoreError(
                f"{path} is read-only or in a folder that cannot be written ({exc}); nothing was changed. "
                "Make it writable, or copy it to a folder you can write to and choose it with --db."
            ) from None
        raise StoreError(
            f"{path} is not a Reply Desk database or cannot be read ({exc}). "
            "Choose another file with --db, or restore it from a backup."
        ) from None
    return db


def _table_shapes(db: sqlite3.Connection) -> dict[str, list[tuple]]:
    tables = [row[0] for row in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {name: [tuple(column[1:]) for column in db.execute(f'PRAGMA table_info("{name}")')] for name in tables}


def _current_shapes() -> dict[str, list[tuple]]:
    fresh = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrations.migrate(fresh)
        return _table_shapes(fresh)
    finally:
        fresh.close()


def _unversioned_but_current(path: Path, db: sqlite3.Connection) -> bool:
    """Check the version stamp before trusting it: True for a file with today's tables and no stamp.

    ``sqlite3 old.sqlite3 .dump | sqlite3 new.sqlite3`` copies every table but not ``user_version``;
    such a copy is recognised by its tables. Any other odd stamp is refused, and nothing is written.
    """
    version = migrations.user_version(db)
    if version < 0:
        raise StoreError(f"{path} says its schema version is {version}, which no Reply Desk writes: it is damaged "
                         "or not a Reply Desk database. Nothing was changed; restore it from a backup or choose "
                         "another file with --db.")
    if version != 0:
        return False
    shapes = _table_shapes(db)
    if not shapes:
        return False  # a new, empty file: the migrations make it
    if shapes == _current_shapes():
        return True
    raise StoreError(f"{path} has tables but no schema version, and they are not Reply Desk's of this version "
                     f"({', '.join(sorted(shapes)[:6])}…). Nothing was changed; if it is a copy made with "
                     "'.dump', make it from a database of this Reply Desk version, or choose another file with --db.")


def prepare(path: Path) -> None:
    """Create or upgrade the file's schema; refuse one from a newer version or with an odd stamp."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = connect(path)
    try:
        if _unversioned_but_current(path, db):
            db.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION}")
        elif migrations.pending(db):
            migrations.migrate(db)
    finally:
        db.close()


def needs_migration(path: Path) -> bool:
    """Whether opening to read must first write the schema (never for an odd stamp: that is refused)."""
    if not path.exists():
        return True
    db = connect(path)
    try:
        return not _unversioned_but_current(path, db) and migrations.pending(db) > 0
    finally:
        db.close()


def make_engine(path: Path) -> Engine:
    """An engine whose transactions are real SQLite transactions.

    pysqlite's own transaction handling defers BEGIN and cannot take the write
    lock up front; we turn it off and emit BEGIN (IMMEDIATE for writers) ourselves,
    as SQLAlchemy's documentation recommends.
    """
    from replydesk.store import file_check  # (it imports this module's errors)

    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.isolation_level = None
        _apply_pragmas(dbapi_connection)
        file_check.stop_runaways(dbapi_connection)

    @event.listens_for(engine, "before_cursor_execute")
    def _on_statement(connection, *_args) -> None:  # type: ignore[no-untyped-def]
        file_check.statement_started(connection.connection.dbapi_connection)

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine
