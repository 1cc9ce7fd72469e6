"""kill -9 at random moments — during `set`, an import of many returns and an export — 50 times in all.

Afterwards the database passes PRAGMA integrity_check, every save that was
confirmed is there, no reply is half-imported, and no export is half-written.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import docx
import openpyxl
import pytest
from tests.test_excel_import import write_return

from replydesk.store import Store

SEED = 20261123
RNG = random.Random(SEED)


def spawn(db_path: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "REPLYDESK_DB": str(db_path)}
    return subprocess.Popen([sys.executable, "-m", "replydesk", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def duration_of(db_path: Path, *args: str) -> float:
    """How long the command takes uninterrupted on this machine, so kills land while it works."""
    start = time.monotonic()
    proc = spawn(db_path, *args)
    _out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode(errors="replace")
    return time.monotonic() - start


def kill_at_random(proc: subprocess.Popen, duration: float) -> bool:
    """SIGKILL at a random moment of the command's run; True when it was still running (a real crash)."""
    deadline = time.monotonic() + RNG.uniform(0.3, 0.95) * duration
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.005)  # polling the child: the kill moment is the random variable under test
    alive = proc.poll() is None
    if alive:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    return alive


def integrity(db_path: Path) -> str:
    return sqlite3.connect(db_path).execute("PRAGMA integrity_check").fetchone()[0]


@pytest.mark.timeout(600)
def test_kill_during_set_keeps_every_confirmed_save(cli, db_path):
    reply_id = cli("new", "--form", "global-alliance-2014", "--country", "Denmark", "--year", "2014").last_line
    confirmed: dict[str, str] = {}
    crashes = 0
    typical = "Children's Houses in all municipalities. " * 450
    duration = duration_of(db_path, "set", reply_id, "pt4.og2.c", "--text", typical)
    confirmed["pt4.og2.c"] = typical
    for attempt in range(20):
        key = f"pt{1 + attempt % 4}.og1.{'abc'[attempt % 3]}"
        text = f"attempt {attempt}: " + "Children's Houses in all municipalities. " * (50 + attempt * 40)
        proc = spawn(db_path, "set", reply_id, key, "--text", text)
        crashes += kill_at_random(proc, duration)
        if proc.returncode == 0:
            confirmed[key] = text
        assert integrity(db_path) == "ok"
        stored = cli("show", reply_id, "--json").json()[key]
        assert stored in (confirmed.get(key), text), f"attempt {attempt}: a partial or foreign value"
        if stored == text:
            confirmed[key] = text
    answers = cli("show", reply_id, "--json").json()
    assert all(answers[key] == text for key, text in confirmed.items())
    assert crashes >= 5, "too few kills landed while the command ran; the test proves little"


@pytest.mark.timeout(600)
def test_kill_during_import_leaves_no_half_imported_reply(db_path, ga_form, tmp_path):
    countries = [p.name for p in ga_form.participants][:12]
    files = [write_return(ga_form, tmp_path / f"{i:02d}.xlsx", country=c) for i, c in enumerate(countries)]
    calibration = tmp_path / "calibration.sqlite3"
    # once the returns are in, importing them again is quicker: time that run too, so kills land while it works
    duration = min(duration_of(calibration, "import", *map(str, files)),
                   duration_of(calibration, "import", *map(str, files)))
    crashes = 0
    for _ in range(15):
        proc = spawn(db_path, "import", *map(str, files))
        crashes += kill_at_random(proc, duration)
        assert integrity(db_path) == "ok"
        if db_path.stat().st_size == 0:
            continue  # killed before the first import made the schema: nothing in it (a reader refuses it as empty)
        with Store.open(db_path, write=False) as store:
            for reply in store.replies():
                values = store.values(reply.id)
                assert len(values) == 21, f"{reply.country} is half-imported ({len(values)} of 21 answers)"
                assert all(v == f"{reply.country} answers {k}." for k, v in values.items())
    assert crashes >= 5


@pytest.mark.timeout(600)
def test_kill_during_export_never_leaves_a_half_written_file(cli, db_path, tmp_path):
    reply_id = cli("new", "--form", "global-alliance-2014", "--country", "Denmark", "--year", "2014").last_line
    long_text = "A long answer with many words. " * 3000
    for key in ("pt1.og1.a", "pt2.og1.a", "pt3.og1.a", "pt4.og1.a"):
        assert cli("set", reply_id, key, "--text", long_text).code == 0
    target = tmp_path / "return.xlsx"
    durations = {suffix: duration_of(db_path, "export", reply_id, f"--{suffix}", str(tmp_path / f"first.{suffix}"))
                 for suffix in ("xlsx", "docx")}
    crashes = 0
    for attempt in range(15):
        args = ("export", reply_id, "--xlsx", str(target)) if attempt % 2 else \
            ("export", reply_id, "--docx", str(target.with_suffix(".docx")))
        proc = spawn(db_path, *args)
        crashes += kill_at_random(proc, durations["xlsx" if attempt % 2 else "docx"])
        for path in (target, target.with_suffix(".docx")):
            if path.exists():
                if path.suffix == ".xlsx":
                    assert openpyxl.load_workbook(path)["Reply"] is not None
                else:
                    assert docx.Document(str(path)).paragraphs
    assert crashes >= 5



@pytest.mark.timeout(600)
def test_kill_while_tagging_and_writing_narratives_keeps_every_confirmed_change(cli, db_path, tmp_path):
    """Themes, tags and narratives live in the same store as answers and survive kill -9 as answers do."""
    reply_id = cli("new", "--form", "global-alliance-2014", "--country", "Denmark", "--year", "2014").last_line
    text = " ".join(f"Sentence {n} about the Children's Houses." for n in range(300))
    assert cli("set", reply_id, "pt1.og1.a", "--text", text).code == 0
    theme = cli("theme", "add", "--form", "global-alliance-2014", "--year", "2014", "--under", "pt1.og1",
                "--title", "Victim assistance").last_line
    narrative_file = tmp_path / "narrative.md"
    narrative_file.write_text("first", encoding="utf-8")
    duration = duration_of(db_path, "theme", "edit", theme, "--narrative", str(narrative_file))
    confirmed_narrative, confirmed_tags, crashes = "first", set(), 0
    for attempt in range(16):
        if attempt % 2:
            narrative = f"Attempt {attempt}: {{members}} reported it. " * (20 + attempt * 30)
            narrative_file.write_text(narrative, encoding="utf-8")
            proc = spawn(db_path, "theme", "edit", theme, "--narrative", str(narrative_file))
        else:
            quote = f"Sentence {attempt * 7} about the Children's Houses."
            proc = spawn(db_path, "theme", "tag", theme, reply_id, "pt1.og1.a", "--quote", quote)
        crashes += kill_at_random(proc, duration)
        assert integrity(db_path) == "ok"
        shown = cli("theme", "show", theme, "--json").json()
        if attempt % 2:
            assert shown["narrative"] in (confirmed_narrative, narrative), "a partial narrative"
            confirmed_narrative = shown["narrative"]
            if proc.returncode == 0:
                assert shown["narrative"] == narrative
        else:
            quotes = {p["text"] for p in shown["passages"]}
            if proc.returncode == 0:
                confirmed_tags.add(quote)
            assert confirmed_tags <= quotes
    assert crashes >= 5, "too few kills landed while the command ran; the test proves little"
