"""The Validation panel belongs to the open reply and is checked as answers are saved (issue 14).

The same problems (``definitions.problems``) fill the panel, put a ⚠ on the navigator's rows and refuse
*Reply ▸ Mark reply final*; a problem names its question, and Enter or a click goes there with the focus
in its editor.
"""

from __future__ import annotations

from tests.ui_helpers import new_reply

from replydesk.definitions.problems import question_name

BASELINE = "coe-ocsea-baseline"


def _answer_lanzarote(window, qtbot) -> None:
    window.go_to_question("commitments.lanzarote")
    combo = window.pane.editor("commitments.lanzarote").combo
    combo.setCurrentIndex(combo.findData("ratified"))
    window.session.flush()
    qtbot.waitUntil(lambda: "commitments.lanzarote" not in window.validation.keys())


def test_a_new_reply_lists_its_problems_at_once_by_question(open_window, db_path):
    reply_id = new_reply(db_path, form_id=BASELINE, country="Denmark", year=2020)
    window = open_window(reply_id)
    panel = window.validation
    assert panel.list.count() > 0, "problems are listed before Mark final is tried"
    assert panel.summary.text().startswith(f"⚠ {panel.list.count()} problems to resolve")
    texts = [panel.list.item(row).text() for row in range(panel.list.count())]
    # each question by its section and the definition's short label (``short:``), the prompt in the tooltip
    assert "⚠ Fig. 1 › Lanzarote Convention: required, still empty" in texts
    assert "⚠ 6. – End-to-end support › INHOPE hotline: required, still empty" in texts
    assert len(set(texts)) == len(texts), "each entry names its own question"
    form = window.session.form
    for key, text in zip(panel.keys(), texts, strict=True):
        assert text.startswith(f"⚠ {question_name(form.slot(key))}: ")
        question = form.slot(key).question
        assert (question.short or question.prompt[:30]) in text


def test_saving_an_answer_updates_the_panel_and_the_navigator(open_window, db_path, qtbot):
    from replydesk.ui.navigator_model import ProblemRole

    reply_id = new_reply(db_path, form_id=BASELINE, country="Denmark", year=2020)
    window = open_window(reply_id)
    index = window.model.index_of("commitments.lanzarote")
    assert index.data(ProblemRole) == ["required, still empty"]
    assert "⚠" in index.data() and "⚠ required, still empty" in index.data(0x0003)  # ToolTipRole
    branch = window.model.index_of("commitments")
    assert branch.data(ProblemRole) >= 2 and "⚠" in branch.data()
    before = window.validation.list.count()
    window.validation_dock.hide()  # checked whether the panel is in view or not
    _answer_lanzarote(window, qtbot)
    assert window.validation.list.count() == before - 1
    assert index.data(ProblemRole) == [] and "⚠" not in index.data()
    window.validation_dock.show()


def test_the_panel_follows_the_reply_opened_and_closed(open_window, db_path, qtbot):
    baseline = new_reply(db_path, form_id=BASELINE, country="Denmark", year=2020)
    ga = new_reply(db_path, country="Norway")  # the Global Alliance form requires nothing
    window = open_window(baseline)
    assert window.validation.list.count() > 0
    window.open_reply(ga)
    assert window.validation.list.count() == 0
    # no problem, but the truth: how many questions are not answered, and which (a click away)
    blank = len(window.session.form.slots)
    assert window.validation.summary.text() == (f"✓ No problems: the reply can be marked final, though {blank} "
                                                "questions are not answered.")
    assert window.validation.unanswered.count() == blank
    assert window.validation.unanswered.item(0).text().startswith(
        "○ Policy Target No. 1 › Operational Goal 1 › A) Please report on implementation")
    window.validation.unanswered.itemClicked.emit(window.validation.unanswered.item(3))
    assert window.navigation.current_key == window.session.form.slots[3].key
    window.open_reply(baseline)
    assert window.validation.keys() and all(window.session.form.has_key(k) for k in window.validation.keys())
    window.close_reply()
    assert window.validation.list.count() == 0 and window.validation.summary.text() == "No reply open."


def test_enter_or_a_click_on_a_problem_goes_to_the_question_with_the_focus_in_its_editor(open_window, db_path,
                                                                                          qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    reply_id = new_reply(db_path, form_id=BASELINE, country="Denmark", year=2020)
    window = open_window(reply_id)
    window.show_validation()
    panel = window.validation
    keys = panel.keys()
    last = keys[-1]
    assert window.pane.group_key != last.rsplit(".", 1)[0]
    panel.list.setFocus()
    panel.list.setCurrentRow(len(keys) - 1)
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    editor = window.pane.editor(last)
    assert editor is not None and window.pane.group_key == last.rsplit(".", 1)[0]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.focusWidget_())
    assert window.model.node(window.navigator.currentIndex()).key == last
    # a click on the first problem
    first = keys[0]
    item = panel.list.item(0)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=panel.list.visualItemRect(item).center())
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.pane.editor(first).focusWidget_())


def test_mark_final_is_refused_with_the_problems_the_panel_lists(open_window, db_path, dialogs, qtbot):
    from PySide6.QtGui import QAction

    reply_id = new_reply(db_path, form_id=BASELINE, country="Denmark", year=2020)
    window = open_window(reply_id)
    listed = [window.validation.list.item(row).text() for row in range(window.validation.list.count())]
    (action,) = [a for a in window.findChildren(QAction) if a.objectName() == "markFinal"]
    action.trigger()
    kind, title, text = dialogs[-1]
    assert title == "Reply not marked final"
    assert all(f"• {line.removeprefix('⚠ ')}" in text for line in listed[:12])
