"""A team's draft database on a PostgreSQL server, through the same store as a personal SQLite file.

``--db postgresql://user@host/dbname`` (or ``REPLYDESK_DB``) names it; the password comes from
``PGPASSWORD`` or ``~/.pgpass`` and TLS settings from the URL's query (``sslmode=require``…),
as every PostgreSQL client takes them (psycopg 3 passes them to libpq). The schema comes from
the same ordered migrations as SQLite's, in their PostgreSQL form, with the version in a
``schema_version`` table; two Reply Desks upgrading at once wait for each other on an
advisory lock. Many people write at once: there is no writer lock file; each save is one
transaction that locks the answers it changes (``FOR UPDATE``), so their revisions follow one another.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import Engine, create_engine

from replydesk import paths
from replydesk.store import migrations, server_guard
from replydesk.store.database import MissingDatabase, StoreError

#: The advisory lock key that serialises schema upgrades (any fixed 64-bit number; "ReplyDsk" in ASCII).
_MIGRATION_LOCK = 0x5265706C7944736B


class ServerAddress(str):
    """What ``Store.path`` is for a server: its URL as messages show it; ``name`` is the database's name."""

    @property
    def name(self) -> str:
        return urlsplit(self).path.lstrip("/") or "postgres"


def is_url(text: str) -> bool:
    """Whether ``--db`` names a PostgreSQL server rather than a file."""
    return paths.is_server_url(text)


def shown(url: str) -> str:
    """The URL as messages show it: never a password that was written into it."""
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":•••@")
        parts = parts._replace(netloc=netloc)
    return urlunsplit(parts)


def _driver_url(url: str) -> str:
    return re.sub(r"^(postgresql|postgres)(\+psycopg)?://", "postgresql+psycopg://", url, flags=re.IGNORECASE)


def _libpq_url(url: str) -> str:
    return re.sub(r"^(postgresql|postgres)(\+psycopg)?://", "postgresql://", url, flags=re.IGNORECASE)


def connect(url: str):  # type: ignore[no-untyped-def]
    """A raw psycopg connection in autocommit mode (the migrations issue BEGIN themselves)."""
    try:
        import psycopg
    except ImportError:  # pragma: no cover - a dependency; this says what to install if it is missing
        raise StoreError("the PostgreSQL driver (psycopg 3) is not installed: pip install 'psycopg[binary]'") \
            from None
    try:
        return psycopg.connect(_libpq_url(url), autocommit=True, **TIMEOUTS)
    except psycopg.Error as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StoreError(f"cannot reach the PostgreSQL database {shown(url)}: {detail}. Check the address, that "
                         "the server runs, and your password (PGPASSWORD or ~/.pgpass); nothing was changed.") \
            from None


def prepare(url: str, *, write: bool) -> None:
    """Create or upgrade the schema (a reader only checks it), one Reply Desk at a time."""
    db = connect(url)
    try:
        version = migrations.VersionTable()
        _refuse_without_grants(db, url)
        if not write:
            if migrations.pending(db, version):
                raise MissingDatabase(f"the PostgreSQL database {shown(url)} has no Reply Desk tables of this "
                                      "version yet; nothing was changed. A command that writes (e.g. 'replydesk "
                                      "new') creates or upgrades them.")
            return
        if migrations.pending(db, version) or not _guarded(db):
            db.execute("SELECT pg_advisory_lock(%s)", (_MIGRATION_LOCK,))
            try:
                migrations.migrate(db, version, dialect="postgresql", begin="BEGIN")
                if server_guard.is_owner(db) and not server_guard.is_current(db):
                    server_guard.setup(db)  # the owner's first use, and after each upgrade
            finally:
                db.execute("SELECT pg_advisory_unlock(%s)", (_MIGRATION_LOCK,))
    finally:
        db.close()


def _guarded(db) -> bool:  # type: ignore[no-untyped-def]
    """Whether the server's rules are set up as this version makes them (or the login cannot change them)."""
    return not server_guard.is_owner(db) or server_guard.is_current(db)


def _refuse_without_grants(db, url: str) -> None:  # type: ignore[no-untyped-def]
    """A login the owner has not given access: one line saying what to ask for, not a privilege error later."""
    if db.execute("SELECT to_regclass('reply') IS NOT NULL AND NOT has_table_privilege('reply', 'SELECT')"
                  ).fetchone()[0]:
        login = db.execute("SELECT session_user").fetchone()[0]
        raise StoreError(f"{login} has no access to the Reply Desk tables of {shown(url)}; nothing was changed. "
                         f"Ask the database's owner to run: GRANT {server_guard.USER_ROLE} TO {login};")


def setup(url: str) -> None:
    """``replydesk db setup``: the schema and the server's rules, by the database's owner (idempotent)."""
    db = connect(url)
    try:
        db.execute("SELECT pg_advisory_lock(%s)", (_MIGRATION_LOCK,))
        try:
            migrations.migrate(db, migrations.VersionTable(), dialect="postgresql", begin="BEGIN")
            server_guard.setup(db)
        finally:
            db.execute("SELECT pg_advisory_unlock(%s)", (_MIGRATION_LOCK,))
    finally:
        db.close()


#: Every server connection's bounds: a connection attempt gives up after 5 s (a frozen server accepts the
#: socket and never answers), a statement after 30 s, a lock wait after 10 s; keepalives notice a dead peer.
TIMEOUTS = {"connect_timeout": 5, "options": "-c statement_timeout=30000 -c lock_timeout=10000",
            "keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 3}


def make_engine(url: str) -> Engine:
    """An engine in PostgreSQL's default READ COMMITTED: colleagues saving different answers never fail each
    other; saves of the same answer take its row lock (``FOR UPDATE``), so revisions follow one another."""
    return create_engine(_driver_url(url), pool_pre_ping=True, pool_timeout=5, connect_args=TIMEOUTS)


#: The channel on which a server's store announces saved answers ({"reply": id, "keys": [...], "by": name}).
CHANNEL = "replydesk_answers"
#: The channel on which windows say which question someone is writing ({"reply": id, "key": k, "by": name}).
PRESENCE = "replydesk_presence"


class ChangeListener:
    """Announcements of answers saved by anyone on a server (PostgreSQL LISTEN), for the window to follow.

    ``wait(timeout)`` returns the announcements that arrived (an empty list after ``timeout`` seconds);
    the window calls it from a thread of its own and ``close()`` ends it.
    """

    def __init__(self, url: str):
        self._db = connect(url)
        self._db.execute(f"LISTEN {CHANNEL}")
        self._db.execute(f"LISTEN {PRESENCE}")
        #: This listener's own login: an announcement from it may be trusted to name its sender.
        self.own_login = str(self._db.execute("SELECT session_user").fetchone()[0])

    def wait(self, timeout: float) -> list[dict]:
        import json

        found = []
        # (gathered first: the connection is busy until the generator ends, so the logins are asked after)
        for notice in list(self._db.notifies(timeout=timeout, stop_after=50)):
            try:
                payload = json.loads(notice.payload)
            except (ValueError, TypeError):
                continue
            if not isinstance(payload, dict):
                continue
            # the payload is anyone's to write (pg_notify): who sent it is the server's word, not the payload's
            payload.pop("login", None)
            found.append({**payload, "channel": notice.channel, "login": self._login_of(notice.pid)})
        return found

    def _login_of(self, pid: int) -> str:
        """The login of the session that sent a notification (pg_stat_activity; '' once it has gone)."""
        row = self._db.execute("SELECT usename FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone()
        return str(row[0]) if row and row[0] else ""

    def close(self) -> None:
        self._db.close()
