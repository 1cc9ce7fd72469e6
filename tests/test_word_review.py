"""Review copies: notes out as Word comments, edits and new comments back as proposals and notes."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from tests import denmark

from replydesk.documents.word.export import export_docx
from replydesk.documents.word.importer import CopyRefused, import_review_copy, read_review_copy

NOTE = "Please cite the Act of 1 October 2013."
SEE_ABOVE = "Please see above."


@pytest.fixture
def review(store, registry, tmp_path):
    """Denmark's return with one note, exported as a review copy: (reply, form, path)."""
    reply, form = denmark.new_reply(store, registry)
    store.add_note(reply.id, form, "pt1.og1.b", NOTE, author="Anna Berg")
    result = export_docx(store, reply.id, form, tmp_path / "review.docx", review=True)
    assert result.warnings == []
    return reply, form, result.path


def bookmarks(paragraph) -> list[str]:
    return [b.get(qn("w:name")) for b in paragraph._p.iter(qn("w:bookmarkStart"))]


def answer_paragraphs(document, key: str) -> list:
    """The paragraphs of one answer: from its rd_ bookmark to the next marked paragraph."""
    name = "rd_" + key.replace(".", "_")
    out, inside = [], False
    for paragraph in document.paragraphs:
        marks = bookmarks(paragraph)
        if name in marks:
            inside = True
        elif inside and any(m.startswith(("rdx_", "rdq_")) for m in marks):
            break
        if inside:
            out.append(paragraph)
    return out


def test_the_copy_says_what_it_is_marks_each_answer_and_shows_its_status(review):
    reply, form, path = review
    document = docx.Document(str(path))
    assert document.sections[0].header.paragraphs[0].text == "Review copy – not for submission"
    names = {name for p in document.paragraphs for name in bookmarks(p)}
    assert {"rd_" + k.replace(".", "_") for k in form.keys()} <= names
    assert {"rdq_" + k.replace(".", "_") for k in form.keys()} <= names
    statuses = [p.text for p in document.paragraphs if p.style.name == "Review Status"]
    assert statuses[0] == "Review status: Draft" and len(statuses) == 21  # the key is in its bookmark, not shown
    assert document.core_properties.content_status == "Review copy – not for submission"
    assert [p.text for p in answer_paragraphs(document, "pt1.og1.b")][-1] == SEE_ABOVE
    assert [p.text for p in answer_paragraphs(document, "pt2.og1.b")] == [""]  # room to type an answer


def test_a_note_is_a_real_word_comment_on_its_answer(review):
    _, _, path = review
    document = docx.Document(str(path))
    (comment,) = list(document.comments)
    assert (comment.author, comment.initials, comment.text) == ("Anna Berg", "AB", NOTE)
    answer = answer_paragraphs(document, "pt1.og1.b")
    starts = [el.get(qn("w:id")) for el in answer[0]._p.iter(qn("w:commentRangeStart"))]
    ends = [el.get(qn("w:id")) for el in answer[-1]._p.iter(qn("w:commentReference"))]
    assert starts == ends == [str(comment.comment_id)]


def test_the_copy_carries_reply_form_version_and_hash(review):
    reply, _, path = review
    copy = read_review_copy(path)
    assert (copy.reply_id, copy.form_id, copy.form_version, copy.definition_hash, copy.country, copy.year) == (
        reply.id, reply.form_id, reply.form_version, reply.definition_hash, "DENMARK", 2014)
    assert copy.revisions["pt1.og1.a"] == 1 and "pt2.og1.b" not in copy.revisions


def test_an_unedited_copy_imports_as_nothing(review, store):
    reply, form, path = review
    result = import_review_copy(store, form, read_review_copy(path))
    assert (result.proposals, result.notes, result.warnings) == ([], [], [])
    assert len(result.unchanged) == 21
    assert [n.text for n in store.notes(reply.id)] == [NOTE]


def edit_copy(path: Path) -> None:
    """What a reviewer does in Word: edits a paragraph, comments, types into an empty answer, tracks changes."""
    document = docx.Document(str(path))
    paragraph = answer_paragraphs(document, "pt1.og1.b")[-1]
    paragraph.runs[0].text = "Please see the answer to A) above."
    target = answer_paragraphs(document, "pt4.og1.c")[0]
    document.add_comment(target.runs, text="Add the dates of the campaign.", author="Carl Dane", initials="CD")
    empty = answer_paragraphs(document, "pt2.og1.b")[0]
    empty.add_run("Prosecutions rose in ")
    empty.add_run("2014").bold = True
    empty.add_run(".")
    tracked = answer_paragraphs(document, "pt1.og1.c")[1]  # "Increased use of analysis-based tools and profiling."
    assert tracked.text == "Increased use of analysis-based tools and profiling."
    _track_replace(tracked, "analysis-based", "intelligence-led", author="Dana Reviewer")
    document.save(str(path))


def _track_replace(paragraph, old: str, new: str, *, author: str) -> None:
    """Rewrite the paragraph as Word does with Track Changes on: w:del around the old word, w:ins around the new."""
    text = paragraph.text
    before, after = text.split(old)
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)

    def run_with(tag: str, value: str):
        r = OxmlElement("w:r")
        t = OxmlElement(tag)
        t.text = value
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        r.append(t)
        return r

    def change(tag: str, run):
        element = OxmlElement(tag)
        element.set(qn("w:id"), "900" if tag == "w:del" else "901")
        element.set(qn("w:author"), author)
        element.set(qn("w:date"), "2024-05-01T10:00:00Z")
        element.append(run)
        return element

    paragraph._p.append(run_with("w:t", before))
    paragraph._p.append(change("w:del", run_with("w:delText", old)))
    paragraph._p.append(change("w:ins", run_with("w:t", new)))
    paragraph._p.append(run_with("w:t", after))


def test_edits_become_proposals_and_new_comments_notes(review, store):
    reply, form, path = review
    before = store.values(reply.id)
    edit_copy(path)
    result = import_review_copy(store, form, read_review_copy(path))
    assert result.warnings == []
    proposed = {p.key: p for p in result.proposals}
    assert set(proposed) == {"pt1.og1.b", "pt2.og1.b", "pt1.og1.c"}
    assert proposed["pt1.og1.b"].base == before["pt1.og1.b"]
    assert proposed["pt1.og1.b"].proposed == before["pt1.og1.b"].replace(SEE_ABOVE,
                                                                          "Please see the answer to A) above.")
    assert proposed["pt2.og1.b"].base is None
    assert proposed["pt2.og1.b"].proposed == "Prosecutions rose in **2014**."
    assert proposed["pt1.og1.c"].proposed == before["pt1.og1.c"].replace("analysis-based", "intelligence-led")
    assert proposed["pt1.og1.c"].author == "Dana Reviewer"
    assert store.values(reply.id) == before  # nothing overwritten
    assert [(n.key, n.author, n.text) for n in result.notes] == [
        ("pt4.og1.c", "Carl Dane", "Add the dates of the campaign.")]
    assert [n.text for n in store.notes(reply.id)] == [NOTE, "Add the dates of the campaign."]


def test_accept_all_applies_the_proposals_and_a_second_import_adds_nothing_twice(review, store):
    reply, form, path = review
    edit_copy(path)
    import_review_copy(store, form, read_review_copy(path))
    result = import_review_copy(store, form, read_review_copy(path), accept_all=True)
    assert sorted(result.applied) == ["pt1.og1.b", "pt1.og1.c", "pt2.og1.b"]
    assert result.notes == []
    values = store.values(reply.id)
    assert values["pt2.og1.b"] == "Prosecutions rose in **2014**."
    assert "Please see the answer to A) above." in values["pt1.og1.b"]
    assert store.proposals(reply.id) == []
    assert {p.status for p in store.proposals(reply.id, status=None)} == {"accepted"}
    assert store.history(reply.id, "pt2.og1.b")[-1].source.startswith("proposal ")
    assert len(store.notes(reply.id)) == 2


def test_accept_all_leaves_a_proposal_open_when_the_answer_changed_since_export(review, store):
    reply, form, path = review
    edit_copy(path)
    store.save_answers(reply.id, form, {"pt1.og1.b": "Rewritten by the official meanwhile."})
    result = import_review_copy(store, form, read_review_copy(path), accept_all=True)
    assert "pt1.og1.b" not in result.applied and "pt2.og1.b" in result.applied
    assert any(w.startswith("Policy Target No. 1 › Operational Goal 1 › B) changed in Reply Desk after the copy was "
                            "exported") for w in result.warnings)
    assert store.values(reply.id)["pt1.og1.b"] == "Rewritten by the official meanwhile."
    (still_open,) = store.proposals(reply.id)
    assert still_open.key == "pt1.og1.b"


def test_a_copy_of_another_reply_or_version_is_refused(review, store, registry, tmp_path):
    from replydesk.store import Store

    _, form, path = review
    other = Store.open(tmp_path / "other.sqlite3", write=True)
    try:
        sweden, _ = denmark.new_reply(other, registry, country="SWEDEN")
        assert sweden.id == 1
        with pytest.raises(CopyRefused, match=r"is a copy of reply 1 \(DENMARK.*not of reply 1 \(SWEDEN"):
            import_review_copy(other, form, read_review_copy(path))
        assert other.notes(sweden.id) == []
    finally:
        other.close()
    tampered = tmp_path / "tampered.docx"
    _rewrite_part(path, tampered, "docProps/custom.xml",
                  lambda xml: xml.replace(b"<vt:lpwstr>2014.1</vt:lpwstr>", b"<vt:lpwstr>2013.1</vt:lpwstr>"))
    with pytest.raises(CopyRefused, match="was exported from version 2013.1"):
        import_review_copy(store, form, read_review_copy(tampered))


def test_a_final_export_is_not_a_review_copy(store, registry, tmp_path):
    reply, form = denmark.new_reply(store, registry)
    final = export_docx(store, reply.id, form, tmp_path / "final.docx").path
    with pytest.raises(CopyRefused, match="is a final export, not a review copy"):
        read_review_copy(final)


def _rewrite_part(source: Path, target: Path, name: str, change) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            new.writestr(info, change(data) if info.filename == name else data)


@pytest.fixture(scope="module")
def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    return found


def resave_in_libreoffice(soffice: str, path: Path, folder: Path) -> Path:
    folder.mkdir()
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{folder}/profile",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder), str(path)],
                   check=True, capture_output=True, timeout=180)
    return folder / path.name


def test_a_copy_resaved_by_libreoffice_reads_back_the_same(review, store, soffice, tmp_path):
    reply, form, path = review
    edit_copy(path)
    resaved = resave_in_libreoffice(soffice, path, tmp_path / "lo")
    result = import_review_copy(store, form, read_review_copy(resaved))
    assert result.warnings == []
    assert {p.key for p in result.proposals} == {"pt1.og1.b", "pt2.og1.b", "pt1.og1.c"}
    assert {p.key: p.proposed for p in result.proposals}["pt2.og1.b"] == "Prosecutions rose in **2014**."
    assert [(n.key, n.author) for n in result.notes] == [("pt4.og1.c", "Carl Dane")]
