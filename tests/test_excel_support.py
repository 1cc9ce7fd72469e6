"""Helpers for the Excel tests: realistic answers, editing a workbook as a user would, Excel-style saving.

Nothing here is a test; the module is named test_excel_* only so it sits with the tests it serves.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
from lxml import etree
from tests import sources

from replydesk.definitions.model import Form, QuestionType
from replydesk.definitions.values import validate
from replydesk.documents.excel import cell_text

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SEED_FORM = sources.GA_2014_DENMARK


def denmark_paragraphs() -> list[str]:
    """Answer-like paragraphs from Denmark's filled form (real wording, real lengths)."""
    text = SEED_FORM.read_text(encoding="utf-8")
    lines = [re.sub(r"</?u>", "", line).strip() for line in text.splitlines()]
    return [line for line in lines if len(line) > 60 and not line.startswith(("Policy Target", "- ", "A)", "B)", "C)"))]


def realistic_answer(country: str, index: int) -> str:
    """A Markdown answer of a few paragraphs and a list, different for each country and key."""
    paragraphs = denmark_paragraphs()
    chosen = [paragraphs[(index * 3 + k) % len(paragraphs)] for k in range(3)]
    return (f"{country}: {chosen[0]}\n\n{chosen[1]}\n\n- measure one for {country}\n- **measure two** "
            f"(see www.example.org)\n\n1. first step\n2. second step\n\n{chosen[2]}")


def sample_value(question: Any) -> Any:
    """A valid, non-empty value for any question type (validated, so it is exactly what the store keeps)."""
    qtype = question.type
    if qtype is QuestionType.TABLE:
        if question.rows:
            rows = [{"row": row.value, **_row(question.columns, n)} for n, row in enumerate(question.rows[:3])]
        else:
            rows = [_row(question.columns, n) for n in range(3)]
        return validate(question, rows)
    return validate(question, _scalar(question, 0))


def _row(columns: list, n: int) -> dict[str, Any]:
    return {column.key: _scalar(column, n) for column in columns}


def _scalar(question: Any, n: int) -> Any:
    qtype = question.type
    if qtype is QuestionType.LONG_TEXT:
        return f"Paragraph {n}\n\n- item\n- =formula-like\n\n1. one\n2. two"
    if qtype is QuestionType.SHORT_TEXT:
        return f"+short {n} @text"
    if qtype is QuestionType.URL:
        return f"https://example.org/{n}"
    if qtype is QuestionType.SINGLE_CHOICE:
        return question.choices[-1].value
    if qtype is QuestionType.MULTIPLE_CHOICE:
        return [c.value for c in question.choices[:2]]
    if qtype is QuestionType.YES_NO:
        return "no"
    if qtype is QuestionType.YES_PARTLY_NO:
        return "partly"
    if qtype is QuestionType.INTEGER:
        return int(question.max) if question.max is not None else 123_456_789_012_345_678
    if qtype is QuestionType.DECIMAL:
        return question.max if question.max is not None else 0.1 + 0.2
    if qtype is QuestionType.DATE:
        return "2023-03-01"
    if qtype is QuestionType.PERCENTAGE:
        return -44.43 if question.min is not None and question.min < 0 else 1.75
    raise AssertionError(qtype)


def sample_values(form: Form) -> dict[str, Any]:
    return {slot.key: sample_value(slot.question) for slot in form.slots}


def edit(path: Path, changes: dict[tuple[str, str], Any]) -> None:
    """Change cells as a user would in Excel (text typed as text), then save the file in place."""
    workbook = openpyxl.load_workbook(path)
    for (sheet, coordinate), value in changes.items():
        cell = workbook[sheet][coordinate]
        if isinstance(value, str) and not value.startswith("="):
            cell.value = cell_text.encode(value)
            cell.data_type = "s"
        else:
            cell.value = value
    workbook.save(path)


def find_row(path: Path, key: str) -> int:
    """The Reply sheet row of ``key``."""
    sheet = openpyxl.load_workbook(path, read_only=True)["Reply"]
    for number, row in enumerate(sheet.iter_rows(max_col=1, values_only=True), 1):
        if row and row[0] == key:
            return number
    raise KeyError(key)


def to_shared_strings(path: Path) -> None:
    """Rewrite every inline string into a shared-string table, as Excel does when it saves a workbook."""
    with zipfile.ZipFile(path) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    strings: list = []  # each inline string's <t> or runs (<r>: bold, italics), moved into the table as they are
    for name in [n for n in entries if n.startswith("xl/worksheets/") and n.endswith(".xml")]:
        root = etree.fromstring(entries[name])
        for cell in root.iter(f"{{{NS}}}c"):
            if cell.get("t") != "inlineStr":
                continue
            inline = cell.find(f"{{{NS}}}is")
            if inline is None:  # an empty string: Excel writes no value at all
                del cell.attrib["t"]
                continue
            strings.append(list(inline))
            cell.remove(inline)
            cell.set("t", "s")
            etree.SubElement(cell, f"{{{NS}}}v").text = str(len(strings) - 1)
        entries[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    sst = etree.Element(f"{{{NS}}}sst", count=str(len(strings)), uniqueCount=str(len(strings)))
    for parts in strings:
        item = etree.SubElement(sst, f"{{{NS}}}si")
        for part in parts:
            item.append(part)
        for text in item.iter(f"{{{NS}}}t"):
            text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    entries["xl/sharedStrings.xml"] = etree.tostring(sst, xml_declaration=True, encoding="UTF-8", standalone=True)
    entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                     b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    entries["xl/_rels/workbook.xml.rels"] = entries["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdSharedStrings" Type="http://schemas.openxmlformats.org/'
                             b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                             b"</Relationships>")
    rewrite(path, entries)


def rewrite(path: Path, entries: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)


def zip_entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}
