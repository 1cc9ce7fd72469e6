"""The Word exports convert to PDF with LibreOffice, as a ministry's print shop would."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from tests import denmark

from replydesk.documents.word.export import export_docx

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice is not installed (Debian: apt-get install -y libreoffice-writer-nogui); PDF check skipped",
)


def to_pdf(docx_path: Path, folder: Path) -> Path:
    """``soffice --headless --convert-to pdf`` with a private profile (parallel runs do not collide)."""
    assert SOFFICE is not None
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{folder}/profile",
                    "--convert-to", "pdf", "--outdir", str(folder), str(docx_path)],
                   check=True, capture_output=True, timeout=180)
    pdf = folder / (docx_path.stem + ".pdf")
    assert pdf.is_file(), f"soffice wrote no {pdf.name}"
    return pdf


def pdf_text(pdf: Path) -> str | None:
    if not shutil.which("pdftotext"):
        return None
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          timeout=60).stdout.decode("utf-8")


@pytest.mark.parametrize("review", [False, True], ids=["final", "review"])
def test_the_denmark_export_converts_to_pdf(store, registry, tmp_path, review):
    reply, form = denmark.new_reply(store, registry)
    if review:
        store.add_note(reply.id, form, "pt1.og1.b", "Please cite the Act.", author="Anna Berg")
    path = export_docx(store, reply.id, form, tmp_path / "denmark.docx", review=review).path
    pdf = to_pdf(path, tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = pdf_text(pdf)
    if text is None:
        return  # poppler-utils absent: the conversion itself is the check
    flat = " ".join(text.split())
    for line in denmark.lines():
        if line.kind in ("title", "country", "target", "prompt"):
            assert line.text in flat, line.text
    pages = text.count("\f")
    assert pages >= 3 and f"Page 1 of {pages}" in flat
    assert ("REVIEW COPY – NOT FOR SUBMISSION" in flat) is review
