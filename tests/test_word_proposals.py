"""Proposals (accept, reject, conflicts) and the word-level diff the app shows beside them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests import denmark

from replydesk.documents.word.diff import Segment, sides, word_diff
from replydesk.store import ProposalClosed, ProposalConflict, ReadOnly, Store, StoreError


def test_diff_is_by_words():
    assert word_diff("The Act of 2013 applies.", "The Act of 2014 applies.") == [
        Segment("equal", "The Act of "), Segment("delete", "2013 "), Segment("insert", "2014 "),
        Segment("equal", "applies."),
    ]
    assert word_diff(None, "New text") == [Segment("insert", "New text")]
    assert word_diff("Gone", "") == [Segment("delete", "Gone")]


@given(st.text(alphabet="ab \n*-", max_size=40), st.text(alphabet="ab \n*-", max_size=40))
def test_diff_rebuilds_both_texts_exactly(old, new):
    left, right = sides(word_diff(old, new))
    assert "".join(s.text for s in left) == old
    assert "".join(s.text for s in right) == new


@pytest.fixture
def reply(store, registry):
    reply, form = denmark.new_reply(store, registry)
    return reply.id, form


def test_accept_saves_through_the_store_and_reject_only_records(store, reply):
    reply_id, form = reply
    base = store.values(reply_id)["pt1.og1.b"]
    first, created = store.create_proposal(reply_id, "pt1.og1.b", base, "Shorter.", source="r.docx", author="Eve")
    again, created_again = store.create_proposal(reply_id, "pt1.og1.b", base, "Shorter.", source="r2.docx")
    assert created and not created_again and again.id == first.id
    second, _ = store.create_proposal(reply_id, "pt1.og1.c", store.values(reply_id)["pt1.og1.c"], "Other.")
    assert [p.key for p in store.proposals(reply_id)] == ["pt1.og1.b", "pt1.og1.c"]
    accepted = store.accept_proposal(form, first.id, by="official")
    assert (accepted.status, accepted.decided_by) == ("accepted", "official")
    assert store.values(reply_id)["pt1.og1.b"] == "Shorter."
    assert store.history(reply_id, "pt1.og1.b")[-1].source == "proposal 1: r.docx"
    rejected = store.reject_proposal(second.id, by="official")
    assert rejected.status == "rejected"
    assert store.values(reply_id)["pt1.og1.c"] != "Other."
    with pytest.raises(ProposalClosed):
        store.accept_proposal(form, second.id)


def test_a_stale_proposal_is_refused_unless_forced(store, reply):
    reply_id, form = reply
    base = store.values(reply_id)["pt4.og2.a"]
    proposal, _ = store.create_proposal(reply_id, "pt4.og2.a", base, "Reviewer's text.")
    store.save_answers(reply_id, form, {"pt4.og2.a": "Official's newer text."})
    assert not store.proposal_is_current(proposal)
    with pytest.raises(ProposalConflict, match="changed in Reply Desk after the copy was exported"):
        store.accept_proposal(form, proposal.id)
    assert store.values(reply_id)["pt4.og2.a"] == "Official's newer text."
    store.accept_proposal(form, proposal.id, force=True)
    assert store.values(reply_id)["pt4.og2.a"] == "Reviewer's text."


def test_a_proposal_the_store_refuses_stays_open(store, reply):
    reply_id, form = reply
    proposal, _ = store.create_proposal(reply_id, "pt9.og1.a", None, "text for a question that is gone")
    with pytest.raises(StoreError, match="has no question 'pt9.og1.a'"):
        store.accept_proposal(form, proposal.id, force=True)
    assert store.proposal(proposal.id).status == "open"


def test_a_database_without_proposals_reads_empty_and_a_reader_cannot_write(db_path, store, reply):
    reply_id, _ = reply
    assert store.proposals(reply_id) == []
    reader = Store.open(db_path, write=False)
    try:
        assert reader.proposals(reply_id) == []
        with pytest.raises(ReadOnly):
            reader.create_proposal(reply_id, "pt1.og1.a", None, "x")
    finally:
        reader.close()


def test_a_review_import_is_one_transaction(store, reply):
    """Proposals, notes and accepted answers of one copy go in together, or nothing does."""
    from replydesk.store import NewNote, NewProposal

    reply_id, form = reply
    base = store.values(reply_id)["pt1.og1.b"]
    store.set_reply_status(reply_id, "final", by="official")  # accepting is refused: the reply is final
    with pytest.raises(StoreError, match="is final"):
        store.import_review(reply_id, form, [NewProposal("pt1.og1.b", base, "Shorter.", "Eve")],
                            [NewNote("pt1.og1.b", "Cite the Act", "Eve")], source="r.docx", accept_all=True)
    assert store.proposals(reply_id, status=None) == [] and store.notes(reply_id) == []
    store.set_reply_status(reply_id, "drafting", by="official")
    result = store.import_review(reply_id, form, [NewProposal("pt1.og1.b", base, "Shorter.", "Eve")],
                                 [NewNote("pt1.og1.b", "Cite the Act", "Eve")], source="r.docx", accept_all=True)
    assert result.applied == ["pt1.og1.b"] and [n.source for n in result.notes] == ["review: r.docx"]
    assert store.values(reply_id)["pt1.og1.b"] == "Shorter."
