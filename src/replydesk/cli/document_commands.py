"""``replydesk export`` and ``replydesk import``: each format's handler, chosen by ``documents.formats``.

``export`` asks each format's handler in turn (a handler returns None when none of its
options was given); ``import`` sorts the files by format first and refuses the whole
command (exit 2, nothing imported) when a file's suffix belongs to no format.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from replydesk.cli import context as cli
from replydesk.cli import excel_commands, word_commands
from replydesk.cli.output import err
from replydesk.documents.formats import EXCEL, FORMATS, WORD, by_format, unknown

#: Each format's ``export`` handler: an exit code, or None when none of its options was given.
EXPORTERS: dict[str, Callable[[argparse.Namespace], int | None]] = {
    WORD.name: word_commands.export_word,
    EXCEL.name: excel_commands.export_excel,
}


def _import_word(args: argparse.Namespace, files: list[Path]) -> int:
    """One reviewed copy after another; a refused one is reported and the next still imports."""
    codes = []
    for file in files:
        try:
            codes.append(word_commands.import_word(args, file))
        except cli.CommandError as exc:
            err(f"replydesk import: {exc}")
            codes.append(exc.code)
    return max(codes)


#: Each format's ``import`` handler, given all of that format's files.
IMPORTERS: dict[str, Callable[[argparse.Namespace, list[Path]], int]] = {
    EXCEL.name: excel_commands.import_excel,
    WORD.name: _import_word,
}


def cmd_export(args: argparse.Namespace) -> int:
    for fmt in FORMATS:
        code = EXPORTERS[fmt.name](args)
        if code is not None:
            return code
    choices = [f"{e.option} PATH (the {e.kind})" for f in FORMATS for e in f.exports]
    raise cli.CommandError(f"say what to write: {', '.join(choices[:-1])} or {choices[-1]}", cli.EXIT_USAGE)


def cmd_import(args: argparse.Namespace) -> int:
    """Import each file by its format; a refused file is reported and the next one still imports."""
    refused = unknown(args.files)
    if refused:
        raise cli.CommandError("\n".join(str(exc) for exc in refused) + "; nothing was imported", cli.EXIT_USAGE)
    grouped = {fmt.name: files for fmt, files in by_format(args.files).items()}
    # In IMPORTERS' order: Excel returns first, then Word review copies, as before formats had one list.
    return max(handler(args, grouped[name]) for name, handler in IMPORTERS.items() if name in grouped)
