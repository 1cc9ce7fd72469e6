"""What people read names questions, forms and cells as they know them: no internal keys (issue 23)."""

from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn

from replydesk.definitions.problems import question_name
from replydesk.documents.excel.export import export_return, source_from_store
from replydesk.documents.excel.importer import import_workbooks
from replydesk.documents.word.export import export_docx
from replydesk.documents.word.importer import import_review_copy, read_review_copy
from replydesk.store import Store

FORMS = [("global-alliance-2014", 2014), ("lanzarote-2-csgsiv-follow-up", 2023), ("coe-ocsea-baseline", 2020)]


def visible_texts(document) -> list[str]:  # noqa: ANN001
    """Every run's text Word shows or prints: body (tables too), headers and footers, hidden runs left out."""
    parts = [document.element.body]
    for section in document.sections:
        parts += [section.header._element, section.footer._element]
    texts = []
    for part in parts:
        for run in part.iter(qn("w:r")):
            props = run.find(qn("w:rPr"))
            if props is not None and props.find(qn("w:vanish")) is not None:
                continue
            texts.append("".join(t.text or "" for t in run.iter(qn("w:t"))))
    return texts


def review_copy(store, registry, tmp_path, form_id: str, year: int):  # noqa: ANN001, ANN201
    form = registry.get(form_id).resolved(year)
    reply = store.create_reply(form, "DENMARK", year)
    first = next(s for s in form.slots if s.question.type.value in ("long_text", "short_text"))
    store.save_answers(reply.id, form, {first.key: "The Act of 2013 covers it."})
    return form, export_docx(store, reply.id, form, tmp_path / f"{form_id}.docx", review=True).path


@pytest.mark.parametrize(("form_id", "year"), FORMS)
def test_a_review_copy_shows_no_slot_key_and_its_status_lines_only_the_status(store, registry, tmp_path,
                                                                             form_id, year):
    form, path = review_copy(store, registry, tmp_path, form_id, year)
    document = docx.Document(str(path))
    shown = "\n".join(visible_texts(document))
    assert [key for key in form.keys() if key in shown] == []
    statuses = [p.text for p in document.paragraphs if p.style.name == "Review Status"]
    assert len(statuses) == len(form.slots)
    assert set(statuses) == {"Review status: Draft"}
    # the importer still finds every answer, by its markers: an unedited copy reads back as nothing changed
    result = import_review_copy(store, form, read_review_copy(path))
    assert result.proposals == [] and result.unplaced == [] and len(result.unchanged) == len(form.slots)


def test_a_copy_written_before_with_the_key_in_its_status_lines_reads_as_it_did(store, registry, tmp_path):
    """Copies sent out before this change show "Review status: Draft · pt1.og1.a": not an edit of the line."""
    form, path = review_copy(store, registry, tmp_path, "global-alliance-2014", 2014)
    document = docx.Document(str(path))
    lines = [p for p in document.paragraphs if p.style.name == "Review Status"]
    for paragraph, slot in zip(lines, form.slots, strict=True):
        paragraph.runs[-1].text += f" · {slot.key}"
    lines[1].runs[-1].text += " – checked by CD"  # a real edit of a line is still listed
    document.save(str(path))
    result = import_review_copy(store, form, read_review_copy(path))
    assert result.proposals == [] and len(result.unchanged) == len(form.slots)
    assert len(result.unplaced) == 1 and "checked by CD" in result.unplaced[0]


@pytest.mark.parametrize(("form_id", "year"), FORMS)
def test_a_return_import_names_the_form_by_its_title_and_each_question_and_cell_as_people_see_them(
        store, registry, tmp_path, form_id, year):
    form = registry.get(form_id).resolved(year)
    reply = store.create_reply(form, "DENMARK", year)
    slot = next(s for s in form.slots if s.question.type.value in ("long_text", "short_text"))
    store.save_answers(reply.id, form, {slot.key: "The Act of 2013 covers it."})
    path = export_return(source_from_store(store, reply.id, registry.get(form_id)), tmp_path / "return.xlsx").path
    with Store.open(tmp_path / "secretariat.sqlite3", write=True, purpose="the test") as secretariat:
        (result,) = import_workbooks(secretariat, registry, [path])
    line, report = result.describe(), result.report().text()
    assert f"(DENMARK, {form.title}; new reply): 1 answer changed" in line and form_id not in line
    assert f"  - {question_name(slot)} (Answer column, Reply!D" in report  # the cell stays findable, in brackets
    assert f"- {slot.key} " not in report and form_id not in report


def test_a_review_copy_import_report_names_proposals_and_notes_by_question(store, registry, tmp_path):
    form, path = review_copy(store, registry, tmp_path, "global-alliance-2014", 2014)
    slot = next(s for s in form.slots if s.question.type.value == "long_text")
    document = docx.Document(str(path))
    marked = "rd_" + slot.key.replace(".", "_")
    answer = next(p for p in document.paragraphs
                  if marked in [b.get(qn("w:name")) for b in p._p.iter(qn("w:bookmarkStart"))])
    answer.runs[0].text = "The Act of 2014 covers it."
    document.save(str(path))
    report = import_review_copy(store, form, read_review_copy(path)).report()
    assert f"#1 {question_name(slot)} by " in report and f"#1 {slot.key}" not in report
