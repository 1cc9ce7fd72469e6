"""The local draft store: one SQLite file (WAL, synchronous=FULL) behind SQLModel.

Depends on definitions only; nothing here may import Qt, and nothing outside it may
import SQLAlchemy, SQLModel or sqlite3 (import-linter contracts check both): every read
and write of the database is a ``Store`` method.
"""

from replydesk.store.base import UNREACHABLE, ReadOnly, ReplyExists, UnknownReply, Unreachable, current_user, decode
from replydesk.store.conflicts import UnknownConflict
from replydesk.store.context import ReplyContext, reply_context
from replydesk.store.database import StoreError
from replydesk.store.drafts import MissingDatabase, NetworkDatabase, ReplyHasProblems, StaleRevision, Store
from replydesk.store.lock import DatabaseBusy
from replydesk.store.migrations import NewerDatabase
from replydesk.store.proposals import NewNote, NewProposal, ProposalClosed, ProposalConflict, ReviewImport
from replydesk.store.roles import NotAllowed
from replydesk.store.themes import QuoteNotFound, UnknownTheme

__all__ = [
    "DatabaseBusy",
    "MissingDatabase",
    "NetworkDatabase",
    "NewNote",
    "NewProposal",
    "NewerDatabase",
    "NotAllowed",
    "ProposalClosed",
    "ProposalConflict",
    "QuoteNotFound",
    "ReadOnly",
    "ReplyContext",
    "ReplyExists",
    "ReplyHasProblems",
    "ReviewImport",
    "StaleRevision",
    "Store",
    "StoreError",
    "UnknownConflict",
    "UnknownReply",
    "UnknownTheme",
    "UNREACHABLE",
    "Unreachable",
    "current_user",
    "decode",
    "reply_context",
]
