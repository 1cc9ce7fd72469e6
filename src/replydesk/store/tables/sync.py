"""What two databases holding copies of one reply know of each other: each database's identity, and what was
last synced with each other database (``store/syncing.py``)."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel

from replydesk.store.tables.reply import utcnow


class DatabaseIdentity(SQLModel, table=True):
    """One row: this database's identity, given when its schema was made (a copied file keeps it)."""

    __tablename__ = "database_identity"

    uuid: str = Field(primary_key=True)
    created_at: dt.datetime = Field(default_factory=utcnow)


class ReplySync(SQLModel, table=True):
    """An answer's revisions here and in the peer database when the two were last synced (``key`` "" is the
    reply itself: its status here and there)."""

    __tablename__ = "reply_sync"

    id: int | None = Field(default=None, primary_key=True)
    reply_id: int = Field(foreign_key="reply.id")
    peer: str  # the other database's identity
    peer_name: str = ""  # where it was (a file's path, a server's address), to offer it again
    key: str
    here_revision: int = 0
    there_revision: int = 0
    here_status: str = ""
    there_status: str = ""
    synced_at: dt.datetime = Field(default_factory=utcnow)
    synced_by: str = ""
