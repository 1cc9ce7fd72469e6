"""A database file is checked before it is trusted: its schema must be exactly what the migrations made.

``--db`` may name any file. SQLite runs the SQL a file carries — its triggers and views — on our
statements, so a file with an extra ``AFTER INSERT`` trigger could rewrite every save, a recursive one
hang the command, and ``answer_history`` replaced by a view swallow the history. Before any lock file,
backup, WAL switch or write, the file is opened read-only and its tables (columns), indexes, triggers
and views are compared with a fresh database made by the migrations up to the file's own version;
anything else is refused with one line naming it. Every connection also runs with
``trusted_schema=OFF`` and recursive triggers off, and a progress handler stops a statement that runs
away (``stop_runaways``).
"""

from __future__ import annotations

import re
import sqlite3
import time
from functools import cache
from pathlib import Path

from replydesk.store import migrations
from replydesk.store.database import StoreError

#: A statement running longer than this is stopped (a runaway: nothing Reply Desk asks takes nearly as long).
RUNAWAY_SECONDS = 60.0
#: How often SQLite calls the progress handler (virtual machine instructions).
_PROGRESS_STEPS = 100_000


class UntrustedFile(StoreError):
    """The file is not a Reply Desk database as the migrations make it; nothing was changed."""


def stop_runaways(db: sqlite3.Connection) -> None:
    """A statement of the store's engine that runs away is stopped (``sqlite3.OperationalError: interrupted``);
    the engine marks each statement's start with ``statement_started``."""
    started = [time.monotonic()]

    def runaway() -> int:
        return int(time.monotonic() - started[0] > RUNAWAY_SECONDS)

    db.set_progress_handler(runaway, _PROGRESS_STEPS)
    _STARTS[id(db)] = started


_STARTS: dict[int, list[float]] = {}


def statement_started(db: sqlite3.Connection) -> None:
    """Restart the runaway clock of the connection (called before each statement)."""
    started = _STARTS.get(id(db))
    if started is not None:
        started[0] = time.monotonic()


def _normal(sql: str | None) -> str:
    return re.sub(r"\s+", " ", sql or "").strip()


def _schema(db: sqlite3.Connection) -> dict[tuple[str, str], object]:
    """Every object of the schema by (type, name): a table's columns, an index's columns, a trigger's or
    view's SQL (SQLite's own objects, ``sqlite_…``, are not ours to compare)."""
    found: dict[tuple[str, str], object] = {}
    for kind, name, table, sql in db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"):
        if name.startswith("sqlite_"):
            continue
        if kind == "table":
            found[(kind, name)] = [tuple(c) for c in db.execute(f'PRAGMA table_info("{name}")')]
        elif kind == "index":
            columns = [c[2] for c in db.execute(f'PRAGMA index_info("{name}")')]
            found[(kind, name)] = (table, columns, _normal(sql))
        else:
            found[(kind, name)] = (table, _normal(sql))
    return found


@cache
def expected_schema(version: int) -> dict[tuple[str, str], object]:
    """The schema the migrations make up to ``version``, in a fresh in-memory database."""
    fresh = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for migration in migrations.MIGRATIONS[:version]:
            migration(fresh)
        return _schema(fresh)
    finally:
        fresh.close()


def _refuse(path: Path, what: str) -> UntrustedFile:
    return UntrustedFile(f"{path} is not a Reply Desk database as this version makes it: {what}. Nothing was "
                         "changed; choose another file with --db, or restore it from a backup.")


def check(path: Path, *, write: bool) -> None:
    """Refuse (``UntrustedFile``/``StoreError``) a file whose schema is not the migrations', before any change.

    A read-only command also refuses an empty file (it would become a database) and one that would need
    upgrading (the upgrade is a write).
    """
    if not path.exists():
        return
    wal = Path(f"{path}-wal")
    if path.stat().st_size == 0 and not (wal.exists() and wal.stat().st_size > 0):
        if write:
            return  # an empty file is a new database, which the migrations make
        raise StoreError(f"{path} is empty, not a Reply Desk database; nothing was changed (a command that only "
                         "reads never makes one). Choose another file with --db, or start a reply with "
                         "'replydesk new'.")
    try:
        # read-only; without a WAL file beside it, as immutable too, so that not even a -shm file appears
        immutable = "&immutable=1" if not wal.exists() else ""
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro{immutable}", uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"{path} cannot be opened ({exc}); nothing was changed.") from None
    try:
        db.execute("PRAGMA trusted_schema = OFF")
        version = migrations.user_version(db)
        found = _schema(db)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a Reply Desk database or is damaged ({exc}); nothing was changed. "
                         "Choose another file with --db, or restore it from a backup.") from None
    finally:
        db.close()
    if not found and version == 0:
        return  # a new, empty database file: the migrations make it
    if version < 0 or version > migrations.SCHEMA_VERSION:
        return  # said by the opening itself (damaged stamp, newer version)
    if version == 0:
        version = migrations.SCHEMA_VERSION  # a '.dump' copy without its stamp: today's tables or nothing
    expected = expected_schema(version)
    order = ("table", "view", "index", "trigger")  # what a reader recognises first is named first
    for key in sorted(found, key=lambda k: (order.index(k[0]) if k[0] in order else len(order), k[1])):
        if key not in expected:
            raise _refuse(path, f"it has a {key[0]} {key[1]!r} that Reply Desk did not make")
        if found[key] != expected[key]:
            raise _refuse(path, f"its {key[0]} {key[1]!r} is not as Reply Desk made it")
    missing = sorted(set(expected) - set(found))
    if missing:
        raise _refuse(path, f"its {missing[0][0]} {missing[0][1]!r} is missing")
    if not write and version < migrations.SCHEMA_VERSION:
        raise StoreError(f"{path} was written by an older Reply Desk (schema {version} of "
                         f"{migrations.SCHEMA_VERSION}); a command that only reads never converts it, so nothing "
                         "was changed. Open it once with a command that writes (or the window) to upgrade it.")
