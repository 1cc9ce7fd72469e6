"""Whatever comes back by e-mail, reading it refuses with a sentence, never a traceback."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from tests import denmark

from replydesk.documents.word.export import export_docx
from replydesk.documents.word.importer import CopyRefused, read_review_copy
from replydesk.documents.word.package import DocxRefused, open_docx

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>
<w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>"""


@pytest.fixture
def review_copy(store, registry, tmp_path) -> Path:
    reply, form = denmark.new_reply(store, registry)
    return export_docx(store, reply.id, form, tmp_path / "review.docx", review=True).path


def rewrite(source: Path, target: Path, name: str, data: bytes | None) -> Path:
    """A copy of the package with one part replaced (or removed when ``data`` is None)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename == name:
                if data is not None:
                    new.writestr(info, data)
            else:
                new.writestr(info, old.read(info.filename))
    return target


def test_text_renamed_to_docx(tmp_path):
    path = tmp_path / "answers.docx"
    path.write_text("Denmark has contributed professionally.", encoding="utf-8")
    with pytest.raises(DocxRefused, match=r"answers.docx is not a Word document \(.docx\): it is not a zip"):
        read_review_copy(path)


def test_old_doc_or_encrypted_file(tmp_path):
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    with pytest.raises(DocxRefused, match=r"old-format Word document \(.doc\) or a password-protected file"):
        read_review_copy(path)


def test_truncated_download(review_copy, tmp_path):
    data = review_copy.read_bytes()
    path = tmp_path / "truncated.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DocxRefused, match="damaged or incomplete"):
        read_review_copy(path)


def test_a_zip_that_is_not_a_word_document(tmp_path):
    path = tmp_path / "photos.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8\xff")
    with pytest.raises(DocxRefused, match="not a Word document"):
        read_review_copy(path)


def test_entity_expansion_is_refused_as_unsafe(review_copy, tmp_path):
    path = rewrite(review_copy, tmp_path / "laughs.docx", "word/document.xml", BILLION_LAUGHS)
    with pytest.raises(DocxRefused, match="declares XML entities or a DTD.*refused as unsafe"):
        read_review_copy(path)


def test_malformed_xml_is_damaged(review_copy, tmp_path):
    path = rewrite(review_copy, tmp_path / "broken.docx", "word/document.xml", b"<w:document><w:body>")
    with pytest.raises(DocxRefused, match="not well-formed XML"):
        read_review_copy(path)


def test_a_plain_word_document_is_not_a_review_copy(tmp_path):
    path = tmp_path / "letter.docx"
    document = docx.Document()
    document.add_paragraph("Dear colleagues")
    document.save(str(path))
    with pytest.raises(CopyRefused, match="not a Reply Desk review copy"):
        read_review_copy(path)


def test_edited_identity_properties_are_refused(review_copy, tmp_path):
    path = rewrite(review_copy, tmp_path / "edited.docx", "docProps/custom.xml",
                   b'<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
                   b'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
                   b'<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="replydesk.kind">'
                   b"<vt:lpwstr>review-copy</vt:lpwstr></property></Properties>")
    with pytest.raises(CopyRefused, match="incomplete or were edited"):
        read_review_copy(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(DocxRefused, match="does not exist"):
        open_docx(tmp_path / "nowhere.docx")
    with pytest.raises(DocxRefused, match="is a folder"):
        open_docx(tmp_path)
