"""The question card: guidance (help) and where the wording comes from (source) are told apart."""

from __future__ import annotations

from tests.ui_helpers import new_reply

BASELINE = "coe-ocsea-baseline"


def test_the_card_shows_help_as_guidance_and_the_source_below_it(open_window, db_path):
    from PySide6.QtWidgets import QLabel

    reply_id = new_reply(db_path, form_id=BASELINE, country="Denmark", year=2020)
    window = open_window(reply_id)
    window.go_to_question("commitments.lanzarote")
    card = window.pane.cards["commitments.lanzarote"]
    question = card.slot.question
    texts = [label.text() for label in card.findChildren(QLabel)]
    assert question.help in texts and "Baseline Mapping" not in question.help
    (source,) = card.findChildren(QLabel, "questionSource")
    assert source.text() == f"Source: {question.source}" and "Fig. 1" in source.text()
    assert texts.index(source.text()) > texts.index(question.help)  # below the guidance
    # a question without guidance still names its source, and no empty help line
    window.go_to_question("commitments.weprotect")
    card = window.pane.cards["commitments.weprotect"]
    assert not card.slot.question.help
    assert card.findChildren(QLabel, "questionSource")[0].text().startswith("Source: Baseline Mapping 2021, Fig. 1")
