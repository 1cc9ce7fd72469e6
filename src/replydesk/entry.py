"""The ``replydesk`` entry point: the window, or a command that never loads Qt."""

from __future__ import annotations

import sys

from replydesk import collector, paths
from replydesk.cli.parser import window_arguments


def main(argv: list[str] | None = None) -> int:
    collector.pause()  # while start-up loads (collector.py); the window resumes it once it is built
    window = window_arguments(argv)  # without the store's libraries: the window paints before they load
    if window is not None:
        from replydesk.ui.app import run_app  # the only path that loads Qt

        db = window.db if window.db else paths.default_db_path()
        return run_app(db, open_reply=window.open if window.command == "gui" else None)
    try:
        from replydesk.cli.main import build_parser, run

        args = build_parser().parse_args(argv)
    finally:
        collector.start_up_done()
    if args.self_test:
        from replydesk.selftest import run as self_test

        return self_test()
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
