"""Checks a workbook's container before any XML parser sees it.

An .xlsx file is a zip of XML parts, so a hostile or broken file can be a zip bomb, carry
macros, declare XML entities (billion laughs, external entities) or simply not be a zip.
We look at the zip's directory first (sizes, ratio, entry count, macro parts), then stream
every XML part once, counting the bytes actually inflated and the cells, and refusing any
DOCTYPE or ENTITY declaration and any encoding but UTF-8.  Only then may openpyxl parse
the file (which in turn parses with defusedxml when it is installed, as it is here).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring

MACRO_SUFFIXES = {".xlsm", ".xltm", ".xlam"}
OTHER_SUFFIXES = {".xls": "the Excel 97–2003 format", ".xlsb": "the binary Excel format", ".ods": "OpenDocument"}
_CFB_MAGIC = b"\xd0\xcf\x11\xe0"
_ZIP_MAGIC = b"PK\x03\x04"
_CELL_RE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_DANGEROUS = (b"<!DOCTYPE", b"<!ENTITY")
_ENCODING_RE = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_CHUNK = 1 << 16
_MACRO_TYPES = ("macroenabled", "vbaproject", "vnd.ms-office.activex", "ms-excel.macrosheet")


@dataclass(frozen=True)
class Limits:
    """What a return workbook may weigh; far above a real return, far below a bomb."""

    file_bytes: int = 50_000_000
    entries: int = 2_000
    uncompressed_bytes: int = 300_000_000
    ratio: float = 200.0
    ratio_applies_above: int = 20_000_000
    cells: int = 1_000_000


class UnsafeWorkbook(ValueError):
    """A file refused before parsing; the message says why and what to do."""


def check_container(path: Path, limits: Limits | None = None) -> None:
    """Raise UnsafeWorkbook unless ``path`` is a plain, reasonably sized, macro-free .xlsx zip."""
    limits = limits or Limits()
    suffix = path.suffix.lower()
    if suffix in MACRO_SUFFIXES:
        raise UnsafeWorkbook(f"it is a macro-enabled workbook ({suffix}); Reply Desk imports only .xlsx files "
                             "without macros — save it as 'Excel Workbook (.xlsx)' and import that")
    if suffix in OTHER_SUFFIXES:
        raise UnsafeWorkbook(f"it is in {OTHER_SUFFIXES[suffix]} ({suffix}); save it as 'Excel Workbook (.xlsx)'")
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            magic = handle.read(4)
    except OSError as exc:
        raise UnsafeWorkbook(f"cannot read it: {exc.strerror or exc}") from None
    if size > limits.file_bytes:
        raise UnsafeWorkbook(f"it is {size:,} bytes; the limit for a return is {limits.file_bytes:,}")
    if magic == _CFB_MAGIC:
        raise UnsafeWorkbook("it is password-protected or in the old .xls format; remove the password to open "
                             "and save it as 'Excel Workbook (.xlsx)'")
    if magic != _ZIP_MAGIC:
        raise UnsafeWorkbook("it is not an .xlsx workbook (not a zip file)")
    try:
        with zipfile.ZipFile(path) as archive:
            _check_directory(archive, limits)
            _check_parts(archive, limits)
    except zipfile.BadZipFile as exc:
        raise UnsafeWorkbook(f"it is damaged (corrupt zip: {exc})") from None
    except (zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, OSError) as exc:
        raise UnsafeWorkbook(f"it cannot be read as an .xlsx workbook ({exc})") from None


def _check_directory(archive: zipfile.ZipFile, limits: Limits) -> None:
    entries = archive.infolist()
    if len(entries) > limits.entries:
        raise UnsafeWorkbook(f"it holds {len(entries):,} parts; the limit is {limits.entries:,}")
    total = 0
    for info in entries:
        name = info.filename.lower()
        if name.endswith("vbaproject.bin") or name.startswith("xl/macrosheets/") or "activex" in name:
            raise UnsafeWorkbook(f"it contains macros or controls ({info.filename}); save it as "
                                 "'Excel Workbook (.xlsx)' without macros and import that")
        if info.flag_bits & 0x1:
            raise UnsafeWorkbook("its parts are encrypted; remove the password and save it again")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UnsafeWorkbook(f"{info.filename} uses an unsupported compression method")
        total += info.file_size
        if total > limits.uncompressed_bytes:
            raise UnsafeWorkbook(f"it unpacks to more than {limits.uncompressed_bytes:,} bytes; refused as a "
                                 "possible zip bomb")
        if info.file_size > limits.ratio_applies_above and info.file_size > limits.ratio * max(1, info.compress_size):
            raise UnsafeWorkbook(f"{info.filename} expands {info.file_size // max(1, info.compress_size):,} times; "
                                 "refused as a possible zip bomb")
    names = {info.filename for info in entries}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise UnsafeWorkbook("it is not an .xlsx workbook (its [Content_Types].xml or xl/workbook.xml is missing)")
    content_types = archive.read("[Content_Types].xml")
    _refuse_declarations("[Content_Types].xml", content_types)
    try:
        safe_fromstring(content_types, forbid_dtd=True)
    except (DefusedXmlException, SyntaxError) as exc:
        raise UnsafeWorkbook(f"its [Content_Types].xml is not valid XML ({exc})") from None
    lowered = content_types.lower()
    if any(marker.encode() in lowered for marker in _MACRO_TYPES):
        raise UnsafeWorkbook("it is a macro-enabled workbook; save it as 'Excel Workbook (.xlsx)' and import that")


def _check_parts(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Inflate every XML part once: real sizes, cell count, no DTD, UTF-8 only (CRCs are verified too)."""
    inflated = 0
    cells = 0
    for info in archive.infolist():
        name = info.filename
        if not name.lower().endswith((".xml", ".rels", ".vml")):
            with archive.open(info) as part:  # still inflate it: sizes and CRC must hold
                while chunk := part.read(_CHUNK):
                    inflated += len(chunk)
                    _within(inflated, limits)
            continue
        is_sheet = name.startswith("xl/worksheets/")
        tail = b""
        first = True
        with archive.open(info) as part:
            while chunk := part.read(_CHUNK):
                inflated += len(chunk)
                _within(inflated, limits)
                if first:
                    _check_encoding(name, chunk)
                    first = False
                window = tail + chunk
                _refuse_declarations(name, window)
                if is_sheet:
                    cells += len(_CELL_RE.findall(window)) - len(_CELL_RE.findall(tail))
                    if cells > limits.cells:
                        raise UnsafeWorkbook(f"it has more than {limits.cells:,} cells; the limit for a return "
                                             f"is {limits.cells:,}")
                tail = window[-16:]


def _within(inflated: int, limits: Limits) -> None:
    if inflated > limits.uncompressed_bytes:
        raise UnsafeWorkbook(f"it unpacks to more than {limits.uncompressed_bytes:,} bytes; refused as a possible "
                             "zip bomb")


def _check_encoding(name: str, head: bytes) -> None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(head) > 1 and head[1:2] == b"\x00"):
        raise UnsafeWorkbook(f"{name} is not UTF-8 XML; save the workbook again from Excel")
    match = _ENCODING_RE.match(head.removeprefix(b"\xef\xbb\xbf"))
    if match and match.group(1).lower().replace(b"-", b"").replace(b"_", b"") != b"utf8":
        raise UnsafeWorkbook(f"{name} is encoded as {match.group(1).decode('ascii', 'replace')}, not UTF-8")


def _refuse_declarations(name: str, data: bytes) -> None:
    for marker in _DANGEROUS:
        if marker in data:
            raise UnsafeWorkbook(f"{name} declares an XML {marker[2:].decode().lower()} ({marker.decode()}); "
                                 "workbooks never need one — refused as a possible XML entity attack")
