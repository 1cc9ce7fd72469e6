"""One reply between two databases: copied into one that may hold other replies, and synced back.

``copy_reply``: the reply with its answers and every revision, notes, proposals, conflicts, events, kept
texts, members and tagged passages, into another database in ONE transaction there; both databases then
remember what they hold in common (``reply_sync``: each answer's revision here and there).

``sync_reply``: the two copies meet. An answer changed since the last sync on one side only moves to the
other with every revision made meanwhile (each keeps its author; ``copied_by`` says who brought it); one
changed on both sides stays as it is on each and becomes a change to decide on both (an ``import_conflict``
holding the other side's text, author and time). Notes, proposals and events are merged by identity,
never duplicated; a one-sided status change moves when the receiving side's roles allow it. A reply that
is final on one side takes no answer from the other: those changes wait, counted as held, until it is
reopened. The copies are written in one transaction each, and a sync repeated after an interruption
settles what already arrived instead of moving it twice.

Rows are carried column by column as both databases have them (every column present in both), and every
row brought from another database is written by ``insert_copied``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy import MetaData, Table, func, insert, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session
from sqlmodel import select as sql_select

from replydesk.store import tables
from replydesk.store.base import StoreBase, UnknownReply, current_user, decode, plain_of
from replydesk.store.copying import _as_utc, _plain
from replydesk.store.database import StoreError
from replydesk.store.roles import NotAllowed, check_allowed, database_user, set_status_on_server
from replydesk.store.server_guard import SECRETARIAT_ROLE
from replydesk.store.tables import Answer, Reply, utcnow
from replydesk.store.themes import reanchor

#: The rows of a reply that travel with it, in an order that inserts every referenced row first.
_CARRIED = ("answer", "answer_history", "note", "reply_event", "proposal", "import_conflict", "pending_text")
#: What marks a change to decide made by a sync (``import_conflict.source``).
SYNC_SOURCE = "sync with "


class ReplyAlreadyThere(StoreError):
    """The target already holds a copy of this reply (``target_id`` is its id there)."""

    def __init__(self, message: str, target_id: int):
        super().__init__(message)
        self.target_id = target_id


class NotThere(StoreError):
    """The other database holds no copy of this reply."""


@dataclass(frozen=True)
class ReplyCopied:
    target_id: int
    rows: dict[str, int]
    #: Members not carried because the server has no such login.
    left_out: list[str] = field(default_factory=list)
    #: The copier became the reply's coordinator (no carried member coordinates it there).
    coordinated_by_copier: bool = False
    #: Tagged passages not carried: on a guarded server only the secretariat tags passages.
    passages_left_out: int = 0


@dataclass
class Synced:
    """What a sync did, seen from this side (``here``) and the other (``there``)."""

    other_id: int
    moved_here: list[str] = field(default_factory=list)
    moved_there: list[str] = field(default_factory=list)
    to_decide: list[str] = field(default_factory=list)  # both-sided changes found by this sync
    waiting: int = 0  # changes to decide still open on either side after it (this sync's and earlier ones)
    held: list[str] = field(default_factory=list)  # changes that could not move: the other side is final
    held_reason: str = ""
    unchanged: int = 0
    settled: int = 0  # changes to decide that this sync found settled (both copies hold the same text now)
    notes: tuple[int, int] = (0, 0)  # notes brought here, there
    proposals: tuple[int, int] = (0, 0)
    events: tuple[int, int] = (0, 0)
    status: str = ""  # what happened to the reply's status, if anything

    def lines(self, other: str, names: Mapping[str, str] | None = None) -> list[str]:
        """What the sync did, as the command prints it and the window shows it (``names``: each question as the
        form numbers it, by key — ``definitions.problems.question_trails``)."""
        def keys(found: list[str]) -> str:
            return f" ({'; '.join((names or {}).get(key, key) for key in found)})" if found else ""

        lines = [f"Synced with {other} (reply {self.other_id} there): {len(self.moved_there)} moved there"
                 f"{keys(self.moved_there)}, {len(self.moved_here)} moved here{keys(self.moved_here)}, "
                 f"{len(self.to_decide)} to decide{keys(self.to_decide)}, {self.unchanged} unchanged"]
        if any(self.notes) or any(self.proposals) or any(self.events):
            lines.append(f"Notes {self.notes[0]} here, {self.notes[1]} there; proposals {self.proposals[0]} here, "
                         f"{self.proposals[1]} there; events {self.events[0]} here, {self.events[1]} there")
        if self.held:
            lines.append(f"Held{keys(self.held)}: {self.held_reason}; they move when it is reopened")
        if self.settled:
            lines.append(f"{self.settled} change(s) to decide settled: both copies hold the same text now")
        if self.status:
            lines.append(f"Status {self.status}")
        if self.waiting:
            lines.append(f"{self.waiting} change(s) wait to be decided, on either side (Changes to decide in the "
                         "window, 'replydesk changes' on the command line)")
        elif not self.changed_anything:
            lines.append("Nothing to sync: the two copies were already the same")
        return lines

    @property
    def changed_anything(self) -> bool:
        return bool(self.moved_here or self.moved_there or self.to_decide or self.settled or any(self.notes)
                    or any(self.proposals) or any(self.events) or self.status.startswith("moved"))


def insert_copied(session: Session, table: str, rows: list[dict[str, Any]], *, together: bool = False) -> list[int]:
    """Write rows brought from another database into ``table``; return their new ids.

    The one place every copied row goes in (history, notes, proposals, events, members, passages…). On a
    server set up by ``db setup`` history and events are not inserted here: they wait for the server's own
    copy path (``end_copies``), which no user can bypass. Rows hold only columns this database has."""
    if table in _THROUGH_COPY_PATH and _guarded(session):
        for row in rows:
            _begin_copy(session, int(row["reply_id"]))[table].append(row)
        return []
    target = _reflected(session, table)
    if together:  # one statement: a server's row-level security sees every row against the same rows before
        if rows:
            session.execute(insert(target).values(rows))
        return []
    ids: list[int] = []
    for row in rows:
        statement = insert(target).values(**row)
        if "id" in target.c:
            ids.append(int(session.execute(statement.returning(target.c.id)).scalar_one()))
        else:
            session.execute(statement)
    return ids


#: What a guarded server takes only through ``replydesk_copy_history_rows``.
_THROUGH_COPY_PATH = ("answer_history", "reply_event")


def _guarded(session: Session) -> bool:
    """A server set up by ``db setup``: history and events are written by its copy path only."""
    if "replydesk_guarded" not in session.info:
        session.info["replydesk_guarded"] = session.get_bind().dialect.name == "postgresql" and bool(session.execute(
            text("SELECT to_regproc('replydesk_copy_history_rows') IS NOT NULL")).scalar_one())
    return bool(session.info["replydesk_guarded"])


def _begin_copy(session: Session, reply_id: int) -> dict[str, list[dict[str, Any]]]:
    """Open the server's copy path for this reply (once per transaction): its answer writes from now on leave
    no automatic history, and its history and events wait here for ``end_copies``."""
    copies: dict[int, dict[str, list[dict[str, Any]]]] = session.info.setdefault("replydesk_copies", {})
    if reply_id not in copies:
        session.flush()  # what was written before the copy began is an ordinary save
        try:
            with session.begin_nested():
                session.execute(text("SELECT replydesk_copy_begin(:r)"), {"r": reply_id})
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) != "42501":
                raise
            raise NotAllowed(f"{database_user(session)} may not edit reply {reply_id} there, and copying answers "
                             "with their history onto a server takes a drafter or coordinator; nothing was changed. "
                             "Ask a coordinator of the reply to copy or sync it.") from None
        copies[reply_id] = {table: [] for table in _THROUGH_COPY_PATH}
    return copies[reply_id]


def end_copies(session: Session) -> None:
    """Hand the history and events waiting for the server's copy path to it (their authors and logins as they
    were), which ends the copy; later writes are ordinary saves, signed by the server again."""
    copies: dict[int, dict[str, list[dict[str, Any]]]] = session.info.pop("replydesk_copies", {})
    if copies:
        session.flush()  # the answers the copy wrote go in while it is open
    for reply_id, kept in copies.items():
        session.execute(text("SELECT replydesk_copy_history_rows(:r, CAST(:history AS jsonb), CAST(:events AS jsonb))"),
                        {"r": reply_id, "history": json.dumps(kept["answer_history"], default=_json_value),
                         "events": json.dumps(kept["reply_event"], default=_json_value)})


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return _utc(value).isoformat()
    raise TypeError(f"{type(value).__name__} does not travel to a server's copy path")


def _utc(moment: dt.datetime) -> dt.datetime:
    """SQLite hands times back without their zone (they are UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _reflected(session: Session, name: str) -> Table:
    """The table as this database has it (every column, also ones a later version added)."""
    cache: dict[str, Table] = session.info.setdefault("replydesk_reflected", {})
    if name not in cache:
        cache[name] = Table(name, MetaData(), autoload_with=session.connection())
    return cache[name]


def _rows(session: Session, name: str, **where: Any) -> list[dict[str, Any]]:
    table = _reflected(session, name)
    query = select(table).where(*(table.c[column] == value for column, value in where.items()))
    return [_as_utc(dict(row._mapping)) for row in session.execute(query.order_by(*table.primary_key.columns))]


def _carried(row: Mapping[str, Any], target: Session, name: str, **changes: Any) -> dict[str, Any]:
    """A source row as the target takes it: the columns the target has, without the source's id."""
    columns = _reflected(target, name).c
    return {key: value for key, value in {**row, **changes}.items() if key in columns and key != "id"}


def _database_id(session: Session) -> str:
    found = session.exec(sql_select(tables.DatabaseIdentity.uuid)).first()
    if found is None:
        raise StoreError("this database has no identity (it was made by an older Reply Desk); nothing was changed")
    return str(found)


def _reply_by_uuid(session: Session, uuid: str) -> Reply | None:
    return session.exec(sql_select(Reply).where(Reply.uuid == uuid)).first()


def _record_sync(session: Session, reply_id: int, peer: str, peer_name: str, revisions: Mapping[str, tuple[int, int]],
                 statuses: tuple[str, str], by: str, now: dt.datetime) -> None:
    """Remember what both sides hold now: each answer's revision here and there, and the reply's status."""
    sync = tables.ReplySync
    existing = {row.key: row for row in session.exec(
        sql_select(sync).where(sync.reply_id == reply_id, sync.peer == peer))}
    for key, (here, there) in [*revisions.items(), ("", (0, 0))]:
        row = existing.get(key) or sync(reply_id=reply_id, peer=peer, key=key)
        row.here_revision, row.there_revision = here, there
        if key == "":
            row.here_status, row.there_status = statuses
        row.peer_name, row.synced_at, row.synced_by = peer_name, now, by
        session.add(row)


class ReplySyncing(StoreBase):
    """The store's methods for one reply in two databases (``Store`` has them)."""

    def database_id(self) -> str:
        """This database's identity: the peer other databases remember syncing with."""
        with self._read() as session:
            return _database_id(session)

    def reply_by_uuid(self, uuid: str) -> Reply | None:
        with self._read() as session:
            return _reply_by_uuid(session, uuid)

    def last_synced(self, reply_id: int) -> list[tables.ReplySync]:
        """Each other database this reply was copied to or synced with, most recent first (``peer_name``,
        ``synced_at``)."""
        sync = tables.ReplySync
        with self._read() as session:
            return list(session.exec(sql_select(sync).where(sync.reply_id == reply_id, sync.key == "")
                                     .order_by(sync.synced_at.desc())))  # type: ignore[attr-defined]

    def _meeting(self, here: Session, other: StoreBase, there: Session, reply_id: int,
                 doing: str) -> tuple[Reply, str, str]:
        """The reply here and the two databases' identities; the same database twice is refused."""
        reply = here.get(Reply, reply_id)
        if reply is None:
            raise UnknownReply(f"there is no reply {reply_id} in {self.path}")
        here_id, there_id = _database_id(here), _database_id(there)
        if here_id == there_id:
            raise StoreError(f"{other.path} is the database the reply is in; choose another (nothing was {doing})")
        return reply, here_id, there_id

    # -- copy --------------------------------------------------------------------------------------------
    def copy_reply(self, reply_id: int, target: StoreBase, *, by: str | None = None) -> ReplyCopied:
        """Copy one reply with everything kept about it into ``target``, which may hold other replies."""
        by = current_user() if by is None else by
        now = utcnow()
        with self._write() as source, target._write() as there:
            reply, here_id, there_id = self._meeting(source, target, there, reply_id, "copied")
            existing = _reply_by_uuid(there, reply.uuid)
            if existing is not None:
                raise ReplyAlreadyThere(
                    f"{target.path} already holds this reply (reply {existing.id} there); bring the two copies "
                    f"together with 'replydesk reply sync {reply_id} --with {target.path}' (nothing was copied)",
                    int(existing.id or 0))
            other = there.exec(sql_select(Reply).where(Reply.form_id == reply.form_id, Reply.country == reply.country,
                                                       Reply.year == reply.year)).first()
            if other is not None:
                raise StoreError(
                    f"{target.path} already holds another reply for {reply.country}, {reply.form_id}, {reply.year} "
                    f"(reply {other.id} there, not a copy of this one); nothing was copied. Export this one as an "
                    "Excel return and import it there to merge the two.")
            guarded = _guarded(there)
            new_id, counts = self._copy_rows(source, there, reply, by, guarded)
            counts["passage"], passages_left = self._copy_passages(source, there, reply_id, new_id, guarded)
            insert_copied(there, "reply_event", [{
                "reply_id": new_id, "at": now, "by": by, "action": "copied",
                "detail": f"from {self.path} (reply {reply_id})",
                **({"login": database_user(there)} if target.on_server else {})}])
            end_copies(there)
            if guarded and reply.status != "drafting":  # a guarded server makes replies drafting; its own path
                there.execute(text("SELECT replydesk_set_status(:r, :s, :by, :detail)"),
                              {"r": new_id, "s": reply.status, "by": by, "detail": f"as copied from {self.path}"})
            revisions = {row.key: row.revision for row in source.exec(
                sql_select(Answer).where(Answer.reply_id == reply_id))}
            statuses = (reply.status, reply.status)
            _record_sync(source, reply_id, there_id, str(target.path),
                         {k: (r, r) for k, r in revisions.items()}, statuses, by, now)
            _record_sync(there, new_id, here_id, str(self.path), {k: (r, r) for k, r in revisions.items()},
                         statuses, by, now)
            there.flush()  # written while the copier still holds the reply alone; its members come last
            left_out, coordinated = self._copy_members(source, there, reply_id, new_id, target.on_server, by)
        return ReplyCopied(new_id, counts, left_out, coordinated, passages_left)

    @staticmethod
    def _copy_rows(source: Session, there: Session, reply: Reply, by: str,
                   guarded: bool) -> tuple[int, dict[str, int]]:
        assert reply.id is not None
        if there.get(tables.Definition, reply.definition_hash) is None:
            kept = _rows(source, "definition", hash=reply.definition_hash)
            insert_copied(there, "definition", [_carried(row, there, "definition") for row in kept])
        previous = source.get(Reply, reply.previous_reply_id) if reply.previous_reply_id else None
        previous_there = _reply_by_uuid(there, previous.uuid) if previous is not None else None
        (row,) = _rows(source, "reply", id=reply.id)
        (new_id,) = insert_copied(there, "reply", [_carried(
            row, there, "reply", previous_reply_id=previous_there.id if previous_there else None,
            **({"status": "drafting"} if guarded else {}))])
        if guarded:  # the answers keep their revisions, and their history comes with its authors
            _begin_copy(there, new_id)
        counts = {"reply": 1}
        for name in _CARRIED:
            changes: dict[str, Any] = {"reply_id": new_id}
            if name == "answer_history":
                changes["copied_by"] = by
            rows = [_carried(row, there, name, **changes) for row in _rows(source, name, reply_id=reply.id)]
            insert_copied(there, name, rows)
            counts[name] = len(rows)
        return new_id, counts

    @staticmethod
    def _copy_members(source: Session, there: Session, reply_id: int, new_id: int, on_server: bool,
                      by: str) -> tuple[list[str], bool]:
        """Members travel; on a server only the logins it has, and the copier coordinates when none of them does."""
        members = _rows(source, "reply_member", reply_id=reply_id)
        left_out: list[str] = []
        if on_server:
            logins = set(there.execute(text("SELECT rolname FROM pg_roles")).scalars()) if members else set()
            left_out = sorted(m["db_user"] for m in members if m["db_user"] not in logins)
            members = [m for m in members if m["db_user"] in logins]
        rows = [_carried(m, there, "reply_member", reply_id=new_id) for m in members]
        coordinated = on_server and not any(m["role"] == "coordinator" for m in rows)
        if coordinated:  # the copier first: coordinating it, it may then add the others
            me = database_user(there)
            mine = next((m for m in rows if m["db_user"] == me), None)
            rows = [m for m in rows if m is not mine]
            mine = {**(mine or {"reply_id": new_id, "db_user": me, "display_name": by, "added_at": utcnow(),
                                "added_by": by}), "role": "coordinator", "sections": ""}
            insert_copied(there, "reply_member", [mine])
        # one statement: the server checks every row against the reply as it was before it
        insert_copied(there, "reply_member", rows, together=True)
        return left_out, coordinated

    @staticmethod
    def _copy_passages(source: Session, there: Session, reply_id: int, new_id: int,
                       guarded: bool) -> tuple[int, int]:
        """Tagged passages, each under the target's theme of the same title (made there if it has none); on a
        guarded server only if the copier is of the secretariat (how many copied, how many left out)."""
        passages = _rows(source, "passage", reply_id=reply_id)
        if passages and guarded and not there.execute(text(
                f"SELECT pg_has_role(current_user, '{SECRETARIAT_ROLE}', 'MEMBER')")).scalar_one():
            return 0, len(passages)
        themes: dict[int, int] = {}
        for passage in passages:
            theme_id = passage["theme_id"]
            if theme_id not in themes:
                (theme,) = _rows(source, "theme", id=theme_id)
                same = _reflected(there, "theme")
                found = there.execute(select(same.c.id).where(
                    same.c.form_id == theme["form_id"], same.c.year == theme["year"], same.c.under == theme["under"],
                    same.c.title == theme["title"], same.c.merged_into.is_(None))).scalar()
                themes[theme_id] = found or insert_copied(there, "theme", [_carried(
                    theme, there, "theme", carried_from=None, merged_into=None)])[0]
            insert_copied(there, "passage", [_carried(passage, there, "passage", reply_id=new_id,
                                                      theme_id=themes[theme_id])])
        return len(passages), 0

    # -- sync --------------------------------------------------------------------------------------------
    def sync_reply(self, reply_id: int, other: StoreBase, *, by: str | None = None) -> Synced:
        """Bring this database's reply and the other's copy of it together (one transaction on each side)."""
        by = current_user() if by is None else by
        with self._write() as here, other._write() as there:
            reply, here_id, there_id = self._meeting(here, other, there, reply_id, "synced")
            copy = _reply_by_uuid(there, reply.uuid)
            if copy is None:
                raise NotThere(f"{other.path} holds no copy of reply {reply_id}; put one there with 'replydesk reply "
                               f"copy {reply_id} --to {other.path}' (nothing was synced)")
            assert copy.id is not None
            meeting = _Meeting(_Side(here, reply, there_id, str(self.path)),
                               _Side(there, copy, here_id, str(other.path)), by)
            return meeting.sync()


@dataclass
class _Side:
    """One copy as a sync sees it."""

    session: Session
    reply: Reply
    peer: str  # the other database's identity
    name: str  # this database, as the other side names it

    def __post_init__(self) -> None:
        assert self.reply.id is not None
        self.id: int = self.reply.id
        #: Final when the sync began: nothing from the other side may change it (its changes wait, held).
        self.was_final = self.reply.status == "final"
        self.answers = {row.key: row for row in self.session.exec(sql_select(Answer).where(Answer.reply_id == self.id))}
        sync = tables.ReplySync
        self.book = {row.key: row for row in self.session.exec(
            sql_select(sync).where(sync.reply_id == self.id, sync.peer == self.peer))}

    @cached_property
    def syncer_decides(self) -> bool:
        """Whether the syncer may decide for the reply on this side (on a server: coordinates it)."""
        try:
            check_allowed(self.session, self.id, "decide")
        except NotAllowed:
            return False
        return True

    def revision(self, key: str) -> int:
        row = self.answers.get(key)
        return row.revision if row else 0

    def changed(self, key: str) -> bool:
        """Changed since the last sync with the other side (never synced: any answer it has)."""
        kept = self.book.get(key)
        return (kept.here_revision if kept else 0) != self.revision(key)

    def value(self, key: str) -> tuple[str | None, str]:
        row = self.answers.get(key)
        return (row.value, row.review_status) if row else (None, "draft")

    def open_sync_conflicts(self, key: str | None = None) -> list[tables.ImportConflict]:
        conflict = tables.ImportConflict
        query = sql_select(conflict).where(conflict.reply_id == self.id, conflict.resolution == "",
                                           conflict.source.startswith(SYNC_SOURCE))  # type: ignore[attr-defined]
        if key is not None:
            query = query.where(conflict.key == key)
        return list(self.session.exec(query))

    def kept_since_sync(self, key: str) -> bool:
        """A change to decide on this key was settled here by keeping this side's text since the last sync."""
        conflict, kept = tables.ImportConflict, self.book.get(key)
        if kept is None:
            return False
        return any(row.resolved_at is not None and _plain(row.resolved_at) > _plain(kept.synced_at)
                   for row in self.session.exec(sql_select(conflict).where(
                       conflict.reply_id == self.id, conflict.key == key, conflict.resolution == "kept",
                       conflict.source.startswith(SYNC_SOURCE))))  # type: ignore[attr-defined]


@dataclass
class _Meeting:
    here: _Side
    there: _Side
    by: str

    def sync(self) -> Synced:
        here, there = self.here, self.there
        result = Synced(there.id)
        now = utcnow()
        moves: list[tuple[_Side, _Side, str]] = []
        for key in sorted({*here.answers, *there.answers}):
            same = here.value(key) == there.value(key)
            changed_here, changed_there = here.changed(key), there.changed(key)
            if same:
                result.unchanged += 1
            elif changed_here and not changed_there:
                moves.append((here, there, key))
            elif changed_there and not changed_here:
                moves.append((there, here, key))
            elif changed_here and changed_there:
                self._to_decide(key)
                result.to_decide.append(key)
            elif here.kept_since_sync(key) and there.open_sync_conflicts(key):
                moves.append((here, there, key))  # decided here, by keeping this side's text: the decision travels
            elif there.kept_since_sync(key) and here.open_sync_conflicts(key):
                moves.append((there, here, key))
            else:
                result.unchanged += 1  # both sides kept their own text when deciding
        held = [(a, b, key) for a, b, key in moves if b.reply.status == "final"]
        for side in (here, there):
            into = [key for a, b, key in moves if b is side and (a, b, key) not in held]
            if into:
                check_allowed(side.session, side.id, "edit", into)
        revisions: dict[str, tuple[int, int]] = {}
        for source, target, key in moves:
            if (source, target, key) in held:
                result.held.append(key)
                result.held_reason = f"reply {target.id} is final in {source.name if target is here else there.name}"
                continue
            self._move(source, target, key)
            (result.moved_here if target is here else result.moved_there).append(key)
        held_keys = set(result.held)
        for key in {*here.answers, *there.answers}:
            if here.value(key) == there.value(key):
                for side in (here, there):  # a server leaves deciding to the reply's coordinators
                    result.settled += self._settle(side, key) if side.syncer_decides else 0
            if key not in held_keys:
                revisions[key] = (here.revision(key), there.revision(key))
        for key in held_keys:  # not moved: its change waits; the side it was made on keeps it as changed
            kept = here.book.get(key)
            revisions[key] = (kept.here_revision, kept.there_revision) if kept else (0, 0)
        result.notes = self._merge_by_uuid("note")
        result.proposals = self._merge_by_uuid("proposal")
        result.settled += self._merge_import_decisions()
        result.events = self._merge_events()
        for side in (here, there):
            end_copies(side.session)  # history and events through a server's own copy path
        result.status = self._status()
        statuses = (here.reply.status, there.reply.status)
        _record_sync(here.session, here.id, here.peer, there.name, revisions, statuses, self.by, now)
        _record_sync(there.session, there.id, there.peer, here.name,
                     {k: (b, a) for k, (a, b) in revisions.items()}, statuses[::-1], self.by, now)
        for side in (here, there):
            side.session.flush()
            result.waiting += len(side.open_sync_conflicts())
            keys = result.moved_here if side is here else result.moved_there
            if keys and side.session.get_bind().dialect.name == "postgresql":  # colleagues' windows follow
                payload = json.dumps({"reply": side.id, "keys": keys, "by": self.by}, ensure_ascii=False)
                side.session.execute(select(func.pg_notify("replydesk_answers", payload)))
        return result

    def _to_decide(self, key: str) -> None:
        """Changed on both sides: each keeps its text, and gets the other's as a change to decide."""
        for side, other in ((self.here, self.there), (self.there, self.here)):
            theirs = other.answers[key] if key in other.answers else None
            value = theirs.value if theirs else None
            if any(c.workbook_value == value for c in side.open_sync_conflicts(key)):
                continue  # already waiting to be decided
            mine = side.answers.get(key)
            kept = side.book.get(key)
            when = f" at {theirs.updated_at:%Y-%m-%d %H:%M} UTC" if theirs else ""
            side.session.add(tables.ImportConflict(
                reply_id=side.id, key=key, store_value=mine.value if mine else None,
                store_revision=mine.revision if mine else 0, workbook_value=value,
                exported_revision=kept.here_revision if kept else 0, detected_by=self.by,
                author=theirs.updated_by if theirs else "", authored_at=_utc(theirs.updated_at) if theirs else None,
                source=f"{SYNC_SOURCE}{other.name}: saved by {(theirs.updated_by if theirs else '') or 'someone'}"
                       f"{when}"))

    def _move(self, source: _Side, target: _Side, key: str) -> None:
        """The source's revisions since the last sync, appended to the target's history; its answer follows."""
        kept = source.book.get(key)
        since = kept.here_revision if kept else 0
        history = _rows(source.session, "answer_history", reply_id=source.id, key=key)
        rows = [row for row in history if row["revision"] > since]
        answer = source.answers[key]
        if not rows:  # a decision to keep this side's text: the answer as it stands, signed as its revision was
            rows = [{"key": key, "value": answer.value, "review_status": answer.review_status,
                     "changed_at": answer.updated_at, "changed_by": answer.updated_by, "source": "sync: kept",
                     "carried_over": answer.carried_over, "login": history[-1].get("login", "") if history else ""}]
        base = target.revision(key)
        carried = [_carried(row, target.session, "answer_history", reply_id=target.id, revision=base + number,
                            copied_by=self.by) for number, row in enumerate(rows, 1)]
        insert_copied(target.session, "answer_history", carried)
        revision = base + len(rows)
        fields = {"value": answer.value, "review_status": answer.review_status, "revision": revision,
                  "updated_at": _utc(answer.updated_at), "updated_by": answer.updated_by,
                  "carried_over": answer.carried_over, "plain": plain_of(decode(answer.value))}
        row = target.answers.get(key)
        if row is None:
            row = Answer(reply_id=target.id, key=key, **fields)
        else:
            for name, value in fields.items():
                setattr(row, name, value)
        target.session.add(row)
        target.session.flush()
        target.answers[key] = row
        replies = _reflected(target.session, "reply")
        target.session.execute(update(replies).where(replies.c.id == target.id).values(updated_at=utcnow()))
        reanchor(target.session, target.id, {key: decode(answer.value)}, self.by)

    @staticmethod
    def _settle(side: _Side, key: str) -> int:
        """Both sides hold the same text now: its changes to decide from syncs are settled (how many)."""
        value = side.value(key)[0]
        found = side.open_sync_conflicts(key)
        for conflict in found:
            conflict.resolution = "kept" if conflict.store_value == value else "taken"
            conflict.resolved_at = utcnow()
            side.session.add(conflict)
        return len(found)

    def _merge_by_uuid(self, name: str) -> tuple[int, int]:
        """Notes or proposals: each one the other side lacks is copied there; a proposal decided on one side only
        is decided on the other too (its answer moves as any other change)."""
        here_rows = {row["uuid"]: row for row in _rows(self.here.session, name, reply_id=self.here.id)}
        there_rows = {row["uuid"]: row for row in _rows(self.there.session, name, reply_id=self.there.id)}
        counts = []
        for side, mine, theirs in ((self.here, here_rows, there_rows), (self.there, there_rows, here_rows)):
            new = [_carried(row, side.session, name, reply_id=side.id) for uuid, row in theirs.items()
                   if uuid not in mine]
            if new:
                check_allowed(side.session, side.id, "note")
            insert_copied(side.session, name, new)
            counts.append(len(new))
            if name == "proposal":
                table = _reflected(side.session, name)
                for uuid, row in mine.items():
                    other = theirs.get(uuid)
                    if row["status"] == "open" and other is not None and other["status"] != "open":
                        side.session.execute(update(table).where(table.c.id == row["id"]).values(
                            status=other["status"], decided_at=other["decided_at"], decided_by=other["decided_by"]))
        return counts[0], counts[1]

    def _merge_import_decisions(self) -> int:
        """A change to decide from an Excel return travels with a copy; decided on one side (and the answer moved
        as any other change), it is decided on the other too — the same change: same question, return, moment
        and text. A server leaves deciding to the reply's coordinators. How many were decided here or there."""
        def identity(row: Mapping[str, Any]) -> tuple[Any, ...]:
            return row["key"], row["source"], _plain(row["detected_at"]), row["workbook_value"]

        def from_returns(side: _Side) -> list[dict[str, Any]]:
            return [row for row in _rows(side.session, "import_conflict", reply_id=side.id)
                    if not row["source"].startswith(SYNC_SOURCE)]

        here_rows, there_rows = from_returns(self.here), from_returns(self.there)
        decided = 0
        for side, mine, theirs in ((self.here, here_rows, there_rows), (self.there, there_rows, here_rows)):
            made = {identity(row): row for row in theirs if row["resolution"]}
            table = _reflected(side.session, "import_conflict")
            for row in mine:
                other = made.get(identity(row))
                if row["resolution"] or other is None or not side.syncer_decides:
                    continue
                side.session.execute(update(table).where(table.c.id == row["id"]).values(
                    resolution=other["resolution"], resolved_at=other["resolved_at"]))
                decided += 1
        return decided

    def _merge_events(self) -> tuple[int, int]:
        """Events are the same event when they say the same thing at the same moment."""
        def identity(row: Mapping[str, Any]) -> tuple[Any, ...]:
            return _plain(row["at"]), row["by"], row["action"], row["detail"]

        here_rows = {identity(row): row for row in _rows(self.here.session, "reply_event", reply_id=self.here.id)}
        there_rows = {identity(row): row for row in _rows(self.there.session, "reply_event", reply_id=self.there.id)}
        counts = []
        for side, mine, theirs in ((self.here, here_rows, there_rows), (self.there, there_rows, here_rows)):
            new = [] if side.was_final else [  # a final reply's record is as it was when it was marked final
                _carried(row, side.session, "reply_event", reply_id=side.id) for key, row in theirs.items()
                if key not in mine and (side.syncer_decides or not _status_event(row))]
            insert_copied(side.session, "reply_event", new)
            counts.append(len(new))
        return counts[0], counts[1]

    def _status(self) -> str:
        """A status changed on one side only moves to the other, as that side's roles allow."""
        here, there = self.here, self.there
        kept_here, kept_there = here.book.get(""), there.book.get("")
        if here.reply.status == there.reply.status:
            return ""
        changed_here = kept_here is None or kept_here.here_status != here.reply.status
        changed_there = kept_there is None or kept_there.here_status != there.reply.status
        if changed_here == changed_there:
            return (f"differs: {here.reply.status.replace('_', ' ')} here, {there.reply.status.replace('_', ' ')} "
                    f"in {there.name}; set it on one side")
        source, target = (here, there) if changed_here else (there, here)
        try:
            check_allowed(target.session, target.id, "decide")
        except NotAllowed as exc:
            return f"not moved ({source.reply.status.replace('_', ' ')} in {source.name}): {exc}"
        status = source.reply.status
        if target.session.get_bind().dialect.name == "postgresql":  # the server's own path, with its checks
            set_status_on_server(target.session, target.reply, status, self.by, f"from {source.name} by sync")
            return f"moved {'there' if target is there else 'here'}: {status.replace('_', ' ')}"
        target.reply.status = status
        target.session.add(target.reply)
        target.session.add(tables.ReplyEvent(reply_id=target.id, by=self.by, action=f"status:{status}",
                                             detail=f"from {source.name} by sync"))
        return f"moved {'there' if target is there else 'here'}: {status.replace('_', ' ')}"


def _status_event(row: Mapping[str, Any]) -> bool:
    """A status change or a creation: events only a coordinator's sync carries onto a server."""
    return str(row["action"]).startswith("status:") or row["action"] == "created"


def sync_peers(rows: Iterable[tables.ReplySync]) -> list[str]:
    """The other databases' names, most recently synced first, each once."""
    return list(dict.fromkeys(row.peer_name for row in rows if row.peer_name))
