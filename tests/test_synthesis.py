"""From returns to the synthesis report: themes and tags through the command line, the report read back.

Denmark's 2014 return (from the source document) and six other members' returns, each with
the facts the 2015 report attributes to it (tests/members_2014.py). Themes are added and
passages tagged with ``replydesk theme``; ``replydesk report`` writes the Word report and
the Excel matrix, which are read back with python-docx and openpyxl.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from docx import Document

import denmark
from members_2014 import RETURNS
from replydesk.store import Store

FORM = "global-alliance-2014"


@pytest.fixture
def returns(db_path: Path, ga_form) -> dict[str, int]:
    """Reply ids by country: Denmark's and six other members' 2014 returns, in a real database."""
    ids = {}
    with Store.open(db_path, write=True, purpose="the tests") as store:
        for country, answers in {denmark.COUNTRY: denmark.answers(), **RETURNS}.items():
            reply = store.create_reply(ga_form, country, 2014)
            store.save_answers(reply.id, ga_form.resolved(2014), answers)
            ids[country] = reply.id
    return ids


def last_line(result) -> str:
    assert result.code == 0, result.err
    return result.out.strip().splitlines()[-1]


def add_theme(cli, under: str, title: str) -> int:
    return int(last_line(cli("theme", "add", "--form", FORM, "--year", "2014", "--under", under, "--title", title)))


def tag(cli, theme: int, reply: int, key: str, quote: str) -> int:
    return int(last_line(cli("theme", "tag", str(theme), str(reply), key, "--quote", quote)))


@pytest.fixture
def tagged(cli, returns, tmp_path) -> dict[str, int]:
    """The 2015 report's first actions, tagged as an analyst would from the returns."""
    in4 = add_theme(cli, "pt1.og1", "Participating in the IN-4-MATION project.")
    icse = add_theme(cli, "pt1.og1", "Improving use and content of the ICSE database.")
    assist = add_theme(cli, "pt1.og1", "Improving victim assistance, support and protection.")
    law = add_theme(cli, "pt2.og1", "Comprehensive substantive criminal law.")
    tag(cli, in4, returns["BELGIUM"], "pt1.og1.b", "Netherlands-led IN-4-MATION project")
    tag(cli, in4, returns["SWEDEN"], "pt1.og1.b", "Sweden participates in the IN-4-MATION project")
    tag(cli, in4, returns["SLOVENIA"], "pt1.og1.b", "Slovenia joined the IN-4-MATION project")
    tag(cli, icse, returns["UNITED KINGDOM"], "pt1.og1.a", "ICSE hash sets were disseminated to every United "
                                                          "Kingdom police force")
    tag(cli, icse, returns["REPUBLIC OF KOREA"], "pt1.og1.b", "gained access to the ICSE database in 2014")
    tag(cli, assist, returns["DENMARK"], "pt1.og1.a", 'the establishment of five special "Children\'s Houses"')
    tag(cli, assist, returns["REPUBLIC OF KOREA"], "pt1.og1.b", "The Sunflower Children's Center, a national "
                                                                "network of eight institutions")
    tag(cli, law, returns["BELGIUM"], "pt2.og1.b", "criminalises the possession of and knowingly accessing")
    narrative = tmp_path / "in4.md"
    narrative.write_text("Several member states, including {members}, reported on the ongoing development of and "
                         "participation in the Netherlands-led IN-4-MATION project.", encoding="utf-8")
    assert cli("theme", "edit", str(in4), "--narrative", str(narrative)).code == 0
    narrative.write_text("{members} reported new or expanded access and contributions to the ICSE database.",
                         encoding="utf-8")
    assert cli("theme", "edit", str(icse), "--narrative", str(narrative)).code == 0
    return {"in4": in4, "icse": icse, "assist": assist, "law": law}


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def test_the_report_follows_the_2015_report_with_each_actions_members_in_its_style(cli, tagged, tmp_path):
    report, matrix = tmp_path / "synthesis.docx", tmp_path / "synthesis.xlsx"
    result = cli("report", "--form", FORM, "--year", "2014", "--docx", str(report), "--xlsx", str(matrix))
    assert result.code == 0, result.err
    assert "4 action(s) from 7 returns" in result.out
    document = Document(str(report))
    text = [p.text for p in document.paragraphs]
    styles = {p.text: p.style.name for p in document.paragraphs}
    assert text[0] == "Synthesis of the 2014 returns" and styles[text[0]] == "Title"
    start = text.index("POLICY TARGET 1")
    assert text[start:start + 6] == [
        "POLICY TARGET 1",
        "Enhancing efforts to identify victims and ensuring that they receive the necessary assistance, support "
        "and protection",
        "OPERATIONAL GOAL",
        "Increase the number of identified victims in the International Child Sexual Exploitation images database "
        "(ICSE database) managed by INTERPOL by at least 10% yearly",
        "Action #1 | Participating in the IN-4-MATION project.",
        "Several member states, including Belgium, Slovenia, and Sweden, reported on the ongoing development of "
        "and participation in the Netherlands-led IN-4-MATION project.",
    ]
    # heading levels in order: target, goal, action
    assert [styles[t] for t in ("POLICY TARGET 1", "OPERATIONAL GOAL", text[start + 4])] == \
        ["Heading 1", "Heading 2", "Heading 3"]
    assert "The Republic of Korea and the United Kingdom reported new or expanded access and contributions to the " \
           "ICSE database." in text
    # an action without a narrative shows its members' list as its draft narrative
    third = text.index("Action #3 | Improving victim assistance, support and protection.")
    assert text[third + 1] == "Denmark and the Republic of Korea."
    assert text.index("POLICY TARGET 2") > third
    # nothing the secretariat did not write: no counts, no explanations, no product name, no quotes unchosen
    body = "\n".join(text)
    for added in ("Reported by", "Compiled by", "Reply Desk", "tagged under no action", "“", "Examples"):
        assert added not in body
    assert "Reply Desk" in document.core_properties.comments
    # the matrix: a row per member that returned, a column per action, passages counted
    sheet = openpyxl.load_workbook(matrix)["Actions"]
    header = [c.value for c in sheet[1]]
    assert header == ["Member", "1.1 #1 | Participating in the IN-4-MATION project.",
                      "1.1 #2 | Improving use and content of the ICSE database.",
                      "1.1 #3 | Improving victim assistance, support and protection.",
                      "2.1 #1 | Comprehensive substantive criminal law."]
    rows = {row[0].value: [c.value for c in row[1:]] for row in sheet.iter_rows(min_row=2)}
    assert rows["Belgium"] == [1, None, None, 1]
    assert rows["Republic of Korea"] == [None, 1, 1, None]
    assert rows["Albania"] == [None, None, None, None]
    assert rows["Members reporting"] == [3, 2, 2, 1]
    assert list(rows)[:7] == ["Albania", "Belgium", "Denmark", "Republic of Korea", "Slovenia", "Sweden",
                              "United Kingdom"]


def test_a_quote_that_is_not_in_the_answer_is_refused(cli, tagged, returns):
    result = cli("theme", "tag", str(tagged["in4"]), str(returns["DENMARK"]), "pt1.og1.b", "--quote",
                 "IN-4-MATION")
    assert result.code == 1
    assert "DENMARK's answer pt1.og1.b (reply" in result.err and "does not contain “IN-4-MATION”" in result.err
    shown = json.loads(cli("theme", "show", str(tagged["in4"]), "--json").out)
    assert sorted(p["member"] for p in shown["passages"]) == ["BELGIUM", "SLOVENIA", "SWEDEN"]


def test_untag_takes_a_member_off_the_action_and_the_report(cli, tagged, tmp_path):
    shown = json.loads(cli("theme", "show", str(tagged["in4"]), "--json").out)
    sweden = next(p for p in shown["passages"] if p["member"] == "SWEDEN")
    assert sweden["key"] == "pt1.og1.b" and sweden["text"] == "Sweden participates in the IN-4-MATION project"
    assert cli("theme", "untag", str(sweden["id"])).code == 0
    report = tmp_path / "r.docx"
    assert cli("report", "--form", FORM, "--year", "2014", "--docx", str(report)).code == 0
    assert "Several member states, including Belgium and Slovenia, reported on the ongoing development of and " \
           "participation in the Netherlands-led IN-4-MATION project." in paragraphs(report)
    again = cli("theme", "untag", str(sweden["id"]))
    assert again.code == 1 and "no tagged passage" in again.err


def test_merge_and_split_keep_every_passage(cli, tagged):
    icse, assist = tagged["icse"], tagged["assist"]
    assert cli("theme", "merge", str(assist), "--into", str(icse)).code == 0
    merged = json.loads(cli("theme", "show", str(icse), "--json").out)["passages"]
    assert sorted((p["member"], p["key"]) for p in merged) == [
        ("DENMARK", "pt1.og1.a"), ("REPUBLIC OF KOREA", "pt1.og1.b"), ("REPUBLIC OF KOREA", "pt1.og1.b"),
        ("UNITED KINGDOM", "pt1.og1.a")]
    listed = json.loads(cli("theme", "list", "--form", FORM, "--year", "2014", "--json").out)
    assert [t["title"] for t in listed if t["under"] == "pt1.og1"] == [
        "Participating in the IN-4-MATION project.", "Improving use and content of the ICSE database."]
    care = [p["id"] for p in merged if "Houses" in p["text"] or "Sunflower" in p["text"]]
    new = int(last_line(cli("theme", "split", str(icse), "--title", "Victim assistance", "--passages",
                            *map(str, care))))
    left = json.loads(cli("theme", "show", str(icse), "--json").out)["passages"]
    taken = json.loads(cli("theme", "show", str(new), "--json").out)["passages"]
    assert len(left) == 2 and len(taken) == 2
    listed = json.loads(cli("theme", "list", "--form", FORM, "--year", "2014", "--json").out)
    assert [(t["position"], t["title"]) for t in listed if t["under"] == "pt1.og1"] == [
        (1, "Participating in the IN-4-MATION project."), (2, "Improving use and content of the ICSE database."),
        (3, "Victim assistance")]  # numbered without the gap the merged action left
    wrong = cli("theme", "split", str(icse), "--title", "X", "--passages", str(care[0]))
    assert wrong.code == 1 and "not tagged with theme" in wrong.err


def test_a_changed_return_keeps_the_tag_on_its_new_wording_or_asks_for_attention(cli, tagged, returns, db_path,
                                                                                  ga_form):
    with Store.open(db_path, write=True, purpose="the tests") as store:
        store.save_answers(returns["SLOVENIA"], ga_form.resolved(2014), {
            "pt1.og1.b": "In 2014 Slovenia has joined the IN-4-MATION project to connect its national image database."})
        store.save_answers(returns["SWEDEN"], ga_form.resolved(2014), {
            "pt1.og1.b": "Sweden reports no change this year."})
    shown = json.loads(cli("theme", "show", str(tagged["in4"]), "--json").out)["passages"]
    by_member = {p["member"]: p for p in shown}
    assert by_member["SLOVENIA"]["state"] == "anchored"
    assert by_member["SLOVENIA"]["text"] == "Slovenia has joined the IN-4-MATION project"
    assert by_member["SWEDEN"]["state"] == "attention"
    assert by_member["SWEDEN"]["text"] == "Sweden participates in the IN-4-MATION project"
    printed = cli("theme", "show", str(tagged["in4"])).out
    assert "SWEDEN pt1.og1.b" in printed and "needs attention" in printed
    history = json.loads(cli("theme", "show", str(tagged["in4"]), "--json", "--history").out)["history"]
    assert [e["action"] for e in history] == ["added", "tagged", "tagged", "tagged", "narrative written",
                                              "re-anchored", "needs attention"]
    assert history[-2]["detail"] == {"old": "Slovenia joined the IN-4-MATION project",
                                     "new": "Slovenia has joined the IN-4-MATION project"}


def test_search_ranks_the_paragraphs_that_share_the_themes_terms_first(cli, tagged, returns):
    result = cli("theme", "search", str(tagged["icse"]), "--json")
    assert result.code == 0, result.err
    found = json.loads(result.out)
    assert (found[0]["member"], found[0]["key"]) == ("SWEDEN", "pt1.og1.c")  # the one untagged ICSE paragraph
    already = {("UNITED KINGDOM", "ICSE hash sets were disseminated"), ("REPUBLIC OF KOREA", "gained access")}
    assert not any(any(q in f["text"] for m, q in already if m == f["member"]) for f in found)
    shown = cli("theme", "search", str(tagged["icse"])).out
    assert "**ICSE**" in shown


def test_themes_carried_into_the_next_year_say_who_reported_in_both(cli, tagged, returns, db_path, ga_form,
                                                                     tmp_path):
    result = cli("theme", "carry", "--form", FORM, "--from", "2014", "--to", "2015")
    assert result.code == 0 and "Carried 4 theme(s)" in result.out
    again = cli("theme", "carry", "--form", FORM, "--from", "2014", "--to", "2015")
    assert "Carried 0 theme(s)" in again.out
    with Store.open(db_path, write=True, purpose="the tests") as store:
        ids = {}
        for country, text in {"BELGIUM": "Belgium still takes part in the IN-4-MATION project.",
                              "NORWAY": "Norway joined the IN-4-MATION project in 2015."}.items():
            reply = store.create_reply(ga_form, country, 2015)
            store.save_answers(reply.id, ga_form.resolved(2015), {"pt1.og1.b": text})
            ids[country] = reply.id
    listed = json.loads(cli("theme", "list", "--form", FORM, "--year", "2015", "--json").out)
    in4 = next(t["id"] for t in listed if t["title"].startswith("Participating"))
    tag(cli, in4, ids["BELGIUM"], "pt1.og1.b", "takes part in the IN-4-MATION project")
    tag(cli, in4, ids["NORWAY"], "pt1.og1.b", "joined the IN-4-MATION project")
    report = tmp_path / "2015.docx"
    assert cli("report", "--form", FORM, "--year", "2015", "--docx", str(report), "--annex").code == 0
    text = paragraphs(report)
    # the narrative came along, and now names the 2015 members
    assert "Several member states, including Belgium and Norway, reported on the ongoing development of and " \
           "participation in the Netherlands-led IN-4-MATION project." in text
    assert "1.1 #1: reported in both 2014 and 2015 by Belgium." in text
