"""Any answer goes out through a real .xlsx file and comes back as a cell shows it (unchanged but for line ends:
CRLF and CR come back as LF, issue 15 case 11), and the workbook looks as specified."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tests.test_excel_support import sample_values, to_shared_strings
from tests.test_excel_text import TEXTS

from replydesk.definitions.values import MAX_TEXT_CHARS
from replydesk.documents.excel import cell_text
from replydesk.documents.excel.export import ReturnSource, export_return
from replydesk.documents.excel.format import HEADERS
from replydesk.documents.excel.read import read_return

HARD_TEXTS = [
    "مرحبا بالعالم — שלום עולם\u200f (Arabic and Hebrew)",
    "Campaign 🎉👩‍👩‍👧‍👦🇩🇰 done ✅",
    "Line one\r\n\tindented\r\nmixed\nends\r",
    "  leading and trailing  \n\n",
    "**Bold** and *italic*\n\n- bullet\n- list\n\n1) one\n2) two\n\nhttp://www.savethechildren.dk/Report.aspx?ID=435",
    "=SUM(A1:A3) +1 -2 @x",
    "+45 33 92 33 00", "-1", "@mention", "#N/A", "#REF!", "=", "'quoted",
    ("Denmark has contributed professionally. " * 2600)[:100_000],
    "\x00\x01\x0b\x0c\x1f\ufffe\uffff control",
    "_x000D_ _x005F_ x005F_abc _xZZZZ_",
]
LONG_TEXTS = st.tuples(TEXTS, st.integers(min_value=1, max_value=3000)).map(lambda t: (t[0] * t[1])[:150_000])


def round_trip(registry, form, values, tmp_path: Path, name: str = "return.xlsx", excel_saved: bool = False):
    path = tmp_path / name
    export_return(ReturnSource(form=form, country="DENMARK", year=2014, reply_id=7, values=values), path)
    if excel_saved:
        to_shared_strings(path)
    return read_return(path, registry).values


def expected(text: str | None):
    """The text exactly as exported: CR and CRLF travel as Excel's own ``_x000D_`` and come back as they were."""
    return None if not text else text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                   HealthCheck.function_scoped_fixture])
@given(first=TEXTS, second=LONG_TEXTS, excel_saved=st.booleans())
@example(first=HARD_TEXTS[2], second=HARD_TEXTS[13], excel_saved=False)
@example(first=HARD_TEXTS[5], second=HARD_TEXTS[13] + "\r\n" + "é" * 40_000, excel_saved=True)
def test_any_answer_text_comes_back_unchanged(registry, ga_form, tmp_path, first, second, excel_saved):
    values = {"pt1.og1.a": first, "pt4.og2.c": second}
    back = round_trip(registry, ga_form, values, tmp_path, excel_saved=excel_saved)
    assert back["pt1.og1.a"] == expected(first)
    assert back["pt4.og2.c"] == expected(second)
    assert all(back[key] is None for key in ga_form.keys() if key not in values)


@pytest.mark.parametrize("excel_saved", [False, True], ids=["as-written", "saved-by-excel"])
def test_the_hard_texts_come_back_unchanged(registry, ga_form, tmp_path, excel_saved):
    values = dict(zip(ga_form.keys(), HARD_TEXTS, strict=False))
    assert round_trip(registry, ga_form, values, tmp_path, excel_saved=excel_saved) == {
        key: expected(values.get(key)) for key in ga_form.keys()}


def test_an_answer_at_the_store_limit_comes_back_whole(registry, ga_form, tmp_path):
    text = ("Une réponse très longue, 🎉 avec\r\ndes lignes. " * 50_000)[:MAX_TEXT_CHARS]
    assert round_trip(registry, ga_form, {"pt2.og2.b": text}, tmp_path)["pt2.og2.b"] == expected(text)


def test_every_question_type_comes_back_unchanged(registry, tmp_path):
    for form_id in ("coe-ocsea-baseline", "lanzarote-2-csgsiv-follow-up"):
        form = registry.get(form_id)
        values = sample_values(form)
        assert round_trip(registry, form, values, tmp_path, f"{form_id}.xlsx") == values, form_id


def test_the_reply_sheet_is_laid_out_for_an_official(registry, ga_form, tmp_path):
    path = tmp_path / "return.xlsx"
    values = {"pt1.og1.a": "=1+1", "pt1.og1.b": ("Long text. " * 4000)}
    export_return(ReturnSource(form=ga_form, country="DENMARK", year=2014, reply_id=7, values=values), path)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames[0] == "Reply"
    sheet = workbook["Reply"]
    header = next(row for row in sheet.iter_rows() if tuple(c.value for c in row[:5]) == HEADERS)[0].row
    assert sheet["A1"].value == "Global Alliance Against Child Sexual Abuse Online – 2014 Reporting Form"
    assert sheet.freeze_panes == f"A{header + 1}"
    assert sheet.print_title_rows == f"${header}:${header}"
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.protection.sheet and not sheet.protection.password
    keys = [sheet.cell(row=r, column=1).value for r in range(header + 1, sheet.max_row + 1)]
    assert [k for k in keys if "continued" not in k] == ga_form.keys()
    assert "pt1.og1.b (continued 2/2)" in keys
    formula = sheet.cell(row=header + 1, column=4)
    assert formula.value == "=1+1" and formula.data_type == "s"  # text, never a formula
    for row in range(header + 1, sheet.max_row + 1):
        assert sheet.cell(row=row, column=4).protection.locked is False
        assert sheet.cell(row=row, column=4).alignment.wrap_text
        for column in (1, 2, 3, 5):
            assert sheet.cell(row=row, column=column).protection.locked is not False
    meta = workbook["_meta"]
    assert meta.sheet_state == "veryHidden"
    fields = {row[0].value: row[1].value for row in meta.iter_rows(min_row=2, max_row=15)}
    assert fields["format"] == "replydesk-return" and fields["form_id"] == "global-alliance-2014"
    assert fields["definition_hash"] == ga_form.definition_hash and fields["country"] == "DENMARK"
    assert len(fields["checksum"]) == 64 and fields["reply_id"] == "7" and fields["app_version"]


def test_choices_get_drop_downs_and_tables_their_own_sheets(registry, tmp_path):
    form = registry.get("coe-ocsea-baseline")
    path = tmp_path / "baseline.xlsx"
    export_return(ReturnSource(form=form, country="DENMARK", year=2021, values=sample_values(form)), path)
    workbook = openpyxl.load_workbook(path)
    assert {"area6.services", "mnr.capabilities"} <= set(workbook.sheetnames)
    assert workbook["_lists"].sheet_state == "hidden"
    lists = [dv for dv in workbook["Reply"].data_validations.dataValidation if dv.type == "list"]
    assert lists and all(dv.formula1.startswith("'_lists'!") for dv in lists)
    capabilities = workbook["mnr.capabilities"]
    assert capabilities.cell(row=4, column=1).value == "c01"
    assert capabilities.protection.sheet


def test_blank_template_and_part_exports(registry, ga_form, tmp_path):
    values = {key: f"answer {key}" for key in ga_form.keys()}
    source = ReturnSource(form=ga_form, country="DENMARK", year=2014, values=values)
    export_return(source, tmp_path / "blank.xlsx", blank=True)
    assert all(v is None for v in read_return(tmp_path / "blank.xlsx", registry).values.values())
    export_return(source, tmp_path / "pt2.xlsx", only=["pt2"])
    part = read_return(tmp_path / "pt2.xlsx", registry)
    assert list(part.values) == [k for k in ga_form.keys() if k.startswith("pt2.")]
    assert part.meta.part == ("pt2",) and all(v == f"answer {k}" for k, v in part.values.items())


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_a_workbook_saved_by_libreoffice_still_imports(registry, ga_form, tmp_path):
    values = dict(zip(ga_form.keys(), [t for t in HARD_TEXTS if "\r" not in t], strict=False))
    path = tmp_path / "in.xlsx"
    export_return(ReturnSource(form=ga_form, country="DENMARK", year=2014, values=values), path)
    subprocess.run(["soffice", "--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir",
                    str(tmp_path / "out"), str(path)], capture_output=True, timeout=180, check=True)
    assert read_return(tmp_path / "out" / "in.xlsx", registry).values == {k: values.get(k) for k in ga_form.keys()}


def test_encoded_cells_never_exceed_excels_limit(registry, ga_form, tmp_path):
    path = tmp_path / "long.xlsx"
    text = "\x01" * 40_000 + "🎉" * 40_000
    export_return(ReturnSource(form=ga_form, country="DENMARK", year=2014, values={"pt1.og1.a": text}), path)
    sheet = openpyxl.load_workbook(path, read_only=True)["Reply"]
    lengths = [cell_text.cell_length(row[3]) for row in sheet.iter_rows(values_only=True) if isinstance(row[3], str)]
    assert max(lengths) <= cell_text.CELL_LIMIT
    assert read_return(path, registry).values["pt1.og1.a"] == text
