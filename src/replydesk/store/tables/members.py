"""Who may do what in a reply on a team's server."""

from __future__ import annotations

import datetime as dt
import json

from sqlmodel import Field, SQLModel

from replydesk.store.tables.reply import utcnow


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
