"""What the window's status bar says about a team's server that went away, and what it does when it is back."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel

from replydesk.ui.server_work import NOT_SAVED

#: While live updates are down (the server stopped, restarting or cut off).
LIVE_DOWN = "Live updates paused"


def not_saved_text(message: str) -> str:
    """A failed save as the status bar says it: the server's own words when it went away, else the reason."""
    if message == NOT_SAVED:
        return NOT_SAVED
    return f"Not saved — {message}. Your text is kept and will be saved again shortly."


def listening_changed(window: Any, up: bool) -> None:
    """Say when live updates stop and resume (a label of its own: a temporary message would hide whether the
    text is saved); once back, take what colleagues saved meanwhile."""
    label = window.statusBar().findChild(QLabel, "liveUpdates")
    if label is None:
        label = QLabel(window.statusBar())
        label.setObjectName("liveUpdates")
        label.setToolTip("Colleagues' saves are not followed while the server cannot be reached; Reply Desk "
                         "tries again by itself and shows what they saved meanwhile once it is back.")
        window.statusBar().insertPermanentWidget(0, label)
    label.setText("" if up else LIVE_DOWN)
    label.setVisible(not up)
    session = window.session
    if up and session is not None:
        session.link.mark(False)  # it answers again: the panels may read from it
        window.status.saved_elsewhere(session.reply.id, [slot.key for slot in session.form.slots], "")
