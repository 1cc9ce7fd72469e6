"""Importing return workbooks: every refusal is clear and leaves nothing behind; merges keep both sides' work."""

from __future__ import annotations

import argparse
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from tests.test_excel_support import edit, find_row, rewrite, sample_values, zip_entries

from replydesk.cli.excel_commands import export_excel, import_excel
from replydesk.documents.excel.export import ReturnSource, export_return, source_from_store
from replydesk.documents.excel.importer import MERGED, REVISED, apply_return, import_workbooks
from replydesk.documents.excel.read import RefusedWorkbook, read_return
from replydesk.documents.excel.safety import Limits
from replydesk.store import Store

COUNTRY_ROW = 7  # the _meta row of the country field


def write_return(form, path: Path, country: str = "DENMARK", values=None, **kwargs) -> Path:
    values = {key: f"{country} answers {key}." for key in form.keys()} if values is None else values
    export_return(ReturnSource(form=form, country=country, year=2014, values=values), path, **kwargs)
    return path


def run_import(db_path: Path, *paths: Path) -> int:
    return import_excel(argparse.Namespace(db=db_path, command="import"), list(paths))


def replies(db_path: Path) -> list:
    with Store.open(db_path, write=False) as store:
        return store.replies()


@pytest.fixture
def good(ga_form, tmp_path) -> Path:
    return write_return(ga_form, tmp_path / "denmark.xlsx")


def refused(db_path, path, capsys) -> str:
    """Import ``path`` alone: it must be refused with exit 1, a message and no traceback, leaving no reply."""
    code = run_import(db_path, path)
    captured = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in captured.err + captured.out
    assert str(path) in captured.err and "refused, nothing imported" in captured.err
    assert replies(db_path) == []
    return captured.err


def test_a_good_return_imports_as_a_new_reply(db_path, good, ga_form, capsys):
    assert run_import(db_path, good) == 0
    assert ("imported into reply 1 (DENMARK, Global Alliance Against Child Sexual Abuse Online – 2014 Reporting Form; "
            "new reply): 21 answers changed") in capsys.readouterr().out
    (reply,) = replies(db_path)
    with Store.open(db_path, write=False) as store:
        assert store.values(reply.id) == {key: f"DENMARK answers {key}." for key in ga_form.keys()}
        assert {h.source for h in store.history(reply.id)} == {"excel: denmark.xlsx"}
        assert store.events(reply.id)[-1].action == "imported:xlsx"


def test_a_tampered_meta_is_refused(db_path, good, capsys):
    edit(good, {("_meta", f"B{COUNTRY_ROW}"): "SWEDEN"})
    assert "altered after export" in refused(db_path, good, capsys)


def test_a_changed_definition_hash_is_refused(db_path, ga_form, tmp_path, capsys):
    path = write_return(ga_form.model_copy(update={"title": "Edited title"}), tmp_path / "old.xlsx")
    message = refused(db_path, path, capsys)
    assert "Export a new workbook from the current form" in message and ga_form.definition_hash[:12] in message


def test_an_unknown_key_is_refused_naming_the_cell(db_path, good, capsys):
    row = find_row(good, "pt2.og1.a")
    edit(good, {("Reply", f"A{row}"): "pt2.og1.z"})
    message = refused(db_path, good, capsys)
    assert f"Reply!A{row}: unknown key 'pt2.og1.z'" in message
    assert "keys missing: pt2.og1.a" in message


def test_a_duplicate_key_is_refused(db_path, good, capsys):
    row = find_row(good, "pt2.og1.b")
    edit(good, {("Reply", f"A{row}"): "pt2.og1.a"})
    assert "appears twice" in refused(db_path, good, capsys)


def test_a_corrupt_zip_is_refused(db_path, good, capsys):
    data = good.read_bytes()
    good.write_bytes(data[: len(data) // 2])
    assert "damaged (corrupt zip" in refused(db_path, good, capsys)
    good.write_bytes(b"this is not a workbook")
    assert "not a zip file" in refused(db_path, good, capsys)


def test_a_damaged_part_is_refused(db_path, good, capsys):
    entries = zip_entries(good)
    entries["xl/workbook.xml"] = entries["xl/workbook.xml"][:-40]
    rewrite(good, entries)
    assert "not a readable .xlsx workbook" in refused(db_path, good, capsys)


def test_macro_enabled_workbooks_are_refused(db_path, good, tmp_path, capsys):
    xlsm = tmp_path / "denmark.xlsm"
    shutil.copy(good, xlsm)
    assert "macro-enabled" in refused(db_path, xlsm, capsys)
    with zipfile.ZipFile(good, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")
    assert "contains macros" in refused(db_path, good, capsys)


def test_a_zip_bomb_is_refused_before_parsing(db_path, good, capsys):
    entries = zip_entries(good)
    entries["xl/worksheets/sheet1.xml"] += b" " * 25_000_000  # inflates 25 MB from a few KB
    rewrite(good, entries)
    assert "possible zip bomb" in refused(db_path, good, capsys)


def test_limits_on_size_and_cells(registry, good):
    with pytest.raises(RefusedWorkbook, match="the limit for a return is 1,000"):
        read_return(good, registry, Limits(file_bytes=1_000))
    with pytest.raises(RefusedWorkbook, match="more than 50 cells"):
        read_return(good, registry, Limits(cells=50))
    with pytest.raises(RefusedWorkbook, match="possible zip bomb"):
        read_return(good, registry, Limits(uncompressed_bytes=20_000))


def test_xml_entity_tricks_are_refused(db_path, good, capsys):
    original = zip_entries(good)
    laughs = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    rewrite(good, {**original, "xl/worksheets/sheet1.xml": laughs + original["xl/worksheets/sheet1.xml"]})
    assert "declares an XML doctype" in refused(db_path, good, capsys)
    external = b'<!DOCTYPE Types SYSTEM "http://attacker.example/x.dtd">'
    rewrite(good, {**original, "[Content_Types].xml": external + original["[Content_Types].xml"]})
    assert "XML entity attack" in refused(db_path, good, capsys)
    utf16 = original["xl/workbook.xml"].decode("utf-8").encode("utf-16")
    rewrite(good, {**original, "xl/workbook.xml": utf16})
    assert "not UTF-8" in refused(db_path, good, capsys)


def test_a_formula_typed_into_an_answer_is_refused(db_path, good, capsys):
    row = find_row(good, "pt3.og1.c")
    edit(good, {("Reply", f"D{row}"): "=1+1"})
    assert f"Reply!D{row} (Policy Target No. 3 › Operational Goal 1 › C)): the cell holds a formula" \
        in refused(db_path, good, capsys)


def test_an_invalid_value_is_refused_naming_sheet_and_cell(db_path, registry, tmp_path, capsys):
    form = registry.get("coe-ocsea-baseline")
    path = tmp_path / "baseline.xlsx"
    export_return(ReturnSource(form=form, country="DENMARK", year=2021, values=sample_values(form)), path)
    row = find_row(path, "commitments.weprotect")
    edit(path, {("Reply", f"D{row}"): "Maybe", ("area6.services", "D4"): "not a link"})
    message = refused(db_path, path, capsys)
    assert f"Reply!D{row} (Fig. 1 › WeProtect member, a yes/no question): 'Maybe' is not yes or no" in message
    assert ("'area6.services'!D4 (6. – End-to-end support › Hotlines and helplines, row 1, column 'Type of operator'): "
            "'not a link' is not one of the choices") in message and "2 problems" in message


def test_a_bad_file_beside_good_ones_leaves_the_good_ones_imported(db_path, ga_form, tmp_path, capsys):
    sweden = write_return(ga_form, tmp_path / "sweden.xlsx", "SWEDEN")
    bad = write_return(ga_form, tmp_path / "bad.xlsx", "NORWAY")
    edit(bad, {("_meta", f"B{COUNTRY_ROW}"): "FINLAND"})
    denmark = write_return(ga_form, tmp_path / "denmark.xlsx", "DENMARK")
    assert run_import(db_path, sweden, bad, denmark) == 1
    captured = capsys.readouterr()
    assert "2 of 3 files imported; 1 refused" in captured.out and "bad.xlsx: refused" in captured.err
    assert sorted(r.country for r in replies(db_path)) == ["DENMARK", "SWEDEN"]


def test_a_return_for_an_existing_reply_becomes_its_new_revision(db_path, ga_form, registry, tmp_path):
    first = write_return(ga_form, tmp_path / "first.xlsx")
    values = {key: f"Revised {key}." for key in ga_form.keys()}
    values["pt1.og1.a"] = "DENMARK answers pt1.og1.a."
    second = write_return(ga_form, tmp_path / "second.xlsx", values=values)
    with Store.open(db_path, write=True) as store:
        import_workbooks(store, registry, [first])
        (result,) = import_workbooks(store, registry, [second])
        assert result.action == REVISED and len(result.changed) == 20
        (reply,) = store.replies()
        assert store.values(reply.id) == values
        assert [h.value for h in store.history(reply.id, "pt2.og2.a")] == [
            json.dumps("DENMARK answers pt2.og2.a."), json.dumps("Revised pt2.og2.a.")]


def test_a_package_for_pt2_merges_back_and_a_conflict_is_kept_apart(db_path, ga_form, registry, tmp_path, capsys):
    with Store.open(db_path, write=True) as store:
        reply = store.create_reply(ga_form, "DENMARK", 2014)
        store.save_answers(reply.id, ga_form, {key: f"Ministry draft {key}." for key in ga_form.keys()})
    package = tmp_path / "pt2.xlsx"
    assert export_excel(argparse.Namespace(db=db_path, command="export", reply_id=reply.id, xlsx=package,
                                           only=["pt2"], blank=False)) == 0
    with Store.open(db_path, write=True) as store:  # meanwhile, the coordinator edits one answer of the part
        store.save_answers(reply.id, ga_form, {"pt2.og1.a": "Coordinator's edit.", "pt2.og1.b": "Coordinator 2."})
    edit(package, {("Reply", f"D{find_row(package, 'pt2.og1.a')}"): "Ministry of Justice's edit.",
                   ("Reply", f"D{find_row(package, 'pt2.og2.b')}"): "Only the ministry changed this.",
                   ("Reply", f"D{find_row(package, 'pt2.og2.c')}"): "Coordinator 2."})
    assert run_import(db_path, package) == 0
    out = capsys.readouterr().out
    assert "merged): 2 answers changed; 1 conflict kept as in the store" in out
    assert "saved for review: Policy Target No. 2 › Operational Goal 1 › A) Please report" in out  # not pt2.og1.a
    with Store.open(db_path, write=True) as store:
        values = store.values(reply.id)
        assert values["pt2.og1.a"] == "Coordinator's edit."  # not overwritten
        assert values["pt2.og2.b"] == "Only the ministry changed this."  # taken
        assert values["pt2.og1.b"] == "Coordinator 2."  # changed only in the store: kept
        assert values["pt2.og2.c"] == "Coordinator 2."  # changed in the workbook, but not in the store: taken
        assert values["pt1.og1.a"] == "Ministry draft pt1.og1.a."  # outside the part: untouched
        assert len(store.replies()) == 1
        (conflict,) = store.open_conflicts(reply.id)
        assert conflict.key == "pt2.og1.a" and conflict.source == "pt2.xlsx"
        assert json.loads(conflict.workbook_value) == "Ministry of Justice's edit."
        assert json.loads(conflict.store_value) == "Coordinator's edit."
        store.resolve_conflict(conflict.id, ga_form, take_workbook=True)
        assert store.values(reply.id)["pt2.og1.a"] == "Ministry of Justice's edit."
        assert store.open_conflicts(reply.id) == []


def test_an_untouched_package_changes_nothing(db_path, ga_form, registry, tmp_path):
    with Store.open(db_path, write=True) as store:
        reply = store.create_reply(ga_form, "DENMARK", 2014)
        store.save_answers(reply.id, ga_form, {"pt2.og1.a": "Draft."})
        package = export_return(source_from_store(store, reply.id, ga_form), tmp_path / "p.xlsx", only=["pt2"]).path
        store.save_answers(reply.id, ga_form, {"pt2.og1.a": "Newer draft."})
        result = apply_return(store, read_return(package, registry))
        assert result.action == MERGED and result.changed == [] and result.conflicts == []
        assert store.values(reply.id)["pt2.og1.a"] == "Newer draft."


def test_a_filled_blank_template_meets_its_replys_answers_as_conflicts(db_path, ga_form, registry, tmp_path):
    """Issue 15, case 11: a template never saw the reply's answers, so it cannot overwrite them."""
    with Store.open(db_path, write=True) as store:
        reply = store.create_reply(ga_form, "DENMARK", 2014)
        store.save_answers(reply.id, ga_form, {"pt1.og1.a": "Kept.", "pt1.og1.b": "Replaced."})
        template = export_return(source_from_store(store, reply.id, ga_form), tmp_path / "t.xlsx", blank=True).path
    edit(template, {("Reply", f"D{find_row(template, 'pt1.og1.b')}"): "From the template."})
    with Store.open(db_path, write=True) as store:
        result = apply_return(store, read_return(template, registry))
        assert result.changed == [] and result.conflicts == ["pt1.og1.b"]
        assert store.values(reply.id) == {"pt1.og1.a": "Kept.", "pt1.og1.b": "Replaced."}
        assert [c.key for c in store.open_conflicts(reply.id)] == ["pt1.og1.b"]


def test_a_final_reply_is_not_changed_by_an_import(db_path, ga_form, good, capsys):
    with Store.open(db_path, write=True) as store:
        reply = store.create_reply(ga_form, "DENMARK", 2014)
        store.set_reply_status(reply.id, "final")
    assert run_import(db_path, good) == 1
    assert "is final; reopen it" in capsys.readouterr().err
    with Store.open(db_path, write=False) as store:
        assert store.values(reply.id) == {}


def test_export_refuses_an_unknown_part_with_a_usage_error(db_path, ga_form, tmp_path):
    from replydesk.cli.context import CommandError

    with Store.open(db_path, write=True) as store:
        reply = store.create_reply(ga_form, "DENMARK", 2014)
    args = argparse.Namespace(db=db_path, command="export", reply_id=reply.id, xlsx=tmp_path, only=["pt9"],
                              blank=False)
    with pytest.raises(CommandError) as raised:
        export_excel(args)
    assert raised.value.code == 2 and "no group 'pt9'" in str(raised.value)
    args.only = []
    assert export_excel(args) == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".xlsx") == ["Denmark-global-alliance-2014.xlsx"]
    assert export_excel(argparse.Namespace(db=db_path, command="export", reply_id=reply.id, xlsx=None)) is None
