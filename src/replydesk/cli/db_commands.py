"""The draft database as a whole on the command line: ``db copy`` between a file and a team's server."""

from __future__ import annotations

import argparse

from replydesk import paths
from replydesk.cli import context as cli
from replydesk.cli.output import out
from replydesk.store import Store


def add_parsers(sub: argparse._SubParsersAction) -> None:
    db = sub.add_parser("db", help="the draft database as a whole (copy it to a server or a file)")
    actions = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    copy = actions.add_parser(
        "copy", help="copy every reply, answer and history of --db into an empty database",
        description="Copy the whole database named by --db (a file or a postgresql:// URL) into TARGET, which "
        "must hold no reply yet (a new file is created; a server database gets its tables). One transaction: "
        "all of it or nothing.")
    copy.add_argument("--to", dest="target", required=True, type=paths.database_location, metavar="FILE|URL")
    actions.add_parser("hashes", help="a fingerprint of each reply's whole content (compare two copies)")
    actions.add_parser(
        "setup", help="(the database's owner) create the tables and the server's roles and rules",
        description="Run once by the owner of a PostgreSQL database (idempotent): the tables, the group roles "
        "replydesk_user and replydesk_secretariat, and the rules the server enforces itself (row-level security "
        "by reply and role, history only as a side effect of saves, no TRUNCATE). Give a login access with "
        "GRANT replydesk_user TO login.")


def cmd_db(args: argparse.Namespace) -> int:
    if args.db_command == "setup":
        return _setup(args)
    if args.db_command == "hashes":
        with cli.open_store(args, write=False) as store:
            for reply in store.replies():
                assert reply.id is not None
                out(f"{reply.id}  {reply.country}  {reply.form_id}  {reply.year}  {store.content_hash(reply.id)}")
        return cli.EXIT_OK
    source_name = cli.db_path(args)
    if str(source_name) == str(args.target):
        raise cli.CommandError("--to names the database being copied; choose another target", cli.EXIT_USAGE)
    with cli.open_store(args, write=False) as source, \
            Store.open(args.target, write=True, purpose="the command 'replydesk db copy'") as target:
        copied = target.copy_from(source)
        shown = target.path
    rows = sum(copied.rows.values())
    out(f"Copied {copied.replies} replies ({rows} rows: answers {copied.rows.get('answer', 0)}, history "
        f"{copied.rows.get('answer_history', 0)}, notes {copied.rows.get('note', 0)}) from {source.path} to {shown}")
    for reply_id in copied.coordinated_by_copier:
        out(f"Reply {reply_id}: none of its coordinators is a user of {shown}; you coordinate it now "
            "(add the others with 'replydesk member add')")
    return cli.EXIT_OK


def _setup(args: argparse.Namespace) -> int:
    from replydesk.store import postgres

    location = str(cli.db_path(args))
    if not postgres.is_url(location):
        raise cli.CommandError(f"{location} is a file: 'db setup' is for a PostgreSQL server's database "
                               "(--db postgresql://owner@host/dbname); a file needs none", cli.EXIT_REFUSED)
    postgres.setup(location)
    out(f"Set up {postgres.shown(location)}: give each login access with GRANT replydesk_user TO login "
        "(the secretariat: GRANT replydesk_secretariat TO login)")
    return cli.EXIT_OK
