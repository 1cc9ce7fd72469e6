"""Run every benchmark once and write the figures, with the machine's details, to bench/RESULTS.md.

    .venv/bin/python bench/run.py            # everything (about 5 minutes), rewrites RESULTS.md
    .venv/bin/python bench/run.py --quick    # smaller sizes, prints only: to check the benchmarks still run
    .venv/bin/python bench/run.py --only word autosave

Benchmarks are not tests: nothing here fails a build.  Each figure sits beside its floor —
the bare library doing the same work in the same run — and the goals speak about ratios (or,
for latencies a user feels, milliseconds).  A missed goal is written down with its reason.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from common import Section, machine  # noqa: E402

RESULTS = BENCH / "RESULTS.md"
#: name → module; in the order they appear in RESULTS.md
BENCHMARKS = {"cli": "bench_cli", "window": "bench_window", "autosave": "bench_autosave", "word": "bench_word",
              "excel": "bench_excel", "team": "bench_team", "synthesis": "bench_synthesis"}


def sections_of(name: str, quick: bool) -> list[Section]:
    result = importlib.import_module(BENCHMARKS[name]).run(quick)
    return result if isinstance(result, list) else [result]


def summary(sections: list[Section]) -> str:
    lines = ["| goal | measure | figure | met |", "| --- | --- | ---: | :---: |"]
    for section in sections:
        for row in section.rows:
            if row.goal:
                figure = f"{row.ratio:.2f}×" if row.goal.startswith("≤") and row.ratio is not None else row.value
                lines.append(f"| {row.goal} | {section.title}: {row.what} | {figure} | "
                             f"{'yes' if row.met else '**no** (see below)'} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes; print, do not write RESULTS.md")
    parser.add_argument("--only", nargs="+", choices=list(BENCHMARKS), help="run only these")
    args = parser.parse_args()
    names = args.only or list(BENCHMARKS)
    started = time.perf_counter()
    sections: list[Section] = []
    for name in names:
        print(f"running {name}…", file=sys.stderr, flush=True)
        sections += sections_of(name, args.quick)
    took = time.perf_counter() - started
    text = "\n".join([
        "# Benchmark results", "",
        f"One run of `python bench/run.py{' --quick' if args.quick else ''}"
        f"{' --only ' + ' '.join(names) if args.only else ''}` on {dt.datetime.now():%Y-%m-%d %H:%M} "
        f"({took / 60:.1f} minutes).", "",
        f"Machine: {machine()}.", "",
        "These machines are shared and noisy, so each figure is compared with its floor — the bare library doing "
        "the same work, measured in the same run — and the goals speak about that ratio (or, for what a user waits "
        "for, milliseconds). Rerun to compare; one run's absolute times mean little on their own.", "",
        "## Goals", "", summary(sections), "",
        *(section.markdown() for section in sections),
    ])
    print(text)
    if not args.quick and not args.only:
        RESULTS.write_text(text, encoding="utf-8")
        print(f"written to {RESULTS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
