"""A reply and its answers: the two tables every command and the window read."""

from __future__ import annotations

import datetime as dt
from typing import Protocol
from uuid import uuid4

from sqlmodel import Field, SQLModel

from replydesk.identity import login_name

REPLY_STATUSES = ("drafting", "in_review", "final")
REVIEW_STATUSES = ("draft", "for_review", "cleared")
#: What a member of a team's reply may be (see ``members.ReplyMember`` and ``store/roles.py``).
ROLES = ("coordinator", "drafter", "reviewer")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_uuid() -> str:
    """An identity that two databases holding copies of the same row agree on."""
    return str(uuid4())


class Reply(SQLModel, table=True):
    __tablename__ = "reply"

    id: int | None = Field(default=None, primary_key=True)
    form_id: str
    form_version: str
    definition_hash: str
    country: str
    year: int
    status: str = "drafting"
    created_at: dt.datetime = Field(default_factory=utcnow)
    created_by: str = ""
    updated_at: dt.datetime = Field(default_factory=utcnow)
    previous_reply_id: int | None = Field(default=None, foreign_key="reply.id")
    #: The reply's identity in every database that holds a copy of it (the id is each database's own).
    uuid: str = Field(default_factory=new_uuid)
    #: The login that created it (a server's session_user, set by the server; a file's OS login): a reply
    #: without members is its creator's alone.
    login: str = Field(default_factory=login_name)


class Answer(SQLModel, table=True):
    """The current value of one answer slot; every change is also in AnswerHistory."""

    __tablename__ = "answer"

    id: int | None = Field(default=None, primary_key=True)
    reply_id: int = Field(foreign_key="reply.id")
    key: str
    value: str | None = None  # JSON; NULL when unanswered
    review_status: str = "draft"
    revision: int = 0
    updated_at: dt.datetime = Field(default_factory=utcnow)
    updated_by: str = ""
    carried_over: bool = False  # copied from last cycle's reply and not yet edited or confirmed
    #: The value as a reader sees it (``base.plain_of``), written with it for searching; NULL where a row came
    #: from elsewhere without it (a copy from an older version, a server's row from before): read ``value`` then.
    plain: str | None = None


class StoredAnswer(Protocol):
    """An answer as ``Store.answers`` reads it: Answer's columns, read-only (a plain row, not an ORM object)."""

    @property
    def key(self) -> str: ...
    @property
    def value(self) -> str | None: ...
    @property
    def review_status(self) -> str: ...
    @property
    def revision(self) -> int: ...
    @property
    def updated_at(self) -> dt.datetime: ...
    @property
    def updated_by(self) -> str: ...
    @property
    def carried_over(self) -> bool: ...
