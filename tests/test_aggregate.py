"""The secretariat's aggregation: 54 returns in one import, then the consolidated workbook and Word report."""

from __future__ import annotations

import argparse
import datetime as dt

import docx
import openpyxl
import pytest
from tests import aggregate_expected
from tests.test_excel_support import realistic_answer

from replydesk.cli.excel_commands import add_aggregate_parser, cmd_aggregate, import_excel
from replydesk.documents.common.plain import plain_answer
from replydesk.documents.excel.export import ReturnSource, export_return
from replydesk.documents.secretariat.consolidation import (
    CountryReturn,
    State,
    consolidate,
    coverage,
    load_consolidation,
    outline,
)
from replydesk.documents.secretariat.report_docx import write_report
from replydesk.documents.secretariat.workbook_xlsx import write_consolidated_workbook
from replydesk.store import Store

#: Countries that leave one prompt empty, so the report and coverage show "empty".
SILENT_ON_PT4 = {"ALBANIA", "JAPAN", "UKRAINE"}


def returns_for(form, countries):
    for index, country in enumerate(countries):
        values = {key: realistic_answer(country, index + n) for n, key in enumerate(form.keys())}
        if country in SILENT_ON_PT4:
            values["pt4.og2.c"] = None
        yield country, values


def style(paragraph) -> str:
    """A paragraph's style name, read from its style id (python-docx's own lookup is slow over thousands)."""
    style_id = paragraph._p.style or "Normal"
    return {"Heading1": "Heading 1", "Heading2": "Heading 2", "Heading3": "Heading 3",
            "ListBullet": "List Bullet"}.get(style_id, style_id)


@pytest.fixture(scope="module")
def imported(tmp_path_factory, ga_form):
    """All 54 members' returns written as workbooks and imported with one call."""
    folder = tmp_path_factory.mktemp("returns")
    paths = []
    for country, values in returns_for(ga_form, [p.name for p in ga_form.participants]):
        path = folder / f"{country}.xlsx"
        export_return(ReturnSource(form=ga_form, country=country, year=2014, values=values), path)
        paths.append(path)
    db = folder / "secretariat.sqlite3"
    code = import_excel(argparse.Namespace(db=db, command="import"), paths)
    return db, code, folder


def test_54_returns_import_in_one_call(imported, ga_form):
    db, code, _ = imported
    assert code == 0
    with Store.open(db, write=False) as store:
        replies = store.replies()
        assert len(replies) == 54
        assert {r.country for r in replies} == {p.name for p in ga_form.participants}


def test_the_consolidated_workbook_shows_coverage_questions_and_countries(imported, ga_form):
    db, _, folder = imported
    out = folder / "consolidated.xlsx"
    aggregate_args = argparse.Namespace(db=db, command="aggregate", form=ga_form.id, year=2014, xlsx=out, docx=None)
    assert cmd_aggregate(aggregate_args) == 0
    workbook = openpyxl.load_workbook(out)
    names = workbook.sheetnames
    assert names[0] == "Coverage"
    assert names[1:22] == ga_form.keys()
    assert sorted(names[22:]) == sorted(p.name for p in ga_form.participants) and len(names) == 1 + 21 + 54
    sheet = workbook["Coverage"]
    header = [c.value for c in sheet[5]]
    assert header[:3] == ["Member", "Return", "Answered (of 21)"] and header[3:] == ga_form.keys()
    rows = list(sheet.iter_rows(min_row=6, max_row=6 + 53, values_only=True))
    assert [r[0] for r in rows] == sorted(p.name for p in ga_form.participants)
    for row in rows:
        silent = row[0] in SILENT_ON_PT4
        assert row[2] == (20 if silent else 21)
        assert row[3:] == tuple(["answered"] * 20 + ["empty" if silent else "answered"])
    totals = [c.value for c in sheet[60]]
    assert totals[2] == 54 * 21 - 3 and totals[-1] == 51 and totals[3] == 54
    assert sheet["D6"].fill.fgColor.rgb.endswith("C6EFCE")
    question = workbook["pt1.og1.a"]
    assert [c.value for c in question[4]] == ["Member", "State", "Answer"]
    assert question["A5"].value == "ALBANIA" and question["C5"].value.startswith("ALBANIA: ")
    assert "• measure one for ALBANIA" in question["C5"].value
    denmark = workbook["DENMARK"]
    assert [denmark.cell(row=r, column=1).value for r in range(5, 26)] == ga_form.keys()


def test_the_report_is_organised_by_target_goal_and_prompt(imported, ga_form):
    db, _, folder = imported
    out = folder / "report.docx"
    assert cmd_aggregate(argparse.Namespace(db=db, command="aggregate", form=ga_form.id, year=2014, xlsx=None,
                                            docx=out)) == 0
    paragraphs = docx.Document(str(out)).paragraphs
    headings = [(style(p), p.text) for p in paragraphs if style(p).startswith("Heading")]
    assert headings[0] == ("Heading 1", "Members that returned the form")
    assert headings[1:6] == [
        ("Heading 1", "Policy Target No. 1"), ("Heading 2", "Operational Goal 1"),
        ("Heading 3", "A) Please report on implementation of any measures announced in your country's 2013 report"),
        ("Heading 3", "B) Please assess progress made in your country to pursue this shared policy target and to "
                      "reach this operational goal of the Global Alliance"),
        ("Heading 3", "C) Please indicate specific actions that your country will undertake as a follow-up"),
    ]
    assert [h for h in headings if h[0] == "Heading 1"][1:] == [
        ("Heading 1", f"Policy Target No. {n}") for n in range(1, 5)] + [("Heading 1", "Members with no return")]
    assert len([h for h in headings if h[0] == "Heading 3"]) == 21
    first_prompt = [p.text for p in paragraphs].index(headings[3][1])
    second_prompt = [p.text for p in paragraphs].index(headings[4][1])
    countries = [p.text for p in paragraphs[first_prompt:second_prompt] if style(p) == "Country"]
    assert countries == sorted(p.name for p in ga_form.participants)
    answer = paragraphs[first_prompt + 2]
    assert answer.text.startswith("ALBANIA: ") and paragraphs[first_prompt + 1].text == "ALBANIA"
    bullets = [p for p in paragraphs[first_prompt:second_prompt] if style(p) == "List Bullet"]
    assert bullets[0].text == "measure one for ALBANIA" and any(r.bold for r in bullets[1].runs)
    texts = [p.text for p in paragraphs]
    assert "No answer from: ALBANIA, JAPAN, UKRAINE." in texts
    assert texts[-1] == "Every member returned the form."


def test_participants_without_a_return_are_listed_and_greyed(ga_form, db_path, tmp_path):
    with Store.open(db_path, write=True) as store:
        for country in ("SWEDEN", "DENMARK", "TÜRKIYE"):
            reply = store.create_reply(ga_form, ga_form.participant(country).name, 2014)
            store.save_answers(reply.id, ga_form, {"pt1.og1.a": f"{country} text"})
        consolidation = load_consolidation(store, ga_form, 2014)
    assert [r.country for r in consolidation.returns] == ["DENMARK", "SWEDEN", "TURKEY"]
    assert len(consolidation.missing) == 51 and "TURKEY" not in consolidation.missing
    report, workbook = tmp_path / "r.docx", tmp_path / "w.xlsx"
    args = argparse.Namespace(db=db_path, command="aggregate", form=ga_form.id, year=2014, xlsx=workbook,
                              docx=report)
    assert cmd_aggregate(args) == 0
    texts = [p.text for p in docx.Document(str(report)).paragraphs]
    closing = texts[texts.index("Members with no return") + 1:]
    assert closing == list(consolidation.missing) and closing[0] == "ALBANIA"
    sheet = openpyxl.load_workbook(workbook)["Coverage"]
    albania = next(row for row in sheet.iter_rows(min_row=6) if row[0].value == "ALBANIA")
    assert albania[1].value == "no return" and albania[3].value == "no return"
    assert albania[3].fill.fgColor.rgb.endswith("D9D9D9")


def test_coverage_and_outline_are_plain_data(ga_form):
    form = ga_form.resolved(2014)
    now = dt.datetime(2024, 1, 1)
    returns = [CountryReturn("ÖSTERREICH", 1, "final", now, {"pt1.og1.a": "x", "pt1.og1.b": "  "}),
               CountryReturn("DENMARK", 2, "drafting", now, {})]
    consolidation = consolidate(form, 2014, returns)
    assert [r.country for r in consolidation.returns] == ["DENMARK", "ÖSTERREICH"]
    assert consolidation.participants.index("ÖSTERREICH") == consolidation.participants.index("NORWAY") + 1
    matrix = coverage(consolidation)
    assert matrix.states[("ÖSTERREICH", "pt1.og1.a")] is State.ANSWERED
    assert matrix.states[("ÖSTERREICH", "pt1.og1.b")] is State.EMPTY
    assert matrix.states[("ALBANIA", "pt1.og1.a")] is State.NO_RETURN
    assert matrix.totals[State.ANSWERED] == 1 and matrix.by_key["pt1.og1.a"] == 1
    assert [s.heading for s in outline(form)][:4] == [
        "Policy Target No. 1", "Operational Goal 1", "Policy Target No. 2", "Operational Goal 1"]
    assert [len(s.slots) for s in outline(form)][:2] == [0, 3]


def test_plain_answers_show_labels_and_table_rows(registry):
    form = registry.get("coe-ocsea-baseline")
    services = form.slot("area6.services").question
    value = [{"service": "hotline", "name": "Red Barnet", "operator": "NGO"}]
    assert plain_answer(services, value).startswith("Service: Hotline for reporting CSAM; Name: Red Barnet")
    assert plain_answer(form.slot("commitments.weprotect").question, "yes") == "Yes"


def test_the_aggregate_command_needs_an_output(db_path, ga_form):
    from replydesk.cli.context import CommandError

    parser = argparse.ArgumentParser()
    add_aggregate_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["aggregate", "--form", ga_form.id, "--year", "2014"])
    args.db = db_path
    with pytest.raises(CommandError) as raised:
        cmd_aggregate(args)
    assert raised.value.code == 2


@pytest.mark.parametrize(("form_id", "year", "engine"),
                         [(*form, "sqlite") for form in aggregate_expected.FORMS]
                         + [(*aggregate_expected.FORMS[2], "postgresql")], indirect=["engine"])
def test_streamed_files_are_the_files_of_record(tmp_path, registry, form_id, year, db_path):
    """The write-only workbook and the spooled report, written from the store question by question, show a
    person exactly what the whole-in-memory files did (tests/data/aggregate/, written at commit 04f7552):
    every cell's text and look (bold headers, fills, wrapping, borders, links), merged titles, column widths,
    row heights, frozen panes, filter, print set-up, and every paragraph and table of the report; from a
    file, and from a team's server."""
    db = db_path
    aggregate_expected.fill_store(db, registry)
    workbook, report = tmp_path / "all.xlsx", tmp_path / "all.docx"
    args = argparse.Namespace(db=db, command="aggregate", form=form_id, year=year, xlsx=workbook, docx=report)
    assert cmd_aggregate(args) == 0
    written, expected = (aggregate_expected.workbook_view(workbook),
                         aggregate_expected.workbook_view(aggregate_expected.EXPECTED / f"{form_id}.xlsx"))
    assert written["sheets"] == expected["sheets"]
    for name in expected:
        assert written[name] == expected[name], name
    coverage_sheet = written["Coverage"]
    assert coverage_sheet["freeze"] == "D6" and coverage_sheet["widths"]["A"] == 28
    assert coverage_sheet["cells"]["A5"][3] is True  # bold header
    written, expected = (aggregate_expected.document_view(report),
                         aggregate_expected.document_view(aggregate_expected.EXPECTED / f"{form_id}.docx"))
    assert len(written["body"]) == len(expected["body"]) > 100
    for number, (paragraph, of_record) in enumerate(zip(written["body"], expected["body"], strict=True)):
        assert paragraph == of_record, f"body element {number}"
    assert written == expected


def test_the_ui_export_of_held_returns_writes_the_same_files(tmp_path, registry):
    """The Secretariat window holds its returns (load_consolidation) and writes through the same functions."""
    form_id, year = aggregate_expected.FORMS[1]
    db = tmp_path / "returns.sqlite3"
    aggregate_expected.fill_store(db, registry)
    with Store.open(db, write=False) as store:
        held = load_consolidation(store, registry.get(form_id), year)
    assert held.reader is None and held.returns[0].values
    workbook, report = tmp_path / "held.xlsx", tmp_path / "held.docx"
    write_consolidated_workbook(held, workbook)
    write_report(held, report)
    assert (aggregate_expected.workbook_view(workbook)
            == aggregate_expected.workbook_view(aggregate_expected.EXPECTED / f"{form_id}.xlsx"))
    assert (aggregate_expected.document_view(report)
            == aggregate_expected.document_view(aggregate_expected.EXPECTED / f"{form_id}.docx"))


def test_the_lanzarote_aggregate_speaks_of_parties(tmp_path, registry, db_path, capsys):
    """The form's own plural ("Parties"), never the label with an s ("Partys"); one return is "1 return"."""
    form_id, year = aggregate_expected.FORMS[2]
    aggregate_expected.fill_store(db_path, registry)
    workbook, report = tmp_path / "all.xlsx", tmp_path / "all.docx"
    args = argparse.Namespace(db=db_path, command="aggregate", form=form_id, year=year, xlsx=workbook, docx=report)
    assert cmd_aggregate(args) == 0
    assert "3 returns from 47 parties (44 without a return)" in capsys.readouterr().out
    sheet = openpyxl.load_workbook(workbook)["Coverage"]
    texts = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None]
    paragraphs = [p.text for p in docx.Document(str(report)).paragraphs]
    assert any("from 47 parties;" in text for text in texts) and "Parties answering" in texts
    assert "Parties that returned the form" in paragraphs and "Parties with no return" in paragraphs
    assert not any("artys" in text for text in texts + paragraphs)
