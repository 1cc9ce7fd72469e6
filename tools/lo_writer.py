"""Edit review copies in LibreOffice Writer over UNO, as a reviewer would, and save them as .docx.

Run by the system Python that has LibreOffice's ``uno`` module (``/usr/bin/python3``), not the venv::

    /usr/bin/python3 tools/lo_writer.py JOBS.json

JOBS.json is a list of ``{"source": PATH, "target": PATH, "author": NAME, "track": BOOL, "ops": [...]}``;
one LibreOffice process does them all. Each op finds text with Writer's own search and edits there:

* ``{"op": "type_end", "find": TEXT, "text": TEXT}``: typing at the end of the paragraph holding TEXT;
* ``{"op": "new_paragraph", "find": TEXT, "text": TEXT}``: Enter at its end, then typing;
* ``{"op": "replace", "find": TEXT, "text": TEXT}``: TEXT selected and typed over ("" deletes it);
* ``{"op": "comment", "find": TEXT, "text": TEXT}``: a comment (annotation) on TEXT by the author;
* ``{"op": "break_after", "find": TEXT}``: Enter right after TEXT, splitting its paragraph;
* ``{"op": "join_next", "find": TEXT, "text": TEXT}``: Delete at the end of the paragraph holding TEXT,
  joining the next one to it, and TEXT typed at the join;
* ``{"op": "header_end", "find": TEXT, "text": TEXT}``: Enter at the end of the page header holding TEXT,
  then typing;
* ``{"op": "picture", "find": TEXT, "image": PATH, "alt": TEXT, "width": MM, "height": MM}``: a picture
  inserted at the end of the paragraph holding TEXT, given its alternative text (Format ▸ Description).

With ``track`` the edits are recorded as tracked changes by the author (Writer's user name is set in
a private profile). Exits non-zero with the reason when it cannot.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
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

    jobs = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("LibreOffice (soffice) is not installed", file=sys.stderr)
        return 2
    folder = Path(tempfile.mkdtemp(prefix="lo-writer-"))
    pipe = f"replydesk_w{os.getpid()}"
    # a new profile restarts LibreOffice once; made first, so the bridge does not die under the first load
    subprocess.run([soffice, "--headless", "--terminate_after_init", f"-env:UserInstallation=file://{folder}/profile"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120, check=False)
    office = subprocess.Popen([soffice, "--headless", "--invisible", "--norestore", "--nologo",
                               f"-env:UserInstallation=file://{folder}/profile", f"--accept=pipe,name={pipe};urp;"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)  # its own group: soffice.bin is a child of the script
    finished = False
    try:
        context = resolve(uno, pipe)
        if context is None:
            print("LibreOffice did not start", file=sys.stderr)
            return 1
        manager = context.ServiceManager
        desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        provider = manager.createInstanceWithContext("com.sun.star.configuration.ConfigurationProvider", context)

        def set_author(name: str) -> None:
            first, _, last = name.partition(" ")
            access = provider.createInstanceWithArguments(
                "com.sun.star.configuration.ConfigurationUpdateAccess",
                (prop("nodepath", "/org.openoffice.UserProfile/Data"),))
            access.setPropertyValue("givenname", first)
            access.setPropertyValue("sn", last)
            access.commitChanges()

        def find(document: object, wanted: str) -> tuple[object, object, object] | None:
            """(the text, the paragraph, a cursor selecting ``wanted`` in it) for its first paragraph holding it."""
            paragraphs = document.getText().createEnumeration()
            while paragraphs.hasMoreElements():
                paragraph = paragraphs.nextElement()
                if not paragraph.supportsService("com.sun.star.text.Paragraph"):
                    continue
                at = paragraph.getString().find(wanted)
                if at >= 0:
                    owner = paragraph.getText()
                    cursor = owner.createTextCursorByRange(paragraph.getStart())
                    cursor.goRight(at, False)
                    cursor.goRight(len(wanted), True)
                    return owner, paragraph, cursor
            return None

        for job in jobs:
            author = job.get("author", "LibreOffice Reviewer")
            set_author(author)
            # a document without a window: Writer's headless frames crash (LibreOffice 7.4, svp)
            document = manager.createInstanceWithContext("com.sun.star.text.TextDocument", context)
            document.load((prop("URL", uno.systemPathToFileUrl(str(Path(job["source"]).resolve()))),
                           prop("FilterName", "MS Word 2007 XML")))
            document.RecordChanges = bool(job.get("track"))
            for op in job.get("ops", []):
                if op["op"] == "header_end":
                    styles = document.StyleFamilies.getByName("PageStyles")
                    headers = [styles.getByIndex(i).HeaderText for i in range(styles.getCount())
                               if styles.getByIndex(i).HeaderIsOn]
                    header = next((h for h in headers if op["find"] in h.getString()), None)
                    if header is None:
                        print(f"{job['target']}: no page header holds {op['find']!r}", file=sys.stderr)
                        return 1
                    end = header.createTextCursorByRange(header.getEnd())
                    header.insertControlCharacter(end, 0, False)  # PARAGRAPH_BREAK
                    header.insertString(end, op["text"], False)
                    continue
                found = find(document, op["find"])
                if found is None:
                    print(f"{job['target']}: {op['find']!r} not found", file=sys.stderr)
                    return 1
                owner, paragraph, cursor = found
                if op["op"] in ("type_end", "new_paragraph"):
                    end = owner.createTextCursorByRange(paragraph.getEnd())
                    if op["op"] == "new_paragraph":
                        owner.insertControlCharacter(end, 0, False)  # PARAGRAPH_BREAK
                    owner.insertString(end, op["text"], False)
                elif op["op"] == "replace":
                    owner.insertString(cursor, op["text"], True)
                elif op["op"] == "break_after":
                    at = owner.createTextCursorByRange(cursor.getEnd())
                    owner.insertControlCharacter(at, 0, False)  # PARAGRAPH_BREAK
                elif op["op"] == "join_next":
                    end = owner.createTextCursorByRange(paragraph.getEnd())
                    end.goRight(1, True)  # the paragraph mark
                    end.setString("")
                    owner.insertString(end, op["text"], False)
                elif op["op"] == "picture":
                    from com.sun.star.awt import Size  # noqa: PLC0415

                    graphics = manager.createInstanceWithContext("com.sun.star.graphic.GraphicProvider", context)
                    graphic = graphics.queryGraphic((prop("URL", uno.systemPathToFileUrl(op["image"])),))
                    picture = document.createInstance("com.sun.star.text.TextGraphicObject")
                    picture.Graphic = graphic
                    picture.Description = op.get("alt", "")
                    size = Size()
                    size.Width, size.Height = int(op["width"]) * 100, int(op["height"]) * 100
                    picture.Size = size
                    end = owner.createTextCursorByRange(paragraph.getEnd())
                    owner.insertTextContent(end, picture, False)
                elif op["op"] == "comment":
                    note = document.createInstance("com.sun.star.text.textfield.Annotation")
                    note.Author = author
                    note.Content = op["text"]
                    owner.insertTextContent(cursor, note, True)
                else:
                    print(f"unknown op {op['op']!r}", file=sys.stderr)
                    return 2
            target = uno.systemPathToFileUrl(str(Path(job["target"]).resolve()))
            document.storeToURL(target, (prop("FilterName", "MS Word 2007 XML"),))
            document.close(True)
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001 - the bridge closes as it terminates
            pass
        finished = True
        return 0
    finally:
        try:
            office.wait(timeout=30 if finished else 0.1)
        except subprocess.TimeoutExpired:
            os.killpg(office.pid, signal.SIGKILL)  # the LibreOffice this run started, and only it
            office.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
