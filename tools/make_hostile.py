"""Write the hostile-input corpus in tests/data/hostile/ (run again to regenerate it).

    .venv/bin/python tools/make_hostile.py

Files that must match the current forms (returns with formulas, copies of
another form) are made by the tests themselves; these are the static ones.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

HOSTILE = Path(__file__).resolve().parents[1] / "tests" / "data" / "hostile"

FORM_HEAD = 'format: 1\nid: hostile\nversion: "1"\ntitle: Hostile\nperiod: {default_year: 2020}\n' \
            "participants: [{name: DENMARK}]\n"


def minimal_xlsx(sheet_xml: str = "<worksheet xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>"
                                   "<sheetData/></worksheet>", extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml",
                         "<?xml version='1.0' encoding='UTF-8'?><Types xmlns='http://schemas.openxmlformats.org/"
                         "package/2006/content-types'><Default Extension='xml' ContentType='application/xml'/>"
                         "</Types>")
        package.writestr("xl/workbook.xml", "<workbook xmlns='http://schemas.openxmlformats.org/spreadsheetml/"
                                            "2006/main'><sheets/></workbook>")
        package.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        for name, data in (extra or {}).items():
            package.writestr(name, data)
    return buffer.getvalue()


def main() -> None:
    HOSTILE.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes | str] = {
        "form-broken-syntax.yaml": FORM_HEAD + "groups:\n  - key: s\n    questions: [\n",
        "form-schema-invalid.yaml": 'format: 1\nversion: "1"\ntitle: No id\nperiod: {default_year: 2020}\n'
                                    "participants: []\ngroups: []\n",
        "form-unknown-type.yaml": FORM_HEAD + "groups:\n  - key: s\n    questions:\n"
                                  "      - {key: q, type: essay, prompt: Write}\n",
        "form-duplicate-keys.yaml": FORM_HEAD + "groups:\n  - key: s\n    questions:\n"
                                    "      - {key: q, type: long_text, prompt: One}\n"
                                    "      - {key: q, type: long_text, prompt: Two}\n",
        "form-billion-laughs.yaml": FORM_HEAD + 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
                                    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                                    "groups: [*c]\n",
        "return-corrupt-zip.xlsx": b"PK\x03\x04" + bytes(range(256)) * 8,
        "return-not-a-zip.xlsx": b"<html><body>This was saved as a web page</body></html>",
        "return-macro-enabled.xlsm": minimal_xlsx(extra={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"}),
        "return-entity-expansion.xlsx": minimal_xlsx(
            "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'><!ENTITY lol2 '&lol;&lol;&lol;&lol;'>]>"
            "<worksheet xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'><sheetData><row r='1'>"
            "<c r='A1' t='inlineStr'><is><t>&lol2;</t></is></c></row></sheetData></worksheet>"),
        "return-zip-bomb.xlsx": minimal_xlsx(
            "<worksheet xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'><sheetData>"
            + " " * 300_000_000 + "</sheetData></worksheet>"),
        "review-corrupt.docx": b"PK\x03\x04" + b"\x00" * 2048,
        "review-entity-expansion.docx": minimal_xlsx(
            "x", extra={"word/document.xml": "<?xml version='1.0'?><!DOCTYPE d [<!ENTITY e 'boom'>]>"
                                             "<w:document xmlns:w='http://schemas.openxmlformats.org/"
                                             "wordprocessingml/2006/main'><w:body><w:p><w:r><w:t>&e;</w:t>"
                                             "</w:r></w:p></w:body></w:document>"}),
    }
    for name, content in files.items():
        path = HOSTILE / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        print(f"{path.name}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
