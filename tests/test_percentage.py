"""The percentage type: typed and exported with a % sign, stored as the number of percent.

The Baseline Mapping's Fig. 4 gives each country's share of NCMEC's global CyberTip reports and the
change from one year to the next (−44.43 % for Romania to +390.42 % for Poland); the form asks for them
as percentage questions, and these tests carry such figures through the command line, Excel and Word.
"""

from __future__ import annotations

import openpyxl
import pytest
from docx import Document

from replydesk.definitions import Question, value_type
from replydesk.definitions.values import ValueProblem, parse_text
from replydesk.documents.excel.export import ReturnSource, export_return
from replydesk.documents.excel.read import read_return

CHANGE = "area4.cybertip_change"
SHARE = "area4.cybertip_year_share"


def percentage(**fields) -> Question:
    return Question.model_validate({"key": "q", "prompt": "?", "type": "percentage", **fields})


def test_typed_with_or_without_the_sign_and_stored_as_percent():
    q = percentage(min=-100)
    assert parse_text(q, "12.5 %") == 12.5
    assert parse_text(q, "50%") == 50
    assert parse_text(q, "−44.43 %") == -44.43
    assert parse_text(q, "390,42\u00a0%") == 390.42
    assert parse_text(q, "") is None
    with pytest.raises(ValueProblem, match="below the minimum -100"):
        parse_text(q, "-101 %")
    with pytest.raises(ValueProblem, match="not a number"):
        parse_text(q, "half")


def test_printed_with_a_typographic_minus_and_the_sign():
    q = percentage()
    assert value_type(q).text(q, -44.43) == "\u221244.43\u00a0%"
    assert value_type(q).text(q, 390.42) == "390.42\u00a0%"
    assert value_type(q).text(q, 50.0) == "50\u00a0%"


def test_set_and_show_through_the_command_line(cli):
    created = cli("new", "--form", "coe-ocsea-baseline", "--country", "Poland", "--year", "2020")
    assert created.code == 0, created.err
    reply = created.last_line
    assert cli("set", reply, SHARE, "--text", "12.5 %").code == 0
    assert cli("set", reply, CHANGE, "--text", "390.42%").code == 0
    shown = cli("show", reply, "--json").json()
    assert shown[SHARE] == 12.5 and shown[CHANGE] == 390.42
    refused = cli("set", reply, SHARE, "--text", "101 %")
    assert refused.code == 1 and "above the maximum 100" in refused.err
    assert cli("show", reply, "--json").json()[SHARE] == 12.5


def test_excel_writes_a_percentage_cell_and_reads_back_the_percent(registry, tmp_path):
    form = registry.get("coe-ocsea-baseline")
    path = tmp_path / "baseline.xlsx"
    values = {SHARE: 1.75, CHANGE: -44.43, "area4.cybertip_previous_share": 0.46}
    export_return(ReturnSource(form=form, country="POLAND", year=2020, values=values), path)
    sheet = openpyxl.load_workbook(path)["Reply"]
    cells = {row[0].value: row[3] for row in sheet.iter_rows() if row[0].value in values}
    assert cells[CHANGE].value == pytest.approx(-0.4443) and cells[CHANGE].number_format == "0.00%"
    assert cells[SHARE].value == pytest.approx(0.0175) and cells[SHARE].number_format == "0.00%"
    back = read_return(path, registry).values
    assert {key: back[key] for key in values} == values


def test_excel_reads_a_percentage_typed_as_text_or_as_a_number(registry, tmp_path):
    form = registry.get("coe-ocsea-baseline")
    path = tmp_path / "typed.xlsx"
    export_return(ReturnSource(form=form, country="ROMANIA", year=2020, values={}), path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Reply"]
    rows = {row[0].value: row[0].row for row in sheet.iter_rows() if row[0].value in (SHARE, CHANGE)}
    sheet.cell(row=rows[SHARE], column=4).value = 0.0027  # typed "0.27%" into a percentage cell
    sheet.cell(row=rows[CHANGE], column=4).value = "−44.43 %"
    workbook.save(path)
    back = read_return(path, registry).values
    assert back[SHARE] == 0.27 and back[CHANGE] == -44.43


def test_word_prints_the_percentages(cli, tmp_path):
    reply = cli("new", "--form", "coe-ocsea-baseline", "--country", "Romania", "--year", "2020").last_line
    assert cli("set", reply, CHANGE, "--text", "-44.43").code == 0
    assert cli("set", reply, SHARE, "--text", "0.27 %").code == 0
    path = tmp_path / "romania.docx"
    assert cli("export", reply, "--docx", str(path)).code == 0
    texts = [p.text for p in Document(str(path)).paragraphs]
    assert "\u221244.43\u00a0%" in texts and "0.27\u00a0%" in texts
