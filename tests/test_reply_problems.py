"""The reply's rules below the window: problems in ``definitions``, the store's refusal, ``replydesk check``."""

from __future__ import annotations

import pytest
from tests.ui_helpers import FORMS, new_reply

from replydesk.definitions.model import QuestionType
from replydesk.definitions.problems import find_problems, question_name
from replydesk.definitions.registry import Registry
from replydesk.store import ReplyHasProblems, Store, reply_context

BASELINE = "coe-ocsea-baseline"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load(FORMS)


def test_problems_name_the_question_and_its_key(registry):
    form = registry.get(BASELINE).resolved(2020)
    problems = find_problems(form, {})
    required = [s for s in form.slots if s.question.required and not s.question.relevant]
    assert required and {p.key for p in problems} >= {s.key for s in required}
    first = next(p for p in problems if p.key == required[0].key)
    assert first.what == "required, still empty"
    assert first.question == question_name(required[0]) == "Fig. 1 › Lanzarote Convention"  # its short label
    assert str(first) == f"{first.key}: {first.question}: required, still empty"


@pytest.mark.parametrize("form_id", [BASELINE, "global-alliance-2014", "lanzarote-2-csgsiv-follow-up"])
def test_every_question_has_a_readable_name_of_its_own(registry, form_id):
    """Problems name the question, not only its section: baseline questions (no label, or one that several
    share) by their prompt; every name in a form differs from the others."""
    form = registry.get(form_id).resolved()
    names = {slot.key: question_name(slot) for slot in form.slots}
    assert len(set(names.values())) == len(names)
    for slot in form.slots:
        name = names[slot.key]
        assert " › " in name and len(name) < 160, name
        assert (slot.question.short or slot.question.prompt[:30]) in name, name
    if form_id == "global-alliance-2014":
        assert names["pt1.og1.a"].startswith("Policy Target No. 1 › Operational Goal 1 › A) Please report")
    if form_id == BASELINE:
        # the area by its short label where its own is a bare number, each question by its short label
        assert names["area4.cybertip_year"] == "4. – Law enforcement › NCMEC 2020 reports"


def test_word_limits_invalid_values_and_the_callers_own_problems(registry):
    form = registry.get(BASELINE).resolved(2020)
    limited = next(s for s in form.slots if s.question.word_limit and s.question.type is QuestionType.LONG_TEXT)
    choice = next(s for s in form.slots if s.question.type is QuestionType.SINGLE_CHOICE and not s.question.relevant)
    values = {limited.key: "word " * (limited.question.word_limit + 1), choice.key: "no such choice"}
    every = {s.key for s in form.slots}  # as if each condition held
    problems = find_problems(form, values, relevant=every, also={limited.key: "typed text"})
    found = [p.what for p in problems if p.key == limited.key]
    assert found == [f"{limited.question.word_limit + 1} words, over the limit of {limited.question.word_limit}",
                     "typed text"]
    assert [p.what for p in problems if p.key == choice.key][0].startswith("not a valid answer: ")
    assert limited.key not in {p.key for p in find_problems(form, values)} or not limited.question.relevant


def test_the_store_refuses_final_while_problems_remain(db_path, registry):
    reply_id = new_reply(db_path, form_id=BASELINE, country="Denmark", year=2020)
    with Store.open(db_path, write=True) as store:
        with pytest.raises(ReplyHasProblems, match=rf"reply {reply_id} cannot be marked final while \d+ problems") \
                as refused:
            store.set_reply_status(reply_id, "final")
        assert refused.value.problems and all(f"  {p}" in str(refused.value) for p in refused.value.problems)
        form = registry.get(BASELINE).resolved(2020)
        with pytest.raises(ReplyHasProblems):
            store.set_reply_status(reply_id, "final", form=form)  # the caller's form: the same rules
        assert store.reply(reply_id).status == "drafting"
        assert [e.action for e in store.events(reply_id)] == ["created"]
        store.set_reply_status(reply_id, "in_review")  # only final is held to the rules
    ga = new_reply(db_path, country="Norway")
    with Store.open(db_path, write=True) as store:
        assert store.set_reply_status(ga, "final").status == "final"


def test_the_context_carries_the_form_as_registered_and_for_the_reply_year(db_path, registry):
    reply_id = new_reply(db_path, year=2016, answers={"pt1.og1.a": "Text."})
    with Store.open(db_path, write=False) as store:
        context = reply_context(store, registry, reply_id)
    assert context.reply.id == reply_id and context.values == {"pt1.og1.a": "Text."}
    assert context.form_as_registered is registry.get("global-alliance-2014")
    assert context.form_for_year.title.endswith("– 2016 Reporting Form")
    assert "{year}" in context.form_as_registered.title


def test_check_prints_each_problem_and_exits_1(cli, db_path):
    reply_id = new_reply(db_path, form_id=BASELINE, country="Denmark", year=2020)
    result = cli("check", str(reply_id))
    assert result.code == 1, result.err
    lines = result.out.splitlines()
    assert lines and all(": " in line for line in lines)
    assert any(line.endswith(": required, still empty") for line in lines)
    key = lines[0].split(": ", 1)[0]
    assert " " not in key and "." in key  # the question's key first


def test_check_says_no_problems_and_exits_0_or_2_for_an_unknown_reply(cli, db_path):
    reply_id = new_reply(db_path)
    result = cli("check", str(reply_id))
    assert result.code == 0 and result.out.strip() == f"No problems: reply {reply_id} can be marked final."
    unknown = cli("check", "99")
    assert unknown.code == 2 and "there is no reply 99" in unknown.err and unknown.out == ""


def _mark_final_action(window):
    from PySide6.QtGui import QAction

    (action,) = [a for a in window.findChildren(QAction) if a.objectName() == "markFinal"]
    return action


def test_mark_final_in_the_window_is_refused_with_the_list(open_window, db_path, dialogs):
    reply_id = new_reply(db_path, form_id=BASELINE, country="Denmark", year=2020)
    window = open_window(reply_id)
    action = _mark_final_action(window)
    assert action.isEnabled()
    action.trigger()
    kind, title, text = dialogs[-1]
    assert (kind, title) == ("warning", "Reply not marked final") and "required, still empty" in text
    assert window.session.reply.status == "drafting"
    assert window.validation.list.count() > 0


def test_the_store_refuses_final_even_when_the_window_saw_no_problem(open_window, db_path, dialogs, monkeypatch):
    from replydesk.ui import review_workflow

    reply_id = new_reply(db_path, form_id=BASELINE, country="Denmark", year=2020)
    window = open_window(reply_id)
    monkeypatch.setattr(review_workflow, "find_problems", lambda *_args: [])
    _mark_final_action(window).trigger()
    assert [d[1] for d in dialogs][-2:] == ["Mark reply final", "Reply not marked final"]
    assert "required, still empty" in dialogs[-1][2]
    with Store.open(db_path, write=False) as store:
        assert store.reply(reply_id).status == "drafting"
