"""Benchmark (not a test): the secretariat's synthesis report at the scale of all members and beyond.

54 and 500 returns of the Global Alliance form (~20 kB of Markdown each, paragraphs of Denmark's
filled 2014 form; members past the form's 54 are "MEMBER 055"…), eight tagged passages per
return (4,000 at 500) under four actions per goal, a third of them labelled, one in 25 chosen as
an example, all in a real SQLite file. Each command runs as a whole process, from spawn to exit,
as the secretariat runs it; its peak memory is the process's maximum resident set (``wait4``):

- ``replydesk report --docx --xlsx`` against ``replydesk aggregate --docx --xlsx`` of the same
  returns (the goal: the report no slower than twice the aggregation, and ≤ 10 s);
- ``replydesk theme search`` of one action (≤ 1 s at 500 returns);
- the floor: a fresh interpreter importing python-docx and openpyxl, reading the same passages with
  bare sqlite3 and writing the same paragraphs (python-docx ``add_paragraph``) and the same
  action × member matrix (openpyxl), the bare libraries doing the report's work.

    python bench/bench_synthesis.py            # 54 and 500 returns
    python bench/bench_synthesis.py --quick    # 20 and 60
    python bench/bench_synthesis.py --only aggregate,floor   # those commands and their rows alone
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_excel import form_for  # noqa: E402
from common import Row, Section, long_answer, seconds, seed_paragraphs  # noqa: E402

from replydesk.definitions import quotes  # noqa: E402
from replydesk.store import Store  # noqa: E402
from replydesk.store.themes import TagRequest  # noqa: E402

RETURN_BYTES = 20_000
TAGS_PER_RETURN = 8
GOAL_RATIO, GOAL_SECONDS, GOAL_SEARCH, GOAL_MB = 2.0, 10.0, 1.0, 150.0

FLOOR = r"""
import sqlite3, sys
import docx, openpyxl
db, out = sys.argv[1], sys.argv[2]
connection = sqlite3.connect(db)
rows = connection.execute(
    "SELECT t.id, t.title, t.narrative, r.country, p.quote, p.example FROM passage p JOIN theme t ON t.id = p.theme_id "
    "JOIN reply r ON r.id = p.reply_id WHERE p.state = 'anchored' ORDER BY t.under, t.position, r.country").fetchall()
document = docx.Document()
themes, members = {}, sorted({row[3] for row in rows})
for theme_id, title, narrative, country, quote, example in rows:
    if theme_id not in themes:
        themes[theme_id] = set()
        document.add_paragraph(f"Action | {title}", "Heading 3")
        document.add_paragraph(narrative)
    themes[theme_id].add(country)
    if example:
        document.add_paragraph(f"{country}: {quote}")
document.save(out + ".docx")
book = openpyxl.Workbook()
sheet = book.active
for column, theme_id in enumerate(themes, start=2):
    sheet.cell(row=1, column=column, value=str(theme_id))
for row, country in enumerate(members, start=2):
    sheet.cell(row=row, column=1, value=country)
    for column, theme_id in enumerate(themes, start=2):
        sheet.cell(row=row, column=column, value=1 if country in themes[theme_id] else None)
passages = book.create_sheet("Passages")
for row in rows:
    passages.append(list(row[1:]))
book.save(out + ".xlsx")
"""


def build(folder: Path, size: int) -> tuple[Path, Path, int]:
    """The database of ``size`` returns with their tags; the forms folder; one action's id (for search)."""
    registry, form = form_for(size, folder)
    resolved = form.resolved(2014)
    keys = resolved.keys()
    words = RETURN_BYTES // len(keys) // 7
    pool = seed_paragraphs()
    db = folder / "drafts.sqlite3"
    with Store.open(db, write=True, purpose="the benchmark") as store:
        themes: dict[str, list[int]] = {}
        for key in keys:
            goal = key.rsplit(".", 1)[0]
            if goal not in themes:
                themes[goal] = [store.add_theme(resolved, 2014, goal, f"Action {n + 1} of {goal}").id
                                for n in range(4)]
                for theme_id in themes[goal]:
                    store.edit_theme(theme_id, narrative="Members including {members:regular} reported it; "
                                                         "{members} in all.")
        requests = []
        for index, participant in enumerate(form.participants[:size]):
            values = {key: long_answer(index + n, pool, words) for n, key in enumerate(keys)}
            reply = store.create_reply(form, participant.name, 2014)
            store.save_answers(reply.id, resolved, values)
            for tag in range(TAGS_PER_RETURN):
                key = keys[(index + tag * 5) % len(keys)]
                first = quotes.answer_text(values[key]).split("\n")[0]
                quote = " ".join(first.split()[:8])
                goal = key.rsplit(".", 1)[0]
                requests.append(TagRequest(themes[goal][tag % 4], reply.id, key, quote,
                                           "regular" if tag % 3 == 0 else "", (index * 8 + tag) % 25 == 0))
        store.tag_many(requests, form=resolved)
        probe = themes[next(iter(themes))][0]
    return db, folder / "forms", probe


def run_process(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from spawn to exit and the process's peak resident memory in MB; fails loudly on an error."""
    start = time.perf_counter()
    process = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    took = time.perf_counter() - start
    out, err = process.communicate()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {err.decode(errors='replace')}")
    return took, usage.ru_maxrss / 1024


def figures(size: int, repeat: int, only: frozenset[str] = frozenset()) -> dict[str, tuple[float, float]]:
    """(best seconds, peak MB) of each command on ``size`` returns (those named in ``only``, if any)."""
    with tempfile.TemporaryDirectory(prefix="bench-synthesis-") as tmp:
        folder = Path(tmp)
        db, forms, probe = build(folder, size)
        env = {**os.environ, "REPLYDESK_DB": str(db), "REPLYDESK_FORMS": str(forms), "PYTHONUTF8": "1",
               "REPLYDESK_CACHE": str(folder / "cache")}
        python = [sys.executable]
        commands = {
            "aggregate": python + ["-m", "replydesk", "aggregate", "--form", "global-alliance-2014", "--year", "2014",
                                   "--docx", str(folder / "all.docx"), "--xlsx", str(folder / "all.xlsx")],
            "report": python + ["-m", "replydesk", "report", "--form", "global-alliance-2014", "--year", "2014",
                                "--docx", str(folder / "r.docx"), "--xlsx", str(folder / "r.xlsx")],
            "report --annex": python + ["-m", "replydesk", "report", "--form", "global-alliance-2014", "--year",
                                        "2014", "--annex", "--docx", str(folder / "a.docx")],
            "theme search": python + ["-m", "replydesk", "theme", "search", str(probe)],
            "floor": python + ["-c", FLOOR, str(db), str(folder / "floor")],
        }
        run_process(commands["theme search"], env)  # fills the definition cache, untimed
        commands = {name: command for name, command in commands.items() if not only or name in only}
        found: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(repeat):  # alternating, so a busy spell on the machine hits every command
            for name, command in commands.items():
                found[name].append(run_process(command, env))
        return {name: (min(t for t, _ in runs), max(m for _, m in runs)) for name, runs in found.items()}


def run(quick: bool = False, only: frozenset[str] = frozenset()) -> Section:
    sizes = (20, 60) if quick else (54, 500)
    section = Section(
        "Synthesis report of 54 and 500 returns",
        f"Returns of ~{RETURN_BYTES // 1000} kB each, {TAGS_PER_RETURN} tagged passages per return, four actions per "
        "goal with narratives naming labelled subsets, one passage in 25 chosen as an example; whole processes "
        "(spawn to exit, warm definition cache), best of 3 alternating runs; peak memory is the process's "
        "maximum resident set. Floor: a fresh interpreter with python-docx, openpyxl and sqlite3 writing the "
        "same paragraphs and matrix from the same passages.")
    for size in sizes:
        result = figures(size, 3, only)
        unmeasured = (math.nan, math.nan)
        report_s, report_mb = result.get("report", unmeasured)
        aggregate_s, aggregate_mb = result.get("aggregate", unmeasured)
        floor_s, floor_mb = result.get("floor", unmeasured)
        search_s, search_mb = result.get("theme search", unmeasured)
        annex_s, annex_mb = result.get("report --annex", unmeasured)
        tags = size * TAGS_PER_RETURN
        rows = [
            Row(f"{size} returns, {tags:,} tags: report --docx --xlsx, against aggregate", seconds(report_s),
                f"{seconds(aggregate_s)} (replydesk aggregate --docx --xlsx)", report_s / aggregate_s,
                f"≤ {GOAL_RATIO:g}×", report_s / aggregate_s <= GOAL_RATIO,
                f"peak {report_mb:.0f} MB (aggregate {aggregate_mb:.0f} MB)"),
            Row(f"{size} returns: report --docx --xlsx, end to end", seconds(report_s), "", None,
                f"< {GOAL_SECONDS:g} s", report_s <= GOAL_SECONDS),
            Row(f"{size} returns: report --docx --xlsx, against the bare libraries", seconds(report_s),
                f"{seconds(floor_s)} (python-docx + openpyxl + sqlite3)", report_s / floor_s, "", None,
                f"floor peak {floor_mb:.0f} MB"),
            Row(f"{size} returns: report peak memory", f"{report_mb:.0f} MB", "", None, f"< {GOAL_MB:g} MB",
                report_mb <= GOAL_MB),
            Row(f"{size} returns: report --annex (Word only)", seconds(annex_s), "", None, "", None,
                f"peak {annex_mb:.0f} MB"),
            Row(f"{size} returns: theme search", seconds(search_s), "", None, f"< {GOAL_SEARCH:g} s",
                search_s <= GOAL_SEARCH, f"peak {search_mb:.0f} MB"),
            Row(f"{size} returns: theme search peak memory", f"{search_mb:.0f} MB", "", None, f"< {GOAL_MB:g} MB",
                search_mb <= GOAL_MB),
            Row(f"{size} returns: aggregate peak memory", f"{aggregate_mb:.0f} MB", "", None, f"< {GOAL_MB:g} MB",
                aggregate_mb <= GOAL_MB, f"aggregate --docx --xlsx took {seconds(aggregate_s)}"
                + ("" if math.isnan(floor_mb) else f"; floor peak {floor_mb:.0f} MB")),
        ]
        # with --only, the rows whose every figure was measured
        section.rows += [row for row in rows if "nan" not in f"{row.value} {row.floor} {row.ratio} {row.note}"]
    return section


if __name__ == "__main__":
    chosen = sys.argv[sys.argv.index("--only") + 1].split(",") if "--only" in sys.argv else []
    print(run(quick="--quick" in sys.argv, only=frozenset(chosen)).markdown())
