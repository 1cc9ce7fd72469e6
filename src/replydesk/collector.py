"""Python's garbage collector during start-up: paused while start-up builds, then what it built is frozen.

Start-up makes long-lived objects only — modules, classes, the forms, a reply's values, the
window's wrappers — and a few hundred cycles of garbage. Every full collection walks all of them
and frees next to nothing: ``replydesk show`` spent some 50 ms in two of them, and the window
0.1–0.3 s in each while it opened and now and then afterwards. So the collector is paused from
the first line of a start (``entry.main``, and ``ui.app.create_main_window`` for a window opened
any other way) until start-up is done; what exists then is frozen (``gc.freeze``: later
collections skip it) and the collector runs again. Only start-up's own cycles are never
reclaimed. The freeze happens once per process: a later window (as in the tests) would freeze
the garbage left by earlier ones.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: Whether the collector ran when the first pause began (None: no pause since the last start-up ended).
_was_collecting: bool | None = None


def pause() -> None:
    """Stop collecting until ``start_up_done``; pausing again before that changes nothing."""
    global _was_collecting
    if _was_collecting is None:
        _was_collecting = gc.isenabled()
    gc.disable()


def start_up_done() -> None:
    """Freeze what start-up built (once per process) and collect again if the collector ran before the pause."""
    global _was_collecting
    if gc.get_freeze_count() == 0:
        gc.freeze()
    if _was_collecting is None or _was_collecting:
        gc.enable()
    _was_collecting = None


@contextmanager
def paused() -> Iterator[None]:
    """No collections while a bulk read builds tens of thousands of acyclic rows and tuples (a search of 500
    returns: ~0.1 s of collections that free nothing); as it was afterwards."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
