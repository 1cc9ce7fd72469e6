"""Type into a workbook's cells through LibreOffice Calc's input handler, as a person would, and save it.

Run by the system Python that has LibreOffice's ``uno`` module (``/usr/bin/python3``), not the venv::

    /usr/bin/python3 tools/lo_type.py BOOK.xlsx "Reply!D5=007" "Reply!D6=50%"

Each ``SHEET!CELL=TEXT`` selects the cell and enters TEXT with ``.uno:EnterString`` (the path typing
and Enter take, so Calc's number recognition applies); the workbook is saved over itself as .xlsx.
A private profile and pipe keep parallel runs apart. Exits non-zero with the reason when it cannot.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from lo_bridge import resolve


def main(argv: list[str]) -> int:
    import uno  # noqa: PLC0415 - only the system Python has it
    from com.sun.star.beans import PropertyValue  # noqa: PLC0415

    def prop(name: str, value: object) -> PropertyValue:
        item = PropertyValue()
        item.Name, item.Value = name, value
        return item

    path = Path(argv[0]).resolve()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("LibreOffice (soffice) is not installed", file=sys.stderr)
        return 2
    folder = Path(tempfile.mkdtemp(prefix="lo-type-"))
    pipe = f"replydesk_{os.getpid()}"
    office = subprocess.Popen([soffice, "--headless", "--invisible", "--norestore", "--nologo",
                               f"-env:UserInstallation=file://{folder}/profile", f"--accept=pipe,name={pipe};urp;"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        context = resolve(uno, pipe)
        if context is None:
            print("LibreOffice did not start", file=sys.stderr)
            return 1
        manager = context.ServiceManager
        desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        dispatcher = manager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
        url = uno.systemPathToFileUrl(str(path))
        document = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
        controller = document.getCurrentController()
        frame = controller.getFrame()
        for item in argv[1:]:
            where, _, text = item.partition("=")
            sheet_name, _, cell_name = where.rpartition("!")
            sheet = document.Sheets.getByName(sheet_name)
            controller.setActiveSheet(sheet)
            controller.select(sheet.getCellRangeByName(cell_name))
            dispatcher.executeDispatch(frame, ".uno:EnterString", "", 0, (prop("StringName", text),))
        document.storeToURL(url, (prop("FilterName", "Calc MS Excel 2007 XML"),))
        try:
            document.close(True)
        except Exception:  # noqa: BLE001 - the file is stored; an office that drops the bridge while closing lost nothing
            pass
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001 - the bridge closes as it terminates
            pass
        return 0
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
