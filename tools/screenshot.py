"""Make docs/main-window.png: the main window with Denmark's 2014 Global Alliance return open.

    .venv/bin/python tools/screenshot.py [OUTPUT.png]

Runs offscreen with a throw-away database and settings; the answers are typed in
from tests/data/sources/global-alliance-2014-reporting-form-denmark.txt (see tests/denmark.py).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "main-window.png"
    scratch = Path(tempfile.mkdtemp(prefix="replydesk-shot-"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["XDG_CONFIG_HOME"] = str(scratch / "config")
    os.environ["XDG_DATA_HOME"] = str(scratch / "data")
    sys.path.insert(0, str(REPO))
    from tests import denmark

    from replydesk import paths
    from replydesk.definitions.registry import Registry
    from replydesk.store import Store
    from replydesk.ui.app import create_main_window, make_application

    db = scratch / "drafts.sqlite3"
    form = Registry.load(paths.forms_dir()).get("global-alliance-2014")
    with Store.open(db, write=True) as store:
        reply = store.create_reply(form, denmark.COUNTRY, denmark.YEAR, by="ministry")
        store.save_answers(reply.id, form, denmark.answers(), by="ministry", source="screenshot")
        store.add_note(reply.id, form, "pt3.og1.c", "Please add the dates of the three seminars.", author="reviewer")
    app = make_application([])
    window = create_main_window(db, reply.id)
    assert window is not None
    window.resize(1360, 860)
    window.go_to_question("pt3.og1.c")
    for _ in range(10):
        app.processEvents()
    window.pane.verticalScrollBar().setValue(0)  # show the goal's heading above its prompts
    app.processEvents()
    output.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(output)):
        print(f"could not write {output}", file=sys.stderr)
        return 1
    window.close()
    window.store.close()
    print(output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
