"""The Party's factsheet in the window: New reply offers it for a Lanzarote reply, Reply ▸ Read the Party's
factsheet… reads it into an open reply (adds what is missing, never deletes an answer, marks an answered
recommendation the factsheet no longer holds), and the band says what a reply without it holds."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog
from tests import factsheets
from tests.ui_helpers import answer_modal, fill_new_reply, new_reply, stored_values

from replydesk.definitions.recommendations import KEPT_TITLE
from replydesk.ui.reply_dialogs import NewReplyDialog

FORM_ID = "lanzarote-2-csgsiv-follow-up"
#: II-10, addressed to all Parties: the factsheet read into the reply below lacks it.
GROOMING = ("- to consider criminalising the offence of “grooming” (solicitation of children for sexual purposes), "
            "even when it does not lead to a face-to-face meeting or producing child sexual abuse material.²³")


def malta_factsheet(tmp_path: Path, *, without_grooming: bool = False) -> Path:
    text = factsheets.for_party("Malta")
    if without_grooming:
        assert GROOMING in text
        text = text.replace(GROOMING + "\n", "").replace("²³ Recommendation II-10.", "²³ Para. 120.")
    path = tmp_path / "factsheet-malta.txt"
    path.write_text(text, encoding="utf-8")
    return path


def action(window, name: str) -> QAction:  # noqa: ANN001
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def test_reading_the_factsheet_into_a_reply_adds_keeps_and_marks(open_window, db_path, qtbot, monkeypatch,
                                                                 tmp_path):
    reply_id = new_reply(db_path, FORM_ID, "MALTA", 2023, answers={
        "ch2.r10.measures": "Grooming is an offence since 2021.", "ch2.r1.status": "implemented"})
    window = open_window(reply_id)
    banner = window.factsheets.banner
    assert banner.isVisible()
    assert "all Parties and to Malta by name" in banner.label.text() and "factsheet adds its own" in banner.label.text()
    assert not window.session.form.has_key("ch3.r14.status")  # III-14 is not addressed to every Party
    path = malta_factsheet(tmp_path, without_grooming=True)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(path), "Factsheets"))

    action(window, "readFactsheet").trigger()
    qtbot.waitUntil(lambda: window.session.form.has_key("ch3.r14.status"))
    form = window.session.form
    assert form.has_key("ch2.r3.status") and not form.has_key("ch2.r9.status")  # Malta's own, not Denmark's
    assert form.group("ch2.r10").title == KEPT_TITLE  # answered, not in the factsheet: kept and marked
    assert form.group("ch4.r1").urgency == "require"
    assert "Malta" in form.group("ch2.r3").text and "Denmark" not in form.model_dump_json(exclude={"participants"})
    values = stored_values(db_path, reply_id)
    assert values["ch2.r10.measures"] == "Grooming is an offence since 2021."
    assert values["ch2.r1.status"] == "implemented"
    assert "added" in window.save_label.text() and "II-10 kept" in window.save_label.text()
    assert not banner.isVisible()
    window.go_to_question("ch2.r10.measures")
    qtbot.waitUntil(lambda: "ch2.r10.measures" in window.pane.cards)


def test_another_partys_factsheet_is_refused_and_nothing_changes(open_window, db_path, dialogs, monkeypatch,
                                                                 tmp_path):
    reply_id = new_reply(db_path, FORM_ID, "SLOVENIA", 2023)
    window = open_window(reply_id)
    keys = window.session.form.keys()
    path = malta_factsheet(tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(path), "Factsheets"))
    action(window, "readFactsheet").trigger()
    assert dialogs[-1][:2] == ("warning", "Another Party's factsheet")
    assert "MALTA" in dialogs[-1][2] and "SLOVENIA" in dialogs[-1][2]
    assert window.session.form.keys() == keys


def test_new_reply_offers_the_factsheet_for_a_lanzarote_reply(open_window, db_path, qtbot, tmp_path):
    window = open_window()
    path = malta_factsheet(tmp_path)
    seen = {}

    def fill(dialog: NewReplyDialog) -> None:
        dialog.form_box.setCurrentIndex(dialog.form_box.findData("global-alliance-2014"))
        seen["ga"] = dialog.factsheet.isVisibleTo(dialog)
        dialog.form_box.setCurrentIndex(dialog.form_box.findData(FORM_ID))
        seen["lanzarote"] = dialog.factsheet.isVisibleTo(dialog)
        qtbot.keyClicks(dialog.factsheet.path, str(path))
        fill_new_reply(dialog, "Malta", 2023, FORM_ID)

    answer_modal(qtbot, NewReplyDialog, fill)
    action(window, "newReply").trigger()
    qtbot.waitUntil(lambda: window.session is not None)
    assert seen == {"ga": False, "lanzarote": True}
    form = window.session.form
    assert window.session.reply.country == "MALTA"
    assert form.has_key("ch3.r14.status") and not form.has_key("ch2.r9.status")
    assert not window.factsheets.banner.isVisible()
