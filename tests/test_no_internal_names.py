"""What people read names questions, forms and cells as they know them: no internal keys (issue 23)."""

from __future__ import annotations

import re

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from replydesk.definitions.problems import question_name, question_trail
from replydesk.definitions.types import QuestionType, value_type
from replydesk.documents.excel.export import export_return, source_from_store
from replydesk.documents.excel.format import TABLE_HEADER_ROW
from replydesk.documents.excel.importer import import_workbooks
from replydesk.documents.excel.read import RefusedWorkbook
from replydesk.documents.word.export import export_docx
from replydesk.documents.word.importer import import_review_copy, read_review_copy
from replydesk.documents.word.review import ANSWER_PREFIX, STATUS_PREFIX, bookmark_names
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


# -- messages about what came back: a review copy edited as a reviewer would, a return with bad cells ----------
TYPED = ("yes_no", "yes_partly_no", "single_choice", "multiple_choice", "integer", "decimal", "percentage", "date")


def internal_names(form, text: str) -> list[str]:  # noqa: ANN001
    """The keys and internal type names a message shows (a table sheet's name in a ``'sheet'!cell`` reference is
    where the cell is, as the workbook's tab says it: left out)."""
    text = re.sub(r"'[^']+'!", "!", text)
    keys = [key for key in form.keys() if re.search(rf"(?<![\w.]){re.escape(key)}(?![\w.])", text)]
    return keys + [qtype.value for qtype in QuestionType if f"({qtype.value})" in text or
                   ("_" in qtype.value and qtype.value in text)]


def by_bookmark(document, name: str):  # noqa: ANN001, ANN201
    return next(p for p in document.paragraphs
                if name in [b.get(qn("w:name")) for b in p._p.iter(qn("w:bookmarkStart"))])


@pytest.mark.parametrize(("form_id", "year"), FORMS)
def test_a_review_copy_edited_as_a_reviewer_would_is_reported_by_question_never_by_key(store, registry, tmp_path,
                                                                                       form_id, year):
    """A status line typed into, a comment on a prompt, a question's markers deleted: each line of the import report
    names the question as the form numbers it."""
    form, path = review_copy(store, registry, tmp_path, form_id, year)
    typed_in, commented, unmarked = form.slots[1], form.slots[2], form.slots[-1]
    document = docx.Document(str(path))
    status = by_bookmark(document, bookmark_names([typed_in.key], STATUS_PREFIX)[typed_in.key])
    status.runs[-1].text += " – checked by CD"
    prompt = by_bookmark(document, bookmark_names([commented.key], STATUS_PREFIX)[commented.key])._p.getprevious()
    document.add_comment(Paragraph(prompt, document._body).runs, text="Is this the right question?", author="Eva Holm")
    for prefix in (STATUS_PREFIX, ANSWER_PREFIX):
        name = bookmark_names([unmarked.key], prefix)[unmarked.key]
        for mark in list(document.element.body.iter(qn("w:bookmarkStart"))):
            if mark.get(qn("w:name")) == name:
                mark.getparent().remove(mark)
    document.save(str(path))

    result = import_review_copy(store, form, read_review_copy(path), by="the test")
    report = result.report()
    assert internal_names(form, report) == [], report
    assert report.startswith(f"Import report: {path.name} (reply {result.reply_id}: DENMARK, {form.title})\n")
    assert any(line.startswith(f"{question_trail(typed_in)}: its status line was edited") for line in result.unplaced)
    assert f"{question_trail(commented)}: a comment by Eva Holm anchored on the prompt" in report
    assert f"{question_trail(unmarked)}: its markers were removed from the copy" in report
    assert len(question_trail(typed_in)) < len(question_name(typed_in)) or typed_in.question.short


def answer_row(sheet, key: str) -> int:  # noqa: ANN001
    return next(row[0].row for row in sheet.iter_rows() if row[0].value == key)


@pytest.mark.parametrize(("form_id", "year"), FORMS)
def test_a_return_with_bad_cells_is_refused_naming_each_cell_and_its_question_as_people_know_them(
        store, registry, tmp_path, form_id, year):
    """Reply!D12 stays (where to look), then the question as the form numbers it and its kind in words; a table's
    cell by the table's row and column headings."""
    form = registry.get(form_id).resolved(year)
    reply = store.create_reply(form, "DENMARK", year)
    path = export_return(source_from_store(store, reply.id, registry.get(form_id)), tmp_path / "return.xlsx").path
    book = openpyxl.load_workbook(path)
    typed = next((s for s in form.slots if s.question.type.value in TYPED), None)
    formula = next(s for s in form.slots if s.question.type.value in ("long_text", "short_text"))
    expected = []
    if typed is not None:
        row = answer_row(book["Reply"], typed.key)
        book["Reply"][f"D{row}"] = "Maybe not"
        expected.append(f"Reply!D{row} ({question_trail(typed)}, {value_type(typed.question).spoken}): "
                        "'Maybe not' is not")
    else:  # (a form of prose answers only: a formula is what its cells can hold wrong; refused before all else)
        row = answer_row(book["Reply"], formula.key)
        book["Reply"][f"D{row}"] = "=1+1"
        expected.append(f"Reply!D{row} ({question_trail(formula)}): the cell holds a formula")
    table = next((s for s in form.slots if s.question.type.value == "table" and s.key in book.sheetnames
                  and any(c.type.value in TYPED for c in s.question.columns)), None)
    if table is not None:
        column = next(c for c in table.question.columns if c.type.value in TYPED)
        sheet = book[table.key]
        letter = next(cell.column_letter for cell in sheet[TABLE_HEADER_ROW] if cell.value == column.label)
        sheet[f"{letter}{TABLE_HEADER_ROW + 1}"] = "Maybe not"
        heading = f"row {table.question.rows[0].label!r}" if table.question.rows else "row 1"
        expected.append(f"!{letter}{TABLE_HEADER_ROW + 1} ({question_trail(table)}, {heading}, "
                        f"column {column.label!r}): 'Maybe not' is not")
    book.save(path)

    with Store.open(tmp_path / "secretariat.sqlite3", write=True, purpose="the test") as secretariat:
        (refused,) = import_workbooks(secretariat, registry, [path])
    message = str(refused)
    assert isinstance(refused, RefusedWorkbook)
    assert f"({len(expected)} problems)" in message if len(expected) > 1 else "nothing imported: Reply!" in message
    assert [part for part in expected if part not in message] == [], message
    assert internal_names(form, message) == [], message


def test_a_choice_refused_in_a_return_lists_the_choices_as_the_form_words_them(store, registry, tmp_path):
    form = registry.get("lanzarote-2-csgsiv-follow-up").resolved(2023)
    reply = store.create_reply(form, "DENMARK", 2023)
    slot = next(s for s in form.slots if s.question.type.value == "single_choice")
    path = export_return(source_from_store(store, reply.id, registry.get(form.id)), tmp_path / "return.xlsx").path
    book = openpyxl.load_workbook(path)
    book["Reply"][f"D{answer_row(book['Reply'], slot.key)}"] = "Done"
    book.save(path)
    with Store.open(tmp_path / "secretariat.sqlite3", write=True, purpose="the test") as secretariat:
        (refused,) = import_workbooks(secretariat, registry, [path])
    labels = "; ".join(choice.label for choice in slot.question.choices)
    assert f"'Done' is not one of the choices: {labels}" in str(refused)
    assert any(c.value != c.label for c in slot.question.choices)  # (the values are the definition's, not these)


@pytest.mark.parametrize(("form_id", "year"), FORMS)
def test_the_command_line_names_each_form_by_its_title_and_the_year_once(cli, registry, tmp_path, form_id, year):
    """``new``, ``aggregate`` and ``theme`` say the form as people know it; ``new`` still prints its id last."""
    form = registry.get(form_id).resolved(year)
    first = form.slots[0]
    under = first.key.rsplit(".", 1)[0]  # the section of the form's first question: where themes go
    created = cli("new", "--form", form_id, "--country", "Denmark", "--year", str(year))
    assert created.code == 0, created.err
    assert created.out.splitlines()[0].startswith(f"Created reply 1: DENMARK, {form.title}")
    assert created.last_line == "1"
    compiled = cli("aggregate", "--form", form_id, "--year", str(year), "--xlsx", str(tmp_path / "all.xlsx"))
    assert compiled.code == 0, compiled.err
    added = cli("theme", "add", "--form", form_id, "--year", str(year), "--under", under, "--title", "Hotlines")
    assert added.code == 0, added.err
    shown = cli("theme", "show", added.last_line)
    for result in (created, compiled, added, shown):
        line = result.out.splitlines()[0]
        assert form.title in line and line.count(str(year)) == 1, line  # the year said once (in the title)
        assert form_id not in result.out and f" {under}," not in result.out, result.out
    assert f"(under {first.section_label}, {form.title})" in added.out
