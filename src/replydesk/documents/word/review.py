"""What a review copy carries so that it can be read back: its contract with the import.

* Each answer lies between two markers that survive editing in Word and
  LibreOffice: its status line carries the bookmark ``rdq_<key>`` and the answer
  paragraphs the bookmark ``rd_<key>`` (``pt1.og1.a`` → ``rd_pt1_og1_a``). Every
  other paragraph the export writes (headings, texts, prompts) carries an
  ``rdx_<n>`` bookmark, so an answer is everything from its status line to the
  next marked paragraph, however much the reviewer typed.
  The status line a reviewer reads says only the status ("Review status: Draft"); copies written
  before also showed the answer's key after it ("· pt1.og1.a"), and still read as they did.
* Custom document properties (File ▸ Properties ▸ Custom in Word and LibreOffice)
  name the reply, form, version and definition hash, and each answer's revision
  at export, from which the import recovers the exported text (the base of a
  proposal) out of the answer history.
* Each answer's fingerprint (``replydesk.fingerprints``: a short hash of the
  answer's text as written, whitespace left out) lets the import recognise an
  answer moved whole into another answer's region, bookmark and all, as
  the answer it was exported as, not as new text of the answer it now stands in.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from xml.sax.saxutils import escape

ANSWER_PREFIX, STATUS_PREFIX, STRUCTURE_PREFIX = "rd_", "rdq_", "rdx_"
NOTICE = "Review copy – not for submission"
STATUS_LABELS = {"draft": "Draft", "for_review": "For review", "cleared": "Cleared"}

KIND, REVIEW_KIND, FINAL_KIND = "replydesk.kind", "review-copy", "final"
REPLY_ID, FORM_ID, FORM_VERSION, DEFINITION_HASH = (
    "replydesk.reply_id", "replydesk.form_id", "replydesk.form_version", "replydesk.definition_hash")
COUNTRY, YEAR = "replydesk.country", "replydesk.year"
EXPORTED_AT, COPY_ID = "replydesk.exported_at", "replydesk.copy_id"
FINGERPRINTS = "replydesk.fingerprints"  # chunked as the revisions: key=hash;...
REVISIONS = "replydesk.revisions"  # chunked: replydesk.revisions.1, .2, ... (Word shows 255 characters at most)
_CHUNK = 240

CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
CUSTOM_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_RELTYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_MAX_NAME = 40  # Word's limit for bookmark names


def status_line(status: str) -> str:
    """The text of an answer's status line: what a reviewer needs, no internal key (its bookmark says which answer)."""
    return f"Review status: {STATUS_LABELS.get(status, status)}"


def is_status_line(text: str, key: str) -> bool:
    """Whether ``text`` is a status line as exported: as written now, or with the key copies written before showed."""
    squeezed = "".join(text.split())
    return any(squeezed in ("".join(line.split()), "".join(f"{line} · {key}".split()))
               for line in map(status_line, STATUS_LABELS))


def bookmark_names(keys: Iterable[str], prefix: str) -> dict[str, str]:
    """Bookmark name per answer key: readable when it fits Word's 40 characters, hashed when not."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for key in keys:
        name = prefix + re.sub(r"[^A-Za-z0-9_]", "_", key)
        if len(name) > _MAX_NAME or name in used:
            digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
            name = f"{name[:_MAX_NAME - 11]}_{digest}"
        used.add(name)
        names[key] = name
    return names


def fingerprint(texts: Iterable[str]) -> str:
    """A short hash of text as Word shows it, whitespace ignored (tabs, breaks and paragraph ends vary in editors)."""
    folded = "".join("".join(texts).split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:12] if folded else ""


def fingerprints_text(fingerprints: Mapping[str, str]) -> str:
    return ";".join(f"{key}={value}" for key, value in fingerprints.items() if value)


def parse_fingerprints(text: str) -> dict[str, str]:
    result: dict[str, str] = {}
    for item in text.split(";"):
        key, _, value = item.partition("=")
        if key.strip() and value.strip():
            result[key.strip()] = value.strip()
    return result


def revisions_text(revisions: Mapping[str, int]) -> str:
    return ";".join(f"{key}={rev}" for key, rev in revisions.items() if rev)


def parse_revisions(text: str) -> dict[str, int]:
    result: dict[str, int] = {}
    for item in text.split(";"):
        key, _, rev = item.partition("=")
        if key.strip() and rev.strip().isdigit():
            result[key.strip()] = int(rev)
    return result


def chunked(name: str, text: str) -> dict[str, str]:
    """A long value split over numbered properties ``name.1``, ``name.2``, ... (at least one)."""
    pieces = [text[i:i + _CHUNK] for i in range(0, len(text), _CHUNK)] or [""]
    return {f"{name}.{index}": piece for index, piece in enumerate(pieces, 1)}


def unchunked(properties: Mapping[str, str], name: str) -> str:
    pieces, index = [], 1
    while f"{name}.{index}" in properties:
        pieces.append(properties[f"{name}.{index}"])
        index += 1
    return "".join(pieces)


def custom_properties_xml(properties: Mapping[str, str]) -> bytes:
    """docProps/custom.xml with text properties, in the given order."""
    items = "".join(
        f'<property fmtid="{_FMTID}" pid="{pid}" name="{escape(name, {chr(34): "&quot;"})}">'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(properties.items(), 2)
    )
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Properties xmlns="{CUSTOM_NS}" xmlns:vt="{VT_NS}">{items}</Properties>').encode()
