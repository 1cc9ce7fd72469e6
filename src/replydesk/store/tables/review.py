"""Changes waiting for the official's decision: a reviewed Word copy's proposals, a returned workbook's
conflicts with the store."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlmodel import Field, SQLModel

from replydesk.identity import login_name
from replydesk.store.tables.reply import new_uuid, utcnow


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
    uuid: str = Field(default_factory=new_uuid)  # the same proposal in every copy of the reply
    #: The login that wrote the row: session_user on a server (set by the server), the OS login for a file.
    login: str = Field(default_factory=login_name)

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
    author: str = ""  # who wrote the other version, when known (a sync: the other copy's last author)
    authored_at: dt.datetime | None = None
