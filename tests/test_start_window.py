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


def test_replydesk_gui_reaches_the_start_window_before_loading_the_store(tmp_path):
    """`replydesk gui` reads its arguments without the store's libraries: they load after the first paint."""
    code = ("import sys\nimport replydesk.ui.app as app\nfrom replydesk import entry\n"
            "def start(db, open_reply=None):\n"
            "    heavy = {'sqlalchemy', 'sqlmodel', 'pydantic', 'yaml'} & {m.split('.')[0] for m in sys.modules}\n"
            "    print(sorted(heavy), db.name, open_reply)\n"
            "    return 0\n"
            "app.run_app = start\n"
            f"sys.exit(entry.main(['--db', {str(tmp_path / 'drafts.sqlite3')!r}, 'gui', '--open', '7']))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["[]", "drafts.sqlite3", "7"]


def test_a_wrong_window_argument_is_refused_like_any_other(cli):
    result = cli("gui", "--open", "seven")
    assert result.code == 2 and "'seven' is not a reply id" in result.err
    assert "replydesk gui" in result.err  # argparse's usage line for the command
