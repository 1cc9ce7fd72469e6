"""What the window's status bar says about a team's server that went away, and what it does when it is back."""

from __future__ import annotations

from typing import Any

from replydesk.ui.server_work import NOT_SAVED

#: While live updates are down (the server stopped, restarting or cut off).
LIVE_DOWN = "Live updates paused — the server cannot be reached; retrying"
LIVE_BACK = "Live updates resumed"


def not_saved_text(message: str) -> str:
    """A failed save as the status bar says it: the server's own words when it went away, else the reason."""
    if message == NOT_SAVED:
        return NOT_SAVED
    return f"Not saved — {message}. Your text is kept and will be saved again shortly."


def listening_changed(window: Any, up: bool) -> None:
    """Say when live updates stop and resume; once back, take what colleagues saved meanwhile."""
    window.statusBar().showMessage(LIVE_BACK if up else LIVE_DOWN, 5000 if up else 0)
    session = window.session
    if up and session is not None:
        session.link.mark(False)  # it answers again: the panels may read from it
        window._saved_elsewhere(session.reply.id, [slot.key for slot in session.form.slots], "")
