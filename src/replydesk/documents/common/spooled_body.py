"""A Word document whose body is written out as it grows, so a long report is never held whole.

python-docx keeps the whole document as one XML tree until it saves; a report of 500 returns
(10 MB of answers) took ~120 MB that way. ``SpooledBody`` moves the body's finished paragraphs
and tables to a temporary file as XML (``flush``), and ``save`` writes the package python-docx
makes of everything else (styles, numbering, links, footer, properties) with the spooled body
put back in its place: the same document.xml, element for element.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from io import BytesIO
from pathlib import Path

from docx.document import Document as DocumentObject
from lxml import etree

_DOCUMENT_PART = "word/document.xml"
_MARKER = "replydesk-spooled-body"


class SpooledBody:
    """The body of ``document`` spooled to a temporary file (deleted when saved or collected)."""

    def __init__(self, document: DocumentObject):
        self.document = document
        self.body = document.element.body
        self.namespaces = document.element.nsmap
        self.spool = tempfile.TemporaryFile()

    def flush(self) -> None:
        """Move every paragraph and table written so far from the tree to the spool."""
        end = self.body.sectPr
        # moved under a stand-in with the root's namespaces, they serialise as they would in place
        holder = etree.Element(self.body.tag, nsmap=self.namespaces)
        for child in list(self.body):
            if child is not end:
                holder.append(child)
        if len(holder):
            xml = etree.tostring(holder, encoding="UTF-8")
            closing = f"</{self.body.prefix}:{etree.QName(self.body).localname}>".encode()
            self.spool.write(xml[xml.index(b">") + 1:-len(closing)])

    def save(self, path: Path) -> None:
        """Write the whole document to ``path``: python-docx's package with the spooled body in place."""
        self.flush()
        marker = etree.Comment(_MARKER)
        end = self.body.sectPr
        if end is not None:
            end.addprevious(marker)
        else:
            self.body.append(marker)
        package = BytesIO()
        self.document.save(package)
        self.body.remove(marker)
        self.spool.seek(0)
        with zipfile.ZipFile(package) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
            for entry in source.infolist():
                if entry.filename != _DOCUMENT_PART:
                    target.writestr(entry, source.read(entry))
                    continue
                head, tail = source.read(entry).split(f"<!--{_MARKER}-->".encode(), 1)
                fresh = zipfile.ZipInfo(entry.filename, entry.date_time)
                fresh.compress_type = entry.compress_type
                with target.open(fresh, "w") as stream:
                    stream.write(head)
                    shutil.copyfileobj(self.spool, stream)
                    stream.write(tail)
        self.spool.close()
