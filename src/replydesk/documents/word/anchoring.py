"""Where each answer lies in an edited review copy, and what was found outside the answers.

The walk goes through the body in order: status lines (``rdq_``) open an answer, the form's own
paragraphs (``rdx_``, or a style only the form uses) close it, and whatever stands elsewhere is
listed for the import report. Comments follow the answer they are anchored in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from replydesk.definitions.model import Form
from replydesk.definitions.problems import question_trails
from replydesk.documents.word.form_texts import FormTexts, form_texts, same_text
from replydesk.documents.word.import_report import quote as _quote
from replydesk.documents.word.reader import BodyBlock, Paragraph, Picture
from replydesk.documents.word.review import (
    ANSWER_PREFIX,
    STATUS_PREFIX,
    STRUCTURE_PREFIX,
    bookmark_names,
    fingerprint,
    is_status_line,
)

if TYPE_CHECKING:
    from replydesk.documents.word.importer import ReviewCopy

#: Paragraph styles only the export's structure uses (never a reviewer's headings, which answers may contain):
#: such a paragraph ends an answer even if its marker was lost.
STRUCTURE_STYLES = {"Country", "Prompt", "FormText", "ReviewStatus", "Recommendation"}


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
    pictures: list[Picture] = field(default_factory=list)  # every picture found, in the order reported
    names: dict[str, str] = field(default_factory=dict)  # each key's question as the form numbers it, for the lines

    def name(self, key: str) -> str:
        """A question as a report line names it ("Policy Target No. 1 › Operational Goal 1 › B)"), not its key."""
        return self.names.get(key, key)


def answer_regions(copy: ReviewCopy, form: Form) -> Regions:
    """Each answer's blocks and each comment's answer, found by the order of prompts and status lines."""
    by_name = {name: key for prefix in (STATUS_PREFIX, ANSWER_PREFIX)
               for key, name in bookmark_names(form.keys(), prefix).items()}
    statuses_present = {by_name[n] for block in copy.blocks for n in block.bookmarks
                        if n.startswith(STATUS_PREFIX) and n in by_name}
    found = Regions(names=question_trails(form))
    texts = form_texts(form, copy.country, copy.year)
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
        text = blocks_text(loose)
        if text and next_key is not None and _is_prompt(structure):
            found.blocks.setdefault(next_key, [])[:0] = loose
            found.placed.append(f"{found.name(next_key)}: text typed between its prompt and its status line was "
                                f"read as the start of its answer: {_quote(text)}")
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
            found.unplaced += [f"{found.name(place) if place else 'outside every answer'}: {aside} in the paragraph "
                               f"{_quote(blocks_text([block]), 60)} was not read (footnotes, text boxes and "
                               "pictures are not part of an answer)" for aside in block.asides]
            found.pictures += block.pictures
        if status_key is not None:
            _check_form_texts(form, status_key, structure, block, found)
            flush_loose(status_key)
            current = last_key = status_key
            found.blocks.setdefault(status_key, [])
            for comment_id, where in waiting:
                attach([comment_id], status_key, where)
            attach(block.comments, status_key, f"the status line of {found.name(status_key)}")
            waiting = []
            continue
        if structural:
            _check_structure(texts, block, found)
            if not any(n.startswith((STRUCTURE_PREFIX, STATUS_PREFIX)) for n in names) and blocks_text([block]):
                # the form's style without its marker: typed after Enter at the end of a form text (the
                # style goes on), or a form text whose marker was typed over; either way listed, not read
                found.unplaced.append(f"a paragraph in the style {block.style}, which only the form's own texts "
                                      "use, has no marker of the form; it was not read: "
                                      f"{_quote(blocks_text([block]), None)}")
            flush_loose(None)
            current, structure = None, block
            where = (f"the prompt {_quote(blocks_text([block]))}" if _is_prompt(block)
                     else _describe(block))
            waiting += [(c, where) for c in block.comments]
            continue
        if answer_key is not None and answer_key not in statuses_present and answer_key != current:
            # its status line was deleted: the answer's own marker says where it starts (text typed under
            # its prompt before it is the answer's start, as when the status line is there)
            flush_loose(answer_key)
            current = last_key = answer_key
            found.placed.append(f"{found.name(answer_key)}: its status line was removed; its answer was read from "
                                "its marker")
        for moved in dict.fromkeys(answer_keys):
            if moved != current and moved in statuses_present and (moved, current) not in reported:
                reported.add((moved, current))  # once per answer and place (LibreOffice marks both ends)
                where = f"inside the answer to {found.name(current)}" if current else f"under {_describe(structure)}"
                moves.append((moved, block, len(found.placed), where))
                found.placed.append(f"{found.name(moved)}: a paragraph marked as its answer was found {where}; it was "
                                    f"read where it stands, not as its answer: {_quote(blocks_text([block]))}")
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
    for where, text in copy.page:
        if not texts.page_has(text):
            found.unplaced.append(f"{where}: text the export did not write there was not read (the pages' headers "
                                  f"and footers are not part of an answer): {_quote(text, None)}")
    found.pictures += copy.page_pictures
    return found


def _check_structure(texts: FormTexts, block: BodyBlock, found: Regions) -> None:
    """A heading, goal or other text of the form that no longer reads as exported is listed with what it says now.

    (A prompt is checked with its question's status line, by ``_check_form_texts``.)
    """
    if not isinstance(block, Paragraph) or _is_prompt(block):
        return
    for name in block.bookmarks:
        wanted = texts.structure.get(name)
        if wanted is not None and not same_text(wanted, block.text):
            what = "heading" if block.style.startswith("Heading") else "text of the form"
            found.unplaced.append(f"the {what} {_quote(wanted)} was edited; the form's own texts are not "
                                  f"imported, it now reads: {_quote(block.text, None)}")
            return


def _put_back_moved_answers(copy: ReviewCopy, found: Regions, moves: list[tuple[str, BodyBlock, int, str]]) -> None:
    """An answer cut and pasted whole into another answer's region goes back to its own question.

    Recognised by three things together: its bookmark, the exported answer's fingerprint matched by the
    marked block and those after it, and its own region left without text. Anything less (an edited or
    partly moved answer) stays where it stands, held for the official, as the walk reported it.
    """
    for key, block, line, where in moves:
        wanted = copy.fingerprints.get(key)
        region = next((k for k, blocks in found.blocks.items() if any(b is block for b in blocks)), None)
        if not wanted or region is None or region == key or blocks_text(found.blocks.get(key, [])):
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
        found.placed[line] = (f"{found.name(key)}: its whole answer, as exported, was found {where} (moved in the "
                              f"copy); it was read as its answer, not as part of {found.name(region)}: "
                              f"{_quote(blocks_text(moved))}")


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
    text = blocks_text([status])
    if not is_status_line(text, key):
        found.unplaced.append(f"{found.name(key)}: its status line was edited; status lines are not imported, "
                              f"it now reads: {_quote(text, None)}")
    if _is_prompt(structure) and key in form.keys():
        question = form.slot(key).question
        prompt = blocks_text([structure])
        if _squeeze(prompt) != _squeeze(f"{question.label} {question.prompt}"):
            found.unplaced.append(f"{found.name(key)}: its prompt was edited; prompts are the form's and are not "
                                  f"imported, it now reads: {_quote(prompt, None)}")


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _is_prompt(block: BodyBlock | None) -> bool:
    return isinstance(block, Paragraph) and block.style == "Prompt"


def blocks_text(blocks: list[BodyBlock]) -> str:
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
    text = blocks_text([block])
    if isinstance(block, Paragraph) and block.style.startswith("Heading"):
        return f"the heading {_quote(text)}"
    return f"{_quote(text)}" if text else "a form text"

