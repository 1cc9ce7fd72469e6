"""Any answer survives export to a review copy and import unchanged: no proposal without an edit."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests import denmark
from tests.test_cli import HARD_TEXTS

from replydesk.documents.word.export import export_docx
from replydesk.documents.word.importer import import_review_copy, read_review_copy

PIECES = ["word", "Act", "2013", "**bold**", "*it*", "**b *i* b**", "www.example.org", "[label](https://x.org/a)",
          "https://x.org/p?q=1", " ", "  ", "\n", "\n\n", "\n- ", "\n  - ", "\n1. ", "\n3) ", "\n  2. ", "\t", "*",
          "_", "é", "—", "\u00a0", "😀"]


@pytest.fixture(scope="module")
def setup(tmp_path_factory, registry):  # noqa: ANN001, ANN201
    from replydesk.store import Store

    folder = tmp_path_factory.mktemp("roundtrip")
    store = Store.open(folder / "drafts.sqlite3", write=True)
    reply, form = denmark.new_reply(store, registry, with_answers=False)
    yield store, reply.id, form, folder
    store.close()


def unchanged(store, reply_id, form, path) -> list:  # noqa: ANN001
    result = import_review_copy(store, form, read_review_copy(path))
    return [(p.key, p.base, p.proposed) for p in result.proposals]


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_markdown_answers_read_back_unchanged(setup, text):
    store, reply_id, form, folder = setup
    store.save_answers(reply_id, form, {"pt1.og1.a": text})
    path = export_docx(store, reply_id, form, folder / "copy.docx", review=True).path
    assert unchanged(store, reply_id, form, path) == []


def test_hard_texts_read_back_unchanged_also_after_libreoffice_saves_them(setup):
    store, reply_id, form, folder = setup
    keys = form.keys()
    store.save_answers(reply_id, form, {keys[i]: text for i, text in enumerate(HARD_TEXTS.values())})
    path = export_docx(store, reply_id, form, folder / "hard.docx", review=True).path
    assert unchanged(store, reply_id, form, path) == []
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: the re-save half of this test did not run")
    out = folder / "lo"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(out), str(path)], check=True, capture_output=True,
                   timeout=180)
    assert unchanged(store, reply_id, form, out / "hard.docx") == []
