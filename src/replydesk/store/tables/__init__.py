"""The store's tables as SQLModel classes, each subject's built when it is first used.

The DDL that creates them lives in ``migrations.py`` (the migrations are the source of truth for
the file's shape); a test keeps the two in step.

Why lazily: building one SQLModel table class costs about 3 ms (a pydantic model and a
SQLAlchemy mapping), and most commands read only a reply and its answers — ``replydesk show``
spent some 35 ms building thirteen other tables it never touched.  ``Reply`` and ``Answer`` (in
``reply.py``) are always there; the others live in one module per subject and are imported the
first time their name is asked for (PEP 562): ``tables.Note`` or ``from replydesk.store.tables
import Note`` both work.  Inside the store a module names such a table as ``tables.Note`` in the
methods that use it, so importing the module builds nothing.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from replydesk.store.tables.reply import (
    REPLY_STATUSES,
    REVIEW_STATUSES,
    ROLES,
    Answer,
    Reply,
    StoredAnswer,
    utcnow,
)

if TYPE_CHECKING:
    from sqlmodel import SQLModel

    from replydesk.store.tables.answer_record import AnswerHistory, Note, PendingText
    from replydesk.store.tables.members import ReplyMember
    from replydesk.store.tables.reply_record import Definition, ReplyEvent
    from replydesk.store.tables.review import ImportConflict, Proposal
    from replydesk.store.tables.sync import DatabaseIdentity, ReplySync
    from replydesk.store.tables.themes import PASSAGE_STATES, Passage, Theme, ThemeEvent

#: Where each lazily built table lives.
_SUBJECTS = {
    "answer_record": ("AnswerHistory", "Note", "PendingText"),
    "reply_record": ("ReplyEvent", "Definition"),
    "review": ("Proposal", "ImportConflict"),
    "themes": ("Theme", "Passage", "ThemeEvent"),
    "members": ("ReplyMember",),
    "sync": ("DatabaseIdentity", "ReplySync"),
}
_LAZY = {name: subject for subject, names in _SUBJECTS.items() for name in names} | {"PASSAGE_STATES": "themes"}

__all__ = [
    "PASSAGE_STATES",
    "REPLY_STATUSES",
    "REVIEW_STATUSES",
    "ROLES",
    "Answer",
    "AnswerHistory",
    "DatabaseIdentity",
    "Definition",
    "ImportConflict",
    "Note",
    "Passage",
    "PendingText",
    "Proposal",
    "Reply",
    "ReplyEvent",
    "ReplyMember",
    "ReplySync",
    "StoredAnswer",
    "Theme",
    "ThemeEvent",
    "every_table",
    "utcnow",
]


def __getattr__(name: str) -> Any:
    subject = _LAZY.get(name)
    if subject is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{subject}"), name)
    globals()[name] = value  # asked once: later lookups are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


def every_table() -> tuple[type[SQLModel], ...]:
    """Every table (building those not built yet): for what needs all of them, such as SQLModel's metadata."""
    return (Reply, Answer, *(__getattr__(name) for names in _SUBJECTS.values() for name in names))
