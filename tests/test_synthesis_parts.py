"""The synthesis's pure parts: members named as the report names them, ranking, quotes; Lanzarote chapters."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from replydesk.definitions.members import join_names, member_list, title_case
from replydesk.definitions.quotes import contains, relocate
from replydesk.definitions.ranking import marked, rank
from replydesk.documents.secretariat.synthesis import load_synthesis
from replydesk.documents.secretariat.synthesis_docx import action_code, write_synthesis_report
from replydesk.store import Store


def test_members_are_listed_in_the_reports_style(ga_form):
    assert member_list(ga_form, ["SWEDEN", "DENMARK", "BELGIUM", "SLOVENIA"]) == \
        "Belgium, Denmark, Slovenia, and Sweden"
    # "the" where the report uses it, aliases found, sorted without the article, the Republic of Korea
    # under K (its sort key in the definition), as the 2015 report lists "Japan, the Republic of Korea, Kosovo"
    assert member_list(ga_form, ["UNITED KINGDOM", "Korea", "slovak republic", "NEW ZEALAND", "NETHERLANDS",
                                 "BOSNIA AND HERZEGOVINA"]) == (
        "Bosnia and Herzegovina, the Republic of Korea, the Netherlands, New Zealand, the Slovak Republic, "
        "and the United Kingdom")
    assert member_list(ga_form, ["LATVIA", "KOSOVO", "KOREA", "JAPAN"]) == \
        "Japan, the Republic of Korea, Kosovo, and Latvia"
    without = ga_form.model_copy(update={"serial_comma": False})
    assert member_list(without, ["SWEDEN", "DENMARK", "BELGIUM"]) == "Belgium, Denmark and Sweden"
    assert member_list(ga_form, ["DENMARK", "UNITED STATES"]) == "Denmark and the United States"
    assert member_list(ga_form, ["ALBANIA"]) == "Albania"
    assert join_names([]) == ""
    assert title_case("BOSNIA & HERZEGOVINA") == "Bosnia and Herzegovina"
    assert title_case("GUINEA-BISSAU") == "Guinea-Bissau"


def test_a_passage_with_the_themes_terms_ranks_above_one_without():
    documents = [
        ("weather", "The weather in Copenhagen was mild this spring."),
        ("database only", "The database of the national police was renewed in the spring."),
        ("both", "Denmark contributes images to the ICSE database."),
    ]
    hits = rank(["ICSE", "databases"], documents)
    assert [hit.id for hit in hits] == ["both", "database only"]  # the weather shares no term: not listed
    assert marked(hits[0].text, hits[0].spans) == "Denmark contributes images to the [ICSE] [database]."
    assert rank(["ICSE"], documents) == rank(["ICSE"], documents)  # the same on every run



def test_an_answer_typed_with_curly_quotes_ranks_as_the_same_answer_typed_with_straight_ones():
    """Plain-ASCII paragraphs take a faster path than those with other characters: both must count alike."""
    straight = "The police's VICTIMS_DB, 2015: victims' data and Agencies; the agency's databases (x) a b."
    curly = straight.replace("'", "\u2019")
    documents = [("straight", straight), ("curly", curly), ("other", "Weather, spring and a database or two.")]
    hits = {hit.id: hit for hit in rank(["victims", "agency", "database", "2015", "db"], documents)}
    assert hits["straight"].score == hits["curly"].score
    assert hits["straight"].spans == hits["curly"].spans
    assert [straight[s:e] for s, e in hits["straight"].spans] == ["victims", "Agencies", "agency", "databases"]


def test_a_snippet_shows_the_matching_words_in_context():
    text = ("Introduction. " * 40) + "The ICSE database grew. " + ("Closing words. " * 40)
    hit = rank(["ICSE"], [("long", text)])[0]
    snippet, spans = hit.snippet(80)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert [snippet[s:e] for s, e in spans] == ["ICSE"]


def test_quotes_are_found_as_a_reader_sees_the_answer_and_followed_when_reworded():
    answer = "Denmark established **five** special\n\n\"Children's Houses\" in all municipalities."
    assert contains(answer, 'five special "Children\'s Houses"')
    assert not contains(answer, "six special")
    assert relocate("Denmark established six special Children's Houses, in all municipalities.",
                    "five special Children's Houses") == "six special Children's Houses"
    assert relocate("Nothing about it.", "five special Children's Houses") is None
    assert contains([{"name": "Hotline", "url": "https://example.org"}], "Hotline")


def test_lanzarote_themes_go_under_a_chapter_and_its_recommendations(db_path, registry, tmp_path: Path):
    form = registry.get("lanzarote-2-csgsiv-follow-up")
    resolved = form.resolved(2023)
    with Store.open(db_path, write=True, purpose="the tests") as store:
        replies = {}
        for country in ("DENMARK", "NETHERLANDS", "REPUBLIC OF MOLDOVA"):
            reply = store.create_reply(form, country, 2023)
            replies[country] = reply.id
        chapter_key = form.groups[0].key
        recommendation = form.groups[0].groups[0]
        slot = next(s for s in resolved.slots if s.path[-1].key == recommendation.key
                    and s.question.type.value == "long_text")
        store.save_answers(replies["NETHERLANDS"], resolved, {slot.key: "Training for judges was extended."})
        store.save_answers(replies["DENMARK"], resolved, {slot.key: "Judges now receive training on ICT."})
        chapter_theme = store.add_theme(resolved, 2023, chapter_key, "Training of professionals")
        store.tag(chapter_theme.id, replies["NETHERLANDS"], slot.key, "Training for judges")
        store.tag(chapter_theme.id, replies["DENMARK"], slot.key, "receive training on ICT")
        synthesis = load_synthesis(store, form, 2023)
    (section,) = synthesis.sections
    assert section.key == chapter_key
    assert synthesis.names(section.actions[0].countries) == "Denmark and the Netherlands"
    assert section.untagged == ("REPUBLIC OF MOLDOVA",)
    assert action_code(section, section.actions[0]) == f"{form.groups[0].number or chapter_key} #1"
    path = write_synthesis_report(synthesis, tmp_path / "lanzarote.docx")
    text = [p.text for p in Document(str(path)).paragraphs]
    assert f"CHAPTER {form.groups[0].number}" in text and form.groups[0].title in text
    assert "Action #1 | Training of professionals" in text
    assert "Denmark and the Netherlands." in text  # the draft narrative: its Parties


@pytest.mark.parametrize("under", ["pt9", "pt1.og7", ""])
def test_a_theme_under_a_group_the_form_does_not_have_is_refused(store, ga_form, under):
    from replydesk.store import StoreError

    with pytest.raises(StoreError, match="has no group"):
        store.add_theme(ga_form, 2014, under, "Anything")
    assert store.themes(ga_form.id, 2014) == []


def test_report_names_are_not_part_of_what_a_reply_answers(ga_form):
    """Adding how the report writes and sorts members must not turn every return already sent away as another
    form."""
    from replydesk.definitions.model import Form

    content = ga_form.model_dump()
    content.update(participants_label_plural="Memberz", serial_comma=False,
                   participants=[{**p, "report_name": "", "sort_key": ""} for p in content["participants"]])
    plain = Form.model_validate(content)  # built afresh: nothing cached from ga_form
    assert any(p.report_name for p in ga_form.participants) and any(p.sort_key for p in ga_form.participants)
    assert plain.definition_hash == ga_form.definition_hash


def test_the_participants_label_has_its_english_plural(ga_form, registry):
    assert ga_form.participants_plural == "Members"
    assert registry.get("lanzarote-2-csgsiv-follow-up").participants_plural == "Parties"
    assert registry.get("coe-ocsea-baseline").participants_plural == "Member states"
    assert ga_form.model_copy(update={"participants_label_plural": "Members of the Alliance"}).participants_plural \
        == "Members of the Alliance"
