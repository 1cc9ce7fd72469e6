"""``replydesk import REVIEWED.docx``: a review copy read back after editing in Word or LibreOffice.

Reading (``read_review_copy``) needs no database: it checks the file is a review
copy and collects its answer regions and comments. Importing
(``import_review_copy``) checks the copy belongs to the reply, then every answer
whose text differs from what was exported becomes a proposal (never a silent
overwrite) and every new comment a note with its author; ``accept_all`` applies
the proposals whose answer has not changed since the export.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from replydesk.definitions.markdown import Block, parse, to_markdown
from replydesk.definitions.model import Form, Question
from replydesk.definitions.registry import Registry
from replydesk.definitions.values import MAX_TEXT_CHARS, ValueProblem, is_empty, validate
from replydesk.documents.common.report import ImportReport
from replydesk.documents.word.package import DocxPackage, DocxRefused, open_docx
from replydesk.documents.word.reader import (
    BodyBlock,
    Comment,
    DocumentReader,
    Paragraph,
    Table,
    tidy_runs,
    to_blocks,
)
from replydesk.documents.word.review import (
    ANSWER_PREFIX,
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
    STATUS_LABELS,
    STATUS_PREFIX,
    STRUCTURE_PREFIX,
    YEAR,
    bookmark_names,
    fingerprint,
    parse_fingerprints,
    parse_revisions,
    unchunked,
)
from replydesk.documents.word.values import WordValue, read_choices, read_scalar, word_value
from replydesk.store import (
    NewNote,
    NewProposal,
    ReplyContext,
    Store,
    UnknownReply,
    current_user,
    decode,
    reply_context,
)
from replydesk.store.tables import Note, Proposal, Reply

#: Paragraph styles only the export's structure uses (never a reviewer's headings, which answers may contain):
#: such a paragraph ends an answer even if its marker was lost.
STRUCTURE_STYLES = {"Country", "Prompt", "FormText", "ReviewStatus", "Recommendation"}
_VT = "{http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes}"
_CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"


class CopyRefused(Exception):
    """The file is a readable .docx but not a review copy of this reply; the message says which."""


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
            raise CopyRefused(f"{path.name} is not a Reply Desk review copy (it carries no replydesk properties); "
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
        modified_by = _core_text(package, "lastModifiedBy")
    return ReviewCopy(path, properties, reply_id, identity[0], identity[1], identity[2], identity[3], year,
                      parse_revisions(unchunked(properties, REVISIONS)), blocks, comments, modified_by, reader,
                      parse_fingerprints(unchunked(properties, FINGERPRINTS)))


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


def check_copy(copy: ReviewCopy, reply: Reply) -> None:
    """Refuse a copy of another reply, form, version or definition."""
    theirs = f"reply {copy.reply_id} ({copy.country}, {copy.form_id} {copy.form_version}, {copy.year})"
    ours = f"reply {reply.id} ({reply.country}, {reply.form_id} {reply.form_version}, {reply.year})"
    if copy.form_id != reply.form_id:
        raise CopyRefused(f"{copy.path.name} is a copy of form {copy.form_id}, but {ours} uses {reply.form_id}; "
                          "nothing was imported")
    if copy.form_version != reply.form_version or copy.definition_hash != reply.definition_hash:
        raise CopyRefused(f"{copy.path.name} was exported from version {copy.form_version} of {copy.form_id} "
                          f"(definition {copy.definition_hash[:12]}), but {ours} uses version {reply.form_version} "
                          f"(definition {reply.definition_hash[:12]}); nothing was imported")
    if (copy.reply_id, copy.country, copy.year) != (reply.id, reply.country, reply.year):
        raise CopyRefused(f"{copy.path.name} is a copy of {theirs}, not of {ours}; nothing was imported")


# -- answers ---------------------------------------------------------------------------
@dataclass
class Regions:
    """Where each answer lies in an edited copy, and what was found outside the answers.

    An answer is what lies between its status line (the ``rdq_`` bookmark, in the order the
    export wrote them) and the next marked paragraph. The answer's own bookmark (``rd_``) only
    stands in for a status line the reviewer deleted: Word carries a bookmark along with a
    paragraph cut and pasted elsewhere, so a bookmark found in another answer says where a
    paragraph came from, never which answer it is now part of.
    """

    blocks: dict[str, list[BodyBlock]] = field(default_factory=dict)
    comment_keys: dict[str, str] = field(default_factory=dict)
    comment_places: dict[str, str] = field(default_factory=dict)  # comment id → where it was anchored
    placed: list[str] = field(default_factory=list)  # text read into an answer other than by its markers
    unplaced: list[str] = field(default_factory=list)  # text outside every answer, read into none
    held: set[str] = field(default_factory=set)  # answers read differently than marked: never applied at once


def answer_regions(copy: ReviewCopy, form: Form) -> Regions:
    """Each answer's blocks and each comment's answer, found by the order of prompts and status lines."""
    by_name = {name: key for prefix in (STATUS_PREFIX, ANSWER_PREFIX)
               for key, name in bookmark_names(form.keys(), prefix).items()}
    statuses_present = {by_name[n] for block in copy.blocks for n in block.bookmarks
                        if n.startswith(STATUS_PREFIX) and n in by_name}
    found = Regions()
    waiting: list[tuple[str, str]] = []  # (comment id, where): comments on structure belong to the next question
    loose: list[BodyBlock] = []  # blocks after a structural paragraph, before the next status line
    structure: BodyBlock | None = None  # the last structural paragraph
    current: str | None = None
    last_key: str | None = None
    reported: set[tuple[str, str | None]] = set()
    moves: list[tuple[str, BodyBlock, int, str]] = []  # (answer, its marked block, its line in placed, where)

    def attach(comment_ids: list[str], key: str, where: str = "") -> None:
        for comment_id in comment_ids:
            if comment_id not in found.comment_keys:
                found.comment_keys[comment_id] = key
                if where:
                    found.comment_places[comment_id] = where

    def flush_loose(next_key: str | None) -> None:
        """Text typed after a structural paragraph: the answer's start under its prompt, else listed."""
        nonlocal loose
        text = _blocks_text(loose)
        if text and next_key is not None and _is_prompt(structure):
            found.blocks.setdefault(next_key, [])[:0] = loose
            found.placed.append(f"{next_key}: text typed between its prompt and its status line was read as "
                                f"the start of its answer: {_quote(text)}")
        elif text:
            found.unplaced.append(f"text under {_describe(structure)}, outside every answer, was not read: "
                                  f"{_quote(text, None)}")
        loose = []

    for block in copy.blocks:
        names = block.bookmarks
        status_key = next((by_name[n] for n in names if n.startswith(STATUS_PREFIX) and n in by_name), None)
        answer_keys = [by_name[n] for n in names if n.startswith(ANSWER_PREFIX) and n in by_name]
        answer_key = answer_keys[0] if answer_keys else None
        structural = any(n.startswith(STRUCTURE_PREFIX) for n in names) or (
            isinstance(block, Paragraph) and block.style in STRUCTURE_STYLES and answer_key is None)
        if block.asides:  # a footnote or text box: not part of any answer's text, so listed whole
            place = status_key or (None if structural else answer_key if answer_key and answer_key not in
                                   statuses_present else current)
            found.unplaced += [f"{place or 'outside every answer'}: {aside} in the paragraph "
                               f"{_quote(_blocks_text([block]), 60)} was not read (footnotes and text boxes are "
                               "not part of an answer)" for aside in block.asides]
        if status_key is not None:
            _check_form_texts(form, status_key, structure, block, found)
            flush_loose(status_key)
            current = last_key = status_key
            found.blocks.setdefault(status_key, [])
            for comment_id, where in waiting:
                attach([comment_id], status_key, where)
            attach(block.comments, status_key, f"the status line of {status_key}")
            waiting = []
            continue
        if structural:
            if not any(n.startswith((STRUCTURE_PREFIX, STATUS_PREFIX)) for n in names) and _blocks_text([block]):
                # the form's style without its marker: typed after Enter at the end of a form text (the
                # style goes on), or a form text whose marker was typed over; either way listed, not read
                found.unplaced.append(f"a paragraph in the style {block.style}, which only the form's own texts "
                                      "use, has no marker of the form; it was not read: "
                                      f"{_quote(_blocks_text([block]), None)}")
            flush_loose(None)
            current, structure = None, block
            where = (f"the prompt {_quote(_blocks_text([block]))}" if _is_prompt(block)
                     else _describe(block))
            waiting += [(c, where) for c in block.comments]
            continue
        if answer_key is not None and answer_key not in statuses_present and answer_key != current:
            # its status line was deleted: the answer's own marker says where it starts (text typed under
            # its prompt before it is the answer's start, as when the status line is there)
            flush_loose(answer_key)
            current = last_key = answer_key
            found.placed.append(f"{answer_key}: its status line was removed; its answer was read from its marker")
        for moved in dict.fromkeys(answer_keys):
            if moved != current and moved in statuses_present and (moved, current) not in reported:
                reported.add((moved, current))  # once per answer and place (LibreOffice marks both ends)
                where = f"inside the answer to {current}" if current else f"under {_describe(structure)}"
                moves.append((moved, block, len(found.placed), where))
                found.placed.append(f"{moved}: a paragraph marked as its answer was found {where}; it was read "
                                    f"where it stands, not as {moved}: {_quote(_blocks_text([block]))}")
                found.held.add(moved)
                if current:
                    found.held.add(current)
        if current is None:
            loose.append(block)
            waiting += [(c, "") for c in block.comments]
            continue
        found.blocks.setdefault(current, []).append(block)
        for comment_id, where in waiting:
            attach([comment_id], current, where)
        attach(block.comments, current)
        waiting = []
    flush_loose(None)
    if waiting and last_key:
        for comment_id, where in waiting:
            attach([comment_id], last_key, where)
    _put_back_moved_answers(copy, found, moves)
    return found


def _put_back_moved_answers(copy: ReviewCopy, found: Regions, moves: list[tuple[str, BodyBlock, int, str]]) -> None:
    """An answer cut and pasted whole into another answer's region goes back to its own question.

    Recognised by three things together: its bookmark, the exported answer's fingerprint matched by the
    marked block and those after it, and its own region left without text. Anything less (an edited or
    partly moved answer) stays where it stands, held for the official, as the walk reported it.
    """
    for key, block, line, where in moves:
        wanted = copy.fingerprints.get(key)
        region = next((k for k, blocks in found.blocks.items() if any(b is block for b in blocks)), None)
        if not wanted or region is None or region == key or _blocks_text(found.blocks.get(key, [])):
            continue
        blocks = found.blocks[region]
        start = next(i for i, b in enumerate(blocks) if b is block)
        end = next((stop for stop in range(start + 1, len(blocks) + 1)
                    if _fingerprint(blocks[start:stop]) == wanted), None)
        if end is None:
            continue
        moved = blocks[start:end]
        del blocks[start:end]
        found.blocks[key] = moved
        for comment_id in (c for b in moved for c in b.comments):
            found.comment_keys[comment_id] = key
        found.placed[line] = (f"{key}: its whole answer, as exported, was found {where} (moved in the copy); "
                              f"it was read as the answer to {key}, not as part of {region}: "
                              f"{_quote(_blocks_text(moved))}")


def _fingerprint(blocks: list[BodyBlock]) -> str:
    """The fingerprint of blocks' text, as the export computed it for each answer."""
    texts: list[str] = []
    for block in blocks:
        paragraphs = [block] if isinstance(block, Paragraph) else [p for row in block.rows for cell in row
                                                                    for p in cell]
        texts += [p.text for p in paragraphs]
    return fingerprint(texts)


def _check_form_texts(form: Form, key: str, structure: BodyBlock | None, status: BodyBlock,
                      found: Regions) -> None:
    """Text typed into a status line or over a prompt is listed: neither is part of an answer."""
    text = _blocks_text([status])
    if not any(_squeeze(text) == _squeeze(f"Review status: {label} · {key}") for label in STATUS_LABELS.values()):
        found.unplaced.append(f"{key}: its status line was edited; status lines are not imported, "
                              f"it now reads: {_quote(text, None)}")
    if _is_prompt(structure) and key in form.keys():
        question = form.slot(key).question
        prompt = _blocks_text([structure])
        if _squeeze(prompt) != _squeeze(f"{question.label} {question.prompt}"):
            found.unplaced.append(f"{key}: its prompt was edited; prompts are the form's and are not imported, "
                                  f"it now reads: {_quote(prompt, None)}")


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _is_prompt(block: BodyBlock | None) -> bool:
    return isinstance(block, Paragraph) and block.style == "Prompt"


def _blocks_text(blocks: list[BodyBlock]) -> str:
    texts = []
    for block in blocks:
        if isinstance(block, Paragraph):
            texts.append(block.text.strip())
        else:
            texts += [" ".join(cell) for cell in block.cell_texts()]
    return " / ".join(t for t in texts if t)


def _describe(block: BodyBlock | None) -> str:
    if block is None:
        return "the start of the document"
    text = _blocks_text([block])
    if isinstance(block, Paragraph) and block.style.startswith("Heading"):
        return f"the heading {_quote(text)}"
    return f"{_quote(text)}" if text else "a form text"


def _quote(text: str, limit: int | None = 80) -> str:
    """Text for a report line, shortened to ``limit`` characters; what was not imported is quoted whole (None)."""
    text = " ".join(text.split())
    if limit is None:
        return repr(text)
    return repr(text if len(text) <= limit else text[:limit - 1] + "…")


def region_value(question: Question, blocks: list[BodyBlock], copy: ReviewCopy,
                 unread: list[str] | None = None, key: str = "") -> Any:
    """The answer an edited region says, validated for its question (ValueProblem if it cannot be read).

    ``unread`` collects what was found but not read (a table column the question does not have).
    """
    entry = word_value(question)
    paragraphs = _paragraphs(blocks, flatten_tables=entry.body != "table")
    if entry.body == "markdown":
        return markdown_of(to_blocks(paragraphs, copy.reader))
    if entry.body == "table":
        tables = [b for b in blocks if isinstance(b, Table)]
        if not tables:
            if any(p.text.strip() for p in paragraphs):
                raise ValueProblem("expected a table; the text found there was not read")
            return None
        return _table_value(question, tables[0], copy.reader, unread if unread is not None else [], key)
    texts = [p.text.strip() for p in paragraphs if p.text.strip()]
    if entry.body == "bullets":
        return read_choices(question, texts)
    return read_scalar(question, entry.joiner.join(texts))


def _paragraphs(blocks: list[BodyBlock], *, flatten_tables: bool) -> list[Paragraph]:
    out: list[Paragraph] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(block)
        elif flatten_tables:
            out += [p for row in block.rows for cell in row for p in cell]
    return out


def _table_value(question: Question, table: Table, reader: DocumentReader, unread: list[str], key: str) -> Any:
    """Rows of a Word table: the header row names the columns, fixed rows are found by their label.

    Columns are found by their header label only: a column the question does not have (added,
    or its header retyped) is never read as another by its position; what it holds is listed.
    """
    if not table.rows:
        return None
    texts = table.cell_texts()
    header = texts[0]
    fixed = question.rows
    columns: list[Any] = []
    for label in header[1:] if fixed else header:
        column = next((c for c in question.columns
                       if _fold(c.label).casefold() == _fold(label).casefold()), None)
        if column is not None and column in columns:
            column = None
        columns.append(column)
    for index, (label, column) in enumerate(zip(header[1:] if fixed else header, columns, strict=True)):
        if column is not None:
            continue
        cells = [row[index + (1 if fixed else 0)] for row in texts[1:] if len(row) > index + (1 if fixed else 0)]
        filled = [c for c in cells if c]
        what = f"holding {', '.join(_quote(c, None) for c in filled)}" if filled else "empty"
        unread.append(f"{key}: the table column {label!r} is not a column of this question "
                      f"({', '.join(c.label for c in question.columns)}); it was not read ({what})")
    rows = []
    for cells, paragraphs in zip(texts[1:], table.rows[1:], strict=True):
        row: dict[str, Any] = {}
        if fixed:
            label = cells[0] if cells else ""
            choice = next((r for r in fixed if r.label.casefold() == label.casefold() or r.value == label), None)
            if choice is None:
                raise ValueProblem(f"the table row {label!r} is not one of the form's rows")
            row["row"] = choice.value
            cells, paragraphs = cells[1:], paragraphs[1:]
        for column, text, cell in zip(columns, cells, paragraphs, strict=False):
            if column is None or not text:
                continue
            if word_value(column).body == "markdown":
                row[column.key] = markdown_of(to_blocks(cell, reader))
            else:
                row[column.key] = read_scalar(column, text)
        if any(k != "row" and v is not None for k, v in row.items()):
            rows.append(row)
    return validate(question, rows)


def markdown_of(blocks: list[Block]) -> str | None:
    """Canonical Markdown of blocks read from Word; None for no content.

    A Word paragraph is *plain text with formatting*: its runs' characters are literal (a typed
    ``*`` or ``1.`` is a character, never a mark), so they are escaped here; bold, italic, links
    and list paragraphs become the subset's marks.
    """
    tidy = [Block(b.kind, tidy_runs(b.runs), b.level, b.number) for b in blocks]
    tidy = [b for b in tidy if b.runs]
    return to_markdown(tidy) if tidy else None


def renumber(blocks: list[Block]) -> list[Block]:
    """Numbered items as Word shows the exported list: the first keeps its number, the rest count on.

    A paragraph ends a list; a shallower numbered item restarts the deeper levels.
    """
    out: list[Block] = []
    counts = [0] * 9
    start_level: int | None = None  # the level and number the list's first numbered item gives
    start = 1
    for block in blocks:
        if block.kind == "paragraph":
            counts, start_level = [0] * 9, None
        elif block.kind == "number":
            if start_level is None:
                start_level, start = block.level, block.number or 1
            if counts[block.level] == 0:
                counts[block.level] = (start if block.level == start_level else 1) - 1
            counts[block.level] += 1
            for deeper in range(block.level + 1, 9):
                counts[deeper] = 0
            block = Block("number", block.runs, block.level, counts[block.level])
        out.append(block)
    return out


def canonical(question: Question, value: Any, *, stored: bool = True) -> Any:
    """A value in the form its exported-and-read-back twin takes, for comparison.

    ``stored``: a value from the database, whose Markdown is put through what the export and the
    import do (lists renumbered as Word shows them, runs tidied). A value read from the copy already
    is that (``markdown_of`` escapes the runs' literal text), and is not parsed again.
    """
    if is_empty(value):
        return None

    def text(markdown: str) -> str | None:
        return markdown_of(renumber(parse(markdown))) if stored else markdown

    def cell(entry: WordValue | None, item: Any) -> Any:
        if not isinstance(item, str) or entry is None:
            return item
        if entry.body == "markdown":
            return text(item)
        if entry.one_line:
            return " ".join(item.split())  # one line: Word keeps no spacing at its ends
        return item

    entry = word_value(question)
    if (entry.body == "markdown" or entry.one_line) and isinstance(value, str):
        return cell(entry, value)
    if entry.body == "table" and isinstance(value, list):
        types = {c.key: word_value(c) for c in question.columns}
        value = [{k: cell(types.get(k), v) for k, v in row.items()} if isinstance(row, dict) else row
                 for row in value]
        if question.rows:  # fixed rows are printed, and read back, in the form's order
            order = {r.value: i for i, r in enumerate(question.rows)}
            value = sorted(value, key=lambda row: order.get(row.get("row"), len(order)) if isinstance(row, dict)
                           else len(order))
    try:
        return validate(question, value)
    except ValueProblem:
        return value


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
    check_copy(copy, context.reply if context else store.reply(reply_id))
    result = ImportResult(copy.path, reply_id)
    source = copy.path.name
    regions = answer_regions(copy, form)
    result.placed, result.unplaced = list(regions.placed), list(regions.unplaced)
    current = context.values if context else store.values(reply_id)
    changed: list[tuple[str, Any, Any, list[str]]] = []
    for slot in form.slots:
        if slot.key not in regions.blocks:
            result.warnings.append(f"{slot.key}: its markers were removed from the copy, so it was not read")
            continue
        blocks = regions.blocks[slot.key]
        try:
            value = region_value(slot.question, blocks, copy, result.unplaced, slot.key)
        except ValueProblem as exc:
            result.warnings.append(f"{slot.key}: {exc}; not read")
            text = _blocks_text(blocks)
            if text:
                result.unplaced.append(f"{slot.key}: its answer could not be read ({exc}): {_quote(text, None)}")
            continue
        size = _text_size(value)
        if size > MAX_TEXT_CHARS:
            raise CopyRefused(f"{copy.path.name}: the answer to {slot.key} is {size:,} characters long; the limit is "
                              f"{MAX_TEXT_CHARS:,}. Shorten it in the copy and import it again; nothing was imported")
        base = _base_value(store, reply_id, slot.key, copy.revisions.get(slot.key, 0), current, result)
        if canonical(slot.question, value, stored=False) == canonical(slot.question, base):
            result.unchanged.append(slot.key)
            continue
        authors = sorted(set().union(*(b.authors for b in blocks))) if blocks else []
        changed.append((slot.key, base, value, authors))
    new_notes = _new_notes(store, reply_id, copy, regions, result)
    # written only once every answer has been read and checked, and all in one transaction
    new_proposals = [NewProposal(key, base, value, ", ".join(authors) or copy.modified_by)
                     for key, base, value, authors in changed]
    held = regions.held & {p.key for p in new_proposals}
    stored = store.import_review(reply_id, form, new_proposals, new_notes, source=source, accept_all=accept_all,
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
    result.warnings.append(f"{key}: revision {revision} is not in this database's history; "
                           "compared with the current answer instead")
    return current.get(key)


def _fold(text: str) -> str:
    return " ".join(text.split())


def _same_time(comment_date: str, created: dt.datetime | None) -> bool:
    when = _comment_time(comment_date)
    if when is None or created is None:
        return False
    created = created if created.tzinfo else created.replace(tzinfo=dt.UTC)
    return abs((when - created).total_seconds()) < 1


def _comment_time(text: str) -> dt.datetime | None:
    try:
        when = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _new_notes(store: Store, reply_id: int, copy: ReviewCopy, regions: Regions,
               result: ImportResult) -> list[NewNote]:
    """The copy's comments that are not yet notes of the reply, each on the answer it is anchored to.

    A comment is a known note when a note of the same answer has its text and author (imported
    before), or when a note has its text, author and time (exported from it, wherever it now stands).
    The same words on two answers are two notes.
    """
    existing = store.notes(reply_id)
    known = {(_fold(n.text), n.author, n.key) for n in existing}
    notes = []
    for comment_id, comment in copy.comments.items():
        text = comment.text.strip()
        author = comment.author or "unknown"
        if not text:
            result.ignored.append(f"an empty comment by {author} was ignored")
            continue
        folded = _fold(text)
        parent = copy.comments.get(comment.parent) if comment.parent else None
        key = regions.comment_keys.get(comment_id) or (
            regions.comment_keys.get(parent.id) if parent is not None else None)
        if any(_fold(n.text) == folded and n.author in (author, comment.author)
               and _same_time(comment.date, n.created_at) for n in existing):
            result.ignored.append(f"the comment by {author} on {key or 'no answer'} is a note exported with the "
                                  f"copy; not imported again: {_quote(text)}")
            continue
        if key is None:
            result.unplaced.append(f"a comment by {author} is not anchored to any answer; not imported: "
                                   f"{_quote(text, None)}")
            continue
        if (folded, author, key) in known or (folded, comment.author, key) in known:
            result.ignored.append(f"the comment by {author} on {key} is already a note; not imported again: "
                                  f"{_quote(text)}")
            continue
        where = regions.comment_places.get(comment_id)
        if where:
            result.placed.append(f"{key}: a comment by {author} anchored on {where} became a note on {key}")
        reply_to = f"{parent.author or 'unknown'}: {_quote(parent.text, 60)}" if parent is not None else ""
        notes.append(NewNote(key, text, author, created_at=_comment_time(comment.date), reply_to=reply_to))
        known.add((folded, author, key))
    return notes


__all__ = ["CopyRefused", "DocxRefused", "ImportResult", "ReviewCopy", "check_copy",
           "import_review_copy", "read_review_copy"]


def import_file(store: Store, registry: Registry, path: Path, *, accept_all: bool = False,
                by: str | None = None) -> ImportResult:
    """Read one reviewed copy and import it into its reply (CopyRefused / DocxRefused say why not)."""
    copy = read_review_copy(path)
    try:
        context = reply_context(store, registry, copy.reply_id)
    except UnknownReply:
        raise CopyRefused(
            f"{Path(path).name} is a copy of reply {copy.reply_id} ({copy.country}, {copy.form_id} "
            f"{copy.form_version}, {copy.year}), which is not in {store.path}; nothing was imported") from None
    except LookupError as exc:
        raise CopyRefused(f"{Path(path).name}: {exc}") from None
    return import_review_copy(store, context.form_for_year, copy, accept_all=accept_all, by=by, context=context)


def import_report(result: ImportResult) -> str:
    """The import report of one review copy, as text (printed by ``replydesk import``, written with ``--report``).

    It lists what became proposals and notes (with their authors), what was read other than by its
    markers, what was ignored and why, and what could not be placed: nothing a reviewer wrote is
    left out without a line here.
    """
    report = ImportReport(f"Import report: {result.path.name} (reply {result.reply_id})")
    report.section("Proposals", [
        f"#{p.id} {p.key} by {p.author or 'unknown'} ("
        + ("applied" if p.key in result.applied else
           "left open: read differently than marked, decide it in the app" if p.key in result.held else
           "to decide in the app") + ")"
        for p in result.proposals])
    report.section("Notes", [f"#{n.id} on {n.key} by {n.author or 'unknown'}"
                             + (f", {n.created_at:%Y-%m-%d %H:%M}" if n.created_at else "") + f": {_quote(n.text)}"
                             for n in result.notes])
    report.section("Read other than by the markers", result.placed)
    report.section("Not placed, not imported", result.unplaced)
    report.section("Ignored", result.ignored)
    report.section("Warnings", result.warnings)
    report.closing = f"{len(result.unchanged)} answer(s) unchanged"
    return report.text()
