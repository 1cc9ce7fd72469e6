"""Opening a .docx someone else edited, defensively.

A reviewed copy comes back by e-mail from anywhere: it may be an old .doc, an
encrypted file, a truncated download, a zip bomb or XML with entity expansion.
Every one of those is refused with a sentence the user can act on, never a
traceback; the XML is parsed with defusedxml (no DTDs, no entities).
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

MAX_PART_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_ENTRIES = 5_000

PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
STRICT_OFFICE_DOCUMENT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"


#: Strict Open XML (Word's *Strict Open XML Document*) names the same things in other namespaces and relationship
#: types; a Strict part is read with them put back to the transitional names the reader knows.
STRICT_NAMES = [
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships/customProperties",
     b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties",
     b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships",
     b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
    (b"http://purl.oclc.org/ooxml/officeDocument/customProperties",
     b"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"),
    (b"http://purl.oclc.org/ooxml/officeDocument/extendedProperties",
     b"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"),
    (b"http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes",
     b"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"),
    (b"http://purl.oclc.org/ooxml/wordprocessingml/main", b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"),
    (b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing",
     b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"),
    (b"http://purl.oclc.org/ooxml/drawingml/picture", b"http://schemas.openxmlformats.org/drawingml/2006/picture"),
    (b"http://purl.oclc.org/ooxml/drawingml/chart", b"http://schemas.openxmlformats.org/drawingml/2006/chart"),
    (b"http://purl.oclc.org/ooxml/drawingml/main", b"http://schemas.openxmlformats.org/drawingml/2006/main"),
]


class DocxRefused(Exception):
    """The file is not a Word document Reply Desk can read; the message says why."""


@dataclass(frozen=True)
class Relationship:
    id: str
    type: str
    target: str
    external: bool


@dataclass
class DocxPackage:
    """The parts of a .docx, read lazily and parsed safely."""

    path: Path
    archive: zipfile.ZipFile
    _cache: dict[str, Element | None] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return name in self.archive.NameToInfo

    def xml(self, name: str) -> Element | None:
        """The parsed part, or None when the package has no such part."""
        if name not in self._cache:
            self._cache[name] = _parse(self.path, name, self.read(name)) if self.has(name) else None
        return self._cache[name]

    def read(self, name: str) -> bytes:
        """Raw bytes of a part; a damaged member is refused, not raised."""
        try:
            return self.archive.read(name)
        except (zipfile.BadZipFile, zlib.error, KeyError, OSError, EOFError, NotImplementedError) as exc:
            raise DocxRefused(
                f"{self.path.name}: the part {name} cannot be read ({exc}); the file is damaged") from None

    def relationships(self, part: str) -> dict[str, Relationship]:
        """The relationships of ``part`` ('' for the package) by id, targets resolved to part names."""
        folder, base = posixpath.split(part)
        rels = self.xml(posixpath.join(folder, "_rels", f"{base}.rels"))
        result: dict[str, Relationship] = {}
        if rels is None:
            return result
        for rel in rels.iter(f"{PKG_REL}Relationship"):
            external = rel.get("TargetMode") == "External"
            target = rel.get("Target", "")
            if not external:
                target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join(folder, target))
            result[rel.get("Id", "")] = Relationship(rel.get("Id", ""), rel.get("Type", ""), target, external)
        return result

    def main_part(self) -> str:
        for rel in self.relationships("").values():
            if rel.type in (OFFICE_DOCUMENT, STRICT_OFFICE_DOCUMENT) and not rel.external and self.has(rel.target):
                return rel.target
        raise DocxRefused(f"{self.path.name} is a zip file but not a Word document (it has no main document part)")

    def part_by_type(self, source: str, rel_type_suffix: str) -> str | None:
        for rel in self.relationships(source).values():
            if rel.type.endswith(rel_type_suffix) and not rel.external and self.has(rel.target):
                return rel.target
        return None

    def close(self) -> None:
        self.archive.close()

    def __enter__(self) -> DocxPackage:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def open_docx(path: Path) -> DocxPackage:
    """Open and sanity-check a .docx; DocxRefused with a plain reason otherwise."""
    path = Path(path)
    name = path.name
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise DocxRefused(f"{path} does not exist") from None
    except IsADirectoryError:
        raise DocxRefused(f"{path} is a folder, not a Word document") from None
    except OSError as exc:
        raise DocxRefused(f"cannot read {path}: {exc.strerror or exc}") from None
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise DocxRefused(f"{name} is an old-format Word document (.doc) or a password-protected file; "
                          "open it in Word, remove any password and save it as .docx, then import that")
    if not head.startswith(b"PK"):
        raise DocxRefused(f"{name} is not a Word document (.docx): it is not a zip package")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise DocxRefused(f"{name} is damaged or incomplete (its zip structure cannot be read: {exc})") from None
    infos = archive.infolist()
    total = sum(info.file_size for info in infos)
    if len(infos) > MAX_ENTRIES or total > MAX_TOTAL_BYTES or any(i.file_size > MAX_PART_BYTES for i in infos):
        archive.close()
        raise DocxRefused(f"{name} is too large to be a review copy ({len(infos)} parts, {total:,} bytes unpacked)")
    if "[Content_Types].xml" not in archive.NameToInfo:
        archive.close()
        raise DocxRefused(f"{name} is a zip file but not a Word document (it has no [Content_Types].xml)")
    package = DocxPackage(path, archive)
    try:
        package.xml("[Content_Types].xml")
        package.main_part()
    except DocxRefused:
        archive.close()
        raise
    return package


def transitional(data: bytes) -> bytes:
    """A Strict Open XML part's bytes with the transitional namespaces and relationship types."""
    if b"purl.oclc.org/ooxml" not in data:
        return data
    for strict, usual in STRICT_NAMES:
        data = data.replace(strict, usual)
    return data


def _parse(path: Path, part: str, data: bytes) -> Element:
    data = transitional(data)
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise DocxRefused(f"{path.name}: the part {part} declares XML entities or a DTD, which Word never writes; "
                          "the file was refused as unsafe") from None
    except ParseError as exc:
        raise DocxRefused(f"{path.name}: the part {part} is not well-formed XML ({exc}); the file is damaged") from None

