"""What is kept about a reply as a whole: who changed its status and when, and the exact definition it
was drafted against."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel

from replydesk.identity import login_name
from replydesk.store.tables.reply import utcnow


class ReplyEvent(SQLModel, table=True):
    """Who changed a reply's status and when (final, reopened, imported...)."""

    __tablename__ = "reply_event"

    id: int | None = Field(default=None, primary_key=True)
    reply_id: int = Field(foreign_key="reply.id")
    at: dt.datetime = Field(default_factory=utcnow)
    by: str = ""
    action: str
    detail: str = ""
    #: The login that wrote the row: session_user on a server (set by the server), the OS login for a file.
    login: str = Field(default_factory=login_name)


class Definition(SQLModel, table=True):
    """The exact definition a reply was drafted against, kept so later cycles can compare."""

    __tablename__ = "definition"

    hash: str = Field(primary_key=True)
    form_id: str
    version: str
    content: str  # canonical JSON
