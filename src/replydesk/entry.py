"""The ``replydesk`` entry point: the window, or a command that never loads Qt."""

from __future__ import annotations

import sys

from replydesk import collector, paths
from replydesk.cli.parser import window_arguments


def main(argv: list[str] | None = None) -> int:
    collector.pause()  # while start-up loads (collector.py); the window resumes it once it is built
    try:
        args = window_arguments(argv)  # without the store's libraries: the window paints before they load
        if args is None:  # a command, or what only the whole parser reads (--help, an abbreviated option)
            from replydesk.cli.main import build_parser

            args = build_parser().parse_args(argv)
    except BaseException:  # a usage error, --help, --version: nothing more starts
        collector.start_up_done()
        raise
    if args.command in (None, "gui") and not args.self_test:
        from replydesk.ui.app import run_app  # the only path that loads Qt

        db = args.db if args.db else paths.default_db_path()
        return run_app(db, open_reply=getattr(args, "open", None))
    collector.start_up_done()
    if args.self_test:
        from replydesk.selftest import run as self_test

        return self_test()
    from replydesk.cli.main import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
