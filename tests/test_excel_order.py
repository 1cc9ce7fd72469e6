"""Issue 15, case 5 and the return parts of case 11: returns carry their order, blank cells do not
clear answers the return never had, a filled blank template meets answers as conflicts. Real
workbooks through ``replydesk export`` and ``replydesk import``.
"""

from __future__ import annotations

import time
from pathlib import Path

import openpyxl
from tests import denmark


def key_cells(path: Path) -> dict[str, str]:
    sheet = openpyxl.load_workbook(path)["Reply"]
    return {row[0].value: row[3].coordinate for row in sheet.iter_rows() if isinstance(row[0].value, str)}


def fill(path: Path, answers: dict[str, str]) -> None:
    workbook = openpyxl.load_workbook(path)
    cells = key_cells(path)
    for key, text in answers.items():
        workbook["Reply"][cells[key]] = text
    workbook.save(path)


def test_an_older_return_is_refused_with_both_export_times_and_force_merges_it(store, registry, cli, tmp_path):
    reply, _ = denmark.new_reply(store, registry)
    store.close()
    older, newer = tmp_path / "older.xlsx", tmp_path / "newer.xlsx"
    assert cli("export", str(reply.id), "--xlsx", str(older)).code == 0
    time.sleep(1.1)  # export times are kept to the second
    assert cli("export", str(reply.id), "--xlsx", str(newer)).code == 0
    fill(newer, {"pt2.og1.b": "Answered in the newer return."})
    fill(older, {"pt2.og1.c": "Answered in the older return."})
    assert cli("import", str(newer)).code == 0
    refused = cli("import", str(older))
    assert refused.code == 1
    exported_older = openpyxl.load_workbook(older)["_meta"]
    times = [row[1].value for row in exported_older.iter_rows() if row[0].value == "exported_at"]
    assert times and times[0] in refused.err and "before the return already imported" in refused.err
    assert "--force" in refused.err
    assert cli("show", str(reply.id), "--json").json()["pt2.og1.c"] is None
    forced = cli("import", str(older), "--force")
    assert forced.code == 0, forced.err
    answers = cli("show", str(reply.id), "--json").json()
    assert answers["pt2.og1.c"] == "Answered in the older return."
    assert answers["pt2.og1.b"] == "Answered in the newer return."  # the older return's blank did not clear it


def test_blank_cells_of_a_return_from_elsewhere_leave_answers_alone_and_are_listed(store, registry, cli, tmp_path):
    reply, _ = denmark.new_reply(store, registry)
    store.close()
    path = tmp_path / "denmark.xlsx"
    assert cli("export", str(reply.id), "--xlsx", str(path)).code == 0
    other = {"REPLYDESK_DB": str(tmp_path / "ministry.sqlite3")}
    created = cli("new", "--form", "global-alliance-2014", "--country", "Denmark", "--year", "2014", env=other)
    assert created.code == 0, created.err
    (tmp_path / "b.md").write_text("Only the ministry had this answer.", encoding="utf-8")
    assert cli("set", "1", "pt2.og1.b", "--file", str(tmp_path / "b.md"), env=other).code == 0
    result = cli("import", str(path), env=other)
    assert result.code == 0, result.err
    assert "left the answer alone" in result.out and "Policy Target No. 2 › Operational Goal 1 › B)" in result.out
    answers = cli("show", "1", "--json", env=other).json()
    assert answers["pt2.og1.b"] == "Only the ministry had this answer."
    assert answers["pt1.og1.a"] == denmark.answers()["pt1.og1.a"]


def test_a_filled_blank_template_meets_existing_answers_as_conflicts(store, registry, cli, tmp_path):
    reply, _ = denmark.new_reply(store, registry)
    store.close()
    path = tmp_path / "blank.xlsx"
    assert cli("export", str(reply.id), "--xlsx", str(path), "--blank").code == 0
    fill(path, {"pt1.og1.a": "Typed into the blank template.", "pt2.og1.b": "A new answer."})
    result = cli("import", str(path), "--json")
    assert result.code == 0, result.err
    (imported,) = result.json()
    assert imported["conflicts"] == ["pt1.og1.a"] and imported["changed"] == ["pt2.og1.b"]
    answers = cli("show", str(reply.id), "--json").json()
    assert answers["pt1.og1.a"] == denmark.answers()["pt1.og1.a"]


def test_returns_exported_in_the_same_second_are_not_older_whatever_their_file_names(store, registry):
    """Export times are kept to the second; a return exported in the same second as the one imported before
    is not older, and a file whose name holds "exported" does not stand in for the time."""
    import datetime as dt

    from replydesk.documents.excel.export import export_return, source_from_store
    from replydesk.documents.excel.importer import import_workbooks

    reply, form = denmark.new_reply(store, registry)
    moment = dt.datetime(2026, 12, 7, 22, 44, 45, tzinfo=dt.UTC)
    first, second = Path(store.path).parent / "first exported final.xlsx", Path(store.path).parent / "second.xlsx"
    export_return(source_from_store(store, reply.id, form), first, now=moment)
    export_return(source_from_store(store, reply.id, form), second, now=moment)
    fill(first, {"pt2.og1.b": "From the first return."})
    fill(second, {"pt2.og1.c": "From the second return."})
    for path in (first, second):
        [imported] = import_workbooks(store, registry, [path])
        assert getattr(imported, "problems", None) is None, imported
    answers = store.values(reply.id)
    assert "From the first return." in answers["pt2.og1.b"] and "From the second return." in answers["pt2.og1.c"]
