"""Issue 15 for return workbooks, edited as ministries do, through ``replydesk import`` and real files.

- case 11: a swapped Key cell is refused, named as ``Reply!A12`` (the keys and their order are checksummed);
- case 6: a table question's sheet is read by its header labels: a "Notes" column inserted after "Name" or a
  "Comments" column appended is listed cell by cell in the import report, never read as another column;
  known columns moved around still land right; a known column whose header is gone is refused;
- case 11: multi-line answers come back as a cell shows them (CRLF and ``_x000D_`` as LF), and a return
  re-saved by LibreOffice unedited changes nothing (live: ``soffice --convert-to`` and typing over UNO);
- the import report of a return: printed per file, written beside it with ``--report``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
from tests.conftest import REPO
from tests.test_excel_support import find_row, sample_values

from replydesk.definitions.problems import question_name
from replydesk.documents.excel.export import ReturnSource, export_return

BASELINE = "coe-ocsea-baseline"
SERVICES = "area6.services"
#: The hotlines table as people know it: its section and its short label, as the messages name it.
SERVICES_NAME = "6. – End-to-end support › Hotlines and helplines"
GA = ("new", "--form", "global-alliance-2014", "--country", "Denmark", "--year", "2014")


def baseline_return(registry, tmp_path: Path) -> tuple[Path, dict]:
    """A filled return of the baseline form (two table questions), exported from no database."""
    form = registry.get(BASELINE)
    values = sample_values(form)
    path = tmp_path / "denmark-baseline.xlsx"
    export_return(ReturnSource(form=form, country="DENMARK", year=2021, values=values), path)
    return path, values


def baseline_reply(cli, registry, tmp_path: Path) -> tuple[Path, dict]:
    """The baseline form's two table questions answered through ``replydesk set``, exported with ``export``."""
    assert cli("new", "--form", BASELINE, "--country", "Denmark", "--year", "2021").code == 0
    values = {key: value for key, value in sample_values(registry.get(BASELINE)).items()
              if key in (SERVICES, "mnr.capabilities")}
    for key, value in values.items():
        (tmp_path / "table.json").write_text(json.dumps(value), encoding="utf-8")
        saved = cli("set", "1", key, "--file", str(tmp_path / "table.json"))
        assert saved.code == 0, saved.err
    path = tmp_path / "denmark-baseline.xlsx"
    assert cli("export", "1", "--xlsx", str(path)).code == 0
    return path, stored(cli)


def stored(cli, reply_id: str = "1") -> dict:
    shown = cli("show", reply_id, "--json")
    assert shown.code == 0, shown.err
    return shown.json()


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    assert found, "LibreOffice (soffice) is needed for this check: tools/dev test installs it"
    return found


def libreoffice_resave(path: Path, folder: Path) -> Path:
    """Open and save the workbook in LibreOffice Calc (headless), as a ministry's LibreOffice user would."""
    subprocess.run([soffice(), "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(folder), str(path)],
                   capture_output=True, timeout=180, check=True)
    saved = folder / path.name
    assert saved.is_file()
    return saved


# -- the Key column ---------------------------------------------------------------------------------------
def test_swapped_key_cells_are_refused_naming_both_cells(cli, tmp_path):
    assert cli(*GA).code == 0
    for key, text in (("pt1.og1.a", "Answer of A."), ("pt1.og1.b", "Answer of B.")):
        assert cli("set", "1", key, "--text", text).code == 0
    path = tmp_path / "denmark.xlsx"
    assert cli("export", "1", "--xlsx", str(path)).code == 0
    row_a, row_b = find_row(path, "pt1.og1.a"), find_row(path, "pt1.og1.b")
    book = openpyxl.load_workbook(path)
    sheet = book["Reply"]
    sheet[f"A{row_a}"], sheet[f"A{row_b}"] = "pt1.og1.b", "pt1.og1.a"  # the answers stay on their rows
    sheet[f"D{row_a}"] = "Changed beside the swapped key."
    book.save(path)
    result = cli("import", str(path))
    assert result.code == 1, result.out
    assert f"Reply!A{row_a}: the Key cell says 'pt1.og1.b' where the return was exported with 'pt1.og1.a'" \
        in result.err
    assert f"Reply!A{row_b}: the Key cell says 'pt1.og1.a'" in result.err
    assert "refused, nothing imported" in result.err and "Traceback" not in result.err
    answers = stored(cli)
    assert (answers["pt1.og1.a"], answers["pt1.og1.b"]) == ("Answer of A.", "Answer of B.")


def test_a_key_changed_to_another_questions_key_is_refused(cli, tmp_path):
    assert cli(*GA).code == 0
    path = tmp_path / "denmark.xlsx"
    assert cli("export", "1", "--xlsx", str(path)).code == 0
    row = find_row(path, "pt2.og1.a")
    book = openpyxl.load_workbook(path)
    book["Reply"][f"A{row}"] = "pt2.og1.b"
    book["Reply"][f"D{row}"] = "Meant for pt2.og1.a."
    book.save(path)
    result = cli("import", str(path))
    assert result.code == 1
    assert "appears twice" in result.err and "pt2.og1.a" in result.err
    assert all(value is None for value in stored(cli).values())


# -- table sheets by header (case 6) ------------------------------------------------------------------------
def test_a_notes_column_inserted_after_name_is_listed_and_never_read_as_operated_by(cli, registry, tmp_path):
    path, values = baseline_reply(cli, registry, tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book[SERVICES]
    assert [sheet.cell(3, c).value for c in (1, 2, 3)] == ["Service", "Name", "Operated by"]
    sheet.insert_cols(3)
    sheet["C3"], sheet["C4"], sheet["C6"] = "Notes", "Checked with the ministry.", "Number changes in May."
    book.save(path)
    result = cli("import", str(path))
    assert result.code == 0, result.err
    assert ("not placed, not imported: 'area6.services'!C4: 'Checked with the ministry.' in the table "
            f"{SERVICES_NAME}, the column 'Notes' ('area6.services'!C3) is not one of its columns: not imported") \
        in result.out
    assert "'area6.services'!C6: 'Number changes in May.'" in result.out
    answers = stored(cli)
    assert answers[SERVICES] == values[SERVICES]  # "Operated by" kept its own text
    assert all("Checked" not in str(row) for row in answers[SERVICES])


def test_a_comments_column_appended_is_listed_and_an_empty_one_ignored(cli, registry, tmp_path):
    path, values = baseline_reply(cli, registry, tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book[SERVICES]
    last = sheet.max_column
    assert sheet.cell(3, last).value == "Web address"  # the last of the table's columns
    comments, empty = openpyxl.utils.get_column_letter(last + 1), openpyxl.utils.get_column_letter(last + 2)
    sheet[f"{comments}3"], sheet[f"{comments}5"] = "Comments", "Helpline moved to the ministry in 2022."
    sheet[f"{empty}3"] = "Remarks"
    sheet["A2"] = "Section text a ministry retyped (above the header: not part of the table)"
    book.save(path)
    result = cli("import", str(path), "--json")
    assert result.code == 0, result.err
    (imported,) = result.json()
    assert imported["unplaced"] == [
        f"'area6.services'!{comments}5: 'Helpline moved to the ministry in 2022.' in the table {SERVICES_NAME}, "
        f"the column 'Comments' ('area6.services'!{comments}3) is not one of its columns: not imported"]
    assert imported["ignored"] == [f"The column 'Remarks' ('area6.services'!{empty}3) in the table {SERVICES_NAME} "
                                   "is not one of its columns and is empty: nothing to import"]
    assert stored(cli)[SERVICES] == values[SERVICES]


def test_known_columns_moved_around_still_land_right(cli, registry, tmp_path):
    path, values = baseline_reply(cli, registry, tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book[SERVICES]
    columns = [[sheet.cell(r, c).value for r in range(3, sheet.max_row + 1)] for c in range(1, sheet.max_column + 1)]
    order = list(reversed(range(len(columns))))  # every column in the opposite place, headers with them
    for new, old in enumerate(order, 1):
        for offset, value in enumerate(columns[old]):
            sheet.cell(3 + offset, new).value = value
    capabilities = book["mnr.capabilities"]
    assert [capabilities.cell(3, c).value for c in (1, 2)] == ["Row", "Row label"]
    for r in range(3, capabilities.max_row + 1):  # a fixed-row table: the row keys moved to the end
        row = [capabilities.cell(r, c).value for c in range(1, capabilities.max_column + 1)]
        for c, value in enumerate(row[2:] + row[:2], 1):
            capabilities.cell(r, c).value = value
    book.save(path)
    result = cli("import", str(path))
    assert result.code == 0, result.err
    assert "not placed" not in result.out and "ignored" not in result.out
    answers = stored(cli)
    assert answers[SERVICES] == values[SERVICES]
    assert answers["mnr.capabilities"] == values["mnr.capabilities"]


def test_a_renamed_known_column_is_refused_naming_the_header(cli, registry, tmp_path):
    path, _ = baseline_reply(cli, registry, tmp_path)
    book = openpyxl.load_workbook(path)
    book[SERVICES]["B3"] = "Name of the service"
    book.save(path)
    result = cli("import", str(path))
    assert result.code == 1
    assert (f"'area6.services'!A3: the column header of the table {SERVICES_NAME} lacks 'Name'; the header has "
            "instead 'Name of the service' ('area6.services'!B3)") in result.err
    assert "Columns are read by their header labels" in result.err


# -- line ends (case 11) --------------------------------------------------------------------------------------
def test_excels_escaped_carriage_returns_come_back_as_the_lines_shown(cli, tmp_path):
    assert cli(*GA).code == 0
    (tmp_path / "a.md").write_bytes(b"Line one\r\nLine two\r\n\r\nLine three")
    assert cli("set", "1", "pt1.og1.a", "--file", str(tmp_path / "a.md")).code == 0
    path = tmp_path / "denmark.xlsx"
    assert cli("export", "1", "--xlsx", str(path)).code == 0
    row_a, row_b = find_row(path, "pt1.og1.a"), find_row(path, "pt1.og1.b")
    book = openpyxl.load_workbook(path)
    # What Excel writes for CRLF: the CR escaped as _x000D_ (the unedited answer), and a new two-line answer.
    book["Reply"][f"D{row_a}"] = "Line one_x000D_\nLine two_x000D_\n_x000D_\nLine three"
    book["Reply"][f"D{row_b}"] = "Typed in Excel_x000D_\nwith Alt+Enter"
    book.save(path)
    result = cli("import", str(path), "--json")
    assert result.code == 0, result.err
    assert result.json()[0]["changed"] == ["pt1.og1.b"]
    answers = stored(cli)
    assert answers["pt1.og1.b"] == "Typed in Excel\nwith Alt+Enter"
    assert answers["pt1.og1.a"] == "Line one\r\nLine two\r\n\r\nLine three"  # unchanged: the store keeps its own


def test_a_return_resaved_by_libreoffice_unedited_changes_nothing(cli, tmp_path):
    assert cli(*GA).code == 0
    texts = {"pt1.og1.a": b"Line one\r\nLine two\r\n\r\nLine three", "pt1.og1.b": b"Ends with CR\r",
             "pt2.og1.a": b"- bullet one\r\n- bullet two\r\n\r\nAfter the list."}
    for key, data in texts.items():
        (tmp_path / "answer.md").write_bytes(data)
        assert cli("set", "1", key, "--file", str(tmp_path / "answer.md")).code == 0
    before = stored(cli)
    path = tmp_path / "denmark.xlsx"
    assert cli("export", "1", "--xlsx", str(path)).code == 0
    saved = libreoffice_resave(path, tmp_path / "resaved")
    result = cli("import", str(saved), "--json")
    assert result.code == 0, result.err
    (imported,) = result.json()
    assert imported["changed"] == [] and imported["conflicts"] == [], imported
    assert stored(cli) == before


def test_multi_line_text_typed_in_libreoffice_comes_back_as_shown(cli, tmp_path):
    assert Path("/usr/bin/python3").exists(), "the system Python with LibreOffice's uno module is needed"
    soffice()
    assert cli(*GA).code == 0
    path = tmp_path / "denmark.xlsx"
    assert cli("export", "1", "--xlsx", str(path)).code == 0
    row_a, row_b = find_row(path, "pt1.og1.a"), find_row(path, "pt1.og1.b")
    typed = subprocess.run(["/usr/bin/python3", str(REPO / "tools" / "lo_type.py"), str(path),
                            f"Reply!D{row_a}=First line\r\nSecond line", f"Reply!D{row_b}=Literal _x000D_ stays"],
                           capture_output=True, text=True, timeout=240)
    assert typed.returncode == 0, typed.stderr
    result = cli("import", str(path))
    assert result.code == 0, result.err
    answers = stored(cli)
    assert answers["pt1.og1.a"] == "First line\nSecond line"
    assert answers["pt1.og1.b"] == "Literal _x000D_ stays"  # what was typed, shown as typed


# -- the import report -----------------------------------------------------------------------------------------
def test_import_report_is_printed_and_written_beside_each_return(cli, registry, tmp_path):
    path, _ = baseline_return(registry, tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book[SERVICES]
    sheet.insert_cols(3)
    sheet["C3"], sheet["C4"] = "Notes", "Checked with the ministry."
    book.save(path)
    bad = tmp_path / "broken.xlsx"
    shutil.copy(path, bad)
    book = openpyxl.load_workbook(bad)
    book["Reply"][f"D{find_row(bad, 'commitments.weprotect')}"] = "Maybe"
    book.save(bad)
    result = cli("import", str(path), str(bad), "--report")
    assert result.code == 1
    assert f"report written to {tmp_path / 'denmark-baseline.import-report.txt'}" in result.out
    report = (tmp_path / "denmark-baseline.import-report.txt").read_text(encoding="utf-8")
    form = registry.get(BASELINE).resolved(2021)  # the report names the form by its title, questions by their numbers
    assert report.startswith(f"Import report: denmark-baseline.xlsx (reply 1: DENMARK, {form.title}; "
                             "new reply)\n\nChanged: ")
    assert f"  - {question_name(form.slot('area6.services'))} (the sheet 'area6.services'): " in report
    assert ("Not placed, not imported: 1\n  - 'area6.services'!C4: 'Checked with the ministry.' in the table "
            f"{SERVICES_NAME}, the column 'Notes' ('area6.services'!C3) is not one of its columns: not imported\n") \
        in report
    assert "\nIgnored: none\n" in report and report.endswith("0 answer(s) unchanged\n")
    refused = (tmp_path / "broken.import-report.txt").read_text(encoding="utf-8")
    row = find_row(bad, "commitments.weprotect")
    assert refused.startswith("Import report: broken.xlsx (refused, nothing imported)\n\nProblems: 1\n")
    assert f"  - Reply!D{row} (Fig. 1 › WeProtect member, a yes/no question): 'Maybe' is not yes or no" in refused


def test_blank_cells_left_alone_are_in_the_report_with_their_reason(cli, registry, tmp_path):
    path = tmp_path / "denmark.xlsx"
    assert cli(*GA).code == 0
    assert cli("export", "1", "--xlsx", str(path)).code == 0
    other = {"REPLYDESK_DB": str(tmp_path / "ministry.sqlite3")}
    assert cli(*GA, env=other).code == 0
    assert cli("set", "1", "pt2.og1.b", "--text", "Only the ministry had this.", env=other).code == 0
    result = cli("import", str(path), "--report", env=other)
    assert result.code == 0, result.err
    row = find_row(path, "pt2.og1.b")
    name = question_name(registry.get("global-alliance-2014").slot("pt2.og1.b"))
    assert name.startswith("Policy Target No. 2 › Operational Goal 1 › B) ")
    line = (f"{name} (Answer column, Reply!D{row}): blank, but this return was not exported with that answer, so "
            "the answer was left as it is")
    assert f"  ignored: {line}" in result.out
    assert f"Ignored: 1\n  - {line}\n" in (tmp_path / "denmark.import-report.txt").read_text(encoding="utf-8")


def test_the_report_names_no_change_for_an_untouched_return(cli, tmp_path):
    assert cli(*GA).code == 0
    assert cli("set", "1", "pt1.og1.a", "--text", "Kept.").code == 0
    path = tmp_path / "denmark.xlsx"
    assert cli("export", "1", "--xlsx", str(path)).code == 0
    result = cli("import", str(path), "--report")
    assert result.code == 0, result.err
    report = (tmp_path / "denmark.import-report.txt").read_text(encoding="utf-8")
    assert "Changed: none\n" in report and "Not placed, not imported: none\n" in report
    assert report.endswith("1 answer(s) unchanged\n")


def test_every_question_type_resaved_by_libreoffice_unedited_changes_nothing(cli, registry, tmp_path):
    path, values = baseline_return(registry, tmp_path)
    assert cli("import", str(path)).code == 0
    before = stored(cli)
    exported = tmp_path / "exported" / "baseline.xlsx"
    exported.parent.mkdir()
    assert cli("export", "1", "--xlsx", str(exported)).code == 0
    saved = libreoffice_resave(exported, tmp_path / "resaved")
    result = cli("import", str(saved), "--json")
    assert result.code == 0, result.err
    (imported,) = result.json()
    assert (imported["changed"], imported["conflicts"], imported["unplaced"]) == ([], [], []), imported
    assert stored(cli) == before


def test_a_known_column_copied_beside_the_table_is_refused_naming_the_copy(cli, registry, tmp_path):
    path, values = baseline_reply(cli, registry, tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book[SERVICES]
    copy = openpyxl.utils.get_column_letter(sheet.max_column + 1)
    sheet[f"{copy}3"], sheet[f"{copy}4"] = "name", "Which of the two is the name?"
    book.save(path)
    result = cli("import", str(path))
    assert result.code == 1
    assert (f"'area6.services'!{copy}3: the column 'name' of the table {SERVICES_NAME} appears twice (first in "
            "column B)") in result.err
    assert stored(cli)[SERVICES] == values[SERVICES]


def test_edits_to_a_questions_section_question_and_status_cells_are_reported_not_dropped(cli, tmp_path):
    """A reviewer who writes in the cells beside the answer (the export's own Section, Question and Status texts)
    finds each edit named in the report by its cell; the answer itself is read as before."""
    assert cli(*GA).code == 0
    assert cli("set", "1", "pt1.og1.a", "--text", "Kept.").code == 0
    path = tmp_path / "denmark.xlsx"
    assert cli("export", "1", "--xlsx", str(path)).code == 0
    row = find_row(path, "pt1.og1.a")
    book = openpyxl.load_workbook(path)
    sheet = book["Reply"]
    sheet[f"B{row}"] = sheet[f"B{row}"].value + " (ask the Ministry of Justice)"
    sheet[f"C{row}"] = "Please also describe the 2013 law."
    sheet[f"E{row}"] = "checked by Bo"
    book.save(path)
    result = cli("import", str(path), "--report")
    assert result.code == 0, result.err
    report = (tmp_path / "denmark.import-report.txt").read_text(encoding="utf-8")
    for cell, words in ((f"B{row}", "ask the Ministry of Justice"), (f"C{row}", "Please also describe the 2013 law."),
                        (f"E{row}", "checked by Bo")):
        assert f"Reply!{cell}: " in report and words in report, (cell, report[report.index("Not placed"):])
    assert "Not placed, not imported: none" not in report
    assert stored(cli)["pt1.og1.a"] == "Kept."
