"""A question's revisions on the command line: ``replydesk history REPLY KEY [--json]``.

Each revision names its author twice: the display name (``--author`` or the user's settings, which anyone
may type) and the login that wrote it (a server's ``session_user``, recorded by the server itself; the OS
login for a file), which no option changes. A revision brought from another database keeps both and
says who brought it (``copied_by``; empty for one written here).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from replydesk.cli import context as cli
from replydesk.cli.output import out, out_json, table


def add_parsers(sub: argparse._SubParsersAction) -> None:
    history = sub.add_parser("history", help="a question's revisions: value, author, login, time, source",
                             description="Every revision of one answer, oldest first, with who wrote it: the "
                             "display name and the login (a server's database user; a file's OS login).")
    history.add_argument("reply_id", type=cli.reply_id_argument, metavar="REPLY_ID")
    history.add_argument("key", metavar="KEY", help="the question's key, e.g. pt1.og1.a")
    history.add_argument("--json", action="store_true", help="a JSON list, one object per revision")


def revision_record(row: Any) -> dict[str, Any]:
    """One revision as ``history --json`` prints it (the one place its fields are chosen)."""
    return {"revision": row.revision, "value": None if row.value is None else json.loads(row.value),
            "author": row.changed_by, "login": row.login, "at": row.changed_at.isoformat(), "source": row.source,
            "copied_by": row.copied_by}


def cmd_history(args: argparse.Namespace) -> int:
    with cli.open_store(args, write=False) as store:
        reply = store.reply(args.reply_id)
        records = [revision_record(row) for row in store.history(args.reply_id, args.key)]
        if not records and not cli.form_of(cli.registry(), reply.form_id).has_key(args.key):
            raise cli.CommandError(f"{reply.form_id} has no question {args.key!r}", cli.EXIT_USAGE)
    if args.json:
        out_json(records)
    elif not records:
        out(f"{args.key} of reply {args.reply_id} has no revisions yet")
    else:
        out(table([[str(r["revision"]), r["at"][:19].replace("T", " "), r["author"], r["login"], r["source"],
                    _short(r["value"])] for r in records], ["REV", "AT", "AUTHOR", "LOGIN", "SOURCE", "VALUE"]))
    return cli.EXIT_OK


def _short(value: Any, length: int = 40) -> str:
    text = "(empty)" if value is None else value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length - 1] + "…"
