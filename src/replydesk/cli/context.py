"""What every command module needs: exit codes, ``CommandError`` and the store, registry
and reply a command works on.

``main`` builds the parser and runs commands; ``word_commands``, ``excel_commands`` and
``document_commands`` import this module, never ``main``, so the command line has no
import cycle (an import-linter contract checks it).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from replydesk import paths
from replydesk.cli.output import err
from replydesk.definitions import Form
from replydesk.definitions.registry import Registry, UnknownName
from replydesk.store import ReplyContext, Store, UnknownReply
from replydesk.store import reply_context as load_reply_context

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_BUSY = 0, 1, 2, 3


class CommandError(Exception):
    def __init__(self, message: str, code: int = EXIT_REFUSED):
        super().__init__(message)
        self.code = code


def db_path(args: argparse.Namespace) -> Path:
    return args.db if args.db else paths.default_db_path()


def registry() -> Registry:
    return Registry.load(paths.forms_dir())


def open_store(args: argparse.Namespace, *, write: bool) -> Store:
    return Store.open(db_path(args), write=write, purpose=f"the command 'replydesk {args.command}'")


def form_of(reg: Registry, form_id: str) -> Form:
    try:
        return reg.get(form_id)
    except UnknownName as exc:
        broken = [p for p in reg.problems if form_id in p.file]
        detail = "".join(f"\n  {p}" for p in broken)
        raise CommandError(f"{exc}{detail}", EXIT_USAGE) from None


def reply_context(store: Store, reply_id: int) -> ReplyContext:
    """The reply with its form (as registered and for its year) and answers; exit 2 when either is unknown."""
    reg = registry()
    try:
        return load_reply_context(store, reg, reply_id)
    except UnknownReply as exc:
        raise CommandError(f"{exc}. Run 'replydesk list' to see the replies.", EXIT_USAGE) from None
    except LookupError:
        form_of(reg, store.reply(reply_id).form_id)  # says which form, and why it did not load
        raise


def print_problems(reg: Registry) -> None:
    for problem in reg.problems:
        err(f"warning: {problem}")
