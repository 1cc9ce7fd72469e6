"""What every part of the store shares: its errors, the JSON encoding of values, and transactions.

``StoreBase`` holds the engine (private: only the store's own modules open sessions) and
the two ways in: ``_read()`` and ``_write()``, one transaction holding SQLite's write lock.
The subject modules (``drafts``, ``proposals``, ``conflicts``) each add their methods on
top of it; ``Store`` is all of them together.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session

from replydesk import identity
from replydesk.store.database import StoreError
from replydesk.store.lock import WriterLock


class UnknownReply(StoreError):
    pass


class ReplyExists(StoreError):
    def __init__(self, message: str, reply_id: int):
        super().__init__(message)
        self.reply_id = reply_id


class ReadOnly(StoreError):
    pass


def current_user() -> str:
    """Who signs a save: the user's name from their settings (or --author), else the login name."""
    return identity.current_author()


def encode(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def decode(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def plain_of(value: Any) -> str | None:
    """An answer's words as a reader sees them (``quotes.answer_text``), kept beside its value so that a search
    of every return reads them without parsing 10,000 answers' Markdown; None for an unanswered slot."""
    from replydesk.definitions.quotes import answer_text

    return None if value is None else answer_text(value)


class StoreBase:
    """The engine, the writer lock and the sessions; no subject of its own."""

    def __init__(self, path: Path, engine: Engine, lock: WriterLock | None, *, team_writer: bool = False):
        self.path = path
        self._engine = engine
        self._writer = engine.execution_options(sqlite_begin="IMMEDIATE")
        self.lock = lock
        #: A server's store writes without a lock file: the server serialises its many writers.
        self._team_writer = team_writer

    @property
    def writable(self) -> bool:
        return self._team_writer or (self.lock is not None and self.lock.held)

    @property
    def on_server(self) -> bool:
        """A PostgreSQL server's database (many writers, no file), not a personal SQLite file."""
        return self._engine.dialect.name == "postgresql"

    #: Set by ``close()``: a closed store reads and writes nothing (its engine would quietly reconnect,
    #: to whatever file then stands at its path).
    closed = False

    def _refuse_closed(self) -> None:
        if self.closed:
            raise StoreError(f"{self.path} was closed; nothing was read or changed")

    def _read(self) -> Session:
        self._refuse_closed()
        if self.on_server:  # a server that went away is said in words, never as a driver's error
            return _ServerSession(self._engine, expire_on_commit=False)
        return Session(self._engine, expire_on_commit=False)

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One transaction that holds SQLite's write lock from its first statement."""
        self._refuse_closed()
        if not self.writable:
            raise ReadOnly(f"{self.path} is open read-only; nothing was changed")
        try:
            with Session(self._writer, expire_on_commit=False) as session, session.begin():
                yield session
        except OperationalError as exc:
            if self.on_server:
                raise Unreachable(UNREACHABLE) from None
            raise StoreError(f"could not save to {self.path}: {exc.orig}; nothing was changed") from None
        except DBAPIError as exc:
            if self.on_server and exc.connection_invalidated:
                raise Unreachable(UNREACHABLE) from None
            refused = server_refusal(exc)
            if refused is None:
                raise
            raise refused from None


#: How the window and the command line name a server that does not answer (stopped, frozen, cut off).
UNREACHABLE = "the server cannot be reached"


class Unreachable(StoreError):
    """The server did not answer (stopped, restarting, frozen, the network cut): nothing was changed."""


class _ServerSession(Session):
    """A read on a server: a connection that fails becomes ``Unreachable`` (a StoreError the window handles)."""

    def __exit__(self, kind, error, tb):  # type: ignore[no-untyped-def]
        super().__exit__(kind, error, tb)
        if isinstance(error, OperationalError) or (isinstance(error, DBAPIError) and error.connection_invalidated):
            raise Unreachable(UNREACHABLE) from None


#: What a server says when its own rules refuse a write (server_guard): privileges, row-level security, its checks.
_REFUSALS = {"42501": "insufficient privilege", "23514": "a check", "P0001": "a rule", "P0002": "no such row"}


class ServerRefused(StoreError):
    """The server's own rules refused the write (its roles, row-level security or checks); nothing was changed."""


def server_refusal(exc: DBAPIError) -> ServerRefused | None:
    """The server's refusal as one line, or None for any other database error (left to its caller)."""
    code = getattr(exc.orig, "sqlstate", None)
    if code not in _REFUSALS:
        return None
    first = (str(exc.orig).strip().splitlines() or [type(exc.orig).__name__])[0]
    table = re.search(r'(?:policy for|permission denied for) table "?(\w+)', first)
    takes = _TAKES.get(table.group(1) if table else "", "the role it takes")
    return ServerRefused(f"the server refused: {first}; nothing was changed. That takes {takes}: ask a "
                         "coordinator of the reply, or the database's owner.")


#: Which role a write to each table takes, as a refusal names it.
_TAKES = {"answer": "a drafter of that section or a coordinator", "pending_text": "a drafter or a coordinator",
          "import_conflict": "a drafter or a coordinator", "reply_member": "a coordinator",
          "reply": "a coordinator", "note": "a member of the reply", "proposal": "a member of the reply",
          "reply_event": "a drafter or a coordinator", "theme": "the secretariat (replydesk_secretariat)",
          "passage": "the secretariat (replydesk_secretariat)",
          "theme_event": "the secretariat (replydesk_secretariat)"}
