"""Helpers for the window tests: a real store, a real window, no modal dialogs left open."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from replydesk.definitions.registry import Registry
from replydesk.store import Store

FORMS = Path(__file__).resolve().parents[1] / "forms"


def new_reply(db_path: Path, form_id: str = "global-alliance-2014", country: str = "DENMARK",
              year: int = 2014, answers: dict | None = None) -> int:
    registry = Registry.load(FORMS)
    form = registry.get(form_id)
    with Store.open(db_path, write=True) as store:
        reply = store.create_reply(form, country, year)
        if answers:
            store.save_answers(reply.id, form, answers)
        return reply.id


def stored_values(db_path: Path, reply_id: int) -> dict:
    with Store.open(db_path, write=False) as store:
        return store.values(reply_id)


def answer_modal(qtbot, dialog_class, respond) -> None:  # noqa: ANN001
    """Before a modal dialog opens with exec(): when one of ``dialog_class`` is up, call ``respond(dialog)``.

    ``respond`` fills it in and accepts or rejects it; the test fails if none opened.
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    state = {"answered": False}

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, dialog_class) and dialog.isVisible():
            state["answered"] = True
            respond(dialog)
        elif not state["answered"]:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    qtbot.answered_modal = state


def fill_new_reply(dialog, country: str, year: int, form_id: str = "global-alliance-2014") -> None:  # noqa: ANN001
    """Answer File ▸ New reply as a user would: the form, the country's name, the year, then OK."""
    dialog.form_box.setCurrentIndex(dialog.form_box.findData(form_id))
    dialog.country.setCurrentText(country)
    dialog.year.setValue(year)
    dialog.accept()


@contextmanager
def window_on(qtbot, location, reply_id: int):  # noqa: ANN001, ANN201
    """The real main window on any database (a file, or a server's URL) and reply, closed (and its store) after."""
    from PySide6.QtWidgets import QApplication

    from replydesk.ui.app import create_main_window, make_application

    make_application([])
    window = create_main_window(location, reply_id, offer_example=False)
    assert window is not None
    qtbot.addWidget(window)
    try:
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        yield window
    finally:
        window.close()
        window.store.close()
