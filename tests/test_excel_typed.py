"""Issue 15, case 4: what people type into a return's text answer cells comes back as typed.

Text answer cells carry Excel's Text format (``@``), so Excel and LibreOffice keep ``007``, ``50%`` and
``1/2`` as the characters typed. The live check types them through LibreOffice Calc's input handler
(``tools/lo_type.py`` over UNO, the way a person's typing goes), saves, and imports with ``replydesk
import``. It is slow, so there is one; it fails, not skips, without LibreOffice (``tools/dev test``
installs it).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
from tests.conftest import REPO

TYPED = {"pt1.og1.a": "007", "pt1.og1.b": "50%", "pt1.og1.c": "1/2", "pt2.og1.b": "12345678901234567890",
         "pt2.og1.c": "+4533923300", "pt2.og2.a": "TRUE", "pt2.og2.b": "1,000"}


def new_reply(cli) -> str:
    created = cli("new", "--form", "global-alliance-2014", "--country", "Denmark", "--year", "2014")
    assert created.code == 0, created.err
    return "1"


def answer_cells(path: Path) -> dict[str, str]:
    sheet = openpyxl.load_workbook(path)["Reply"]
    return {row[0].value: row[3].coordinate for row in sheet.iter_rows(min_row=1) if row[0].value in TYPED}


def test_text_answer_cells_are_formatted_as_text_even_when_empty(cli, tmp_path):
    reply_id = new_reply(cli)
    path = tmp_path / "return.xlsx"
    assert cli("export", reply_id, "--xlsx", str(path)).code == 0
    sheet = openpyxl.load_workbook(path)["Reply"]
    for coordinate in answer_cells(path).values():
        assert sheet[coordinate].number_format == "@", coordinate


def test_typed_in_libreoffice_through_its_input_handler_and_imported_as_typed(cli, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is needed for this check: tools/dev test installs it"
    assert Path("/usr/bin/python3").exists(), "the system Python with LibreOffice's uno module is needed"
    reply_id = new_reply(cli)
    path = tmp_path / "return.xlsx"
    assert cli("export", reply_id, "--xlsx", str(path)).code == 0
    cells = answer_cells(path)
    typed = subprocess.run(["/usr/bin/python3", str(REPO / "tools" / "lo_type.py"), str(path),
                            *(f"Reply!{cells[key]}={text}" for key, text in TYPED.items())],
                           capture_output=True, text=True, timeout=240)
    assert typed.returncode == 0, typed.stderr
    imported = cli("import", str(path))
    assert imported.code == 0, imported.err
    answers = cli("show", reply_id, "--json").json()
    assert {key: answers[key] for key in TYPED} == TYPED


NUMBERS = {"area3.csam_score": ("3", 3), "area5.access_to_justice": ("12.5", 12.5),
           "area4.cybertip_previous_share": ("50%", 50)}


def baseline_cells(path: Path) -> dict[str, str]:
    sheet = openpyxl.load_workbook(path)["Reply"]
    return {row[0].value: row[3].coordinate for row in sheet.iter_rows(min_row=1) if row[0].value in NUMBERS}


def test_an_empty_percentage_cell_is_formatted_as_a_percentage(cli, tmp_path):
    """Typed into a General cell, 12.5 is the number 12.5, which a percentage cell reads as 1250 %."""
    assert cli("new", "--form", "coe-ocsea-baseline", "--country", "Denmark", "--year", "2021").code == 0
    path = tmp_path / "baseline.xlsx"
    assert cli("export", "1", "--xlsx", str(path)).code == 0
    sheet = openpyxl.load_workbook(path)["Reply"]
    assert sheet[baseline_cells(path)["area4.cybertip_previous_share"]].number_format == "0.00%"


def test_numbers_and_percentages_typed_in_libreoffice_come_back_as_values_of_their_type(cli, tmp_path):
    assert shutil.which("soffice") or shutil.which("libreoffice"), "LibreOffice (soffice) is needed for this check"
    assert cli("new", "--form", "coe-ocsea-baseline", "--country", "Denmark", "--year", "2021").code == 0
    path = tmp_path / "baseline.xlsx"
    assert cli("export", "1", "--xlsx", str(path)).code == 0
    cells = baseline_cells(path)
    typed = subprocess.run(["/usr/bin/python3", str(REPO / "tools" / "lo_type.py"), str(path),
                            *(f"Reply!{cells[key]}={text}" for key, (text, _) in NUMBERS.items())],
                           capture_output=True, text=True, timeout=240)
    assert typed.returncode == 0, typed.stderr
    imported = cli("import", str(path))
    assert imported.code == 0, imported.err
    answers = cli("show", "1", "--json").json()
    assert {key: answers[key] for key in NUMBERS} == {key: value for key, (_, value) in NUMBERS.items()}
