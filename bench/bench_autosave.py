"""Benchmark (not a test): how long an autosave's commit takes, against a bare SQLite insert.

The window's autosave calls ``ReplySession.flush`` when typing pauses: one transaction that
saves the edited answer, appends it to the history and reads the reply back.  Here an
official types into the Lanzarote follow-up reply (every question answered, 2,000 earlier
revisions in the history): a word is added, the session flushes, and the flush is timed.  The
floor is sqlite3 alone on a file with the same settings (WAL, ``synchronous=FULL``) inserting
the same text and committing.  The two are timed alternately, sample by sample, so a busy
moment on the machine falls on both.  Each commit waits for the disk (fsync), so the figures
say as much about the disk as about Reply Desk.

    python bench/bench_autosave.py
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_word import fill  # noqa: E402
from common import Row, Section, percentile, seed_paragraphs  # noqa: E402
from PySide6.QtCore import QCoreApplication  # noqa: E402

from replydesk import paths  # noqa: E402
from replydesk.definitions.model import QuestionType  # noqa: E402
from replydesk.definitions.registry import Registry  # noqa: E402
from replydesk.store import Store  # noqa: E402
from replydesk.ui.session import ReplySession  # noqa: E402

FORM_ID = "lanzarote-2-csgsiv-follow-up"
GOAL_P99_MS = 20.0
EARLIER_REVISIONS = 2_000


def run(quick: bool = False) -> list[Section]:
    samples = 100 if quick else 600
    app = QCoreApplication.instance() or QCoreApplication([])
    section = Section("Autosave commit latency",
                      f"{samples} autosaves while typing into a filled Lanzarote reply with {EARLIER_REVISIONS:,} "
                      "earlier revisions in its history, each timed from `ReplySession.flush()` to its return; "
                      "the floor is a bare sqlite3 INSERT of the same text and its commit, on a file with the same "
                      "settings (WAL, synchronous=FULL), timed alternately with it.")
    with tempfile.TemporaryDirectory(prefix="bench-autosave-") as tmp:
        folder = Path(tmp)
        form = Registry.load(paths.forms_dir()).get(FORM_ID)
        store = Store.open(folder / "drafts.sqlite3", write=True, purpose="the benchmark")
        reply = store.create_reply(form, "Denmark", 2024)
        assert reply.id is not None
        resolved = form.resolved(2024)
        values = fill(resolved)
        store.save_answers(reply.id, resolved, values)
        long_keys = [s.key for s in resolved.slots if s.question.type is QuestionType.LONG_TEXT]
        for revision in range(EARLIER_REVISIONS // 20):  # earlier sessions' edits, 20 answers at a time
            batch = {key: f"{values[key]}\n\nEdit {revision}." for key in long_keys[revision % 4::4][:20]}
            store.save_answers(reply.id, resolved, batch)

        bare = sqlite3.connect(folder / "bare.sqlite3", isolation_level=None)
        bare.execute("PRAGMA journal_mode=WAL")
        bare.execute("PRAGMA synchronous=FULL")
        bare.execute("CREATE TABLE answer (id INTEGER PRIMARY KEY, key TEXT, value TEXT)")

        session = ReplySession(store, resolved, store.reply(reply.id))
        words = " ".join(seed_paragraphs()).split()
        ours: list[float] = []
        floor: list[float] = []
        for index in range(samples):
            key = long_keys[(index // 50) % len(long_keys)]  # the official moves on every 50 saves
            text = f"{session.value(key)} {words[index % len(words)]}"
            session.stage(key, text)
            start = time.perf_counter()
            assert session.flush()
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            bare.execute("BEGIN IMMEDIATE")
            bare.execute("INSERT INTO answer (key, value) VALUES (?, ?)", (key, text))
            bare.execute("COMMIT")
            floor.append(time.perf_counter() - start)
        bare.close()
        saved = store.values(reply.id)
        assert all(saved[key] == session.value(key) for key in long_keys), "an autosave did not reach the store"
        store.close()
    del app
    for name, fraction in (("p50", 0.50), ("p99", 0.99)):
        mine, base = percentile(ours, fraction) * 1000, percentile(floor, fraction) * 1000
        goal = f"< {GOAL_P99_MS:.0f} ms" if name == "p99" else ""
        met = mine < GOAL_P99_MS if name == "p99" else None
        section.rows.append(Row(f"autosave commit, {name}", f"{mine:.2f} ms", f"{base:.2f} ms (sqlite3 insert)",
                                mine / base, goal, met))
    section.rows.append(Row("autosave commit, slowest", f"{max(ours) * 1000:.2f} ms",
                            f"{max(floor) * 1000:.2f} ms (sqlite3 insert)", max(ours) / max(floor)))
    return [section]


if __name__ == "__main__":
    for result in run(quick="--quick" in sys.argv):
        print(result.markdown())
