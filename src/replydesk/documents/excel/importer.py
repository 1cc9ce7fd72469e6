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

Returns carry their order (issue 15, case 5): a return of this reply exported before the last one
imported into it is refused, naming both export times; so is one imported into another database (the
secretariat's) after a newer return exported from the same reply, known by the identity the return
records (``reply_uuid``) (``force=True``, ``import --force``, skips
that check and merges it as usual: answers it changed are taken unless changed in the store
since, which are conflicts). A blank cell clears an answer only when the return says it was
exported with that answer (a merge whose exported answer was not blank); in a return the reply
did not export (a new revision) blank cells are listed as left alone. A filled ``--blank``
template of this reply meets the reply's answers as conflicts, never overwrites.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from replydesk.definitions.problems import question_names
from replydesk.definitions.registry import Registry
from replydesk.documents.common.report import ImportReport
from replydesk.documents.excel import cell_text
from replydesk.documents.excel.export import timestamp
from replydesk.documents.excel.format import REPLY_SHEET
from replydesk.documents.excel.labels import resolved
from replydesk.documents.excel.read import ParsedReturn, Problem, RefusedWorkbook, read_return, sheet_ref
from replydesk.documents.excel.safety import Limits
from replydesk.store import Store, current_user, decode
from replydesk.store.tables import ImportConflict, Note, Reply, ReplyEvent

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
    left_alone: list[str] = field(default_factory=list)  # blank cells that did not clear an answer
    ignored: list[str] = field(default_factory=list)  # what the workbook holds that was left out on purpose, and why
    unplaced: list[str] = field(default_factory=list)  # text found where no answer takes it: not imported
    unchanged: int = 0  # the return's answers that were already as in the store
    values: dict[str, Any] = field(default_factory=dict)  # the changed answers' new values
    cells: dict[str, str] = field(default_factory=dict)  # where each key's answer was read (Reply!D20)
    notes: list[str] = field(default_factory=list)  # notes on cells imported as notes, for the report

    form_title: str = ""  # the form as people know it (its title for the year), not its id
    names: dict[str, str] = field(default_factory=dict)  # each key's question as the form numbers it

    def question(self, key: str) -> str:
        """The question as the form numbers it ("Policy Target No. 1 › Operational Goal 1 › B) …"), not its key."""
        return self.names.get(key, key)

    def place(self, key: str) -> str:
        """The question and where its answer stands, as a person finds it: "… (Answer column, Reply!D10)"."""
        cell = self.cells.get(key, "")
        if cell.startswith(f"{REPLY_SHEET}!"):
            return f"{self.question(key)} (Answer column, {cell})"
        return f"{self.question(key)} ({cell})" if cell else self.question(key)

    def _about(self) -> str:
        """Country, form (by its title) and what the import did: "DENMARK, Global Alliance … 2014 …; new reply"."""
        what = {CREATED: "new reply", REVISED: "new revision", MERGED: "merged"}[self.action]
        return f"{self.country}, {self.form_title or f'{self.form_id} {self.year}'}; {what}"

    def describe(self) -> str:
        text = (f"{self.path}: imported into reply {self.reply_id} ({self._about()}): "
                f"{len(self.changed)} answer{'s' if len(self.changed) != 1 else ''} changed")
        if self.conflicts:
            text += (f"; {len(self.conflicts)} conflict{'s' if len(self.conflicts) != 1 else ''} kept as in the "
                     f"store, both versions saved for review: {'; '.join(map(self.question, self.conflicts))}")
        if self.left_alone:
            text += (f"; {len(self.left_alone)} blank cell{'s' if len(self.left_alone) != 1 else ''} left the "
                     "answer alone (this return was not exported with those answers): "
                     f"{'; '.join(map(self.question, self.left_alone))}")
        return text

    def report(self) -> ImportReport:
        """The import report (``common.report``, as for review copies): what changed, what was ignored and why,
        what could not be placed."""
        report = ImportReport(f"Import report: {self.path.name} (reply {self.reply_id}: {self._about()})")
        report.section("Changed", [f"{self.place(key)}: {_shown(self.values.get(key))}" for key in self.changed])
        report.section("Notes", self.notes)
        report.section("Conflicts, kept as in Reply Desk (both versions saved: decide them in Changes to decide)",
                       [f"{self.place(key)}: changed in Reply Desk too since the export" for key in self.conflicts])
        report.section("Not placed, not imported", self.unplaced)
        report.section("Ignored", [
            *(f"{self.place(key)}: blank, but this return was not exported with that answer, so the "
              "answer was left as it is" for key in self.left_alone),
            *self.ignored])
        report.closing = f"{self.unchanged} answer(s) unchanged"
        return report


def _shown(value: Any, limit: int = 80) -> str:
    """A changed answer, short, for a report line."""
    if value is None:
        return "cleared"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


@dataclass
class _Plan:
    reply: Reply | None
    action: str
    changes: dict[str, Any]
    conflicts: list[ImportConflict]
    left_alone: list[str] = field(default_factory=list)


def same(a: Any, b: Any) -> bool:
    """Equal as answers: 2 and 2.0 are the same number, and texts that differ only in line ends (CRLF, CR,
    LF) are the same text, since a cell shows them alike and LibreOffice drops the CRs when it saves."""
    return bool(_as_shown(a) == _as_shown(b))


def _as_shown(value: Any) -> Any:
    if isinstance(value, str):
        return cell_text.as_seen(value)
    if isinstance(value, list):
        return [_as_shown(item) for item in value]
    if isinstance(value, dict):
        return {key: _as_shown(item) for key, item in value.items()}
    return value


#: The export time an import's event records ("…; exported 2026-12-07T22:44:45+00:00; from reply …"); the
#: file's own name comes first in the detail and may hold the word too, so the last match counts.
_EXPORTED = re.compile(r"; exported (\d{4}-\d\d-\d\dT[0-9:.]+(?:Z|[+-]\d\d:\d\d)?)(?=;|$)")


def last_imported_export(store: Store, reply_id: int, reply_uuid: str = "") -> str:
    """When the newest return imported into the reply was exported (ISO time, UTC), or "" (with ``reply_uuid``:
    of the returns exported from that reply, in whatever database it was)."""
    times = [found[-1] for event in store.events(reply_id) if event.action == "imported:xlsx"
             and (not reply_uuid or f"from reply {reply_uuid}" in (event.detail or ""))
             for found in [_EXPORTED.findall(event.detail or "")] if found]
    return max(times, default="")


def plan(store: Store, parsed: ParsedReturn, *, force: bool = False) -> _Plan:
    """Decide, without writing, what importing ``parsed`` changes."""
    meta = parsed.meta
    reply = store.find_reply(parsed.form.id, parsed.country, meta.year)
    if reply is None:
        changes = {key: value for key, value in parsed.values.items() if value is not None}
        return _Plan(None, CREATED, changes, [])
    assert reply.id is not None
    if reply.status == "final":
        raise RefusedWorkbook(parsed.path, [Problem(
            f"reply {reply.id} ({parsed.country}, {parsed.form.resolved(meta.year).title}) is final; reopen it before "
            "importing a return into it")])
    current = store.answers(reply.id)
    now = {key: decode(row.value) for key, row in current.items()}
    origin = meta.reply_id == reply.id and meta.reply_created == timestamp(reply.created_at)
    # the order of returns: of this very reply, every return imported into it; in another database (the
    # secretariat's, a colleague's copy), those exported from the same reply, known by its identity
    newest = last_imported_export(store, reply.id, "" if origin else meta.reply_uuid) \
        if origin or meta.reply_uuid else ""
    if not force and newest and meta.exported_at and meta.exported_at < newest:
        raise RefusedWorkbook(parsed.path, [Problem(
            f"this return was exported at {meta.exported_at}, before the return already imported into reply "
            f"{reply.id}, which was exported at {newest}; an older return would undo newer answers. Import "
            "it with --force to merge it all the same (answers changed in Reply Desk since become conflicts)",
            "_meta")])
    if not origin:
        changes = {key: _as_shown(value) for key, value in parsed.values.items()
                   if value is not None and not same(value, now.get(key))}
        left_alone = [key for key, value in parsed.values.items() if value is None and now.get(key) is not None]
        return _Plan(reply, REVISED, changes, [], left_alone)
    exported = _values_at_export(store, reply.id, meta.revisions) if not meta.blank else {}
    changes, conflicts = {}, []
    for key, value in parsed.values.items():
        base = exported.get(key)
        if same(value, base):
            continue  # the workbook did not change it
        revision = meta.revisions.get(key, 0)
        row = current.get(key)
        if meta.blank and now.get(key) is not None:
            revision = -1  # a filled template meets an answer it never saw: a conflict, not an overwrite
        if (row.revision if row else 0) == revision:
            if not same(value, now.get(key)):
                changes[key] = _as_shown(value)  # edited in Excel or Calc: the lines the cell shows
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


def _noted_cell(source: str) -> str:
    """The cell a note imported from a return was on ("excel: x.xlsx; note on Reply!D12")."""
    return source.rsplit("; note on ", 1)[1] if "; note on " in (source or "") else ""


def _encode(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def apply_return(store: Store, parsed: ParsedReturn, *, by: str | None = None, force: bool = False) -> ImportResult:
    """Write one checked return into the store (``force``: also one older than the last imported)."""
    by = current_user() if by is None else by
    decided = plan(store, parsed, force=force)
    part = f", part {' '.join(parsed.meta.part)}" if parsed.meta.part else ""

    def recorded(reply: Reply) -> list[Any]:
        """The conflicts and the import's event, written in the same transaction as the answers."""
        for conflict in decided.conflicts:
            conflict.reply_id = reply.id  # type: ignore[assignment]
            conflict.detected_by = by  # type: ignore[assignment]
        detail = (f"{parsed.path.name} ({decided.action}): {len(decided.conflicts)} conflicts{part}"
                  + (f"; exported {parsed.meta.exported_at}" if parsed.meta.exported_at else "")
                  + (f"; from reply {parsed.meta.reply_uuid}" if parsed.meta.reply_uuid else ""))
        return [*decided.conflicts, *cell_notes(reply), ReplyEvent(reply_id=reply.id, by=by, action="imported:xlsx",
                                                                   detail=detail)]

    noted: list[str] = []
    ignored: list[str] = []
    form = resolved(parsed.form, parsed.meta.year)
    names = question_names(form)
    known = {(n.key, n.author, " ".join(n.text.split()), _noted_cell(n.source))
             for n in (store.notes(decided.reply.id) if decided.reply is not None and decided.reply.id else [])}

    def cell_notes(reply: Reply) -> list[Note]:
        """The notes on the return's cells that are not notes of the reply yet (one per cell and text)."""
        rows = []
        for key, note in parsed.notes:
            where = f"{sheet_ref(note.sheet)}!{note.cell}"
            identity = (key, note.author or "unknown", " ".join(note.text.split()), where)
            if identity in known:
                ignored.append(f"the note by {note.author or 'unknown'} on {names.get(key, key)} ({where}) was "
                               f"imported before; not imported again: {_shown(note.text)}")
                continue
            known.add(identity)
            rows.append(Note(reply_id=reply.id, key=key, author=note.author or "unknown", text=note.text,
                             source=f"excel: {parsed.path.name}; note on {where}"))
            noted.append(f"on {names.get(key, key)} by {note.author or 'unknown'} (a note on {where}): "
                         f"{_shown(note.text)}")
        return rows

    reply, changed = store.import_answers(
        parsed.form, parsed.country, parsed.meta.year, decided.changes,
        reply_id=decided.reply.id if decided.reply is not None else None,
        by=by, source=f"excel: {parsed.path.name}", also=recorded, recommendations=parsed.meta.recommendations or None)
    conflicts = [c.key for c in decided.conflicts]
    settled = {*changed, *conflicts, *decided.left_alone}
    unchanged = sum(1 for key, value in parsed.values.items() if key not in settled and value is not None)
    return ImportResult(parsed.path, reply.id, parsed.country, parsed.form.id, parsed.meta.year, decided.action,
                        changed, conflicts, decided.left_alone, ignored=list(parsed.ignored) + ignored,
                        unplaced=list(parsed.unplaced), unchanged=unchanged,
                        values={key: decided.changes.get(key) for key in changed}, cells=dict(parsed.cells),
                        notes=noted, form_title=form.title, names=names)


def import_workbooks(
    store: Store,
    registry: Registry,
    paths: Sequence[Path],
    *,
    by: str | None = None,
    limits: Limits | None = None,
    progress: Callable[[int, int, Path], None] | None = None,
    force: bool = False,
) -> list[ImportResult | RefusedWorkbook]:
    """Import each file on its own: a refused file is reported and the others still import."""
    results: list[ImportResult | RefusedWorkbook] = []
    for index, path in enumerate(paths):
        if progress:
            progress(index, len(paths), Path(path))
        try:
            parsed = read_return(Path(path), registry, limits)
            results.append(apply_return(store, parsed, by=by, force=force))
        except RefusedWorkbook as refused:
            results.append(refused)
    if progress:
        progress(len(paths), len(paths), Path())
    return results
