"""What every command module needs: exit codes, ``CommandError`` and the store, registry
and reply a command works on.

``main`` builds the parser and runs commands; ``word_commands``, ``excel_commands`` and
``document_commands`` import this module, never ``main``, so the command line has no
import cycle (an import-linter contract checks it).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from replydesk import paths
from replydesk.cli.output import err
from replydesk.cli.parser import reply_id_argument  # noqa: F401 - the command modules take it from here
from replydesk.definitions import Form
from replydesk.definitions.model import FIRST_YEAR, LAST_YEAR
from replydesk.definitions.registry import Registry, UnknownName
from replydesk.store import MissingDatabase, ReplyContext, Store, UnknownReply
from replydesk.store import reply_context as load_reply_context

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_BUSY = 0, 1, 2, 3


class CommandError(Exception):
    def __init__(self, message: str, code: int = EXIT_REFUSED):
        super().__init__(message)
        self.code = code


def db_path(args: argparse.Namespace) -> Path | str:
    """The database the command works on: a file's path, or a PostgreSQL server's URL."""
    return args.db if args.db else paths.default_db_path()


def registry() -> Registry:
    return Registry.load(paths.forms_dir(), paths.definitions_cache_dir())


def open_store(args: argparse.Namespace, *, write: bool) -> Store:
    """The draft database: a command that only reads refuses a missing file (exit 2) instead of making one;
    a command that writes may create it — in the user's data folder, or in an existing folder — and says so."""
    path = db_path(args)
    try:
        store = Store.open(path, write=write, purpose=f"the command 'replydesk {args.command}'",
                           create_folder=not args.db and not os.environ.get(paths.DB_ENV))
    except MissingDatabase as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None
    if store.created:
        err(f"created new database {store.path}")
    return store


def year_argument(text: str) -> int:
    """A reporting year in the range every part of Reply Desk accepts."""
    try:
        year = int(text)
    except ValueError:
        year = None
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(f"{text!r} is not a reporting year ({FIRST_YEAR}–{LAST_YEAR})")
    return year


def read_text_file(path: Path) -> str:
    """A UTF-8 text file named on the command line (``-`` for standard input), or a CommandError saying why not."""
    try:
        data = sys.stdin.buffer.read() if str(path) == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CommandError(
            f"{path}: not UTF-8 text (invalid byte at offset {exc.start}); save it as UTF-8 and try again"
        ) from None


def write_files(writers: list[Callable[[], Path]]) -> list[Path]:
    """Write each file a command was asked for; an ExportError ends the command with its message (exit 1)."""
    from replydesk.documents.common.atomic import ExportError

    try:
        return [write() for write in writers]
    except ExportError as exc:
        raise CommandError(str(exc)) from None


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
