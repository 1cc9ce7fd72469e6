"""The draft store: replies, their answers, history, notes and status changes.

Every save is one transaction; every change to an answer is appended to its
history (which triggers keep append-only), so nothing typed is ever lost.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func
from sqlalchemy import insert as sa_insert
from sqlalchemy import select as sa_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, select

from replydesk.definitions.model import FIRST_YEAR, LAST_YEAR, Form
from replydesk.definitions.problems import Problem, find_problems
from replydesk.definitions.types import check_text
from replydesk.identity import login_name
from replydesk.paths import DB_ENV
from replydesk.store import backups, database, file_check, migrations, network, postgres, tables
from replydesk.store.base import ReadOnly, ReplyExists, UnknownReply, current_user, decode, encode, plain_of
from replydesk.store.conflicts import ImportConflicts
from replydesk.store.copying import Copying
from replydesk.store.database import MissingDatabase, StoreError
from replydesk.store.lock import DatabaseBusy, WriterLock
from replydesk.store.proposals import Proposals
from replydesk.store.recommendation_sets import RECOMMENDATIONS_EVENT, RecommendationSets
from replydesk.store.roles import Roles, check_allowed, database_user, join_as_coordinator, set_status_on_server
from replydesk.store.syncing import ReplySyncing
from replydesk.store.tables import REPLY_STATUSES, Answer, Reply, StoredAnswer, utcnow
from replydesk.store.tables.reply import new_uuid
from replydesk.store.themes import Themes
from replydesk.store.writing import apply_answers, check_changes, check_note, lock_answers, server_keeps_history

_REPLY = Reply.__table__  # type: ignore[attr-defined]
_ANSWER = Answer.__table__  # type: ignore[attr-defined]
#: What ``answers`` reads: every column but the plain text kept for searching (as long again as the values).
_STORED = [column for column in _ANSWER.c if column.name != "plain"]


class ReplyHasProblems(StoreError):
    """A reply cannot be marked final while problems remain; ``problems`` lists them (the message too)."""

    def __init__(self, reply_id: int, problems: list[Problem]):
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(f"reply {reply_id} cannot be marked final while {count} remain:\n"
                         + "\n".join(f"  {problem}" for problem in problems))
        self.reply_id = reply_id
        self.problems = problems


#: The largest row id SQLite can hold.
MAX_ID = 2**63 - 1


class Saved(list[str]):
    """The keys a save changed; ``stale`` the keys it kept as conflicts instead (made from an older revision)."""

    stale: list[str]


class StaleRevision(StoreError):
    """A change was made from an older revision of an answer than the stored one (``keys`` names them)."""

    def __init__(self, message: str, keys: list[str]):
        super().__init__(message)
        self.keys = keys


class NetworkDatabase(StoreError):
    """The database file lives on a network filesystem, where SQLite cannot keep it safe for writing."""

    def __init__(self, path: Path, where: str, doing: str):
        advice = ("Choose a file in a folder on this computer (--db on the command line)." if doing == "created" else
                  "Copy the file to a folder on this computer and choose it (--db on the command line), or let the "
                  "team share a PostgreSQL server (--db postgresql://user@host/db); the file can still be opened "
                  "read-only to look at its replies.")
        super().__init__(
            f"the draft database {path} is on {where}, so it cannot be {doing}: SQLite cannot keep a database safe "
            "on a network filesystem (its WAL mode does not work there and file locks are unreliable), which is how "
            f"a team sharing one file loses a reply. Nothing was changed. {advice}")
        self.where = where


def _refuse_network(path: Path, doing: str) -> None:
    """Refuse before the lock file, a backup or a migration is written beside the database on a share."""
    where = network.network_location(path)
    if where:
        raise NetworkDatabase(path, where, doing)


def _refuse_read_only(path: Path) -> None:
    """Refuse to write a database the OS will not let us write, before SQLite opens it.

    SQLite would open such a file read-only and fail at the first save; worse, the ``-shm``
    file it creates beside it takes the database's read-only permissions, and keeps the
    database unwritable after the user has made the file itself writable again.
    """
    for name in (path.name, path.name + "-wal", path.name + "-shm"):
        file = path.with_name(name)
        if file.exists() and not os.access(file, os.W_OK):
            raise StoreError(
                f"the draft database {path} cannot be written: {name} is read-only (its permissions, or a drive "
                "or share mounted read-only); nothing was changed. Make it writable, or copy the database to a "
                "folder you can write to and choose it with --db."
            )


class Store(Proposals, ImportConflicts, Themes, Copying, ReplySyncing, Roles, RecommendationSets):
    """One draft database file. Open with ``Store.open(path, write=...)``.

    This module holds replies, answers, history and notes; proposals (``proposals.py``), import
    conflicts (``conflicts.py``) and the synthesis's themes (``themes.py``) add their methods
    from their own modules.
    """

    def __init__(self, path: Path, engine: Engine, lock: WriterLock | None, *, team_writer: bool = False):
        super().__init__(path, engine, lock, team_writer=team_writer)
        self._stored_definitions: set[str] = set()  # hashes known to be in the file; forgotten on restore
        #: The file did not exist before this store opened it.
        self.created = False
        #: Where the file lives when that is another computer (a read-only store's reason), else None.
        self.on_network: str | None = None

    @classmethod
    def open(cls, path: Path, *, write: bool, purpose: str = "Reply Desk", create_folder: bool = False) -> Store:
        """Open (creating or upgrading if need be); a writer holds the file's writer lock.

        The file is known by its resolved path, so a symlink or another spelling of the same file
        meets the same lock and the same backups. Only a writer creates a missing file (``created``
        says so afterwards); a missing folder only with ``create_folder`` (the user's data folder).
        """
        if postgres.is_url(str(path)):
            return cls._open_server(str(path), write=write)
        path = Path(path).expanduser().resolve()
        lock: WriterLock | None = None
        created = not path.exists()
        if created and not write:
            raise MissingDatabase(f"there is no draft database at {path}; nothing was created. Check --db or "
                                  f"${DB_ENV}, or start a reply with 'replydesk new'.")
        if created and not path.parent.is_dir() and not create_folder:
            raise MissingDatabase(f"the folder {path.parent} does not exist, so the draft database {path.name} "
                                  "cannot be created there; nothing was created. Create the folder, or choose "
                                  "another file with --db.")
        file_check.check(path, write=write)  # before any lock, backup, WAL switch or write
        try:
            if write:
                _refuse_network(path, "created" if created else "opened for writing")
                _refuse_read_only(path)
                lock = WriterLock(path, purpose)
                lock.acquire()
                if path.exists():
                    backups.daily_backup(path)  # before any migration touches the file
                database.prepare(path)
            elif database.needs_migration(path):
                _refuse_network(path, "upgraded to this version's format")
                with WriterLock(path, purpose):
                    database.prepare(path)
        except (StoreError, DatabaseBusy, migrations.NewerDatabase):
            if lock:
                lock.release()
            raise
        except OSError as exc:
            if lock:
                lock.release()
            raise StoreError(f"cannot open the draft database {path}: {exc.strerror or exc}") from None
        store = cls(path, database.make_engine(path), lock)
        store.created = created
        store.on_network = None if write else network.network_location(path)
        return store

    @classmethod
    def _open_server(cls, url: str, *, write: bool) -> Store:
        """A PostgreSQL database: the schema created or upgraded by a writer, checked by a reader."""
        try:
            postgres.prepare(url, write=write)
        except migrations.NewerDatabase as exc:
            raise migrations.NewerDatabase(f"{postgres.shown(url)}: {exc}") from None
        store = cls(postgres.ServerAddress(postgres.shown(url)), postgres.make_engine(url), None,  # type: ignore[arg-type]
                    team_writer=write)
        store._server_url = url
        return store

    #: The server's URL as given (with any password): only the store connects with it.
    _server_url: str | None = None

    def change_listener(self) -> postgres.ChangeListener | None:
        """Announcements of answers saved by anyone, on a server; None for a file (one writer: nobody else)."""
        return postgres.ChangeListener(self._server_url) if self._server_url else None

    def restore_backup(self, backup: Path) -> Path:
        """Replace this database's content with a backup's; returns the safety copy of the state before."""
        if self.on_server:
            raise StoreError(f"{self.path} is a PostgreSQL database: its backups are the server's (pg_dump), "
                             "not Reply Desk's; nothing was restored")
        if not self.writable:
            raise ReadOnly(f"{self.path} is open read-only; nothing was restored")
        self._engine.dispose()  # no pooled connection may hold a read snapshot during the restore
        self._stored_definitions.clear()  # the backup may predate some of them
        return backups.restore(self.path, backup)

    def close(self) -> None:
        self.closed = True
        self._engine.dispose()
        if self.lock:
            self.lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- replies ---------------------------------------------------------------
    def create_reply(self, form: Form, country: str, year: int, by: str | None = None,
                     previous: Reply | None = None, recommendations: str | None = None) -> Reply:
        """A new reply; with ``previous``, its answers are carried over and marked so (one transaction);
        ``recommendations``: the reply's own set, recorded with it (``recommendation_sets``)."""
        by = current_user() if by is None else by
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise StoreError(f"{year} is not a reporting year Reply Desk accepts ({FIRST_YEAR}–{LAST_YEAR}); "
                             "nothing was created")
        existing = self.find_reply(form.id, country, year)
        if existing:
            raise ReplyExists(
                f"a reply for {country}, {form.id}, {year} already exists (reply {existing.id})", existing.id
            )
        if recommendations is None and previous is not None and previous.id is not None:
            recommendations = self.recommendation_set(previous.id)  # next cycle: the same recommendations
        now = utcnow()
        reply = Reply(form_id=form.id, form_version=form.version, definition_hash=form.definition_hash,
                      country=country, year=year, created_at=now, updated_at=now, created_by=by,
                      previous_reply_id=previous.id if previous else None)
        try:
            with self._write() as session:
                self._keep_definition(session, form)
                session.add(reply)
                session.flush()
                assert reply.id is not None
                join_as_coordinator(session, reply.id, by)
                detail = f"{form.id} {form.version} {form.definition_hash[:12]}"
                if previous is not None:
                    detail += f"; carried over from reply {previous.id} ({previous.year})"
                    self._carry(session, previous, reply, by, now)
                session.add(tables.ReplyEvent(reply_id=reply.id, at=now, by=by, action="created", detail=detail))
                if recommendations is not None:
                    session.add(tables.ReplyEvent(reply_id=reply.id, at=now, by=by, action=RECOMMENDATIONS_EVENT,
                                                  detail=recommendations))
        except IntegrityError:
            raise StoreError(f"a reply for {country}, {form.id}, {year} already exists") from None
        return reply

    @staticmethod
    def _carry(session: Session, previous: Reply, reply: Reply, by: str, now) -> None:  # type: ignore[no-untyped-def]
        """Copy every answered slot, including ones the new form no longer has (kept as orphans)."""
        source = f"carried over from reply {previous.id} ({previous.year})"
        by_server = server_keeps_history(session, source)
        rows = session.exec(select(Answer).where(Answer.reply_id == previous.id, col(Answer.value).is_not(None)))
        for old in rows:
            session.add(Answer(reply_id=reply.id, key=old.key, value=old.value, review_status="draft", revision=1,
                               updated_at=now, updated_by=by, carried_over=True, plain=plain_of(decode(old.value))))
            if not by_server:
                session.add(tables.AnswerHistory(reply_id=reply.id, key=old.key, revision=1, value=old.value,
                                                 review_status="draft", changed_at=now, changed_by=by,
                                                 source=source, carried_over=True))

    def _keep_definition(self, session: Session, form: Form) -> None:
        """Store the definition a new reply is drafted against, once per definition."""
        form = form.as_registered()  # a reply's own share of it is recorded apart (``recommendation_sets``)
        if form.definition_hash in self._stored_definitions:
            return
        if session.get(tables.Definition, form.definition_hash) is None:
            row = {"hash": form.definition_hash, "form_id": form.id, "version": form.version,
                   "content": form.canonical_json()}
            if self.on_server:  # two colleagues starting replies of a new definition at once: one row
                from sqlalchemy.dialects.postgresql import insert as pg_insert

                session.execute(pg_insert(tables.Definition).values(**row).on_conflict_do_nothing())
            else:
                session.add(tables.Definition(**row))
        else:  # only a committed row is remembered: a rolled-back insert must be tried again
            self._stored_definitions.add(form.definition_hash)

    def definition_of(self, reply: Reply) -> tables.Definition | None:
        """The definition the reply was created against, if this database kept it."""
        with self._read() as session:
            return session.get(tables.Definition, reply.definition_hash)

    def confirm(self, reply_id: int, keys: list[str], *, by: str | None = None) -> list[str]:
        """Mark carried-over answers as still accurate (recorded in their history); return those confirmed."""
        by = current_user() if by is None else by
        now = utcnow()
        confirmed = []
        with self._write() as session:
            reply = session.get(Reply, reply_id)
            if reply is None:
                raise UnknownReply(f"there is no reply {reply_id}")
            if reply.status == "final":
                raise StoreError(f"reply {reply_id} is final; reopen it before confirming answers")
            check_allowed(session, reply_id, "edit", keys, doing="confirm")
            by_server = server_keeps_history(session, "confirmed still accurate")
            rows = session.exec(select(Answer).where(Answer.reply_id == reply_id, col(Answer.key).in_(keys),
                                                     Answer.carried_over == True))  # noqa: E712 - SQL
            for row in rows:
                row.carried_over = False
                row.revision += 1
                row.updated_at, row.updated_by = now, by
                session.add(row)
                if not by_server:
                    session.add(tables.AnswerHistory(
                        reply_id=reply_id, key=row.key, revision=row.revision, value=row.value,
                        review_status=row.review_status, changed_at=now, changed_by=by,
                        source="confirmed still accurate"))
                confirmed.append(row.key)
            if confirmed:
                reply.updated_at = now
                session.add(reply)
        return confirmed

    def reply(self, reply_id: int) -> Reply:
        if not 1 <= reply_id <= MAX_ID:  # SQLite's integers stop at 2**63 - 1: no such reply can exist
            raise UnknownReply(f"there is no reply {reply_id} in {self.path}")
        with self._read() as session:
            reply = session.get(Reply, reply_id)
            if reply is None and self.on_server:  # the server shows a login only the replies it is a member of
                raise UnknownReply(f"there is no reply {reply_id} in {self.path} that {database_user(session)} "
                                   "may see: a reply is its members' (ask its coordinator to add you)")
        if reply is None:
            raise UnknownReply(f"there is no reply {reply_id} in {self.path}")
        return reply

    def replies(self) -> list[Reply]:
        with self._read() as session:
            return list(session.exec(select(Reply).order_by(Reply.id)))

    def find_reply(self, form_id: str, country: str, year: int) -> Reply | None:
        with self._read() as session:
            return session.exec(
                select(Reply).where(Reply.form_id == form_id, Reply.country == country, Reply.year == year)
            ).first()

    def set_reply_status(self, reply_id: int, status: str, by: str | None = None, detail: str = "", *,
                         form: Form | None = None) -> Reply:
        """Change a reply's status; ``final`` is refused (``ReplyHasProblems``) while the reply has problems.

        ``form``: the reply's form, to check the answers against; by default the definition the reply
        was drafted against, as this database keeps it.
        """
        if status not in REPLY_STATUSES:
            raise StoreError(f"unknown reply status {status!r} (one of {', '.join(REPLY_STATUSES)})")
        by = current_user() if by is None else by
        with self._write() as session:
            reply = session.get(Reply, reply_id)
            if reply is None:
                raise UnknownReply(f"there is no reply {reply_id}")
            check_allowed(session, reply_id, "decide")
            if status == "final" and reply.status != "final":
                self._refuse_problems(session, reply, form)
            if self.on_server:  # the server's own function: its check below the application, ordered with saves
                set_status_on_server(session, reply, status, by, detail)
                return reply
            previous = reply.status
            reply.status = status
            reply.updated_at = utcnow()
            session.add(reply)
            session.add(tables.ReplyEvent(reply_id=reply_id, by=by, action=f"status:{status}",
                                          detail=detail or f"{previous} -> {status}"))
        return reply

    @staticmethod
    def _refuse_problems(session: Session, reply: Reply, form: Form | None) -> None:
        """Inside the status change's transaction: the answers as they are now, checked against the form."""
        if form is None:
            stored = session.get(tables.Definition, reply.definition_hash)
            if stored is None:
                raise StoreError(f"reply {reply.id}'s definition is not in this database, so its answers cannot "
                                 "be checked; mark it final from Reply Desk with its form loaded")
            form = Form.model_validate_json(stored.content).resolved(reply.year)
        elif form.id != reply.form_id:
            raise StoreError(f"reply {reply.id} answers {reply.form_id}, not {form.id}")
        rows = session.exec(select(Answer.key, Answer.value).where(Answer.reply_id == reply.id))
        kept = session.exec(select(tables.PendingText).where(tables.PendingText.reply_id == reply.id))
        problems = find_problems(form, {key: decode(value) for key, value in rows},
                                 also={row.key: f"typed text not yet valid: {row.reason}" for row in kept})
        if problems:
            raise ReplyHasProblems(reply.id, problems)

    def events(self, reply_id: int) -> list[tables.ReplyEvent]:
        with self._read() as session:
            return list(session.exec(select(tables.ReplyEvent).where(tables.ReplyEvent.reply_id == reply_id)
                                     .order_by(tables.ReplyEvent.id)))

    # -- answers --------------------------------------------------------------
    def answers(self, reply_id: int) -> dict[str, StoredAnswer]:
        """Every stored answer of the reply by key, as plain read-only rows: building ORM objects took twice as
        long (a 2,000-answer reply: some 25 ms against 13 ms), and nothing changes an answer but ``save_answers``."""
        with self._read() as session:
            rows = session.execute(sa_select(*_STORED).where(_ANSWER.c.reply_id == reply_id))
            return {row.key: row for row in rows}

    def values(self, reply_id: int) -> dict[str, Any]:
        return {key: decode(row.value) for key, row in self.answers(reply_id).items()}

    def values_of_key(self, key: str, reply_ids: Iterable[int]) -> dict[int, Any]:
        """The answers of ``reply_ids`` to one question, by reply: what compiling many returns question by
        question reads, rather than every return at once."""
        with self._read() as session:
            rows = session.execute(sa_select(_ANSWER.c.reply_id, _ANSWER.c.value)
                                   .where(_ANSWER.c.key == key, _ANSWER.c.reply_id.in_(list(reply_ids))))
            return {row.reply_id: decode(row.value) for row in rows}

    def save_answers(
        self,
        reply_id: int,
        form: Form,
        changes: Mapping[str, Any],
        *,
        by: str | None = None,
        source: str = "",
        review_status: Mapping[str, str] | None = None,
        allow_final: bool = False,
        also: Iterable[SQLModel] = (),
        pending: Mapping[str, tuple[str, str]] | None = None,
        based_on: Mapping[str, int] | None = None,
        on_stale: str = "refuse",
    ) -> Saved:
        """Validate and save several answers in one transaction; return the keys that changed.

        ``also``: rows written in the same transaction (an import's event, a decided proposal).
        ``pending``: text typed for other keys that is not a valid answer, with the reason, as
        ``{key: (text, reason)}``; kept beside the answer (whose value stays as it was) until a valid
        value is saved for the key, which clears it, or it is discarded (``discard_pending``).
        ``based_on``: the revision each change was made from. A change made from an older revision than
        the stored one is never applied blindly: ``on_stale="refuse"`` refuses the whole save
        (``StaleRevision``, nothing changed); ``"keep"`` keeps both texts as a conflict to decide (the
        colleague's answer stays; the result's ``stale`` lists those keys) and saves the rest.
        """
        by = current_user() if by is None else by
        checked, statuses = check_changes(form, changes, review_status)
        kept = dict(pending or {})
        for key in kept:
            if not form.has_key(key):
                raise StoreError(f"{form.id} has no question {key!r}")
            if key in checked:
                raise StoreError(f"{key} cannot be both saved and kept as not yet valid")
        stale: list[str] = []
        with self._write() as session:
            reply = session.get(Reply, reply_id)
            if reply is None:
                raise UnknownReply(f"there is no reply {reply_id}")
            if based_on:
                stale = self._set_aside_stale(session, reply, checked, based_on, by, on_stale)
            changed = Saved(apply_answers(session, reply, checked, statuses, by=by, source=source,
                                          allow_final=allow_final))
            changed.stale = stale
            if checked:
                self._drop_pending(session, reply_id, list(checked))
            if kept:
                self._keep_pending(session, reply, kept, by)
            for row in also:
                session.merge(row)
        return changed

    @staticmethod
    def _set_aside_stale(session: Session, reply: Reply, checked: dict[str, Any], based_on: Mapping[str, int],
                         by: str, on_stale: str) -> list[str]:
        """Take out of ``checked`` the changes made from an older revision; refuse, or keep each as a conflict."""
        keys = [key for key in checked if key in based_on]
        lock_answers(session, reply.id, keys)  # a colleague's save of the same answers waits until this one ends
        stored = {row.key: row for row in session.exec(select(Answer).where(
            Answer.reply_id == reply.id, col(Answer.key).in_(keys)).with_for_update())}
        stale = [key for key in keys if (stored[key].revision if key in stored else 0) != based_on[key]]
        if stale and on_stale == "refuse":
            first = stored[stale[0]]
            raise StaleRevision(
                f"{stale[0]} was changed to revision {first.revision} by {first.updated_by or 'someone'} at "
                f"{first.updated_at:%Y-%m-%d %H:%M} since revision {based_on[stale[0]]}, which this change was "
                f"made from; nothing was saved. Read the answer again ('replydesk show {reply.id} --json --detail') "
                "and make the change from its current revision.", stale)
        for key in stale:
            row = stored[key]
            session.add(tables.ImportConflict(
                reply_id=reply.id, key=key, store_value=row.value, store_revision=row.revision,
                workbook_value=encode(checked.pop(key)), exported_revision=based_on[key],
                source=f"typed by {by} from revision {based_on[key]} while {row.updated_by or 'someone'} saved "
                       f"revision {row.revision}", detected_by=by))
        return stale

    def revisions(self, reply_id: int, keys: Iterable[str]) -> dict[str, int]:
        """The stored revision of each key (0 for a key never saved): what the next change is made from."""
        wanted = list(keys)
        with self._read() as session:
            found = {row.key: row.revision for row in session.exec(select(Answer).where(
                Answer.reply_id == reply_id, col(Answer.key).in_(wanted)))}
        return {key: found.get(key, 0) for key in wanted}

    # -- text typed that is not (yet) a valid answer ----------------------------------------------
    def pending_texts(self, reply_id: int) -> dict[str, tables.PendingText]:
        """The reply's kept texts that are not valid answers, by key (each with its reason)."""
        with self._read() as session:
            rows = session.exec(select(tables.PendingText).where(tables.PendingText.reply_id == reply_id))
            return {row.key: row for row in rows}

    def discard_pending(self, reply_id: int, keys: Iterable[str]) -> list[str]:
        """Drop kept texts (the official chose the answer's last valid value); return the keys dropped."""
        with self._write() as session:
            check_allowed(session, reply_id, "edit", list(keys))
            return self._drop_pending(session, reply_id, list(keys))

    @staticmethod
    def _drop_pending(session: Session, reply_id: int, keys: list[str]) -> list[str]:
        rows = list(session.exec(select(tables.PendingText).where(tables.PendingText.reply_id == reply_id,
                                                                  col(tables.PendingText.key).in_(keys))))
        for row in rows:
            session.delete(row)
        return [row.key for row in rows]

    @staticmethod
    def _keep_pending(session: Session, reply: Reply, kept: Mapping[str, tuple[str, str]], by: str) -> None:
        if reply.status == "final":
            raise StoreError(f"reply {reply.id} is final; reopen it before changing answers")
        assert reply.id is not None
        check_allowed(session, reply.id, "edit", list(kept))
        now = utcnow()
        pending = tables.PendingText
        existing = {row.key: row for row in session.exec(
            select(pending).where(pending.reply_id == reply.id, col(pending.key).in_(list(kept))))}
        for key, (text, reason) in kept.items():
            row = existing.get(key) or tables.PendingText(reply_id=reply.id, key=key, text="")
            row.text, row.reason = check_text(str(text), where=key), str(reason)
            row.updated_at, row.updated_by = now, by
            session.add(row)

    def import_answers(
        self,
        form: Form,
        country: str,
        year: int,
        changes: Mapping[str, Any],
        *,
        reply_id: int | None,
        by: str | None = None,
        source: str = "",
        also: Callable[[Reply], Iterable[SQLModel]] = lambda _reply: (),
        recommendations: str | None = None,
    ) -> tuple[Reply, list[str]]:
        """An imported return in ONE transaction: create the reply if need be, save, record ``also(reply)``.

        A database error anywhere leaves nothing behind, not even an empty new reply.
        """
        by = current_user() if by is None else by
        checked, statuses = check_changes(form, changes, None)
        now = utcnow()
        with self._write() as session:
            if reply_id is None:  # Core statements: an ORM flush per row cost more than SQLite's work
                self._keep_definition(session, form)
                fields = {"form_id": form.id, "form_version": form.version, "definition_hash": form.definition_hash,
                          "country": country, "year": year, "status": "drafting", "created_at": now,
                          "updated_at": now, "created_by": by, "uuid": new_uuid(), "login": login_name()}
                new_id = session.execute(sa_insert(_REPLY).values(fields)).inserted_primary_key[0]
                session.execute(sa_insert(tables.ReplyEvent.__table__).values(
                    reply_id=new_id, at=now, by=by, action="created", detail=source, login=login_name()))
                if recommendations:  # the set the return was exported with (``recommendation_sets``)
                    session.execute(sa_insert(tables.ReplyEvent.__table__).values(
                        reply_id=new_id, at=now, by=by, action=RECOMMENDATIONS_EVENT, detail=recommendations,
                        login=login_name()))
                join_as_coordinator(session, new_id, by)  # on a server, the importer coordinates what it made
                reply = Reply(id=new_id, **fields)
            else:
                reply = session.get(Reply, reply_id)
                if reply is None:
                    raise UnknownReply(f"there is no reply {reply_id}")
            changed = apply_answers(session, reply, checked, statuses, by=by, source=source, allow_final=False,
                                    created=reply_id is None)
            for row in also(reply):
                session.add(row)
        return reply, changed

    def history(self, reply_id: int, key: str | None = None) -> list[tables.AnswerHistory]:
        with self._read() as session:
            query = select(tables.AnswerHistory).where(tables.AnswerHistory.reply_id == reply_id)
            if key is not None:
                query = query.where(tables.AnswerHistory.key == key)
            return list(session.exec(query.order_by(tables.AnswerHistory.id)))

    def history_count(self, reply_id: int) -> int:
        with self._read() as session:
            return session.exec(select(func.count()).where(tables.AnswerHistory.reply_id == reply_id)).one()

    # -- notes ----------------------------------------------------------------
    def add_note(self, reply_id: int, form: Form, key: str, text: str, *,
                 author: str | None = None, source: str = "") -> tables.Note:
        check_note(form, key, text)
        note = tables.Note(reply_id=reply_id, key=key, text=text, author=current_user() if author is None else author,
                           source=source)
        with self._write() as session:
            if session.get(Reply, reply_id) is None:
                raise UnknownReply(f"there is no reply {reply_id}")
            check_allowed(session, reply_id, "note")
            session.add(note)
        return note

    def notes(self, reply_id: int, key: str | None = None) -> list[tables.Note]:
        with self._read() as session:
            query = select(tables.Note).where(tables.Note.reply_id == reply_id)
            if key is not None:
                query = query.where(tables.Note.key == key)
            return list(session.exec(query.order_by(tables.Note.id)))
