"""The ``replydesk`` entry point: the window, or a command that never loads Qt."""

from __future__ import annotations

import sys

from replydesk import paths
from replydesk.cli.main import build_parser, run


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.self_test:
        from replydesk.selftest import run as self_test

        return self_test()
    if args.command in (None, "gui"):
        from replydesk.ui.app import run_app  # the only path that loads Qt

        db = args.db if args.db else paths.default_db_path()
        return run_app(db, open_reply=getattr(args, "open", None))
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
