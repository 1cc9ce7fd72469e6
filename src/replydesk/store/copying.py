"""Copying a whole draft database: a personal SQLite file onto a team's server, or a server's back into a file.

``replydesk --db SOURCE db copy --to TARGET``: every row of every table, with its id, into an
empty target (its schema made by the same migrations), in ONE transaction — all of it or
nothing. Histories stay append-only (rows are inserted, never updated), links between rows
keep their ids, and a server's id sequences continue after the copied rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, func, insert, select, text, update

from replydesk.store import tables
from replydesk.store.base import StoreBase, current_user
from replydesk.store.database import StoreError
from replydesk.store.roles import join_as_coordinator
from replydesk.store.tables import Answer, Reply


def _in_order() -> tuple[Any, ...]:
    """Every table, in an order that inserts every referenced row first."""
    return (Reply, tables.Definition, Answer, tables.AnswerHistory, tables.Note, tables.ReplyEvent, tables.Proposal,
            tables.ImportConflict, tables.PendingText, tables.Theme, tables.Passage, tables.ThemeEvent,
            tables.ReplyMember)


#: Links inside one table (a reply's previous cycle, a theme merged into a later one): set after all rows are in.
_LATER_LINKS = {"reply": ("previous_reply_id",), "theme": ("carried_from", "merged_into")}


@dataclass(frozen=True)
class Copied:
    """How many rows of each table were copied."""

    rows: dict[str, int]
    #: Replies whose coordinators are none of the server's users: the user who copied them coordinates them now.
    coordinated_by_copier: list[int] = field(default_factory=list)

    @property
    def replies(self) -> int:
        return self.rows.get("reply", 0)


def _table(model: Any) -> Table:
    return model.__table__  # type: ignore[no-any-return]


def _as_utc(row: dict[str, Any]) -> dict[str, Any]:
    """SQLite keeps times without their zone (they are UTC); a server's columns keep the zone."""
    return {k: v.replace(tzinfo=dt.UTC) if isinstance(v, dt.datetime) and v.tzinfo is None else v
            for k, v in row.items()}


def _plain(value: Any) -> Any:
    """A cell as the same value on every engine: times in UTC (SQLite keeps them without their zone)."""
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(dt.UTC).isoformat()
    return value


def _coordinate_unreachable(session: Any) -> list[int]:
    """On a server: replies whose members name no coordinator who is one of its users (copied from another
    server, or from a file made there) would be closed to everyone; the user copying them becomes their
    coordinator, so the team's roles travel and nobody is locked out."""
    orphaned = session.execute(text(
        "SELECT DISTINCT m.reply_id FROM reply_member m WHERE NOT EXISTS (SELECT 1 FROM reply_member c "
        "JOIN pg_roles r ON r.rolname = c.db_user WHERE c.reply_id = m.reply_id AND c.role = 'coordinator') "
        "ORDER BY m.reply_id")).scalars().all()
    for reply_id in orphaned:
        join_as_coordinator(session, reply_id, current_user())
    session.flush()
    return list(orphaned)


class Copying(StoreBase):
    """``copy_from``: fill this (empty) database with another's rows; ``content_hash``: compare them."""

    def content_hash(self, reply_id: int) -> str:
        """A fingerprint of everything stored about a reply — answers, history, notes, events, proposals,
        conflicts, kept texts — the same on a file and on a server when the content is the same."""
        import hashlib
        import json

        parts: dict[str, Any] = {}
        with self._read() as session:
            for model in _in_order():
                table = _table(model)
                if table.name == "definition" or "reply_id" not in table.c and table.name != "reply":
                    continue
                where = table.c.id == reply_id if table.name == "reply" else table.c.reply_id == reply_id
                rows = session.execute(select(table).where(where).order_by(*table.primary_key.columns))
                parts[table.name] = [{k: _plain(v) for k, v in row._mapping.items()} for row in rows]
        return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()

    def copy_from(self, source: StoreBase) -> Copied:
        """Copy every row of ``source`` into this database, which must hold no reply yet; one transaction."""
        counts: dict[str, int] = {}
        with self._write() as target_session, source._read() as source_session:
            if target_session.execute(select(func.count()).select_from(_table(Reply))).scalar_one():
                raise StoreError(f"{self.path} already holds replies; copy into an empty database only "
                                 "(nothing was copied)")
            copying_on_server = self.on_server and target_session.execute(
                text("SELECT to_regclass('replydesk_copying') IS NOT NULL")).scalar_one()
            if copying_on_server:  # rows keep their revisions and logins: the server's triggers stand aside
                target_session.execute(text("INSERT INTO replydesk_copying (txid) VALUES (txid_current())"))
            for model in _in_order():
                table = _table(model)
                later = _LATER_LINKS.get(table.name, ())
                rows = [_as_utc(dict(row._mapping)) for row in source_session.execute(select(table))]
                links = [{"row_id": row["id"], **{c: row[c] for c in later}} for row in rows
                         if any(row.get(c) is not None for c in later)]
                for row in rows:
                    for column in later:
                        row[column] = None
                if rows:
                    target_session.execute(insert(table), rows)
                for link in links:
                    target_session.execute(update(table).where(table.c.id == link.pop("row_id")).values(**link))
                counts[table.name] = len(rows)
            coordinated: list[int] = []
            if self.on_server:
                for model in _in_order():
                    table = _table(model)
                    if "id" in table.c and counts.get(table.name):
                        target_session.execute(text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"(SELECT max(id) FROM {table.name}))"))
                coordinated = _coordinate_unreachable(target_session)  # after setval: its rows take new ids
            if copying_on_server:
                target_session.execute(text("DELETE FROM replydesk_copying WHERE txid = txid_current()"))
        return Copied(counts, coordinated)
