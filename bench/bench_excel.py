"""Benchmark (not a test): return workbooks out and in, and the secretariat's aggregation.

Returns carry realistic answers (paragraphs from Denmark's filled 2014 Global Alliance form,
lists, a link).  The floors are the bare libraries doing the same work in the same run:

- export: openpyxl alone building and saving *the same workbook* — every cell, style, merge,
  drop-down, protection and hidden sheet that Reply Desk decided on, replayed from a snapshot
  of the workbook Reply Desk built — so the ratio is what Reply Desk's own work adds (turning
  Markdown into cell text, escaping, fitting rows, the checksum, the atomic write with fsync);
- read: openpyxl alone (read-only mode) reading every cell of every sheet of the same files;
- import: that openpyxl read plus bare sqlite3 (WAL, synchronous=FULL) inserting the same
  answers and history rows in one transaction per file.

Import and aggregation are also run for 50 and 500 returns (the Alliance has 54 members;
the form gets "MEMBER 055"... for more) to show how time and peak memory grow.

    python bench/bench_excel.py              # prints the sections
"""

from __future__ import annotations

import copy
import json
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

import openpyxl
import yaml
from openpyxl.styles import NamedStyle
from openpyxl.workbook.workbook import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import Row, Section, compare, peak_mb, seconds, seed_paragraphs, timed  # noqa: E402

from replydesk.definitions.model import Form  # noqa: E402
from replydesk.definitions.registry import Registry  # noqa: E402
from replydesk.documents.excel.export import ReturnSource, build_workbook, export_return  # noqa: E402
from replydesk.documents.excel.importer import import_workbooks  # noqa: E402
from replydesk.documents.excel.read import read_return  # noqa: E402
from replydesk.documents.secretariat.consolidation import load_consolidation  # noqa: E402
from replydesk.documents.secretariat.report_docx import write_report  # noqa: E402
from replydesk.documents.secretariat.workbook_xlsx import write_consolidated_workbook  # noqa: E402
from replydesk.store import Store  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
FORM_FILE = REPO / "forms" / "global-alliance-2014.yaml"
GOAL = 1.5


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
    forms = folder / "forms"
    forms.mkdir(exist_ok=True)
    (forms / FORM_FILE.name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    registry = Registry.load(forms)
    return registry, registry.get(data["id"])


def sources_for(form: Form, size: int) -> list[ReturnSource]:
    pool = seed_paragraphs()
    return [ReturnSource(form=form, country=participant.name, year=2014,
                         values={key: answer(participant.name, index + n, pool) for n, key in enumerate(form.keys())})
            for index, participant in enumerate(form.participants[:size])]


# -- the floors -------------------------------------------------------------------------------------------------

def snapshot(workbook: Workbook) -> dict[str, Any]:
    """Everything Reply Desk decided about a workbook, as plain data openpyxl alone can replay."""
    styles = [copy.copy(style) for style in workbook._named_styles if style.name != "Normal"]  # noqa: SLF001
    sheets = []
    for sheet in workbook.worksheets:
        sheets.append({
            "title": sheet.title, "state": sheet.sheet_state,
            "cells": [(cell.row, cell.column, cell.value, cell.style) for row in sheet.iter_rows() for cell in row
                      if cell.value is not None or cell.style != "Normal"],
            "merged": [str(r) for r in sheet.merged_cells.ranges],
            "widths": {k: d.width for k, d in sheet.column_dimensions.items()},
            "heights": {k: d.height for k, d in sheet.row_dimensions.items() if d.height},
            "validations": [copy.copy(v) for v in sheet.data_validations.dataValidation],
            "protection": copy.copy(sheet.protection),
        })
    return {"styles": styles, "sheets": sheets}


def bare_write(snap: dict[str, Any], path: Path) -> None:
    """openpyxl alone writing the same workbook: same cells, styles, merges, drop-downs, protection."""
    workbook = Workbook()
    for style in snap["styles"]:
        workbook.add_named_style(NamedStyle(name=style.name, font=style.font, fill=style.fill, border=style.border,
                                            alignment=style.alignment, number_format=style.number_format,
                                            protection=style.protection))
    for index, data in enumerate(snap["sheets"]):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = data["title"]
        sheet.sheet_state = data["state"]
        for row, column, value, style in data["cells"]:
            cell = sheet.cell(row=row, column=column, value=value)
            if style != "Normal":
                cell.style = style
        for merged in data["merged"]:
            sheet.merge_cells(merged)
        for key, width in data["widths"].items():
            sheet.column_dimensions[key].width = width
        for key, height in data["heights"].items():
            sheet.row_dimensions[key].height = height
        for validation in data["validations"]:
            sheet.add_data_validation(validation)
        sheet.protection = data["protection"]
    workbook.save(path)


def bare_read(path: Path) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """openpyxl alone (read-only) reading every cell of every sheet."""
    workbook = openpyxl.load_workbook(path, read_only=True)
    sheets = [(sheet.title, list(sheet.iter_rows(values_only=True))) for sheet in workbook.worksheets]
    workbook.close()
    return sheets


def bare_store(db: Path, paths: list[Path]) -> None:
    """openpyxl reading each file, bare sqlite3 saving its answers and history in one transaction per file."""
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("CREATE TABLE IF NOT EXISTS answer (reply INTEGER, key TEXT, value TEXT, revision INTEGER, "
                       "PRIMARY KEY (reply, key))")
    connection.execute("CREATE TABLE IF NOT EXISTS history (reply INTEGER, key TEXT, value TEXT, revision INTEGER)")
    connection.execute("CREATE TABLE IF NOT EXISTS reply (id INTEGER PRIMARY KEY, country TEXT, year INTEGER)")
    connection.execute("CREATE TABLE IF NOT EXISTS event (reply INTEGER, detail TEXT)")
    for path in paths:
        sheets = bare_read(path)
        rows = sheets[0][1]
        country = str(rows[1][1])
        connection.execute("BEGIN IMMEDIATE")
        found = connection.execute("SELECT id FROM reply WHERE country = ? AND year = ?", (country, 2014)).fetchone()
        reply = found[0] if found else connection.execute("INSERT INTO reply (country, year) VALUES (?, ?)",
                                                          (country, 2014)).lastrowid
        connection.execute("INSERT INTO event VALUES (?, ?)", (reply, path.name))
        answers = [(reply, str(r[0]), json.dumps(r[3]), 1) for r in rows if r and r[0] and r[3] is not None]
        connection.executemany("INSERT OR REPLACE INTO answer VALUES (?, ?, ?, ?)", answers)
        connection.executemany("INSERT INTO history VALUES (?, ?, ?, ?)", answers)
        connection.execute("COMMIT")
    connection.close()


# -- the runs ---------------------------------------------------------------------------------------------------

def ratio_row(what: str, ours: float, floor: float, floor_name: str, note: str = "") -> Row:
    ratio = ours / floor
    return Row(what, seconds(ours), f"{seconds(floor)} ({floor_name})", ratio, f"≤ {GOAL}×", ratio <= GOAL, note)


def workbook_ratios(quick: bool) -> Section:
    size, repeat = (20, 2) if quick else (54, 5)
    section = Section(f"Excel return workbooks: export, read and import ({size} returns)",
                      "Best of several runs of the whole batch. The floor is the bare library doing the same work "
                      "on the same files (see `bench/bench_excel.py`).")
    with tempfile.TemporaryDirectory(prefix="bench-excel-") as tmp:
        folder = Path(tmp)
        registry, form = form_for(size, folder)
        sources = sources_for(form, size)
        paths = [folder / f"return-{n:03d}.xlsx" for n in range(size)]
        bare_paths = [folder / f"bare-{n:03d}.xlsx" for n in range(size)]
        snaps = [snapshot(build_workbook(source)[0]) for source in sources]

        export_s, floor_s = compare(lambda: [export_return(s, p) for s, p in zip(sources, paths, strict=True)],
                                    lambda: [bare_write(s, p) for s, p in zip(snaps, bare_paths, strict=True)], repeat)
        kb = sum(p.stat().st_size for p in paths) / size / 1e3
        section.rows.append(ratio_row("export return workbooks", export_s, floor_s, "openpyxl, same workbooks",
                                      f"{kb:.0f} kB per file; includes fsync of each file"))

        read_s, bare_read_s = compare(lambda: [read_return(p, registry) for p in paths],
                                      lambda: [bare_read(p) for p in paths], repeat)
        section.rows.append(ratio_row("read + check every return (no store)", read_s, bare_read_s,
                                      "openpyxl read-only, every cell",
                                      "zip and XML checks, checksum, keys, every value validated"))

        counter = iter(range(1000))

        def do_import() -> None:
            with Store.open(folder / f"import-{next(counter)}.sqlite3", write=True, purpose="the benchmark") as store:
                results = import_workbooks(store, registry, paths)
            assert all(hasattr(r, "changed") for r in results), results[:1]

        import_s, bare_store_s = compare(do_import, lambda: bare_store(folder / f"bare-{next(counter)}.sqlite3", paths),
                                         repeat)
        section.rows.append(ratio_row("import into the store", import_s, bare_store_s,
                                      "openpyxl read + sqlite3 writing the same rows, one transaction per file",
                                      "history, events, writer lock, daily backup check"))
    section.notes += [
        "Before, the floors were openpyxl writing and reading a bare five-column sheet, and the ratios were 3.7× "
        "(export) and 5.5× (import). Profiling with pyinstrument showed that most of the gap was openpyxl itself "
        "doing work the bare sheet did not ask for: registering named styles, merging the header cells, the "
        "drop-downs, writing the style sheet. The floors now do the same work on the same workbooks.",
        "Import against that floor was still 2.03×: most of the store's time went into building a SQLModel "
        "object for every answer and history row, ORM flushes for the new reply and its event, and a definition "
        "lookup per file. Answers, history, the new reply and its event now go in as Core statements, and the "
        "store remembers which definitions it already holds: the store's part of an import fell from 5.4 to 4.1 ms "
        "per file (bare sqlite3: 0.8 ms), and the ratio from 2.03× to 1.41×–1.70× over eight runs on this shared "
        "machine — at the goal's edge. What is left is SQLAlchemy's own work per transaction (session, statement "
        "compilation and execution, ~3 ms per file) and the zip and XML safety checks before openpyxl opens a "
        "file (~1.3 ms per file); both are kept on purpose. Autosave runs the same code.",
        "Later (issue 13's last session): a return that creates its reply no longer reads that reply's answers, "
        "re-dates it or looks for tagged passages in the same transaction — nothing can be there yet — three of "
        "its ten statements; one run on the quiet machine went from 1.51× to 1.40×.",
    ]
    return section


def growth_figures(size: int) -> dict[str, tuple[float, float]]:
    """(seconds, peak MB) of importing ``size`` returns and of aggregating them."""
    with tempfile.TemporaryDirectory(prefix="bench-aggregate-") as tmp:
        folder = Path(tmp)
        registry, form = form_for(size, folder)
        paths = [folder / f"return-{n:03d}.xlsx" for n in range(size)]
        for source, path in zip(sources_for(form, size), paths, strict=True):
            export_return(source, path)

        def do_import(name: str) -> None:
            with Store.open(folder / name, write=True, purpose="the benchmark") as store:
                import_workbooks(store, registry, paths)

        def aggregate(name: str) -> None:
            with Store.open(folder / "timed.sqlite3", write=False) as store:
                consolidated = load_consolidation(store, form, 2014)
            write_consolidated_workbook(consolidated, folder / f"{name}.xlsx")
            write_report(consolidated, folder / f"{name}.docx")

        import_s, _ = timed(lambda: do_import("timed.sqlite3"))
        aggregate_s, _ = timed(lambda: aggregate("timed"))
        return {"import": (import_s, peak_mb(lambda: do_import("memory.sqlite3"))),
                "aggregate (load, workbook, Word report)": (aggregate_s, peak_mb(lambda: aggregate("memory")))}


def growth(quick: bool) -> Section:
    small, large = (10, 50) if quick else (50, 500)
    section = Section(f"Import and aggregation of {small} and {large} returns",
                      "One run of each step. Peak memory is the Python heap (tracemalloc) in a second, untimed "
                      f"pass. Growth is the {large}-return figure over the {small}-return one "
                      f"({large // small}× the returns).")
    figures = {size: growth_figures(size) for size in (small, large)}
    for step in figures[small]:
        (time_small, mb_small), (time_large, mb_large) = figures[small][step], figures[large][step]
        section.rows.append(Row(
            f"{step}: {small} → {large}", f"{seconds(time_small)} → {seconds(time_large)}",
            note=f"time grows {time_large / time_small:.1f}×, {1000 * time_large / large:.0f} ms per return; "
                 f"peak memory {mb_small:.0f} MB → {mb_large:.0f} MB ({mb_large / mb_small:.1f}×)"))
    return section


def run(quick: bool = False) -> list[Section]:
    return [workbook_ratios(quick), growth(quick)]


if __name__ == "__main__":
    for result in run(quick="--quick" in sys.argv):
        print(result.markdown())
