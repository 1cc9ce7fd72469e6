"""``replydesk import REVIEWED.docx``: a review copy read back after editing in Word or LibreOffice.

Reading (``read_review_copy``) needs no database: it checks the file is a review
copy and collects its answer regions and comments. Importing
(``import_review_copy``) checks the copy belongs to the reply, then every answer
whose text differs from what was exported becomes a proposal (never a silent
overwrite) and every new comment a note with its author; ``accept_all`` applies
the proposals whose answer has not changed since the export.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from replydesk.definitions.model import Form
from replydesk.definitions.problems import question_names, question_trails
from replydesk.definitions.registry import Registry
from replydesk.definitions.titles import form_title, with_year
from replydesk.definitions.values import MAX_TEXT_CHARS, ValueProblem
from replydesk.documents.word.anchoring import answer_regions, blocks_text
from replydesk.documents.word.answers import canonical, markdown_of, region_value, renumber
from replydesk.documents.word.comments import new_notes
from replydesk.documents.word.import_report import import_report, quote
from replydesk.documents.word.package import DocxPackage, DocxRefused, open_docx
from replydesk.documents.word.reader import BodyBlock, Comment, DocumentReader, Picture
from replydesk.documents.word.review import (
    COUNTRY,
    CUSTOM_RELTYPE,
    DEFINITION_HASH,
    FINAL_KIND,
    FINGERPRINTS,
    FORM_ID,
    FORM_VERSION,
    KIND,
    REPLY_ID,
    REVIEW_KIND,
    REVISIONS,
    YEAR,
    parse_fingerprints,
    parse_revisions,
    unchunked,
)
from replydesk.documents.word.unmarked import body_texts, match_reply
from replydesk.store import NewProposal, ReplyContext, Store, UnknownReply, current_user, decode, reply_context
from replydesk.store.tables import Note, Proposal, Reply

_VT = "{http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes}"
_CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"


class CopyRefused(Exception):
    """The file is a readable .docx but not a review copy of this reply; the message says which."""


class UnmarkedCopy(CopyRefused):
    """A .docx with no replydesk properties at all: never a review copy, or one whose properties were removed."""


@dataclass
class ReviewCopy:
    """What a review copy says about itself, and what it holds."""

    path: Path
    properties: dict[str, str]
    reply_id: int
    form_id: str
    form_version: str
    definition_hash: str
    country: str
    year: int
    revisions: dict[str, int]
    blocks: list[BodyBlock]
    comments: dict[str, Comment]
    modified_by: str
    reader: DocumentReader
    fingerprints: dict[str, str] = field(default_factory=dict)  # answer key → fingerprint of its exported text
    page: list[tuple[str, str]] = field(default_factory=list)  # (where, text) in the pages' headers and footers
    page_pictures: list[Picture] = field(default_factory=list)
    unverified: str = ""  # why its identity could not be checked (no properties): read as the reply it matched


@dataclass
class ImportResult:
    path: Path
    reply_id: int
    proposals: list[Proposal] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    applied: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    placed: list[str] = field(default_factory=list)  # text read into an answer other than by its markers
    unplaced: list[str] = field(default_factory=list)  # text and comments that could not be placed: not imported
    ignored: list[str] = field(default_factory=list)  # what was left out on purpose, and why
    held: list[str] = field(default_factory=list)  # proposals left open although accept_all was asked
    pictures: list[Picture] = field(default_factory=list)  # pictures found (named in ``unplaced``), to keep
    names: dict[str, str] = field(default_factory=dict)  # each key's question as the form numbers it, for the report
    trails: dict[str, str] = field(default_factory=dict)  # the same in a few words, for a line that names it in passing
    about: str = ""  # the reply as people name it: "DENMARK, Global Alliance … – 2014 Reporting Form"

    def question(self, key: str) -> str:
        """The question as the form numbers it ("Policy Target No. 1 › Operational Goal 1 › B) …"), not its key."""
        return self.names.get(key, key)

    def trail(self, key: str) -> str:
        """The question in a few words ("Policy Target No. 1 › Operational Goal 1 › B)"), not its key."""
        return self.trails.get(key, key)

    def report(self) -> str:
        """The import report: what became proposals and notes, what was ignored and why, what was not placed."""
        return import_report(self)


# -- reading -------------------------------------------------------------------------
def read_review_copy(path: Path) -> ReviewCopy:
    """Open ``path`` and read it as a review copy (DocxRefused / CopyRefused with the reason otherwise)."""
    path = Path(path)
    with open_docx(path) as package:
        properties = custom_properties(package)
        kind = properties.get(KIND)
        if kind != REVIEW_KIND:
            if kind == FINAL_KIND:
                raise CopyRefused(f"{path.name} is a final export, not a review copy; to collect reviewers' changes, "
                                  "export one with 'replydesk export REPLY_ID --review-docx PATH'")
            raise UnmarkedCopy(f"{path.name} is not a Reply Desk review copy (it carries no replydesk properties); "
                               "only copies exported with --review-docx can be read back")
        try:
            reply_id, year = int(properties[REPLY_ID]), int(properties[YEAR])
            identity = [properties[FORM_ID], properties[FORM_VERSION], properties[DEFINITION_HASH],
                        properties[COUNTRY]]
        except (KeyError, ValueError):
            raise CopyRefused(f"{path.name}: its replydesk properties are incomplete or were edited; "
                              "export a new review copy") from None
        reader = DocumentReader(package)
        blocks = reader.body()
        comments = reader.comments()
        page = reader.page_texts()
        modified_by = _core_text(package, "lastModifiedBy")
    return ReviewCopy(path, properties, reply_id, identity[0], identity[1], identity[2], identity[3], year,
                      parse_revisions(unchunked(properties, REVISIONS)), blocks, comments, modified_by, reader,
                      parse_fingerprints(unchunked(properties, FINGERPRINTS)), page, list(reader.page_pictures))


def custom_properties(package: DocxPackage) -> dict[str, str]:
    """docProps/custom.xml as {name: text}."""
    part = next((r.target for r in package.relationships("").values()
                 if r.type == CUSTOM_RELTYPE and not r.external and package.has(r.target)), None)
    root = package.xml(part) if part else None
    result: dict[str, str] = {}
    if root is None:
        return result
    for prop in root:
        name = prop.get("name")
        value = next(iter(prop), None)
        if name and value is not None:
            result[name] = value.text or ""
    return result


def _core_text(package: DocxPackage, name: str) -> str:
    part = next((r.target for r in package.relationships("").values() if r.type.endswith("/core-properties")), None)
    root = package.xml(part) if part and package.has(part) else None
    element = root.find(f"{_CP}{name}") if root is not None else None
    return (element.text or "").strip() if element is not None else ""


def check_copy(copy: ReviewCopy, reply: Reply, form: Form | None = None) -> None:
    """Refuse a copy of another reply, form, version or definition.

    ``form``: the reply's form for its year, to name it by its title (its id otherwise).
    """
    title = with_year(form.title, reply.year) if form is not None else f"{reply.form_id} {reply.year}"
    ours = f"reply {reply.id} ({reply.country}, {title})"
    if copy.form_id != reply.form_id:
        raise CopyRefused(f"{copy.path.name} is a copy of another form ({copy.form_id}, {copy.year}) than {ours}; "
                          "nothing was imported")
    if copy.form_version != reply.form_version or copy.definition_hash != reply.definition_hash:
        raise CopyRefused(f"{copy.path.name} was exported from version {copy.form_version} of the form "
                          f"(definition {copy.definition_hash[:12]}), but {ours} uses version {reply.form_version} "
                          f"(definition {reply.definition_hash[:12]}); nothing was imported")
    if (copy.reply_id, copy.country, copy.year) != (reply.id, reply.country, reply.year):
        raise CopyRefused(f"{copy.path.name} is a copy of reply {copy.reply_id} ({copy.country}, {copy.year}), not of "
                          f"{ours}; nothing was imported")



# -- importing ---------------------------------------------------------------------------
def import_review_copy(store: Store, form: Form, copy: ReviewCopy, *, accept_all: bool = False,
                       by: str | None = None, context: ReplyContext | None = None) -> ImportResult:
    """Proposals for changed answers, notes for new comments; with ``accept_all``, apply the proposals.

    ``context``: the reply's, when the caller has it (``import_file``); read from the store otherwise.
    An answer read differently than its markers say (a marked paragraph moved into another answer)
    becomes a proposal that stays open even with ``accept_all``: the official decides it.
    """
    by = current_user() if by is None else by
    reply_id = copy.reply_id
    check_copy(copy, context.reply if context else store.reply(reply_id), form)
    trails = question_trails(form)
    result = ImportResult(copy.path, reply_id, names=question_names(form), trails=trails,
                          about=f"{copy.country}, {with_year(form.title, copy.year)}")
    if copy.unverified:
        result.warnings.append(copy.unverified)
    source = copy.path.name
    regions = answer_regions(copy, form)
    result.placed, result.unplaced = list(regions.placed), list(regions.unplaced)
    result.pictures = list(regions.pictures)
    current = context.values if context else store.values(reply_id)
    changed: list[tuple[str, Any, Any, list[str]]] = []
    for slot in form.slots:
        if slot.key not in regions.blocks:
            result.warnings.append(f"{trails[slot.key]}: its markers were removed from the copy, so it was not read")
            continue
        blocks = regions.blocks[slot.key]
        try:
            value = region_value(slot.question, blocks, copy.reader, result.unplaced, trails[slot.key], result.placed)
        except ValueProblem as exc:
            result.warnings.append(f"{trails[slot.key]}: {exc}; not read")
            text = blocks_text(blocks)
            if text:
                result.unplaced.append(f"{trails[slot.key]}: its answer could not be read ({exc}): {quote(text, None)}")
            continue
        size = _text_size(value)
        if size > MAX_TEXT_CHARS:
            raise CopyRefused(f"{copy.path.name}: the answer to {trails[slot.key]} is {size:,} characters long; the "
                              f"limit is {MAX_TEXT_CHARS:,}. Shorten it in the copy and import it again; nothing was "
                              "imported")
        base = _base_value(store, reply_id, slot.key, copy.revisions.get(slot.key, 0), current, result)
        if canonical(slot.question, value, stored=False) == canonical(slot.question, base):
            result.unchanged.append(slot.key)
            continue
        authors = sorted(set().union(*(b.authors for b in blocks))) if blocks else []
        changed.append((slot.key, base, value, authors))
    notes = new_notes(store, reply_id, copy, regions, result)
    # written only once every answer has been read and checked, and all in one transaction
    new_proposals = [NewProposal(key, base, value, ", ".join(authors) or copy.modified_by)
                     for key, base, value, authors in changed]
    held = regions.held & {p.key for p in new_proposals}
    if copy.unverified:  # whose copy it is was not checked: the official decides every proposal
        held = {p.key for p in new_proposals}
    stored = store.import_review(reply_id, form, new_proposals, notes, source=source, accept_all=accept_all,
                                 by=by, hold=held)
    result.proposals, result.notes, result.applied = stored.proposals, stored.notes, stored.applied
    result.held = sorted(held) if accept_all else []
    result.warnings.extend(stored.warnings)
    return result


def _text_size(value: Any) -> int:
    """Characters of text in an answer, table cells included."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list):
        return sum(_text_size(item) for item in value)
    if isinstance(value, dict):
        return sum(_text_size(item) for item in value.values())
    return 0


def _base_value(store: Store, reply_id: int, key: str, revision: int, current: dict[str, Any],
                result: ImportResult) -> Any:
    """The answer as exported: its revision's value from the history."""
    if revision == 0:
        return None
    for entry in store.history(reply_id, key):
        if entry.revision == revision:
            return decode(entry.value)
    result.warnings.append(f"{result.trail(key)}: revision {revision} is not in this database's history; "
                           "compared with the current answer instead")
    return current.get(key)





__all__ = ["CopyRefused", "DocxRefused", "ImportResult", "ReviewCopy", "UnmarkedCopy", "canonical", "check_copy",
           "import_file", "import_report", "import_review_copy", "markdown_of", "read_review_copy",
           "read_unmarked_copy", "renumber"]


def read_unmarked_copy(store: Store, registry: Registry, path: Path) -> ReviewCopy:
    """A copy without properties, read as the reply of ``store`` whose form texts it holds (UnmarkedCopy if none)."""
    path = Path(path)
    with open_docx(path) as package:
        reader = DocumentReader(package)
        blocks = reader.body()
        comments = reader.comments()
        page = reader.page_texts()
        modified_by = _core_text(package, "lastModifiedBy")
    match = match_reply(store, registry, body_texts(blocks))
    if match is None:
        raise UnmarkedCopy(f"{path.name} carries no Reply Desk properties, and its headings and prompts match no "
                           f"reply in {store.path}; only copies exported with --review-docx can be read back")
    reply = store.reply(match.reply_id)
    revisions = {key: row.revision for key, row in store.answers(reply.id).items()}
    return ReviewCopy(path, {}, reply.id, reply.form_id, reply.form_version, reply.definition_hash, reply.country,
                      reply.year, revisions, blocks, comments, modified_by, reader, {}, page,
                      list(reader.page_pictures), match.warning(path.name))


def import_file(store: Store, registry: Registry, path: Path, *, accept_all: bool = False,
                by: str | None = None) -> ImportResult:
    """Read one reviewed copy and import it into its reply (CopyRefused / DocxRefused say why not).

    A copy whose properties were removed is matched to its reply by the form's own texts, with a warning.
    """
    try:
        copy = read_review_copy(path)
    except UnmarkedCopy:
        copy = read_unmarked_copy(store, registry, path)
    try:
        context = reply_context(store, registry, copy.reply_id)
    except UnknownReply:
        raise CopyRefused(
            f"{Path(path).name} is a copy of reply {copy.reply_id} ({copy.country}, "
            f"{with_year(form_title(registry, copy.form_id, copy.year), copy.year)}), which is not in {store.path}; "
            "nothing was imported") from None
    except LookupError as exc:
        raise CopyRefused(f"{Path(path).name}: {exc}") from None
    return import_review_copy(store, context.form_for_year, copy, accept_all=accept_all, by=by, context=context)


