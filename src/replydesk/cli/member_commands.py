"""Roles on a team's server from the command line: ``member add/list/remove``."""

from __future__ import annotations

import argparse

from replydesk.cli import context as cli
from replydesk.cli.output import out, out_json, table
from replydesk.store.tables import ROLES


def add_parsers(sub: argparse._SubParsersAction) -> None:
    member = sub.add_parser("member", help="who may do what to a reply on a team's server (roles)",
                            description="On a PostgreSQL server each database user has a role per reply: "
                            "coordinators do everything, drafters edit (their sections or all) and write notes, "
                            "reviewers write notes only.")
    actions = member.add_subparsers(dest="member_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="give a database user a role in a reply (or change theirs)")
    add.add_argument("reply_id", type=cli.reply_id_argument, metavar="REPLY_ID")
    add.add_argument("db_user", metavar="USER", help="the database role they connect as")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--sections", nargs="+", default=[], metavar="GROUP",
                     help="a drafter's sections (group keys such as pt1 or pt2.og1); all when omitted")
    add.add_argument("--name", default="", metavar="NAME", help="how the window names them")
    listing = actions.add_parser("list", help="a reply's members and their roles")
    listing.add_argument("reply_id", type=cli.reply_id_argument, metavar="REPLY_ID")
    listing.add_argument("--json", action="store_true")
    remove = actions.add_parser("remove", help="take a database user's role in a reply away")
    remove.add_argument("reply_id", type=cli.reply_id_argument, metavar="REPLY_ID")
    remove.add_argument("db_user", metavar="USER")


def cmd_member(args: argparse.Namespace) -> int:
    if args.member_command == "list":
        with cli.open_store(args, write=False) as store:
            store.reply(args.reply_id)  # a reply that is not there (or not the login's to see) is said so: exit 1
            members = store.members(args.reply_id)
        rows = [{"user": m.db_user, "name": m.display_name, "role": m.role, "sections": m.section_keys}
                for m in members]
        if args.json:
            out_json(rows)
        elif not rows:
            out(f"Reply {args.reply_id} has no members: only the login that created it may work on it until it "
                "adds a coordinator.")
        else:
            out(table([[r["user"], r["name"], r["role"], ", ".join(r["sections"]) or "all"] for r in rows],
                      ["USER", "NAME", "ROLE", "SECTIONS"]))
        return cli.EXIT_OK
    with cli.open_store(args, write=True) as store:
        if args.member_command == "add":
            form = cli.reply_context(store, args.reply_id).form_for_year
            for section in args.sections:
                try:
                    form.group(section)
                except KeyError:
                    raise cli.CommandError(f"{form.id} has no group {section!r}", cli.EXIT_USAGE) from None
            member = store.set_member(args.reply_id, args.db_user, args.role, sections=args.sections,
                                      display_name=args.name)
            out(f"{member.db_user} is a {member.role} of reply {args.reply_id}"
                + (f" ({', '.join(member.section_keys)})" if member.section_keys else ""))
        else:
            store.remove_member(args.reply_id, args.db_user)
            out(f"{args.db_user} is no longer a member of reply {args.reply_id}")
    return cli.EXIT_OK
