"""Benchmark and load check (not a test): 20 colleagues saving into one reply on a PostgreSQL server.

Twenty writer processes (loopback only) save random answers of one Global Alliance reply for
60 seconds, each change made from the revision it last read, several into the same answers, as
a team drafting in the same week does. Afterwards the run is checked: every save the store
confirmed is in the history (0 lost), at least one save met a newer revision, and every such
conflict is the record of exactly the save that met it (its text and the revision it was made
from). Save latency (p50/p99) is set against a bare psycopg INSERT and commit into a table of
the same server, timed by the same processes in the same run.

    python bench/bench_team.py [--quick]
"""

from __future__ import annotations

import json
import multiprocessing
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
from common import Row, Section, percentile  # noqa: E402

WRITERS = 20
SECONDS = 60
KEYS_IN_PLAY = 8  # the writers share a few answers, so some saves meet a newer revision


def _writer(url: str, reply_id: int, number: int, seconds: float, out: multiprocessing.Queue) -> None:
    """One colleague: read an answer's revision, think a moment, save a change from it; time each save."""
    import psycopg

    from replydesk import paths
    from replydesk.definitions.registry import Registry
    from replydesk.store import Store

    form = Registry.load(paths.forms_dir()).get("global-alliance-2014")
    keys = form.keys()[:KEYS_IN_PLAY]
    rng = random.Random(number)
    log, floor = [], []
    bare = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))
    with Store.open(url, write=True, purpose=f"writer {number}") as store:
        deadline = time.monotonic() + seconds
        attempt = 0
        while time.monotonic() < deadline:
            key = rng.choice(keys)
            based_on = store.revisions(reply_id, [key])[key]
            time.sleep(rng.uniform(0.0, 0.05))  # reading, typing: a colleague may save meanwhile
            text = f"Writer {number}, change {attempt}."
            started = time.perf_counter()
            saved = store.save_answers(reply_id, form, {key: text}, by=f"writer {number}",
                                       based_on={key: based_on}, on_stale="keep")
            took = time.perf_counter() - started
            log.append({"key": key, "text": text, "based_on": based_on, "stale": key in saved.stale, "ms": took * 1000})
            started = time.perf_counter()
            bare.execute("INSERT INTO bench_floor (writer, text) VALUES (%s, %s)", (number, text))
            bare.commit()
            floor.append((time.perf_counter() - started) * 1000)
            attempt += 1
    bare.close()
    out.put({"log": log, "floor": floor})


def run(quick: bool = False) -> list[Section]:
    import psycopg

    import pg_server
    from replydesk import paths
    from replydesk.definitions.registry import Registry
    from replydesk.store import Store

    writers, seconds = (6, 8) if quick else (WRITERS, SECONDS)
    section = Section(
        "A team on one PostgreSQL server",
        f"{writers} writer processes save random answers (among {KEYS_IN_PLAY}) of one Global Alliance reply for "
        f"{seconds} s on a local server (loopback), each change made from the revision it last read; the floor is a "
        "bare psycopg INSERT and commit into a table of the same server, timed by the same processes after each save.")
    server_gen = pg_server.start()
    server = next(server_gen)
    try:
        url = server.new_database()
        form = Registry.load(paths.forms_dir()).get("global-alliance-2014")
        with Store.open(url, write=True, purpose="the benchmark") as store:
            reply = store.create_reply(form, "Denmark", 2014)
        with psycopg.connect(url, autocommit=True) as db:
            db.execute("CREATE TABLE bench_floor (id SERIAL PRIMARY KEY, writer INTEGER, text TEXT)")
        context = multiprocessing.get_context("spawn")
        queue = context.Queue()
        processes = [context.Process(target=_writer, args=(url, reply.id, n, seconds, queue)) for n in range(writers)]
        for process in processes:
            process.start()
        results = [queue.get(timeout=seconds + 300) for _ in processes]
        for process in processes:
            process.join(timeout=60)
        saves = [entry for result in results for entry in result["log"]]
        floor = [ms for result in results for ms in result["floor"]]
        with Store.open(url, write=False) as store:
            history = {(h.key, json.loads(h.value)) for h in store.history(reply.id) if h.value is not None}
            conflicts = [(c.key, json.loads(c.workbook_value), c.exported_revision)
                         for c in store.open_conflicts(reply.id)]
        confirmed = [s for s in saves if not s["stale"]]
        stale = [s for s in saves if s["stale"]]
        lost = [s for s in confirmed if (s["key"], s["text"]) not in history]
        unmatched = sorted(set(conflicts) ^ {(s["key"], s["text"], s["based_on"]) for s in stale})
        latencies = [s["ms"] for s in saves]
        p50, p99, f50, f99 = (percentile(latencies, 0.5), percentile(latencies, 0.99), percentile(floor, 0.5),
                              percentile(floor, 0.99))
        section.rows += [
            Row("saves confirmed / lost", f"{len(confirmed):,} / {len(lost)}", goal="0 lost", met=not lost),
            Row("saves that met a newer revision (kept as conflicts)", f"{len(stale):,}", goal="≥ 1",
                met=len(stale) >= 1),
            Row("conflicts not matched to the save that met them", str(len(unmatched)), goal="0",
                met=not unmatched),
            Row("save, p50", f"{p50:.1f} ms", f"{f50:.1f} ms (psycopg insert + commit)", p50 / f50),
            Row("save, p99", f"{p99:.1f} ms", f"{f99:.1f} ms (psycopg insert + commit)", p99 / f99,
                note="reported, no goal: with 20 writers on 8 answers, most of it is waiting for a colleague's "
                     "save of the same answer"),
        ]
        section.notes.append(f"{len(saves):,} saves by {writers} writers in {seconds} s; each save is one transaction "
                             "that locks the answers it changes (FOR UPDATE), checks the revision it was made from, "
                             "and appends to the history.")
    finally:
        for _ in server_gen:
            pass
    return [section]


if __name__ == "__main__":
    for part in run("--quick" in sys.argv):
        print(part.markdown())
