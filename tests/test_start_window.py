"""The window paints first: a start window at once, the main window with the reply right after."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtWidgets import QApplication
from tests.ui_helpers import new_reply

from replydesk.ui.app import StartWindow, make_application


def test_the_start_window_gives_way_to_the_main_window_with_the_reply(qtbot, db_path, dialogs):
    reply_id = new_reply(db_path, answers={"pt1.og1.a": "Done."})
    make_application([])
    starting = StartWindow(db_path, reply_id)
    qtbot.addWidget(starting)
    with qtbot.waitSignal(starting.sig_finished, timeout=30_000) as finished:
        starting.start()
        assert starting.isVisible()  # shown before anything else is loaded
        assert starting.windowTitle() == "Reply Desk"
    window = finished.args[0]
    try:
        assert window is starting.window and window.isVisible()
        assert window.session is not None and window.session.reply.id == reply_id
        assert not starting.isVisible()
        assert window in QApplication.topLevelWidgets()
    finally:
        window.close()
        window.store.close()


def test_the_start_window_needs_only_pyside6():
    code = ("import sys\nimport replydesk.ui.app\n"
            "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 0, proc.stderr
    heavy = {"sqlalchemy", "sqlmodel", "pydantic", "yaml", "docx", "openpyxl"} & set(proc.stdout.split())
    assert not heavy


def window_started_by(arguments: list[str]) -> list[str]:
    """What ``replydesk ARGUMENTS`` hands the window (run_app replaced): the store's libraries already
    loaded, the database's name and the reply to open."""
    code = ("import sys\nimport replydesk.ui.app as app\nfrom replydesk import entry\n"
            "def start(db, open_reply=None):\n"
            "    heavy = {'sqlalchemy', 'sqlmodel', 'pydantic', 'yaml'} & {m.split('.')[0] for m in sys.modules}\n"
            "    print(','.join(sorted(heavy)) or '-', db.name, open_reply)\n"
            "    return 0\n"
            "app.run_app = start\n"
            f"sys.exit(entry.main({arguments!r}))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split()


def test_replydesk_gui_reaches_the_start_window_before_loading_the_store(tmp_path):
    """`replydesk gui` reads its arguments without the store's libraries: they load after the first paint."""
    db = str(tmp_path / "drafts.sqlite3")
    assert window_started_by(["--db", db, "gui", "--open", "7"]) == ["-", "drafts.sqlite3", "7"]
    assert window_started_by([f"--db={db}"]) == ["-", "drafts.sqlite3", "None"]


def test_an_abbreviated_option_still_starts_the_window(tmp_path):
    """argparse takes `--auth` for `--author`: the whole parser reads it, and the window opens all the same."""
    db = str(tmp_path / "drafts.sqlite3")
    started = window_started_by(["--auth", "Anna", "--db", db, "gui", "--open", "3"])
    assert started[1:] == ["drafts.sqlite3", "3"]


def test_an_abbreviated_help_lists_every_command(cli):
    result = cli("--he")
    assert result.code == 0 and all(command in result.out for command in ("gui", "show", "export", "aggregate"))


def test_a_wrong_window_argument_is_refused_like_any_other(cli):
    result = cli("gui", "--open", "seven")
    assert result.code == 2 and "'seven' is not a reply id" in result.err
    assert "replydesk gui" in result.err  # argparse's usage line for the command
