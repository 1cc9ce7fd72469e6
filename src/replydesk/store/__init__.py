"""The local draft store: one SQLite file (WAL, synchronous=FULL) behind SQLModel.

Depends on definitions only; nothing here may import Qt.
"""

from replydesk.store.database import StoreError
from replydesk.store.drafts import (
    MissingDatabase,
    ReadOnly,
    ReplyExists,
    Store,
    UnknownReply,
    current_user,
    decode,
)
from replydesk.store.lock import DatabaseBusy
from replydesk.store.migrations import NewerDatabase

__all__ = [
    "DatabaseBusy",
    "MissingDatabase",
    "NewerDatabase",
    "ReadOnly",
    "ReplyExists",
    "Store",
    "StoreError",
    "UnknownReply",
    "current_user",
    "decode",
]
