"""The window rides out a server that goes away: stopped and started again, or frozen (a network partition).

The official keeps typing and moving between questions; the window never blocks its event loop on the
network for more than 100 ms, shows no unexpected-error dialog, says "Not saved — the server cannot be
reached; your text is kept; retrying" (never "Saved" before the server has it), says when live updates
are down, and once the server is back saves everything typed and follows colleagues again.
"""

from __future__ import annotations

import time
from contextlib import contextmanager

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QMessageBox
from tests.ui_helpers import window_on

import pg_server
from replydesk.store import Store
from replydesk.ui.server_status import LIVE_DOWN
from replydesk.ui.server_work import NOT_SAVED


@pytest.fixture(scope="module")
def server():
    yield from pg_server.start()


class LoopWatch:
    """The longest the event loop went without turning (a 10 ms timer that measures its own lateness)."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.reset()
        self.timer.start()

    def reset(self) -> None:
        self.last = time.monotonic()
        self.longest = 0.0
        self.since = self.last

    def _tick(self) -> None:
        now = time.monotonic()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def watched(self) -> float:
        return time.monotonic() - self.since


@pytest.fixture
def no_error_dialogs(monkeypatch):
    """Every message box the window would show (the unexpected-error dialog is one), recorded instead."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.windowTitle()) or 0)
    return shown


def _reply(url: str, ga_form) -> int:
    with Store.open(url, write=True) as store:
        reply = store.create_reply(ga_form, "Denmark", 2014, by="Anna")
        store.save_answers(reply.id, ga_form, {"pt1.og1.a": "Before."}, by="Anna")
        return reply.id


def _type(qtbot, window, key: str, text: str) -> None:  # noqa: ANN001
    window.go_to_question(key)
    qtbot.waitUntil(lambda: window.pane.editor(key) is not None)
    edit = window.pane.editor(key).edit
    edit.setFocus()
    qtbot.keyClicks(edit, text)


def _live_status(window) -> str:  # noqa: ANN001
    label = window.statusBar().findChild(QLabel, "liveUpdates")
    return label.text() if label is not None and label.isVisible() else ""


def _stored(url: str, reply_id: int) -> dict:
    with Store.open(url, write=False) as store:
        return store.values(reply_id)


@contextmanager
def _window_after_a_save(qtbot, server, ga_form):  # noqa: ANN001, ANN202
    """The window on a fresh server reply, the official's first words already saved there."""
    url = server.new_database()
    reply_id = _reply(url, ga_form)
    with window_on(qtbot, url, reply_id) as window:
        _type(qtbot, window, "pt1.og1.a", " Still typing.")
        qtbot.waitUntil(lambda: window.save_label.text().startswith("Saved"), timeout=10000)
        yield window, url, reply_id


def test_a_server_stopped_and_started_again(qtbot, server, ga_form, dialogs, no_error_dialogs):
    with _window_after_a_save(qtbot, server, ga_form) as (window, url, reply_id):
        server.halt()
        watch = LoopWatch()
        _type(qtbot, window, "pt1.og1.a", " Typed while the server is down.")
        qtbot.waitUntil(lambda: window.save_label.text() == NOT_SAVED, timeout=10000)
        _type(qtbot, window, "pt1.og1.b", "A second answer, also typed while it is down.")
        qtbot.waitUntil(lambda: _live_status(window) == LIVE_DOWN, timeout=10000)
        qtbot.waitUntil(lambda: watch.watched() > 3.0, timeout=10000)  # the retries and the heartbeat run on
        assert window.save_label.text() == NOT_SAVED  # never "Saved" while the server has nothing
        window.resize(921, 630)  # as the window opens on a 1024×700 screen: the message is still whole
        qtbot.waitUntil(lambda: QLabel.text(window.save_label) == NOT_SAVED)
        assert watch.longest < 0.1, f"the event loop was blocked {watch.longest * 1000:.0f} ms"
        assert no_error_dialogs == [] and dialogs == []
        watch.timer.stop()

        server.resume()
        qtbot.waitUntil(lambda: window.save_label.text().startswith("Saved"), timeout=30000)
        stored = _stored(url, reply_id)
        assert stored["pt1.og1.a"] == "Before. Still typing. Typed while the server is down."
        assert stored["pt1.og1.b"] == "A second answer, also typed while it is down."
        # live updates resume: a colleague's save appears in the window
        qtbot.waitUntil(lambda: _live_status(window) != LIVE_DOWN, timeout=30000)
        with Store.open(url, write=True) as colleague:
            colleague.save_answers(reply_id, ga_form, {"pt2.og1.a": "Interior's text, after the restart."},
                                   by="Bo")
        window.go_to_question("pt2.og1.a")
        qtbot.waitUntil(lambda: window.pane.editor("pt2.og1.a").edit.toPlainText()
                        == "Interior's text, after the restart.", timeout=15000)
        assert no_error_dialogs == []


def test_a_frozen_server_never_blocks_the_window(qtbot, server, ga_form, dialogs, no_error_dialogs):
    with _window_after_a_save(qtbot, server, ga_form) as (window, url, reply_id):
        server.freeze()
        try:
            watch = LoopWatch()
            _type(qtbot, window, "pt1.og1.a", " Typed while the network is cut.")
            qtbot.waitUntil(lambda: window.save_label.text() == NOT_SAVED, timeout=10000)
            _type(qtbot, window, "pt1.og1.b", "Another answer in the partition.")
            qtbot.waitUntil(lambda: watch.watched() > 4.0, timeout=15000)
            assert window.save_label.text() == NOT_SAVED
            assert watch.longest < 0.1, f"the event loop was blocked {watch.longest * 1000:.0f} ms"
            assert no_error_dialogs == [] and dialogs == []
            watch.timer.stop()
        finally:
            server.thaw()
        qtbot.waitUntil(lambda: window.save_label.text().startswith("Saved")
                        and not window.session.has_pending, timeout=40000)
        stored = _stored(url, reply_id)
        assert stored["pt1.og1.a"] == "Before. Still typing. Typed while the network is cut."
        assert stored["pt1.og1.b"] == "Another answer in the partition."
        assert no_error_dialogs == []


def test_text_typed_while_the_server_is_away_outlives_the_window(qtbot, server, ga_form, dialogs):
    """The official closes anyway (or the window is killed) while the server cannot be reached: what she typed
    is kept on this computer, and the next window on the reply saves it once the server is back."""
    with _window_after_a_save(qtbot, server, ga_form) as (window, url, reply_id):
        server.halt()
        _type(qtbot, window, "pt1.og1.b", "Typed, then the window was closed anyway.")
        qtbot.waitUntil(lambda: window.save_label.text() == NOT_SAVED, timeout=10000)
    assert dialogs and dialogs[-1][1] == "Not saved"  # (closed anyway: the dialogs fixture answers Yes)
    server.resume()
    assert "pt1.og1.b" not in _stored(url, reply_id)
    with window_on(qtbot, url, reply_id) as window:
        qtbot.waitUntil(lambda: _stored(url, reply_id).get("pt1.og1.b")
                        == "Typed, then the window was closed anyway.", timeout=15000)
        qtbot.waitUntil(lambda: window.save_label.text().startswith("Saved"))


def test_a_window_started_while_the_server_is_down_offers_to_try_again(qtbot, server, ga_form):
    """The official starts Reply Desk while the team's server is down: she is told it cannot be reached and
    offered to try again (or to open a file meanwhile), not a bare file dialog; once it is back, Try again opens
    her reply on the server."""
    from PySide6.QtWidgets import QApplication
    from tests.ui_helpers import answer_modal

    from replydesk.ui.app import create_main_window, make_application

    url = server.new_database()
    reply_id = _reply(url, ga_form)
    make_application([])
    seen: list[tuple[str, str, list[str]]] = []

    def back_then_try_again(box: QMessageBox) -> None:
        seen.append((box.windowTitle(), box.text(), [button.text() for button in box.buttons()]))
        server.resume()
        next(button for button in box.buttons() if button.text() == "Try again").click()

    server.halt()
    try:
        answer_modal(qtbot, QMessageBox, back_then_try_again)
        window = create_main_window(url, reply_id, offer_example=False)
    finally:
        if not seen:
            server.resume()
    assert window is not None
    qtbot.addWidget(window)
    try:
        [(title, text, buttons)] = seen
        assert title == "Cannot open the team's database" and "cannot reach" in text
        assert {"Try again", "Open a file…", "Cancel"} <= set(buttons)
        assert window.store.on_server and window.session is not None and window.session.reply.id == reply_id
        assert QApplication.activeModalWidget() is None
    finally:
        window.close()
        window.store.close()


def test_cancel_while_the_server_is_down_opens_nothing(qtbot, server, ga_form):
    from tests.ui_helpers import answer_modal

    from replydesk.ui.app import create_main_window, make_application

    url = server.new_database()
    _reply(url, ga_form)
    make_application([])
    server.halt()
    try:
        answer_modal(qtbot, QMessageBox, lambda box: box.button(QMessageBox.StandardButton.Cancel).click())
        assert create_main_window(url, None, offer_example=False) is None
    finally:
        server.resume()
    assert qtbot.answered_modal["answered"]
