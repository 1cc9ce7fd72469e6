"""What is kept around each answer: every revision, reviewers' notes, and text typed that is not yet a
valid answer (the window reads all three when it opens a reply)."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel

from replydesk.identity import login_name
from replydesk.store.tables.reply import new_uuid, utcnow


class AnswerHistory(SQLModel, table=True):
    """Append-only: triggers refuse UPDATE and DELETE."""

    __tablename__ = "answer_history"

    id: int | None = Field(default=None, primary_key=True)
    reply_id: int = Field(foreign_key="reply.id")
    key: str
    revision: int
    value: str | None = None
    review_status: str = "draft"
    changed_at: dt.datetime = Field(default_factory=utcnow)
    changed_by: str = ""
    source: str = ""
    carried_over: bool = False
    #: Who brought this revision into this database from another (``reply copy``, ``reply sync``); "" if made here.
    copied_by: str = ""
    #: The login that wrote the row: session_user on a server (set by the server), the OS login for a file.
    login: str = Field(default_factory=login_name)


class Note(SQLModel, table=True):
    """A reviewer's comment on one answer."""

    __tablename__ = "note"

    id: int | None = Field(default=None, primary_key=True)
    reply_id: int = Field(foreign_key="reply.id")
    key: str
    author: str = ""
    text: str
    created_at: dt.datetime = Field(default_factory=utcnow)
    source: str = ""
    uuid: str = Field(default_factory=new_uuid)  # the same note in every copy of the reply
    #: The login that wrote the row: session_user on a server (set by the server), the OS login for a file.
    login: str = Field(default_factory=login_name)


class PendingText(SQLModel, table=True):
    """What the official typed into an editor that is not (yet) a valid answer, and why.

    Kept until corrected (a valid value saved for the key clears it) or discarded; the answer's
    last valid value, in ``answer``, stays what exports, checks and the secretariat see.
    """

    __tablename__ = "pending_text"

    id: int | None = Field(default=None, primary_key=True)
    reply_id: int = Field(foreign_key="reply.id")
    key: str
    text: str
    reason: str = ""
    updated_at: dt.datetime = Field(default_factory=utcnow)
    updated_by: str = ""
