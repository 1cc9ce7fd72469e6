"""Hostile input: each file gets a clear message and a non-zero exit — never a traceback, never a partial write.

The static corpus is in tests/data/hostile/ (tools/make_hostile.py writes it); files
that must match the current forms are made here.
"""

from __future__ import annotations

import io
import sqlite3
import zipfile
from pathlib import Path

import pytest
from tests.test_excel_import import write_return

from replydesk.store import Store

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
FORMS = sorted(HOSTILE.glob("form-*.yaml"))
IMPORTS = sorted(p for p in HOSTILE.iterdir() if p.suffix in (".xlsx", ".xlsm", ".docx"))


def nothing_written(db_path: Path) -> None:
    if not db_path.exists():
        return
    with Store.open(db_path, write=False) as store:
        assert store.replies() == []
    assert sqlite3.connect(db_path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def untouched(db_path: Path, reply_id: int, history: int = 0) -> None:
    """No proposal, note or history row came from the refused copy."""
    with Store.open(db_path, write=False) as store:
        assert store.proposals(reply_id, status=None) == []
        assert store.notes(reply_id) == []
        assert store.history_count(reply_id) == history


def assert_refused(result, path: Path) -> None:
    assert result.code != 0
    assert "Traceback" not in result.err + result.out
    assert path.name in result.err, result.err


def test_the_corpus_is_there():
    assert len(FORMS) >= 5 and len(IMPORTS) >= 6


@pytest.mark.parametrize("path", FORMS, ids=lambda p: p.name)
def test_hostile_definitions_are_refused_with_file_and_line(cli, path):
    result = cli("forms", "check", str(path))
    assert result.code == 1 and "Traceback" not in result.err
    assert result.err.startswith(f"{path}:") and result.err.split(":")[1].isdigit()


def test_a_50_mb_definition_is_refused_before_parsing(cli, tmp_path):
    huge = tmp_path / "huge.yaml"
    with huge.open("w", encoding="utf-8") as handle:
        handle.write("id: huge\n")
        for _ in range(50):
            handle.write("# " + "x" * (1024 * 1024 - 3) + "\n")
    result = cli("forms", "check", str(huge))
    assert result.code == 1 and "limited to 5 MB" in result.err and "Traceback" not in result.err


@pytest.mark.parametrize("path", IMPORTS, ids=lambda p: p.name)
def test_hostile_files_are_refused_on_import_and_change_nothing(cli, db_path, path):
    result = cli("import", str(path))
    assert_refused(result, path)
    nothing_written(db_path)


def test_returns_with_formulas_missing_or_extra_rows_are_refused(cli, db_path, ga_form, tmp_path):
    import openpyxl

    def edited(name: str, change) -> Path:
        path = write_return(ga_form, tmp_path / name)
        book = openpyxl.load_workbook(path)
        change(book["Reply"])
        book.save(path)
        return path

    def key_row(sheet, key: str) -> int:
        return next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == key)

    formula = edited("formula.xlsx", lambda s: s.cell(key_row(s, "pt1.og1.a"), 4, "=HYPERLINK(\"http://x\")"))
    missing = edited("missing.xlsx", lambda s: s.delete_rows(key_row(s, "pt2.og1.b")))
    extra = edited("extra.xlsx", lambda s: s.append(["pt9.og9.z", "", "", "smuggled", ""]))
    for path in (formula, missing, extra):
        assert_refused(cli("import", str(path)), path)
    nothing_written(db_path)


def test_a_workbook_of_a_million_rows_is_refused(cli, db_path, tmp_path):
    rows = "".join(f"<row r='{i}'><c r='A{i}' t='inlineStr'><is><t>k{i}</t></is></c></row>"
                   for i in range(1, 1_000_001))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types xmlns='http://schemas.openxmlformats.org/package/2006/"
                                                "content-types'/>")
        package.writestr("xl/workbook.xml", "<workbook xmlns='http://schemas.openxmlformats.org/spreadsheetml/"
                                            "2006/main'><sheets/></workbook>")
        package.writestr("xl/worksheets/sheet1.xml", "<worksheet xmlns='http://schemas.openxmlformats.org/"
                                                     f"spreadsheetml/2006/main'><sheetData>{rows}</sheetData>"
                                                     "</worksheet>")
    path = tmp_path / "million.xlsx"
    path.write_bytes(buffer.getvalue())
    assert_refused(cli("import", str(path)), path)
    nothing_written(db_path)


def test_a_review_copy_from_another_database_is_refused(cli, db_path, tmp_path):
    other = {"REPLYDESK_DB": str(tmp_path / "other.sqlite3")}
    reply = cli("new", "--form", "lanzarote-2-csgsiv-follow-up", "--country", "Denmark", "--year", "2023",
                env=other).last_line
    copy = tmp_path / "lanzarote-review.docx"
    assert cli("export", reply, "--review-docx", str(copy), env=other).code == 0
    assert_refused(cli("import", str(copy)), copy)
    nothing_written(db_path)


def test_answers_of_10_mb_or_with_invalid_unicode_are_refused(cli, tmp_path):
    reply = cli("new", "--form", "global-alliance-2014", "--country", "Denmark", "--year", "2014").last_line
    big = tmp_path / "big.txt"
    big.write_text("words " * (10 * 1024 * 1024 // 6), encoding="utf-8")
    surrogate = tmp_path / "surrogate.txt"
    surrogate.write_bytes(b"before \xed\xa0\x80 after")  # a lone surrogate, encoded as UTF-8 would not allow
    for path, message in ((big, "the limit is 2,000,000"), (surrogate, "not UTF-8")):
        result = cli("set", reply, "pt1.og1.a", "--file", str(path))
        assert result.code != 0 and message in result.err and "Traceback" not in result.err
    assert cli("show", reply, "--json").json()["pt1.og1.a"] is None


def test_a_review_copy_of_another_form_is_refused(cli, db_path, tmp_path):
    """Reply 1 here is a Global Alliance reply; the copy is of reply 1 elsewhere, a Lanzarote one."""
    mine = cli("new", "--form", "global-alliance-2014", "--country", "Denmark", "--year", "2014").last_line
    other = {"REPLYDESK_DB": str(tmp_path / "other.sqlite3")}
    theirs = cli("new", "--form", "lanzarote-2-csgsiv-follow-up", "--country", "Denmark", "--year", "2023",
                 env=other).last_line
    assert mine == theirs == "1"
    copy = tmp_path / "lanzarote-review.docx"
    assert cli("export", theirs, "--review-docx", str(copy), env=other).code == 0
    result = cli("import", str(copy))
    assert_refused(result, copy)
    assert "lanzarote-2-csgsiv-follow-up" in result.err, result.err  # the copy's form (it may not be installed)
    assert "Global Alliance Against Child Sexual Abuse Online" in result.err, result.err  # the reply's, by its title
    untouched(db_path, int(mine))


def test_a_review_copy_with_a_huge_pasted_paragraph_is_refused_without_a_proposal(cli, db_path, tmp_path):
    """A reviewer pasted 3 million characters into one answer: over the store's limit, so nothing is kept."""
    import docx
    from tests.test_word_review import answer_paragraphs

    reply = cli("new", "--form", "global-alliance-2014", "--country", "Denmark", "--year", "2014").last_line
    assert cli("set", reply, "pt1.og1.a", "--text", "The Danish Act of 2013.").code == 0
    copy = tmp_path / "review.docx"
    assert cli("export", reply, "--review-docx", str(copy)).code == 0
    document = docx.Document(str(copy))
    answer_paragraphs(document, "pt1.og1.a")[0].add_run(" pasted" * 500_000)
    document.save(str(copy))
    result = cli("import", str(copy))
    assert_refused(result, copy)
    assert "Policy Target No. 1 › Operational Goal 1 › A)" in result.err and "2,000,000" in result.err, result.err
    assert cli("show", reply, "--json").json()["pt1.og1.a"] == "The Danish Act of 2013."
    untouched(db_path, int(reply), history=1)
