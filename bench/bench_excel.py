"""Benchmark (not a test): return workbooks for 54 and 500 Global Alliance members.

Writes N return workbooks with realistic answers (paragraphs from Denmark's filled 2014
form, lists, a link), imports them into a fresh store in one call, and compiles the
consolidated workbook and Word report.  It times each step, measures peak Python memory
(tracemalloc, in a second pass so it does not slow the timed one), and compares the
return workbook's export and import with bare openpyxl writing and reading the same
cells.  For 500 returns the form gets 446 extra members ("MEMBER 055" ...), since the
Alliance has 54.

    python bench/bench_excel.py                 # 54 and 500
    python bench/bench_excel.py --sizes 54 --append   # also append the table to bench/RESULTS.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import platform
import re
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from replydesk import __version__  # noqa: E402
from replydesk.definitions.model import Form  # noqa: E402
from replydesk.definitions.registry import Registry  # noqa: E402
from replydesk.documents.aggregate import load_consolidation  # noqa: E402
from replydesk.documents.aggregate_docx import write_report  # noqa: E402
from replydesk.documents.aggregate_xlsx import write_consolidated_workbook  # noqa: E402
from replydesk.documents.excel_export import ReturnSource, export_return  # noqa: E402
from replydesk.documents.excel_import import import_workbooks  # noqa: E402
from replydesk.documents.excel_read import read_return  # noqa: E402
from replydesk.store import Store  # noqa: E402

FORM_FILE = REPO / "forms" / "global-alliance-2014.yaml"
SEED = REPO.parent / "shared" / "seeds" / "ga-2014-reporting-form-denmark.txt"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def paragraphs() -> list[str]:
    text = SEED.read_text(encoding="utf-8")
    lines = [re.sub(r"</?u>", "", line).strip() for line in text.splitlines()]
    return [line for line in lines if len(line) > 60 and not line.startswith(("Policy Target", "- ", "A)", "B)"))]


def answer(country: str, index: int, pool: list[str]) -> str:
    """About 1.5 kB of Markdown: four paragraphs from the real form, a bullet list, a numbered list, a link."""
    chosen = [pool[(index * 5 + k) % len(pool)] for k in range(4)]
    return (f"{country}: {chosen[0]}\n\n{chosen[1]}\n\n- {chosen[2][:120]}\n- **Campaign** on www.example.org\n\n"
            f"1. first step for {country}\n2. second step\n\n{chosen[3]}")


def form_for(size: int, folder: Path) -> tuple[Registry, Form]:
    """The Global Alliance form, with extra members when ``size`` exceeds its 54."""
    data = yaml.safe_load(FORM_FILE.read_text(encoding="utf-8"))
    extra = max(0, size - len(data["participants"]))
    data["participants"] += [{"name": f"MEMBER {n:03d}"} for n in range(55, 55 + extra)]
    (folder / "forms").mkdir()
    (folder / "forms" / FORM_FILE.name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    registry = Registry.load(folder / "forms")
    return registry, registry.get(data["id"])


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def peak_mb(action: Callable[[], Any]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def bare_write(rows: list[tuple[str, str, str, str, str]], path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def bare_read(path: Path) -> int:
    workbook = openpyxl.load_workbook(path, read_only=True)
    count = sum(1 for row in workbook.active.iter_rows(values_only=True) for value in row if value is not None)
    workbook.close()
    return count


def run(size: int) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="bench-excel-") as tmp:
        folder = Path(tmp)
        registry, form = form_for(size, folder)
        pool = paragraphs()
        sources = []
        for index, participant in enumerate(form.participants[:size]):
            values = {key: answer(participant.name, index + n, pool) for n, key in enumerate(form.keys())}
            sources.append(ReturnSource(form=form, country=participant.name, year=2014, values=values))
        text_bytes = sum(len(v.encode("utf-8")) for s in sources for v in s.values.values())
        (folder / "returns").mkdir()
        (folder / "bare").mkdir()
        paths = [folder / "returns" / f"{n:04d}.xlsx" for n in range(size)]
        bare = [folder / "bare" / f"{n:04d}.xlsx" for n in range(size)]
        resolved = form.resolved(2014)
        rows = [[(s.key, s.section_label, s.question.prompt, source.values[s.key], "draft") for s in resolved.slots]
                for source in sources]

        export_s, _ = timed(lambda: [export_return(src, p) for src, p in zip(sources, paths, strict=True)])
        bare_write_s, _ = timed(lambda: [bare_write(r, p) for r, p in zip(rows, bare, strict=True)])
        read_s, _ = timed(lambda: [read_return(p, registry) for p in paths])
        bare_read_s, _ = timed(lambda: [bare_read(p) for p in bare])

        def do_import(db: Path) -> None:
            with Store.open(db, write=True, purpose="the benchmark") as store:
                results = import_workbooks(store, registry, paths)
            assert all(hasattr(r, "changed") for r in results), results[:1]

        import_s, _ = timed(lambda: do_import(folder / "timed.sqlite3"))

        def consolidation() -> Any:
            with Store.open(folder / "timed.sqlite3", write=False) as store:
                return load_consolidation(store, form, 2014)

        load_s, consolidated = timed(consolidation)
        xlsx_s, _ = timed(lambda: write_consolidated_workbook(consolidated, folder / "all.xlsx"))
        docx_s, _ = timed(lambda: write_report(consolidated, folder / "all.docx"))

        import_mb = peak_mb(lambda: do_import(folder / "memory.sqlite3"))
        aggregate_mb = peak_mb(lambda: (write_consolidated_workbook(consolidation(), folder / "m.xlsx"),
                                        write_report(consolidation(), folder / "m.docx")))
        sizes = {
            "returns": sum(p.stat().st_size for p in paths), "bare": sum(p.stat().st_size for p in bare),
            "xlsx": (folder / "all.xlsx").stat().st_size, "docx": (folder / "all.docx").stat().st_size,
        }
    per = 1000 / size
    return [
        {"step": "export return workbooks", "n": size, "s": export_s, "ms_each": export_s * per, "mb": None,
         "ratio": export_s / bare_write_s, "note": f"bare openpyxl write {bare_write_s:.2f} s; "
                                                   f"{sizes['returns'] / size / 1e3:.0f} kB per file"},
        {"step": "read + check (no store)", "n": size, "s": read_s, "ms_each": read_s * per, "mb": None,
         "ratio": read_s / bare_read_s, "note": f"bare openpyxl read {bare_read_s:.2f} s"},
        {"step": "import (one call, store)", "n": size, "s": import_s, "ms_each": import_s * per, "mb": import_mb,
         "ratio": import_s / bare_read_s, "note": f"{text_bytes / 1e6:.1f} MB of answer text"},
        {"step": "aggregate: load", "n": size, "s": load_s, "ms_each": load_s * per, "mb": None, "ratio": None,
         "note": ""},
        {"step": "aggregate: workbook", "n": size, "s": xlsx_s, "ms_each": xlsx_s * per, "mb": aggregate_mb,
         "ratio": None, "note": f"{sizes['xlsx'] / 1e6:.1f} MB; peak is workbook + report"},
        {"step": "aggregate: Word report", "n": size, "s": docx_s, "ms_each": docx_s * per, "mb": None,
         "ratio": None, "note": f"{sizes['docx'] / 1e6:.1f} MB"},
    ]


def table(results: list[dict[str, Any]]) -> str:
    lines = ["| step | returns | seconds | ms per return | peak MB | × bare openpyxl | notes |",
             "| --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in results:
        mb = f"{r['mb']:.0f}" if r["mb"] is not None else ""
        ratio = f"{r['ratio']:.1f}" if r["ratio"] is not None else ""
        lines.append(f"| {r['step']} | {r['n']} | {r['s']:.2f} | {r['ms_each']:.1f} | {mb} | {ratio} | "
                     f"{r['note']} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[54, 500])
    parser.add_argument("--append", action="store_true", help=f"append the table to {RESULTS}")
    args = parser.parse_args()
    results = [row for size in args.sizes for row in run(size)]
    heading = (f"## Excel returns, {dt.datetime.now():%Y-%m-%d %H:%M} — Reply Desk {__version__}, "
               f"Python {platform.python_version()}, openpyxl {openpyxl.__version__}, {platform.machine()} "
               f"{platform.system()}")
    text = f"{heading}\n\n{table(results)}\n"
    print(text)
    if args.append:
        with open(RESULTS, "a", encoding="utf-8") as handle:
            handle.write(("\n" if RESULTS.exists() and RESULTS.stat().st_size else "# Benchmark results\n\n") + text)
        print(f"appended to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
