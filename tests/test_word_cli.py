"""``replydesk export --docx/--review-docx`` and ``replydesk import FILE.docx``.

The first tests call the handlers in ``replydesk.cli.word_commands`` through their
own parser. The ``wired`` tests run the real ``replydesk`` command in a child
process; they are skipped (with that reason) until ``replydesk.cli.main`` adds
the two commands.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import docx
import pytest
from tests import denmark

from replydesk.cli import word_commands
from replydesk.cli.context import CommandError
from replydesk.cli.main import build_parser

NOTE = "Please cite the Act of 1 October 2013."


def _wired() -> bool:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {"export", "import"} <= set(sub.choices)


wired = pytest.mark.skipif(not _wired(), reason="'export' and 'import' are not wired into replydesk.cli.main yet "
                                                "(see word_commands.add_parsers)")


def parse(db: Path, *argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="replydesk")
    parser.add_argument("--db", type=Path)
    sub = parser.add_subparsers(dest="command")
    word_commands.add_parsers(sub)
    return parser.parse_args(["--db", str(db), *argv])


@pytest.fixture
def denmark_reply(store, registry):
    reply, form = denmark.new_reply(store, registry)
    store.add_note(reply.id, form, "pt1.og1.b", NOTE, author="Anna Berg")
    store.close()  # the commands open the file themselves
    return reply.id


def edit(path: Path) -> None:
    document = docx.Document(str(path))
    paragraph = next(p for p in document.paragraphs if p.text == "Please see above.")
    paragraph.runs[0].text = "Please see the answer to A) above."
    target = next(p for p in document.paragraphs if p.text == "Reaching out to local municipalities")
    document.add_comment(target.runs, text="Add the campaign dates.", author="Carl Dane")
    document.save(str(path))


# -- the handlers, called directly -------------------------------------------------------
def test_export_word_returns_none_without_a_word_option(db_path, denmark_reply):
    args = parse(db_path, "export", str(denmark_reply))
    assert word_commands.export_word(args) is None


def test_export_then_import_through_the_handlers(db_path, denmark_reply, tmp_path, capsys):
    final, review = tmp_path / "dk.docx", tmp_path / "dk-review.docx"
    args = parse(db_path, "export", str(denmark_reply), "--docx", str(final), "--review-docx", str(review))
    assert word_commands.export_word(args) == 0
    printed = capsys.readouterr().out
    assert f"Wrote {final} (official layout" in printed and f"Wrote {review} (review copy" in printed
    edit(review)
    code = word_commands.import_word(parse(db_path, "import", str(review), "--json"), review)
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert [p["key"] for p in report["proposals"]] == ["pt1.og1.b"]
    assert [(n["key"], n["author"]) for n in report["notes"]] == [("pt4.og1.c", "Carl Dane")]
    code = word_commands.import_word(parse(db_path, "import", str(review), "--accept-all", "--json"), review)
    assert code == 0 and json.loads(capsys.readouterr().out)["applied"] == ["pt1.og1.b"]


def test_handler_refusals_are_command_errors(db_path, denmark_reply, tmp_path):
    with pytest.raises(CommandError, match="must end in .docx"):
        word_commands.export_word(parse(db_path, "export", str(denmark_reply), "--docx", str(tmp_path / "x.doc")))
    bogus = tmp_path / "bogus.docx"
    bogus.write_text("not a document", encoding="utf-8")
    with pytest.raises(CommandError, match="not a Word document"):
        word_commands.import_word(parse(db_path, "import", str(bogus)), bogus)


# -- the real command line ------------------------------------------------------------------
@wired
def test_cli_export_review_edit_import_accept_all(cli, tmp_path):
    created = cli("new", "--form", "global-alliance-2014", "--country", "Denmark", "--year", "2014")
    reply_id = created.last_line
    for key, text in denmark.answers().items():
        answer = tmp_path / "answer.md"
        answer.write_text(text, encoding="utf-8")
        assert cli("set", reply_id, key, "--file", str(answer)).code == 0
    assert cli("note", reply_id, "pt1.og1.b", "--text", NOTE, "--author", "Anna Berg").code == 0
    final, review = tmp_path / "dk.docx", tmp_path / "dk-review.docx"
    result = cli("export", reply_id, "--docx", str(final))
    assert result.code == 0, result.err
    assert [p.text for p in docx.Document(str(final)).paragraphs] == [line.text for line in denmark.lines()]
    assert cli("export", reply_id, "--review-docx", str(review)).code == 0
    edit(review)
    imported = cli("import", str(review))
    assert imported.code == 0, imported.err
    assert "proposal #1 for Policy Target No. 1 › Operational Goal 1 › B) Please assess" in imported.out
    assert "note #2 on Policy Target No. 4 › Operational Goal 1 › C) Please indicate" in imported.out
    assert "proposal #1 for pt1.og1.b" not in imported.out and "by Carl Dane" in imported.out
    assert "Please see above." in cli("show", reply_id, "--json").json()["pt1.og1.b"]
    applied = cli("import", str(review), "--accept-all")
    assert applied.code == 0, applied.err
    assert "Please see the answer to A) above." in cli("show", reply_id, "--json").json()["pt1.og1.b"]
    notes = cli("notes", reply_id, "--json").json()
    assert [(n["key"], n["author"]) for n in notes] == [("pt1.og1.b", "Anna Berg"), ("pt4.og1.c", "Carl Dane")]


@wired
def test_cli_refuses_bad_files_and_other_replies_without_a_traceback(cli, tmp_path, registry):
    from replydesk.store import Store

    bogus = tmp_path / "bogus.docx"
    bogus.write_text("not a document", encoding="utf-8")
    result = cli("import", str(bogus))
    assert result.code == 1 and "not a Word document" in result.err and "Traceback" not in result.err

    other_db = tmp_path / "other.sqlite3"
    with Store.open(other_db, write=True) as other:
        reply, form = denmark.new_reply(other, registry)
        from replydesk.documents.word.export import export_docx

        copy = export_docx(other, reply.id, form, tmp_path / "other.docx", review=True).path
    cli("new", "--form", "global-alliance-2014", "--country", "Sweden", "--year", "2014")
    refused = cli("import", str(copy))
    assert refused.code == 1 and "Traceback" not in refused.err
    assert "is a copy of reply 1 (DENMARK" in refused.err and "not of reply 1 (SWEDEN" in refused.err
    assert f"(SWEDEN, {form.title})" in refused.err and "global-alliance-2014" not in refused.err  # as people name it

    missing = cli("export", "99", "--docx", str(tmp_path / "x.docx"))
    assert missing.code == 2 and "Traceback" not in missing.err
    no_option = cli("export", "1")
    assert no_option.code == 2 and "--docx" in no_option.err
