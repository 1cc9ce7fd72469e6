"""The return workbook's contract: sheet names, header cells, and the ``_meta`` record.

Writer and reader both use this module, so what one writes the other expects.  The
``_meta`` sheet (veryHidden) identifies the return: format and version, form id, version
and definition hash, country, year, the reply and when it was exported, the app version,
and per key the answer's revision at export (the base a merge compares against).  A
sha256 checksum over all of it, keys included, shows whether anyone edited the record.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, fields
from typing import Any

FORMAT_NAME = "replydesk-return"
FORMAT_VERSION = 1

REPLY_SHEET = "Reply"
META_SHEET = "_meta"
LISTS_SHEET = "_lists"
HEADERS = ("Key", "Section", "Question", "Answer", "Status")
KEY_TABLE_HEADERS = ("key", "revision", "sheet")
#: Rows of a table question's sheet above its column header row.
TABLE_HEADER_ROW = 3
ROW_KEY_HEADER = "Row"
ROW_LABEL_HEADER = "Row label"

_CONTINUED_RE = re.compile(r"^(?P<key>\S+) \(continued (?P<number>\d+)/(?P<total>\d+)\)$")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LIMIT = 31


def continued_key(key: str, number: int, total: int) -> str:
    """The Key cell of the ``number``-th piece (2..total) of an answer too long for one cell."""
    return f"{key} (continued {number}/{total})"


def parse_continued(text: str) -> tuple[str, int, int] | None:
    match = _CONTINUED_RE.match(text)
    if not match:
        return None
    return match.group("key"), int(match.group("number")), int(match.group("total"))


class SheetNames:
    """Unique, valid sheet names (Excel compares them ignoring case and allows 31 characters)."""

    def __init__(self, taken: list[str] | None = None):
        self._taken = {name.casefold() for name in taken or []}

    def take(self, wanted: str) -> str:
        base = _SHEET_FORBIDDEN.sub("_", wanted).strip("'") or "Sheet"
        name = base[:SHEET_NAME_LIMIT]
        number = 1
        while name.casefold() in self._taken or name.casefold() == "history":
            number += 1
            suffix = f"~{number}"
            name = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix
        self._taken.add(name.casefold())
        return name


@dataclass(frozen=True)
class Meta:
    """What the ``_meta`` sheet records about one exported return."""

    form_id: str
    form_version: str
    definition_hash: str
    country: str
    year: int
    reply_id: int | None
    reply_created: str
    exported_at: str
    app_version: str
    part: tuple[str, ...] = ()
    blank: bool = False
    keys: tuple[str, ...] = ()
    revisions: dict[str, int] = field(default_factory=dict)
    tables: dict[str, str] = field(default_factory=dict)
    #: The reply's own recommendations (JSON, ``definitions.recommendations``); "" for a form without them.
    recommendations: str = ""
    format: str = FORMAT_NAME
    format_version: int = FORMAT_VERSION
    #: The reply's identity, the same in every database holding a copy of it ("" in returns written before it).
    reply_uuid: str = ""

    def checksum(self) -> str:
        """sha256 over every field, the keys with their revisions and sheets in order."""
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("keys", "revisions", "tables")}
        if not self.reply_uuid:
            del data["reply_uuid"]  # a return written before replies had an identity keeps its checksum
        data["part"] = list(self.part)
        if not self.recommendations:
            del data["recommendations"]  # returns of forms without recommendation sets keep their checksum
        data["keys"] = [[key, self.revisions.get(key, 0), self.tables.get(key, "")] for key in self.keys]
        canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def field_rows(self) -> list[tuple[str, str]]:
        """The record as (field, text) rows; the key table follows them on the sheet."""
        rows = [
            ("format", self.format), ("format_version", str(self.format_version)),
            ("form_id", self.form_id), ("form_version", self.form_version),
            ("definition_hash", self.definition_hash), ("country", self.country), ("year", str(self.year)),
            ("reply_id", "" if self.reply_id is None else str(self.reply_id)),
            ("reply_created", self.reply_created), ("exported_at", self.exported_at),
            ("app_version", self.app_version), ("part", " ".join(self.part)),
            ("blank", "yes" if self.blank else "no"), ("checksum", self.checksum()),
            ("reply_uuid", self.reply_uuid),  # last: a reader that predates it finds every other row where it was
        ]
        if self.recommendations:
            rows.append(("recommendations", self.recommendations))
        return rows

    def key_rows(self) -> list[tuple[str, int, str]]:
        return [(key, self.revisions.get(key, 0), self.tables.get(key, "")) for key in self.keys]


class MetaError(ValueError):
    """The ``_meta`` record is missing, malformed or altered."""


def meta_from_rows(rows: list[tuple[Any, ...]]) -> Meta:
    """Rebuild the record from the sheet's rows, verifying its checksum."""
    values: dict[str, str] = {}
    key_rows: list[tuple[str, int, str]] = []
    in_keys = False
    for row in rows:
        cells = [("" if c is None else str(c)) for c in (*row, None, None, None)[:3]]
        if not any(cells):
            continue
        if tuple(cells) == KEY_TABLE_HEADERS:
            in_keys = True
            continue
        if in_keys:
            try:
                key_rows.append((cells[0], int(cells[1] or 0), cells[2]))
            except ValueError:
                raise MetaError(f"key {cells[0]!r} has the revision {cells[1]!r}, not a number") from None
        elif cells[0] != "field":
            values[cells[0]] = cells[1]
    if values.get("format") != FORMAT_NAME:
        raise MetaError(f"it is not a Reply Desk return (format {values.get('format')!r}, expected {FORMAT_NAME!r})")
    try:
        version = int(values.get("format_version", ""))
    except ValueError:
        raise MetaError("the format version is missing") from None
    if version > FORMAT_VERSION:
        raise MetaError(f"it was written by a newer Reply Desk (format {version}; this one reads up to "
                        f"{FORMAT_VERSION}); install the newer version to import it")
    required = ("form_id", "form_version", "definition_hash", "country", "year", "checksum")
    missing = [name for name in required if not values.get(name)]
    if missing:
        raise MetaError(f"the record lacks {', '.join(missing)}")
    try:
        meta = Meta(
            form_id=values["form_id"], form_version=values["form_version"],
            definition_hash=values["definition_hash"], country=values["country"], year=int(values["year"]),
            reply_id=int(values["reply_id"]) if values.get("reply_id") else None,
            reply_created=values.get("reply_created", ""), exported_at=values.get("exported_at", ""),
            reply_uuid=values.get("reply_uuid", ""),
            app_version=values.get("app_version", ""), part=tuple(values.get("part", "").split()),
            blank=values.get("blank") == "yes", keys=tuple(k for k, _, _ in key_rows),
            revisions={k: r for k, r, _ in key_rows}, tables={k: s for k, _, s in key_rows if s},
            recommendations=values.get("recommendations", ""), format_version=version,
        )
    except ValueError as exc:
        raise MetaError(f"a field is malformed ({exc})") from None
    if meta.checksum() != values["checksum"]:
        raise MetaError("the record was altered after export (its checksum does not match)")
    return meta
