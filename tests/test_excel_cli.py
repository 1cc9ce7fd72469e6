"""The real ``replydesk`` command with Excel: export, import and aggregate in child processes.

Skipped until ``cli/main.py`` wires in ``cli/excel_commands.py`` (export --xlsx, import, aggregate).
Each call starts a process, so one test walks the whole flow.
"""

from __future__ import annotations

import pytest
from tests.test_cli import HARD_TEXTS


def _wired() -> bool:
    from replydesk.cli import main

    return all(command in main.COMMANDS for command in ("export", "import", "aggregate"))


pytestmark = pytest.mark.skipif(not _wired(), reason="export/import/aggregate are not wired into cli/main.py yet")


def test_export_import_merge_and_aggregate(cli, tmp_path):
    created = cli("new", "--form", "global-alliance-2014", "--country", "Denmark", "--year", "2014")
    reply_id = created.last_line
    for key, name in (("pt1.og1.a", "tabs_crlf"), ("pt2.og1.b", "long")):
        path = tmp_path / f"{name}.txt"
        path.write_bytes(HARD_TEXTS[name].encode("utf-8"))
        assert cli("set", reply_id, key, "--file", str(path)).code == 0

    whole, package = tmp_path / "denmark.xlsx", tmp_path / "pt2.xlsx"
    assert cli("export", reply_id, "--xlsx", str(whole)).code == 0
    other = {"REPLYDESK_DB": str(tmp_path / "secretariat.sqlite3")}
    imported = cli("import", str(whole), env=other)
    assert imported.code == 0 and "new reply" in imported.out, imported.err
    shown = cli("show", reply_id, "--json").json()
    assert cli("show", "1", "--json", env=other).json() == shown  # the reply's own return: CR and CRLF as they were

    assert cli("export", reply_id, "--xlsx", str(package), "--only", "pt2").code == 0
    merged = cli("import", str(package))
    assert merged.code == 0 and f"imported into reply {reply_id}" in merged.out and "merged)" in merged.out

    result = cli("aggregate", "--form", "global-alliance-2014", "--year", "2014", "--xlsx",
                 str(tmp_path / "all.xlsx"), "--docx", str(tmp_path / "all.docx"), env=other)
    assert result.code == 0, result.err
    assert "1 return from 54 members (53 without a return)" in result.out
    assert (tmp_path / "all.xlsx").is_file() and (tmp_path / "all.docx").is_file()


def test_a_refused_file_exits_1_without_a_traceback_and_imports_nothing(cli, tmp_path):
    corrupt = tmp_path / "corrupt.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 not really a zip")
    result = cli("import", str(corrupt))
    assert result.code == 1 and "refused, nothing imported" in result.err and "Traceback" not in result.err
    assert cli("list", "--json").json() == []
