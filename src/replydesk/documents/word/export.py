"""``replydesk export --docx`` / ``--review-docx``: a reply as a Word document.

The final return is the form's official layout and nothing else; the review copy
adds its notice, status lines, markers and comments (see ``review``).

Document properties (File ▸ Properties) carry the reply's identity:

=============  =====================================================================
core property  what it carries
=============  =====================================================================
title          the form's title for the year ("Global Alliance … – 2014 Reporting Form")
subject        the country ("DENMARK")
category       the form id ("global-alliance-2014")
version        the form version ("2014.1")
keywords       form id; form version; country; year
comments       form id and version, country, year and the definition's sha256 hash
identifier     ``replydesk:<form id>:<version>:<country>:<year>:<hash>``
content status "Final" or "Review copy – not for submission"
=============  =====================================================================

Custom properties ``replydesk.*`` repeat these as separate values (reply id,
form id, version, definition hash, country, year, export time and copy id, and
in a review copy each answer's revision and fingerprint) for the import to check.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn

from replydesk.definitions.model import Form
from replydesk.definitions.problems import question_trails
from replydesk.documents.common.atomic import ExportError, write_atomically
from replydesk.documents.word.compose import Composer
from replydesk.documents.word.layout import compose_reply
from replydesk.documents.word.reference import REQUIRED_STYLES, reference_path
from replydesk.documents.word.review import (
    COPY_ID,
    COUNTRY,
    CUSTOM_CONTENT_TYPE,
    CUSTOM_RELTYPE,
    DEFINITION_HASH,
    EXPORTED_AT,
    FINAL_KIND,
    FINGERPRINTS,
    FORM_ID,
    FORM_VERSION,
    KIND,
    NOTICE,
    REPLY_ID,
    REVIEW_KIND,
    REVISIONS,
    YEAR,
    chunked,
    custom_properties_xml,
    fingerprints_text,
    revisions_text,
)
from replydesk.documents.word.text import Cleaner
from replydesk.store import Store, current_user, decode
from replydesk.store.tables import Note, Reply, StoredAnswer

_PLACEHOLDER = re.compile(r"\{(title|country|year|form_id|version|notice)\}")


@dataclass
class WordExport:
    """What an export wrote, and what the user should know about it."""

    path: Path
    review: bool
    warnings: list[str] = field(default_factory=list)


def export_docx(store: Store, reply_id: int, form: Form, target: Path, *, review: bool = False,
                reference: Path | None = None, by: str | None = None) -> WordExport:
    """Write reply ``reply_id`` (``form`` resolved for its year) to ``target`` atomically."""
    reply = store.reply(reply_id)
    answers = store.answers(reply_id)
    notes: dict[str, list[Note]] = {}
    if review:
        for note in store.notes(reply_id):
            notes.setdefault(note.key, []).append(note)
    document, warnings = build_document(form, reply, answers, notes, review=review, reference=reference, by=by)
    write_atomically(Path(target), lambda tmp: document.save(str(tmp)))
    return WordExport(Path(target), review, warnings)


def build_document(form: Form, reply: Reply, answers: Mapping[str, StoredAnswer], notes: Mapping[str, Sequence[Note]],
                   *, review: bool, reference: Path | None = None, by: str | None = None,
                   now: dt.datetime | None = None) -> tuple[Document, list[str]]:
    """The document in memory, and the warnings (characters dropped) its writing produced."""
    document = open_reference(reference or reference_path())
    clean = Cleaner(names=question_trails(form))
    _clear_body(document)
    values = {key: decode(answer.value) for key, answer in answers.items()}
    statuses = {key: answer.review_status for key, answer in answers.items()}
    composer = Composer(document, clean, review=review, keys=form.keys())
    compose_reply(composer, form, reply.country, values, statuses, notes if review else {})
    now = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
    fill_placeholders(document, {
        "title": clean(form.title, "the form title"), "country": reply.country.upper(), "year": str(reply.year),
        "form_id": form.id, "version": form.version, "notice": NOTICE if review else "",
    })
    _core_properties(document, form, reply, review=review, by=current_user() if by is None else by, now=now)
    revisions = {key: answers[key].revision for key in form.keys() if key in answers}
    properties = {
        KIND: REVIEW_KIND if review else FINAL_KIND, REPLY_ID: str(reply.id), FORM_ID: form.id,
        FORM_VERSION: form.version, DEFINITION_HASH: reply.definition_hash, COUNTRY: reply.country,
        YEAR: str(reply.year), EXPORTED_AT: now.isoformat(), COPY_ID: uuid.uuid4().hex,
    }
    if review:
        properties.update(chunked(REVISIONS, revisions_text(revisions)))
        properties.update(chunked(FINGERPRINTS, fingerprints_text(composer.fingerprints)))
    set_custom_properties(document, properties)
    return document, clean.warnings


def open_reference(path: Path) -> Document:
    """The reference document, checked for the styles exports use."""
    if not Path(path).is_file():
        raise ExportError(f"the Word reference document {path} is missing; restore it from the installation "
                          "(or run 'python -m replydesk.documents.word.reference'); nothing was written")
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ExportError(f"the Word reference document {path} cannot be read ({exc}); nothing was written") from None
    names = {style.name for style in document.styles}
    missing = [name for name in REQUIRED_STYLES if name not in names]
    if missing:
        raise ExportError(f"the Word reference document {path} lacks the style{'s' if len(missing) > 1 else ''} "
                          f"{', '.join(repr(m) for m in missing)}; nothing was written")
    return document


def _clear_body(document: Document) -> None:
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def fill_placeholders(document: Document, values: Mapping[str, str]) -> None:
    """Replace ``{title}``… in every header and footer; drop paragraphs a placeholder left empty."""
    for rel in list(document.part.rels.values()):
        if rel.is_external or rel.reltype not in (RT.HEADER, RT.FOOTER):
            continue
        root = rel.target_part.element
        for paragraph in root.iter(qn("w:p")):
            texts = list(paragraph.iter(qn("w:t")))
            joined = "".join(t.text or "" for t in texts)
            if not _PLACEHOLDER.search(joined):
                continue
            for node in texts:
                node.text = _PLACEHOLDER.sub(lambda m: values.get(m.group(1), ""), node.text or "")
            if _PLACEHOLDER.search("".join(t.text or "" for t in texts)):  # a placeholder split over runs
                texts[0].text = _PLACEHOLDER.sub(lambda m: values.get(m.group(1), ""), joined)
                for node in texts[1:]:
                    node.text = ""
            if not "".join(t.text or "" for t in texts).strip(" ·–-|,"):
                parent = paragraph.getparent()
                if parent is not None and len(parent.findall(qn("w:p"))) > 1:
                    parent.remove(paragraph)


def _core_properties(document: Document, form: Form, reply: Reply, *, review: bool, by: str,
                     now: dt.datetime) -> None:
    props = document.core_properties
    ident = f"{form.id}:{form.version}:{reply.country}:{reply.year}:{reply.definition_hash}"
    props.title = _fit(form.title)
    props.subject = _fit(reply.country)
    props.category = _fit(form.id)
    props.version = _fit(form.version)
    props.keywords = _fit(f"{form.id}; {form.version}; {reply.country}; {reply.year}")
    props.comments = _fit(f"Reply Desk export of {form.id} {form.version}, {reply.country}, {reply.year}; "
                          f"definition sha256 {reply.definition_hash}")
    props.identifier = _fit(f"replydesk:{ident}")
    props.content_status = NOTICE if review else "Final"
    props.author = _fit(by)
    props.last_modified_by = _fit(by)
    props.created = now.replace(tzinfo=None)
    props.modified = now.replace(tzinfo=None)
    props.revision = 1
    props.language = "en"


def _fit(text: str) -> str:
    """Core properties hold 255 characters at most."""
    return text if len(text) <= 255 else text[:254] + "…"


def set_custom_properties(document: Document, properties: Mapping[str, str]) -> None:
    """Write docProps/custom.xml (replacing one the reference may carry)."""
    package = document.part.package
    blob = custom_properties_xml(properties)
    for rel in package.rels.values():
        if rel.reltype == CUSTOM_RELTYPE and not rel.is_external:
            rel.target_part._blob = blob  # a generic Part: its bytes are what gets saved
            return
    part = Part(PackURI("/docProps/custom.xml"), CUSTOM_CONTENT_TYPE, blob, package)
    package.relate_to(part, CUSTOM_RELTYPE)

