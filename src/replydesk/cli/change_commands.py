"""Changes waiting to be decided: ``changes ID [--json]`` and ``decide ID CHANGE accept|reject``.

A change is a proposal from a reviewed Word copy (``p12``) or a conflict from an imported return or a
sync (``c7``): the answer's current text beside the proposed one, where it came from and who wrote it.
"""

from __future__ import annotations

import argparse
from typing import Any

from replydesk.cli import context as cli
from replydesk.cli.output import out, out_json
from replydesk.store import Store, decode


def add_parsers(sub: argparse._SubParsersAction) -> None:
    changes = sub.add_parser("changes", help="list the changes waiting to be decided (proposals, conflicts)")
    changes.add_argument("reply_id", type=cli.reply_id_argument, metavar="REPLY_ID")
    changes.add_argument("--json", action="store_true")
    decide = sub.add_parser("decide", help="accept or reject one change ('replydesk changes' names them)",
                            description="accept: the proposed text becomes the answer (into its history); reject: "
                            "the answer stays as it is. CHANGE is pN (a proposal) or cN (a conflict).")
    decide.add_argument("reply_id", type=cli.reply_id_argument, metavar="REPLY_ID")
    decide.add_argument("change", metavar="CHANGE")
    decide.add_argument("decision", choices=["accept", "reject"])


def waiting_changes(store: Store, reply_id: int, prompts: dict[str, str]) -> list[dict[str, Any]]:
    """Every open change of the reply, oldest proposals first, then conflicts."""
    current = {key: decode(row.value) for key, row in store.answers(reply_id).items()}
    items = [{"change": f"p{p.id}", "kind": "proposal", "key": p.key, "question": prompts.get(p.key, ""),
              "current": current.get(p.key), "proposed": p.proposed, "source": p.source, "author": p.author,
              "at": p.created_at.isoformat(timespec="seconds")} for p in store.proposals(reply_id)]
    items += [{"change": f"c{c.id}", "kind": "conflict", "key": c.key, "question": prompts.get(c.key, ""),
               "current": current.get(c.key), "proposed": decode(c.workbook_value), "source": c.source,
               "author": c.author or c.detected_by,
               "at": (c.authored_at or c.detected_at).isoformat(timespec="seconds")}
              for c in store.open_conflicts(reply_id)]
    return items


def cmd_changes(args: argparse.Namespace) -> int:
    with cli.open_store(args, write=False) as store:
        context = cli.reply_context(store, args.reply_id)
        form = context.form_for_year
        prompts = {slot.key: slot.question.prompt for slot in form.slots}
        items = waiting_changes(store, args.reply_id, prompts)
    if args.json:
        out_json(items)
    elif not items:
        out(f"No changes wait to be decided in reply {args.reply_id}.")
    else:
        for item in items:
            out(f"{item['change']}  {item['key']}  {item['kind']} from {item['source'] or 'unknown'} — "
                f"{item['author'] or 'unknown'}, {item['at']}")
            out(f"  current:  {_shown(item['current'])}")
            out(f"  proposed: {_shown(item['proposed'])}")
    return cli.EXIT_OK


def _shown(value: Any) -> str:
    import json

    text = "(empty)" if value is None else value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text.replace("\n", "\n            ")


def cmd_decide(args: argparse.Namespace) -> int:
    kind, number = args.change[:1].lower(), args.change[1:]
    if kind not in ("p", "c") or not number.isdigit():
        raise cli.CommandError(f"{args.change!r} is not a change: pN for a proposal, cN for a conflict (see "
                               f"'replydesk changes {args.reply_id}')", cli.EXIT_USAGE)
    accept = args.decision == "accept"
    with cli.open_store(args, write=True) as store:
        context = cli.reply_context(store, args.reply_id)
        waiting = {item["change"]: item for item in waiting_changes(store, args.reply_id, {})}
        item = waiting.get(f"{kind}{number}")
        if item is None:
            raise cli.CommandError(f"reply {args.reply_id} has no change {args.change} waiting to be decided (see "
                                   f"'replydesk changes {args.reply_id}')", cli.EXIT_USAGE)
        if kind == "p":
            if accept:
                store.accept_proposal(context.form_for_year, int(number))
            else:
                store.reject_proposal(int(number))
        else:
            store.resolve_conflict(int(number), context.form_for_year, take_workbook=accept)
    out(f"{'Accepted' if accept else 'Rejected'} {args.change} ({item['key']})")
    return cli.EXIT_OK
