"""Conflicts from merging a workbook back: both versions kept until someone chooses.

An answer changed in the store *and* in the workbook since the export is not
overwritten; the workbook's version is stored beside the store's (table
``import_conflict``), for the app to offer side by side.
"""

from __future__ import annotations

from sqlmodel import Session, select

from replydesk.definitions.model import Form
from replydesk.store import ReadOnly, Store, current_user, decode
from replydesk.store.tables import ImportConflict, utcnow


def open_conflicts(store: Store, reply_id: int | None = None) -> list[ImportConflict]:
    """Unresolved conflicts, oldest first (of one reply, or all)."""
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
    conflict.resolution = "taken" if take_workbook else "kept"
    conflict.resolved_at = utcnow()
    changes = {conflict.key: decode(conflict.workbook_value)} if take_workbook else {}
    store.save_answers(conflict.reply_id, form, changes, by=by,
                       source=f"excel conflict {conflict_id}: {conflict.source}", also=[conflict])
