"""Reporting cycles: last cycle's reply carried forward, marked until edited or confirmed."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import yaml

from replydesk.store import Store
from replydesk.store.migrations import MIGRATIONS, SCHEMA_VERSION

FORMS = Path(__file__).resolve().parents[1] / "forms"


def carried_2015(cli) -> tuple[str, str]:
    old = cli("new", "--form", "global-alliance-2014", "--country", "Denmark", "--year", "2014").last_line
    for key, text in (("pt1.og1.a", "Implemented."), ("pt1.og1.c", "Increased use of analysis-based tools."),
                      ("pt4.og2.a", "This is handled in cooperation with Interpol.")):
        assert cli("set", old, key, "--text", text).code == 0
    result = cli("new", "--form", "global-alliance-2014", "--country", "Denmark", "--year", "2015", "--from", old)
    assert result.code == 0, result.err
    assert "Carried over 3 answers." in result.out
    return old, result.last_line


def test_every_answer_is_carried_over_and_marked(cli):
    _old, new = carried_2015(cli)
    detail = cli("show", new, "--json", "--detail").json()
    answered = {k: v for k, v in detail.items() if v["value"] is not None}
    assert set(answered) == {"pt1.og1.a", "pt1.og1.c", "pt4.og2.a"}
    assert all(v["carried_over"] and v["status"] == "draft" for v in answered.values())
    assert not any(v["carried_over"] for k, v in detail.items() if k not in answered)
    assert answered["pt1.og1.c"]["value"] == "Increased use of analysis-based tools."


def test_an_edit_clears_the_mark_and_so_does_an_unchanged_confirmation(cli):
    _old, new = carried_2015(cli)
    assert cli("set", new, "pt1.og1.a", "--text", "Implemented in 2015.").code == 0
    assert cli("confirm", new, "pt1.og1.c").code == 0
    detail = cli("show", new, "--json", "--detail").json()
    assert detail["pt1.og1.a"]["carried_over"] is False and detail["pt1.og1.a"]["value"] == "Implemented in 2015."
    assert detail["pt1.og1.c"]["carried_over"] is False
    assert detail["pt1.og1.c"]["value"] == "Increased use of analysis-based tools."  # unchanged
    assert detail["pt4.og2.a"]["carried_over"] is True
    assert cli("confirm", new, "--all").code == 0
    assert not any(v["carried_over"] for v in cli("show", new, "--json", "--detail").json().values())


def test_carrying_into_a_changed_definition_keeps_every_old_answer(cli, tmp_path):
    forms = tmp_path / "forms"
    forms.mkdir()
    shutil.copy(FORMS / "global-alliance-2014.yaml", forms)
    env = {"REPLYDESK_FORMS": str(forms)}
    old = cli("new", "--form", "global-alliance-2014", "--country", "Malta", "--year", "2014", env=env).last_line
    for key in ("pt1.og1.a", "pt2.og2.b", "pt4.og2.c"):
        assert cli("set", old, key, "--text", f"answer to {key}", env=env).code == 0
    data = yaml.safe_load((forms / "global-alliance-2014.yaml").read_text(encoding="utf-8"))
    pt2 = data["groups"][1]
    pt2["groups"] = pt2["groups"][:1]  # Operational Goal 2 of target 2 removed
    data["groups"][3]["groups"][1]["questions"][2]["prompt"] = "Please indicate the next steps"  # reworded
    data["groups"][0]["groups"][0]["questions"].append(
        {"key": "d", "label": "D)", "type": "long_text", "prompt": "Anything else?"})  # added
    data["version"] = "2015.1"
    (forms / "global-alliance-2014.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = cli("new", "--form", "global-alliance-2014", "--year", "2015", "--from", old, env=env)
    assert result.code == 0, result.err
    assert "New questions (1): pt1.og1.d" in result.out
    assert "Questions no longer in the form (3): pt2.og2.a, pt2.og2.b, pt2.og2.c" in result.out
    assert "Reworded questions (1): pt4.og2.c" in result.out
    assert "Answers kept as orphans, not lost (1): pt2.og2.b" in result.out
    detail = cli("show", result.last_line, "--json", "--detail", env=env).json()
    assert detail["pt1.og1.a"]["value"] == "answer to pt1.og1.a" and detail["pt1.og1.a"]["carried_over"]
    assert detail["pt4.og2.c"]["value"] == "answer to pt4.og2.c"
    assert detail["pt2.og2.b"] == {**detail["pt2.og2.b"], "value": "answer to pt2.og2.b", "orphaned": True}
    assert "pt1.og1.d" in detail and detail["pt1.og1.d"]["value"] is None
    plain = cli("show", result.last_line, env=env).out
    assert "[pt2.og2.b] (orphaned" in plain and "answer to pt2.og2.b" in plain


def test_a_version_1_database_is_migrated_with_its_data(tmp_path, ga_form):
    path = tmp_path / "v1.sqlite3"
    raw = sqlite3.connect(path, isolation_level=None)
    MIGRATIONS[0](raw)
    raw.execute("PRAGMA user_version = 1")
    raw.execute("INSERT INTO reply (id, form_id, form_version, definition_hash, country, year, status, created_at,"
                " updated_at) VALUES (1, 'global-alliance-2014', '2014.1', 'abc', 'DENMARK', 2014, 'drafting',"
                " '2024-01-01 10:00:00', '2024-01-01 10:00:00')")
    raw.execute("INSERT INTO answer (reply_id, key, value, revision, updated_at) VALUES"
                " (1, 'pt1.og1.a', '\"kept\"', 1, '2024-01-01 10:00:00')")
    raw.close()
    with Store.open(path, write=True) as store:
        assert store.values(1) == {"pt1.og1.a": "kept"}
        assert store.answers(1)["pt1.og1.a"].carried_over is False
        assert store.reply(1).previous_reply_id is None
        store.save_answers(1, ga_form, {"pt1.og1.b": "new"})
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_the_comparison_exports_to_word_and_opens_in_libreoffice(cli, tmp_path):
    import os
    import subprocess

    import docx
    import pytest

    _old, new = carried_2015(cli)
    assert cli("set", new, "pt1.og1.c", "--text", "Increased use of intelligence-led tools.").code == 0
    states = {c["key"]: c["state"] for c in cli("compare", new, "--json").json()}
    assert states["pt1.og1.c"] == "changed" and states["pt1.og1.a"] == "carried" and states["pt2.og1.a"] == "empty"
    target = tmp_path / "compare.docx"
    assert cli("compare", new, "--docx", str(target)).code == 0
    document = docx.Document(str(target))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "DENMARK: 2014 and 2015 compared" in text and "Carried over, not yet confirmed" in text
    changed = next(p for p in document.paragraphs if "intelligence-led" in p.text)
    assert any(r.font.strike and "analysis-based" in r.text for r in changed.runs)
    assert any(r.underline and "intelligence-led" in r.text for r in changed.runs)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is needed in CI (tools/dev test installs it)")
        pytest.skip("LibreOffice is not installed (apt-get install -y libreoffice-writer-nogui)")
    profile = tmp_path / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(target)], check=True, capture_output=True, timeout=180)
    assert (tmp_path / "compare.pdf").stat().st_size > 1000


def test_compare_needs_a_carried_reply(cli):
    plain = cli("new", "--form", "global-alliance-2014", "--country", "Denmark", "--year", "2014").last_line
    result = cli("compare", plain)
    assert result.code == 1 and "not carried forward" in result.err
