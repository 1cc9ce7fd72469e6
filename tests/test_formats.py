"""One list of file formats: the command line and the window send each suffix to the same importer,
and refuse the same unknown files with the same sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from replydesk.documents import formats
from replydesk.documents.formats import EXCEL, FORMATS, WORD, UnknownFormat, format_of


@pytest.mark.parametrize(("name", "expected"), [
    ("reply.docx", WORD), ("REPLY.DOCX", WORD), ("old.doc", WORD),
    ("return.xlsx", EXCEL), ("Return.XLSX", EXCEL), ("macro.xlsm", EXCEL), ("old.xls", EXCEL),
    ("binary.xlsb", EXCEL), ("open.ods", EXCEL),
])
def test_each_suffix_has_one_format(name, expected):
    assert format_of(Path(name)) is expected


@pytest.mark.parametrize("name", ["notes.odt", "answer.txt", "reply.pdf", "README", "archive.docx.zip"])
def test_an_unknown_suffix_names_the_file_and_the_accepted_suffixes(name):
    with pytest.raises(UnknownFormat) as raised:
        format_of(Path("/tmp") / name)
    message = str(raised.value)
    assert message.startswith(f"/tmp/{name}: ") and ".docx" in message and ".xlsx" in message


def test_no_suffix_belongs_to_two_formats():
    seen = [suffix for fmt in FORMATS for suffix in fmt.suffixes]
    assert len(seen) == len(set(seen)) and formats.import_suffixes() == set(seen)


def test_the_command_line_has_a_handler_for_every_format():
    from replydesk.cli import document_commands

    names = {fmt.name for fmt in FORMATS}
    assert set(document_commands.EXPORTERS) == names and set(document_commands.IMPORTERS) == names


def test_cli_refuses_an_unknown_suffix_with_exit_2_and_imports_nothing(cli, tmp_path):
    created = cli("new", "--form", "global-alliance-2014", "--country", "Denmark", "--year", "2014")
    workbook = tmp_path / "denmark.xlsx"
    assert cli("export", created.last_line, "--xlsx", str(workbook)).code == 0
    odt = tmp_path / "notes.odt"
    odt.write_bytes(b"PK\x03\x04 an OpenDocument text")
    result = cli("import", str(workbook), str(odt), env={"REPLYDESK_DB": str(tmp_path / "other.sqlite3")})
    assert result.code == 2 and "Traceback" not in result.err
    assert f"{odt}: Reply Desk does not import .odt files" in result.err
    assert ".docx (Word review copies) or .xlsx (Excel returns)" in result.err
    assert "nothing was imported" in result.err
    assert not (tmp_path / "other.sqlite3").exists(), "refused before any database was made"


def test_the_window_refuses_an_unknown_suffix_and_imports_nothing(open_window, db_path, tmp_path, dialogs):
    from tests.ui_helpers import new_reply

    from replydesk.store import Store

    window = open_window(new_reply(db_path))
    text = tmp_path / "answers.txt"
    text.write_text("not a return", encoding="utf-8")
    window.documents.import_files([text])
    kind, title, message = dialogs[-1]
    assert kind == "warning" and title == "Import failed"
    assert f"{text}: Reply Desk does not import .txt files" in message
    assert ".docx (Word review copies) or .xlsx (Excel returns)" in message and "Nothing was imported." in message
    with Store.open(db_path, write=False) as store:
        assert len(store.replies()) == 1


def test_the_window_offers_the_formats_suffixes_in_its_file_dialogs():
    assert formats.import_filter().startswith("Returns and review copies (*.docx *.xlsx)")
    assert WORD.file_filter == "Word documents (*.docx)" and EXCEL.file_filter == "Excel workbooks (*.xlsx)"
