"""Writing answers inside an open transaction: what ``save_answers``, imports and accepted proposals share."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import bindparam, func
from sqlalchemy import insert as sa_insert
from sqlalchemy import select as sa_select
from sqlalchemy import update as sa_update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session

from replydesk.definitions.model import Form
from replydesk.definitions.values import validate
from replydesk.identity import login_name
from replydesk.store import tables
from replydesk.store.base import decode, encode, plain_of
from replydesk.store.database import StoreError
from replydesk.store.roles import check_allowed
from replydesk.store.tables import REVIEW_STATUSES, Answer, Reply, utcnow
from replydesk.store.themes import reanchor

_ANSWER = Answer.__table__  # type: ignore[attr-defined]
_REPLY = Reply.__table__  # type: ignore[attr-defined]


def check_changes(form: Form, changes: Mapping[str, Any],
           review_status: Mapping[str, str] | None) -> tuple[dict[str, Any], dict[str, str]]:
    checked: dict[str, Any] = {}
    for key, value in changes.items():
        if not form.has_key(key):
            raise StoreError(f"{form.id} has no question {key!r}")
        checked[key] = validate(form.slot(key).question, value)
    statuses = dict(review_status or {})
    for key, status in statuses.items():
        if status not in REVIEW_STATUSES:
            raise StoreError(f"unknown review status {status!r} (one of {', '.join(REVIEW_STATUSES)})")
        if not form.has_key(key):
            raise StoreError(f"{form.id} has no question {key!r}")
    return checked, statuses

def lock_answers(session: Session, reply_id: int, keys: list[str]) -> None:
    """On a server, one save of an answer at a time, even of an answer no one has saved yet (no row to lock):
    a transaction-scoped advisory lock per answer, taken in key order so two saves never wait on each other."""
    if session.get_bind().dialect.name != "postgresql":
        return  # SQLite: the writer lock already makes saves one at a time
    for key in sorted(set(keys)):
        session.execute(sa_select(func.pg_advisory_xact_lock(func.hashtext(f"replydesk:{reply_id}:{key}"))))


def server_keeps_history(session: Session, source: str) -> bool:
    """On a server the history is the answer table's side effect (a trigger signs it with the login); this
    transaction's revisions get ``source``. True there; False on a file, where the store appends the rows."""
    if session.get_bind().dialect.name != "postgresql":
        return False
    session.execute(sa_select(func.set_config("replydesk.source", source, True)))
    return True


def apply_answers(session: Session, reply: Reply, checked: dict[str, Any], statuses: dict[str, str], *, by: str,
                  source: str, allow_final: bool, created: bool = False) -> list[str]:
    """Write checked answers inside an open transaction, each change appended to the history.

    ``created``: the reply was inserted in this same transaction (an import's new reply), so it has no
    answers, members or tagged passages yet and its time of change is already now: three statements of
    ten per imported return are not needed.

    Rows go in as bulk Core statements, not ORM objects: building a SQLModel object per
    answer cost more than SQLite's own work (an import of 54 returns spent half its time
    there), and autosave runs this on every pause in typing.
    """
    if reply.status == "final" and not allow_final:
        raise StoreError(f"reply {reply.id} is final; reopen it before changing answers")
    assert reply.id is not None
    reply_id = reply.id
    keys = list(dict.fromkeys([*checked, *statuses]))
    if not created:
        check_allowed(session, reply_id, "edit", keys)  # a server's roles; nothing on a personal file
    lock_answers(session, reply_id, keys)
    answers = _ANSWER.c
    existing = {} if created else {row.key: row for row in session.execute(
        sa_select(answers.id, answers.key, answers.value, answers.review_status, answers.revision,
                  answers.carried_over).where(answers.reply_id == reply_id, answers.key.in_(keys))
        .with_for_update())}  # on a server, a colleague's save of the same answers waits for this one
    now = utcnow()
    changed: list[str] = []
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    history: list[dict[str, Any]] = []
    for key in keys:
        row = existing.get(key)
        old_value, old_status = (row.value, row.review_status) if row else (None, "draft")
        new_value = encode(checked[key]) if key in checked else old_value
        new_status = statuses.get(key, old_status)
        if row is not None and new_value == old_value and new_status == old_status:
            continue
        if row is None and new_value is None and key not in statuses:
            continue
        # an edit is this cycle's answer; a status change alone keeps the carried-over mark
        carried = row is not None and bool(row.carried_over) and new_value == old_value
        revision = (row.revision if row else 0) + 1
        fields = {"value": new_value, "review_status": new_status, "revision": revision, "updated_at": now,
                  "updated_by": by, "carried_over": carried,
                  "plain": plain_of(checked[key] if key in checked else decode(old_value))}
        if row is None:
            inserts.append({"reply_id": reply_id, "key": key, **fields})
        else:
            updates.append({"row_id": row.id, **fields})
        history.append({"reply_id": reply_id, "key": key, "revision": revision, "value": new_value,
                        "review_status": new_status, "changed_at": now, "changed_by": by, "source": source,
                        "carried_over": carried, "login": login_name()})
        changed.append(key)
    if changed and server_keeps_history(session, source):
        history = []
    if inserts:
        session.execute(sa_insert(_ANSWER), inserts)
    if updates:
        session.execute(sa_update(_ANSWER).where(answers.id == bindparam("row_id")), updates)
    if history:
        session.execute(sa_insert(tables.AnswerHistory.__table__), history)
    if changed and not created:
        session.execute(sa_update(_REPLY).where(_REPLY.c.id == reply_id).values(updated_at=now))
        set_committed_value(reply, "updated_at", now)  # the row is written; the object only reflects it
        reanchor(session, reply_id, {key: checked[key] for key in changed if key in checked}, by)
    if changed and session.get_bind().dialect.name == "postgresql":  # colleagues' windows follow (on commit)
        payload = json.dumps({"reply": reply_id, "keys": changed, "by": by}, ensure_ascii=False)
        session.execute(sa_select(func.pg_notify("replydesk_answers", payload)))
    return changed


def check_note(form: Form, key: str, text: str) -> None:
    if not form.has_key(key):
        raise StoreError(f"{form.id} has no question {key!r}")
    if text.strip() == "":
        raise StoreError("a note needs some text")
