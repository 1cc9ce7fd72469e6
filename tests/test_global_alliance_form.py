"""The Global Alliance form carries the 2014 reporting form's structure and wording exactly."""

from __future__ import annotations

import re

from tests import sources

EXPECTED_KEYS = [f"pt{t}.og{g}.{p}" for t, goals in ((1, 1), (2, 2), (3, 2), (4, 2))
                 for g in range(1, goals + 1) for p in "abc"]


def normalise(text: str) -> str:
    text = re.sub(r"</?u>", "", text)
    return " ".join(text.split())


def test_exactly_the_21_keys_in_document_order(ga_form):
    assert ga_form.keys() == EXPECTED_KEYS
    assert len(ga_form.keys()) == 21


def test_targets_goals_and_prompts_are_verbatim_from_the_filled_form(ga_form):
    source = normalise(sources.GA_2014_DENMARK.read_text(encoding="utf-8"))
    form = ga_form.resolved(2014)
    assert form.title == "Global Alliance Against Child Sexual Abuse Online – 2014 Reporting Form"
    for target in form.groups:
        assert f"{target.label} {target.text}" in source, target.label
        for goal in target.groups:
            assert goal.text in source, goal.text
            for question in goal.questions:
                assert f"{question.label} {question.prompt}" in source, (goal.key, question.key)


def test_policy_target_4_second_goal_has_its_own_c_prompt(ga_form):
    c42 = ga_form.slot("pt4.og2.c").question.prompt
    assert c42 == "Please indicate specific actions that will be undertaken as a follow-up"
    assert ga_form.slot("pt4.og1.c").question.prompt == (
        "Please indicate specific actions that your country will undertake as a follow-up"
    )


def test_a_prompt_names_the_previous_cycle(ga_form):
    assert "your country's 2015 report" in ga_form.resolved(2016).slot("pt3.og2.a").question.prompt
    assert ga_form.resolved(2016).title.endswith("– 2016 Reporting Form")


def test_participants_are_the_54_members_of_the_2015_report(ga_form):
    lines = sources.GA_2015_REPORT.read_text(encoding="utf-8").splitlines()
    start = lines.index("Global Alliance Members")
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("POLICY TARGET 1"))
    members = [line.strip() for line in lines[start + 1:end] if line.strip()]
    assert [p.name for p in ga_form.participants] == members
    assert len(members) == 54


def test_aliases_resolve_to_the_canonical_name(ga_form):
    assert ga_form.participant("LUXEMBURG").name == "LUXEMBOURG"
    assert ga_form.participant("Bosnia and Herzegovina").name == "BOSNIA & HERZEGOVINA"
    assert ga_form.participant("slovak republic").name == "SLOVAKIA"
    assert ga_form.participant("Republic of Moldova").name == "MOLDOVA"
    assert ga_form.participant("Atlantis") is None


def test_definition_hash_identifies_the_content(ga_form):
    same = ga_form.model_validate(ga_form.model_dump())
    assert same.definition_hash == ga_form.definition_hash
    changed = ga_form.model_dump()
    changed["groups"][0]["text"] += " (amended)"
    assert ga_form.model_validate(changed).definition_hash != ga_form.definition_hash


def test_a_form_resolved_for_a_year_names_the_same_definition(ga_form):
    assert ga_form.resolved(2016).definition_hash == ga_form.definition_hash
    assert ga_form.resolved(2016).title != ga_form.resolved(2014).title


def test_an_edited_copy_is_another_definition(ga_form):
    assert ga_form.definition_hash  # cached now
    edited = ga_form.model_copy(update={"title": "Edited title"})
    assert edited.definition_hash != ga_form.definition_hash
