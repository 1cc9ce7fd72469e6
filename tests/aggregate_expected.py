"""What ``aggregate`` wrote before it streamed: a fixed store of all three forms and the files of record.

``fill_store`` writes the same returns every time (three of four participants per form, an empty answer,
an answer past Excel's cell limit, control characters, tables and choices); ``tests/data/aggregate/`` holds
the .xlsx and .docx that ``replydesk aggregate`` wrote from it at commit 04f7552, before the workbook and
the report were streamed (the Lanzarote pair rewritten since only for its plural, "Parties" for "Partys").
``workbook_view`` and ``document_view`` read a file into what a person sees (every cell's value and look,
every paragraph and table as Word reads it), with the compile time, the change dates and the version masked,
so the two can be compared.

    python -m tests.aggregate_expected   # rewrite the files of record with the code as it is
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree
from tests.test_excel_support import realistic_answer, sample_value

from replydesk.definitions.model import QuestionType
from replydesk.store import Store
from replydesk.store.context import reply_form

EXPECTED = Path(__file__).parent / "data" / "aggregate"
FORMS = (("global-alliance-2014", 2014), ("coe-ocsea-baseline", 2020), ("lanzarote-2-csgsiv-follow-up", 2023))
_MASKS = (
    (re.compile(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?"), "DATE"),
    (re.compile(r"\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|"
                r"December) \d{4}"), "DATE"),
    (re.compile(r"Reply Desk \d+\.\d+\.\d+\S*"), "Reply Desk VERSION"),
)


def mask(text: Any) -> Any:
    if not isinstance(text, str):
        return text
    for pattern, replacement in _MASKS:
        text = pattern.sub(replacement, text)
    return text


def fill_store(db: Path, registry: Any) -> None:
    """Per form: the first, second and fourth participant return it; the third sends nothing."""
    with Store.open(db, write=True, purpose="the aggregate test") as store:
        for form_id, year in FORMS:
            form = registry.get(form_id)
            for index, participant in enumerate(form.participants[:4]):
                if index == 2:
                    continue
                reply = store.create_reply(form, participant.name, year)
                held = reply_form(store, form, reply).resolved(year)
                values: dict[str, Any] = {}
                for n, slot in enumerate(held.slots):
                    question = slot.question
                    if question.type is QuestionType.LONG_TEXT:
                        values[slot.key] = realistic_answer(participant.name, index + n)
                    else:
                        values[slot.key] = sample_value(question)
                long_keys = [s.key for s in held.slots if s.question.type is QuestionType.LONG_TEXT]
                if index == 0:  # past Excel's 32,767 characters a cell: continued on marked rows
                    values[long_keys[0]] = "\n\n".join([values[long_keys[0]]] * 60)
                    values[long_keys[-1]] += "\n\nA bell \x07 and a form feed \x0c typed in."
                if index == 1:  # returned the form but left prompts empty
                    for slot in held.slots[1:3]:
                        values[slot.key] = None
                store.save_answers(reply.id, held, values)


def workbook_view(path: Path) -> dict[str, Any]:
    """Every sheet's cells (value, type, named style, font, fill, alignment, border, number format, link),
    merged ranges, column widths, row heights, frozen panes, filter, print titles and page set-up."""
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    view: dict[str, Any] = {"sheets": workbook.sheetnames, "title": workbook.properties.title,
                            "creator": mask(workbook.properties.creator)}
    for sheet in workbook.worksheets:
        cells = {}
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None and not cell.has_style:
                    continue
                font, fill, alignment, border = cell.font, cell.fill, cell.alignment, cell.border
                cells[cell.coordinate] = (
                    mask(cell.value), cell.data_type, cell.style, font.b, font.i, font.sz,
                    font.color.rgb if font.color is not None else None, font.u, fill.fill_type,
                    fill.fgColor.rgb, alignment.wrap_text, alignment.vertical, alignment.horizontal,
                    _side(border.left), _side(border.top), cell.number_format, cell.protection.locked,
                    cell.hyperlink.location if cell.hyperlink else None)
        view[sheet.title] = {
            "cells": cells,
            "merged": sorted(str(r) for r in sheet.merged_cells.ranges),
            "widths": {k: d.width for k, d in sheet.column_dimensions.items() if d.customWidth},
            "heights": {k: d.height for k, d in sheet.row_dimensions.items() if d.height is not None},
            "freeze": sheet.freeze_panes,
            "filter": sheet.auto_filter.ref,
            "print_titles": sheet.print_title_rows,
            "page": (sheet.page_setup.orientation, sheet.page_setup.paperSize, sheet.page_setup.fitToWidth,
                     sheet.page_setup.fitToHeight, sheet.sheet_properties.pageSetUpPr.fitToPage,
                     sheet.page_margins.left, sheet.page_margins.top, sheet.oddFooter.center.text),
        }
    return view


def _side(side: Any) -> str | None:
    return side.style if side is not None else None


def document_view(path: Path) -> dict[str, Any]:
    """Each element of the body as Word reads it (paragraph or table: style, runs, bold, italic, links,
    numbering), the links' targets, the styles, the footer and the document's properties."""
    with zipfile.ZipFile(path) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))[0]
        relations = etree.fromstring(archive.read("word/_rels/document.xml.rels"))
        view: dict[str, Any] = {
            "body": [mask(etree.tostring(child, encoding="unicode")) for child in body],
            "links": sorted((r.get("Id"), r.get("Target")) for r in relations if r.get("TargetMode") == "External"),
            "core": mask(re.sub(r"<dcterms:(created|modified)[^<]*</dcterms:\1>", "",
                                archive.read("docProps/core.xml").decode())),
        }
        for name in sorted(archive.namelist()):
            if name not in ("word/document.xml", "docProps/core.xml", "word/_rels/document.xml.rels"):
                view[name] = archive.read(name)
    return view


def main() -> int:
    from replydesk.cli.excel_commands import cmd_aggregate
    from replydesk.definitions.registry import Registry

    forms = Path(__file__).resolve().parents[1] / "forms"
    os.environ.setdefault("REPLYDESK_FORMS", str(forms))  # what cmd_aggregate reads the forms from
    registry = Registry.load(forms)
    EXPECTED.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "returns.sqlite3"
        fill_store(db, registry)
        for form_id, year in FORMS:
            args = argparse.Namespace(db=db, command="aggregate", form=form_id, year=year,
                                      xlsx=EXPECTED / f"{form_id}.xlsx", docx=EXPECTED / f"{form_id}.docx")
            cmd_aggregate(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
