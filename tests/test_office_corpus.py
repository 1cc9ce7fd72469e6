"""The golden corpus (issue 15): every edited review copy and return workbook in ``tests/data/office/``,
imported into a fresh copy of the database it was exported from, gives what its ``NAME.expected.yaml`` says.

The files were made by ``tools/make_office_corpus.py`` (lxml as Word writes, LibreOffice Writer and Calc
over UNO, re-saves through both); the expectations were written by hand beside each recipe, never taken
from the importer. This test reads the committed files only: it needs no LibreOffice.

Review copies (imported accepting all): exactly the expected proposals (value, read as the import reads,
and author), notes (answer, author, text, the comment replied to), proposals held (the others applied),
and report lines (each expected line is a part of one line of its section, and the section has no others).
Return workbooks: exactly the expected answers changed, or the file refused (their import report is
another branch's work: not checked here).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.conftest import REPO

from replydesk.definitions.registry import Registry
from replydesk.documents.excel.importer import import_workbooks
from replydesk.documents.excel.read import RefusedWorkbook
from replydesk.documents.word.importer import (
    UnmarkedCopy,
    canonical,
    import_review_copy,
    read_review_copy,
    read_unmarked_copy,
)
from replydesk.store import Store

CORPUS = REPO / "tests" / "data" / "office"
EXPECTED = sorted(CORPUS.glob("*.expected.yaml"))
BASE = json.loads((CORPUS / "base.json").read_text(encoding="utf-8"))


def document_of(expected: Path) -> Path:
    stem = expected.name.removesuffix(".expected.yaml")
    (found,) = [path for path in (CORPUS / f"{stem}.docx", CORPUS / f"{stem}.xlsx") if path.exists()]
    return found


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load(REPO / "forms")


@pytest.fixture
def base_store(tmp_path):  # noqa: ANN201
    """A fresh copy of the database the corpus was exported from."""
    path = tmp_path / "drafts.sqlite3"
    shutil.copy(CORPUS / "base.sqlite3", path)
    with Store.open(path, write=True, purpose="the corpus test") as store:
        yield store


def test_the_corpus_holds_at_least_fifty_files_of_every_kind():
    files = [document_of(path) for path in EXPECTED]
    names = [f.name for f in files]
    assert len(files) >= 50
    assert sum(n.startswith("w-") and n.endswith(".docx") and ".lo." not in n for n in names) >= 20  # as Word writes
    assert sum(n.startswith("lo-") and n.endswith(".docx") for n in names) >= 5  # edited in Writer
    assert sum(n.endswith(".lo.docx") for n in names) >= 10  # re-saved through Writer
    assert sum(n.startswith("lo-") and n.endswith(".xlsx") for n in names) >= 2  # typed in Calc
    assert sum(n.endswith(".lo.xlsx") for n in names) >= 2  # re-saved through Calc
    assert all(f.stat().st_size < 64_000 for f in files)


def lines_match(section: str, expected: list[str | list[str]], actual: list[str]) -> None:
    """Each expected line (a part of it, or a list of parts) is in its own actual line, and there are no others."""
    assert len(actual) == len(expected), f"{section}: expected {expected}, got {actual}"
    left = list(actual)
    for wanted in expected:
        parts = [wanted] if isinstance(wanted, str) else wanted
        match = next((line for line in left if all(part in line for part in parts)), None)
        assert match is not None, f"{section}: no line holds {wanted!r}; lines: {actual}"
        left.remove(match)


@pytest.mark.parametrize("expected", [p for p in EXPECTED if document_of(p).suffix == ".docx"], ids=lambda p: p.name)
def test_review_copy(expected: Path, base_store: Store, registry: Registry):
    want: dict[str, Any] = yaml.safe_load(expected.read_text(encoding="utf-8"))
    try:
        copy = read_review_copy(document_of(expected))
    except UnmarkedCopy:  # its properties removed: matched to its reply by the form's own texts
        copy = read_unmarked_copy(base_store, registry, document_of(expected))
    form = registry.get(copy.form_id).resolved(copy.year)
    before = base_store.values(copy.reply_id)
    result = import_review_copy(base_store, form, copy, accept_all=True, by="the test")

    proposals = {p.key: p for p in result.proposals}
    assert sorted(proposals) == sorted(want["proposals"])
    for key, proposal in want["proposals"].items():
        question = form.slot(key).question
        assert canonical(question, proposals[key].proposed, stored=False) == canonical(question, proposal["value"]), key
        assert proposals[key].base == before.get(key)
        if proposal.get("author"):
            assert proposals[key].author == proposal["author"], key
    notes = sorted((n.key, n.author, n.text) for n in result.notes)
    assert notes == sorted((n["key"], n["author"], n["text"]) for n in want["notes"])
    for note in want["notes"]:
        matching = [n for n in result.notes if (n.key, n.author, n.text) == (note["key"], note["author"], note["text"])]
        if note.get("reply_to"):
            assert all(f"in reply to {note['reply_to']}" in stored.source for stored in matching)
        assert all(("thread resolved" in stored.source) == bool(note.get("resolved")) for stored in matching)
    assert sorted(result.held) == sorted(want["held"])
    report = want["report"]
    lines_match("placed", report["placed"], result.placed)
    lines_match("unplaced", report["unplaced"], result.unplaced)
    lines_match("ignored", report["ignored"], result.ignored)
    lines_match("warnings", report["warnings"], result.warnings)
    # accepting all applies every proposal but those held (read differently than the copy marks them)
    assert sorted(result.applied) == sorted(set(want["proposals"]) - set(want["held"]))
    assert base_store.values(copy.reply_id) == {**before, **{key: proposals[key].proposed for key in result.applied}}


@pytest.mark.parametrize("expected", [p for p in EXPECTED if document_of(p).suffix == ".xlsx"], ids=lambda p: p.name)
def test_return_workbook(expected: Path, base_store: Store, registry: Registry):
    want: dict[str, Any] = yaml.safe_load(expected.read_text(encoding="utf-8"))
    before = base_store.values(BASE["reply_id"])
    (result,) = import_workbooks(base_store, registry, [document_of(expected)], by="the test")
    after = base_store.values(BASE["reply_id"])
    if want["refused"]:
        assert isinstance(result, RefusedWorkbook)
        assert want["refused"] in str(result)
        assert after == before
        return
    assert not isinstance(result, RefusedWorkbook), str(result)
    assert result.reply_id == BASE["reply_id"] and result.conflicts == []
    assert sorted(result.changed) == sorted(want["changes"])
    assert after == {**before, **want["changes"]}
    if "unplaced" in want:  # the files of issue 26 say what their import report names
        lines_match("unplaced", want["unplaced"], result.unplaced)
        lines_match("notes", want["notes"], result.notes)


def test_live_a_copy_edited_in_libreoffice_writer_now(base_store: Store, registry: Registry, tmp_path):
    """One live check that the committed corpus still stands for what Writer writes: a copy exported now, edited
    in Writer over UNO (a tracked sentence and a comment) and imported. It fails, not skips, without LibreOffice
    (``tools/dev test`` installs it)."""
    import subprocess

    from replydesk.documents.word.export import export_docx

    assert shutil.which("soffice") or shutil.which("libreoffice"), "LibreOffice is needed for this check"
    form = registry.get(BASE["form"]).resolved(BASE["year"])
    exported = export_docx(base_store, BASE["reply_id"], form, tmp_path / "review.docx", review=True)
    edited = tmp_path / "edited.docx"
    jobs = tmp_path / "jobs.json"
    jobs.write_text(json.dumps([{"source": str(exported.path), "target": str(edited), "author": "Lena Olsen",
                                 "track": True, "ops": [
                                     {"op": "type_end", "find": "This is handled in cooperation with Interpol.",
                                      "text": " And with Europol."},
                                     {"op": "comment", "find": "Please see above.", "text": "Where above?"}]}]))
    done = subprocess.run(["/usr/bin/python3", str(REPO / "tools" / "lo_writer.py"), str(jobs)],
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    result = import_review_copy(base_store, form, read_review_copy(edited), by="the test")
    assert [(p.key, p.proposed, p.author) for p in result.proposals] == [
        ("pt4.og2.a", "This is handled in cooperation with Interpol. And with Europol.", "Lena Olsen")]
    assert [(n.key, n.author, n.text) for n in result.notes] == [("pt1.og1.b", "Lena Olsen", "Where above?")]
    assert result.placed == result.unplaced == result.warnings == []


@pytest.mark.parametrize("name", ["w-whole-answer-moved.lo.docx", "w-typed-under-goal.docx", "w-text-box.docx",
                                  "lo-typed-under-prompt.docx"])
def test_through_the_command_line_the_report_lists_what_the_expectation_says(name: str, cli, db_path, tmp_path):
    """``replydesk import FILE --report`` on a corpus file: the report written beside it holds the expected lines."""
    shutil.copy(CORPUS / "base.sqlite3", db_path)
    copied = tmp_path / name
    shutil.copy(CORPUS / name, copied)
    want = yaml.safe_load((CORPUS / name.replace(".docx", ".expected.yaml")).read_text(encoding="utf-8"))
    result = cli("import", str(copied), "--report")
    assert result.code == 0, result.err
    report = (tmp_path / name.replace(".docx", ".import-report.txt")).read_text(encoding="utf-8")
    for section in ("placed", "unplaced"):
        for line in want["report"][section]:
            for part in [line] if isinstance(line, str) else line:
                assert part in report, (section, part, report)
    assert f"Proposals: {len(want['proposals']) or 'none'}" in report
