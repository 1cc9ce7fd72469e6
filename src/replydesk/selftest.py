"""``replydesk --self-test``: prove an installation works, end to end, without touching user data.

Every step runs against a temporary database and folder: load every bundled
form, create a reply, save answers, export Word and Excel, import the Excel back,
build the built-in example, open and close the main window.  Exit 0, or 1 naming the step that failed.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

ANSWER = "Self-test answer: **bold**, a list\n\n- one\n- two\n\nand a link https://www.coe.int"


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def run() -> int:
    scratch = Path(tempfile.mkdtemp(prefix="replydesk-selftest-"))
    state: dict[str, Any] = {}
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    def load_forms() -> str:
        from replydesk import paths
        from replydesk.definitions.registry import Registry

        registry = Registry.load(paths.forms_dir())
        if registry.problems:
            raise RuntimeError("; ".join(str(p) for p in registry.problems))
        if not registry.forms:
            raise RuntimeError(f"no forms found in {paths.forms_dir()}")
        state["registry"] = registry
        return f"{len(registry.forms)} forms from {paths.forms_dir()}"

    def create_reply() -> str:
        from replydesk.store import Store

        form = state["registry"].get("global-alliance-2014") if "global-alliance-2014" in state["registry"].forms \
            else next(iter(state["registry"].forms.values()))
        store = Store.open(scratch / "selftest.sqlite3", write=True, purpose="replydesk --self-test")
        reply = store.create_reply(form, form.participants[0].name, form.period.default_year, by="self-test")
        state.update(store=store, form=form.resolved(reply.year), reply_id=reply.id)
        return f"reply {reply.id} ({form.id}, {reply.country})"

    def save_answers() -> str:
        form, store = state["form"], state["store"]
        text_slots = [s.key for s in form.slots if s.question.type.value == "long_text"][:3]
        store.save_answers(state["reply_id"], form, {key: ANSWER for key in text_slots}, by="self-test")
        if store.values(state["reply_id"]) != {key: ANSWER for key in text_slots}:
            raise RuntimeError("the saved answers did not read back unchanged")
        state["keys"] = text_slots
        return f"{len(text_slots)} answers"

    def export_word() -> str:
        from replydesk.documents.word.export import export_docx

        target = scratch / "selftest.docx"
        export_docx(state["store"], state["reply_id"], state["form"], target)
        return f"{target.stat().st_size:,} bytes"

    def export_excel() -> str:
        from replydesk.documents.excel.export import export_return, source_from_store

        target = scratch / "selftest.xlsx"
        export_return(source_from_store(state["store"], state["reply_id"], state["form"]), target)
        state["xlsx"] = target
        return f"{target.stat().st_size:,} bytes"

    def import_excel() -> str:
        from replydesk.documents.excel.importer import ImportResult, import_workbooks

        (result,) = import_workbooks(state["store"], state["registry"], [state["xlsx"]], by="self-test")
        if not isinstance(result, ImportResult):
            raise RuntimeError(str(result))
        values = state["store"].values(state["reply_id"])
        if any(values.get(key) != ANSWER for key in state["keys"]):
            raise RuntimeError("answers changed on their way through the workbook")
        return result.describe()

    def build_example() -> str:
        from replydesk.example import example, recreate
        from replydesk.store import Store

        path, reply_id = recreate(state["registry"], scratch / "example" / "example.sqlite3")
        with Store.open(path, write=False) as store:
            stored = store.values(reply_id)
        if stored != example().answers:
            raise RuntimeError("the example's answers did not read back unchanged")
        return f"{len(stored)} answers of {example().country} {example().year}"

    def open_window() -> str:
        from replydesk.ui.selftest_window import open_and_close

        return open_and_close(state["store"], state["registry"], state["reply_id"], scratch / "settings")

    steps: list[tuple[str, Callable[[], str]]] = [
        ("load forms", load_forms), ("create a reply", create_reply), ("save answers", save_answers),
        ("export Word", export_word), ("export Excel", export_excel), ("import the Excel back", import_excel),
        ("build the example", build_example),
        ("open and close the main window", open_window),
    ]
    try:
        for name, step in steps:
            try:
                detail = step()
            except Exception as exc:  # noqa: BLE001 - the point is to name the failing step
                _say(f"FAILED: {name}: {type(exc).__name__}: {exc}")
                traceback.print_exc(file=sys.stderr)
                return 1
            _say(f"ok: {name} — {detail}")
        _say("self-test passed")
        return 0
    finally:
        if "store" in state:
            state["store"].close()

