"""Word export of Denmark's 2014 return: the official layout, read back paragraph by paragraph."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from tests import denmark

from replydesk.documents.common.atomic import ExportError
from replydesk.documents.word.export import export_docx, open_reference
from replydesk.documents.word.reference import REQUIRED_STYLES, reference_path, write_reference

STYLE_OF = {"title": "Title", "country": "Country", "target": "Heading 1", "target_text": "Form Text",
            "goal": "Form Text", "prompt": "Prompt", "paragraph": "Answer", "number": "List Number"}


@pytest.fixture
def exported(store, registry, tmp_path):
    reply, form = denmark.new_reply(store, registry)
    result = export_docx(store, reply.id, form, tmp_path / "denmark-2014.docx")
    return result, docx.Document(str(result.path))


def effective_bold(paragraph, run) -> bool:
    if run.bold is not None:
        return run.bold
    style = paragraph.style
    while style is not None:
        if style.font.bold is not None:
            return style.font.bold
        style = style.base_style
    return False


def numbering_format(document, paragraph) -> str:
    num_pr = paragraph._p.pPr.numPr
    num_id, level = num_pr.numId.val, num_pr.ilvl.val
    numbering = document.part.numbering_part.element
    num = numbering.num_having_numId(num_id)
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id)
    lvl = next(lv for lv in abstract.findall(qn("w:lvl")) if lv.get(qn("w:ilvl")) == str(level))
    return lvl.find(qn("w:numFmt")).get(qn("w:val"))


def test_every_line_of_the_filled_form_in_order_with_its_style(exported):
    result, document = exported
    assert result.warnings == []
    expected = denmark.lines()
    paragraphs = document.paragraphs
    assert [p.text for p in paragraphs] == [line.text for line in expected]
    for paragraph, line in zip(paragraphs, expected, strict=True):
        assert paragraph.style.name == STYLE_OF[line.kind], (line.kind, line.text[:40])
        if line.kind == "prompt":
            assert all(effective_bold(paragraph, run) for run in paragraph.runs), line.text
        if line.kind in ("paragraph", "number", "target_text"):
            assert not any(effective_bold(paragraph, run) for run in paragraph.runs), line.text
        if line.kind == "goal":
            first, *rest = paragraph.runs
            assert first.text == "Operational Goal" and first.underline is True
            assert not any(run.underline for run in rest)
        else:
            assert not any(run.underline for run in paragraph.runs if run.style.name != "Hyperlink")


def test_nothing_else_in_the_body_no_tables_and_empty_answers_leave_the_prompt_alone(exported):
    _, document = exported
    assert document.tables == []
    body = document.element.body
    assert [child.tag for child in body].count(qn("w:p")) == len(denmark.lines())
    texts = [p.text for p in document.paragraphs]
    # pt2.og1.b and .c are empty in Denmark's return: B) is directly followed by C), C) by the next goal
    start = texts.index("Operational Goal: Establish the necessary framework for the criminalization of child "
                        "sexual abuse online and the effective prosecution of offenders, with the objective of "
                        "enhancing efforts to investigate and prosecute offenders.")
    b_index = next(i for i in range(start, len(texts)) if texts[i].startswith("B) "))
    assert texts[b_index + 1].startswith("C) ")
    assert texts[b_index + 2].startswith("Operational Goal: Improve the joint efforts")


def test_policy_targets_are_real_headings_for_the_navigation_pane(exported):
    _, document = exported
    headings = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    assert [h.text for h in headings] == [f"Policy Target No. {n}" for n in range(1, 5)]
    outline = document.styles["Heading 1"].element.pPr.find(qn("w:outlineLvl"))
    assert outline is not None and outline.get(qn("w:val")) == "0"


def test_numbered_items_are_a_real_word_list(exported):
    _, document = exported
    items = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert [p.text for p in items] == [
        'Educational days for professionals working in the five "Children\'s Houses".',
        "Three seminars for other relevant professionals.",
        "Publishing a book on IT-related sexual abuse and offences against children targeting professionals.",
    ]
    assert len({p._p.pPr.numPr.numId.val for p in items}) == 1
    assert all(numbering_format(document, p) == "decimal" for p in items)


def test_urls_are_clickable(exported):
    _, document = exported
    addresses = [link.address for p in document.paragraphs for link in p.hyperlinks]
    assert "http://www.savethechildren.dk/Report-Child-Abuse.aspx?ID=435" in addresses
    assert "http://www.sikkerchat.dk" in addresses


def test_core_properties_name_the_form_version_hash_country_and_year(exported, store):
    result, document = exported
    reply = store.replies()[0]
    props = document.core_properties
    assert props.title == denmark.TITLE
    assert props.subject == "DENMARK"
    assert props.category == "global-alliance-2014"
    assert props.version == reply.form_version
    assert reply.definition_hash in props.comments and reply.definition_hash in props.identifier
    assert props.keywords == f"global-alliance-2014; {reply.form_version}; DENMARK; 2014"
    assert props.content_status == "Final"
    with zipfile.ZipFile(result.path) as archive:
        custom = archive.read("docProps/custom.xml").decode()
    assert 'name="replydesk.kind"><vt:lpwstr>final</vt:lpwstr>' in custom
    assert f"<vt:lpwstr>{reply.definition_hash}</vt:lpwstr>" in custom


def test_header_names_form_country_and_year_and_footer_counts_pages(exported):
    _, document = exported
    section = document.sections[0]
    header = [p.text for p in section.header.paragraphs]
    assert header == [denmark.TITLE, "DENMARK · 2014"]
    footer = section.footer.paragraphs[0]
    instructions = [t.text.strip() for t in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert footer.text.startswith("Page ") and " of " in footer.text
    assert abs(section.page_width.cm - 21.0) < 0.05 and abs(section.page_height.cm - 29.7) < 0.05


def test_control_characters_are_dropped_and_reported(store, registry, tmp_path):
    reply, form = denmark.new_reply(store, registry, with_answers=False)
    store.save_answers(reply.id, form, {"pt1.og1.a": "Bell\x07 and form feed\x0c gone\ttab kept"})
    result = export_docx(store, reply.id, form, tmp_path / "x.docx")
    assert result.warnings == ["Policy Target No. 1 › Operational Goal 1 › A): dropped 2 control characters that Word "
                               "cannot store (U+0007, U+000C)"]
    paragraph = next(p for p in docx.Document(str(result.path)).paragraphs if p.text.startswith("Bell"))
    assert paragraph.text == "Bell and form feed gone\ttab kept"


def test_markdown_bold_italic_nested_lists_and_links(store, registry, tmp_path):
    reply, form = denmark.new_reply(store, registry, with_answers=False)
    text = ("**Act** of *2013*: see [the Act](https://example.org/act)\n\n- one\n  - one a\n- two\n\n"
            "3. three\n4. four")
    store.save_answers(reply.id, form, {"pt1.og1.a": text})
    document = docx.Document(str(export_docx(store, reply.id, form, tmp_path / "x.docx").path))
    texts = [p.text for p in document.paragraphs]
    first = document.paragraphs[texts.index("Act of 2013: see the Act")]
    assert [(r.text, r.bold, r.italic) for r in first.runs] == [("Act", True, None), (" of ", None, None),
                                                                 ("2013", None, True), (": see ", None, None)]
    assert [(h.text, h.address) for h in first.hyperlinks] == [("the Act", "https://example.org/act")]
    bullets = document.paragraphs[texts.index("one"):texts.index("two") + 1]
    assert [(p.style.name, p._p.pPr.numPr.ilvl.val) for p in bullets] == [
        ("List Bullet", 0), ("List Bullet", 1), ("List Bullet", 0)]
    numbered = document.paragraphs[texts.index("three")]
    num = document.part.numbering_part.element.num_having_numId(numbered._p.pPr.numPr.numId.val)
    assert num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}").get(qn("w:val")) == "3"


def test_a_missing_folder_is_a_clear_error_and_nothing_is_left_behind(store, registry, tmp_path):
    reply, form = denmark.new_reply(store, registry, with_answers=False)
    with pytest.raises(ExportError, match="does not exist"):
        export_docx(store, reply.id, form, tmp_path / "missing" / "x.docx")
    assert not [p for p in tmp_path.rglob("*") if ".docx" in p.name]


def test_the_committed_reference_document_is_what_the_generator_writes(tmp_path):
    generated = write_reference(tmp_path / "reference.docx")
    assert generated.read_bytes() == reference_path().read_bytes(), (
        "resources/reference.docx differs from its generator: run python -m replydesk.documents.word.reference")
    document = open_reference(reference_path())
    assert set(REQUIRED_STYLES) <= {s.name for s in document.styles}


def test_a_reference_without_the_styles_is_refused_by_name(tmp_path):
    plain = tmp_path / "plain.docx"
    docx.Document().save(str(plain))
    with pytest.raises(ExportError, match="lacks the styles .*'Country'"):
        open_reference(plain)
    with pytest.raises(ExportError, match="is missing"):
        open_reference(Path(tmp_path / "nowhere.docx"))
