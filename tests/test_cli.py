"""The replydesk command line, run as a user would: a real process, a real database file."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from tests.test_global_alliance_form import EXPECTED_KEYS

HARD_TEXTS = {
    "rtl": "مرحبا بالعالم — שלום עולם\u200f (Arabic and Hebrew)",
    "emoji": "Campaign 🎉👩‍👩‍👧‍👦🇩🇰 done ✅",
    "combining": "e\u0301 a\u0308 Z\u0335\u0321 ḱ\u0323",
    "tabs_crlf": "Line one\r\n\tindented\r\nmixed\nends\r",
    "spaces": "  leading and trailing  \n\n",
    "markdown": "**Bold** and *italic*\n\n- bullet\n- list\n\n1) one\n2) two\n\nhttp://www.savethechildren.dk/Report-Child-Abuse.aspx?ID=435",
    "formula": "=SUM(A1:A3) +1 -2 @x",
    "long": ("Denmark has contributed professionally. " * 2600)[:100_000],
}


@pytest.fixture
def reply_id(cli) -> str:
    result = cli("new", "--form", "global-alliance-2014", "--country", "Denmark", "--year", "2014")
    assert result.code == 0, result.err
    return result.last_line


def test_forms_lists_every_form_with_its_question_count(cli):
    result = cli("forms")
    assert result.code == 0
    line = next(line for line in result.out.splitlines() if line.startswith("global-alliance-2014"))
    assert "Global Alliance Against Child Sexual Abuse Online – 2014 Reporting Form" in line
    assert line.split()[-1] == "21"


def test_forms_show_resolves_the_year(cli):
    result = cli("forms", "show", "global-alliance-2014", "--year", "2016", "--json")
    data = result.json()
    assert data["title"] == "Global Alliance Against Child Sexual Abuse Online – 2016 Reporting Form"
    assert data["keys"] == EXPECTED_KEYS
    prompt = data["groups"][0]["groups"][0]["questions"][0]["prompt"]
    assert prompt == "Please report on implementation of any measures announced in your country's 2015 report"
    assert len(data["definition_hash"]) == 64


def test_new_prints_the_id_alone_on_the_last_line_and_stores_the_canonical_name(cli):
    result = cli("new", "--form", "global-alliance-2014", "--country", "LUXEMBURG", "--year", "2014")
    assert result.code == 0
    assert result.last_line.isdigit()
    (item,) = cli("list", "--json").json()
    assert item["country"] == "LUXEMBOURG" and item["id"] == int(result.last_line)
    assert item["completion"] == 0 and item["questions"] == 21


def test_unknown_form_or_country_exits_2_with_suggestions(cli):
    bad_country = cli("new", "--form", "global-alliance-2014", "--country", "Denmrak", "--year", "2014")
    assert bad_country.code == 2 and "DENMARK" in bad_country.err and "Traceback" not in bad_country.err
    bad_form = cli("new", "--form", "global-alliance", "--country", "Denmark", "--year", "2014")
    assert bad_form.code == 2 and "global-alliance-2014" in bad_form.err
    listed = cli("list", "--json")  # nothing was created: no reply, and not even a database file
    assert listed.code == 2 and ("there is no draft database" in listed.err  # a file
                                 or "has no Reply Desk tables of this version yet" in listed.err)  # a server


def test_a_new_reply_shows_exactly_the_21_keys_all_empty(cli, reply_id):
    data = cli("show", reply_id, "--json").json()
    assert list(data) == EXPECTED_KEYS
    assert all(value is None for value in data.values())



@pytest.mark.file_only
def test_show_piped_into_a_reader_that_stops_early_ends_quietly(cli, db_path, reply_id, tmp_path):
    """``replydesk show 1 | head -3``: the reader closes the pipe; no "unexpected error … please report this"."""
    long_answer = tmp_path / "long.txt"
    long_answer.write_text("A paragraph of the reply that goes on. " * 8000, encoding="utf-8")  # more than a pipe holds
    assert cli("set", reply_id, "pt1.og1.a", "--file", str(long_answer)).code == 0
    environment = {**os.environ, "REPLYDESK_DB": str(db_path), "PYTHONUTF8": "1"}
    shown = subprocess.Popen([sys.executable, "-m", "replydesk", "show", reply_id], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=environment)
    assert shown.stdout is not None and shown.stdout.readline().startswith(b"Reply 1:")
    shown.stdout.close()  # as head does once it has its lines
    _out, errors = shown.communicate(timeout=60)
    assert errors.decode("utf-8") == "" and shown.returncode == 141


@pytest.mark.parametrize("name", list(HARD_TEXTS))
def test_set_file_then_show_returns_the_text_exactly(cli, reply_id, tmp_path, name):
    text = HARD_TEXTS[name]
    path = tmp_path / "answer.txt"
    path.write_bytes(text.encode("utf-8"))
    result = cli("set", reply_id, "pt3.og1.c", "--file", str(path))
    assert result.code == 0, result.err
    assert cli("show", reply_id, "--json").json()["pt3.og1.c"] == text


def test_set_text_and_standard_input(cli, reply_id):
    assert cli("set", reply_id, "pt1.og1.b", "--text", "Please see above.").code == 0
    assert cli("set", reply_id, "pt1.og1.c", "--file", "-", stdin=b"Not applicable\r\n").code == 0
    data = cli("show", reply_id, "--json").json()
    assert data["pt1.og1.b"] == "Please see above."
    assert data["pt1.og1.c"] == "Not applicable\r\n"
    assert cli("list", "--json").json()[0]["answered"] == 2


def test_set_refuses_unknown_keys_and_bad_input_and_saves_nothing(cli, reply_id, tmp_path):
    unknown = cli("set", reply_id, "pt5.og1.a", "--text", "x")
    assert unknown.code != 0 and "no question 'pt5.og1.a'" in unknown.err
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Søren".encode("latin-1"))
    not_utf8 = cli("set", reply_id, "pt1.og1.a", "--file", str(latin1))
    assert not_utf8.code != 0 and "not UTF-8" in not_utf8.err
    missing = cli("set", "999", "pt1.og1.a", "--text", "x")
    assert missing.code == 2 and "no reply 999" in missing.err
    assert all(v is None for v in cli("show", reply_id, "--json").json().values())
    for result in (unknown, not_utf8, missing):
        assert "Traceback" not in result.err


def test_notes_are_added_and_listed(cli, reply_id):
    assert cli("note", reply_id, "pt2.og1.a", "--text", "Cite the Act of June 2013", "--author", "Ole").code == 0
    notes = cli("notes", reply_id, "--json").json()
    assert [(n["key"], n["author"], n["text"]) for n in notes] == [("pt2.og1.a", "Ole", "Cite the Act of June 2013")]
    assert "Cite the Act" in cli("notes", reply_id).out


@pytest.mark.file_only
def test_a_busy_database_is_refused_with_exit_3(cli, reply_id, db_path):
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from pathlib import Path; from replydesk.store import Store;"
         "s = Store.open(Path(sys.argv[1]), write=True, purpose='Reply Desk (window)');"
         "print('ok', flush=True); sys.stdin.readline()", str(db_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        result = cli("set", reply_id, "pt1.og1.a", "--text", "while busy")
        assert result.code == 3
        assert "being written by Reply Desk (window)" in result.err
        assert cli("show", reply_id, "--json").code == 0
    finally:
        holder.kill()
        holder.wait()


def test_commands_never_load_qt(db_path):
    code = (
        "import sys\n"
        "from replydesk.entry import main\n"
        "for argv in (['forms'], ['new', '--form', 'global-alliance-2014', '--country', 'Malta',"
        " '--year', '2014'], ['list'], ['show', '1', '--json']):\n"
        "    assert main(argv) == 0, argv\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken')))\n"
        "print(json.dumps(loaded))\n"
    )
    proc = subprocess.run([sys.executable, "-c", "import json\n" + code], capture_output=True, text=True,
                          env={"REPLYDESK_DB": str(db_path), "PATH": "/usr/bin:/bin"}, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []


def test_status_marks_final_only_without_problems_and_reopens(cli, reply_id):
    baseline = cli("new", "--form", "coe-ocsea-baseline", "--country", "Denmark", "--year", "2021").last_line
    refused = cli("status", baseline, "final")
    assert refused.code == 1 and "cannot be marked final" in refused.err  # required answers are missing
    assert cli("status", reply_id, "in_review").out.strip() == f"Reply {reply_id} is now in review"
    assert cli("status", reply_id, "final").code == 0
    assert [r["status"] for r in cli("list", "--json").json()] == ["final", "drafting"]
    assert cli("set", reply_id, "pt1.og1.a", "--text", "Late.").code == 1  # final: reopen first
    assert cli("status", reply_id, "drafting").out.strip() == f"Reply {reply_id} is now drafting"
