"""Conflicts from merging a workbook back: both versions kept until someone chooses.

An answer changed in the store *and* in the workbook since the export is not
overwritten; the workbook's version is stored here beside the store's, for the app to
offer side by side.  The table lives in its own SQLAlchemy registry (not
``SQLModel.metadata``) so the store's schema test and migrations stay untouched; it is
created on first use.  When the store gains a migration for it, only ``ensure`` goes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import inspect
from sqlalchemy.orm import registry
from sqlmodel import Field, Session, SQLModel, select

from replydesk.definitions.model import Form
from replydesk.store import ReadOnly, Store, current_user, decode
from replydesk.store.tables import ReplyEvent, utcnow

_registry = registry()


class _ConflictBase(SQLModel, registry=_registry):
    pass


class ImportConflict(_ConflictBase, table=True):
    """One answer the store and a returned workbook both changed since the workbook's export."""

    __tablename__ = "import_conflict"

    id: int | None = Field(default=None, primary_key=True)
    reply_id: int = Field(index=True)
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


def ensure(store: Store) -> None:
    """Create the conflict table if this database does not have it yet."""
    _registry.metadata.create_all(store.engine)


def _exists(store: Store) -> bool:
    return inspect(store.engine).has_table(ImportConflict.__tablename__)


def record(store: Store, reply_id: int, conflicts: Iterable[ImportConflict], event: ReplyEvent) -> None:
    """Store the conflicts and the import's event in one transaction."""
    if not store.writable:
        raise ReadOnly(f"{store.path} is open read-only; nothing was changed")
    ensure(store)
    writer = store.engine.execution_options(sqlite_begin="IMMEDIATE")
    with Session(writer, expire_on_commit=False) as session, session.begin():
        for conflict in conflicts:
            conflict.reply_id = reply_id
            session.add(conflict)
        session.add(event)


def open_conflicts(store: Store, reply_id: int | None = None) -> list[ImportConflict]:
    """Unresolved conflicts, oldest first (of one reply, or all)."""
    if not _exists(store):
        return []
    with Session(store.engine) as session:
        query = select(ImportConflict).where(ImportConflict.resolution == "")
        if reply_id is not None:
            query = query.where(ImportConflict.reply_id == reply_id)
        return list(session.exec(query.order_by(ImportConflict.id)))


def resolve(store: Store, conflict_id: int, form: Form, *, take_workbook: bool, by: str | None = None) -> None:
    """Settle a conflict: keep the store's answer, or save the workbook's (into the history as usual)."""
    if not store.writable:
        raise ReadOnly(f"{store.path} is open read-only; nothing was changed")
    by = current_user() if by is None else by
    with Session(store.engine) as session:
        conflict = session.get(ImportConflict, conflict_id)
    if conflict is None or conflict.resolution:
        raise LookupError(f"there is no open conflict {conflict_id}")
    if take_workbook:
        store.save_answers(conflict.reply_id, form, {conflict.key: decode(conflict.workbook_value)}, by=by,
                           source=f"excel conflict {conflict_id}: {conflict.source}")
    with Session(store.engine.execution_options(sqlite_begin="IMMEDIATE")) as session, session.begin():
        row = session.get(ImportConflict, conflict_id)
        assert row is not None
        row.resolution = "taken" if take_workbook else "kept"
        row.resolved_at = utcnow()
        session.add(row)
