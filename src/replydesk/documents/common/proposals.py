"""Proposals: answer changes that came from outside (a reviewed Word copy) and wait for the official.

A proposal never touches the answer until it is accepted; accepting saves it
through ``Store.save_answers`` (validated, in the history), rejecting only
records the decision. A proposal keeps the value its author started from (the
answer at export), so accepting one over an answer that changed meanwhile is
refused unless forced.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from replydesk.definitions.model import Form
from replydesk.store import ReadOnly, Store, StoreError, current_user
from replydesk.store.tables import Proposal, utcnow

PROPOSAL_STATUSES = ("open", "accepted", "rejected")


class ProposalConflict(StoreError):
    """The answer changed since the copy was exported; accepting would discard that change."""


class ProposalClosed(StoreError):
    """The proposal was already accepted or rejected."""


def _encode(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


@contextmanager
def _write(store: Store) -> Iterator[Session]:
    if not store.writable:
        raise ReadOnly(f"{store.path} is open read-only; nothing was changed")
    engine = store.engine.execution_options(sqlite_begin="IMMEDIATE")
    try:
        with Session(engine, expire_on_commit=False) as session, session.begin():
            yield session
    except OperationalError as exc:
        raise StoreError(f"could not save to {store.path}: {exc.orig}; nothing was changed") from None


def _read(store: Store) -> Session:
    return Session(store.engine, expire_on_commit=False)


def create(store: Store, reply_id: int, key: str, base: Any, proposed: Any, *, source: str = "",
           author: str = "") -> tuple[Proposal, bool]:
    """Record a proposal; an identical open one (same key and value) is returned instead. (proposal, created)"""
    proposed_json = _encode(proposed)
    with _write(store) as session:
        existing = session.exec(select(Proposal).where(
            Proposal.reply_id == reply_id, Proposal.key == key, Proposal.status == "open")).all()
        for proposal in existing:
            if proposal.proposed_value == proposed_json:
                return proposal, False
        proposal = Proposal(reply_id=reply_id, key=key, base_value=_encode(base), proposed_value=proposed_json,
                            source=source, author=author)
        session.add(proposal)
        session.flush()
    return proposal, True


def get(store: Store, proposal_id: int) -> Proposal:
    with _read(store) as session:
        proposal = session.get(Proposal, proposal_id)
    if proposal is None:
        raise StoreError(f"there is no proposal {proposal_id}")
    return proposal


def proposals(store: Store, reply_id: int, *, status: str | None = "open", key: str | None = None) -> list[Proposal]:
    """A reply's proposals (open ones by default), oldest first."""
    with _read(store) as session:
        query = select(Proposal).where(Proposal.reply_id == reply_id)
        if status is not None:
            query = query.where(Proposal.status == status)
        if key is not None:
            query = query.where(Proposal.key == key)
        return list(session.exec(query.order_by(Proposal.id)))  # type: ignore[arg-type]


def is_current(store: Store, proposal: Proposal) -> bool:
    """Whether the answer is still what the proposal's author started from."""
    current = store.values(proposal.reply_id).get(proposal.key)
    return _same(current, proposal.base)


def accept(store: Store, form: Form, proposal_id: int, *, by: str | None = None, force: bool = False) -> Proposal:
    """Save the proposed value as the answer (validated, into the history) and close the proposal."""
    by = current_user() if by is None else by
    proposal = get(store, proposal_id)
    if proposal.status != "open":
        raise ProposalClosed(f"proposal {proposal_id} was already {proposal.status}")
    if not force and not is_current(store, proposal):
        raise ProposalConflict(
            f"{proposal.key} changed in Reply Desk after the copy was exported; compare and accept it in the app "
            f"(or accept with force) — proposal {proposal_id} is still open")
    proposal.status, proposal.decided_at, proposal.decided_by = "accepted", utcnow(), by
    store.save_answers(proposal.reply_id, form, {proposal.key: proposal.proposed}, by=by,
                       source=f"proposal {proposal_id}: {proposal.source}".strip(": "), also=[proposal])
    return proposal


def reject(store: Store, proposal_id: int, *, by: str | None = None) -> Proposal:
    proposal = get(store, proposal_id)
    if proposal.status != "open":
        raise ProposalClosed(f"proposal {proposal_id} was already {proposal.status}")
    return _decide(store, proposal_id, "rejected", current_user() if by is None else by)


def _decide(store: Store, proposal_id: int, status: str, by: str) -> Proposal:
    with _write(store) as session:
        proposal = session.get(Proposal, proposal_id)
        assert proposal is not None
        proposal.status, proposal.decided_at, proposal.decided_by = status, utcnow(), by
        session.add(proposal)
    return proposal


def _same(a: Any, b: Any) -> bool:
    empty: tuple[Any, ...] = (None, "", [], {})
    if a in empty and b in empty:
        return True
    return _encode(a) == _encode(b)
