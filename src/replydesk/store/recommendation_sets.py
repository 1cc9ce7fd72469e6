"""Which recommendations a reply holds: recorded as reply events, so the record is append-only and travels
with the reply (``db copy``); the latest one counts.

The detail is ``definitions.recommendations.RecommendationSet`` as JSON (a factsheet's recommendations with
its title, last update and hash, or "every recommendation of the definition" for replies made before replies
had their own set). A reply with no such event holds what its definition addresses to its Party.
"""

from __future__ import annotations

from sqlmodel import select

from replydesk.store import tables
from replydesk.store.base import StoreBase, UnknownReply, current_user
from replydesk.store.roles import check_allowed
from replydesk.store.tables import Reply, utcnow

#: The reply event that records a reply's recommendations.
RECOMMENDATIONS_EVENT = "recommendations"


class RecommendationSets(StoreBase):
    """The store's methods on a reply's recommendation set (``Store`` has them)."""

    def recommendation_set(self, reply_id: int) -> str | None:
        """The latest recorded set (JSON), or None when the reply holds what its definition addresses to it."""
        with self._read() as session:
            event = session.exec(select(tables.ReplyEvent).where(
                tables.ReplyEvent.reply_id == reply_id, tables.ReplyEvent.action == RECOMMENDATIONS_EVENT)
                .order_by(tables.ReplyEvent.id.desc())).first()  # type: ignore[union-attr]
            return event.detail if event is not None else None

    def record_recommendations(self, reply_id: int, recorded: str, *, by: str | None = None) -> None:
        """Record the reply's set (one transaction; answers are never touched by it)."""
        by = current_user() if by is None else by
        with self._write() as session:
            reply = session.get(Reply, reply_id)
            if reply is None:
                raise UnknownReply(f"no reply {reply_id}")
            check_allowed(session, reply_id, "decide")
            now = utcnow()
            session.add(tables.ReplyEvent(reply_id=reply_id, at=now, by=by, action=RECOMMENDATIONS_EVENT,
                                          detail=recorded))
            reply.updated_at = now
            session.add(reply)
