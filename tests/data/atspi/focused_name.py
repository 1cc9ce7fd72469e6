"""Run by /usr/bin/python3 (pyatspi is a Debian package): wait until Reply Desk's focused widget is named argv[1].

A widget is named as a screen reader (Orca) names it: by its accessible name, or by the label its
"labelled by" relation points to (how AT-SPI names a drop-down: Qt gives a combo box's name on Linux as
its current item, and the label as the relation). With argv[2], only a focused widget of that role counts.

Prints FOCUSED (name, labels, description, role) and exits 0, or LAST … and exits 1 after 40 seconds.
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


def labels(acc):
    """The names of the objects that label ``acc`` (its RELATION_LABELLED_BY targets)."""
    names = []
    for relation in acc.getRelationSet():
        if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY:
            names += [relation.getTarget(i).name for i in range(relation.getNTargets())]
    return names


def main() -> int:
    want, role = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "")
    last = None
    deadline = time.time() + 40
    while time.time() < deadline:
        for app in pyatspi.Registry.getDesktop(0):
            if app is None or app.name != "Reply Desk":
                continue
            for obj in focused(app):
                try:
                    seen = (obj.name, labels(obj), obj.description, obj.getRoleName())
                except Exception:  # gone while read
                    continue
                if role and seen[3] != role:
                    continue
                last = seen
                if obj.name == want or want in seen[1]:
                    print("FOCUSED", repr(seen))
                    return 0
        time.sleep(0.5)
    print("LAST", repr(last), [a.name for a in pyatspi.Registry.getDesktop(0) if a is not None])
    return 1


sys.exit(main())
