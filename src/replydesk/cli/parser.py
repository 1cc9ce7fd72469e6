"""The command line's top level — global options and the ``gui`` command — without the store or the forms.

``replydesk`` and ``replydesk gui`` start the window, whose first paint must not wait for the
libraries under the store (SQLAlchemy, SQLModel, pydantic: ~0.3 s). So ``entry.main`` asks
``window_arguments`` first, which builds only this part of the parser; every other command goes on
to ``cli.main.build_parser``, which adds its commands to the same top level (one definition of each
global option and of ``gui``).
"""

from __future__ import annotations

import argparse
import sys

from replydesk import __version__, paths


def reply_id_argument(text: str) -> int:
    """A reply id as argparse takes it: a whole number (one too large to exist is simply not found)."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a reply id (a whole number; see 'replydesk list')") \
            from None


def top_level() -> tuple[argparse.ArgumentParser, argparse._SubParsersAction]:
    """The parser with its global options and the ``gui`` command, and the place the other commands go."""
    parser = argparse.ArgumentParser(
        prog="replydesk",
        description="Reply Desk: draft, review and compile replies to international questionnaires.",
    )
    parser.add_argument("--version", action="version", version=f"replydesk {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation end to end with a temporary database, then exit")
    parser.add_argument("--db", type=paths.database_location, metavar="FILE|URL",
                        help=f"draft database: a file, or a team's PostgreSQL server as postgresql://user@host/db "
                        f"(default: ${paths.DB_ENV} or {paths.default_db_path()})")
    parser.add_argument("--author", dest="global_author", metavar="NAME",
                        help="sign notes, history and review copies with NAME "
                        "(default: the name given in the app's Preferences, else the login name)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    gui = commands.add_parser("gui", help="start the desktop app (the default)")
    gui.add_argument("--open", type=reply_id_argument, metavar="REPLY_ID",
                     help="open this reply at its first unanswered question")
    return parser, commands


#: Options whose answer the whole parser gives (it knows every command).
_WHOLE_PARSER_ONLY = frozenset({"-h", "--help", "--version"})
_UNSURE = "?"


def window_arguments(argv: list[str] | None) -> argparse.Namespace | None:
    """The parsed arguments when they surely start the window (no command, or ``gui``); None otherwise — any
    other command, ``--help`` or ``--version``, and anything this part cannot read for certain (an abbreviated
    option such as ``--auth``): ``entry.main`` then asks the whole parser, which opens the window as well."""
    parser, _commands = top_level()
    first, arguments = _first_positional(parser, argv)
    if first not in (None, "gui") or any(a in _WHOLE_PARSER_ONLY for a in arguments):
        return None
    args = parser.parse_args(arguments)
    return None if args.self_test else args


def _first_positional(parser: argparse.ArgumentParser, argv: list[str] | None) -> tuple[str | None, list[str]]:
    """The command word — the first argument that is not a global option or its value — and all arguments;
    the word is ``_UNSURE`` when an option before it is not one of the global options written in full."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    options = {option: action.nargs is None for action in parser._actions for option in action.option_strings}
    position = 0
    while position < len(arguments):
        argument = arguments[position]
        if not argument.startswith("-") or argument == "-":
            return argument, arguments
        name = argument.split("=", 1)[0]
        if name not in options or name == "--":
            return _UNSURE, arguments
        if options[name] and "=" not in argument:
            position += 1  # its value
        position += 1
    return None, arguments
