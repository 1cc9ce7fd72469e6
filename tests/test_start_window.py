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
