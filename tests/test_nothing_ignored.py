"""Nothing a reviewer writes is lost (issue 26): every text of an edited copy or return arrives or is named.

For each file of the golden corpus (``tests/data/office/``), imported into a fresh copy of the database it
was exported from, every piece of text the file holds (paragraphs of the body, tables, headers and footers,
footnotes, text boxes, comments, pictures' alternative text; every cell and note of every sheet) is either
what the export wrote there, or found in the store (answers, proposals, notes) or in the import report.

The walk: every part of every file, and every element type that holds text, is one the import reads or
reports; a new kind (a part Word starts writing, an element with text the reader does not know) fails here
until it is handled. Random edits (a remark in the header, a heading, between and inside tables, pictures,
comment threads) keep the same invariant.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from tests.conftest import REPO
from tests.test_office_corpus import base_store  # noqa: F401 - the fixture: a fresh copy of the corpus's database

from replydesk.definitions.registry import Registry
from replydesk.documents.excel import cell_text
from replydesk.documents.excel.importer import import_workbooks
from replydesk.documents.excel.read import RefusedWorkbook
from replydesk.documents.excel.shown import shown
from replydesk.documents.word.importer import UnmarkedCopy, import_review_copy, read_review_copy, read_unmarked_copy
from replydesk.store import Store

CORPUS = REPO / "tests" / "data" / "office"
DOCUMENTS = sorted(p for p in CORPUS.iterdir() if p.suffix in (".docx", ".xlsx"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
STRICT_W = "{http://purl.oclc.org/ooxml/wordprocessingml/main}"
UNEDITED = {"global-alliance-2014": CORPUS / "w-unedited.docx", "coe-ocsea-baseline": CORPUS / "b-unedited.docx"}


def fold(text: str) -> str:
    """Letters and digits only, lower case: text compared whatever Markdown, quoting or spacing did to it."""
    return re.sub(r"[\W_]+", "", text).casefold()


def fold_page(part: str, text: str) -> str:
    """As ``fold``; in a header or footer the numbers are fields' results (Page 3 of 9), compared as any number."""
    return re.sub(r"\d+", "#", fold(text)) if "/header" in part or "/footer" in part else fold(text)


def form_labels(form: Any) -> set[str]:
    """The form's own labels of choices and table rows: texts the export writes, a reviewer picks."""
    labels = set()
    for slot in form.slots:
        for spec in [slot.question, *slot.question.columns]:
            labels |= {fold(choice.label) for choice in spec.choices or []}
        labels |= {fold(row.label) for row in slot.question.rows or []}
    return labels


# -- what a file holds ----------------------------------------------------------------------------------------------
def word_texts(path: Path) -> list[tuple[str, str]]:
    """(part, text) of every paragraph of every part that holds text, and every picture's alternative text."""
    found = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if not (name.startswith("word/") and name.endswith(".xml")):
                continue
            root = etree.fromstring(package.read(name).replace(b"purl.oclc.org/ooxml/wordprocessingml/main",
                                                               b"schemas.openxmlformats.org/wordprocessingml/2006/main"))
            for p in root.iter(f"{W}p"):
                if p.find(f".//{W}p") is not None:
                    continue  # a paragraph holding a text box: its box's paragraphs are read on their own
                text = "".join(t.text or "" for t in p.iter(f"{W}t"))
                if text.strip():
                    found.append((name, text))
            for doc_pr in root.iter(f"{WP}docPr"):
                if doc_pr.get("descr"):
                    found.append((name, doc_pr.get("descr")))
    return found


def book_texts(path: Path) -> dict[tuple[str, str], str]:
    """(sheet, cell) → text of every cell with a value as the cell shows it, and every note ("note " + cell).

    The ``_meta`` sheet is left out: the import reads every cell of it (an edit there refuses the file).
    """
    book = openpyxl.load_workbook(path)
    found = {}
    for sheet in book.worksheets:
        if sheet.title == "_meta":
            continue
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                text = cell_text.decode(value) if isinstance(value, str) else (
                    shown(value, cell.number_format) if value is not None else "")
                if text.strip():
                    found[(sheet.title, cell.coordinate)] = text
                if cell.comment is not None and cell.comment.text.strip():
                    found[(sheet.title, "note " + cell.coordinate)] = cell.comment.text
    return found


def arrived(store: Store, reply_ids: list[int], report: str) -> str:
    """Everything the store holds of the replies, and the report, folded into one text to search."""
    parts = [report]
    for reply_id in reply_ids:
        parts.append(json.dumps(store.values(reply_id), ensure_ascii=False))
        parts += [json.dumps(p.proposed, ensure_ascii=False) for p in store.proposals(reply_id, status=None)]
        parts += [n.text for n in store.notes(reply_id)]
    return fold(" ".join(parts))


def word_invariant(path: Path, store: Store) -> list[str]:
    """The texts of an edited copy that neither the export wrote nor the import brought in or reported."""
    try:
        copy = read_review_copy(path)
    except UnmarkedCopy:
        copy = read_unmarked_copy(store, _REGISTRY.setdefault("r", Registry.load(REPO / "forms")), path)
    form = store_form(copy.form_id, copy.year)
    result = import_review_copy(store, form, copy, by="the test")
    exported = {fold_page(part, text) for part, text in word_texts(UNEDITED[copy.form_id])} | form_labels(form)
    haystack = arrived(store, [copy.reply_id], result.report())
    return [f"{part}: {text!r}" for part, text in word_texts(path)
            if fold(text) and fold_page(part, text) not in exported and fold(text) not in haystack]


_REGISTRY: dict[str, Any] = {}


def store_form(form_id: str, year: int) -> Any:
    from replydesk.definitions.registry import Registry

    registry = _REGISTRY.setdefault("r", Registry.load(REPO / "forms"))
    return registry.get(form_id).resolved(year)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_every_text_of_the_file_arrives_or_is_named_in_the_report(path: Path, base_store: Store):  # noqa: F811
    if path.suffix == ".docx":
        lost = word_invariant(path, base_store)
    else:
        from replydesk.definitions.registry import Registry

        (result,) = import_workbooks(base_store, Registry.load(REPO / "forms"), [path], by="the test")
        report = result.report().text()
        exported = book_texts(CORPUS / "x-unedited.xlsx")
        haystack = arrived(base_store, [r.id for r in base_store.replies()], report) if not isinstance(
            result, RefusedWorkbook) else fold(report)
        # the title rows say when the return was exported: compared with the unedited export's, numbers aside
        lost = [f"{sheet}!{cell}: {text!r}" for (sheet, cell), text in book_texts(path).items()
                if fold(text) and re.sub(r"\d+", "#", fold(exported.get((sheet, cell), ""))) != re.sub(
                    r"\d+", "#", fold(text)) and fold(text) not in haystack]
    assert lost == [], f"{path.name}: text neither imported nor in the report: {lost}"


# -- the walk --------------------------------------------------------------------------------------------------------
#: Parts of a .docx and how the import treats them. "read": their text is imported or reported; "layout": they hold
#: no one's words (styles, fonts, settings, properties, relationships); "pictures": named in the report.
WORD_PARTS = {
    "word/document.xml": "read", "word/comments.xml": "read", "word/commentsExtended.xml": "read",
    "word/footnotes.xml": "read", "word/endnotes.xml": "read", "word/header": "read", "word/footer": "read",
    "word/media/": "pictures", "word/numbering.xml": "read", "word/styles.xml": "layout",
    "word/settings.xml": "layout", "word/fontTable.xml": "layout", "word/webSettings.xml": "layout",
    "word/theme/": "layout", "word/_rels/": "layout", "_rels/": "layout", "docProps/": "read",
    "[Content_Types].xml": "layout", "word/commentsIds.xml": "layout", "word/people.xml": "layout",
    "word/stylesWithEffects.xml": "layout", "customXml/": "layout", "word/glossary/": "layout",
}
#: Elements that hold text (or a picture's alternative text), by local name, and how the reader treats each.
WORD_TEXT_ELEMENTS = {
    "t": "read", "delText": "a tracked deletion: dropped as the reviewer asked", "instrText": "a field's code (its "
    "result is read)", "docPr": "a picture's alternative text: reported", "author": "a property",
    "title": "a property", "creator": "a property", "lastModifiedBy": "a property", "description": "a property",
    "subject": "a property", "keywords": "a property", "category": "a property", "identifier": "a property",
    "contentStatus": "a property", "language": "a property", "revision": "a property", "created": "a property",
    "modified": "a property", "lpwstr": "a replydesk property", "lvlText": "a list's numbering pattern",
    "posOffset": "a drawing's position", "align": "a drawing's alignment",
    "cNvPr": "a picture's name and alternative text (as its docPr): reported",
    "Application": "a property", "AppVersion": "a property",
    "DocSecurity": "a property", "Template": "a property", "TotalTime": "a property", "Pages": "a property",
    "Words": "a property", "Characters": "a property", "CharactersWithSpaces": "a property",
    "Paragraphs": "a property", "Lines": "a property", "Company": "a property", "ScaleCrop": "a property",
    "LinksUpToDate": "a property", "SharedDoc": "a property", "HyperlinksChanged": "a property",
    "lastPrinted": "a property", "version": "a property", "Manager": "a property",
}


def _part_kind(name: str, table: dict[str, str]) -> str | None:
    return next((kind for prefix, kind in table.items() if name.startswith(prefix)), None)


@pytest.mark.parametrize("path", [p for p in DOCUMENTS if p.suffix == ".docx"], ids=lambda p: p.name)
def test_the_walk_every_part_and_every_element_with_text_of_a_review_copy_is_known(path: Path):
    unknown_parts, unknown_elements = [], set()
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if _part_kind(name, WORD_PARTS) is None:
                unknown_parts.append(name)
            if not name.endswith((".xml", ".rels")):
                continue
            for element in etree.fromstring(package.read(name)).iter():
                if not isinstance(element.tag, str):
                    continue
                local = etree.QName(element).localname
                holds_text = bool((element.text or "").strip()) or bool(element.get("descr") or element.get("alt"))
                if holds_text and local not in WORD_TEXT_ELEMENTS and local not in ("Relationship", "Override",
                                                                                       "Default", "shape"):
                    unknown_elements.add(f"{name}: {local}")
    assert unknown_parts == [], f"{path.name}: parts the import neither reads nor reports: {unknown_parts}"
    assert not unknown_elements, f"{path.name}: text in elements the reader does not know: {sorted(unknown_elements)}"


#: Parts of a return workbook: sheets, shared strings and notes are read; the rest holds no one's words.
BOOK_PARTS = {
    "xl/worksheets/sheet": "read", "xl/sharedStrings.xml": "read", "xl/comments": "read (notes)",
    "xl/workbook.xml": "read", "xl/styles.xml": "layout", "xl/theme/": "layout", "xl/_rels/": "layout",
    "xl/worksheets/_rels/": "layout", "_rels/": "layout", "docProps/": "layout", "[Content_Types].xml": "layout",
    "xl/drawings/vmlDrawing": "layout (where notes are drawn)", "xl/drawings/commentsDrawing": "layout (the same)",
    "xl/drawings/_rels/": "layout",
    "xl/printerSettings/": "layout", "xl/calcChain.xml": "layout", "customXml/": "layout",
}


@pytest.mark.parametrize("path", [p for p in DOCUMENTS if p.suffix == ".xlsx"], ids=lambda p: p.name)
def test_the_walk_every_part_of_a_return_workbook_is_known(path: Path):
    with zipfile.ZipFile(path) as package:
        unknown = [name for name in package.namelist() if _part_kind(name, BOOK_PARTS) is None]
    assert unknown == [], f"{path.name}: parts the import neither reads nor reports: {unknown}"


# -- random edits -----------------------------------------------------------------------------------------------------
REMARKS = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Nd"), max_codepoint=0x17F),
                  min_size=3, max_size=12).map(lambda word: f"Remark {word}")
PLACES = ["header", "footer", "heading", "goal", "between tables", "inside table", "under last table", "picture",
          "comment thread"]


def _edit(path: Path, target: Path, edits: list[tuple[str, str]]) -> None:
    """Apply random reviewer edits to the baseline copy at ``path`` (Word's XML, as a reviewer's Word writes it)."""
    import io

    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm
    from docx.text.paragraph import Paragraph
    from tools.make_office_corpus import Edit, comment, paragraph, split_table, tiny_png

    document = docx.Document(str(path))
    edit = Edit(document)
    tables = [el for el in edit.elements() if el.tag == qn("w:tbl")]
    for place, text in edits:
        if place == "header":
            document.sections[0].header.add_paragraph(text)
        elif place == "footer":
            document.sections[0].footer.add_paragraph(text)
        elif place == "heading":
            heading = next(el for el in edit.elements() if el.tag == qn("w:p") and "Heading" in
                           (el.find(qn("w:pPr")).find(qn("w:pStyle")).get(qn("w:val")) if el.find(qn("w:pPr")) is
                            not None and el.find(qn("w:pPr")).find(qn("w:pStyle")) is not None else ""))
            r = OxmlElement("w:r")
            t = OxmlElement("w:t")
            t.text = " " + text
            r.append(t)
            heading.append(r)
        elif place == "goal":
            goal = next(el for el in edit.elements() if el.tag == qn("w:p") and "Form" in (
                el.find(qn("w:pPr")).find(qn("w:pStyle")).get(qn("w:val")) if el.find(qn("w:pPr")) is not None
                and el.find(qn("w:pPr")).find(qn("w:pStyle")) is not None else ""))
            goal.append(paragraph(text)[-1])
        elif place == "between tables":
            tables[-1] = split_table(edit, "mnr.capabilities", 2, text)
        elif place == "inside table":
            cell = tables[0].findall(qn("w:tr"))[1].findall(qn("w:tc"))[1]
            cell.append(paragraph(text))
        elif place == "under last table":
            tables[-1].addnext(paragraph(text))
        elif place == "picture":
            target_p = next(el for el in edit.elements() if el.tag == qn("w:p") and "rd_" in "".join(edit.marks(el)))
            Paragraph(target_p, document._body).add_run().add_picture(io.BytesIO(tiny_png()), width=Cm(2))
            next(target_p.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")).set(
                "descr", text)
        elif place == "comment thread":
            answer = next(el for el in edit.elements() if el.tag == qn("w:p") and "rd_" in "".join(edit.marks(el)))
            root = comment(edit, [answer], text, "Carl Dane")
            comment(edit, [answer], text + " (reply)", "Dora Lind", parent=root)
    document.save(str(target))


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.sampled_from(PLACES), REMARKS), min_size=1, max_size=5, unique_by=lambda e: e[0]))
def test_random_edits_anywhere_in_a_copy_arrive_or_are_named(tmp_path_factory, edits):
    folder = tmp_path_factory.mktemp("random")
    target = folder / "edited.docx"
    _edit(CORPUS / "b-unedited.docx", target, edits)
    shutil.copy(CORPUS / "base.sqlite3", folder / "drafts.sqlite3")
    with Store.open(folder / "drafts.sqlite3", write=True, purpose="the property test") as store:
        lost = word_invariant(target, store)
    assert lost == [], f"edits {edits}: lost {lost}"
    for _, text in edits:  # and each remark is there as typed (not merely its letters somewhere)
        assert fold(text) in fold(" ".join(t for _, t in word_texts(target)))


# -- line ends --------------------------------------------------------------------------------------------------------
def test_a_replys_own_excel_return_brings_back_cr_crlf_and_lf_exactly(cli, db_path, tmp_path):
    """Answers set with CR, CRLF and LF, exported as a return and imported into a new database: identical."""
    assert cli("new", "--form", "global-alliance-2014", "--country", "DENMARK", "--year", "2014").code == 0
    texts = {"pt1.og1.a": b"Line one\r\nLine two (CRLF)", "pt1.og1.b": b"Old Mac line\rsecond (CR)",
             "pt2.og1.a": b"Unix line\nsecond (LF)", "pt2.og1.b": b"line\r\nwith CRLF\rand CR\nand LF\r\n"}
    for key, data in texts.items():
        (tmp_path / "answer.txt").write_bytes(data)
        assert cli("set", "1", key, "--file", str(tmp_path / "answer.txt")).code == 0
    shown = cli("show", "1", "--json")
    before = {key: value for key, value in shown.json().items() if key in texts}
    assert before == {key: data.decode() for key, data in texts.items()}  # set keeps them as typed
    book = tmp_path / "return.xlsx"
    assert cli("export", "1", "--xlsx", str(book)).code == 0
    again = cli("import", str(book), "--json")  # into the same reply: nothing changed
    assert again.code == 0 and again.json()[0]["changed"] == []
    other = tmp_path / "other.sqlite3"
    created = cli("--db", str(other), "import", str(book), "--json")
    assert created.code == 0, created.err
    answers = cli("--db", str(other), "show", str(created.json()[0]["reply_id"]), "--json").json()
    assert {key: answers[key] for key in texts} == before
