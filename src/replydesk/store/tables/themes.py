"""The secretariat's synthesis: actions (themes), the passages of members' answers tagged with them, and
every change to either."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel

from replydesk.store.tables.reply import utcnow

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
    deleted_at: dt.datetime | None = None  # deleted by the secretariat (kept for the history)
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
    example: bool = False  # quoted in the report (every anchored passage is evidence; only examples are quoted)
    label: str = ""  # the subset of the action's members it puts its member in, for {members:LABEL}
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
