"""A long answer's bold, italics and lists in an Excel return as Excel shows them, read back exactly (issue 23).

The secretariat reads returns in Excel: "Protection of Minors (Registration) Act" in bold, not between "**".
"""

from __future__ import annotations

import shutil
import subprocess

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from tests.test_excel_support import to_shared_strings

from replydesk.documents.excel.export import ReturnSource, export_return
from replydesk.documents.excel.read import read_return

ANSWERS = {
    "pt1.og1.a": "The **Protection of Minors (Registration) Act** entered into force in *2013*.",
    "pt1.og1.b": "Measures:\n\n- a **national** hotline\n- *training* of 200 officers\n\n1. first **step**\n2. second",
    "pt1.og1.c": "A literal \\*star\\* and a [link](https://example.org) stay as they were.",
    "pt2.og1.a": "No emphasis at all.",
    "pt2.og1.b": "The **Act** is online at www.retsinformation.dk and https://example.org/act, *in Danish*.",
}


def answer_cells(path) -> dict:
    sheet = openpyxl.load_workbook(path, rich_text=True)["Reply"]
    return {row[0].value: row[3].value for row in sheet.iter_rows(min_row=2) if row[0].value in ANSWERS}


def test_bold_and_italics_are_excels_own_and_no_markdown_shows(ga_form, tmp_path):
    path = tmp_path / "return.xlsx"
    export_return(ReturnSource(form=ga_form, country="DENMARK", year=2014, values=ANSWERS), path)
    cells = answer_cells(path)
    first = cells["pt1.og1.a"]
    assert isinstance(first, CellRichText)
    bold = [str(part.text) for part in first if isinstance(part, TextBlock) and part.font.b]
    italic = [str(part.text) for part in first if isinstance(part, TextBlock) and part.font.i]
    assert bold == ["Protection of Minors (Registration) Act"] and italic == ["2013"]
    assert "**" not in str(first) and str(first).startswith("The Protection of Minors")
    listed = str(cells["pt1.og1.b"])
    assert "• a national hotline" in listed and "1) first step" in listed and "*" not in listed
    # a link written [text](url) keeps the plain text the cell always had; no emphasis, no rich text
    assert isinstance(cells["pt1.og1.c"], str) and isinstance(cells["pt2.og1.a"], str)
    # a bare address is its own text: the answer around it still shows its bold and italics, no "**"
    addresses = cells["pt2.og1.b"]
    assert isinstance(addresses, CellRichText) and "*" not in str(addresses)
    assert [str(part.text) for part in addresses if isinstance(part, TextBlock) and part.font.b] == ["Act"]
    assert "www.retsinformation.dk and https://example.org/act" in str(addresses)


@pytest.mark.parametrize("saved_by", ["as-written", "excel", "libreoffice"])
def test_the_answers_read_back_exactly(registry, ga_form, tmp_path, saved_by):
    path = tmp_path / "in.xlsx"
    export_return(ReturnSource(form=ga_form, country="DENMARK", year=2014, values=ANSWERS), path)
    if saved_by == "excel":
        to_shared_strings(path)
    elif saved_by == "libreoffice":
        if not shutil.which("soffice"):
            pytest.skip("LibreOffice is not installed")
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
                        "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "out"), str(path)],
                       capture_output=True, timeout=180, check=True)
        path = tmp_path / "out" / "in.xlsx"
    values = read_return(path, registry).values
    assert {key: values[key] for key in ANSWERS} == ANSWERS


def test_bold_added_in_excel_becomes_the_subsets_markdown(registry, ga_form, tmp_path):
    path = tmp_path / "edited.xlsx"
    export_return(ReturnSource(form=ga_form, country="DENMARK", year=2014, values={"pt2.og1.a": "Plain."}), path)
    book = openpyxl.load_workbook(path, rich_text=True)
    sheet = book["Reply"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "pt2.og1.a")
    row[3].value = CellRichText(["The ", TextBlock(InlineFont(b=True), "Criminal Code"), " and ",
                                 TextBlock(InlineFont(i=True), "its 2*3 rule"), "."])
    book.save(path)
    assert read_return(path, registry).values["pt2.og1.a"] == "The **Criminal Code** and *its 2\\*3 rule*."
