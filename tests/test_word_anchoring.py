"""Issue 15, cases 1–3 and 6: a review copy's answers are found by the order of prompts and status
lines, not by bookmarks Word carries along; nothing a reviewer wrote is dropped without a line in
the import report. Every test edits a real copy exported by ``replydesk export`` and imports it with
``replydesk import``, as a reviewer's file would be.
"""

from __future__ import annotations

import copy as copying
import json
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from tests import denmark

ONE = "One-paragraph answer about awareness raising."
B1, B2 = "First paragraph of pt3.og2.b.", "Second paragraph of pt3.og2.b."
NOTE = "Please cite the Act of 1 October 2013."


@pytest.fixture
def exported(store, registry, cli, tmp_path):
    """Denmark's return (pt3.og2.a one paragraph, pt3.og2.b two) with one note, as a review copy via the CLI."""
    reply, form = denmark.new_reply(store, registry)
    store.save_answers(reply.id, form, {"pt3.og2.a": ONE, "pt3.og2.b": f"{B1}\n\n{B2}"}, by="official")
    store.add_note(reply.id, form, "pt1.og1.b", NOTE, author="Anna Berg")
    store.close()
    path = tmp_path / "review.docx"
    result = cli("export", str(reply.id), "--review-docx", str(path))
    assert result.code == 0, result.err
    return reply.id, path


def body(document) -> list:
    return [el for el in document.element.body if el.tag in (qn("w:p"), qn("w:tbl"))]


def marks(element) -> list[str]:
    return [b.get(qn("w:name")) for b in element.iter(qn("w:bookmarkStart"))]


def answer_elements(document, key: str) -> list:
    """The paragraphs of one answer as exported: from its rd_ bookmark's start to its end."""
    name = "rd_" + key.replace(".", "_")
    elements = body(document)
    first = next(i for i, el in enumerate(elements) if name in marks(el))
    start_id = next(b.get(qn("w:id")) for b in elements[first].iter(qn("w:bookmarkStart"))
                    if b.get(qn("w:name")) == name)
    last = next(i for i in range(first, len(elements))
                if any(e.get(qn("w:id")) == start_id for e in elements[i].iter(qn("w:bookmarkEnd"))))
    return elements[first:last + 1]


def text_of(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def paragraph(text: str, style: str = "Answer"):
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    pstyle = OxmlElement("w:pStyle")
    pstyle.set(qn("w:val"), style)
    ppr.append(pstyle)
    p.append(ppr)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    p.append(run)
    return p


def imported(cli, path: Path, *options: str) -> tuple[int, dict]:
    result = cli("import", str(path), "--json", *options)
    assert result.code in (0, 1), result.err
    return result.code, json.loads(result.out)


# -- case 1: a whole answer moved in Word keeps its bookmark ---------------------------------------
def move_one_into_b(path: Path, edit: str = "") -> None:
    """pt3.og2.a's one paragraph cut and pasted between the two paragraphs of pt3.og2.b (its bookmark comes along)."""
    document = docx.Document(str(path))
    (moved,) = answer_elements(document, "pt3.og2.a")
    first_b = answer_elements(document, "pt3.og2.b")[0]
    first_b.addnext(moved)
    if edit:
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = edit
        run.append(t)
        moved.append(run)
    document.save(str(path))


def test_an_answer_moved_whole_into_another_is_recognised_by_its_fingerprint_and_read_as_its_own(
        exported, cli, db_path):
    reply_id, path = exported
    move_one_into_b(path)

    code, report = imported(cli, path, "--accept-all")
    assert code == 0 and report["proposals"] == [] and report["applied"] == []
    assert report["placed"] == [
        "Policy Target No. 3 › Operational Goal 2 › A): its whole answer, as exported, was found inside the answer to "
        "Policy Target No. 3 › Operational Goal 2 › B) (moved in the copy); it was read as its answer, not as part of "
        f"Policy Target No. 3 › Operational Goal 2 › B): {ONE!r}"]
    from replydesk.store import Store

    with Store.open(db_path, write=False, purpose="the test") as reopened:
        answers = reopened.values(reply_id)
    assert answers["pt3.og2.a"] == ONE and answers["pt3.og2.b"] == f"{B1}\n\n{B2}"  # nothing reassigned


def test_an_answer_moved_and_then_edited_is_read_where_it_stands_and_held_for_the_official(exported, cli, db_path):
    reply_id, path = exported
    move_one_into_b(path, " Added after the move.")

    code, report = imported(cli, path, "--accept-all")
    proposals = {p["key"]: p for p in report["proposals"]}
    assert set(proposals) == {"pt3.og2.a", "pt3.og2.b"}
    assert report["applied"] == [] and sorted(report["held"]) == ["pt3.og2.a", "pt3.og2.b"]
    assert code == 1  # left open: the official decides
    assert any("Policy Target No. 3 › Operational Goal 2 › A): a paragraph marked as its answer was found inside the "
               "answer to Policy Target No. 3 › Operational Goal 2 › B)" in line
               for line in report["placed"])
    from replydesk.store import Store, decode

    with Store.open(db_path, write=False, purpose="the test") as reopened:
        open_proposals = {p.key: p for p in reopened.proposals(reply_id)}
        answers = reopened.values(reply_id)
    assert answers["pt3.og2.a"] == ONE and answers["pt3.og2.b"] == f"{B1}\n\n{B2}"  # nothing overwritten
    assert decode(open_proposals["pt3.og2.b"].proposed_value) == f"{B1}\n\n{ONE} Added after the move.\n\n{B2}"
    assert decode(open_proposals["pt3.og2.a"].proposed_value) is None


def test_an_answer_moved_under_the_previous_one_goes_back_to_its_question(exported, cli):
    _, path = exported
    document = docx.Document(str(path))
    moved = answer_elements(document, "pt1.og1.b")
    anchor = answer_elements(document, "pt1.og1.a")[-1]
    for element in reversed(moved):
        anchor.addnext(element)
    document.save(str(path))

    code, report = imported(cli, path, "--accept-all")
    assert report["proposals"] == [] and code == 0
    assert len(report["placed"]) == 1 and report["placed"][0].startswith(
        "Policy Target No. 1 › Operational Goal 1 › B): its whole answer, as exported, was found inside the answer to "
        "Policy Target No. 1 › Operational Goal 1 › A) (moved in the copy)")


def test_a_copy_records_a_fingerprint_for_each_answer_with_text(exported):
    from replydesk.documents.word.importer import read_review_copy
    from replydesk.documents.word.review import fingerprint

    _, path = exported
    copy = read_review_copy(path)
    assert copy.fingerprints["pt3.og2.a"] == fingerprint([ONE])
    assert copy.fingerprints["pt3.og2.b"] == fingerprint([B1, B2])
    assert set(copy.fingerprints) == set(denmark.answers()) | {"pt3.og2.a", "pt3.og2.b"}  # none for empty ones


# -- case 2: text typed under a prompt or a heading --------------------------------------------------
def test_text_typed_under_a_prompt_is_its_answer_and_under_a_heading_is_reported(exported, cli, tmp_path):
    _, path = exported
    document = docx.Document(str(path))
    elements = body(document)
    status = next(el for el in elements if "rdq_pt2_og1_b" in marks(el))
    prompt = status.getprevious()
    prompt.addnext(paragraph("Typed under the prompt of B."))  # Enter at the end of the prompt, then typing
    heading = next(el for el in elements if text_of(el) == "Policy Target No. 3")
    heading.addnext(paragraph("A remark typed under a heading."))
    document.save(str(path))

    result = cli("import", str(path), "--report")
    assert result.code == 0, result.err
    assert "proposal #1 for Policy Target No. 2 › Operational Goal 1 › B) Please assess" in result.out
    assert "A remark typed under a heading." in result.out
    written = (tmp_path / "review.import-report.txt").read_text(encoding="utf-8")
    assert "Not placed, not imported: 1" in written
    assert "text under the heading 'Policy Target No. 3', outside every answer, was not read: " \
           "'A remark typed under a heading.'" in written
    assert ("Policy Target No. 2 › Operational Goal 1 › B): text typed between its prompt and its status line was "
            "read as the start of its answer") in written
    code, report = imported(cli, path)
    assert report["unplaced"] and code == 0


# -- case 3: comments become notes by their anchor ------------------------------------------------------
def test_identical_comments_on_two_answers_are_two_notes_with_their_dates_and_the_exported_note_is_not_new(
        exported, cli):
    reply_id, path = exported
    document = docx.Document(str(path))
    for key in ("pt1.og1.a", "pt4.og2.a"):
        element = answer_elements(document, key)[0]
        target = next(p for p in document.paragraphs if p._p is element)
        document.add_comment(target.runs, text="Source?", author="Carl Dane", initials="CD")
    prompt = next(p for p in document.paragraphs if p.style.name == "Prompt" and p._p.getnext() is not None
                  and "rdq_pt3_og1_b" in marks(p._p.getnext()))
    document.add_comment(prompt.runs, text="This prompt is unclear.", author="Eva Holm", initials="EH")
    document.save(str(path))

    code, report = imported(cli, path)
    assert code == 0
    assert sorted((n["key"], n["author"], n["text"]) for n in report["notes"]) == [
        ("pt1.og1.a", "Carl Dane", "Source?"), ("pt3.og1.b", "Eva Holm", "This prompt is unclear."),
        ("pt4.og2.a", "Carl Dane", "Source?")]
    assert any("is a note exported with the copy" in line for line in report["ignored"])
    _, again = imported(cli, path)
    assert again["notes"] == []  # imported before: not twice


# -- case 6: Word tables are read by their header labels ---------------------------------------------------
BASELINE = "coe-ocsea-baseline"


@pytest.fixture
def services_copy(store, registry, cli, tmp_path):
    form = registry.get(BASELINE).resolved(2020)
    reply = store.create_reply(registry.get(BASELINE), "DENMARK", 2020)
    rows = [{"service": "hotline", "name": "Red Barnet", "operator": "Save the Children Denmark"}]
    store.save_answers(reply.id, form, {"area6.chi_helpline": "yes", "area6.services": rows})
    store.close()
    path = tmp_path / "baseline.docx"
    assert cli("export", str(reply.id), "--review-docx", str(path)).code == 0
    return reply.id, path


def services_table(document):
    from docx.table import Table

    element = answer_elements(document, "area6.services")[0]
    return Table(element.getparent().getparent().getparent() if element.tag == qn("w:p") else element, document)


def add_column(table, after: int | None, header: str, text: str) -> None:
    """A column inserted after column ``after`` (None: at the end) with a header and one value."""
    for index, tr in enumerate(table._tbl.tr_lst):
        cells = tr.tc_lst
        new = copying.deepcopy(cells[0])
        for p in new.iter(qn("w:p")):
            for r in list(p.iter(qn("w:r"))):
                r.getparent().remove(r)
            for mark in list(p.iter(qn("w:bookmarkStart"))) + list(p.iter(qn("w:bookmarkEnd"))):
                mark.getparent().remove(mark)
        first_p = new.find(qn("w:p"))
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = header if index == 0 else text
        run.append(t)
        first_p.append(run)
        (cells[after] if after is not None else cells[-1]).addnext(new)


@pytest.mark.parametrize(("after", "header"), [(1, "Notes"), (None, "Comments")])
def test_an_added_table_column_is_reported_never_read_as_another(services_copy, cli, after, header):
    _, path = services_copy
    document = docx.Document(str(path))
    add_column(services_table(document), after, header, "typed in the new column")
    document.save(str(path))

    code, report = imported(cli, path)
    assert code == 0
    assert report["proposals"] == []  # "Operated by" still says what it said
    assert any(f"the table column {header!r} is not a column of this question" in line
               and "typed in the new column" in line for line in report["unplaced"])
