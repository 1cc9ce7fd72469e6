"""The Lanzarote follow-up and the baseline questionnaire in Word: their layouts and typed answers."""

from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn

from replydesk.definitions.model import Form, Question, QuestionType
from replydesk.documents.word.export import export_docx
from replydesk.documents.word.importer import import_review_copy, read_review_copy
from replydesk.documents.word.values import format_date

LANZAROTE, BASELINE = "lanzarote-2-csgsiv-follow-up", "coe-ocsea-baseline"


def sample(question, index: int):  # noqa: ANN001, ANN201 - a Question or a table Column
    """A plausible value of the right type for any question or column."""
    t = question.type
    if t is QuestionType.LONG_TEXT:
        return f"Measures for **{question.key}**: see the *Act* of 2022.\n\n- first\n- second, https://example.org/{index}"
    if t is QuestionType.SHORT_TEXT:
        return f"Answer {index}"
    if t is QuestionType.URL:
        return f"https://example.org/{question.key}/{index}"
    if t is QuestionType.SINGLE_CHOICE:
        return question.choices[index % len(question.choices)].value
    if t is QuestionType.MULTIPLE_CHOICE:
        return [c.value for c in question.choices[:2]]
    if t is QuestionType.YES_NO:
        return "yes" if index % 2 else "no"
    if t is QuestionType.YES_PARTLY_NO:
        return "partly"
    if t is QuestionType.INTEGER:
        return int(question.min or 0) + 3
    if t is QuestionType.DECIMAL:
        return 12.5 if question.max is None or question.max >= 12.5 else question.max
    if t is QuestionType.DATE:
        return "2023-03-01"
    if t is QuestionType.PERCENTAGE:
        return 390.42 if question.max is None else 0.46
    assert t is QuestionType.TABLE
    if question.rows:
        return [{"row": r.value, **{c.key: sample(c, j) for c in question.columns}}
                for j, r in enumerate(question.rows[:3])]
    return [{c.key: sample(c, j) for c in question.columns} for j in range(2)]


def filled(store, registry, form_id: str, year: int) -> tuple[int, Form, dict]:  # noqa: ANN001
    if form_id not in registry.forms:
        pytest.skip(f"the form {form_id} is not in forms/")
    form = registry.get(form_id)
    reply = store.create_reply(form, "DENMARK", year)
    resolved = form.resolved(year)
    values = {slot.key: sample(slot.question, i) for i, slot in enumerate(resolved.slots) if i % 4 != 3}
    store.save_answers(reply.id, resolved, values)
    return reply.id, resolved, store.values(reply.id)


def body_items(document):  # noqa: ANN001, ANN201
    """Body paragraphs and tables in order, as (kind, object)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    return [("table", Table(el, document)) if el.tag == qn("w:tbl") else ("p", Paragraph(el, document))
            for el in document.element.body if el.tag in (qn("w:p"), qn("w:tbl"))]


def test_lanzarote_chapters_recommendations_in_boxes_then_status_measures_date_links(store, registry, tmp_path):
    reply_id, form, values = filled(store, registry, LANZAROTE, 2023)
    document = docx.Document(str(export_docx(store, reply_id, form, tmp_path / "l.docx").path))
    items = body_items(document)
    headings1 = [obj.text for kind, obj in items if kind == "p" and obj.style.name == "Heading 1"]
    assert headings1 == [f"{g.number}. {g.title}" for g in form.groups]
    assert headings1[0].startswith("II. ")
    recommendations = [g for chapter in form.groups for g in chapter.groups if g.kind == "recommendation"]
    assert recommendations
    for group in recommendations[:5]:
        index = next(i for i, (kind, obj) in enumerate(items)
                     if kind == "p" and obj.style.name == "Heading 2" and obj.text == group.label)
        kind, box = items[index + 1]
        assert kind == "table" and box.style.name == "Recommendation Box"
        lead = box.cell(0, 0).paragraphs[0].text
        assert f"Level of urgency: {group.urgency.capitalize()}" in lead
        box_text = " ".join(p.text for p in box.cell(0, 0).paragraphs)
        first_line = group.text.splitlines()[0].lstrip("- ")
        assert first_line in box_text
    fill = document.styles["Recommendation Box"].element.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
    assert fill is not None and fill.get(qn("w:fill")) != "auto"  # the box is shaded

    first = recommendations[0]
    key = f"{form.groups[0].key}.{first.key}"
    prompts = {q.key: q.prompt for q in first.questions}
    texts = [obj.text for kind, obj in items if kind == "p"]
    if values.get(f"{key}.status"):
        label = next(c.label for c in first.questions[0].choices if c.value == values[f"{key}.status"])
        assert texts[texts.index(prompts["status"]) + 1] == label
    date_values = [(k, v) for k, v in values.items() if k.endswith(".date_in_force")]
    assert date_values and format_date(date_values[0][1]) == "1 March 2023"
    assert "1 March 2023" in texts
    link_tables = [obj for kind, obj in items if kind == "table" and obj.style.name == "Table Grid"]
    assert link_tables
    assert [c.text for c in link_tables[0].rows[0].cells] == [c.label for c in first.questions[-1].columns]
    links = [h.address for row in link_tables[0].rows[1:] for c in row.cells for p in c.paragraphs
             for h in p.hyperlinks]
    assert links and all(link.startswith("https://example.org/") for link in links)


def test_baseline_typed_answers_compact_and_tables_as_word_tables(store, registry, tmp_path):
    reply_id, form, values = filled(store, registry, BASELINE, 2020)
    document = docx.Document(str(export_docx(store, reply_id, form, tmp_path / "b.docx").path))
    items = body_items(document)
    texts = [obj.text for kind, obj in items if kind == "p"]

    def answer_after(question: Question) -> str:
        return texts[texts.index(f"{question.label} {question.prompt}".strip()) + 1]

    checked = set()
    for slot in form.slots:
        question, value = slot.question, values.get(slot.key)
        if value is None or question.type.value in checked:
            continue
        if question.type is QuestionType.YES_NO:
            assert answer_after(question) == value.capitalize()
        elif question.type is QuestionType.SINGLE_CHOICE:
            assert answer_after(question) == next(c.label for c in question.choices if c.value == value)
        elif question.type is QuestionType.INTEGER:
            assert answer_after(question) == str(value)
        elif question.type is QuestionType.MULTIPLE_CHOICE:
            labels = [c.label for c in question.choices if c.value in value]
            start = texts.index(f"{question.label} {question.prompt}".strip()) + 1
            assert texts[start:start + len(labels)] == labels
        else:
            continue
        checked.add(question.type.value)
    assert checked >= {"yes_no", "single_choice", "integer", "multiple_choice"}
    tables = [obj for kind, obj in items if kind == "table"]
    fixed = next(s.question for s in form.slots if s.question.type is QuestionType.TABLE and s.question.rows)
    fixed_table = next(t for t in tables if len(t.rows) == len(fixed.rows) + 1)
    assert [c.text for c in fixed_table.rows[0].cells][1:] == [c.label for c in fixed.columns]
    assert [row.cells[0].text for row in fixed_table.rows[1:]] == [r.label for r in fixed.rows]


@pytest.mark.parametrize(("form_id", "year"), [(LANZAROTE, 2023), (BASELINE, 2020)])
def test_typed_answers_read_back_from_an_unedited_review_copy_unchanged(store, registry, tmp_path, form_id, year):
    reply_id, form, _ = filled(store, registry, form_id, year)
    path = export_docx(store, reply_id, form, tmp_path / "r.docx", review=True).path
    result = import_review_copy(store, form, read_review_copy(path))
    assert result.proposals == [] and result.warnings == []
    assert len(result.unchanged) == len(form.slots)


def test_edited_typed_answers_become_typed_proposals(store, registry, tmp_path):
    reply_id, form, values = filled(store, registry, LANZAROTE, 2023)
    path = export_docx(store, reply_id, form, tmp_path / "r.docx", review=True).path
    document = docx.Document(str(path))
    date_key = next(k for k in values if k.endswith(".date_in_force"))
    status_key = next(k for k in values if k.endswith(".status"))
    status_question = form.slot(status_key).question
    old_label = next(c.label for c in status_question.choices if c.value == values[status_key])
    new_choice = next(c for c in status_question.choices if c.value != values[status_key])
    for paragraph in document.paragraphs:
        marks = [b.get(qn("w:name")) for b in paragraph._p.iter(qn("w:bookmarkStart"))]
        if f"rd_{date_key.replace('.', '_')}" in marks:
            assert paragraph.text == "1 March 2023"
            paragraph.runs[0].text = "15 June 2024"
        if f"rd_{status_key.replace('.', '_')}" in marks:
            assert paragraph.text == old_label
            paragraph.runs[0].text = new_choice.label
    document.save(str(path))
    result = import_review_copy(store, form, read_review_copy(path))
    proposed = {p.key: p.proposed for p in result.proposals}
    assert proposed == {date_key: "2024-06-15", status_key: new_choice.value}
