"""A form resolved for a year: every {year}, {previous_year} and {next_year} filled in, nothing else changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from replydesk.definitions.loader import load_form
from replydesk.definitions.model import FIRST_YEAR, LAST_YEAR, Form

FORMS = sorted((Path(__file__).resolve().parents[1] / "forms").glob("*.yaml"))


def filled_in_everywhere(form: Form, year: int) -> Form:
    """What resolving means, said the slow way: the whole form's text with the parameters replaced, validated."""
    text = form.model_dump_json()
    for name, value in (("year", year), ("previous_year", year - 1), ("next_year", year + 1)):
        text = text.replace("{" + name + "}", str(value))
    return Form.model_validate_json(text)


@pytest.fixture(scope="module", params=FORMS, ids=lambda path: path.stem)
def form(request) -> Form:
    return load_form(request.param)


@pytest.mark.parametrize("year", [FIRST_YEAR, 2014, 2021, LAST_YEAR])
def test_resolving_fills_in_every_text_and_changes_nothing_else(form, year):
    resolved = form.resolved(year)
    assert resolved.model_dump() == filled_in_everywhere(form, year).model_dump()
    assert "{year}" not in resolved.model_dump_json() and "{next_year}" not in resolved.model_dump_json()
    assert resolved.definition_hash == form.definition_hash  # the same definition, whatever the year
    assert resolved.keys() == form.keys()
    # the slots are the resolved form's own questions, with their texts filled in
    for slot in resolved.slots:
        assert slot.question is resolved.slot(slot.key).question
        assert "{year}" not in slot.question.prompt and "{previous_year}" not in slot.question.prompt


def test_texts_without_a_parameter_are_shared_not_copied(form):
    resolved = form.resolved(2019)
    shared = 0
    for before, after in zip(form.slots, resolved.slots, strict=True):
        if before.question.model_dump_json() == after.question.model_dump_json():
            assert after.question is before.question, before.key
            shared += 1
    assert shared >= len(form.slots) - len(form.parameter_paths())


def test_resolving_twice_gives_the_same_form_and_the_registered_one_is_untouched(form):
    registered = form.model_dump()
    assert form.resolved(2016) is form.resolved(2016)
    assert form.resolved(2016).title != form.resolved(2017).title or "{year}" not in form.title
    assert form.model_dump() == registered
    assert form.resolved(2016).resolved(2030).model_dump() == form.resolved(2016).model_dump()


def test_an_edited_copy_finds_its_own_parameters():
    form = load_form(next(path for path in FORMS if path.stem == "global-alliance-2014"))
    assert form.parameter_paths()
    edited = form.model_copy(update={"description": "Replies for {next_year} are due in {year}."})
    assert edited.resolved(2020).description == "Replies for 2021 are due in 2020."
    assert form.resolved(2020).description == form.description
