"""One reply between two databases: ``reply copy ID --to DB`` and ``reply sync ID --with DB``."""

from __future__ import annotations

import argparse
from pathlib import Path

from replydesk import paths
from replydesk.cli import context as cli
from replydesk.cli.output import err, out
from replydesk.definitions.problems import question_trails
from replydesk.store import Store
from replydesk.store.syncing import NotThere, ReplyAlreadyThere


def add_parsers(sub: argparse._SubParsersAction) -> None:
    reply = sub.add_parser("reply", help="one reply between two databases (copy it, sync its copies)")
    actions = reply.add_subparsers(dest="reply_command", metavar="ACTION", required=True)
    copy = actions.add_parser(
        "copy", help="copy a reply with its history, notes and members into another database",
        description="Copy reply ID of --db, with every revision of its answers, its notes, proposals, changes to "
        "decide, events, members (on a server: the logins it has), kept texts and tagged passages, into DB (a "
        "file, made if need be, or a postgresql:// URL), which may hold other replies. One transaction; the "
        "last line is the reply's id in DB. Bring the copies together later with 'replydesk reply sync'.")
    copy.add_argument("reply_id", type=cli.reply_id_argument, metavar="REPLY_ID")
    copy.add_argument("--to", dest="target", required=True, type=paths.database_location, metavar="FILE|URL")
    sync = actions.add_parser(
        "sync", help="bring two copies of a reply together (exit 1 while changes wait to be decided)",
        description="An answer changed since the last sync on one side only moves to the other with its "
        "revisions; one changed on both sides stays as it is on each and becomes a change to decide on both "
        "('replydesk changes'). Notes, proposals and events are merged; a status change moves as the roles "
        "allow. Exit 0, or 1 when changes wait to be decided.")
    sync.add_argument("reply_id", type=cli.reply_id_argument, metavar="REPLY_ID")
    sync.add_argument("--with", dest="other", required=True, type=paths.database_location, metavar="FILE|URL")


def _other(args: argparse.Namespace, location: str, purpose: str) -> Store:
    if str(cli.db_path(args)) == str(location):
        raise cli.CommandError("the other database is the one --db names; choose another", cli.EXIT_USAGE)
    if purpose == "sync" and not paths.is_server_url(location) and not Path(location).expanduser().exists():
        raise cli.CommandError(f"there is no database at {location}, so nothing holds another copy of the reply; "
                               "nothing was created. Put a copy there first with 'replydesk reply copy'.",
                               cli.EXIT_USAGE)
    store = Store.open(location, write=True, purpose=f"the command 'replydesk reply {purpose}'")  # type: ignore[arg-type]
    if store.created:
        err(f"created new database {store.path}")
    return store


def cmd_reply(args: argparse.Namespace) -> int:
    if args.reply_command == "copy":
        return _copy(args)
    return _sync(args)


def _copy(args: argparse.Namespace) -> int:
    with cli.open_store(args, write=True) as source:
        cli.reply_context(source, args.reply_id)  # exit 2 for an unknown reply
        with _other(args, args.target, "copy") as target:
            try:
                copied = source.copy_reply(args.reply_id, target)
            except ReplyAlreadyThere as exc:
                raise cli.CommandError(str(exc)) from None
            shown = target.path
    rows = copied.rows
    out(f"Copied reply {args.reply_id} to {shown}: {rows.get('answer', 0)} answers with "
        f"{rows.get('answer_history', 0)} revisions, {rows.get('note', 0)} notes, {rows.get('proposal', 0)} "
        f"proposals, {rows.get('reply_event', 0)} events, {rows.get('passage', 0)} tagged passages")
    if copied.left_out:
        out(f"Not members there (no such login on {shown}): {', '.join(copied.left_out)}")
    if copied.passages_left_out:
        out(f"{copied.passages_left_out} tagged passages stay behind: on {shown} only the secretariat tags passages")
    if copied.coordinated_by_copier:
        out(f"None of its coordinators is a user of {shown}; you coordinate it there now "
            "(add the others with 'replydesk member add')")
    out(str(copied.target_id))
    return cli.EXIT_OK


def _sync(args: argparse.Namespace) -> int:
    with cli.open_store(args, write=True) as store:
        form = cli.reply_context(store, args.reply_id).form_for_year
        with _other(args, args.other, "sync") as other:
            try:
                synced = store.sync_reply(args.reply_id, other)
            except NotThere as exc:
                raise cli.CommandError(str(exc), cli.EXIT_USAGE) from None
            name = other.path
    for line in synced.lines(str(name), question_trails(form)):
        out(line)
    return cli.EXIT_REFUSED if synced.waiting else cli.EXIT_OK
