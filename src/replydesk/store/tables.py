"""The store's tables as SQLModel classes.

The DDL that creates them lives in ``migrations.py`` (the migrations are the
source of truth for the file's shape); a test keeps the two in step.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlmodel import Field, SQLModel

REPLY_STATUSES = ("drafting", "in_review", "final")
REVIEW_STATUSES = ("draft", "for_review", "cleared")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


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


class ReplyEvent(SQLModel, table=True):
    """Who changed a reply's status and when (final, reopened, imported...)."""

    __tablename__ = "reply_event"

    id: int | None = Field(default=None, primary_key=True)
    reply_id: int = Field(foreign_key="reply.id")
    at: dt.datetime = Field(default_factory=utcnow)
    by: str = ""
    action: str
    detail: str = ""


class Definition(SQLModel, table=True):
    """The exact definition a reply was drafted against, kept so later cycles can compare."""

    __tablename__ = "definition"

    hash: str = Field(primary_key=True)
    form_id: str
    version: str
    content: str  # canonical JSON


class Proposal(SQLModel, table=True):
    """A changed answer from a reviewed Word copy; it waits for the official to accept or reject it."""

    __tablename__ = "proposal"

    id: int | None = Field(default=None, primary_key=True)
    reply_id: int = Field(foreign_key="reply.id")
    key: str
    base_value: str | None = None  # JSON: the answer when the copy was exported
    proposed_value: str | None = None  # JSON: what the reviewed copy says
    source: str = ""  # the file it came from
    author: str = ""  # who edited (tracked-change authors, else the file's last editor)
    created_at: dt.datetime = Field(default_factory=utcnow)
    status: str = "open"
    decided_at: dt.datetime | None = None
    decided_by: str = ""

    @property
    def base(self) -> Any:
        """The answer the proposal's author started from."""
        return None if self.base_value is None else json.loads(self.base_value)

    @property
    def proposed(self) -> Any:
        return None if self.proposed_value is None else json.loads(self.proposed_value)


class ImportConflict(SQLModel, table=True):
    """An answer the store and a returned workbook both changed since the workbook's export."""

    __tablename__ = "import_conflict"

    id: int | None = Field(default=None, primary_key=True)
    reply_id: int = Field(foreign_key="reply.id")
    key: str
    store_value: str | None = None  # JSON, as in the answer table
    store_revision: int = 0
    workbook_value: str | None = None  # JSON
    exported_revision: int = 0
    source: str = ""  # the workbook's file name
    detected_at: dt.datetime = Field(default_factory=utcnow)
    detected_by: str = ""
    resolved_at: dt.datetime | None = None
    resolution: str = ""  # "", "kept" (the store's) or "taken" (the workbook's)


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


PASSAGE_STATES = ("anchored", "attention", "removed")


class Theme(SQLModel, table=True):
    """An action of the secretariat's synthesis: a title under a group of one form and year, and its narrative."""

    __tablename__ = "theme"

    id: int | None = Field(default=None, primary_key=True)
    form_id: str
    year: int
    under: str  # the group's dotted key, e.g. "pt1.og1" or a Lanzarote chapter
    title: str
    description: str = ""
    narrative: str = ""  # Markdown, with {members} for the reporting members
    position: int = 0
    carried_from: int | None = Field(default=None, foreign_key="theme.id")
    merged_into: int | None = Field(default=None, foreign_key="theme.id")
    created_at: dt.datetime = Field(default_factory=utcnow)
    created_by: str = ""
    updated_at: dt.datetime = Field(default_factory=utcnow)
    updated_by: str = ""


class Passage(SQLModel, table=True):
    """A passage of a member's answer tagged with a theme; it keeps the text it quoted."""

    __tablename__ = "passage"

    id: int | None = Field(default=None, primary_key=True)
    theme_id: int = Field(foreign_key="theme.id")
    reply_id: int = Field(foreign_key="reply.id")
    key: str
    quote: str
    state: str = "anchored"  # "attention": the answer no longer holds the quote; "removed": untagged
    created_at: dt.datetime = Field(default_factory=utcnow)
    created_by: str = ""
    changed_at: dt.datetime = Field(default_factory=utcnow)
    changed_by: str = ""


class ThemeEvent(SQLModel, table=True):
    """Append-only: every change to a theme or its passages (triggers refuse UPDATE and DELETE)."""

    __tablename__ = "theme_event"

    id: int | None = Field(default=None, primary_key=True)
    theme_id: int = Field(foreign_key="theme.id")
    passage_id: int | None = Field(default=None, foreign_key="passage.id")
    at: dt.datetime = Field(default_factory=utcnow)
    by: str = ""
    action: str
    detail: str = ""  # JSON


ROLES = ("coordinator", "drafter", "reviewer")


class ReplyMember(SQLModel, table=True):
    """A database user's role in one reply on a team's server; ``sections`` (JSON list of group keys, or empty
    for all) limits what a drafter may edit."""

    __tablename__ = "reply_member"

    id: int | None = Field(default=None, primary_key=True)
    reply_id: int = Field(foreign_key="reply.id")
    db_user: str
    display_name: str = ""
    role: str
    sections: str = ""
    added_at: dt.datetime = Field(default_factory=utcnow)
    added_by: str = ""

    @property
    def section_keys(self) -> list[str]:
        return json.loads(self.sections) if self.sections else []
