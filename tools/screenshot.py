"""Make docs/gallery/: the window as an official sees it, at three screen sizes.

    .venv/bin/python tools/screenshot.py [--out DIR] [--only NAME ...] [--sizes 1024x700 ...]

Pictures (each at 1024×700, 1366×768 and 1920×1080, as ``NAME-WxH.png``):

* ``global-alliance``: Denmark's 2014 Global Alliance return (answers typed in from
  tests/data/sources/global-alliance-2014-reporting-form-denmark.txt, see tests/denmark.py);
* ``lanzarote``: chapter II of the Lanzarote follow-up, its recommendations and Denmark's answers
  (from tests/data/sources/lanzarote-2nd-round-csgsiv-factsheet-denmark-2023.txt);
* ``lanzarote-follow-up``: the follow-up's *require* recommendations only (the navigator's filter), one
  recommendation's measures at the top of the pane;
* ``baseline-mnr``: the baseline mapping's Model National Response table (21 capabilities);
* ``baseline-hotlines``: the baseline's *Hotlines and helplines* table, wider than the pane at 1024×700 (its
  own scroll bar), reached by a click in the navigator;
* ``start-page``: the window with no reply open;
* ``validation``: the baseline reply's check boxes with the validation panel listing its problems;
* ``secretariat``: File ▸ Secretariat view on the Global Alliance returns.

Runs offscreen with a throw-away database and settings; every size starts as a first start at that size
(no remembered layout). Before grabbing, each picture is checked (``replydesk.ui.layout_check``): the
question pane must not need horizontal scrolling, no label's text may be wider (or taller) than the
label, no navigator row may be cut, every table column must be in view or reachable by the table's own
scroll bar, and no column header may break a word. A picture that fails is not written; the tool names
it and exits 1. PNGs are written with at most 256 colours (exact where the picture has no more).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from array import array
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SIZES = ((1024, 700), (1366, 768), (1920, 1080))
SCENES = ("global-alliance", "lanzarote", "lanzarote-follow-up", "baseline-mnr", "baseline-hotlines", "start-page",
          "validation", "secretariat")
LANZAROTE_SOURCE = REPO / "tests" / "data" / "sources" / "lanzarote-2nd-round-csgsiv-factsheet-denmark-2023.txt"


# -- the replies --------------------------------------------------------------------------------------------
def factsheet_paragraphs() -> list[str]:
    """Whole sentences from Denmark's 2023 Lanzarote factsheet, a paragraph each."""
    text = LANZAROTE_SOURCE.read_text(encoding="utf-8")
    paragraphs = [re.sub(r"\[([^\]]+)\]\(#\)", r"\1", " ".join(p.split())) for p in re.split(r"\n\s*\n", text)]
    # prose an official would write: not the contents page ("Legal frameworks..... 5"), a list or a title
    return [p for p in paragraphs if len(p) > 160 and not p.isupper() and p[0].isupper() and "...." not in p]


def lanzarote_answers(form, pool: list[str]) -> dict:
    """Chapter II: a status, measures (paragraphs from the factsheet), a date and a link where they apply."""
    values: dict = {}
    statuses = ["partially_implemented", "implemented", "in_progress", "not_implemented"]
    for index, slot in enumerate(s for s in form.slots if s.key.startswith("ch2.")):
        name = slot.key.rsplit(".", 1)[1]
        if name == "status":
            values[slot.key] = statuses[index % len(statuses)]
        elif name == "measures":
            values[slot.key] = pool[index % len(pool)] + "\n\n" + pool[(index + 3) % len(pool)]
        elif name == "date_in_force" and index % 2 == 0:
            values[slot.key] = "2022-07-01"
        elif name == "links" and index % 3 == 0:
            values[slot.key] = [{"title": "Danish Criminal Code (Straffeloven)",
                                 "url": "https://www.retsinformation.dk/eli/lta/2022/1360"}]
    return values


def baseline_answers(form) -> dict:
    """A baseline reply under way: the MNR table partly scored, a few check boxes, required answers missing."""
    values: dict = {}
    table = next(s for s in form.slots if s.key.endswith(".capabilities"))
    rows = []
    for index, row in enumerate(table.question.rows[:12]):
        cells: dict = {"row": row.value, "score": [4, 3, 5, 2][index % 4]}
        if index % 2 == 0:
            cells["evidence"] = ["National Centre for Cyber Crime (NC3)", "Act no. 1360 of 2022",
                                 "Save the Children Denmark hotline", "Danish Media Council"][index // 2 % 4]
            cells["lead"] = "Ministry of Justice"
        if index % 4 == 1:
            cells["next_steps"] = "Training of prosecutors in 2024"
        rows.append(cells)
    values[table.key] = rows
    services = next(s for s in form.slots if s.key.endswith(".services"))
    values[services.key.rsplit(".", 1)[0] + ".inhope_hotline"] = "member"
    values[services.key] = [
        {"service": "combined", "name": "Red Barnet (Save the Children Denmark)", "operator": "Save the Children",
         "operator_type": "ngo", "inhope": "yes", "url": "https://redbarnet.dk"},
        {"service": "helpline", "name": "BørneTelefonen", "operator": "Børns Vilkår", "operator_type": "ngo",
         "chi": "yes", "number": "116 111", "url": "https://bornsvilkar.dk"}]
    for slot in form.slots:
        if slot.question.type.value == "multiple_choice" and slot.question.choices:
            values[slot.key] = [slot.question.choices[0].value]
            break
    return values


def prepare(db: Path):
    """The database: Denmark's replies to the three forms (and Norway's Global Alliance return for the secretariat)."""
    from tests import denmark

    from replydesk import paths
    from replydesk.definitions.registry import Registry
    from replydesk.store import Store

    registry = Registry.load(paths.forms_dir())
    ga = registry.get("global-alliance-2014")
    lanzarote = registry.get("lanzarote-2-csgsiv-follow-up")
    baseline = registry.get("coe-ocsea-baseline")
    ids = {}
    with Store.open(db, write=True) as store:
        reply = store.create_reply(ga, denmark.COUNTRY, denmark.YEAR, by="ministry")
        store.save_answers(reply.id, ga, denmark.answers(), by="ministry", source="screenshot")
        store.add_note(reply.id, ga, "pt3.og1.c", "Please add the dates of the three seminars.", author="reviewer")
        ids["global-alliance"] = reply.id
        other = store.create_reply(ga, "NORWAY", denmark.YEAR, by="ministry")
        store.save_answers(other.id, ga, {k: v for k, v in list(denmark.answers().items())[:9]}, by="ministry")
        year = lanzarote.period.default_year if lanzarote.period else 2023
        reply = store.create_reply(lanzarote, "DENMARK", year, by="ministry")
        store.save_answers(reply.id, lanzarote.resolved(year), lanzarote_answers(lanzarote, factsheet_paragraphs()),
                           by="ministry")
        ids["lanzarote"] = reply.id
        year = baseline.period.default_year if baseline.period else 2020
        reply = store.create_reply(baseline, "DENMARK", year, by="ministry")
        store.save_answers(reply.id, baseline.resolved(year), baseline_answers(baseline), by="ministry")
        ids["baseline"] = reply.id
    return ids


# -- pictures ---------------------------------------------------------------------------------------------
def save_small(image, path: Path) -> bool:
    """An 8-bit PNG: the picture's own colours when it has 256 or fewer, else its 256 commonest (nearest match)."""
    from PySide6.QtGui import QImage

    image = image.convertToFormat(QImage.Format.Format_RGB32)
    pixels = array("I", bytes(image.constBits()))
    table = [colour for colour, _count in Counter(pixels).most_common(256)]
    small = image.convertToFormat(QImage.Format.Format_Indexed8, table)
    return small.save(str(path), "PNG", 0)


def settle(app, rounds: int = 12) -> None:
    for _ in range(rounds):
        app.processEvents()


def check(window, pane) -> list[str]:
    from replydesk.ui.layout_check import clipped_labels, cut_tree_rows, sideways

    problems = [f"question pane: {p}" for p in sideways(pane)] if pane is not None else []
    navigator = getattr(window, "navigator", None)
    if navigator is not None and navigator.model() is not None:
        problems += cut_tree_rows(navigator)
    return problems + clipped_labels(window)


def scene(name: str, window, ids: dict, app):
    """Put the window in the scene; returns the widget to grab and the question pane to check (or None)."""
    if name == "global-alliance":
        window.open_reply(ids["global-alliance"], focus_first_unanswered=False)
        window.go_to_question("pt3.og1.c")
        settle(app)
        window.pane.verticalScrollBar().setValue(0)  # the goal's heading above its prompts
    elif name == "lanzarote":
        window.open_reply(ids["lanzarote"], focus_first_unanswered=False)
        window.navigator.setCurrentIndex(window.model.index_of("ch2"))
        settle(app)
        window.pane.focus_question(next(k for k in window.pane.cards if k.endswith(".measures")))
        settle(app)
        window.pane.verticalScrollBar().setValue(0)
    elif name == "lanzarote-follow-up":
        window.open_reply(ids["lanzarote"], focus_first_unanswered=False)
        window.urgency_filter.setCurrentIndex(window.urgency_filter.findData("require"))
        settle(app)
        key = next(s.key for s in window.session.form.slots
                   if s.key.endswith(".measures") and any(g.urgency == "require" for g in s.path))
        window.go_to_question(key)
        settle(app)
    elif name == "baseline-hotlines":
        window.open_reply(ids["baseline"], focus_first_unanswered=False)
        key = next(s.key for s in window.session.form.slots if s.key.endswith(".services"))
        index = window.model.index_of(key)
        window.navigator.scrollTo(index)
        settle(app)
        window.navigator.clicked.emit(index)  # as a click on the row does
        settle(app)
    elif name == "baseline-mnr":
        window.open_reply(ids["baseline"], focus_first_unanswered=False)
        key = next(s.key for s in window.session.form.slots if s.key.endswith(".capabilities"))
        window.go_to_question(key)
        settle(app)
        window.pane.ensureWidgetVisible(window.pane.cards[key], 0, 0)
        card = window.pane.cards[key]
        window.pane.verticalScrollBar().setValue(max(0, card.y() - 8))
    elif name == "start-page":
        window.close_reply()
    elif name == "validation":
        window.open_reply(ids["baseline"], focus_first_unanswered=False)
        key = next(s.key for s in window.session.form.slots if s.question.type.value == "multiple_choice")
        window.go_to_question(key)
        window.show_validation()
        settle(app)
        card = window.pane.cards[key]
        window.pane.verticalScrollBar().setValue(max(0, card.y() - 8))
    elif name == "secretariat":
        window.open_reply(ids["global-alliance"], focus_first_unanswered=False)
        window.show_secretariat()
        view = window.secretariat_window
        view.resize(window.size())
        settle(app)
        if view.table.model() is not None and view.table.model().rowCount() > 0:
            view.table.setCurrentIndex(view.table.model().index(0, 1))
            view.show_answer(view.table.currentIndex())
        settle(app)
        return view, None
    settle(app)
    return window, (window.pane if name != "start-page" else None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "gallery")
    parser.add_argument("--only", nargs="+", choices=SCENES, default=list(SCENES))
    parser.add_argument("--sizes", nargs="+", default=[f"{w}x{h}" for w, h in SIZES])
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="replydesk-shot-"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["XDG_CONFIG_HOME"] = str(scratch / "config")
    os.environ["XDG_DATA_HOME"] = str(scratch / "data")
    sys.path.insert(0, str(REPO))
    from PySide6.QtCore import QSettings

    from replydesk.ui.app import create_main_window, make_application

    db = scratch / "drafts.sqlite3"
    ids = prepare(db)
    app = make_application([])
    args.out.mkdir(parents=True, exist_ok=True)
    failed: list[str] = []
    for size in args.sizes:
        width, height = (int(n) for n in size.split("x"))
        QSettings().clear()  # a first start at this size: no remembered layout
        window = create_main_window(db, ids["global-alliance"])
        assert window is not None
        window.resize(width, height)
        settle(app)
        window.reset_layout()
        settle(app)
        for name in args.only:
            shown, pane = scene(name, window, ids, app)
            picture = args.out / f"{name}-{width}x{height}.png"
            problems = check(shown, pane)
            if (shown.width(), shown.height()) != (width, height):
                problems.insert(0, f"the window cannot be {width}×{height}: it is {shown.width()}×{shown.height()} "
                                   f"(its smallest: {shown.minimumSizeHint().width()}×"
                                   f"{shown.minimumSizeHint().height()})")
            if problems:
                failed.append(picture.name)
                print(f"{picture.name}: not written:\n  " + "\n  ".join(problems), file=sys.stderr)
                continue
            if not save_small(shown.grab().toImage(), picture):
                print(f"could not write {picture}", file=sys.stderr)
                return 1
            print(picture)
            if shown is not window:
                shown.close()
        window.close()
        window.store.close()
    if failed:
        print(f"{len(failed)} picture(s) failed the layout checks: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
