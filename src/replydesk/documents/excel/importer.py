"""Bringing checked returns into the store: a new reply, a new revision, or a merge.

Every check runs before anything is written (``read``), so a bad file leaves
nothing behind, and each file's answers are saved by one ``Store.save_answers`` call,
one transaction that appends every change to the history.  Which of three cases applies:

- no reply for the country, form and year: one is created with the return's answers;
- a reply exists, but the workbook was not exported from it (another database, or a
  template): the return becomes its new revision, answer by answer;
- the workbook was exported from this very reply (same id and creation time): a merge.
  An answer changed only in the workbook is taken; one changed in the store as well
  since the export (its revision moved) is a conflict: the store's answer stays, and
  both versions are recorded (``Store.open_conflicts``) for the app to show side by side.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from replydesk.definitions.registry import Registry
from replydesk.documents.excel.export import timestamp
from replydesk.documents.excel.read import ParsedReturn, Problem, RefusedWorkbook, read_return
from replydesk.documents.excel.safety import Limits
from replydesk.store import Store, current_user, decode
from replydesk.store.tables import ImportConflict, Reply, ReplyEvent

CREATED, REVISED, MERGED = "created", "revised", "merged"


@dataclass
class ImportResult:
    """What one file did to the store."""

    path: Path
    reply_id: int
    country: str
    form_id: str
    year: int
    action: str  # CREATED, REVISED or MERGED
    changed: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    def describe(self) -> str:
        what = {CREATED: "new reply", REVISED: "new revision", MERGED: "merged"}[self.action]
        text = (f"{self.path}: imported into reply {self.reply_id} ({self.country}, {self.form_id} {self.year}; "
                f"{what}): {len(self.changed)} answer{'s' if len(self.changed) != 1 else ''} changed")
        if self.conflicts:
            text += (f"; {len(self.conflicts)} conflict{'s' if len(self.conflicts) != 1 else ''} kept as in the "
                     f"store, both versions saved for review: {', '.join(self.conflicts)}")
        return text


@dataclass
class _Plan:
    reply: Reply | None
    action: str
    changes: dict[str, Any]
    conflicts: list[ImportConflict]


def same(a: Any, b: Any) -> bool:
    """Equal as answers (2 and 2.0 are the same number)."""
    return bool(a == b)


def plan(store: Store, parsed: ParsedReturn) -> _Plan:
    """Decide, without writing, what importing ``parsed`` changes."""
    meta = parsed.meta
    reply = store.find_reply(parsed.form.id, parsed.country, meta.year)
    if reply is None:
        changes = {key: value for key, value in parsed.values.items() if value is not None}
        return _Plan(None, CREATED, changes, [])
    assert reply.id is not None
    if reply.status == "final":
        raise RefusedWorkbook(parsed.path, [Problem(
            f"reply {reply.id} ({parsed.country}, {parsed.form.id} {meta.year}) is final; reopen it before "
            "importing a return into it")])
    current = store.answers(reply.id)
    now = {key: decode(row.value) for key, row in current.items()}
    origin = meta.reply_id == reply.id and meta.reply_created == timestamp(reply.created_at)
    if not origin:
        changes = {key: value for key, value in parsed.values.items() if not same(value, now.get(key))}
        return _Plan(reply, REVISED, changes, [])
    exported = _values_at_export(store, reply.id, meta.revisions) if not meta.blank else {}
    changes, conflicts = {}, []
    for key, value in parsed.values.items():
        base = exported.get(key)
        if same(value, base):
            continue  # the workbook did not change it
        revision = meta.revisions.get(key, 0)
        row = current.get(key)
        if (row.revision if row else 0) == revision:
            if not same(value, now.get(key)):
                changes[key] = value
        elif not same(value, now.get(key)):
            conflicts.append(ImportConflict(
                reply_id=reply.id, key=key, store_value=row.value if row else None,
                store_revision=row.revision if row else 0, workbook_value=_encode(value),
                exported_revision=revision, source=parsed.path.name))
    return _Plan(reply, MERGED, changes, conflicts)


def _values_at_export(store: Store, reply_id: int, revisions: dict[str, int]) -> dict[str, Any]:
    """Each answer as it was at the exported revision (the history has every revision)."""
    wanted = {(key, revision) for key, revision in revisions.items() if revision}
    values: dict[str, Any] = {}
    for entry in store.history(reply_id):
        if (entry.key, entry.revision) in wanted:
            values[entry.key] = decode(entry.value)
    return values


def _encode(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def apply_return(store: Store, parsed: ParsedReturn, *, by: str | None = None) -> ImportResult:
    """Write one checked return into the store."""
    by = current_user() if by is None else by
    decided = plan(store, parsed)
    part = f", part {' '.join(parsed.meta.part)}" if parsed.meta.part else ""

    def recorded(reply: Reply) -> list[Any]:
        """The conflicts and the import's event, written in the same transaction as the answers."""
        for conflict in decided.conflicts:
            conflict.reply_id = reply.id  # type: ignore[assignment]
            conflict.detected_by = by  # type: ignore[assignment]
        detail = f"{parsed.path.name} ({decided.action}): {len(decided.conflicts)} conflicts{part}"
        return [*decided.conflicts, ReplyEvent(reply_id=reply.id, by=by, action="imported:xlsx", detail=detail)]

    reply, changed = store.import_answers(
        parsed.form, parsed.country, parsed.meta.year, decided.changes,
        reply_id=decided.reply.id if decided.reply is not None else None,
        by=by, source=f"excel: {parsed.path.name}", also=recorded)
    return ImportResult(parsed.path, reply.id, parsed.country, parsed.form.id, parsed.meta.year, decided.action,
                        changed, [c.key for c in decided.conflicts])


def import_workbooks(
    store: Store,
    registry: Registry,
    paths: Sequence[Path],
    *,
    by: str | None = None,
    limits: Limits | None = None,
    progress: Callable[[int, int, Path], None] | None = None,
) -> list[ImportResult | RefusedWorkbook]:
    """Import each file on its own: a refused file is reported and the others still import."""
    results: list[ImportResult | RefusedWorkbook] = []
    for index, path in enumerate(paths):
        if progress:
            progress(index, len(paths), Path(path))
        try:
            parsed = read_return(Path(path), registry, limits)
            results.append(apply_return(store, parsed, by=by))
        except RefusedWorkbook as refused:
            results.append(refused)
    if progress:
        progress(len(paths), len(paths), Path())
    return results
