"""Conflicts from merging a workbook back: both versions kept until someone chooses.

An answer changed in the store *and* in the workbook since the export is not
overwritten; the Excel import records the workbook's version beside the store's
(table ``import_conflict``, written in the import's own transaction), for the app
to offer side by side.
"""

from __future__ import annotations

from sqlmodel import select

from replydesk.definitions.model import Form
from replydesk.store import tables
from replydesk.store.base import StoreBase, UnknownReply, current_user, decode
from replydesk.store.database import StoreError
from replydesk.store.roles import check_allowed
from replydesk.store.tables import Reply, utcnow
from replydesk.store.writing import apply_answers, check_changes


class UnknownConflict(StoreError, LookupError):
    """No open conflict has that id (it never existed, or was resolved meanwhile)."""


class ImportConflicts(StoreBase):
    """The store's import-conflict methods (``Store`` has them)."""

    def open_conflicts(self, reply_id: int | None = None) -> list[tables.ImportConflict]:
        """Unresolved conflicts, oldest first (of one reply, or all)."""
        with self._read() as session:
            query = select(tables.ImportConflict).where(tables.ImportConflict.resolution == "")
            if reply_id is not None:
                query = query.where(tables.ImportConflict.reply_id == reply_id)
            return list(session.exec(query.order_by(tables.ImportConflict.id)))  # type: ignore[arg-type]

    def resolve_conflict(self, conflict_id: int, form: Form, *, take_workbook: bool, by: str | None = None) -> None:
        """Settle a conflict: keep the store's answer, or save the workbook's (into the history as usual).

        The conflict is read, checked and settled in one transaction.
        """
        by = current_user() if by is None else by
        with self._write() as session:
            conflict = session.get(tables.ImportConflict, conflict_id)
            if conflict is None or conflict.resolution:
                raise UnknownConflict(f"there is no open conflict {conflict_id}")
            reply = session.get(Reply, conflict.reply_id)
            if reply is None:
                raise UnknownReply(f"there is no reply {conflict.reply_id}")
            check_allowed(session, conflict.reply_id, "decide")
            changes = {conflict.key: decode(conflict.workbook_value)} if take_workbook else {}
            checked, statuses = check_changes(form, changes, None)
            apply_answers(session, reply, checked, statuses, by=by, allow_final=False,  # refuses a final reply
                          source=f"excel conflict {conflict_id}: {conflict.source}")
            conflict.resolution = "taken" if take_workbook else "kept"
            conflict.resolved_at = utcnow()
            session.add(conflict)
