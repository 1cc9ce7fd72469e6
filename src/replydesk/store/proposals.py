"""Proposals: answer changes from outside (a reviewed Word copy) that wait for the official.

A proposal never touches the answer until it is accepted; accepting saves it like any
other answer (validated, into the history), rejecting only records the decision. A
proposal keeps the value its author started from (the answer at export), so accepting
one over an answer that changed meanwhile is refused unless forced.

A review copy is imported in ONE transaction (``import_review``): its proposals, its new
comments as notes and, if asked, the accepted proposals — all of it or nothing, like an
Excel return.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, select

from replydesk.definitions.model import Form
from replydesk.definitions.problems import question_trail
from replydesk.store import tables
from replydesk.store.base import StoreBase, UnknownReply, current_user, decode, encode
from replydesk.store.database import StoreError
from replydesk.store.roles import check_allowed
from replydesk.store.tables import Answer, Reply, utcnow
from replydesk.store.writing import apply_answers, check_changes, check_note

PROPOSAL_STATUSES = ("open", "accepted", "rejected")


class ProposalConflict(StoreError):
    """The answer changed since the copy was exported; accepting would discard that change."""


class ProposalClosed(StoreError):
    """The proposal was already accepted or rejected."""


@dataclass(frozen=True)
class NewProposal:
    """A changed answer read from a review copy, before it is stored."""

    key: str
    base: Any  # the answer when the copy was exported
    proposed: Any  # what the reviewed copy says
    author: str = ""


@dataclass(frozen=True)
class NewNote:
    """A new comment read from a review copy, before it is stored."""

    key: str
    text: str
    author: str = ""
    created_at: dt.datetime | None = None  # when the reviewer wrote it (the comment's date); now if unknown
    reply_to: str = ""  # the comment it answers in a reply thread ("Anna Berg: 'Cite the Act.'")
    comment_id: str = ""  # the comment's id in the copy: with its time and text, what makes it this comment
    resolved: bool = False  # its thread was marked resolved in the copy


@dataclass
class ReviewImport:
    """What ``import_review`` stored."""

    proposals: list[tables.Proposal] = field(default_factory=list)
    notes: list[tables.Note] = field(default_factory=list)
    applied: list[str] = field(default_factory=list)  # keys whose proposal was accepted
    warnings: list[str] = field(default_factory=list)


def same_answer(a: Any, b: Any) -> bool:
    """Equal as stored answers; every kind of empty is the same."""
    empty: tuple[Any, ...] = (None, "", [], {})
    if a in empty and b in empty:
        return True
    return encode(a) == encode(b)


class Proposals(StoreBase):
    """The store's proposal methods (``Store`` has them)."""

    def create_proposal(self, reply_id: int, key: str, base: Any, proposed: Any, *, source: str = "",
                        author: str = "") -> tuple[tables.Proposal, bool]:
        """Record a proposal; an identical open one (same key and value) is returned instead. (proposal, created)"""
        with self._write() as session:
            return self._create_proposal(session, reply_id, NewProposal(key, base, proposed, author), source)

    def proposal(self, proposal_id: int) -> tables.Proposal:
        with self._read() as session:
            proposal = session.get(tables.Proposal, proposal_id)
        if proposal is None:
            raise StoreError(f"there is no proposal {proposal_id}")
        return proposal

    def proposals(self, reply_id: int, *, status: str | None = "open", key: str | None = None) -> list[tables.Proposal]:
        """A reply's proposals (open ones by default), oldest first."""
        with self._read() as session:
            query = select(tables.Proposal).where(tables.Proposal.reply_id == reply_id)
            if status is not None:
                query = query.where(tables.Proposal.status == status)
            if key is not None:
                query = query.where(tables.Proposal.key == key)
            return list(session.exec(query.order_by(tables.Proposal.id)))  # type: ignore[arg-type]

    def proposal_is_current(self, proposal: tables.Proposal) -> bool:
        """Whether the answer is still what the proposal's author started from."""
        with self._read() as session:
            return same_answer(_current_value(session, proposal), proposal.base)

    def accept_proposal(self, form: Form, proposal_id: int, *, by: str | None = None,
                        force: bool = False) -> tables.Proposal:
        """Save the proposed value as the answer (validated, into the history) and close the proposal."""
        by = current_user() if by is None else by
        with self._write() as session:
            proposal = session.get(tables.Proposal, proposal_id)
            if proposal is None:
                raise StoreError(f"there is no proposal {proposal_id}")
            _accept(session, form, proposal, by=by, force=force)
        return proposal

    def reject_proposal(self, proposal_id: int, *, by: str | None = None) -> tables.Proposal:
        by = current_user() if by is None else by
        with self._write() as session:
            proposal = session.get(tables.Proposal, proposal_id)
            if proposal is None:
                raise StoreError(f"there is no proposal {proposal_id}")
            if proposal.status != "open":
                raise ProposalClosed(f"proposal {proposal_id} was already {proposal.status}")
            check_allowed(session, proposal.reply_id, "decide")
            proposal.status, proposal.decided_at, proposal.decided_by = "rejected", utcnow(), by
            session.add(proposal)
        return proposal

    def import_review(self, reply_id: int, form: Form, proposals: Iterable[NewProposal], notes: Iterable[NewNote],
                      *, source: str, accept_all: bool = False, by: str | None = None,
                      hold: Iterable[str] = ()) -> ReviewImport:
        """A review copy's proposals and notes (and, with ``accept_all``, its accepted proposals) in one transaction.

        A proposal whose answer changed since the export is not accepted: it stays open and a warning says so.
        Proposals for the keys in ``hold`` (read differently than the copy marks them) stay open too.
        A note keeps its comment's time; a reply in a thread says in its source which comment it answers.
        """
        hold = set(hold)
        by = current_user() if by is None else by
        notes = list(notes)
        for note in notes:
            check_note(form, note.key, note.text)
        result = ReviewImport()
        with self._write() as session:
            if session.get(Reply, reply_id) is None:
                raise UnknownReply(f"there is no reply {reply_id}")
            check_allowed(session, reply_id, "note")  # a reviewed copy brings notes and proposals
            for new in proposals:
                proposal, _created = self._create_proposal(session, reply_id, new, source)
                result.proposals.append(proposal)
            for note in notes:
                replying = (f"; comment {note.comment_id}" if note.comment_id else "") + (
                    f"; in reply to {note.reply_to}" if note.reply_to else "") + (
                    "; thread resolved in the copy" if note.resolved else "")
                row = tables.Note(reply_id=reply_id, key=note.key, text=note.text, author=note.author,
                                  source=f"review: {source}{replying}")
                if note.created_at is not None:
                    row.created_at = note.created_at.astimezone(dt.UTC)
                session.add(row)
                result.notes.append(row)
            session.flush()
            if accept_all:
                for proposal in result.proposals:
                    if proposal.status != "open" or proposal.key in hold:
                        continue
                    try:
                        _accept(session, form, proposal, by=by, force=False)
                    except ProposalConflict as exc:
                        result.warnings.append(str(exc))
                    else:
                        result.applied.append(proposal.key)
        return result

    @staticmethod
    def _create_proposal(session: Session, reply_id: int, new: NewProposal,
                         source: str) -> tuple[tables.Proposal, bool]:
        proposed_json = encode(new.proposed)
        proposal_table = tables.Proposal
        existing = session.exec(select(proposal_table).where(
            proposal_table.reply_id == reply_id, proposal_table.key == new.key,
            proposal_table.status == "open")).all()
        for proposal in existing:
            if proposal.proposed_value == proposed_json:
                return proposal, False
        proposal = tables.Proposal(reply_id=reply_id, key=new.key, base_value=encode(new.base),
                                   proposed_value=proposed_json, source=source, author=new.author)
        session.add(proposal)
        session.flush()
        return proposal, True


def _current_value(session: Session, proposal: tables.Proposal) -> Any:
    value = session.exec(select(Answer.value).where(Answer.reply_id == proposal.reply_id,
                                                    Answer.key == proposal.key)).first()
    return decode(value)


def _accept(session: Session, form: Form, proposal: tables.Proposal, *, by: str, force: bool) -> None:
    """Inside an open transaction: save the proposal's value and mark it accepted."""
    check_allowed(session, proposal.reply_id, "decide")
    if proposal.status != "open":
        raise ProposalClosed(f"proposal {proposal.id} was already {proposal.status}")
    if not force and not same_answer(_current_value(session, proposal), proposal.base):
        name = question_trail(form.slot(proposal.key)) if form.has_key(proposal.key) else proposal.key
        raise ProposalConflict(
            f"{name} changed in Reply Desk after the copy was exported; compare and accept it in the app "
            f"(or accept with force) — proposal {proposal.id} is still open")
    checked, statuses = check_changes(form, {proposal.key: proposal.proposed}, None)
    reply = session.get(Reply, proposal.reply_id)
    if reply is None:
        raise UnknownReply(f"there is no reply {proposal.reply_id}")
    apply_answers(session, reply, checked, statuses, by=by, allow_final=False,
                  source=f"proposal {proposal.id}: {proposal.source}".strip(": "))
    proposal.status, proposal.decided_at, proposal.decided_by = "accepted", utcnow(), by
    session.add(proposal)
