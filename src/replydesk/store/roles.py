"""Who may do what to a reply on a team's server, enforced by the store (so the command line obeys it too).

On PostgreSQL the user is the database role they connect as. Per reply:

* **coordinators** may do everything: edit, mark final, reopen, accept proposals and conflicts, add members;
* **drafters** may edit answers — of the sections they are assigned, or all — and write notes;
* **reviewers** may write notes only.

Whoever creates a reply on a server (by ``new`` or by an import) is its first coordinator. A reply with no
member at all (copied from a file, or older than roles) is its creator's alone — the login the server recorded
on it — until a coordinator is added; the server enforces the same (``server_guard``).
``db copy`` carries members with the reply; one whose coordinators are none of the target server's
users gets the user who copied it as coordinator. A personal SQLite file has one user and no roles:
nothing here applies to it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from replydesk.store import tables
from replydesk.store.base import UNREACHABLE, StoreBase, UnknownReply, Unreachable, current_user
from replydesk.store.database import StoreError
from replydesk.store.tables import ROLES, Reply, utcnow

#: What each role may do.
ALLOWED = {
    "coordinator": {"edit", "note", "decide", "members"},
    "drafter": {"edit", "note"},
    "reviewer": {"note"},
}
_ACTIONS = {"edit": "edit answers", "note": "write notes", "decide": "change the reply's status or decide changes",
            "members": "add or remove members"}


class NotAllowed(StoreError):
    """The database user's role in this reply does not allow what was asked; nothing was changed."""


def database_user(session: Session) -> str:
    return str(session.execute(text("SELECT current_user")).scalar_one())


#: The roles that may do each action, as a refusal names them.
_WHO_MAY = {"edit": "a drafter or coordinator", "note": "a member", "decide": "a coordinator",
            "members": "a coordinator", "confirm": "a drafter or coordinator"}


def creator_login(session: Session, reply_id: int) -> str | None:
    """The login that created the reply (on a server, the server records it)."""
    return session.exec(select(Reply.login).where(Reply.id == reply_id)).first()


def check_allowed(session: Session, reply_id: int, action: str, keys: Iterable[str] = (), *,
                  doing: str | None = None) -> None:
    """Refuse (``NotAllowed``) what the connected user's role in the reply does not allow (servers only).

    The server enforces the same rules itself (``server_guard``); this check says so in words first.
    ``doing``: the command's own verb for the refusal (``confirm``), when it differs from the action's.
    """
    if session.get_bind().dialect.name != "postgresql":
        return  # a personal file: one user, no roles
    members = list(session.exec(select(tables.ReplyMember).where(tables.ReplyMember.reply_id == reply_id)))
    user = database_user(session)
    what = doing or _ACTIONS[action]
    if not members:  # a reply without members is its creator's alone until a coordinator is added
        if creator_login(session, reply_id) == user:
            return
        raise NotAllowed(f"{user} is not a member of reply {reply_id} and may not {what}; nothing was changed. "
                         "The reply has no members yet: only the login that created it may work on it until it "
                         "adds a coordinator (the database's owner can add one with 'replydesk member add').")
    mine = next((m for m in members if m.db_user == user), None)
    coordinators = ", ".join(sorted(m.display_name or m.db_user for m in members if m.role == "coordinator"))
    needed = _WHO_MAY.get(doing or action, "a coordinator")
    if mine is None:
        raise NotAllowed(f"{user} is not a member of reply {reply_id} and may not {what} (it takes {needed}); "
                         f"nothing was changed. Ask a coordinator ({coordinators or 'none yet'}) to add you.")
    if action not in ALLOWED[mine.role]:
        raise NotAllowed(f"{user} is a {mine.role} of reply {reply_id} and may not {what} (it takes {needed}); "
                         f"nothing was changed. Ask a coordinator ({coordinators}).")
    if action == "edit" and mine.role == "drafter" and mine.section_keys:
        outside = sorted(k for k in keys if not any(k == s or k.startswith(s + ".") for s in mine.section_keys))
        if outside:
            raise NotAllowed(f"{user} drafts {', '.join(mine.section_keys)} of reply {reply_id}, not "
                             f"{', '.join(outside[:5])}; nothing was changed. Ask a coordinator ({coordinators}) "
                             "to assign the section.")


def is_owner(session: Session) -> bool:
    """Whether the login owns the tables (or is a superuser): the owner may give a reply without members one."""
    return bool(session.execute(text(
        "SELECT pg_has_role(current_user, tableowner, 'USAGE') FROM pg_tables WHERE schemaname = 'public' "
        "AND tablename = 'reply'")).scalar())


def set_status_on_server(session: Session, reply: Reply, status: str, by: str, detail: str) -> None:
    """Change the status through the server's ``replydesk_set_status`` (the only way a user can): it checks
    the role and, for final, the required answers, and locks the reply so saves and the change are ordered."""
    session.execute(text("SELECT replydesk_set_status(:r, :s, :by, :detail)"),
                    {"r": reply.id, "s": status, "by": by, "detail": detail})
    session.refresh(reply)


def join_as_coordinator(session: Session, reply_id: int, by: str) -> None:
    """On a server, the user who creates a reply becomes its first coordinator."""
    if session.get_bind().dialect.name == "postgresql":
        session.add(tables.ReplyMember(reply_id=reply_id, db_user=database_user(session), display_name=by,
                                       role="coordinator", added_at=utcnow(), added_by=by))


class Roles(StoreBase):
    """The store's member methods (``Store`` has them)."""

    def announce_editing(self, reply_id: int, key: str | None, who: str) -> None:
        """Tell colleagues' windows that ``who`` is writing ``key`` now (None: no longer); a file: nothing."""
        if not self.on_server or self.closed:
            return
        payload = json.dumps({"reply": reply_id, "key": key, "by": who}, ensure_ascii=False)
        try:
            with self._engine.connect() as connection:
                connection.execute(text("SELECT pg_notify('replydesk_presence', :payload)"), {"payload": payload})
                connection.commit()
        except DBAPIError:
            raise Unreachable(UNREACHABLE) from None

    def require(self, reply_id: int, action: str, *, doing: str | None = None) -> None:
        """Refuse (``NotAllowed``) now, before any work, what the login's role in the reply does not allow —
        even when there would be nothing to do (``confirm`` with nothing carried over)."""
        with self._read() as session:
            check_allowed(session, reply_id, action, doing=doing)

    def members(self, reply_id: int) -> list[tables.ReplyMember]:
        with self._read() as session:
            return list(session.exec(select(tables.ReplyMember).where(tables.ReplyMember.reply_id == reply_id)
                                     .order_by(tables.ReplyMember.id)))

    def my_role(self, reply_id: int) -> tables.ReplyMember | None:
        """The connected user's membership of the reply (None on a file, or when not a member)."""
        if not self.on_server:
            return None
        with self._read() as session:
            user = database_user(session)
            return session.exec(select(tables.ReplyMember).where(tables.ReplyMember.reply_id == reply_id,
                                                                 tables.ReplyMember.db_user == user)).first()

    def set_member(self, reply_id: int, db_user: str, role: str, *, sections: Iterable[str] = (),
                   display_name: str = "", by: str | None = None) -> tables.ReplyMember:
        """Add a database user to a reply with a role (or change theirs); coordinators only."""
        if not self.on_server:
            raise StoreError("roles are for a team's PostgreSQL server; a personal file has one user")
        if role not in ROLES:
            raise StoreError(f"unknown role {role!r} (one of {', '.join(ROLES)})")
        by = by or current_user()
        with self._write() as session:
            if session.get(Reply, reply_id) is None:
                raise UnknownReply(f"there is no reply {reply_id}")
            existing = list(session.exec(select(tables.ReplyMember).where(tables.ReplyMember.reply_id == reply_id)))
            if existing or not is_owner(session):
                check_allowed(session, reply_id, "members")
            if not existing and not is_owner(session):  # the creator's first member: it coordinates first
                me = database_user(session)
                if me != db_user or role != "coordinator":
                    session.add(tables.ReplyMember(reply_id=reply_id, db_user=me, display_name=by, role="coordinator",
                                                   added_at=utcnow(), added_by=by))
            member = next((m for m in existing if m.db_user == db_user), None) or tables.ReplyMember(
                reply_id=reply_id, db_user=db_user, role=role, added_at=utcnow(), added_by=by)
            member.role, member.sections = role, json.dumps(sorted(set(sections))) if sections else ""
            member.display_name = display_name or member.display_name
            session.add(member)
            session.flush()
            session.refresh(member)
            return member

    def remove_member(self, reply_id: int, db_user: str) -> None:
        if not self.on_server:
            raise StoreError("roles are for a team's PostgreSQL server; a personal file has one user")
        with self._write() as session:
            check_allowed(session, reply_id, "members")
            members = list(session.exec(select(tables.ReplyMember).where(tables.ReplyMember.reply_id == reply_id)))
            member = next((m for m in members if m.db_user == db_user), None)
            if member is None:
                raise StoreError(f"{db_user} is not a member of reply {reply_id}")
            if member.role == "coordinator" and sum(m.role == "coordinator" for m in members) == 1:
                raise StoreError(f"{db_user} is the only coordinator of reply {reply_id}; add another first")
            session.delete(member)
