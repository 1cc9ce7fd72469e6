"""The ``replydesk`` entry point: the window, or a command that never loads Qt."""

from __future__ import annotations

import sys

from replydesk import collector, paths


def main(argv: list[str] | None = None) -> int:
    collector.pause()  # while the command's modules load (collector.py)
    window = False
    try:
        from replydesk.cli.main import build_parser, run

        args = build_parser().parse_args(argv)
        window = args.command in (None, "gui") and not args.self_test
    finally:
        if not window:  # a window collects again once it is built (ui.app.create_main_window)
            collector.start_up_done()
    if window:
        from replydesk.ui.app import run_app  # the only path that loads Qt

        db = args.db if args.db else paths.default_db_path()
        return run_app(db, open_reply=getattr(args, "open", None))
    if args.self_test:
        from replydesk.selftest import run as self_test

        return self_test()
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
