"""Run by /usr/bin/python3 (pyatspi is a Debian package): wait until Reply Desk's focused widget is named argv[1].

Prints FOCUSED (name, description, role) and exits 0, or LAST … and exits 1 after 40 seconds.
"""

import sys
import time

import pyatspi


def focused(acc, depth=0, found=None):
    """Every object under ``acc`` in the focused state (a view's current item is one too)."""
    found = [] if found is None else found
    if acc is None or depth > 60:
        return found
    try:
        state = acc.getState()
        if state.contains(pyatspi.STATE_FOCUSED):
            found.append(acc)
        if state.contains(pyatspi.STATE_SHOWING) or depth < 3:
            for i in range(acc.childCount):
                focused(acc.getChildAtIndex(i), depth + 1, found)
    except Exception:  # an object that went away while walked
        pass
    return found


def main() -> int:
    want, last = sys.argv[1], None
    deadline = time.time() + 40
    while time.time() < deadline:
        for app in pyatspi.Registry.getDesktop(0):
            if app is None or app.name != "Reply Desk":
                continue
            for obj in focused(app):
                last = (obj.name, obj.description, obj.getRoleName())
                if obj.name == want:
                    print("FOCUSED", repr(last))
                    return 0
        time.sleep(0.5)
    print("LAST", repr(last), [a.name for a in pyatspi.Registry.getDesktop(0) if a is not None])
    return 1


sys.exit(main())
